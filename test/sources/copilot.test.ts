// GitHub Copilot CLI: session-state/<id>/events.jsonl shutdown metrics and session-store.db
// usage rows, on fixtures shaped like the real files (event envelopes and field names as the
// Copilot SDK's session-events schema has them; the store's tables and columns as schema 8).
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { copilot } from '../../sources/copilot/index.js';
import { databaseFiles, SECRET, tempDb } from '../helpers/logs.js';
// The store's schema as Copilot CLI writes it, shared with the benchmark's generator.
import { COPILOT_SCHEMA } from '../../bench/agent-logs.js';

const SID = '7a22dab8-b57b-472a-b1ce-21f691cb0cf5';
const SID2 = '51854430-83f7-4543-a9bf-ec76ead71f59';
const SONNET = 'claude-sonnet-4.5';
const MINI = 'gpt-5-mini';
/** The built code (test/global-setup.ts builds it before any test), for scans run in a child process. */
const DIST = join(import.meta.dirname, '..', '..', 'dist');

interface Row {
  key: string;
  session_id: string;
  model: string | null;
  project: string | null;
  git_branch: string | null;
  version: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  reasoning_tokens: number;
  premium_requests: number;
  cost_usd: number | null;
  agent: string;
  ts: number;
}

const rows = (db: Db) => db.prepare('SELECT * FROM responses ORDER BY key').all() as Row[];
const usageRows = (db: Db) => rows(db).filter((r) => !r.key.includes(':premium:'));
const totals = (db: Db) =>
  db.prepare(`SELECT sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cache_read_tokens) AS cr,
    sum(cache_write_5m_tokens) AS cw, sum(reasoning_tokens) AS reasoning, sum(premium_requests) AS premium FROM responses`).get();

/** A temporary COPILOT_HOME. */
function home() {
  const dir = mkdtempSync(join(tmpdir(), 'runway-copilot-'));
  const events = (sid: string) => join(dir, 'session-state', sid, 'events.jsonl');
  return {
    dir,
    env: { COPILOT_HOME: dir, HOME: '/nonexistent' } as Record<string, string | undefined>,
    store: join(dir, 'session-store.db'),
    events,
    write(sid: string, records: unknown[]) {
      mkdirSync(dirname(events(sid)), { recursive: true });
      writeFileSync(events(sid), lines(records));
    },
    append(sid: string, records: unknown[]) {
      appendFileSync(events(sid), lines(records));
    },
  };
}

const lines = (records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
const run = (db: Db, env: Record<string, string | undefined>) => scan(db, { env, sources: [copilot] });

let n = 0;
function ev(type: string, timestamp: string, data: Record<string, unknown>) {
  n++;
  return { type, data, id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, timestamp, parentId: null };
}

function start(sid: string, ts: string) {
  return ev('session.start', ts, {
    sessionId: sid, version: 1, producer: 'copilot-agent', copilotVersion: '1.0.40', startTime: ts, selectedModel: SONNET,
    context: { cwd: '/home/dev/api', gitRoot: '/home/dev/api', branch: 'main', repository: 'acme/api' },
  });
}

/** The conversation itself: every word of it is content that must never reach Runway's database. */
function conversation(ts: string) {
  return [
    ev('user.message', ts, { content: `fix ${SECRET}`, transformedContent: `<current_datetime>${ts}</current_datetime> fix ${SECRET}`, attachments: [] }),
    ev('assistant.message', ts, { messageId: 'm-1', content: `Looking at ${SECRET}`, model: SONNET, toolRequests: [{ toolCallId: 't-1', name: 'bash', arguments: { command: `echo ${SECRET}` } }] }),
    ev('tool.execution_start', ts, { toolCallId: 't-1', toolName: 'bash', arguments: { command: `echo ${SECRET}` } }),
    ev('tool.execution_complete', ts, { toolCallId: 't-1', success: true, result: { content: SECRET } }),
  ];
}

interface Metric {
  input: number;
  output: number;
  cr?: number;
  cw?: number;
  reasoning?: number;
  count?: number;
  cost?: number;
  nano?: number;
}

function metrics(m: Record<string, Metric>) {
  return Object.fromEntries(Object.entries(m).map(([model, x]) => [model, {
    requests: { count: x.count ?? 1, ...(x.cost === undefined ? {} : { cost: x.cost }) },
    usage: { inputTokens: x.input, outputTokens: x.output, cacheReadTokens: x.cr ?? 0, cacheWriteTokens: x.cw ?? 0, reasoningTokens: x.reasoning ?? 0 },
    ...(x.nano === undefined ? {} : { totalNanoAiu: x.nano }),
  }]));
}

function shutdown(ts: string, m: Record<string, Metric>, extra: Record<string, unknown> = {}) {
  return ev('session.shutdown', ts, {
    shutdownType: 'routine', totalApiDurationMs: 9000, sessionStartTime: Date.parse('2026-09-01T10:00:00.000Z'),
    codeChanges: { linesAdded: 3, linesRemoved: 1, filesModified: [`/home/dev/api/${SECRET}.ts`] },
    modelMetrics: metrics(m), currentModel: SONNET, currentTokens: 5000, systemTokens: 1800, conversationTokens: 3000, toolDefinitionsTokens: 200,
    ...extra,
  });
}

interface UsageRow {
  sid?: string;
  model: string;
  input: number | null;
  output: number | null;
  cr?: number | null;
  cw?: number | null;
  reasoning?: number | null;
  nano?: number | null;
  at: string;
  turn?: number;
}

/** Copilot's store, kept open like Copilot's own live writer (WAL mode). */
function store(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(COPILOT_SCHEMA);
  const insert = db.prepare(`INSERT INTO assistant_usage_events (session_id, turn_index, model, input_tokens, output_tokens, cache_read_tokens,
    cache_write_tokens, reasoning_tokens, total_nano_aiu, request_multiplier, initiator, api_endpoint, finish_reason, token_details_json, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, 'ws:/responses', 'tool_calls', '[]', ?)`);
  return {
    db,
    session(id: string, cwd = '/home/dev/api', branch = 'main') {
      db.prepare('INSERT INTO sessions (id, cwd, repository, host_type, branch, summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, cwd, 'acme/api', 'local', branch, `Summary: ${SECRET}`, '2026-09-01T10:00:00.000Z', '2026-09-01T11:00:00.000Z');
      db.prepare('INSERT INTO turns (session_id, turn_index, user_message, assistant_response, timestamp) VALUES (?, 0, ?, ?, ?)')
        .run(id, `fix ${SECRET}`, `Done: ${SECRET}`, '2026-09-01T10:00:05.000Z');
    },
    add(...rs: UsageRow[]) {
      for (const r of rs) insert.run(r.sid ?? SID, r.turn ?? 0, r.model, r.input, r.output, r.cr ?? 0, r.cw ?? 0, r.reasoning ?? 0, r.nano === undefined ? 1_000_000_000 : r.nano, r.at);
    },
  };
}

// One session, described by both: three sonnet calls and one gpt-5-mini call.
const SONNET_ROWS: UsageRow[] = [
  { model: SONNET, input: 12000, output: 300, cr: 9000, cw: 2500, reasoning: 40, nano: 2_000_000_000, at: '2026-09-01T10:00:10.000Z' },
  { model: SONNET, input: 15000, output: 250, cr: 14000, cw: 800, reasoning: 0, nano: 1_500_000_000, at: '2026-09-01T10:00:20.000Z' },
  { model: SONNET, input: 16000, output: 500, cr: 15500, cw: 300, reasoning: 60, nano: 2_500_000_000, at: '2026-09-01T10:01:00.000Z' },
];
const MINI_ROWS: UsageRow[] = [{ model: MINI, input: 4000, output: 120, cr: 1000, cw: 0, reasoning: 64, nano: 300_000_000, at: '2026-09-01T10:00:30.000Z' }];
const BOTH_METRICS = {
  [SONNET]: { input: 43000, output: 1050, cr: 38500, cw: 3600, reasoning: 100, count: 3, cost: 2, nano: 6_000_000_000 },
  [MINI]: { input: 4000, output: 120, cr: 1000, cw: 0, reasoning: 64, count: 1, cost: 0, nano: 300_000_000 },
};
const BOTH_TOTALS = { input: (43000 - 38500 - 3600) + (4000 - 1000), output: 1170, cr: 39500, cw: 3600, reasoning: 164, premium: 2 };

function sessionFile(h: ReturnType<typeof home>) {
  h.write(SID, [start(SID, '2026-09-01T10:00:00.000Z'), ...conversation('2026-09-01T10:00:05.000Z'), shutdown('2026-09-01T10:02:00.000Z', BOTH_METRICS, { totalPremiumRequests: 2, totalNanoAiu: 6_300_000_000, eventsFileSizeBytes: 4096 })]);
}

describe("Copilot CLI's folders", () => {
  it('reads COPILOT_HOME, else ~/.copilot, and only its session event logs and its store', () => {
    expect(copilot.roots({ COPILOT_HOME: '/srv/cp', HOME: '/home/me' })).toEqual(['/srv/cp']);
    expect(copilot.roots({ HOME: '/home/me', XDG_CONFIG_HOME: '/home/me/.config' })).toEqual(['/home/me/.copilot']);
    const root = '/home/me/.copilot';
    expect(copilot.logDir(root)).toBe(root);
    expect(copilot.fileKind!(`${root}/session-state/${SID}/events.jsonl`)).toBe('lines');
    expect(copilot.fileKind!(`${root}/session-store.db`)).toBe('database');
    expect(copilot.fileKind!(`${root}/session-store.db-wal`)).toBeNull();
    expect(copilot.fileKind!(`${root}/session-state/${SID}/session.db`)).toBeNull();
    expect(copilot.fileKind!(`${root}/session-state/${SID}/session-store.db`)).toBeNull();
    expect(copilot.fileKind!(`${root}/logs/process-1.jsonl`)).toBeNull();
    expect(copilot.fileKind!(`${root}/session-state/${SID}/checkpoints/events.jsonl`)).toBeNull();
  });
});

describe('events.jsonl shutdown metrics', () => {
  it('stores each model of the session once, uncached input apart, premium requests and AI credits as logged', () => {
    const h = home();
    sessionFile(h);
    const db = openDb(tempDb());
    const report = run(db, h.env);
    expect(report.issues).toEqual({});
    const r = rows(db);
    expect(r.map((x) => x.key)).toEqual([`copilot:${SID}:${SONNET}`, `copilot:${SID}:${SONNET}:premium:${r[1]!.key.split(':premium:')[1]}`, `copilot:${SID}:${MINI}`]);
    expect(r[0]).toMatchObject({
      session_id: SID, model: SONNET, agent: 'copilot', project: '/home/dev/api', git_branch: 'main', version: '1.0.40',
      // inputTokens counts cache reads and writes: 43000 - 38500 - 3600.
      input_tokens: 900, output_tokens: 1050, cache_read_tokens: 38500, cache_write_5m_tokens: 3600, reasoning_tokens: 100,
      premium_requests: 0, ts: Date.parse('2026-09-01T10:02:00.000Z'),
    });
    // 6·10⁹ nano-AIU = 6 AI credits = $0.06.
    expect(r[0]!.cost_usd).toBeCloseTo(0.06, 10);
    expect(r[1]).toMatchObject({ model: SONNET, input_tokens: 0, output_tokens: 0, premium_requests: 2, cost_usd: null });
    expect(r[2]).toMatchObject({ input_tokens: 3000, output_tokens: 120, cache_read_tokens: 1000, reasoning_tokens: 64, premium_requests: 0 });
    expect(totals(db)).toEqual(BOTH_TOTALS);
  });

  it('puts the session-level premium requests on the model with the most requests when the log has no per-model split', () => {
    const h = home();
    h.write(SID, [start(SID, '2026-05-01T10:00:00.000Z'), shutdown('2026-05-01T11:00:00.000Z', {
      [MINI]: { input: 100, output: 10, count: 2 },
      [SONNET]: { input: 900, output: 90, count: 5 },
    }, { totalPremiumRequests: 1.5 })]);
    const db = openDb(tempDb());
    run(db, h.env);
    const premium = rows(db).filter((x) => x.premium_requests > 0);
    expect(premium.map((x) => [x.model, x.premium_requests])).toEqual([[SONNET, 1.5]]);
    // No AI credits in an older log: the cost is left to the token prices.
    expect(usageRows(db).map((x) => x.cost_usd)).toEqual([null, null]);
  });

  for (const cumulative of [false, true]) {
    it(`counts session-level premium requests once across a resume, whichever model holds them (${cumulative ? 'cumulative' : 'restarting'} totals)`, () => {
      const h = home();
      const marker = cumulative ? { eventsFileSizeBytes: 1024 } : {};
      const second = cumulative
        ? { [MINI]: { input: 1100, output: 110, count: 11 }, [SONNET]: { input: 1000, output: 100, count: 6 } }
        : { [MINI]: { input: 1000, output: 100, count: 9 }, [SONNET]: { input: 100, output: 10, count: 1 } };
      h.write(SID, [
        start(SID, '2026-05-01T10:00:00.000Z'),
        shutdown('2026-05-01T11:00:00.000Z', { [MINI]: { input: 100, output: 10, count: 2 }, [SONNET]: { input: 900, output: 90, count: 5 } }, { totalPremiumRequests: 1.5, ...marker }),
        ev('session.resume', '2026-05-02T09:00:00.000Z', { resumeTime: '2026-05-02T09:00:00.000Z', eventCount: 2 }),
        shutdown('2026-05-02T10:00:00.000Z', second, { totalPremiumRequests: cumulative ? 2.5 : 2, ...marker }),
      ]);
      const db = openDb(tempDb());
      const report = run(db, h.env);
      expect(report.issues).toEqual({});
      expect(rows(db).filter((x) => x.premium_requests > 0).map((x) => [x.model, x.premium_requests])).toEqual(cumulative ? [[SONNET, 1.5], [MINI, 1]] : [[SONNET, 1.5], [MINI, 2]]);
      expect(usageRows(db).map((x) => [x.model, x.input_tokens, x.output_tokens])).toEqual([[SONNET, 1000, 100], [MINI, 1100, 110]]);
    });
  }

  it('stores nothing for a session that ended with /new (no shutdown event)', () => {
    const h = home();
    h.write(SID, [start(SID, '2026-09-01T10:00:00.000Z'), ...conversation('2026-09-01T10:00:05.000Z')]);
    const db = openDb(tempDb());
    const report = run(db, h.env);
    expect(report.issues).toEqual({});
    expect(rows(db)).toEqual([]);
  });

  it('adds up the segments of a resumed session from a Copilot that restarts its totals on resume', () => {
    const h = home();
    h.write(SID, [
      start(SID, '2026-04-01T10:00:00.000Z'),
      shutdown('2026-04-01T11:00:00.000Z', { [SONNET]: { input: 10000, output: 800, cr: 7000, count: 4, cost: 4 } }, { totalPremiumRequests: 4 }),
    ]);
    const db = openDb(tempDb());
    run(db, h.env);
    expect(totals(db)).toMatchObject({ input: 3000, output: 800, premium: 4 });
    // Resumed the next day: the new process counts from zero, and it used sonnet less than the first.
    h.append(SID, [
      ev('session.resume', '2026-04-02T09:00:00.000Z', { resumeTime: '2026-04-02T09:00:00.000Z', eventCount: 3 }),
      shutdown('2026-04-02T10:00:00.000Z', { [SONNET]: { input: 3000, output: 200, cr: 2000, count: 1, cost: 1 }, [MINI]: { input: 500, output: 50, count: 2, cost: 0 } }, { totalPremiumRequests: 1 }),
    ]);
    const second = run(db, h.env);
    expect(second.issues).toEqual({});
    expect(usageRows(db).map((x) => [x.model, x.input_tokens, x.output_tokens, x.cache_read_tokens])).toEqual([[SONNET, 4000, 1000, 9000], [MINI, 500, 50, 0]]);
    expect(totals(db)).toMatchObject({ premium: 5 });
    // A segment larger than the one before it is a segment too, once a resume separates them.
    h.append(SID, [
      ev('session.resume', '2026-04-03T09:00:00.000Z', { resumeTime: '2026-04-03T09:00:00.000Z', eventCount: 5 }),
      shutdown('2026-04-03T10:00:00.000Z', { [SONNET]: { input: 20000, output: 1000, cr: 15000, count: 6, cost: 6 } }, { totalPremiumRequests: 6 }),
    ]);
    run(db, h.env);
    expect(usageRows(db).find((x) => x.model === SONNET)).toMatchObject({ input_tokens: 9000, output_tokens: 2000, cache_read_tokens: 24000 });
    expect(totals(db)).toMatchObject({ premium: 11 });
  });

  it('takes the last snapshot of a session from a Copilot that restores its totals on resume, the same when read in one go', () => {
    const records = [
      start(SID, '2026-10-01T10:00:00.000Z'),
      ev('session.usage_checkpoint', '2026-10-01T10:30:00.000Z', { totalNanoAiu: 1_000_000_000, totalPremiumRequests: 1 }),
      shutdown('2026-10-01T11:00:00.000Z', { [SONNET]: { input: 10000, output: 800, cr: 7000, count: 4, cost: 1, nano: 1_000_000_000 } }, { eventsFileSizeBytes: 2048, totalPremiumRequests: 1 }),
      ev('session.resume', '2026-10-02T09:00:00.000Z', { resumeTime: '2026-10-02T09:00:00.000Z', eventCount: 4 }),
      shutdown('2026-10-02T10:00:00.000Z', { [SONNET]: { input: 13000, output: 1000, cr: 9000, count: 5, cost: 2, nano: 1_800_000_000 } }, { eventsFileSizeBytes: 4096, totalPremiumRequests: 2 }),
    ];
    const h = home();
    h.write(SID, records.slice(0, 3));
    const db = openDb(tempDb());
    run(db, h.env);
    h.append(SID, records.slice(3));
    run(db, h.env);
    const whole = home();
    whole.write(SID, records);
    const db2 = openDb(tempDb());
    run(db2, whole.env);
    for (const d of [db, db2]) {
      expect(usageRows(d)).toEqual([expect.objectContaining({ input_tokens: 4000, output_tokens: 1000, cache_read_tokens: 9000 })]);
      expect(usageRows(d)[0]!.cost_usd).toBeCloseTo(0.018, 10);
      // The premium requests of each shutdown, once: 1, then the 1 the second one added.
      expect(rows(d).filter((x) => x.premium_requests > 0).map((x) => x.premium_requests)).toEqual([1, 1]);
    }
  });

  it('reads a counter that went backwards in a cumulative log as a restart, and reports it', () => {
    const h = home();
    h.write(SID, [
      start(SID, '2026-10-01T10:00:00.000Z'),
      shutdown('2026-10-01T11:00:00.000Z', { [SONNET]: { input: 10000, output: 800, cr: 7000 } }, { eventsFileSizeBytes: 2048 }),
      ev('session.resume', '2026-10-02T09:00:00.000Z', { resumeTime: '2026-10-02T09:00:00.000Z', eventCount: 4 }),
      shutdown('2026-10-02T10:00:00.000Z', { [SONNET]: { input: 2000, output: 100, cr: 1000 } }, { eventsFileSizeBytes: 4096 }),
    ]);
    const db = openDb(tempDb());
    const report = run(db, h.env);
    expect(report.issues.counter_reset?.count).toBe(1);
    expect(usageRows(db)).toEqual([expect.objectContaining({ input_tokens: 4000, output_tokens: 900, cache_read_tokens: 8000 })]);
  });

  it('counts damaged lines and bad figures, and reads the rest', () => {
    const h = home();
    h.write(SID, [
      '{"type":"session.start","data":{"sessionId":"' + SID,
      start(SID, '2026-09-01T10:00:00.000Z'),
      '["session.shutdown"]',
      ev('session.shutdown', 'yesterday', { modelMetrics: metrics({ [SONNET]: { input: 1, output: 1 } }) }),
      ev('session.shutdown', '2026-09-01T10:30:00.000Z', { modelMetrics: 'many' }),
      shutdown('2026-09-01T11:00:00.000Z', { [SONNET]: { input: -5, output: 70, cr: 0 }, [MINI]: { input: 100, output: 1.5 } }),
    ]);
    const db = openDb(tempDb());
    const report = run(db, h.env);
    expect(report.issues.malformed_json?.count).toBe(2);
    expect(report.issues.missing_timestamp?.count).toBe(1);
    expect(report.issues.bad_usage?.count).toBe(1);
    expect(report.issues.bad_field?.count).toBe(2);
    expect(usageRows(db).map((x) => [x.model, x.input_tokens, x.output_tokens])).toEqual([[SONNET, 0, 70], [MINI, 100, 0]]);
  });
});

describe('session-store.db', () => {
  it('sums every request of a session per model, reads past its mark while Copilot writes, and replaces the total', () => {
    const h = home();
    const cp = store(h.store);
    cp.session(SID);
    cp.add(SONNET_ROWS[0]!, MINI_ROWS[0]!);
    const db = openDb(tempDb());
    let report = run(db, h.env);
    expect(report.issues).toEqual({});
    expect(usageRows(db).map((x) => [x.key, x.input_tokens, x.output_tokens, x.cache_read_tokens, x.cache_write_5m_tokens, x.reasoning_tokens])).toEqual([
      [`copilot:${SID}:${SONNET}`, 500, 300, 9000, 2500, 40],
      [`copilot:${SID}:${MINI}`, 3000, 120, 1000, 0, 64],
    ]);
    expect(usageRows(db)[0]).toMatchObject({ project: '/home/dev/api', git_branch: 'main', ts: Date.parse(SONNET_ROWS[0]!.at) });
    expect(usageRows(db)[0]!.cost_usd).toBeCloseTo(0.02, 10);

    // Copilot goes on writing; its connection stays open, and one more row sits in a transaction not yet committed.
    cp.add(SONNET_ROWS[1]!, SONNET_ROWS[2]!);
    cp.db.prepare('BEGIN IMMEDIATE').run();
    cp.add({ model: SONNET, input: 99999, output: 99999, at: '2026-09-01T10:05:00.000Z' });
    report = run(db, h.env);
    expect(report.issues).toEqual({});
    expect(usageRows(db)).toHaveLength(2);
    expect(totals(db)).toEqual({ ...BOTH_TOTALS, premium: 0 });
    cp.db.prepare('ROLLBACK').run();
    // Nothing new: the same totals, read again.
    run(db, h.env);
    expect(totals(db)).toEqual({ ...BOTH_TOTALS, premium: 0 });
    const cursor = db.prepare('SELECT cursor FROM files WHERE path = ?').pluck().get(h.store);
    expect(cursor).toMatch(/^4:[0-9a-f]{16}$/);
    cp.db.close();
  });

  it('reads a store that was replaced from its start, even once it has more rows than the old mark', () => {
    const h = home();
    let cp = store(h.store);
    cp.add(SONNET_ROWS[0]!, SONNET_ROWS[1]!);
    cp.db.close();
    const db = openDb(tempDb());
    run(db, h.env);
    for (const f of ['', '-wal', '-shm']) rmSync(h.store + f, { force: true });
    cp = store(h.store);
    // Rows 1 and 2 of the new store are at or below the old mark, in a session no later row names.
    cp.add(...[1, 2].map((i) => ({ sid: SID2, model: MINI, input: 100 * i, output: 10 * i, at: `2026-09-03T10:00:0${i}.000Z` })), MINI_ROWS[0]!);
    cp.db.close();
    run(db, h.env);
    expect(usageRows(db).find((x) => x.session_id === SID2)).toMatchObject({ input_tokens: 300, output_tokens: 30 });
  });

  it('tolerates a store without the optional columns, SQLite-style times and damaged values', () => {
    const h = home();
    const cp = new Database(h.store);
    cp.exec(`CREATE TABLE assistant_usage_events (id INTEGER PRIMARY KEY, session_id TEXT, model TEXT, input_tokens INTEGER, output_tokens INTEGER, created_at TEXT);
      INSERT INTO assistant_usage_events VALUES (1, '${SID}', '${SONNET}', 100, 10, '2026-09-01 10:00:00');
      INSERT INTO assistant_usage_events VALUES (2, '${SID}', '${SONNET}', 'lots', 5, '2026-09-01 10:10:00');
      INSERT INTO assistant_usage_events VALUES (3, NULL, '${SONNET}', 100, 10, '2026-09-01 10:10:00');`);
    cp.close();
    const db = openDb(tempDb());
    const report = run(db, h.env);
    expect(report.issues.bad_field?.count).toBe(1);
    expect(usageRows(db)).toEqual([expect.objectContaining({ input_tokens: 100, output_tokens: 15, project: null, cost_usd: null, ts: Date.parse('2026-09-01T10:10:00Z') })]);
  });

  it('counts a store of an unknown schema and a corrupt one, and finishes the scan', () => {
    const h = home();
    const other = new Database(h.store);
    other.exec('CREATE TABLE something_else (id INTEGER)');
    other.close();
    sessionFile(h);
    const db = openDb(tempDb());
    let report = run(db, h.env);
    expect(report.issues.wrong_format?.count).toBe(1);
    expect(usageRows(db)).toHaveLength(2);

    writeFileSync(h.store, randomBytes(64 * 1024));
    report = run(db, h.env);
    expect(report.issues.unreadable_database?.count).toBe(1);
    expect(totals(db)).toEqual(BOTH_TOTALS);
  });
});

describe('a store that must not be opened', () => {
  it('never opens a FIFO named like the store\'s journal, WAL or shared memory: the scan ends, the store counted unreadable', () => {
    // SQLite opens those by name, blocking: a FIFO would hang the scan. The scan runs in a
    // child (the built code, as the CLI tests run it), so a hang fails the test instead of stopping it.
    for (const suffix of ['-journal', '-wal', '-shm']) {
      const h = home();
      const s = store(h.store);
      s.session(SID);
      s.add(...SONNET_ROWS);
      s.db.close();
      for (const f of ['-wal', '-shm']) rmSync(`${h.store}${f}`, { force: true });
      execFileSync('mkfifo', [`${h.store}${suffix}`]);
      const script = `import { openDb } from ${JSON.stringify(join(DIST, 'store/db.js'))};
        import { scan } from ${JSON.stringify(join(DIST, 'scanner/scan.js'))};
        import { copilot } from ${JSON.stringify(join(DIST, 'sources/copilot/index.js'))};
        const r = scan(openDb(':memory:'), { env: ${JSON.stringify(h.env)}, sources: [copilot] });
        console.log(JSON.stringify({ issues: Object.keys(r.issues), responses: r.responsesTotal }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
      expect(r.signal, `session-store.db${suffix}: ${r.stderr}`).toBeNull();
      expect(JSON.parse(r.stdout), suffix).toEqual({ issues: ['unreadable_database'], responses: 0 });
    }
  });
});

describe('a session both describe', () => {
  for (const first of ['database', 'events'] as const) {
    it(`counts once, premium requests included, when the ${first} is read first`, () => {
      const h = home();
      const db = openDb(tempDb());
      const writeStore = () => {
        const cp = store(h.store);
        cp.session(SID);
        cp.add(...SONNET_ROWS, ...MINI_ROWS);
        cp.db.close();
      };
      if (first === 'database') writeStore();
      else sessionFile(h);
      run(db, h.env);
      if (first === 'database') sessionFile(h);
      else writeStore();
      run(db, h.env);
      expect(usageRows(db).map((x) => x.key)).toEqual([`copilot:${SID}:${SONNET}`, `copilot:${SID}:${MINI}`]);
      expect(totals(db)).toEqual(BOTH_TOTALS);
      expect(db.prepare('SELECT sum(premium_requests) FROM responses').pluck().get()).toBe(2);
      expect(db.prepare('SELECT sum(cost_usd) FROM responses').pluck().get()).toBeCloseTo(0.063, 10);
      // And again: nothing changes.
      run(db, h.env);
      expect(totals(db)).toEqual(BOTH_TOTALS);
    });
  }

  it('keeps the database total when it holds a call the shutdown does not (a compaction), and a session it alone knows', () => {
    const h = home();
    sessionFile(h);
    const cp = store(h.store);
    cp.session(SID);
    cp.add(...SONNET_ROWS, ...MINI_ROWS, { model: SONNET, input: 158498, output: 2130, cr: 148059, cw: 0, at: '2026-09-01T10:01:30.000Z' });
    // A session ended with /new: no shutdown, only rows.
    cp.session(SID2, '/home/dev/web');
    cp.add({ sid: SID2, model: MINI, input: 800, output: 80, cr: 600, at: '2026-09-02T08:00:00.000Z' });
    cp.db.close();
    const db = openDb(tempDb());
    run(db, h.env);
    const r = usageRows(db);
    expect(r.find((x) => x.key === `copilot:${SID}:${SONNET}`)).toMatchObject({ input_tokens: 900 + 10439, output_tokens: 1050 + 2130, cache_read_tokens: 38500 + 148059 });
    expect(r.find((x) => x.key === `copilot:${SID2}:${MINI}`)).toMatchObject({ session_id: SID2, project: '/home/dev/web', input_tokens: 200, output_tokens: 80 });
    expect(db.prepare('SELECT sum(premium_requests) FROM responses').pluck().get()).toBe(2);
  });
});

describe('content-blind storage', () => {
  it('stores no prompt, answer, tool argument, file name or summary, in any table or in the file bytes', () => {
    const h = home();
    sessionFile(h);
    const cp = store(h.store);
    cp.session(SID);
    cp.add(...SONNET_ROWS);
    cp.db.close();
    const path = tempDb();
    const db = openDb(path);
    run(db, h.env);
    expect(usageRows(db)).toHaveLength(2);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    expect(tables.length).toBeGreaterThan(3);
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
