// Gemini CLI chats: whole session-*.json documents and .jsonl chats, on fixtures shaped like
// the real files (field names and nesting as Gemini CLI's chatRecordingService writes them),
// and the real gemini-shapes samples when they are present.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { gemini } from '../../sources/gemini/index.js';
import { databaseFiles, SECRET, tempDb } from '../helpers/logs.js';

const HASH = '0b7dfb1274ee51b336813b17f2ddab1f56b6591f723e7314126bbd502c69e9c9';
const MODEL = 'gemini-3-flash-preview';
const REAL = '/work/shared/real-logs/gemini-shapes';

interface Row {
  key: string;
  session_id: string | null;
  agent_id: string | null;
  sidechain: number;
  project: string | null;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  reasoning_tokens: number;
  tools: string | null;
  agent: string;
  ts: number;
}

const rows = (db: Db) => db.prepare('SELECT * FROM responses ORDER BY key').all() as Row[];
const sums = (db: Db) =>
  db.prepare(`SELECT count(*) AS n, sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cache_read_tokens) AS cached,
    sum(reasoning_tokens) AS reasoning FROM responses`).get();

/** A temporary GEMINI_CLI_HOME: write(rel, text) puts files under .gemini/tmp/. */
function home() {
  const dir = mkdtempSync(join(tmpdir(), 'runway-gemini-'));
  const path = (rel: string) => join(dir, '.gemini', 'tmp', rel);
  return {
    env: { GEMINI_CLI_HOME: dir, HOME: '/nonexistent' } as Record<string, string | undefined>,
    path,
    write(rel: string, text: string) {
      mkdirSync(dirname(path(rel)), { recursive: true });
      writeFileSync(path(rel), text);
    },
    append(rel: string, text: string) {
      appendFileSync(path(rel), text);
    },
  };
}

const run = (db: Db, env: Record<string, string | undefined>, extra: Parameters<typeof scan>[1] = {}) => scan(db, { env, sources: [gemini], ...extra });

interface Tokens {
  input: number;
  output: number;
  cached?: number;
  thoughts?: number;
  tool?: number;
  total?: number;
}

function user(id: string, ts: string) {
  return { id, timestamp: ts, type: 'user', content: [{ text: `please ${SECRET}` }], displayContent: `please ${SECRET}` };
}

function reply(id: string, ts: string, t: Tokens | null, extra: Record<string, unknown> = {}) {
  const tokens = t && { cached: 0, thoughts: 0, tool: 0, ...t, total: t.total ?? t.input + t.output + (t.thoughts ?? 0) + (t.tool ?? 0) };
  return {
    id, timestamp: ts, type: 'gemini', content: `Answer: ${SECRET}`, model: MODEL,
    thoughts: [{ subject: 'Plan', description: `thinking about ${SECRET}`, timestamp: ts }],
    ...(tokens ? { tokens } : {}),
    ...extra,
  };
}

function shellCall(ts: string) {
  return [{
    id: 'run_shell_command-1', name: 'run_shell_command', displayName: 'Shell', status: 'success', timestamp: ts,
    args: { command: `echo ${SECRET}` },
    result: [{ functionResponse: { id: 'run_shell_command-1', name: 'run_shell_command', response: { output: SECRET } } }],
    resultDisplay: SECRET,
  }];
}

function session(sessionId: string, messages: unknown[], extra: Record<string, unknown> = {}) {
  return JSON.stringify({ sessionId, projectHash: HASH, startTime: '2026-03-01T10:00:00.000Z', lastUpdated: '2026-03-01T10:05:00.000Z', messages, ...extra }, null, 2);
}

const lines = (records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

describe("Gemini CLI's folders", () => {
  it('reads GEMINI_CLI_HOME as the home Gemini CLI puts .gemini under, else ~/.gemini', () => {
    expect(gemini.roots({ GEMINI_CLI_HOME: '/srv/g', HOME: '/home/me' })).toEqual(['/srv/g/.gemini']);
    expect(gemini.roots({ HOME: '/home/me' })).toEqual(['/home/me/.gemini']);
    expect(gemini.logDir('/home/me/.gemini')).toBe('/home/me/.gemini/tmp');
  });

  it('reads chats only: documents and lines under <project>/chats/, a subagent one level below', () => {
    const tmp = '/home/me/.gemini/tmp';
    expect(gemini.fileKind!(`${tmp}/${HASH}/chats/session-2026-03-01T10-00-abcd1234.json`)).toBe('document');
    expect(gemini.fileKind!(`${tmp}/${HASH}/chats/other.json`)).toBe('document');
    expect(gemini.fileKind!(`${tmp}/my-app/chats/session-2026-03-01T10-00-abcd1234.jsonl`)).toBe('lines');
    expect(gemini.fileKind!(`${tmp}/my-app/chats/parent-session/child.jsonl`)).toBe('lines');
    expect(gemini.fileKind!(`${tmp}/${HASH}/logs.json`)).toBeNull();
    expect(gemini.fileKind!(`${tmp}/${HASH}/checkpoint-x.json`)).toBeNull();
    expect(gemini.fileKind!(`${tmp}/${HASH}/chats/notes.txt`)).toBeNull();
    expect(gemini.fileKind!(`${tmp}/${HASH}/chats/a/b/c.jsonl`)).toBeNull();
  });
});

describe('session documents', () => {
  it('counts each gemini message with tokens once, with the last record of a repeated id, in Runway units', () => {
    const h = home();
    h.write(`${HASH}/chats/session-2026-03-01T10-00-aaaa1111.json`, session('sess-A', [
      user('u1', '2026-03-01T10:00:01.000Z'),
      // The same message twice: the first record is the one written before its counts were final.
      reply('m1', '2026-03-01T10:00:02.000Z', { input: 900, output: 40 }),
      { id: 'i1', timestamp: '2026-03-01T10:00:03.000Z', type: 'info', content: SECRET },
      reply('m2', '2026-03-01T10:00:04.000Z', { input: 5000, output: 300, cached: 4000, thoughts: 120, tool: 50 }, { toolCalls: shellCall('2026-03-01T10:00:04.500Z') }),
      reply('m1', '2026-03-01T10:00:02.000Z', { input: 1000, output: 35 }),
      reply('m3', '2026-03-01T10:00:05.000Z', null),
    ]));
    const db = openDb(tempDb());
    const report = run(db, h.env);
    expect(report.issues).toEqual({});
    const r = rows(db);
    expect(r.map((x) => x.key)).toEqual(['gemini:sess-A:m1', 'gemini:sess-A:m2']);
    // input includes cached; thoughts are billed as output; tool-use prompt tokens as input.
    expect(r[0]).toMatchObject({ input_tokens: 1000, output_tokens: 35, cache_read_tokens: 0, reasoning_tokens: 0, session_id: 'sess-A', model: MODEL, agent: 'gemini', project: `gemini:${HASH}`, sidechain: 0, tools: null });
    expect(r[1]).toMatchObject({ input_tokens: 5000 - 4000 + 50, output_tokens: 300 + 120, cache_read_tokens: 4000, reasoning_tokens: 120, tools: 'run_shell_command' });
    expect(r[1]!.ts).toBe(Date.parse('2026-03-01T10:00:04.000Z'));
  });

  it('reads a document again when it grows, without counting what it already counted twice', () => {
    const h = home();
    const rel = `${HASH}/chats/session-2026-03-01T10-00-bbbb2222.json`;
    const first = [user('u1', '2026-03-01T10:00:01.000Z'), reply('m1', '2026-03-01T10:00:02.000Z', { input: 1000, output: 50 })];
    h.write(rel, session('sess-B', first));
    const db = openDb(tempDb());
    run(db, h.env);
    expect(sums(db)).toEqual({ n: 1, input: 1000, output: 50, cached: 0, reasoning: 0 });
    h.write(rel, session('sess-B', [...first, user('u2', '2026-03-01T10:01:00.000Z'), reply('m2', '2026-03-01T10:01:05.000Z', { input: 2000, output: 70, cached: 1500 })]));
    const second = run(db, h.env);
    expect(second.filesRead).toBe(1);
    expect(sums(db)).toEqual({ n: 2, input: 1000 + 500, output: 120, cached: 1500, reasoning: 0 });
    // Unchanged: not read at all.
    expect(run(db, h.env).filesRead).toBe(0);
    expect(sums(db)).toEqual({ n: 2, input: 1500, output: 120, cached: 1500, reasoning: 0 });
  });

  it('tolerates schema drift: other shapes are counted as such, missing counts are zero, contradictions are reported', () => {
    const h = home();
    // An older or foreign shape: no messages array at all.
    h.write(`${HASH}/chats/drift.json`, JSON.stringify({ history: [{ role: 'user', parts: [{ text: SECRET }] }], meta: { model: 'gmini-pro' } }));
    h.write(`${HASH}/chats/session-2026-03-02T09-00-cccc3333.json`, JSON.stringify({
      sessionId: 'sess-C',
      messages: [
        // Only input and output: the other counts are zero.
        { id: 'a', timestamp: '2026-03-02T09:00:01.000Z', type: 'gemini', tokens: { input: 70, output: 7 } },
        // A count that is not a count: that count is zero, the response kept.
        { id: 'b', timestamp: '2026-03-02T09:00:02.000Z', type: 'gemini', model: MODEL, tokens: { input: 80, output: -3, total: 77 } },
        // More cached than the whole prompt: cached is held to the prompt.
        { id: 'c', timestamp: '2026-03-02T09:00:03.000Z', type: 'gemini', model: MODEL, tokens: { input: 50, output: 5, cached: 90, total: 55 } },
        // A total that contradicts its parts: kept as logged, reported.
        { id: 'd', timestamp: '2026-03-02T09:00:04.000Z', type: 'gemini', model: MODEL, tokens: { input: 60, output: 6, cached: 0, thoughts: 0, tool: 0, total: 900 } },
        { id: 'e', timestamp: '2026-03-02T09:00:05.000Z', type: 'gemini', model: MODEL, tokens: 'lots' },
        { id: 'f', type: 'gemini', model: MODEL, tokens: { input: 10, output: 1 } },
        { id: 'g', timestamp: '2026-03-02T09:00:06.000Z', type: 'model', parts: [{ text: SECRET }] },
        'not a message',
      ],
    }));
    const db = openDb(tempDb());
    const report = run(db, h.env);
    expect(report.issues.wrong_format?.count).toBe(1);
    expect(report.issues.bad_field?.count).toBe(3);
    expect(report.issues.bad_usage?.count).toBe(1);
    expect(report.issues.missing_timestamp?.count).toBe(1);
    const r = rows(db);
    expect(r.map((x) => [x.key, x.input_tokens, x.output_tokens, x.cache_read_tokens])).toEqual([
      ['gemini:sess-C:a', 70, 7, 0],
      ['gemini:sess-C:b', 80, 0, 0],
      ['gemini:sess-C:c', 0, 5, 50],
      ['gemini:sess-C:d', 60, 6, 0],
    ]);
    expect(r[0]).toMatchObject({ model: null, project: null });
  });

  it('counts a damaged document and goes on with the others', () => {
    const h = home();
    h.write(`${HASH}/chats/session-broken.json`, session('sess-D', [reply('m1', '2026-03-01T10:00:02.000Z', { input: 1, output: 1 })]).slice(0, 80));
    h.write(`${HASH}/chats/session-array.json`, '[1, 2, 3]');
    h.write(`${HASH}/chats/session-fine.json`, session('sess-E', [reply('m1', '2026-03-01T10:00:02.000Z', { input: 10, output: 2 })]));
    const db = openDb(tempDb());
    const report = run(db, h.env);
    expect(report.issues.malformed_json?.count).toBe(2);
    expect(rows(db).map((x) => x.key)).toEqual(['gemini:sess-E:m1']);
  });
});

describe('.jsonl chats', () => {
  const rel = 'my-app/chats/session-2026-04-29T21-39-sess-jsn.jsonl';
  const meta = { sessionId: 'sess-J', projectHash: HASH, startTime: '2026-04-29T21:39:22.319Z', lastUpdated: '2026-04-29T21:39:22.319Z', kind: 'main' };

  it('reads the metadata line, message records rewritten as they complete, $set and $rewindTo lines, and appends', () => {
    const h = home();
    h.write(rel, lines([
      meta,
      user('u1', '2026-04-29T21:39:33.155Z'),
      { $set: { lastUpdated: '2026-04-29T21:39:33.156Z' } },
      // A response is written when it starts, again when its counts arrive, again with its tool calls.
      reply('g1', '2026-04-29T21:39:35.125Z', null),
      reply('g1', '2026-04-29T21:39:35.125Z', { input: 11855, output: 81 }),
      reply('g1', '2026-04-29T21:39:35.125Z', { input: 11855, output: 81 }, { toolCalls: shellCall('2026-04-29T21:39:35.364Z') }),
      reply('g2', '2026-04-29T21:39:45.996Z', { input: 12069, output: 147, cached: 11502 }),
      { $rewindTo: 'g2' },
      '{"id":"g9","type":"gemini","tokens":{"inp',
    ]));
    const db = openDb(tempDb());
    const first = run(db, h.env);
    expect(first.issues.malformed_json?.count).toBe(1);
    expect(rows(db).map((x) => [x.key, x.input_tokens, x.output_tokens, x.cache_read_tokens, x.tools])).toEqual([
      ['gemini:sess-J:g1', 11855, 81, 0, 'run_shell_command'],
      // Rewound, but answered and billed: still counted.
      ['gemini:sess-J:g2', 12069 - 11502, 147, 11502, null],
    ]);
    expect(rows(db)[0]).toMatchObject({ session_id: 'sess-J', project: `gemini:${HASH}`, sidechain: 0 });

    // An append: read from where the last scan stopped, the session id kept from the first line.
    h.append(rel, lines([
      { $set: { lastUpdated: '2026-04-29T21:40:00.000Z' } },
      reply('g3', '2026-04-29T21:40:10.000Z', { input: 13000, output: 200, cached: 12000, thoughts: 90 }),
      // A checkpoint re-lists the conversation: nothing in it is counted twice.
      { $set: { messages: [reply('g1', '2026-04-29T21:39:35.125Z', { input: 11855, output: 81 }), reply('g3', '2026-04-29T21:40:10.000Z', { input: 13000, output: 200, cached: 12000, thoughts: 90 })] } },
    ]));
    const second = run(db, h.env);
    expect(second.linesRead).toBe(3);
    expect(rows(db).find((x) => x.key === 'gemini:sess-J:g3')).toMatchObject({ session_id: 'sess-J', input_tokens: 1000, output_tokens: 290, cache_read_tokens: 12000, reasoning_tokens: 90 });
    expect(sums(db)).toEqual({ n: 3, input: 11855 + 567 + 1000, output: 81 + 147 + 290, cached: 11502 + 12000, reasoning: 90 });
  });

  it("counts a resumed legacy session once: the .json document and the .jsonl Gemini CLI migrates it into", () => {
    const h = home();
    const messages = [user('u1', '2026-03-01T10:00:01.000Z'), reply('m1', '2026-03-01T10:00:02.000Z', { input: 400, output: 20 })];
    h.write(`${HASH}/chats/session-2026-03-01T10-00-ffff6666.json`, session('sess-F', messages));
    h.write(`${HASH}/chats/session-2026-03-01T10-00-ffff6666.jsonl`, lines([
      { sessionId: 'sess-F', projectHash: HASH, startTime: '2026-03-01T10:00:00.000Z', lastUpdated: '2026-03-01T10:05:00.000Z' },
      ...messages,
      { $set: { sessionId: 'sess-F' } },
      reply('m2', '2026-03-02T08:00:00.000Z', { input: 600, output: 30 }),
    ]));
    const db = openDb(tempDb());
    run(db, h.env);
    expect(rows(db).map((x) => x.key)).toEqual(['gemini:sess-F:m1', 'gemini:sess-F:m2']);
    expect(sums(db)).toMatchObject({ n: 2, input: 1000, output: 50 });
  });

  it("marks a subagent's chat, nested under its parent session, as a sidechain", () => {
    const h = home();
    h.write('my-app/chats/sess-parent/sub-1.jsonl', lines([
      { sessionId: 'sub-1', projectHash: HASH, startTime: '2026-04-29T21:39:22.319Z', lastUpdated: '2026-04-29T21:39:22.319Z', kind: 'subagent', directories: ['/home/dev/app'] },
      reply('s1', '2026-04-29T21:41:00.000Z', { input: 300, output: 30 }),
    ]));
    const db = openDb(tempDb());
    run(db, h.env);
    expect(rows(db)).toEqual([expect.objectContaining({ key: 'gemini:sub-1:s1', session_id: 'sub-1', agent_id: 'sub-1', sidechain: 1 })]);
  });
});

describe('content-blind storage', () => {
  it('stores no prompt, answer, thought or tool argument, in any table or in the file bytes', () => {
    const h = home();
    h.write(`${HASH}/logs.json`, JSON.stringify([{ sessionId: 'sess-S', messageId: 0, type: 'user', message: SECRET, timestamp: '2026-03-01T10:00:00.000Z' }]));
    h.write(`${HASH}/chats/session-s.json`, session('sess-S', [user('u1', '2026-03-01T10:00:01.000Z'), reply('m1', '2026-03-01T10:00:02.000Z', { input: 10, output: 1 }, { toolCalls: shellCall('2026-03-01T10:00:03.000Z') })], { summary: SECRET }));
    h.write('my-app/chats/session-s.jsonl', lines([{ ...{ sessionId: 'sess-T', projectHash: HASH }, summary: SECRET }, user('u1', '2026-03-01T10:00:01.000Z'), reply('m1', '2026-03-01T10:00:02.000Z', { input: 10, output: 1 }, { toolCalls: shellCall('2026-03-01T10:00:03.000Z') })]));
    const path = tempDb();
    const db = openDb(path);
    run(db, h.env);
    expect(rows(db)).toHaveLength(2);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const t of tables) {
      const dump = JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all());
      expect(dump.includes(SECRET), t).toBe(false);
      expect(dump.includes('echo '), t).toBe(false);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const [f, bytes] of databaseFiles(path)) expect(bytes.includes(Buffer.from(SECRET)), f).toBe(false);
  });
});

describe('the real gemini-shapes samples', () => {
  // jazzyalex/agent-sessions' Gemini fixtures (see real-logs/SOURCES.md), read in place as a
  // Gemini home's tmp/ folder. Totals worked out by hand from the files:
  //   small.json        m2 (gemini): input 10, output 5, cached 0, thoughts 0          → 1 response
  //   large.json        m2: input 100, output 10; m2b has no tokens; m4, m6 are "model" → 1 response
  //   schema_drift.json a `history` array, no `messages`                              → wrong_format
  //   jsonl_v040.jsonl  g-assistant-1: input 11855, output 81, cached 0;
  //                     g-assistant-2: input 12069, output 147, cached 11502            → 2 responses
  // So 4 responses: uncached input 10 + 100 + 11855 + 567 = 12532, output 5 + 10 + 81 + 147 = 243,
  // cache reads 11502, reasoning 0, every one gemini-3-flash-preview.
  it.skipIf(!existsSync(join(REAL, 'tmp')))('scan to the totals worked out by hand', () => {
    const db = openDb(tempDb());
    const report = run(db, { HOME: '/nonexistent' }, { extraRoots: { gemini: [REAL] } });
    expect(report.issues).toEqual({ wrong_format: { count: 1, example: join(REAL, 'tmp', 'stage0', 'chats', 'schema_drift.json') } });
    expect(sums(db)).toEqual({ n: 4, input: 12532, output: 243, cached: 11502, reasoning: 0 });
    expect(new Set(rows(db).map((r) => r.model))).toEqual(new Set([MODEL]));
    expect(rows(db).map((r) => r.key)).toEqual([
      'gemini:gemini_stage0_jsonl:g-assistant-1',
      'gemini:gemini_stage0_jsonl:g-assistant-2',
      'gemini:session-2025-12-16T23-47-b4f17607:m2',
      'gemini:session-2026-01-16T18-34-3739ef95:m2',
    ]);
  });
});
