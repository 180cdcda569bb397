import { describe, expect, it } from 'vitest';
import { readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { Store } from '../../store/writer.js';
import { assistant, databaseFiles, jsonl, logRoot, progress, SECRET, tempDb, user } from '../helpers/logs.js';
import { encodings, storedTexts } from '../helpers/privacy.js';

interface Row {
  key: string;
  input_tokens: number;
  output_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  cache_read_tokens: number;
  web_search_requests: number;
  session_id: string;
  agent_id: string | null;
  sidechain: number;
  request_id: string | null;
  origin: number;
  tools: string | null;
  project: string;
  entrypoint: string;
  agent_type: string | null;
}

const rows = (db: Db) => db.prepare('SELECT * FROM responses ORDER BY key').all() as Row[];
const totals = (db: Db) =>
  db
    .prepare(
      `SELECT count(*) AS n, sum(input_tokens) AS input, sum(output_tokens) AS output,
       sum(cache_write_5m_tokens) AS cw5m, sum(cache_write_1h_tokens) AS cw1h, sum(cache_read_tokens) AS cr
       FROM responses`,
    )
    .get();
const rollupTotals = (db: Db) =>
  db
    .prepare(
      `SELECT sum(responses) AS n, sum(input_tokens) AS input, sum(output_tokens) AS output,
       sum(cache_write_5m_tokens) AS cw5m, sum(cache_write_1h_tokens) AS cw1h, sum(cache_read_tokens) AS cr
       FROM usage_rollup`,
    )
    .get();

/** A streamed response: one line per content block, placeholder output first, final usage last. */
function streamed(id: string, req: string, ts: string, finalOutput: number, extra: Partial<Parameters<typeof assistant>[0]> = {}) {
  return [
    assistant({ id, requestId: req, ts, usage: { input: 5, output: 2, cw5m: 100, cw1h: 1000, cacheRead: 5000 }, ...extra }),
    assistant({ id, requestId: req, ts, usage: { input: 5, output: 2, cw5m: 100, cw1h: 1000, cacheRead: 5000 }, tool: 'Bash', ...extra }),
    assistant({ id, requestId: req, ts, usage: { input: 5, output: finalOutput, cw5m: 100, cw1h: 1000, cacheRead: 5000 }, tool: 'Read', ...extra }),
  ];
}

describe('dedupe', () => {
  it('counts a streamed response once, with the largest output_tokens and every tool it called', () => {
    const logs = logRoot();
    logs.write('-home-dev-api/sess-1.jsonl', jsonl([user('2026-08-24T22:43:00.000Z'), ...streamed('msg_A', 'req_A', '2026-08-24T22:43:22.764Z', 565)]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const r = rows(db);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ key: 'msg_A', input_tokens: 5, output_tokens: 565, cache_write_5m_tokens: 100, cache_write_1h_tokens: 1000, cache_read_tokens: 5000, tools: 'Bash,Read' });
    expect(rollupTotals(db)).toEqual(totals(db));
  });

  it('keeps the final usage when the final line sits before placeholder lines', () => {
    const logs = logRoot();
    const [a, b, c] = streamed('msg_A', 'req_A', '2026-08-24T22:43:22.764Z', 900);
    logs.write('p/s.jsonl', jsonl([c!, a!, b!]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    expect(rows(db)[0]!.output_tokens).toBe(900);
  });

  it('counts copies across files once: resumed sessions, compaction copies, aside-question replays', () => {
    const logs = logRoot();
    const original = streamed('msg_A', 'req_A', '2026-08-24T10:00:00.000Z', 300, { session: 'sess-1' });
    // The copy files sort before the main transcript, so the main transcript's metadata must win on merit.
    logs.write('p/sess-1/subagents/agent-acompact-0a1b2c.jsonl', jsonl(streamed('msg_A', 'req_A', '2026-08-24T10:00:00.000Z', 300, { session: 'sess-1', sidechain: true, agentId: 'acompact-0a1b2c' })));
    logs.write('p/sess-1/subagents/agent-aside_question-9f.jsonl', jsonl([assistant({ id: 'msg_A', requestId: 'req_REPLAY', ts: '2026-08-24T10:00:00.000Z', usage: { input: 5, output: 300, cw5m: 100, cw1h: 1000, cacheRead: 5000 }, sidechain: true, agentId: 'aside_question-9f' })]));
    logs.write('p/a-resumed.jsonl', jsonl([...streamed('msg_A', 'req_A', '2026-08-24T10:00:00.000Z', 300, { session: 'sess-2' }), ...streamed('msg_B', 'req_B', '2026-08-24T11:00:00.000Z', 40, { session: 'sess-2' })]));
    logs.write('p/sess-1.jsonl', jsonl(original));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const r = rows(db);
    expect(r.map((x) => x.key)).toEqual(['msg_A', 'msg_B']);
    expect(r[0]).toMatchObject({ output_tokens: 300, request_id: 'req_A', sidechain: 0, agent_id: null, origin: 3 });
    expect(totals(db)).toMatchObject({ n: 2, output: 340 });
  });

  it('reads subagent files at any depth and merges progress-embedded copies with them', () => {
    const logs = logRoot();
    const sub = assistant({ id: 'msg_S', requestId: 'req_S', ts: '2026-08-24T12:00:00.000Z', usage: { input: 7, output: 1, cw1h: 12118 }, sidechain: true, agentId: 'a881341', attributionAgent: 'Explore' });
    const subFinal = assistant({ id: 'msg_S', requestId: 'req_S', ts: '2026-08-24T12:00:00.000Z', usage: { input: 7, output: 250, cw1h: 12118 }, sidechain: true, agentId: 'a881341', attributionAgent: 'Explore' });
    // The progress line carries only the early, partial copy; the subagent file has the final one.
    logs.write('p/sess-1.jsonl', jsonl([user('2026-08-24T11:59:00.000Z'), progress(sub, 'a881341')]));
    logs.write('p/sess-1/subagents/agent-a881341.jsonl', jsonl([sub, subFinal]));
    logs.write('p/sess-1/subagents/workflows/wf_77/agent-b22.jsonl', jsonl([assistant({ id: 'msg_W', requestId: 'req_W', ts: '2026-08-24T12:05:00.000Z', usage: { output: 60 }, sidechain: true, agentId: 'b22' })]));
    // A progress line whose subagent file is gone is the only trace of that response.
    logs.write('p/sess-3.jsonl', jsonl([progress(assistant({ id: 'msg_P', requestId: 'req_P', ts: '2026-08-24T13:00:00.000Z', usage: { output: 77 } }), 'gone1', 'sess-3')]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const byKey = Object.fromEntries(rows(db).map((x) => [x.key, x]));
    expect(Object.keys(byKey).sort()).toEqual(['msg_P', 'msg_S', 'msg_W']);
    expect(byKey.msg_S).toMatchObject({ output_tokens: 250, agent_id: 'a881341', sidechain: 1, agent_type: 'Explore', origin: 3 });
    expect(byKey.msg_P).toMatchObject({ output_tokens: 77, agent_id: 'gone1', sidechain: 1, session_id: 'sess-3', origin: 2 });
    expect(byKey.msg_W!.output_tokens).toBe(60);
  });

  it('keys records without message.id by requestId, else uuid, and never bills API errors', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([
      assistant({ id: null, requestId: 'req_X', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 } }),
      assistant({ id: null, requestId: 'req_X', ts: '2026-08-24T10:00:00.000Z', usage: { output: 9 } }),
      assistant({ id: null, requestId: null, uuid: 'u-1', ts: '2026-08-24T10:00:01.000Z', usage: { output: 4 } }),
      { ...assistant({ id: '6b1f1c3e-0d4e-4b3a-9c55-1f2e3d4c5b6a', requestId: null, ts: '2026-08-24T10:00:02.000Z', model: '<synthetic>', usage: { input: 0, output: 0 } }), isApiErrorMessage: true },
    ]));
    const db = openDb(tempDb());
    const report = scan(db, { env: logs.env });
    expect(rows(db).map((r) => [r.key, r.output_tokens])).toEqual([['req:req_X', 9], ['uuid:u-1', 4]]);
    expect(report.issues.api_error?.count).toBe(1);
  });

  it('puts all cache writes in the 5-minute kind when the log has no split', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([assistant({ id: 'm', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1, cw5m: 40, cw1h: 60 }, noSplit: true })]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    expect(rows(db)[0]).toMatchObject({ cache_write_5m_tokens: 100, cache_write_1h_tokens: 0 });
  });
});

describe('incremental', () => {
  it('reads only new bytes, never moves past a last line without its newline, and completes it later', () => {
    const logs = logRoot();
    const first = jsonl(streamed('msg_A', 'req_A', '2026-08-24T10:00:00.000Z', 10));
    const next = JSON.stringify(assistant({ id: 'msg_B', requestId: 'req_B', ts: '2026-08-24T10:01:00.000Z', usage: { output: 50 } }));
    logs.write('p/s.jsonl', first + next.slice(0, 40));
    const db = openDb(tempDb());
    const r1 = scan(db, { env: logs.env });
    expect(r1.partialLines).toEqual([{ file: logs.path('p/s.jsonl'), bytes: 40 }]);
    expect(rows(db).map((r) => r.key)).toEqual(['msg_A']);

    // Unchanged since the last scan: the file has stopped, so its last line is read as it is
    // (here cut short: counted once as malformed), without moving the offset past it.
    const settled = scan(db, { env: logs.env });
    expect(settled).toMatchObject({ filesRead: 1, bytesRead: 0, filesSeen: 1, partialLines: [] });
    expect(settled.issues).toEqual({ malformed_json: { count: 1, example: `${logs.path('p/s.jsonl')}:4` } });
    expect(scan(db, { env: logs.env })).toMatchObject({ filesRead: 0, bytesRead: 0, issues: {} });

    logs.append('p/s.jsonl', next.slice(40) + '\n');
    const r2 = scan(db, { env: logs.env });
    expect(r2.bytesRead).toBe(next.length + 1);
    expect(r2.linesRead).toBe(1);
    expect(r2.responsesAdded).toBe(1);
    expect(rows(db).map((r) => [r.key, r.output_tokens])).toEqual([['msg_A', 10], ['msg_B', 50]]);
  });

  it('updates a response when a later scan sees its final line', () => {
    const logs = logRoot();
    const [a, b, c] = streamed('msg_A', 'req_A', '2026-08-24T10:00:00.000Z', 700);
    logs.write('p/s.jsonl', jsonl([a!, b!]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    expect(rows(db)[0]!.output_tokens).toBe(2);
    logs.append('p/s.jsonl', jsonl([c!]));
    const r = scan(db, { env: logs.env });
    expect(r).toMatchObject({ responsesAdded: 0, responsesUpdated: 1 });
    expect(rows(db)[0]!.output_tokens).toBe(700);
    expect(rollupTotals(db)).toEqual(totals(db));
  });

  it('rereads a file that shrank or was replaced, with the same totals, and keeps rows of deleted files', () => {
    const logs = logRoot();
    const content = jsonl([...streamed('msg_A', 'req_A', '2026-08-24T10:00:00.000Z', 10), ...streamed('msg_B', 'req_B', '2026-08-24T10:05:00.000Z', 20)]);
    logs.write('p/s.jsonl', content);
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const before = totals(db);

    truncateSync(logs.path('p/s.jsonl'), 0);
    logs.append('p/s.jsonl', content.slice(0, content.indexOf('\n') + 1));
    expect(scan(db, { env: logs.env }).filesRead).toBe(1);
    expect(totals(db)).toEqual(before);

    // Replaced by a new file (new inode) holding a longer history.
    const tmp = logs.path('p/tmp');
    writeFileSync(tmp, content + jsonl(streamed('msg_C', 'req_C', '2026-08-24T11:00:00.000Z', 30)));
    renameSync(tmp, logs.path('p/s.jsonl'));
    const r = scan(db, { env: logs.env });
    expect(r.responsesAdded).toBe(1);
    expect(totals(db)).toMatchObject({ n: 3, output: 60 });

    rmSync(logs.path('p/s.jsonl'));
    scan(db, { env: logs.env });
    expect(totals(db)).toMatchObject({ n: 3, output: 60 });
  });

  it('notices a file rewritten in place to the same or a larger size', () => {
    const logs = logRoot();
    const a = jsonl([assistant({ id: 'msg_1', ts: '2026-08-24T10:00:00.000Z', session: 'sess-aaaa', usage: { output: 10 } })]);
    const b = jsonl([assistant({ id: 'msg_2', ts: '2026-08-24T10:00:00.000Z', session: 'sess-bbbb', usage: { output: 10 } })]);
    logs.write('p/s.jsonl', a);
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const st = statSync(logs.path('p/s.jsonl'));
    writeFileSync(logs.path('p/s.jsonl'), b + b.replace('msg_2', 'msg_3'));
    expect(statSync(logs.path('p/s.jsonl')).ino).toBe(st.ino);
    scan(db, { env: logs.env });
    expect(rows(db).map((r) => r.key)).toEqual(['msg_1', 'msg_2', 'msg_3']);
  });

  it('leaves the previous state when a scan dies mid-way, and the next scan completes it', () => {
    const logs = logRoot();
    const recs = Array.from({ length: 30 }, (_, i) => assistant({ id: `msg_${String(i).padStart(2, '0')}`, ts: '2026-08-24T10:00:00.000Z', usage: { output: i + 1 } }));
    logs.write('p/a.jsonl', jsonl(recs.slice(0, 10)));
    const dbPath = tempDb();
    const db = openDb(dbPath);
    scan(db, { env: logs.env });
    logs.write('p/b.jsonl', jsonl(recs.slice(10, 20)));
    logs.write('p/c.jsonl', jsonl(recs.slice(20)));
    crashOnSecondWrite(() => scan(db, { env: logs.env, batchSize: 5 }));
    // An incremental scan commits batch by batch: what was committed stays.
    const partial = totals(db) as { n: number };
    expect(partial.n).toBeGreaterThan(10);
    expect(partial.n).toBeLessThan(30);
    const fresh = openDb(dbPath);
    scan(fresh, { env: logs.env, batchSize: 5 });
    expect(totals(fresh)).toMatchObject({ n: 30, output: (30 * 31) / 2 });
    expect(rollupTotals(fresh)).toEqual(totals(fresh));
  });

  it('a first scan is all or nothing: a crash leaves an empty database with its triggers, and the next scan loads it all', () => {
    const logs = logRoot();
    const recs = Array.from({ length: 30 }, (_, i) => assistant({ id: `msg_${String(i).padStart(2, '0')}`, ts: '2026-08-24T10:00:00.000Z', usage: { output: i + 1 } }));
    logs.write('p/a.jsonl', jsonl(recs.slice(0, 15)));
    logs.write('p/b.jsonl', jsonl(recs.slice(15)));
    const dbPath = tempDb();
    const db = openDb(dbPath);
    const triggers = () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
    const before = triggers();
    expect(before).toEqual(['responses_rollup_insert', 'responses_rollup_update', 'rollup_days_delete', 'rollup_days_insert', 'rollup_days_update', 'usage_delta_apply']);
    crashOnSecondWrite(() => scan(db, { env: logs.env, batchSize: 5 }));
    expect(totals(db)).toMatchObject({ n: 0 });
    expect(db.prepare('SELECT count(*) FROM files').pluck().get()).toBe(0);
    expect(triggers()).toEqual(before);
    scan(db, { env: logs.env, batchSize: 5 });
    expect(totals(db)).toMatchObject({ n: 30, output: (30 * 31) / 2 });
    expect(rollupTotals(db)).toEqual(totals(db));
  });

  it('a first scan (rollups built after the rows) and a scan line by line (rollups kept by triggers) agree row for row', () => {
    const logs = logRoot();
    const models = ['claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929', 'mystery-model'];
    const lines = Array.from({ length: 120 }, (_, i) =>
      assistant({
        id: `msg_${i % 90}`, requestId: `req_${i % 90}`, ts: `2026-08-${String(20 + (i % 7)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00.000Z`,
        model: models[i % 3], session: `s${i % 5}`, cwd: `/p/${i % 4}`, entrypoint: i % 6 === 0 ? 'sdk-ts' : 'cli',
        usage: { input: i, output: i * 3, cw5m: i % 11, cw1h: i % 13, cacheRead: i % 2 ? 250_000 : i * 100, speed: i % 9 === 0 ? 'fast' : 'standard' },
        costUSD: i % 10 === 0 ? i / 100 : undefined,
      }),
    );
    logs.write('p/all.jsonl', jsonl(lines));
    const bulk = openDb(tempDb());
    scan(bulk, { env: logs.env });
    // The same lines, appended a few at a time: every scan after the first goes through the triggers.
    const steady = logRoot();
    steady.write('p/all.jsonl', jsonl(lines.slice(0, 1)));
    const db = openDb(tempDb());
    scan(db, { env: steady.env });
    for (let i = 1; i < lines.length; i += 7) {
      steady.append('p/all.jsonl', jsonl(lines.slice(i, i + 7)));
      scan(db, { env: steady.env });
    }
    for (const table of ['usage_rollup', 'session_usage']) {
      const all = (d: typeof db) => d.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4, 5, 6, 7`).all();
      expect(all(bulk).length).toBeGreaterThan(20);
      expect(all(bulk)).toEqual(all(db));
    }
    // The day totals too (their versions count the writes, which differ).
    const days = (d: typeof db) => d.prepare('SELECT day, responses FROM rollup_days ORDER BY day').all();
    expect(days(bulk)).toHaveLength(7);
    expect(days(bulk)).toEqual(days(db));
  });
});

/** Runs a scan whose second batch write fails. */
function crashOnSecondWrite(run: () => unknown): void {
  const write = Store.prototype.write;
  let calls = 0;
  Store.prototype.write = function (this: Store, ...args: Parameters<Store['write']>) {
    if (++calls === 2) throw new Error('simulated crash');
    return write.apply(this, args);
  };
  try {
    expect(run).toThrow('simulated crash');
  } finally {
    Store.prototype.write = write;
  }
}

describe('lines longer than the read buffer (4 MB)', () => {
  const big = (n: number) => 'y'.repeat(n);
  const good = (id: string, out: number) => assistant({ id, ts: '2026-08-24T10:00:00.000Z', usage: { output: out } });

  it('passes over a long line without the usage key, and counts everything around it', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([good('msg_1', 1), user('2026-08-24T10:00:00.000Z', big(9 << 20)), good('msg_2', 2), user('2026-08-24T10:00:00.000Z', big(5 << 20)), good('msg_3', 4)]));
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(totals(db)).toMatchObject({ n: 3, output: 7 });
    expect(r.issues).toEqual({});
    expect(r.linesRead).toBe(5);
  });

  it('passes over a line with usage longer than the parse limit, naming it, and reads on', () => {
    const logs = logRoot();
    const rec = good('msg_long', 42) as { message: { content: unknown[] } };
    rec.message.content = [{ type: 'text', text: big(9 << 20) }];
    // "usage" is serialized after the content: the key sits about 9 MB into the line.
    logs.write('p/s.jsonl', jsonl([rec, good('msg_after', 8)]));
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(totals(db)).toMatchObject({ n: 1, output: 8 });
    expect(r.issues).toEqual({ line_too_long: { count: 1, example: `${logs.path('p/s.jsonl')}:1` } });
  });

  it('counts a long line that is not a JSON object as malformed, naming its line', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([good('msg_1', 1), `{"type":"user","text":"${big(6 << 20)}`, good('msg_2', 2)]));
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(totals(db)).toMatchObject({ n: 2, output: 3 });
    expect(r.issues.malformed_json).toEqual({ count: 1, example: `${logs.path('p/s.jsonl')}:2` });
  });

  it('leaves a long last line without its newline for the next scan, then reads it once complete', () => {
    const logs = logRoot();
    const line = JSON.stringify(user('2026-08-24T10:00:00.000Z', big(6 << 20)));
    logs.write('p/s.jsonl', jsonl([good('msg_1', 1)]) + line);
    const db = openDb(tempDb());
    const r1 = scan(db, { env: logs.env });
    expect(r1.partialLines).toEqual([{ file: logs.path('p/s.jsonl'), bytes: Buffer.byteLength(line) }]);
    logs.append('p/s.jsonl', '\n' + jsonl([good('msg_2', 2)]));
    const r2 = scan(db, { env: logs.env });
    expect(r2.partialLines).toEqual([]);
    expect(r2.issues).toEqual({});
    expect(totals(db)).toMatchObject({ n: 2, output: 3 });
  });
});

describe('bad input', () => {
  it('skips what cannot be read, counts it by reason with an example, and keeps the rest', () => {
    const logs = logRoot();
    const good = (id: string, out: number) => JSON.stringify(assistant({ id, ts: '2026-08-24T10:00:00.000Z', usage: { output: out } }));
    const huge = JSON.stringify(user('2026-08-24T10:00:00.000Z', 'x'.repeat(20 << 20)));
    const u = good('msg_U', 3);
    const at = u.indexOf('Here is');
    const badUtf8 = Buffer.concat([Buffer.from(u.slice(0, at)), Buffer.from([0xff, 0xfe]), Buffer.from(u.slice(at))]);
    const lines: (string | Buffer)[] = [
      good('msg_1', 1),
      '',
      '{"type":"assistant","message":{"id":"msg_cut","usage":{"input_tokens":1,',
      'not json at all',
      '{"type":"brand-new-record-type","foo":1}',
      JSON.stringify({ ...assistant({ id: 'msg_2', ts: '2026-08-24T10:00:00.000Z', usage: { output: 5 } }), timestamp: 12 }),
      JSON.stringify({ type: 'assistant', timestamp: '2026-08-24T10:00:00.000Z', message: { id: 'msg_3', model: 'claude-opus-4-5', usage: 'lots' } }),
      JSON.stringify(assistant({ id: 'msg_4', ts: '2026-08-24T10:00:00.000Z', usage: { output: 8, input: 'many' as unknown as number } })),
      huge,
      badUtf8,
      good('msg_5', 2),
    ];
    logs.write('p/s.jsonl', Buffer.concat(lines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from('\n')]))));
    logs.write('p/sess/journal.jsonl', jsonl([{ type: 'started', at: 1 }, { type: 'result', ok: true }]));
    symlinkSync(logs.path('p/loop.jsonl'), logs.path('p/loop.jsonl'));
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(rows(db).map((x) => [x.key, x.output_tokens, x.input_tokens])).toEqual([
      ['msg_1', 1, 3], ['msg_4', 8, 0], ['msg_5', 2, 3], ['msg_U', 3, 3],
    ]);
    const file = logs.path('p/s.jsonl');
    expect(r.issues).toEqual({
      blank_line: { count: 1, example: `${file}:2` },
      malformed_json: { count: 2, example: `${file}:3` },
      missing_timestamp: { count: 1, example: `${file}:6` },
      bad_usage: { count: 1, example: `${file}:7` },
      bad_field: { count: 1, example: `${file}:8` },
      invalid_utf8: { count: 1, example: `${file}:10` },
      unreadable_file: { count: 1, example: logs.path('p/loop.jsonl') },
    });
    expect(r.filesRead).toBe(2);
  });
});

describe('content-blind storage', () => {
  it('never writes message text, tool inputs, prompts or the first bytes of a log into the database, in any encoding', () => {
    const logs = logRoot();
    // A session's opening summary holds the user's words: it used to be stored as the file's head.
    const summary = JSON.stringify({ type: 'summary', summary: `Fix auth bug for ${SECRET} customer`, leafUuid: 'u-0' });
    logs.write('p/s.jsonl', jsonl([summary, user('2026-08-24T10:00:00.000Z'), ...streamed('msg_A', 'req_A', '2026-08-24T10:00:00.000Z', 10)]));
    const sub = assistant({ id: 'msg_S', ts: '2026-08-24T10:00:00.000Z', usage: { output: 3 }, tool: 'Bash' });
    logs.write('p/s/subagents/agent-x.jsonl', jsonl([sub]));
    logs.write('p/t.jsonl', jsonl([progress(sub, 'x')]));
    logs.write('p/short.jsonl', `{"type":"summary","summary":"${SECRET}"}`);
    const dbPath = tempDb();
    const db = openDb(dbPath);
    scan(db, { env: logs.env });
    expect(rows(db)).toHaveLength(2);
    for (const { where, text } of storedTexts(db)) {
      expect(text.includes(SECRET), where).toBe(false);
      expect(text.includes('Fix auth'), where).toBe(false);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const [f, bytes] of databaseFiles(dbPath)) {
      for (const e of [...encodings(SECRET), ...encodings('echo '), ...encodings('Fix auth bug')]) expect(bytes.includes(e), `${f}: ${e}`).toBe(false);
    }
    expect(readFileSync(logs.path('p/s.jsonl')).includes(SECRET)).toBe(true);
  });
});

describe('roots', () => {
  it('reads every CLAUDE_CONFIG_DIR root, or both default homes, plus configured roots', () => {
    const a = logRoot();
    const b = logRoot();
    const extra = logRoot();
    a.write('p/s.jsonl', jsonl([assistant({ id: 'msg_a', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 } })]));
    b.write('p/s.jsonl', jsonl([assistant({ id: 'msg_b', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 } })]));
    extra.write('p/s.jsonl', jsonl([assistant({ id: 'msg_x', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 } })]));
    const db = openDb(tempDb());
    const r = scan(db, { env: { CLAUDE_CONFIG_DIR: ` ${a.root} ,${b.root}`, HOME: a.root }, extraRoots: { 'claude-code': [extra.root] } });
    expect(r.roots.filter((x) => x.source === 'claude-code').map((x) => [x.root, x.files])).toEqual([[a.root, 1], [b.root, 1], [extra.root, 1]]);
    expect(rows(db).map((x) => x.key)).toEqual(['msg_a', 'msg_b', 'msg_x']);

    const home = logRoot();
    home.write('../.claude/projects/p/s.jsonl', jsonl([assistant({ id: 'msg_h1', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 } })]));
    home.write('../.config/claude/projects/p/s.jsonl', jsonl([assistant({ id: 'msg_h2', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 } })]));
    const db2 = openDb(tempDb());
    const r2 = scan(db2, { env: { HOME: home.root } });
    expect(r2.roots.filter((x) => x.source === 'claude-code').map((x) => x.root)).toEqual([join(home.root, '.config', 'claude'), join(home.root, '.claude')]);
    expect(rows(db2).map((x) => x.key)).toEqual(['msg_h1', 'msg_h2']);
  });
});
