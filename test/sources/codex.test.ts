// The Codex CLI source on rollouts written here in the shape of real ones (field names and
// nesting as in Codex 0.89–0.104 rollouts, with numbers of our own): cumulative totals
// turned into one row per model call, forks counted beyond their copied prefix, quota
// readings, damage, and resuming a file mid-way from the memo.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codex, REPLAY_WINDOW_MS } from '../../sources/codex/index.js';
import { Origin, type ParseIssue, type QuotaReading, type Source, type UsageEvent } from '../../sources/types.js';
import { SOURCES } from '../../sources/index.js';
import { openDb, type Db } from '../../store/db.js';
import { scan, type ScanReport } from '../../scanner/scan.js';
import { loadPriceTable } from '../../core/price-source.js';
import { SECRET, tempDb } from '../helpers/logs.js';

// ---- fixtures in the real shape --------------------------------------------------------

type Line = Record<string, unknown> | string;

interface Usage {
  input: number;
  cached?: number;
  output: number;
  reasoning?: number;
  cacheWrite?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.parse('2026-02-23T11:40:23.298Z');
const at = (seconds: number) => iso(T0 + seconds * 1000);

function meta(o: { id: string; ts: string; created?: string; forkedFrom?: string; source?: unknown; cwd?: string; branch?: string; version?: string }): Record<string, unknown> {
  return {
    timestamp: o.ts,
    type: 'session_meta',
    payload: {
      id: o.id,
      ...(o.forkedFrom ? { forked_from_id: o.forkedFrom } : {}),
      timestamp: o.created ?? o.ts,
      cwd: o.cwd ?? '/home/dev/api',
      originator: 'codex_cli_rs',
      cli_version: o.version ?? '0.104.0',
      source: o.source ?? 'cli',
      model_provider: 'openai',
      base_instructions: { text: `You are Codex. ${SECRET}` },
      git: { commit_hash: '1cdfa7b17410e00cddbb7a4347336af2c6f80ee0', branch: o.branch ?? 'main', repository_url: 'git@example.com:dev/api.git' },
    },
  };
}

function turn(ts: string, model?: string): Record<string, unknown> {
  return {
    timestamp: ts,
    type: 'turn_context',
    payload: {
      turn_id: '019c8a4d-0330-71a2-b22b-785a3a27ed20', cwd: '/home/dev/api', approval_policy: 'on-request',
      sandbox_policy: { type: 'workspace-write', writable_roots: ['/home/dev/api'], network_access: false },
      ...(model ? { model } : {}), effort: 'medium', summary: 'auto', user_instructions: `be brief ${SECRET}`,
    },
  };
}

function usageObject(u: Usage): Record<string, unknown> {
  return {
    input_tokens: u.input, cached_input_tokens: u.cached ?? 0,
    ...(u.cacheWrite !== undefined ? { cache_write_input_tokens: u.cacheWrite } : {}),
    output_tokens: u.output, reasoning_output_tokens: u.reasoning ?? 0, total_tokens: u.input + u.output,
  };
}

interface Window {
  used: unknown;
  minutes?: number;
  resetsAt?: unknown;
}

function rateLimits(o: { limitId?: string | null; primary?: Window; secondary?: Window }): Record<string, unknown> {
  const win = (w: Window, minutes: number) => ({ used_percent: w.used, window_minutes: w.minutes ?? minutes, resets_at: w.resetsAt ?? 1771864831 });
  return {
    ...(o.limitId === null ? {} : { limit_id: o.limitId ?? 'codex', limit_name: null }),
    primary: o.primary ? win(o.primary, 300) : { used_percent: 1, window_minutes: 300, resets_at: 1771864831 },
    secondary: o.secondary ? win(o.secondary, 10080) : { used_percent: 2, window_minutes: 10080, resets_at: 1772355703 },
    credits: { has_credits: false, unlimited: false, balance: null },
    plan_type: null,
  };
}

/** A token_count row: `total` is the cumulative total (null: `info: null`). */
function tokens(ts: string | undefined, total: Usage | null, o: { limitId?: string | null; primary?: Window; secondary?: Window; last?: Usage; rawTotal?: unknown } = {}): Record<string, unknown> {
  const info = total === null && o.rawTotal === undefined
    ? null
    : { total_token_usage: o.rawTotal ?? usageObject(total!), last_token_usage: o.rawTotal ?? usageObject(o.last ?? total!), model_context_window: 258400 };
  return {
    ...(ts === undefined ? {} : { timestamp: ts }),
    type: 'event_msg',
    payload: { type: 'token_count', info, rate_limits: rateLimits(o) },
  };
}

/** Lines without usage that a real rollout has between them (content the source must never read). */
const chatter = (ts: string): Line[] => [
  { timestamp: ts, type: 'event_msg', payload: { type: 'user_message', message: `fix it ${SECRET}`, images: [] } },
  { timestamp: ts, type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `fix it ${SECRET}` }] } },
  { timestamp: ts, type: 'response_item', payload: { type: 'function_call_output', call_id: 'call_1', output: `{"type":"token_count","secret":"${SECRET}"}` } },
  { timestamp: ts, type: 'event_msg', payload: { type: 'agent_message', message: `done ${SECRET}` } },
];

const jsonl = (lines: Line[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

function uuid(n: number): string {
  return `019c8a4c-ed82-79a1-aa28-${String(n).padStart(12, '0')}`;
}

/** A temporary CODEX_HOME; write(id, lines) puts a rollout under sessions/YYYY/MM/DD/. */
function codexHome() {
  const root = mkdtempSync(join(tmpdir(), 'runway-codex-'));
  const path = (id: string, dir = 'sessions/2026/02/23') => join(root, dir, `rollout-2026-02-23T12-40-23-${id}.jsonl`);
  return {
    root,
    env: { CODEX_HOME: root, HOME: root } as Record<string, string | undefined>,
    path,
    write(id: string, lines: Line[], dir?: string) {
      const p = path(id, dir);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, jsonl(lines));
      return p;
    },
    append(id: string, lines: Line[], dir?: string) {
      appendFileSync(path(id, dir), jsonl(lines));
    },
    remove(id: string, dir?: string) {
      rmSync(path(id, dir));
    },
  };
}

// ---- reading back ----------------------------------------------------------------------

interface Row {
  key: string;
  ts: number;
  session_id: string | null;
  project: string | null;
  git_branch: string | null;
  entrypoint: string | null;
  version: string | null;
  model: string | null;
  sidechain: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  agent: string;
}

const run = (db: Db, env: Record<string, string | undefined>): ScanReport => scan(db, { env, sources: [codex] });
const rows = (db: Db) => db.prepare('SELECT * FROM responses ORDER BY ts, key').all() as Row[];
const sums = (db: Db) =>
  db.prepare(`SELECT count(*) AS n, coalesce(sum(input_tokens), 0) AS input, coalesce(sum(cache_read_tokens), 0) AS cached,
    coalesce(sum(cache_write_5m_tokens), 0) AS cw, coalesce(sum(output_tokens), 0) AS output, coalesce(sum(reasoning_tokens), 0) AS reasoning FROM responses`).get() as
    { n: number; input: number; cached: number; cw: number; output: number; reasoning: number };
const issues = (r: ScanReport) => Object.fromEntries(Object.entries(r.issues).map(([k, v]) => [k, v!.count]));

/** One line through parse, with a sink that records everything. */
function parseLines(lines: Line[], memo: Record<string, unknown> = {}) {
  const events: UsageEvent[] = [];
  const found: ParseIssue[] = [];
  const quota: QuotaReading[] = [];
  const sink = {
    event: (e: UsageEvent) => events.push(e), ledger: () => {}, quota: (q: QuotaReading) => quota.push(q), issue: (r: ParseIssue) => found.push(r),
    fingerprint: (text: string) => `fp(${text.length})`,
  };
  for (const l of lines) codex.parse(typeof l === 'string' ? l : JSON.stringify(l), Origin.Direct, sink, memo);
  return { events, issues: found, quota, memo };
}

// ---- turns and what the calls did --------------------------------------------------------

describe('turns and tool calls', () => {
  const prompt = (ts: string, text: string) => ({ timestamp: ts, type: 'event_msg', payload: { type: 'user_message', message: text, images: [] } });
  const call = (ts: string, name: string, args: unknown) => ({ timestamp: ts, type: 'response_item', payload: { type: 'function_call', name, arguments: JSON.stringify(args), call_id: 'c1' } });
  const patch = (ts: string, files: string[]) => ({
    timestamp: ts, type: 'response_item',
    payload: { type: 'custom_tool_call', name: 'apply_patch', call_id: 'c2', status: 'completed', input: `*** Begin Patch\n${files.map((f) => `*** Update File: ${f}\n@@\n-${SECRET}\n+${SECRET}`).join('\n')}\n*** End Patch` },
  });

  it('gives each call the turn of the prompt before it and the labels of the calls since the last call, never their text', () => {
    const { events } = parseLines([
      meta({ id: 'sess-t', ts: at(0) }), turn(at(1), 'gpt-5.3-codex'),
      prompt(at(2), `Fix the failing export ${SECRET}`),
      call(at(3), 'exec_command', { cmd: `npm test -- ${SECRET}` }),
      patch(at(4), [`src/${SECRET}.ts`, 'src/b.ts']),
      tokens(at(5), { input: 1000, output: 100 }),
      call(at(6), 'shell', { command: ['bash', '-lc', `git status && cat ${SECRET}`] }),
      tokens(at(7), { input: 2000, output: 200 }),
      prompt(at(8), 'thanks'),
      { timestamp: at(9), type: 'response_item', payload: { type: 'web_search_call', status: 'completed', action: { query: SECRET } } },
      tokens(at(10), { input: 3000, output: 300 }),
    ]);
    expect(events.map((e) => [e.turnId, e.topic, e.tools, e.actions])).toEqual([
      [`codex-turn:${at(2)}`, 'debugging', 'exec_command,apply_patch', `run:npm,check:test,edit:fp(${`src/${SECRET}.ts`.length}),edit:fp(8)`],
      [`codex-turn:${at(2)}`, 'debugging', 'shell', 'run:git,run:cat'],
      [`codex-turn:${at(8)}`, 'conversation', 'web_search', null],
    ]);
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});

// ---- the source's homes ----------------------------------------------------------------

describe('where Codex writes', () => {
  it('reads CODEX_HOME, else ~/.codex under HOME', () => {
    expect(codex.roots({ CODEX_HOME: 'rel/codex', HOME: '/home/u' })).toEqual([resolve('rel/codex')]);
    expect(codex.roots({ HOME: '/home/u' })).toEqual(['/home/u/.codex']);
    expect(codex.roots({ CODEX_HOME: '', HOME: '/home/u' })).toEqual(['/home/u/.codex']);
    expect(codex.logDir('/home/u/.codex')).toBe('/home/u/.codex');
  });

  it('takes rollout-*.jsonl under sessions/ and archived_sessions/ only', () => {
    const kind = codex.fileKind!;
    expect(kind('/h/.codex/sessions/2026/02/23/rollout-2026-02-23T12-40-23-019c8a4c.jsonl')).toBe('lines');
    expect(kind('/h/.codex/archived_sessions/rollout-2026-02-23T12-40-23-019c8a4c.jsonl')).toBe('lines');
    expect(kind('/h/.codex/history.jsonl')).toBeNull();
    expect(kind('/h/.codex/sessions/2026/02/23/notes.jsonl')).toBeNull();
    expect(kind('/h/.codex/log/rollout-2026-02-23T12-40-23-019c8a4c.jsonl')).toBeNull();
    expect(kind('/h/.codex/sessions/rollout-2026-02-23.json')).toBeNull();
  });

  it('knows its vendor: openai prices, exec as programmatic use, gpt-5 style families', () => {
    expect(codex.priceProviders).toEqual(['openai']);
    expect(codex.programmaticEntrypoint).toBe('exec');
    expect(codex.modelFamily('gpt-5.3-codex')).toBe('gpt-5');
    expect(codex.modelFamily('gpt-5.2-codex')).toBe('gpt-5');
    expect(codex.modelFamily('o4-mini')).toBe('o4');
    expect(codex.modelFamily('claude-opus-4-5-20251101')).toBeNull();
  });
});

// ---- counting ----------------------------------------------------------------------------

describe('cumulative totals become one row per model call', () => {
  it('stores uncached input, cached input, and output with the reasoning inside it', () => {
    const home = codexHome();
    home.write(uuid(1), [
      meta({ id: uuid(1), ts: at(6) }),
      ...chatter(at(6)),
      turn(at(6), 'gpt-5.3-codex'),
      tokens(at(10), null),
      tokens(at(19), { input: 17203, cached: 3456, output: 358, reasoning: 193 }),
      tokens(at(20), { input: 17203, cached: 3456, output: 358, reasoning: 193 }),
      tokens(at(30), { input: 40000, cached: 20000, output: 1000, reasoning: 400 }),
    ]);
    const db = openDb(':memory:');
    const report = run(db, home.env);
    expect(issues(report)).toEqual({});
    const [a, b] = rows(db);
    expect(rows(db)).toHaveLength(2);
    expect(a).toMatchObject({
      agent: 'codex', session_id: uuid(1), project: '/home/dev/api', git_branch: 'main', version: '0.104.0', entrypoint: 'cli',
      model: 'gpt-5.3-codex', ts: T0 + 19_000, sidechain: 0,
      input_tokens: 17203 - 3456, cache_read_tokens: 3456, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0, output_tokens: 358, reasoning_tokens: 193,
    });
    expect(b).toMatchObject({ input_tokens: 40000 - 17203 - (20000 - 3456), cache_read_tokens: 20000 - 3456, output_tokens: 1000 - 358, reasoning_tokens: 400 - 193 });
    // The key is the cumulative total at the row: the same wherever the same usage appears.
    expect(a!.key).toBe(`codex:${uuid(1)}:codex:17203:3456:0:358:193`);
  });

  it('takes cache writes (~0.146) out of the input, which counts them', () => {
    const { events, issues: found } = parseLines([
      meta({ id: uuid(2), ts: at(0), version: '0.146.0' }),
      turn(at(1), 'gpt-5.6-terra'),
      tokens(at(10), { input: 10000, cached: 6000, cacheWrite: 1000, output: 300, reasoning: 100 }),
      tokens(at(20), { input: 25000, cached: 16000, cacheWrite: 1500, output: 500, reasoning: 100 }),
    ]);
    expect(found).toEqual([]);
    expect(events.map((e) => [e.inputTokens, e.cacheReadTokens, e.cacheWrite5mTokens, e.cacheWrite1hTokens, e.outputTokens, e.reasoningTokens])).toEqual([
      [3000, 6000, 1000, 0, 300, 100],
      [4500, 10000, 500, 0, 200, 0],
    ]);
  });

  it('counts a repeated total once, however often it repeats', () => {
    const home = codexHome();
    const t1 = { input: 1000, cached: 0, output: 10, reasoning: 0 };
    const t2 = { input: 3000, cached: 1000, output: 30, reasoning: 5 };
    home.write(uuid(3), [meta({ id: uuid(3), ts: at(0) }), turn(at(1), 'gpt-5.3-codex'),
      tokens(at(10), t1), tokens(at(11), t1), tokens(at(12), t1), tokens(at(20), t2), tokens(at(21), t2)]);
    const db = openDb(':memory:');
    run(db, home.env);
    expect(sums(db)).toEqual({ n: 2, input: 2000, cached: 1000, cw: 0, output: 30, reasoning: 5 });
  });

  it('reads `info: null` as a quota reading without usage', () => {
    const home = codexHome();
    home.write(uuid(4), [meta({ id: uuid(4), ts: at(0) }), turn(at(1), 'gpt-5.3-codex'), tokens(at(2), null, { primary: { used: 12 }, secondary: { used: 3 } })]);
    const db = openDb(':memory:');
    const report = run(db, home.env);
    expect(issues(report)).toEqual({});
    expect(sums(db).n).toBe(0);
    expect(db.prepare('SELECT window, used_percentage FROM quota_snapshots ORDER BY window').all()).toEqual([
      { window: 'codex_five_hour', used_percentage: 12 },
      { window: 'codex_seven_day', used_percentage: 3 },
    ]);
  });

  it('keeps interleaved counters (one per limit_id) apart', () => {
    const home = codexHome();
    home.write(uuid(5), [meta({ id: uuid(5), ts: at(0) }), turn(at(1), 'gpt-5.3-codex'),
      tokens(at(10), { input: 1000, output: 10 }, { limitId: 'codex' }),
      tokens(at(20), { input: 500, output: 5 }, { limitId: 'codex_bengalfox', primary: { used: 90 } }),
      tokens(at(30), { input: 3000, output: 30 }, { limitId: 'codex' }),
      tokens(at(40), { input: 900, output: 9 }, { limitId: 'codex_bengalfox', primary: { used: 95 } }),
      tokens(at(41), { input: 900, output: 9 }, { limitId: 'codex_bengalfox', primary: { used: 95 } }),
    ]);
    const db = openDb(':memory:');
    const report = run(db, home.env);
    expect(issues(report)).toEqual({});
    expect(sums(db)).toMatchObject({ n: 4, input: 3000 + 900, output: 30 + 9 });
    expect(rows(db).map((r) => r.input_tokens)).toEqual([1000, 500, 2000, 400]);
    // The other bucket's quota is its own: the Codex 5-hour window shows Codex's reading.
    expect(db.prepare("SELECT used_percentage FROM quota_snapshots WHERE window = 'codex_five_hour'").pluck().all()).toEqual([1]);
  });

  it('reads rows without limit_id (older versions) as the codex counter', () => {
    const { events } = parseLines([
      meta({ id: uuid(6), ts: at(0), version: '0.89.0' }),
      tokens(at(10), { input: 1000, output: 10 }, { limitId: null }),
      tokens(at(20), { input: 1500, output: 15 }, { limitId: 'codex' }),
    ]);
    expect(events.map((e) => e.inputTokens)).toEqual([1000, 500]);
  });

  it('counts a counter that went backwards from zero again, and says so', () => {
    const home = codexHome();
    home.write(uuid(7), [meta({ id: uuid(7), ts: at(0) }), turn(at(1), 'gpt-5.3-codex'),
      tokens(at(10), { input: 1000, output: 100 }), tokens(at(20), { input: 2000, output: 200 }),
      tokens(at(30), { input: 500, output: 50 }), tokens(at(40), { input: 800, output: 80 })]);
    const db = openDb(':memory:');
    const report = run(db, home.env);
    expect(issues(report)).toEqual({ counter_reset: 1 });
    expect(sums(db)).toMatchObject({ n: 4, input: 2000 + 800, output: 200 + 80 });
  });

  it('leaves the model unknown before any turn_context, and follows the latest one', () => {
    const home = codexHome();
    home.write(uuid(8), [meta({ id: uuid(8), ts: at(0) }),
      tokens(at(10), { input: 1000, output: 10 }),
      turn(at(15), 'gpt-5.2-codex'), tokens(at(20), { input: 2000, output: 20 }),
      turn(at(25)), tokens(at(30), { input: 3000, output: 30 }), // a turn_context without a model keeps the previous one
      turn(at(35), 'gpt-5.3-codex'), tokens(at(40), { input: 4000, output: 40 })]);
    const db = openDb(':memory:');
    run(db, home.env);
    expect(rows(db).map((r) => r.model)).toEqual([null, 'gpt-5.2-codex', 'gpt-5.2-codex', 'gpt-5.3-codex']);
  });

  it('marks codex exec sessions with the programmatic entrypoint, and subagent threads as side chains', () => {
    const exec = parseLines([meta({ id: uuid(9), ts: at(0), source: 'exec' }), tokens(at(10), { input: 100, output: 1 })]);
    expect(exec.events[0]).toMatchObject({ entrypoint: 'exec', sidechain: false });
    expect(exec.events[0]!.entrypoint!.startsWith(codex.programmaticEntrypoint)).toBe(true);
    const sub = parseLines([meta({ id: uuid(10), ts: at(0), source: { subagent: { thread_spawn: { parent_thread_id: uuid(1), depth: 1 } } } }), tokens(at(10), { input: 100, output: 1 })]);
    expect(sub.events[0]).toMatchObject({ entrypoint: 'subagent', sidechain: true, sessionId: uuid(10) });
  });
});

// ---- forks -------------------------------------------------------------------------------

describe('forks count only what they used beyond the copied history', () => {
  const P = uuid(101);
  const F = uuid(102);
  const G = uuid(103);
  const S = uuid(104);
  const pTotals = [{ input: 10000, cached: 2000, output: 100, reasoning: 40 }, { input: 25000, cached: 15000, output: 250, reasoning: 90 }, { input: 45000, cached: 33000, output: 400, reasoning: 150 }];
  // Parent: three calls.
  const parent: Line[] = [meta({ id: P, ts: at(5), created: at(0) }), turn(at(5), 'gpt-5.3-codex'),
    tokens(at(10), pTotals[0]!), tokens(at(11), pTotals[0]!), tokens(at(20), pTotals[1]!), turn(at(21), 'gpt-5.3-codex'), tokens(at(30), pTotals[2]!)];
  const forkAt = 3600;
  const fTotals = [{ input: 60000, cached: 44000, output: 520, reasoning: 190 }, { input: 80000, cached: 60000, output: 700, reasoning: 260 }];
  /** The parent's history as a fork copies it: every line re-stamped to `when`, or kept as it was. */
  const copy = (lines: Line[], when: number | null) =>
    lines.map((l) => (typeof l === 'string' || when === null ? l : { ...l, timestamp: iso(T0 + when * 1000 + 30) }));
  const fork = (restamp: boolean): Line[] => [
    meta({ id: F, ts: at(forkAt), created: at(forkAt), forkedFrom: P }),
    ...copy(parent, restamp ? forkAt : null),
    turn(at(forkAt + 1), 'gpt-5.3-codex'),
    ...chatter(at(forkAt + 1)),
    tokens(at(forkAt + 2), null),
    tokens(at(forkAt + 14), fTotals[0]!),
    tokens(at(forkAt + 15), fTotals[0]!),
    tokens(at(forkAt + 40), fTotals[1]!),
  ];
  const gAt = 7200;
  const gTotal = { input: 100000, cached: 75000, output: 900, reasoning: 300 };
  const grandchild: Line[] = [
    meta({ id: G, ts: at(gAt), forkedFrom: F }),
    ...copy(fork(true), gAt),
    turn(at(gAt + 1), 'gpt-5.3-codex'),
    tokens(at(gAt + 20), gTotal),
  ];
  const pLast = pTotals[2]!;
  const fLast = fTotals[1]!;
  const own = (from: Usage, to: Usage) => ({ input: to.input - from.input, output: to.output - from.output });

  it('parent on disk: the parent once, the fork beyond it once', () => {
    const h = codexHome();
    h.write(P, parent);
    h.write(F, fork(true));
    const db = openDb(':memory:');
    const report = run(db, h.env);
    expect(issues(report)).toEqual({});
    // uncached input + cached input = input as logged
    const s = sums(db);
    expect(s.input + s.cached).toBe(pLast.input + own(pLast, fLast).input);
    expect(s.output).toBe(pLast.output + own(pLast, fLast).output);
    expect(s.reasoning).toBe(pLast.reasoning + (fLast.reasoning - pLast.reasoning));
    const forkRows = rows(db).filter((r) => r.session_id === F);
    expect(forkRows).toHaveLength(2);
    // The copy of the parent's session_meta inside the fork does not make its rows the parent's.
    expect(rows(db).filter((r) => r.session_id === P)).toHaveLength(3);
    expect(forkRows[0]).toMatchObject({ ts: T0 + (forkAt + 14) * 1000, input_tokens: 60000 - 45000 - (44000 - 33000), cache_read_tokens: 11000, output_tokens: 120, reasoning_tokens: 40 });
  });

  it('parent gone (archived elsewhere, deleted): still only the fork’s own usage', () => {
    const h = codexHome();
    h.write(F, fork(true));
    const db = openDb(':memory:');
    run(db, h.env);
    const s = sums(db);
    expect(s).toMatchObject({ n: 2, output: own(pLast, fLast).output, reasoning: fLast.reasoning - pLast.reasoning });
    expect(s.input + s.cached).toBe(own(pLast, fLast).input);
  });

  it('older versions that kept the parent’s own timestamps in the copy', () => {
    const h = codexHome();
    h.write(P, parent);
    h.write(F, fork(false));
    const db = openDb(':memory:');
    run(db, h.env);
    const s = sums(db);
    expect(s.output).toBe(fLast.output);
    expect(s.input + s.cached).toBe(fLast.input);
  });

  it('a fork of a fork: each generation once', () => {
    const h = codexHome();
    h.write(P, parent);
    h.write(F, fork(true));
    h.write(G, grandchild);
    const db = openDb(':memory:');
    run(db, h.env);
    const s = sums(db);
    expect(s.input + s.cached).toBe(gTotal.input);
    expect(s.output).toBe(gTotal.output);
    expect(s.reasoning).toBe(gTotal.reasoning);
    expect(rows(db).filter((r) => r.session_id === G).map((r) => r.output_tokens)).toEqual([gTotal.output - fLast.output]);
    // And without its ancestors on disk: its own call alone.
    const alone = codexHome();
    alone.write(G, grandchild);
    const db2 = openDb(':memory:');
    run(db2, alone.env);
    expect(sums(db2)).toMatchObject({ n: 1, output: gTotal.output - fLast.output });
  });

  it('a subagent thread whose counter starts from zero (nothing copied) is counted whole', () => {
    const { events } = parseLines([
      meta({ id: S, ts: at(100), forkedFrom: P, source: { subagent: { thread_spawn: { parent_thread_id: P, depth: 1 } } } }),
      turn(at(100), 'gpt-5.3-codex'),
      tokens(at(100.5), null),
      tokens(at(100 + REPLAY_WINDOW_MS / 1000 + 3), { input: 14700, cached: 0, output: 80, reasoning: 20 }),
      tokens(at(130), { input: 30000, cached: 14000, output: 160, reasoning: 40 }),
    ]);
    expect(events.map((e) => e.outputTokens)).toEqual([80, 80]);
  });

  it('a fork resumed mid-prefix by a later scan keeps the prefix out', () => {
    const h = codexHome();
    const lines = fork(true);
    const cut = lines.findIndex((l) => typeof l !== 'string' && (l.payload as Record<string, unknown>).type === 'token_count' && l.timestamp !== undefined) + 2;
    h.write(F, lines.slice(0, cut));
    const db = openDb(tempDb());
    run(db, h.env);
    expect(sums(db).n).toBe(0);
    h.append(F, lines.slice(cut));
    run(db, h.env);
    expect(sums(db)).toMatchObject({ n: 2, output: own(pLast, fLast).output });
  });
});

// ---- incremental ---------------------------------------------------------------------------

describe('a rescan resumes from the memo', () => {
  it('adds only the new delta, and ends where one scan of the whole file ends', () => {
    const id = uuid(201);
    const first: Line[] = [meta({ id, ts: at(0) }), turn(at(1), 'gpt-5.2-codex'), ...chatter(at(1)),
      tokens(at(10), { input: 1000, cached: 100, output: 10, reasoning: 2 }),
      tokens(at(20), { input: 3000, cached: 1000, output: 40, reasoning: 9 }, { limitId: 'codex' }),
      tokens(at(25), { input: 700, output: 7 }, { limitId: 'codex_bengalfox' })];
    const second: Line[] = [tokens(at(30), { input: 3000, cached: 1000, output: 40, reasoning: 9 }),
      turn(at(31), 'gpt-5.3-codex'),
      tokens(at(40), { input: 9000, cached: 5000, output: 100, reasoning: 30 }),
      tokens(at(45), { input: 1700, output: 17 }, { limitId: 'codex_bengalfox' })];
    const home = codexHome();
    home.write(id, first);
    const db = openDb(tempDb());
    run(db, home.env);
    expect(sums(db).n).toBe(3);
    home.append(id, second);
    const again = run(db, home.env);
    expect(again.responsesAdded).toBe(2);
    const added = rows(db).filter((r) => r.ts >= T0 + 30_000);
    expect(added.map((r) => [r.model, r.input_tokens + r.cache_read_tokens, r.output_tokens])).toEqual([['gpt-5.3-codex', 6000, 60], ['gpt-5.3-codex', 1000, 10]]);

    const whole = codexHome();
    whole.write(id, [...first, ...second]);
    const once = openDb(':memory:');
    run(once, whole.env);
    const strip = (rs: Row[]) => rs.map(({ key, ts, model, input_tokens, cache_read_tokens, output_tokens, reasoning_tokens }) => ({ key, ts, model, input_tokens, cache_read_tokens, output_tokens, reasoning_tokens }));
    expect(strip(rows(db))).toEqual(strip(rows(once)));
  });
});

// ---- damage --------------------------------------------------------------------------------

describe('damaged lines are counted, never fatal', () => {
  it('skips a bad total and lets the next row’s delta cover it', () => {
    const id = uuid(301);
    const home = codexHome();
    const good = (s: number, input: number, output: number) => tokens(at(s), { input, output });
    const raw = (s: number, total: unknown) => tokens(at(s), null, { rawTotal: total });
    home.write(id, [meta({ id, ts: at(0) }), turn(at(1), 'gpt-5.3-codex'),
      good(10, 1000, 10),
      '{"timestamp":"2026-02-23T11:40:45.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tok',
      raw(20, { input_tokens: 'lots', cached_input_tokens: 0, output_tokens: 20, reasoning_output_tokens: 0 }),
      raw(21, { input_tokens: 1e300, cached_input_tokens: 0, output_tokens: 20, reasoning_output_tokens: 0 }),
      raw(22, { input_tokens: -5, cached_input_tokens: 0, output_tokens: 20, reasoning_output_tokens: 0 }),
      raw(23, { input_tokens: 2000, cached_input_tokens: 3000, output_tokens: 20, reasoning_output_tokens: 0 }), // cached above input
      raw(24, { input_tokens: 2000, cached_input_tokens: 0, output_tokens: 20, reasoning_output_tokens: 50 }), // reasoning above output
      raw(25, { cached_input_tokens: 0, output_tokens: 20 }), // no input at all
      raw(26, 'not an object'),
      tokens(undefined, { input: 1500, output: 15 }), // no timestamp
      tokens('yesterday', { input: 1500, output: 15 }),
      tokens(at(27), { input: 1600, output: 16 }, { primary: { used: 'half' }, secondary: { used: 1e300 } }),
      '[1,2,"token_count"]',
      good(30, 3000, 30)]);
    const db = openDb(':memory:');
    const report = run(db, home.env);
    expect(issues(report)).toEqual({ malformed_json: 2, bad_field: 8, bad_usage: 1, missing_timestamp: 2 });
    // 1000, then 600 at row 27 (its usage kept, its readings refused), then the rest at row 30.
    expect(rows(db).map((r) => [r.input_tokens, r.output_tokens])).toEqual([[1000, 10], [600, 6], [1400, 14]]);
    expect(db.prepare('SELECT count(*) FROM quota_snapshots').pluck().get()).toBe(2);
  });

  it('refuses a delta no response can reach, and counts on from there', () => {
    const { events, issues: found } = parseLines([meta({ id: uuid(302), ts: at(0) }),
      tokens(at(10), { input: 1000, output: 10 }),
      tokens(at(20), { input: 3_000_001_000, output: 20 }), // a total this size is real in a long session; one call of 3·10⁹ is not
      tokens(at(30), { input: 3_000_002_000, output: 30 })]);
    expect(found).toEqual(['bad_field']);
    expect(events.map((e) => [e.inputTokens, e.outputTokens])).toEqual([[1000, 10], [1000, 10]]);
  });

  it('stores no zero-token call for a first total of zeros, which sessions whose meta was lost would all share', () => {
    // Two rollouts whose session_meta line is unreadable: both totals would be keyed codex:-:codex:0:0:0:0:0.
    const home = codexHome();
    const zero = { input: 0, cached: 0, output: 0, reasoning: 0 };
    home.write(uuid(303), ['\uFEFF' + JSON.stringify(meta({ id: uuid(303), ts: at(0), cwd: '/home/dev/a' })), turn(at(1), 'gpt-5.3-codex'), tokens(at(10), zero), tokens(at(20), { input: 100, output: 5 })]);
    home.write(uuid(304), ['\uFEFF' + JSON.stringify(meta({ id: uuid(304), ts: at(0), cwd: '/home/dev/b' })), turn(at(1), 'gpt-5.3-codex'), tokens(at(50), zero)]);
    const db = openDb(':memory:');
    const report = run(db, home.env);
    expect(issues(report)).toEqual({ malformed_json: 2 });
    expect(rows(db).map((r) => [r.input_tokens, r.output_tokens])).toEqual([[100, 5]]);
    // A counter restarted at zero: reported, and nothing stored for it.
    const { events, issues: found } = parseLines([meta({ id: uuid(305), ts: at(0) }), tokens(at(10), { input: 100, output: 5 }), tokens(at(20), zero), tokens(at(30), { input: 40, output: 2 })]);
    expect(found).toEqual(['counter_reset']);
    expect(events.map((e) => [e.inputTokens, e.outputTokens])).toEqual([[100, 5], [40, 2]]);
  });

  it('refuses a limit_id holding half of a surrogate pair, which the key could not be made of, and the scan goes on', () => {
    const home = codexHome();
    home.write(uuid(306), [meta({ id: uuid(306), ts: at(0) }), turn(at(1), 'gpt-5.3-codex'),
      tokens(at(10), { input: 100, output: 5 }, { limitId: '\ud800' }), tokens(at(20), { input: 300, output: 9 }, { limitId: 'codex_\udfff' }),
      tokens(at(30), { input: 500, output: 12 }, { limitId: 'codex_😀' })]);
    const db = openDb(':memory:');
    let report: ScanReport | undefined;
    expect(() => (report = run(db, home.env))).not.toThrow();
    expect(issues(report!)).toEqual({ bad_field: 2 });
    // A whole pair (an emoji) is text like any other.
    expect(rows(db).map((r) => [r.key, r.input_tokens, r.output_tokens])).toEqual([[`codex:${uuid(306)}:${encodeURIComponent('codex_😀')}:500:0:0:12:0`, 500, 12]]);
  });

  it('ignores a rollout-named file of another format after saying so once', () => {
    const home = codexHome();
    home.write(uuid(303), [{ kind: 'token_count', n: 1 }, meta({ id: uuid(303), ts: at(0) }), tokens(at(10), { input: 1000, output: 10 })]);
    const db = openDb(':memory:');
    const report = run(db, home.env);
    expect(issues(report)).toEqual({ wrong_format: 1 });
    expect(sums(db).n).toBe(0);
    home.append(uuid(303), [tokens(at(20), { input: 2000, output: 20 })]);
    expect(issues(run(db, home.env))).toEqual({});
    expect(sums(db).n).toBe(0);
  });

  it('reads a quota window only when it is one of Codex’s two, with a used share from 0 to 100', () => {
    const { quota, issues: found } = parseLines([meta({ id: uuid(304), ts: at(0) }),
      tokens(at(10), null, { primary: { used: 42.5, resetsAt: 1771864831 }, secondary: { used: 7, minutes: 60 } }),
      tokens(at(20), null, { primary: { used: 101 }, secondary: { used: 8, resetsAt: 'soon' } })]);
    expect(quota).toEqual([
      { window: 'codex_five_hour', ts: T0 + 10_000, usedPercentage: 42.5, resetsAt: 1771864831_000 },
      { window: 'codex_seven_day', ts: T0 + 20_000, usedPercentage: 8, resetsAt: null },
    ]);
    expect(found).toEqual(['bad_field', 'bad_field']);
  });
});

// ---- quota and content -----------------------------------------------------------------------

describe('what reaches the database', () => {
  it('stores the latest reading of each window in quota_snapshots', () => {
    const home = codexHome();
    home.write(uuid(401), [meta({ id: uuid(401), ts: at(0) }),
      tokens(at(10), null, { primary: { used: 10, resetsAt: 1771864831 }, secondary: { used: 4, resetsAt: 1772355703 } }),
      tokens(at(20), { input: 100, output: 1 }, { primary: { used: 11, resetsAt: 1771864831 }, secondary: { used: 5, resetsAt: 1772355703 } })]);
    const db = openDb(':memory:');
    run(db, home.env);
    expect(db.prepare('SELECT * FROM quota_snapshots ORDER BY window').all()).toEqual([
      { window: 'codex_five_hour', ts: T0 + 20_000, used_percentage: 11, resets_at: 1771864831_000, session_id: null },
      { window: 'codex_seven_day', ts: T0 + 20_000, used_percentage: 5, resets_at: 1772355703_000, session_id: null },
    ]);
  });

  it('keeps no word of the conversation, in rows or in the memo', () => {
    const home = codexHome();
    const id = uuid(402);
    home.write(id, [meta({ id, ts: at(0), forkedFrom: uuid(1) }), turn(at(1), 'gpt-5.3-codex'), ...chatter(at(1)),
      tokens(at(10), { input: 100, output: 1 }), ...chatter(at(11)), turn(at(12), 'gpt-5.3-codex'), tokens(at(20), { input: 200, output: 2 })]);
    const db = openDb(':memory:');
    run(db, home.env);
    const everything = JSON.stringify([
      db.prepare('SELECT * FROM responses').all(),
      db.prepare('SELECT * FROM files').all(),
      db.prepare('SELECT * FROM quota_snapshots').all(),
    ]);
    expect(everything).not.toContain(SECRET);
    const cursor = db.prepare('SELECT cursor FROM files').pluck().get() as string;
    // The turn's id (the prompt's time) and topic are kept; the words that gave the topic are not.
    expect(Object.keys(JSON.parse(cursor)).sort()).toEqual(['br', 'c', 'cwd', 'ep', 'f', 'm', 'model', 'sid', 't', 'tp', 'ver']);
    expect(JSON.parse(cursor)).toMatchObject({ t: `codex-turn:${at(11)}`, tp: 'debugging' });
  });
});

// ---- real rollouts ---------------------------------------------------------------------------

const REAL = '/work/shared/real-logs/codex-localpush/codex-home';

describe('real rollouts', () => {
  it.skipIf(!existsSync(REAL))('gives the reference figures per UTC day (codex-localpush, SOURCES.md)', () => {
    const db = openDb(':memory:');
    const report = run(db, { CODEX_HOME: REAL, HOME: REAL });
    expect(report.filesRead).toBe(6);
    expect(issues(report)).toEqual({});
    const days = db.prepare(`SELECT strftime('%Y-%m-%d', ts / 1000, 'unixepoch') AS day, count(*) AS calls,
        sum(input_tokens + cache_read_tokens + cache_write_5m_tokens) AS input, sum(cache_read_tokens) AS cached,
        sum(output_tokens) AS output, sum(reasoning_tokens) AS reasoning, count(DISTINCT model) AS models
      FROM responses GROUP BY day ORDER BY day`).all();
    expect(days).toEqual([
      { day: '2026-02-23', calls: expect.any(Number), input: 34_082_306, cached: 32_389_760, output: 156_921, reasoning: 64_401, models: 1 },
      { day: '2026-02-24', calls: expect.any(Number), input: 15_757_447, cached: 14_299_392, output: 66_257, reasoning: 17_733, models: 1 },
    ]);
    // 965 token_count rows: 480 repeat the previous total, 485 carry calls.
    expect(sums(db).n).toBe(485);
    expect(db.prepare('SELECT DISTINCT model FROM responses').pluck().all()).toEqual(['gpt-5.3-codex']);
    expect(db.prepare('SELECT count(*) FROM quota_snapshots').pluck().get()).toBe(2);
  });
});

// ---- prices ----------------------------------------------------------------------------------

describe('prices for the models Codex logs', () => {
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'runway-prices-'));
    if (!SOURCES.includes(codex)) (SOURCES as Source[]).push(codex);
  });
  afterAll(() => {
    const i = SOURCES.indexOf(codex);
    if (i >= 0) (SOURCES as Source[]).splice(i, 1);
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('prices gpt-5.3-codex and gpt-5.2-codex from the price package, and leaves an unknown model unpriced', async () => {
    const table = await loadPriceTable({ cacheDir });
    const day = new Date('2026-02-23T12:00:00Z');
    for (const model of ['gpt-5.3-codex', 'gpt-5.2-codex']) {
      const p = table.lookup(model, day);
      expect(p, model).not.toBeNull();
      expect(p!.from).toBe('price package');
      expect(p!.base.input).toBeGreaterThan(0);
      expect(p!.base.cacheRead).toBeLessThan(p!.base.input);
      expect(p!.base.output).toBeGreaterThan(p!.base.input);
    }
    expect(table.lookup('gpt-9-imaginary-codex', day)).toBeNull();
  });
});

describe('a settled last line without a newline', () => {
  it("is read without its totals becoming the file's state: a rewrite of that line is counted against the line before it", () => {
    const h = codexHome();
    const id = uuid(901);
    const head = jsonl([meta({ id, ts: at(0) }), turn(at(1), 'gpt-5.3-codex'), tokens(at(10), { input: 100, output: 10 })]);
    const p = h.path(id);
    mkdirSync(dirname(p), { recursive: true });
    // Copied or archived logs end without a newline; an hour old, the last line counts as settled.
    writeFileSync(p, head + JSON.stringify(tokens(at(20), { input: 1000, output: 100 })));
    const old = new Date(T0 - 3_600_000);
    utimesSync(p, old, old);
    const db = openDb(tempDb());
    run(db, h.env);
    // The unfinished line turns out to be damaged, and a real row follows.
    appendFileSync(p, 'x\n' + JSON.stringify(tokens(at(30), { input: 500, output: 50 })) + '\n');
    const again = run(db, h.env);
    expect(again.issues.counter_reset).toBeUndefined();
    // The 500/50 row is 400/40 past the last complete line (100/10), as a fresh scan reads it.
    const fresh = openDb(tempDb());
    run(fresh, h.env);
    const last = (d: Db) => d.prepare('SELECT input_tokens, output_tokens FROM responses ORDER BY ts DESC LIMIT 1').get();
    expect(last(db)).toEqual(last(fresh));
    expect(last(fresh)).toEqual({ input_tokens: 400, output_tokens: 40 });
  });
});
