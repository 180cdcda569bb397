// Source adapter for GitHub Copilot CLI (${COPILOT_HOME:-~/.copilot}). Two places describe the
// same sessions: each session's session-state/<id>/events.jsonl, whose `session.shutdown`
// event carries the session's per-model totals, and session-store.db, one row per model call
// in `assistant_usage_events`. Both emit one event per (session, model), under the same key,
// carrying the session's whole total for that model: the store keeps the sighting with the
// most output, so a session both describe counts once, whichever is read first. README.md
// beside this file says where each field and rule comes from.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { Origin, type EventSink, type FileKind, type FileMemo, type Source, type UsageEvent } from '../types.js';
import { MAX_COUNT, MAX_LOGGED_COST, readText, validCost, validCount, validText, validTimestamp } from '../limits.js';
import { isRecord } from '../../lib/record.js';

type Rec = Record<string, unknown>;

/** GitHub AI credits: 1 credit = 10⁹ nano-AIU = $0.01 (Copilot's usage-based billing, since 2026-06-01). */
export const USD_PER_NANO_AIU = 1e-11;

/** The largest session total read from a shutdown (a long session passes MAX_COUNT, one response's bound). */
const MAX_TOTAL = 1e15;
/** The largest nano-AIU figure read: the one that makes MAX_LOGGED_COST dollars. */
const MAX_NANO = MAX_LOGGED_COST / USD_PER_NANO_AIU;
/** More models than this in one session is not a real log: the rest are not read. */
const MAX_MODELS = 64;
/** How long a read waits for Copilot's own writer to release a lock, ms. */
const BUSY_TIMEOUT_MS = 2_000;

/**
 * One model's figures in a shutdown snapshot, or summed: input (including cache reads and
 * writes), output (including reasoning), cache reads, cache writes, reasoning, requests,
 * premium requests, nano-AIU (-1: not known).
 */
type Vals = [number, number, number, number, number, number, number, number];
const IN = 0;
const OUT = 1;
const CR = 2;
const CW = 3;
const RS = 4;
const REQ = 5;
const PREM = 6;
const NANO = 7;
const ZERO: Vals = [0, 0, 0, 0, 0, 0, 0, 0];

/**
 * The memo of one events.jsonl (FileMemo), short names since it is saved with every file state:
 * sid, ver, cwd, br  the session's id, Copilot version, working directory and git branch (session.start)
 * rs   1 when the session was resumed since the last shutdown that reported metrics
 * ck   1 once a session.usage_checkpoint was seen: a Copilot that restores its totals on resume
 * m    per model: [model, done, last, premium counted], done being what earlier segments
 *      summed that the last snapshot does not include, last the last snapshot's figures
 * ps   the session-level premium requests of logs without a per-model split: [done, last, counted]
 */
interface Memo {
  sid?: string;
  ver?: string;
  cwd?: string;
  br?: string;
  rs?: 1;
  ck?: 1;
  m?: unknown[];
  ps?: unknown[];
}

type ModelState = [string, Vals, Vals | null, number];

/** Copilot CLI's home: COPILOT_HOME, else ~/.copilot (XDG_CONFIG_HOME moved only configuration, never the session state, and is no longer honoured). */
function roots(env: Record<string, string | undefined>): string[] {
  const configured = env.COPILOT_HOME?.trim();
  return [resolve(configured ? configured : join(env.HOME || homedir(), '.copilot'))];
}

/** session-state/<session id>/events.jsonl as lines; session-store.db (the home's, not one inside a session folder) as a database. */
function fileKind(path: string): FileKind | null {
  const parts = path.split(sep);
  const name = parts[parts.length - 1];
  if (name === 'events.jsonl') return parts[parts.length - 3] === 'session-state' && parts[parts.length - 2] ? 'lines' : null;
  if (name === 'session-store.db') return parts.includes('session-state') ? null : 'database';
  return null;
}

// ---------------------------------------------------------------- events.jsonl

function parse(text: string, origin: Origin, sink: EventSink, raw: FileMemo): void {
  const memo = raw as Memo;
  let rec: unknown;
  try {
    rec = JSON.parse(text);
  } catch {
    sink.issue('malformed_json');
    return;
  }
  if (!isRecord(rec)) {
    sink.issue('malformed_json');
    return;
  }
  const data = isRecord(rec.data) ? rec.data : null;
  switch (rec.type) {
    case 'session.start':
      if (data) fromStart(data, memo, sink);
      break;
    case 'session.resume':
      memo.rs = 1;
      break;
    case 'session.usage_checkpoint':
      memo.ck = 1;
      break;
    case 'session.shutdown':
      fromShutdown(rec, memo, origin, sink);
      break;
  }
}

/** The session's id, version and place, from its first session.start. */
function fromStart(data: Rec, memo: Memo, sink: EventSink): void {
  if (memo.sid) return;
  const bad = () => sink.issue('bad_field');
  const sid = readText(data.sessionId, bad);
  if (!sid) return;
  memo.sid = sid;
  const ver = readText(data.copilotVersion, bad);
  if (ver) memo.ver = ver;
  if (isRecord(data.context)) {
    const cwd = readText(data.context.cwd, bad);
    const br = readText(data.context.branch, bad);
    if (cwd) memo.cwd = cwd;
    if (br) memo.br = br;
  }
}

/**
 * A shutdown: `data.modelMetrics[model]` = {requests: {count, cost}, usage: {inputTokens,
 * outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens}, totalNanoAiu}. Each
 * model's session total is emitted as one event; premium requests, which the database does
 * not have, as an event of their own per shutdown (what this shutdown added), so that no
 * order of reading can lose them.
 *
 * A resumed session writes one shutdown per process. Copilot builds that restore their
 * accounting on resume (their shutdowns carry `eventsFileSizeBytes`, and they write
 * `session.usage_checkpoint`) write cumulative snapshots: the last one is the session. Older
 * builds start every process from zero: each snapshot after a resume is a segment of its
 * own, added to the ones before. A snapshot smaller than the previous one is a restart in
 * either case.
 */
function fromShutdown(rec: Rec, memo: Memo, origin: Origin, sink: EventSink): void {
  const data = rec.data;
  if (!isRecord(data)) {
    sink.issue('bad_usage');
    return;
  }
  if (data.modelMetrics === undefined || data.modelMetrics === null) return;
  if (!isRecord(data.modelMetrics)) {
    sink.issue('bad_usage');
    return;
  }
  const ts = validTimestamp(rec.timestamp);
  if (ts === null) {
    sink.issue('missing_timestamp');
    return;
  }
  const sid = validText(memo.sid);
  if (!sid) {
    // No session.start before it: nothing to key the totals by, nor to match the database's rows with.
    sink.issue('wrong_format');
    return;
  }
  const { snaps, sessionPremium } = readSnapshot(data, sink);
  if (!snaps.length) return;
  const cumulative = data.eventsFileSizeBytes !== undefined || memo.ck === 1;
  const resumed = memo.rs === 1;
  const states = memoModels(memo);
  const shutdownId = validText(rec.id) ?? String(ts);
  const premiumEvent = (model: string, premium: number): UsageEvent => ({
    ...emptyEvent(sid, model, ts, memo, origin), key: `copilot:${sid}:${model}:premium:${shutdownId}`, premiumRequests: premium,
  });
  let restarted = false;
  for (const [model, v] of snaps) {
    let state = states.find((s) => s[0] === model);
    if (!state) {
      if (states.length >= MAX_MODELS) continue;
      state = [model, [...ZERO], null, 0];
      states.push(state);
    }
    const last = state[2];
    if (last) {
      // Premium requests are left out: without a per-model split they are placed, not observed.
      const decreased = v.some((x, k) => k !== PREM && k !== NANO && x < last[k]!) || (v[NANO] >= 0 && last[NANO] >= 0 && v[NANO] < last[NANO]);
      if (decreased) restarted = true;
      if (decreased || (!cumulative && resumed)) state[1] = add(state[1], last);
    }
    state[2] = v;
    const total = add(state[1], v);
    const event = usageEvent(sid, model, ts, total, memo, origin, sink);
    if (event) sink.event(event);
    const premium = total[PREM] - state[3];
    if (premium > 1e-9) {
      sink.event(premiumEvent(model, premium));
      state[3] = total[PREM];
    }
  }
  // A session-level figure only: counted at the session's level, in the same segments, and what
  // this shutdown added put on the model that made the most requests (then most output, then the
  // first by name).
  if (sessionPremium !== null) {
    const [done0, last, counted] = memoPremium(memo);
    let done = done0;
    if (last !== null && (sessionPremium < last || restarted || (!cumulative && resumed))) done += last;
    const total = done + sessionPremium;
    let next = counted;
    if (total - counted > 1e-9) {
      const top = [...snaps].sort((a, b) => b[1][REQ] - a[1][REQ] || b[1][OUT] - a[1][OUT] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]!;
      sink.event(premiumEvent(top[0], total - counted));
      next = total;
    }
    memo.ps = [done, sessionPremium, next];
  }
  if (restarted && cumulative) sink.issue('counter_reset');
  memo.m = states;
  delete memo.rs;
}

/**
 * Every model's figures in one shutdown. Premium requests are the models' own `requests.cost`
 * when the shutdown has them; else the session-level `totalPremiumRequests` is returned apart.
 */
function readSnapshot(data: Rec, sink: EventSink): { snaps: [string, Vals][]; sessionPremium: number | null } {
  const bad = () => sink.issue('bad_field');
  const snaps: [string, Vals][] = [];
  let split = false;
  for (const [name, metric] of Object.entries(data.modelMetrics as Rec).slice(0, MAX_MODELS)) {
    const model = readText(name, bad);
    if (!model || !isRecord(metric) || !isRecord(metric.usage)) {
      if (model && metric !== undefined && metric !== null) sink.issue('bad_usage');
      continue;
    }
    const u = metric.usage;
    const req = isRecord(metric.requests) ? metric.requests : {};
    const v: Vals = [
      total(u.inputTokens, bad), total(u.outputTokens, bad), total(u.cacheReadTokens, bad), total(u.cacheWriteTokens, bad),
      total(u.reasoningTokens, bad), total(req.count, bad), 0, -1,
    ];
    // requests.cost: the premium requests this model's calls used (its multiplier times its prompts).
    if (req.cost !== undefined && req.cost !== null) {
      split = true;
      v[PREM] = amount(req.cost, MAX_COUNT, bad);
    }
    if (metric.totalNanoAiu !== undefined && metric.totalNanoAiu !== null) v[NANO] = amount(metric.totalNanoAiu, MAX_NANO, bad, -1);
    snaps.push([model, v]);
  }
  const sessionPremium = !split && data.totalPremiumRequests !== undefined && data.totalPremiumRequests !== null ? amount(data.totalPremiumRequests, MAX_COUNT, bad) : null;
  return { snaps, sessionPremium };
}

/** The session-level premium requests state: [done, last snapshot, counted]. */
function memoPremium(memo: Memo): [number, number | null, number] {
  const p = memo.ps;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (!Array.isArray(p) || p.length !== 3) return [0, null, 0];
  const [done, last, counted] = p as unknown[];
  return num(done) && (last === null || num(last)) && num(counted) ? [done, last, counted] : [0, null, 0];
}

/** The memo's per-model states, checked (the memo was JSON in the database); a damaged one starts over. */
function memoModels(memo: Memo): ModelState[] {
  if (!Array.isArray(memo.m)) return [];
  const out: ModelState[] = [];
  for (const s of memo.m) {
    if (!Array.isArray(s) || s.length !== 4 || validText(s[0]) === null || !isVals(s[1]) || !(s[2] === null || isVals(s[2])) || typeof s[3] !== 'number' || !Number.isFinite(s[3])) continue;
    out.push(s as ModelState);
  }
  return out;
}

function isVals(v: unknown): v is Vals {
  return Array.isArray(v) && v.length === 8 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= -1);
}

function add(a: Vals, b: Vals): Vals {
  return a.map((x, k) => (k === NANO ? (x < 0 || b[k]! < 0 ? -1 : x + b[k]!) : x + b[k]!)) as Vals;
}

// ---------------------------------------------------------------- session-store.db

/** The columns a usage row must have; the others are read when present. */
const REQUIRED = ['session_id', 'model', 'input_tokens', 'output_tokens'] as const;
const OPTIONAL = ['cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'total_nano_aiu', 'created_at'] as const;

interface Group {
  sid: string;
  model: string | null;
  v: Vals;
  uncached: number;
  ts: number | null;
}

/**
 * The database: every row of every session that has rows past the cursor (the highest rowid
 * read), summed per (session, model), so that each event carries the session's whole total.
 * Read-only, in one read transaction (a consistent snapshot beside Copilot's live writer in
 * WAL mode). Columns are found with PRAGMA table_info; a store without the table or its
 * required columns is not a format this source knows.
 */
function readDatabase(path: string, cursor: string | null, sink: EventSink): string | null {
  companionsAreFiles(path);
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    if (unchangedSince(db, cursor)) return cursor;
    const cols = columns(db, 'assistant_usage_events');
    if (!REQUIRED.every((c) => cols.has(c))) {
      sink.issue('wrong_format');
      return cursor;
    }
    const pick = (c: string) => (cols.has(c) ? `"${c}"` : 'NULL');
    const sessionCols = columns(db, 'sessions');
    const touched = 'SELECT DISTINCT session_id FROM assistant_usage_events WHERE rowid > ?';
    const read = db.transaction((prev: { mark: number; first: string | null }) => {
      const max = db.prepare('SELECT max(rowid) FROM assistant_usage_events').pluck().get() as number | null;
      const firstRow = db.prepare(`SELECT rowid, session_id, ${pick('created_at')} FROM assistant_usage_events ORDER BY rowid LIMIT 1`).raw().get();
      const first = firstRow === undefined ? null : rowFingerprint(firstRow);
      // A mark past the last row, or a first row that is not the one seen before: the store was
      // replaced, rebuilt or pruned, so all of it is read again (summing again is safe).
      const from = (max !== null && max < prev.mark) || (prev.first !== null && first !== prev.first) ? 0 : prev.mark;
      const rows = db
        .prepare(`SELECT session_id, model, input_tokens, output_tokens, ${OPTIONAL.map(pick).join(', ')}
          FROM assistant_usage_events WHERE session_id IN (${touched})`)
        .raw()
        .all(from) as unknown[][];
      const sessions = sessionCols.has('id')
        ? (db
            .prepare(`SELECT id, ${['cwd', 'branch', 'created_at'].map((c) => (sessionCols.has(c) ? `"${c}"` : 'NULL')).join(', ')}
              FROM sessions WHERE id IN (${touched})`)
            .raw()
            .all(from) as unknown[][])
        : [];
      return { max, first, rows, sessions };
    });
    const { max, first, rows, sessions } = read(parseCursor(cursor));
    const bad = () => sink.issue('bad_field');
    const groups = new Map<string, Group>();
    for (const r of rows) {
      const sid = readText(r[0], bad);
      if (!sid) continue;
      const model = readText(r[1], bad);
      const count = (x: unknown): number => {
        if (x === null || x === undefined) return 0;
        const n = validCount(x);
        if (n === null) bad();
        return n ?? 0;
      };
      const [input, output, cr, cw, rs] = [count(r[2]), count(r[3]), count(r[4]), count(r[5]), count(r[6])];
      const nano = r[7] === null || r[7] === undefined ? -1 : amount(r[7], MAX_NANO, bad, -1);
      const ts = sqliteTime(r[8]);
      const key = `copilot:${sid}:${model ?? ''}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { sid, model, v: [...ZERO], uncached: 0, ts: null }));
      // input_tokens counts cache reads and writes too: the uncached part is what is left.
      if (cr + cw > input) bad();
      g.uncached += Math.max(0, input - cr - cw);
      g.v = add(g.v, [input, output, cr, cw, rs, 1, 0, nano]);
      if (ts !== null && (g.ts === null || ts > g.ts)) g.ts = ts;
    }
    const meta = new Map<string, { cwd: string | null; br: string | null; created: number | null }>();
    for (const s of sessions) {
      const id = validText(s[0]);
      if (id) meta.set(id, { cwd: readText(s[1], bad), br: readText(s[2], bad), created: sqliteTime(s[3]) });
    }
    for (const [key, g] of groups) {
      const m = meta.get(g.sid);
      const ts = g.ts ?? m?.created ?? null;
      if (ts === null) {
        sink.issue('missing_timestamp');
        continue;
      }
      const e = usageEvent(g.sid, g.model, ts, g.v, { cwd: m?.cwd ?? undefined, br: m?.br ?? undefined }, Origin.Direct, sink, g.uncached);
      if (e) sink.event({ ...e, key });
    }
    return max === null ? cursor : `${max}:${first ?? ''}`;
  } finally {
    db.close();
  }
}

/**
 * SQLite opens a database (the scan has not opened it), its -journal (to look for a hot one), -wal and -shm by name, and
 * blocking: a FIFO named so would hang the scan in open(2) forever. Anything there but a
 * regular file makes the store unreadable for this scan (thrown, counted, asked again).
 */
function companionsAreFiles(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) {
    const st = statSync(path + suffix, { throwIfNoEntry: false });
    if (st && !st.isFile()) throw new Error(`${path}${suffix} is not a regular file`);
  }
}

/**
 * The usual case of a scan, in one statement: no row past the mark and the same first row.
 * Anything else (no cursor yet, another schema, a rewritten store) is the full read's to decide.
 */
function unchangedSince(db: Database.Database, cursor: string | null): boolean {
  const prev = parseCursor(cursor);
  if (prev.mark === 0 || prev.first === null) return false;
  try {
    const r = db.prepare('SELECT (SELECT max(rowid) FROM assistant_usage_events), rowid, session_id, "created_at" FROM assistant_usage_events ORDER BY rowid LIMIT 1').raw().get() as unknown[] | undefined;
    return r !== undefined && r[0] === prev.mark && rowFingerprint(r.slice(1)) === prev.first;
  } catch {
    return false;
  }
}

/** Which row is first: a store replaced or pruned has another. */
function rowFingerprint(row: unknown): string {
  // node:crypto loaded here, not imported: every command loads the sources, and few read Copilot's store.
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(JSON.stringify(row)).digest('hex').slice(0, 16);
}

function columns(db: Database.Database, table: string): Set<string> {
  return new Set(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]);
}

/** The cursor: `<highest rowid read>:<fingerprint of the first row>`; anything else reads from the start. */
function parseCursor(cursor: string | null): { mark: number; first: string | null } {
  const m = cursor === null ? null : /^(\d{1,15}):([0-9a-f]{16})?$/.exec(cursor);
  const mark = m ? Number(m[1]) : 0;
  return Number.isSafeInteger(mark) ? { mark, first: m?.[2] ?? null } : { mark: 0, first: null };
}

/** A row's time: ISO 8601, or SQLite's own `YYYY-MM-DD HH:MM:SS` (UTC, what datetime('now') writes). */
function sqliteTime(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const plain = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(v);
  return validTimestamp(plain ? `${plain[1]}T${plain[2]}Z` : v);
}

// ---------------------------------------------------------------- events

/**
 * One (session, model) total as an event. `input` counts cache reads and writes (in the
 * database and in the shutdown metrics alike): the uncached part is stored as input. Output
 * includes reasoning. A total past MAX_COUNT (one response's bound) is kept at it, reported.
 */
function usageEvent(
  sid: string, model: string | null, ts: number, v: Vals, ctx: { cwd?: string; br?: string; ver?: string },
  origin: Origin, sink: EventSink, uncached?: number,
): UsageEvent | null {
  if (v[IN] === 0 && v[OUT] === 0 && v[CR] === 0 && v[CW] === 0) return null;
  let clamped = false;
  const bound = (n: number): number => {
    if (n <= MAX_COUNT) return n;
    clamped = true;
    return MAX_COUNT;
  };
  let input = uncached ?? v[IN] - v[CR] - v[CW];
  if (input < 0) {
    sink.issue('bad_field');
    input = 0;
  }
  const cost = v[NANO] >= 0 ? validCost(v[NANO] * USD_PER_NANO_AIU) : null;
  const e: UsageEvent = {
    ...emptyEvent(sid, model, ts, ctx, origin),
    inputTokens: bound(input),
    outputTokens: bound(v[OUT]),
    cacheWrite5mTokens: bound(v[CW]),
    cacheReadTokens: bound(v[CR]),
    reasoningTokens: bound(Math.min(v[RS], v[OUT])),
    costUsd: cost,
  };
  if (clamped) sink.issue('bad_field');
  return e;
}

function emptyEvent(sid: string, model: string | null, ts: number, ctx: { cwd?: string; br?: string; ver?: string }, origin: Origin): UsageEvent {
  return {
    key: `copilot:${sid}:${model ?? ''}`,
    messageId: null,
    requestId: null,
    ts,
    sessionId: sid,
    agentId: null,
    sidechain: false,
    project: validText(ctx.cwd),
    gitBranch: validText(ctx.br),
    entrypoint: null,
    version: validText(ctx.ver),
    model,
    inputTokens: 0,
    outputTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
    webSearchRequests: 0,
    speed: null,
    inferenceGeo: null,
    serviceTier: null,
    costUsd: null,
    agentType: null,
    skill: null,
    mcpServer: null,
    mcpTool: null,
    plugin: null,
    tools: null,
    reasoningTokens: 0,
    premiumRequests: 0,
    origin,
    agent: copilot.name,
  };
}

// ---------------------------------------------------------------- values

/** A session total: a whole number from 0 to MAX_TOTAL; absent is 0; anything else is 0 and reported. */
function total(v: unknown, bad: () => void): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_TOTAL) return v;
  const n = validCount(v);
  if (n === null) bad();
  return n ?? 0;
}

/** A non-negative amount that may have decimals (premium requests: 0.33 per prompt on some models; nano-AIU). */
function amount(v: unknown, max: number, bad: () => void, fallback = 0): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max) return v;
  bad();
  return fallback;
}

export const copilot: Source = {
  name: 'copilot',
  markers: [Buffer.from('"session.shutdown"'), Buffer.from('"session.start"'), Buffer.from('"session.resume"'), Buffer.from('"session.usage_checkpoint"')],
  roots,
  // The home itself: session-state/ and session-store.db are both directly under it.
  logDir: (root) => root,
  fileKind,
  fileOrigin: () => Origin.Direct,
  parse,
  readDatabase,
  // Neither the events nor the store say whether a session ran in prompt mode (-p) or the SDK: no entrypoint is set.
  programmaticEntrypoint: 'sdk',
  priceProviders: ['openai', 'anthropic', 'google'],
  // claude-sonnet-4.5 → sonnet, gpt-5.4 → gpt-5, gemini-3-pro-preview → gemini-pro.
  modelFamily: (model) => {
    const claude = /(opus|sonnet|haiku)/i.exec(model);
    if (claude) return claude[1]!.toLowerCase();
    const gpt = /^(gpt-\d+|o\d+)/i.exec(model);
    if (gpt) return gpt[1]!.toLowerCase();
    const g = /^gemini-[\d.]+-(pro|flash-lite|flash)\b/i.exec(model);
    return g ? `gemini-${g[1]!.toLowerCase()}` : null;
  },
};

