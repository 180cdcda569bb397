// The four other agents' logs, damaged at random, property-based: each case starts from files
// shaped like the real ones (Codex rollouts, Gemini CLI chats, OpenCode's database and JSON
// tree, Copilot CLI's events and store), breaks them (lines cut, dropped, doubled and swapped,
// any JSON value replaced by another type or an absurd one, bad bytes, a BOM, CRLF, empty
// files, FIFOs and folders named like logs; databases with wrong column types, missing tables
// and columns, random bytes, a live writer's open transaction) and scans, again and again.
// After every scan: no throw; every count in responses, usage_rollup and session_usage a whole
// number in bounds (typeof integer in SQLite), every cost and premium-request figure finite and
// in bounds, every text free of control characters and at most MAX_TEXT long; the fixtures'
// SECRET in no table; and every figure route answers 200 with finite numbers. Append-only line
// files scanned as they grow hold what one scan of their final bytes holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from '../../store/db.js';
import { scan, type ScanReport } from '../../scanner/scan.js';
import type { Source } from '../../sources/types.js';
import { codex } from '../../sources/codex/index.js';
import { gemini } from '../../sources/gemini/index.js';
import { opencode } from '../../sources/opencode/index.js';
import { copilot } from '../../sources/copilot/index.js';
import { MAX_COUNT, MAX_LOGGED_COST, MAX_TEXT, MAX_TOOLS, MAX_TS, MIN_TS } from '../../sources/limits.js';
import { loadPriceTable } from '../../core/price-source.js';
import type { PriceTable } from '../../core/pricing.js';
import { databaseFiles, SECRET, tempDb } from '../helpers/logs.js';
import { encodings, storedTexts } from '../helpers/privacy.js';
import { build, FIGURE_ROUTES, HOST, numbersIn } from '../helpers/app.js';

// A longer hunt: HOSTILE_RUNS=150 HOSTILE_SEED=<n> npx vitest run test/scanner/agents-hostile.test.ts
const SEED = Number(process.env.HOSTILE_SEED ?? 20261201);
/** Runs per property: the whole file stays well under 30 s on two cores. */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 12);
const NOW = Date.now();
/** The fixtures' time: today, a few hours ago, so every figure of the period holds them. */
const T0 = NOW - 5 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Old enough that a file counts as settled: its last line is read without its newline. */
const EPOCH = Date.parse('2001-01-01T00:00:00Z');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// ---- hostile values --------------------------------------------------------------------

const HUGE = 'h'.repeat(100_000);
const OVER = 'o'.repeat(MAX_TEXT + 1);
const AT_LIMIT = 'l'.repeat(MAX_TEXT);
const nest = (depth: number): Json => {
  let v: Json = {};
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
};

/** JSON values a damaged or absurd log may hold where any other value was. */
const VALUES: Json[] = [
  -1, 1e300, 2 ** 53 + 1, 0.5, -0, 0, 1, 1e9, 1e9 + 1, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, -1e9,
  'NaN', '12', '-4', '1e3', 'Infinity', '', HUGE, OVER, AT_LIMIT, 'a\u0000b', '\u001b[31mred\u001b[0m', '\u009b2J', 'tab\tand\nline', '\ud800', 'x\udfffy', '😀',
  '2026-13-45T99:00:00Z', '+010000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2026-11-18 10:00:00',
  null, true, false, [], {}, [1, 2, 3], ['a', {}], nest(64), { input: 1 }, 'gpt-5.3-codex', 'claude-sonnet-4.5',
];
/** Text no JSON writer produces but damage does, put in place of a value. */
const RAW = [
  'NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '123456789012345678901234567890', '"\u0000"', '"\u001b[2J"',
  '['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), '['.repeat(200_000) + ']'.repeat(200_000), '0x10', "'single'", 'undefined', '.5',
];
const placeholder = (i: number) => `\u0001RAW${i}\u0001`;
const hostileValue = (i: number): Json => (i < VALUES.length ? structuredClone(VALUES[i]!) : placeholder(i - VALUES.length));
/** Key names a damaged record may have instead of its own. */
const HOSTILE_KEYS = ['', 'a\u0000b', '\u001b[2J', '\ud800', OVER, '__proto__', 'constructor', 'toString'];
/** Lines no writer meant: bad UTF-8, NULs, bare CRs, markers in broken records. */
const JUNK: Buffer[] = [
  Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0x00, 0x00, 0x00]),
  Buffer.concat([Buffer.from('{"type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":1'), Buffer.from([0xff]), Buffer.from('}}}}')]),
  Buffer.concat([Buffer.from('{"type":"session.shutdown","data":{"modelMetrics":{"m'), Buffer.from([0xc0, 0xaf]), Buffer.from('":{}}}}')]),
  Buffer.from('{"tokens":{"input":1},"sessionId":"x","type":"gemini"'), Buffer.from('\u001b[2J\u001b[H'), Buffer.from('{}'), Buffer.from('[]'),
  Buffer.from('null'), Buffer.from('"token_count"'), Buffer.from('\r'), Buffer.from(''), Buffer.from('   '),
];

/** Every value in a record, as the container holding it and its key. */
function slots(root: Json): { parent: Json[] | { [k: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  const walk = (v: Json, depth: number) => {
    if (out.length >= 400 || depth > 10 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        walk(x, depth + 1);
      });
    } else {
      for (const k of Object.keys(v)) {
        out.push({ parent: v, key: k });
        walk(v[k]!, depth + 1);
      }
    }
  };
  walk(root, 0);
  return out;
}

const put = (parent: Json[] | { [k: string]: Json }, key: string | number, value: Json) => {
  // defineProperty: a key named __proto__ is a key like any other in JSON.
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
};

type JsonDamage =
  | { op: 'set'; line: number; slot: number; value: number }
  | { op: 'field'; line: number; field: number; value: number }
  | { op: 'drop'; line: number; slot: number }
  | { op: 'rename'; line: number; slot: number; key: number }
  | { op: 'whole'; line: number; value: number };
type LineDamage =
  | { op: 'delete'; line: number }
  | { op: 'duplicate'; line: number }
  | { op: 'swap'; line: number; other: number }
  | { op: 'cut'; line: number; at: number }
  | { op: 'junk'; line: number; junk: number }
  | { op: 'flip'; line: number; at: number };
interface Shape {
  bom: boolean;
  crlf: boolean;
  newline: boolean;
}
interface Damage {
  json: JsonDamage[];
  lines: LineDamage[];
  shape: Shape;
}

/** Fields the sources read (ids, names, counts, times): damage aimed at them, wherever they are in a record. */
const FIELDS = [
  'id', 'sessionId', 'sessionID', 'session_id', 'limit_id', 'model', 'modelID', 'providerID', 'cwd', 'branch', 'timestamp', 'created', 'completed',
  'input_tokens', 'output_tokens', 'cached_input_tokens', 'reasoning_output_tokens', 'input', 'output', 'cached', 'thoughts', 'tool', 'total', 'reasoning',
  'read', 'write', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cost', 'count', 'totalNanoAiu', 'totalPremiumRequests', 'name', 'kind', 'type',
  'forked_from_id', 'used_percent', 'resets_at', 'window_minutes', 'projectHash', 'copilotVersion', 'cli_version', 'agent', 'error', 'role',
];
const n = fc.nat(999);
const jsonDamage: fc.Arbitrary<JsonDamage> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), line: n, slot: n, value: fc.nat(VALUES.length + RAW.length - 1) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('field' as const), line: n, field: fc.nat(FIELDS.length - 1), value: fc.nat(VALUES.length + RAW.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), line: n, slot: n }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename' as const), line: n, slot: n, key: fc.nat(HOSTILE_KEYS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('whole' as const), line: n, value: fc.nat(VALUES.length + RAW.length - 1) }) },
);
const lineDamage: fc.Arbitrary<LineDamage> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), line: n }),
  fc.record({ op: fc.constant('duplicate' as const), line: n }),
  fc.record({ op: fc.constant('swap' as const), line: n, other: n }),
  fc.record({ op: fc.constant('cut' as const), line: n, at: fc.nat(100_000) }),
  fc.record({ op: fc.constant('junk' as const), line: n, junk: fc.nat(JUNK.length - 1) }),
  fc.record({ op: fc.constant('flip' as const), line: n, at: fc.nat(100_000) }),
);
const shape: fc.Arbitrary<Shape> = fc.record({
  bom: fc.nat(99).map((x) => x < 15),
  crlf: fc.boolean(),
  newline: fc.boolean(),
});
/** Damage, sometimes none: an intact file must pass too. */
const damage: fc.Arbitrary<Damage> = fc.record({
  json: fc.array(jsonDamage, { maxLength: 6 }),
  lines: fc.array(lineDamage, { maxLength: 4 }),
  shape,
});

/** The records with their values changed, keys renamed or dropped. */
function damageRecords(records: Json[], ops: JsonDamage[]): Json[] {
  const recs = structuredClone(records);
  for (const d of ops) {
    if (!recs.length) break;
    const i = d.line % recs.length;
    if (d.op === 'whole') {
      recs[i] = hostileValue(d.value);
      continue;
    }
    const s = slots(recs[i]!);
    if (d.op === 'field') {
      // Every occurrence of the field in the record: a shutdown names the model once per metric.
      for (const { parent, key } of s) if (key === FIELDS[d.field]) put(parent, key, hostileValue(d.value));
      continue;
    }
    if (!s.length) continue;
    const { parent, key } = s[d.slot % s.length]!;
    if (d.op === 'set') put(parent, key, hostileValue(d.value));
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else if (d.op === 'drop') delete parent[key];
    else {
      const v = parent[key]!;
      delete parent[key];
      put(parent, HOSTILE_KEYS[d.key]!, v);
    }
  }
  return recs;
}

/** A record as text: JSON (pretty-printed if asked), with the raw placeholders put in as the text they stand for. */
function serialize(rec: Json, pretty = false): Buffer {
  let text = pretty ? JSON.stringify(rec, null, 2) : JSON.stringify(rec);
  if (text.includes('\\u0001RAW')) text = text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_, i: string) => RAW[Number(i)]!);
  return Buffer.from(text);
}

function damageLines(lines: Buffer[], ops: LineDamage[]): Buffer[] {
  const out = [...lines];
  for (const d of ops) {
    if (!out.length) break;
    const i = d.line % out.length;
    const line = out[i]!;
    if (d.op === 'delete') out.splice(i, 1);
    else if (d.op === 'duplicate') out.splice(i, 0, line);
    else if (d.op === 'swap') {
      const j = d.other % out.length;
      out[i] = out[j]!;
      out[j] = line;
    } else if (d.op === 'cut') out[i] = line.subarray(0, d.at % (line.length + 1));
    else if (d.op === 'junk') out.splice(i, 0, JUNK[d.junk]!);
    else if (line.length) {
      const b = Buffer.from(line);
      b[d.at % b.length] = 0xff;
      out[i] = b;
    }
  }
  return out;
}

/** The damaged lines of a file, each ending as the file's lines end. */
function damagedLines(records: Json[], d: Damage): Buffer[] {
  const lines = damageLines(damageRecords(records, d.json).map((r) => serialize(r)), d.lines);
  const end = Buffer.from(d.shape.crlf ? '\r\n' : '\n');
  return lines.map((l) => Buffer.concat([l, end]));
}

/** A whole JSONL file: the damaged lines, a BOM before them, the last newline kept or not. */
function jsonlFile(records: Json[], d: Damage): Buffer {
  const lines = damagedLines(records, d);
  let body = Buffer.concat(lines);
  if (!d.shape.newline && lines.length) body = body.subarray(0, body.length - (d.shape.crlf ? 2 : 1));
  return d.shape.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** A whole JSON document, damaged: pretty-printed with CRLF or compact, a byte made invalid, cut short, a BOM. */
function jsonDocument(doc: Json, d: Damage, cut: number | null): Buffer {
  const [damaged] = damageRecords([doc], d.json.map((x) => ({ ...x, line: 0 })));
  let buf = serialize(damaged!, d.shape.crlf);
  if (d.shape.crlf) buf = Buffer.from(buf.toString().replace(/\n/g, '\r\n'));
  const flip = d.lines.find((l) => l.op === 'flip');
  if (flip && buf.length) {
    buf = Buffer.from(buf);
    buf[flip.at % buf.length] = 0xff;
  }
  if (cut !== null) buf = buf.subarray(0, cut % (buf.length + 1));
  return d.shape.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]) : buf;
}

/** What sits where a log file should be. */
type Form = 'file' | 'empty' | 'random' | 'fifo' | 'dir';
const form: fc.Arbitrary<Form> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('file' as const) },
  { weight: 1, arbitrary: fc.constantFrom('empty' as const, 'random' as const, 'fifo' as const, 'dir' as const) },
);

function place(path: string, bytes: Buffer, f: Form, random: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { recursive: true, force: true });
  if (f === 'file') writeFileSync(path, bytes);
  else if (f === 'empty') writeFileSync(path, '');
  else if (f === 'random') writeFileSync(path, random);
  else if (f === 'dir') mkdirSync(join(path, 'inner'), { recursive: true });
  else execFileSync('mkfifo', [path]);
}

const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 300 }).map((b) => Buffer.from(b));

// ---- the Runway side: one database and one app per property, emptied between runs ----

interface Harness {
  path: string;
  db: Db;
  /** The app's own connection: it sees the scans' commits through data_version, as the dashboard does. */
  app: FastifyInstance;
  other: Db;
  ref: Db;
  refOther: Db;
}

let prices: PriceTable;
const harnesses: Harness[] = [];
beforeAll(async () => {
  prices = await loadPriceTable({ cacheDir: mkdtempSync(join(tmpdir(), 'runway-prices-')) });
});
afterAll(async () => {
  while (harnesses.length) await harnesses.pop()!.app.close();
});

async function harness(): Promise<Harness> {
  const path = tempDb();
  const db = openDb(path);
  const other = openDb(path);
  const app = await build({ db: other, now: () => NOW, config: { monthly_budget: 100 }, table: prices });
  const refPath = tempDb();
  const h = { path, db, other, app, ref: openDb(refPath), refOther: openDb(refPath) };
  harnesses.push(h);
  return h;
}

const TABLES = ['responses', 'usage_rollup', 'session_usage', 'files', 'quota_snapshots', 'ledger'];
/** Empties a database through its other connection, so the scanning one sees the change (data_version). */
function wipe(other: Db): void {
  other.transaction(() => {
    for (const t of TABLES) other.exec(`DELETE FROM ${t}`);
  })();
}

function home(): string {
  return mkdtempSync(join(tmpdir(), 'runway-hostile-'));
}

function scanned(db: Db, h: string, source: Source): ScanReport {
  let report: ScanReport | undefined;
  expect(() => (report = scan(db, { env: { HOME: h }, sources: [source] }))).not.toThrow();
  return report!;
}

// ---- what must hold after every scan -------------------------------------------------

// As limits.ts: control characters but tab and line breaks (legal in paths).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const COUNTS = new Set(['input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens', 'web_search_requests', 'reasoning_tokens', 'responses']);
const TIMES = new Set(['ts', 'first_ts', 'last_ts']);

/** Every value of the three usage tables (and the quota readings) in bounds; returns what is not. */
function violations(db: Db): string[] {
  const bad: string[] = [];
  for (const table of ['responses', 'usage_rollup', 'session_usage']) {
    const cols = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]);
    const rows = db.prepare(`SELECT ${cols.map((c) => `"${c}", typeof("${c}")`).join(', ')} FROM ${table}`).raw().all() as unknown[][];
    const perResponse = table === 'responses';
    for (const r of rows) {
      cols.forEach((c, i) => {
        const v = r[2 * i];
        const t = r[2 * i + 1] as string;
        const where = `${table}.${c} = ${typeof v === 'string' ? JSON.stringify(v.slice(0, 80)) : String(v)} (${t})`;
        if (t === 'blob') bad.push(where);
        if ((t === 'real' || t === 'integer') && !Number.isFinite(v as number)) bad.push(`${where}: not finite`);
        if (COUNTS.has(c)) {
          if (t !== 'integer' || (v as number) < 0 || (v as number) > (perResponse ? MAX_COUNT : Number.MAX_SAFE_INTEGER)) bad.push(`${where}: not a count`);
        } else if (c === 'premium_requests') {
          if ((t !== 'integer' && t !== 'real') || (v as number) < 0 || (perResponse && (v as number) > MAX_COUNT)) bad.push(`${where}: not premium requests`);
        } else if (c === 'cost_usd') {
          const ok = perResponse ? t === 'null' || ((t === 'real' || t === 'integer') && (v as number) >= 0 && (v as number) <= MAX_LOGGED_COST) : (t === 'real' || t === 'integer') && (v as number) >= 0;
          if (!ok) bad.push(`${where}: not a cost`);
        } else if (TIMES.has(c)) {
          if (t !== 'integer' || (v as number) < MIN_TS || (v as number) > MAX_TS) bad.push(`${where}: not a time`);
        } else if (c === 'bucket') {
          if (t !== 'integer' || (v as number) < 0 || (v as number) * 1000 > MAX_TS) bad.push(`${where}: not a bucket`);
        } else if (t === 'text') {
          const s = v as string;
          if (CONTROL.test(s)) bad.push(`${where}: control characters`);
          if (c === 'key') {
            // A key joins a few ids, each a text field in bounds.
            if (s.length > 4 * MAX_TEXT) bad.push(`${where}: key too long`);
          } else if (c === 'tools') {
            // Names joined: at most MAX_TOOLS, each a text field in bounds (limits.ts).
            const names = s.split(',');
            if (names.length > MAX_TOOLS || names.some((x) => x === '' || x.length > MAX_TEXT)) bad.push(`${where}: tool list out of bounds`);
          } else if (s.length > MAX_TEXT || (s === '' && perResponse)) bad.push(`${where}: text out of bounds`);
        } else if (t === 'real') {
          bad.push(`${where}: a real where a whole number belongs`);
        }
      });
    }
  }
  for (const [output, reasoning, key] of db.prepare('SELECT output_tokens, reasoning_tokens, key FROM responses WHERE reasoning_tokens > output_tokens').raw().all() as [number, number, string][]) {
    bad.push(`responses ${key.slice(0, 80)}: reasoning ${reasoning} above output ${output}`);
  }
  for (const [w, ts, used, resets] of db.prepare('SELECT window, ts, used_percentage, resets_at FROM quota_snapshots').raw().all() as [string, number, number, number | null][]) {
    if (!Number.isInteger(ts) || !(used >= 0 && used <= 100) || (resets !== null && !(Number.isInteger(resets) && resets >= MIN_TS && resets <= MAX_TS))) bad.push(`quota ${w}: ${ts} ${used} ${resets}`);
  }
  return bad.slice(0, 10);
}

const MARKS = encodings(SECRET);

/** The fixtures' SECRET in no table, in any encoding, nor in the database's files. */
function leaks(db: Db, path: string): string[] {
  const found = storedTexts(db).filter(({ text }) => text.includes(SECRET)).map((t) => t.where);
  for (const [file, bytes] of databaseFiles(path)) if (MARKS.some((m) => bytes.includes(m))) found.push(file);
  return found;
}

/** Everything that must hold after a scan. */
function sane(h: Harness): void {
  expect(violations(h.db)).toEqual([]);
  expect(leaks(h.db, h.path)).toEqual([]);
}

/** Every figure route answers 200 with finite numbers only. */
async function figures(h: Harness): Promise<void> {
  for (const url of [...FIGURE_ROUTES, '/api/agents']) {
    const res = await h.app.inject({ url, headers: HOST });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    for (const [where, v] of numbersIn(res.json())) expect(Number.isFinite(v), `${url} ${where}`).toBe(true);
  }
}

const SESSION_KEY = 'session_id, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch';

/**
 * What a scan leaves: every row but the ids that name where it was read, and both rollups.
 * A session's span is left out: taking a response out of a session (its model settled by a
 * later sighting) never narrows the span (migrations 006/009), so it is compared apart (spans).
 */
function contents(db: Db): unknown {
  const cols = (db.prepare("SELECT name FROM pragma_table_info('responses')").pluck().all() as string[]).filter((c) => c !== 'id' && c !== 'file_id');
  const sessionCols = (db.prepare("SELECT name FROM pragma_table_info('session_usage')").pluck().all() as string[]).filter((c) => c !== 'first_ts' && c !== 'last_ts');
  return {
    responses: db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM responses ORDER BY key`).all(),
    rollup: db.prepare('SELECT * FROM usage_rollup ORDER BY bucket, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch').all(),
    sessions: db.prepare(`SELECT ${sessionCols.join(', ')} FROM session_usage ORDER BY ${SESSION_KEY}`).all(),
  };
}

/** Each session's span in `db` holds its span in `ref`, and the span of its responses. */
function spansHold(db: Db, ref: Db): void {
  const spans = (d: Db) => new Map((d.prepare(`SELECT ${SESSION_KEY}, first_ts, last_ts FROM session_usage`).raw().all() as unknown[][]).map((r) => [JSON.stringify(r.slice(0, -2)), r.slice(-2) as number[]]));
  const wide = spans(db);
  for (const [key, [first, last]] of spans(ref)) {
    const [f, l] = wide.get(key) ?? [NaN, NaN];
    expect(f! <= first! && l! >= last!, `span of ${key}: ${f}–${l} against ${first}–${last}`).toBe(true);
  }
}

/** Per agent, session and model: the totals (what any report adds up). */
function totals(db: Db): unknown {
  return db.prepare(`SELECT agent, coalesce(session_id, '') AS s, coalesce(model, '') AS m, count(*) AS n, sum(input_tokens) AS i, sum(output_tokens) AS o,
    sum(cache_read_tokens) AS r, sum(cache_write_5m_tokens) AS w, sum(reasoning_tokens) AS z, round(sum(premium_requests), 6) AS p,
    round(coalesce(sum(cost_usd), 0), 9) AS c FROM responses GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all();
}

// ---- Codex CLI rollouts ------------------------------------------------------------------

const uuid = (i: number) => `019c8a4c-ed82-79a1-aa28-${String(i).padStart(12, '0')}`;

interface CodexStep {
  uncached: number;
  cachedPct: number;
  cacheWrite: number;
  output: number;
  reasoningPct: number;
  repeat: boolean;
  counter: string | null;
  chatter: boolean;
  model: string | null;
}
const codexStep: fc.Arbitrary<CodexStep> = fc.record({
  uncached: fc.integer({ min: 0, max: 60_000 }),
  cachedPct: fc.integer({ min: 0, max: 300 }),
  cacheWrite: fc.integer({ min: 0, max: 2_000 }),
  output: fc.integer({ min: 0, max: 5_000 }),
  reasoningPct: fc.integer({ min: 0, max: 100 }),
  repeat: fc.boolean(),
  counter: fc.constantFrom(null, 'codex', 'codex_bengalfox'),
  chatter: fc.boolean(),
  model: fc.option(fc.constantFrom('gpt-5.3-codex', 'gpt-5.2-codex', 'o4-mini'), { nil: null }),
});
interface CodexFile {
  steps: CodexStep[];
  fork: number;
  exec: boolean;
}
const codexFile: fc.Arbitrary<CodexFile> = fc.record({ steps: fc.array(codexStep, { minLength: 1, maxLength: 7 }), fork: fc.nat(3), exec: fc.boolean() });

function codexChatter(ts: string): Json[] {
  return [
    { timestamp: ts, type: 'event_msg', payload: { type: 'user_message', message: `fix it ${SECRET}`, images: [] } },
    { timestamp: ts, type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `fix it ${SECRET}` }] } },
    { timestamp: ts, type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', `echo ${SECRET}`] }), call_id: 'call_1' } },
    { timestamp: ts, type: 'response_item', payload: { type: 'function_call_output', call_id: 'call_1', output: `{"type":"token_count","secret":"${SECRET}"}` } },
    { timestamp: ts, type: 'event_msg', payload: { type: 'agent_message', message: `done ${SECRET}` } },
  ];
}

function codexTokenCount(ts: string, total: number[] | null, counter: string | null): Json {
  const usage = total && {
    input_tokens: total[0]!, cached_input_tokens: total[1]!, cache_write_input_tokens: total[2]!, output_tokens: total[3]!,
    reasoning_output_tokens: total[4]!, total_tokens: total[0]! + total[3]!,
  };
  return {
    timestamp: ts,
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: usage && { total_token_usage: usage, last_token_usage: usage, model_context_window: 258400 },
      rate_limits: {
        ...(counter === null ? {} : { limit_id: counter, limit_name: null }),
        primary: { used_percent: 12.5, window_minutes: 300, resets_at: Math.floor(NOW / 1000) + 3600 },
        secondary: { used_percent: 40, window_minutes: 10080, resets_at: Math.floor(NOW / 1000) + 86_400 },
        credits: { has_credits: false, unlimited: false, balance: null },
        plan_type: null,
      },
    },
  };
}

/** A rollout's records: its meta, turn contexts, chatter and cumulative totals; a fork starts with copies of its parent's rows. */
function codexRecords(f: CodexFile, i: number): Json[] {
  const sid = uuid(i);
  const created = T0 + i * 600_000;
  const at = (s: number) => iso(created + s * 1000);
  const recs: Json[] = [{
    timestamp: at(1),
    type: 'session_meta',
    payload: {
      id: sid, ...(f.fork ? { forked_from_id: uuid(i + 100) } : {}), timestamp: at(0), cwd: `/home/dev/p${i}`, originator: 'codex_cli_rs',
      cli_version: '0.104.0', source: f.exec ? 'exec' : 'cli', model_provider: 'openai', base_instructions: { text: `You are Codex. ${SECRET}` },
      git: { commit_hash: '1cdfa7b17410e00cddbb7a4347336af2c6f80ee0', branch: 'main', repository_url: 'git@example.com:dev/api.git' },
    },
  }, {
    timestamp: at(2),
    type: 'turn_context',
    payload: { turn_id: 't-1', cwd: `/home/dev/p${i}`, approval_policy: 'on-request', model: 'gpt-5.3-codex', effort: 'medium', summary: 'auto', user_instructions: `be brief ${SECRET}` },
  }];
  const totals = new Map<string, number[]>();
  // Each file's totals start from a cache of its own, so two files never share a total (and a key).
  const start = 10_000_000 * i;
  // A fork's copied prefix: the parent's totals, re-stamped to the fork's creation.
  for (let k = 0; k < f.fork; k++) recs.push(codexTokenCount(at(1), [start + 1000 * (k + 1), start + 500 * k, 0, 50 * (k + 1), 10 * k], 'codex'));
  if (f.fork) totals.set('codex', [start + 1000 * f.fork, start + 500 * (f.fork - 1), 0, 50 * f.fork, 10 * (f.fork - 1)]);
  f.steps.forEach((s, k) => {
    const ts = at(10 * (k + 1));
    if (s.model) recs.push({ timestamp: ts, type: 'turn_context', payload: { cwd: `/home/dev/p${i}`, model: s.model, user_instructions: SECRET } });
    if (s.chatter) recs.push(...codexChatter(ts));
    const counter = s.counter ?? 'codex';
    const prev = totals.get(counter) ?? [start, start, 0, 0, 0];
    const cached = Math.floor((s.uncached * s.cachedPct) / 100);
    const reasoning = Math.floor((s.output * s.reasoningPct) / 100);
    const next = [prev[0]! + s.uncached + cached + s.cacheWrite, prev[1]! + cached, prev[2]! + s.cacheWrite, prev[3]! + s.output, prev[4]! + reasoning];
    totals.set(counter, next);
    recs.push(codexTokenCount(ts, k === 0 && s.repeat ? null : next, s.counter));
    if (s.repeat) recs.push(codexTokenCount(iso(created + 10_000 * (k + 1) + 500), next, s.counter));
  });
  return recs;
}

const codexPath = (h: string, i: number) => join(h, '.codex', i % 2 ? 'archived_sessions' : 'sessions/2026/11/18', `rollout-2026-11-18T10-00-00-${uuid(i)}.jsonl`);

// ---- Gemini CLI chats ------------------------------------------------------------------------

const HASH = '0b7dfb1274ee51b336813b17f2ddab1f56b6591f723e7314126bbd502c69e9c9';

interface GeminiMsg {
  type: 'user' | 'gemini' | 'info' | 'error';
  input: number;
  cachedPct: number;
  output: number;
  thoughts: number;
  tool: number;
  streamed: boolean;
  tools: number;
  model: string;
}
const geminiMsg: fc.Arbitrary<GeminiMsg> = fc.record({
  type: fc.constantFrom('user' as const, 'gemini' as const, 'gemini' as const, 'info' as const, 'error' as const),
  input: fc.integer({ min: 0, max: 200_000 }),
  cachedPct: fc.integer({ min: 0, max: 100 }),
  output: fc.integer({ min: 0, max: 8_000 }),
  thoughts: fc.integer({ min: 0, max: 2_000 }),
  tool: fc.constantFrom(0, 0, 0, 120),
  streamed: fc.boolean(),
  tools: fc.nat(3),
  model: fc.constantFrom('gemini-3-flash-preview', 'gemini-2.5-pro', 'gemini-3-flash'),
});
interface GeminiChat {
  messages: GeminiMsg[];
  checkpoint: boolean;
  rewind: boolean;
  subagent: boolean;
}
const geminiChat: fc.Arbitrary<GeminiChat> = fc.record({ messages: fc.array(geminiMsg, { minLength: 1, maxLength: 6 }), checkpoint: fc.boolean(), rewind: fc.boolean(), subagent: fc.boolean() });

/** A chat's messages as Gemini CLI writes them: a gemini message first without tokens, then again with them, same id (a UUID, as Gemini CLI's). */
function geminiMessages(c: GeminiChat, base: number, chat: number): Json[] {
  const out: Json[] = [];
  c.messages.forEach((m, k) => {
    const id = `5d0f3a2e-${String(chat).padStart(4, '0')}-4000-8000-${String(k).padStart(12, '0')}`;
    const ts = iso(base + k * 7_000);
    if (m.type !== 'gemini') {
      out.push({ id, timestamp: ts, type: m.type, content: m.type === 'user' ? [{ text: `please ${SECRET}` }] : `note ${SECRET}`, ...(m.type === 'user' ? { displayContent: `please ${SECRET}` } : {}) });
      return;
    }
    const cached = Math.floor((m.input * m.cachedPct) / 100);
    const calls: Json[] = Array.from({ length: m.tools }, (_, j) => ({
      id: `run_shell_command-${j}`, name: ['run_shell_command', 'read_file', 'google_web_search'][j]!, displayName: 'Shell', status: 'success', timestamp: ts,
      args: { command: `echo ${SECRET}` }, result: [{ functionResponse: { id: `c-${j}`, name: 'run_shell_command', response: { output: SECRET } } }], resultDisplay: SECRET,
    }));
    const message = {
      id, timestamp: ts, type: 'gemini', content: `Answer: ${SECRET}`, model: m.model,
      thoughts: [{ subject: 'Plan', description: `thinking about ${SECRET}`, timestamp: ts }],
      ...(calls.length ? { toolCalls: calls } : {}),
    };
    if (m.streamed) out.push(message);
    out.push({ ...message, tokens: { input: m.input, output: m.output, cached, thoughts: m.thoughts, tool: m.tool, total: m.input + m.output + m.thoughts + m.tool } });
  });
  return out;
}

function geminiJsonl(c: GeminiChat, i: number): Json[] {
  const base = T0 + i * 300_000;
  const sid = `gem-${i}`;
  const msgs = geminiMessages(c, base, i);
  const recs: Json[] = [{ sessionId: sid, projectHash: HASH, startTime: iso(base), lastUpdated: iso(base), kind: c.subagent ? 'subagent' : 'main' }, ...msgs];
  recs.push({ $set: { lastUpdated: iso(base + 60_000), summary: `Fixing ${SECRET}` } });
  if (c.checkpoint) recs.push({ $set: { messages: msgs } });
  if (c.rewind) recs.push({ $rewindTo: (msgs[0] as { id: string }).id });
  return recs;
}

function geminiDocument(c: GeminiChat, i: number): Json {
  const base = T0 + i * 300_000;
  return { sessionId: `gem-doc-${i}`, projectHash: HASH, startTime: iso(base), lastUpdated: iso(base + 60_000), messages: geminiMessages(c, base, 100 + i), summary: `Fixing ${SECRET}`, ...(c.subagent ? { kind: 'subagent' } : {}) };
}

const geminiLinesPath = (h: string, i: number, sub: boolean) => join(h, '.gemini', 'tmp', 'my-app', 'chats', ...(sub ? ['gem-0'] : []), `session-2026-11-18T10-00-${String(i).padStart(8, '0')}.jsonl`);
const geminiDocPath = (h: string, i: number) => join(h, '.gemini', 'tmp', HASH, 'chats', `session-2026-11-18T10-00-${String(i).padStart(8, 'a')}.json`);

// ---- GitHub Copilot CLI events ------------------------------------------------------------------

const CP_MODELS = ['claude-sonnet-4.5', 'gpt-5-mini', 'gpt-5.4'];
interface CopilotMetric {
  model: number;
  input: number;
  output: number;
  crPct: number;
  cw: number;
  reasoning: number;
  count: number;
  premium: number | null;
  nano: number | null;
}
const copilotMetric: fc.Arbitrary<CopilotMetric> = fc.record({
  model: fc.nat(CP_MODELS.length - 1),
  input: fc.integer({ min: 0, max: 500_000 }),
  output: fc.integer({ min: 0, max: 20_000 }),
  crPct: fc.integer({ min: 0, max: 90 }),
  cw: fc.integer({ min: 0, max: 1_000 }),
  reasoning: fc.integer({ min: 0, max: 500 }),
  count: fc.integer({ min: 0, max: 50 }),
  premium: fc.option(fc.constantFrom(0, 1, 2.5, 0.33, 12), { nil: null }),
  nano: fc.option(fc.integer({ min: 0, max: 9_000_000_000 }), { nil: null }),
});
interface CopilotSegment {
  resume: boolean;
  checkpoint: boolean;
  marker: boolean;
  metrics: CopilotMetric[];
  sessionPremium: number | null;
}
const copilotSegment: fc.Arbitrary<CopilotSegment> = fc.record({
  resume: fc.boolean(), checkpoint: fc.boolean(), marker: fc.boolean(),
  metrics: fc.array(copilotMetric, { minLength: 1, maxLength: 2 }), sessionPremium: fc.option(fc.constantFrom(1, 3, 0.66), { nil: null }),
});

const cpSid = (i: number) => `7a22dab8-b57b-472a-b1ce-${String(i).padStart(12, '0')}`;

function copilotRecords(segments: CopilotSegment[], i: number): Json[] {
  let k = 0;
  const base = T0 + i * 900_000;
  const ev = (type: string, ms: number, data: Json): Json => ({ type, data, id: `00000000-0000-4000-8000-${String(i * 1000 + ++k).padStart(12, '0')}`, timestamp: iso(ms), parentId: null });
  const recs: Json[] = [ev('session.start', base, {
    sessionId: cpSid(i), version: 1, producer: 'copilot-agent', copilotVersion: '1.0.40', startTime: iso(base), selectedModel: CP_MODELS[0]!,
    context: { cwd: `/home/dev/p${i}`, gitRoot: `/home/dev/p${i}`, branch: 'main', repository: 'acme/api' },
  })];
  segments.forEach((s, j) => {
    const t = base + (j + 1) * 60_000;
    if (j > 0 && s.resume) recs.push(ev('session.resume', t, { resumeTime: iso(t), eventCount: 12 }));
    recs.push(
      ev('user.message', t + 1000, { content: `fix ${SECRET}`, transformedContent: `fix ${SECRET}`, attachments: [] }),
      ev('assistant.message', t + 2000, { messageId: 'm-1', content: `Looking at ${SECRET}`, model: CP_MODELS[0]!, toolRequests: [{ toolCallId: 't-1', name: 'bash', arguments: { command: `echo ${SECRET}` } }] }),
      ev('tool.execution_complete', t + 3000, { toolCallId: 't-1', success: true, result: { content: SECRET } }),
    );
    if (s.checkpoint) recs.push(ev('session.usage_checkpoint', t + 4000, { totalNanoAiu: 1000, totalPremiumRequests: 1 }));
    const modelMetrics: Record<string, Json> = {};
    for (const m of s.metrics) {
      modelMetrics[CP_MODELS[m.model]!] = {
        requests: { count: m.count, ...(m.premium === null ? {} : { cost: m.premium }) },
        usage: { inputTokens: m.input, outputTokens: m.output, cacheReadTokens: Math.floor((m.input * m.crPct) / 100), cacheWriteTokens: m.cw, reasoningTokens: m.reasoning },
        ...(m.nano === null ? {} : { totalNanoAiu: m.nano }),
      };
    }
    recs.push(ev('session.shutdown', t + 30_000, {
      shutdownType: 'routine', totalApiDurationMs: 9000, sessionStartTime: base,
      codeChanges: { linesAdded: 3, linesRemoved: 1, filesModified: [`/home/dev/api/${SECRET}.ts`] },
      modelMetrics, currentModel: CP_MODELS[0]!, ...(s.sessionPremium === null ? {} : { totalPremiumRequests: s.sessionPremium }),
      ...(s.marker ? { eventsFileSizeBytes: 4096 * (j + 1) } : {}),
    }));
  });
  return recs;
}

const copilotEventsPath = (h: string, i: number) => join(h, '.copilot', 'session-state', cpSid(i), 'events.jsonl');

// ---- the line-file properties, shared by the three JSONL formats ----------------------------------

interface LineFileSpec {
  path: (h: string) => string;
  records: Json[];
  damage: Damage;
  /** Appended before the second scan: more records, damaged too. */
  later: Json[];
  laterDamage: Damage;
  form: Form;
  random: Buffer;
  /** Before the third scan: the file cut short, or rewritten in place with the first records damaged otherwise. */
  then: 'keep' | 'truncate' | 'rewrite';
  at: number;
}

/**
 * Damaged files, scanned; more damaged lines appended, scanned; then scanned again until
 * nothing changes (a last line without its newline is read once its file has settled).
 */
async function linesCase(h: Harness, source: Source, files: LineFileSpec[], settled: boolean): Promise<void> {
  wipe(h.other);
  const dir = home();
  const touch = (p: string, step: number) => {
    if (settled && existsSync(p)) utimesSync(p, new Date(EPOCH + step * 1000), new Date(EPOCH + step * 1000));
  };
  for (const f of files) {
    place(f.path(dir), jsonlFile(f.records, f.damage), f.form, f.random);
    touch(f.path(dir), 1);
  }
  scanned(h.db, dir, source);
  sane(h);
  for (const f of files) {
    if (f.form !== 'file' && f.form !== 'empty' && f.form !== 'random') continue;
    appendFileSync(f.path(dir), jsonlFile(f.later, f.laterDamage));
    touch(f.path(dir), 2);
  }
  scanned(h.db, dir, source);
  sane(h);
  for (const f of files) {
    const p = f.path(dir);
    if (f.then === 'keep' || f.form === 'fifo' || f.form === 'dir') continue;
    if (f.then === 'truncate') writeFileSync(p, readFileSync(p).subarray(0, f.at % (readFileSync(p).length + 1)));
    else writeFileSync(p, jsonlFile(f.records, f.laterDamage));
    touch(p, 3);
  }
  scanned(h.db, dir, source);
  sane(h);
  scanned(h.db, dir, source);
  const before = contents(h.db);
  const report = scanned(h.db, dir, source);
  // Nothing changed since: a rescan adds and changes nothing.
  expect(report.responsesAdded + report.responsesUpdated).toBe(0);
  expect(contents(h.db)).toEqual(before);
  sane(h);
  await figures(h);
}

/**
 * An append-only file read as it grows (cut anywhere, a line half-written at every scan but
 * the last) holds what one scan of its final bytes holds.
 */
async function growingCase(h: Harness, source: Source, specs: GrowingFile[], settled: boolean): Promise<void> {
  const files = specs.map((f) => ({ path: f.path, bytes: jsonlFile(f.records, f.damage), cuts: f.cuts }));
  wipe(h.other);
  wipe(h.refOther);
  const dir = home();
  const steps = Math.max(0, ...files.map((f) => f.cuts.length));
  for (let s = 0; s <= steps; s++) {
    for (const f of files) {
      const points = [...new Set(f.cuts.map((c) => c % (f.bytes.length + 1)))].sort((a, b) => a - b);
      const upto = s < points.length ? points[s]! : f.bytes.length;
      const p = f.path(dir);
      mkdirSync(dirname(p), { recursive: true });
      const had = existsSync(p) ? readFileSync(p).length : 0;
      if (upto > had) appendFileSync(p, f.bytes.subarray(had, upto));
      else if (!existsSync(p)) writeFileSync(p, '');
      if (s === steps && settled) utimesSync(p, new Date(EPOCH), new Date(EPOCH));
    }
    scanned(h.db, dir, source);
    sane(h);
  }
  // Once more with nothing changed: a last line still without its newline is read now, on both sides.
  scanned(h.db, dir, source);
  sane(h);
  const fresh = home();
  for (const f of files) {
    const p = f.path(fresh);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
    if (settled) utimesSync(p, new Date(EPOCH), new Date(EPOCH));
  }
  scanned(h.ref, fresh, source);
  scanned(h.ref, fresh, source);
  expect(contents(h.db)).toEqual(contents(h.ref));
  spansHold(h.db, h.ref);
  await figures(h);
}

interface GrowingFile {
  path: (h: string) => string;
  records: Json[];
  damage: Damage;
  /** Where the file stands at each scan before the last: byte offsets, anywhere. */
  cuts: number[];
}
const growing = (records: fc.Arbitrary<Json[]>, path: (h: string) => string): fc.Arbitrary<GrowingFile> => fc.record({ records, damage, cuts }).map((f) => ({ ...f, path }));

const later = (gen: fc.Arbitrary<Json[]>) => fc.record({ later: gen, laterDamage: damage });
const cuts = fc.array(fc.nat(1_000_000), { maxLength: 4 });

// ---- OpenCode ----------------------------------------------------------------------------------------

const OC_V1 = `
CREATE TABLE project (id text PRIMARY KEY, worktree text NOT NULL, vcs text, name text, time_created integer NOT NULL, time_updated integer NOT NULL, sandboxes text NOT NULL);
CREATE TABLE session (id text PRIMARY KEY, project_id text NOT NULL, workspace_id text, parent_id text, slug text NOT NULL,
  directory text NOT NULL, path text, title text NOT NULL, version text NOT NULL, share_url text, time_created integer NOT NULL, time_updated integer NOT NULL);
CREATE TABLE message (id text PRIMARY KEY, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
CREATE TABLE part (id text PRIMARY KEY, message_id text NOT NULL, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
CREATE INDEX message_session_time_created_id_idx ON message (session_id, time_created, id);
CREATE INDEX part_message_id_id_idx ON part (message_id, id);`;
const OC_V2 = `
CREATE TABLE session_v2 (id text PRIMARY KEY, project_id text NOT NULL, parent_id text, fork_session_id text, slug text NOT NULL, directory text NOT NULL,
  title text, version text NOT NULL, cost real DEFAULT 0 NOT NULL, tokens_input integer DEFAULT 0 NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL);
CREATE TABLE session_message (id text PRIMARY KEY, session_id text NOT NULL, type text NOT NULL, seq integer NOT NULL,
  time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
CREATE UNIQUE INDEX session_message_session_seq_idx ON session_message (session_id, seq);
CREATE INDEX session_message_time_created_idx ON session_message (time_created);`;

interface OcMsg {
  session: number;
  assistant: boolean;
  input: number;
  output: number;
  reasoning: number;
  read: number;
  write: number;
  total: 'none' | 'apart' | 'included';
  provider: string;
  finished: 'yes' | 'no' | 'error';
  cost: number;
}
const ocMsg: fc.Arbitrary<OcMsg> = fc.record({
  session: fc.nat(2),
  assistant: fc.nat(99).map((x) => x < 75),
  input: fc.integer({ min: 0, max: 100_000 }),
  output: fc.integer({ min: 0, max: 5_000 }),
  reasoning: fc.integer({ min: 0, max: 3_000 }),
  read: fc.integer({ min: 0, max: 200_000 }),
  write: fc.integer({ min: 0, max: 5_000 }),
  total: fc.constantFrom('none' as const, 'apart' as const, 'included' as const),
  provider: fc.constantFrom('anthropic', 'openai', 'google', 'openrouter'),
  finished: fc.constantFrom('yes' as const, 'yes' as const, 'no' as const, 'error' as const),
  cost: fc.constantFrom(0, 0.0123, 1.5),
});

const OC_MODELS: Record<string, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-5.2', google: 'gemini-2.5-pro', openrouter: 'moonshotai/kimi-k2' };

function ocTokens(m: OcMsg): Json {
  const total = m.total === 'none' ? undefined : m.input + m.read + m.write + m.output + (m.total === 'apart' ? m.reasoning : 0);
  return { input: m.input, output: m.output, reasoning: m.reasoning, cache: { read: m.read, write: m.write }, ...(total === undefined ? {} : { total }) };
}

/** A message's info as OpenCode 1.x writes it (message-v2.ts), id and session included. */
function ocInfo(m: OcMsg, id: string, session: string, at: number): Record<string, Json> {
  if (!m.assistant) {
    return { id, sessionID: session, role: 'user', time: { created: at }, agent: 'build', model: { providerID: 'anthropic', modelID: 'claude-sonnet-4-5' }, summary: { title: `Fix ${SECRET}`, body: SECRET, diffs: [] } };
  }
  return {
    id, sessionID: session, role: 'assistant',
    time: m.finished === 'no' ? { created: at } : { created: at, completed: at + 5_000 },
    parentID: `${id}_user`, modelID: OC_MODELS[m.provider]!, providerID: m.provider, mode: 'build', agent: 'build',
    path: { cwd: `/work/p${m.session}`, root: `/work/p${m.session}` }, cost: m.cost,
    // A message still being written has no tokens yet: OpenCode writes them when its step ends.
    tokens: m.finished === 'no' ? { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } } : ocTokens(m),
    finish: 'stop',
    ...(m.finished === 'error' ? { error: { name: 'MessageAbortedError', data: { message: `aborted while writing ${SECRET}` } } } : {}),
  };
}

/** One OpenCode 2 session_message row's data (the projector's shape, content inline). */
function ocV2Data(m: OcMsg, at: number): Json {
  if (!m.assistant) return { time: { created: at }, text: `please ${SECRET}`, files: [], agents: [] };
  return {
    time: m.finished === 'no' ? { created: at } : { created: at, completed: at + 4_000 }, agent: 'build',
    model: { id: OC_MODELS[m.provider]!, providerID: m.provider },
    content: [{ type: 'reasoning', text: `thinking about ${SECRET}` }, { type: 'text', text: `Done: ${SECRET}` }],
    finish: 'stop', cost: m.cost, tokens: m.finished === 'no' ? { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } } : ocTokens(m),
    ...(m.finished === 'error' ? { error: { type: 'aborted', message: SECRET } } : {}),
  };
}

/** SQL values a damaged database may hold in any column. */
const SQL_VALUES: unknown[] = [
  -1, 1e300, 9007199254740993n, 9223372036854775807n, -9223372036854775808n, 0.5, 1e9 + 1, 'NaN', '12', 'abc', '', HUGE, OVER,
  'a\u0000b', '\u001b[2J', Buffer.from([0xff, 0x00, 0x7b]), Buffer.from('{"role":"assistant","tokens":{"input":5,"output":5}}'), null,
  '{"role":"assistant","time":{"created":1},"tokens":{"input":1e999,"output":-5}}', '[1,2,3]', '{"a":', '2026-13-45 99:00:00', '1e3',
];

type DbDamage =
  | { op: 'cell'; table: number; row: number; column: number; value: number }
  | { op: 'data'; table: number; row: number; json: JsonDamage[] }
  | { op: 'rowid'; table: number; row: number; big: boolean }
  | { op: 'dropTable'; table: number }
  | { op: 'dropColumn'; table: number; column: number }
  | { op: 'renameTable'; table: number }
  | { op: 'typeless'; table: number }
  | { op: 'withoutRowid'; table: number }
  | { op: 'view'; table: number };
/** What happens to the file itself. */
type DbForm = 'db' | 'random' | 'cut' | 'empty' | 'fifo' | 'dir' | 'sqliteHeader' | 'junkWal' | 'junkShm';
const dbForm: fc.Arbitrary<DbForm> = fc.oneof(
  { weight: 14, arbitrary: fc.constant('db' as const) },
  { weight: 2, arbitrary: fc.constantFrom('random' as const, 'cut' as const, 'empty' as const, 'fifo' as const, 'dir' as const, 'sqliteHeader' as const, 'junkWal' as const, 'junkShm' as const) },
);

function dbDamage(tables: number, rowLevelOnly: boolean): fc.Arbitrary<DbDamage> {
  const t = fc.nat(tables - 1);
  const rowLevel = [
    { weight: 5, arbitrary: fc.record({ op: fc.constant('cell' as const), table: t, row: n, column: n, value: fc.nat(SQL_VALUES.length - 1) }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant('data' as const), table: t, row: n, json: fc.array(jsonDamage, { minLength: 1, maxLength: 3 }) }) },
  ];
  if (rowLevelOnly) return fc.oneof(...rowLevel);
  return fc.oneof(
    ...rowLevel,
    { weight: 1, arbitrary: fc.record({ op: fc.constant('rowid' as const), table: t, row: n, big: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('dropTable' as const), table: t }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('dropColumn' as const), table: t, column: n }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('renameTable' as const), table: t }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('typeless' as const), table: t }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('withoutRowid' as const), table: t }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('view' as const), table: t }) },
  );
}

/** Applies damage to an open database; a change SQLite refuses (a NOT NULL, a UNIQUE) is simply not made. */
function damageDb(db: Database.Database, tables: string[], ops: DbDamage[]): void {
  for (const d of ops) {
    const table = tables[d.table % tables.length]!;
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (!exists) continue;
    const cols = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
    const nth = (row: number) => `(SELECT rowid FROM "${table}" ORDER BY rowid LIMIT 1 OFFSET ${row % Math.max(1, (db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number))})`;
    try {
      if (d.op === 'cell') db.prepare(`UPDATE "${table}" SET "${cols[d.column % cols.length]!}" = ? WHERE rowid = ${nth(d.row)}`).run(SQL_VALUES[d.value] as never);
      else if (d.op === 'data') {
        if (!cols.includes('data')) continue;
        const row = db.prepare(`SELECT rowid, data FROM "${table}" WHERE rowid = ${nth(d.row)}`).raw().get() as [number, unknown] | undefined;
        if (!row || typeof row[1] !== 'string') continue;
        let parsed: Json;
        try {
          parsed = JSON.parse(row[1]) as Json;
        } catch {
          continue;
        }
        const [damaged] = damageRecords([parsed], d.json.map((j) => ({ ...j, line: 0 })));
        db.prepare(`UPDATE "${table}" SET data = ? WHERE rowid = ?`).run(serialize(damaged!).toString(), row[0]);
      } else if (d.op === 'rowid') db.prepare(`UPDATE "${table}" SET rowid = ? WHERE rowid = ${nth(d.row)}`).run(d.big ? 9223372036854775807n : -5);
      else if (d.op === 'dropTable') db.exec(`DROP TABLE "${table}"`);
      else if (d.op === 'renameTable') db.exec(`ALTER TABLE "${table}" RENAME TO "${table}_old"`);
      else if (d.op === 'typeless') {
        // The table again, without types, keys or rowid, and its rows in it.
        db.exec(`CREATE TABLE "${table}_x" AS SELECT * FROM "${table}"; DROP TABLE "${table}"; ALTER TABLE "${table}_x" RENAME TO "${table}"`);
      } else if (d.op === 'withoutRowid') {
        // The same columns, keyed by the first, in a table without rowids.
        db.exec(`CREATE TABLE "${table}_x" (${cols.map((c) => `"${c}"`).join(', ')}, PRIMARY KEY ("${cols[0]!}")) WITHOUT ROWID;
          INSERT OR IGNORE INTO "${table}_x" SELECT * FROM "${table}"; DROP TABLE "${table}"; ALTER TABLE "${table}_x" RENAME TO "${table}"`);
      } else if (d.op === 'view') {
        db.exec(`ALTER TABLE "${table}" RENAME TO "${table}_rows"; CREATE VIEW "${table}" AS SELECT * FROM "${table}_rows"`);
      } else {
        const col = cols[d.column % cols.length]!;
        for (const idx of db.prepare('SELECT name FROM pragma_index_list(?) WHERE origin = ?').pluck().all(table, 'c') as string[]) db.exec(`DROP INDEX "${idx}"`);
        db.exec(`ALTER TABLE "${table}" DROP COLUMN "${col}"`);
      }
    } catch {
      // Refused by SQLite: the database stays as it was.
    }
  }
}

/** Puts the finished database at `path` in the form asked for. */
function dbFile(path: string, f: DbForm, random: Buffer, cut: number): void {
  if (f === 'db') return;
  // The database intact, beside a write-ahead log or shared memory of random bytes.
  if (f === 'junkWal' || f === 'junkShm') {
    writeFileSync(`${path}${f === 'junkWal' ? '-wal' : '-shm'}`, Buffer.concat([random, Buffer.alloc(cut % 70_000)]));
    return;
  }
  const bytes = readFileSync(path);
  for (const p of [path, `${path}-wal`, `${path}-shm`]) rmSync(p, { recursive: true, force: true });
  if (f === 'random') writeFileSync(path, random);
  else if (f === 'cut') writeFileSync(path, bytes.subarray(0, cut % (bytes.length + 1)));
  else if (f === 'sqliteHeader') writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\u0000'), random]));
  else if (f === 'empty') writeFileSync(path, '');
  else if (f === 'dir') mkdirSync(join(path, 'inner'), { recursive: true });
  else execFileSync('mkfifo', [path]);
}

interface OcSpec {
  layout: 'v1' | 'v2' | 'both';
  messages: OcMsg[];
  v2: OcMsg[];
  damage: DbDamage[];
  form: DbForm;
  random: Buffer;
  cut: number;
  /** A live OpenCode holding a write transaction open while Runway reads. */
  writer: boolean;
  docs: { msg: OcMsg; damage: Damage; cut: number | null; form: Form }[];
}

const OC_TABLES = ['message', 'session', 'part', 'session_message', 'session_v2'];

function ocDatabase(path: string, s: OcSpec): void {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  if (s.layout !== 'v2') db.exec(OC_V1);
  if (s.layout !== 'v1') db.exec(OC_V2);
  if (s.layout !== 'v2') {
    db.prepare("INSERT INTO project VALUES ('prj_1', '/work', 'git', NULL, ?, ?, '[]')").run(T0, T0);
    for (let k = 0; k < 3; k++) {
      db.prepare(`INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, time_created, time_updated)
        VALUES (?, 'prj_1', ?, 'slug', ?, ?, '1.3.2', ?, ?)`).run(`ses_${k}`, k === 2 ? 'ses_0' : null, `/work/p${k}`, `Title ${SECRET}`, T0, T0);
    }
    s.messages.forEach((m, k) => insertOcMessage(db, m, k));
  }
  if (s.layout !== 'v1') {
    for (let k = 0; k < 3; k++) {
      db.prepare(`INSERT INTO session_v2 (id, project_id, parent_id, fork_session_id, slug, directory, title, version, time_created, time_updated)
        VALUES (?, 'prj_1', NULL, ?, 'slug', ?, ?, '2.0.25', ?, ?)`).run(`ses2_${k}`, k === 2 ? 'ses2_0' : null, `/work/v2p${k}`, `Title ${SECRET}`, T0, T0);
    }
    s.v2.forEach((m, k) => insertOcV2(db, m, k));
  }
  damageDb(db, OC_TABLES, s.damage);
  db.close();
}

function insertOcMessage(db: Database.Database, m: OcMsg, k: number): void {
  const at = T0 + k * 60_000 + 17;
  const { id, sessionID, ...data } = ocInfo(m, `msg_${String(k).padStart(4, '0')}`, `ses_${m.session}`, at);
  // As OpenCode's updateMessage: the row updated in place, same rowid.
  db.prepare(`INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET data = excluded.data, time_updated = excluded.time_updated`).run(id, sessionID, at, at, JSON.stringify(data));
  db.prepare('INSERT OR REPLACE INTO part (id, message_id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?)')
    .run(`prt_${k}`, id, sessionID, at, at, JSON.stringify({ type: 'text', text: `the answer is ${SECRET}` }));
}

function insertOcV2(db: Database.Database, m: OcMsg, k: number): void {
  const at = T0 + k * 60_000 + 29;
  db.prepare(`INSERT INTO session_message (id, session_id, type, seq, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET data = excluded.data, time_updated = excluded.time_updated`)
    .run(`evt_${String(k).padStart(4, '0')}`, `ses2_${m.session}`, m.assistant ? 'assistant' : 'user', k, at, at, JSON.stringify(ocV2Data(m, at)));
}

const ocDir = (h: string) => join(h, '.local', 'share', 'opencode');

/** The JSON tree: a message's info per file; parts and sessions beside them, which are never read. */
/** File and folder names are the ids: some as a damaged tree may name them. */
const OC_NAMES = ['msg_doc', 'msg_\u001b[2J', 'msg_\nline', 'm'.repeat(240)];

function ocDocs(dir: string, docs: OcSpec['docs'], random: Buffer): void {
  docs.forEach((d, k) => {
    const id = `${OC_NAMES[k % OC_NAMES.length]!}${k}`;
    const session = k === 2 ? 'ses_\u0007bell' : `ses_doc${k % 2}`;
    const info = ocInfo(d.msg, id, session, T0 + k * 45_000);
    place(join(dir, 'storage', 'message', session, `${id}.json`), jsonDocument(info, d.damage, d.cut), d.form, random);
    place(join(dir, 'storage', 'part', id, `prt_${k}.json`), Buffer.from(JSON.stringify({ id: `prt_${k}`, messageID: id, type: 'text', text: SECRET })), 'file', random);
  });
  place(join(dir, 'storage', 'session', 'prj_1', 'ses_doc0.json'), Buffer.from(JSON.stringify({ id: 'ses_doc0', title: `Title ${SECRET}` })), 'file', random);
}

/** Holds a write transaction open on the database (a live OpenCode or Copilot mid-commit) while `f` runs. */
function whileWriting<T>(path: string, on: boolean, write: (db: Database.Database) => void, f: () => T): T {
  if (!on || !existsSync(path)) return f();
  let writer: Database.Database | null = null;
  try {
    writer = new Database(path, { timeout: 0 });
    writer.exec('BEGIN IMMEDIATE');
    write(writer);
  } catch {
    // Not a database it can write: the scan goes on without a writer.
    try {
      writer?.close();
    } catch {
      // Closing a connection that failed to open.
    }
    writer = null;
  }
  try {
    return f();
  } finally {
    if (writer) {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      writer.close();
    }
  }
}

// ---- Copilot's store ----------------------------------------------------------------------------

const CP_STORE = `
  CREATE TABLE schema_version (version INTEGER NOT NULL);
  INSERT INTO schema_version VALUES (8);
  CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, host_type TEXT, branch TEXT, summary TEXT, created_at TEXT, updated_at TEXT);
  CREATE TABLE turns (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT, turn_index INTEGER, user_message TEXT, assistant_response TEXT, timestamp TEXT);
  CREATE TABLE assistant_usage_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, turn_index INTEGER, agent_id TEXT, parent_tool_call_id TEXT,
    model TEXT NOT NULL, input_tokens INTEGER, output_tokens INTEGER, cache_read_tokens INTEGER, cache_write_tokens INTEGER,
    reasoning_tokens INTEGER, total_nano_aiu INTEGER, request_multiplier REAL, duration_ms INTEGER, initiator TEXT, api_endpoint TEXT,
    finish_reason TEXT, token_details_json TEXT, created_at TEXT DEFAULT (datetime('now')), copilot_usage_model TEXT);`;

interface CpRow {
  session: number;
  model: number;
  input: number;
  output: number;
  crPct: number;
  cw: number;
  reasoning: number;
  nano: number | null;
  sqliteTime: boolean;
}
const cpRow = (minOutput = 0): fc.Arbitrary<CpRow> => fc.record({
  session: fc.nat(2),
  model: fc.nat(CP_MODELS.length - 1),
  input: fc.integer({ min: 0, max: 100_000 }),
  output: fc.integer({ min: minOutput, max: 3_000 }),
  crPct: fc.integer({ min: 0, max: 95 }),
  cw: fc.integer({ min: 0, max: 500 }),
  reasoning: fc.integer({ min: 0, max: 300 }),
  nano: fc.option(fc.integer({ min: 0, max: 3_000_000_000 }), { nil: null }),
  sqliteTime: fc.boolean(),
});

const CP_TABLES = ['assistant_usage_events', 'sessions', 'turns'];

function cpStore(path: string, rows: CpRow[], damage: DbDamage[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(CP_STORE);
  for (let k = 0; k < 3; k++) {
    db.prepare('INSERT INTO sessions (id, cwd, repository, host_type, branch, summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(cpSid(k), `/home/dev/p${k}`, 'acme/api', 'local', 'main', `Summary: ${SECRET}`, iso(T0), iso(T0 + 3_600_000));
    db.prepare('INSERT INTO turns (session_id, turn_index, user_message, assistant_response, timestamp) VALUES (?, 0, ?, ?, ?)').run(cpSid(k), `fix ${SECRET}`, `Done: ${SECRET}`, iso(T0));
  }
  insertCpRows(db, rows, 0);
  damageDb(db, CP_TABLES, damage);
  db.close();
}

function insertCpRows(db: Database.Database, rows: CpRow[], from: number): void {
  const insert = db.prepare(`INSERT INTO assistant_usage_events (session_id, turn_index, model, input_tokens, output_tokens, cache_read_tokens,
    cache_write_tokens, reasoning_tokens, total_nano_aiu, request_multiplier, initiator, api_endpoint, finish_reason, token_details_json, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, 'ws:/responses', 'tool_calls', ?, ?)`);
  rows.forEach((r, k) => {
    const at = T0 + (from + k) * 30_000;
    const cr = Math.floor((r.input * r.crPct) / 100);
    insert.run(cpSid(r.session), k, CP_MODELS[r.model]!, r.input + r.cw, r.output, cr, r.cw, Math.min(r.reasoning, r.output), r.nano,
      JSON.stringify([{ name: 'input', text: SECRET }]), r.sqliteTime ? iso(at).replace('T', ' ').slice(0, 19) : iso(at));
  });
}

const cpStorePath = (h: string) => join(h, '.copilot', 'session-store.db');

// ---- the properties ------------------------------------------------------------------------------------

const lineFile = (records: fc.Arbitrary<Json[]>, laterRecords: fc.Arbitrary<Json[]>, path: (h: string) => string): fc.Arbitrary<LineFileSpec> =>
  fc.record({ records, damage, form, random: randomBytes, then: fc.constantFrom('keep' as const, 'keep' as const, 'truncate' as const, 'rewrite' as const), at: fc.nat(1_000_000) })
    .chain((f) => later(laterRecords).map((l) => ({ ...f, ...l, path })));

describe('Codex rollouts, damaged', () => {
  const rollout = (i: number) => codexFile.map((f) => codexRecords(f, i));
  const laterRows = (i: number) => fc.array(codexStep, { maxLength: 3 }).map((steps) => codexRecords({ steps, fork: 0, exec: false }, i).slice(2));

  it('a scan never throws, stores only bounded figures and no content, and a rescan of the same bytes changes nothing', async () => {
    const h = await harness();
    const files = fc.tuple(lineFile(rollout(1), laterRows(1), (d) => codexPath(d, 1)), lineFile(rollout(2), laterRows(2), (d) => codexPath(d, 2)));
    await fc.assert(fc.asyncProperty(files, fc.boolean(), async (f, settled) => linesCase(h, codex, f, settled)), { numRuns: RUNS, seed: SEED });
  }, 120_000);

  it('a rollout read as it grows holds what one scan of its final bytes holds', async () => {
    const h = await harness();
    const file = (i: number) => growing(rollout(i), (d) => codexPath(d, i));
    await fc.assert(fc.asyncProperty(fc.tuple(file(1), file(2)), fc.boolean(), async (f, settled) => growingCase(h, codex, f, settled)), { numRuns: RUNS, seed: SEED });
  }, 120_000);
});

describe('Gemini CLI chats, damaged', () => {
  const chat = (i: number) => geminiChat.map((c) => geminiJsonl(c, i));
  const laterLines = (i: number) => geminiChat.map((c) => geminiJsonl(c, i + 10).slice(1));

  it('a .jsonl chat: a scan never throws, stores only bounded figures and no content, and a rescan changes nothing', async () => {
    const h = await harness();
    const files = fc.tuple(lineFile(chat(1), laterLines(1), (d) => geminiLinesPath(d, 1, false)), lineFile(chat(2), laterLines(2), (d) => geminiLinesPath(d, 2, true)));
    await fc.assert(fc.asyncProperty(files, fc.boolean(), async (f, settled) => linesCase(h, gemini, f, settled)), { numRuns: RUNS, seed: SEED });
  }, 120_000);

  it('a .jsonl chat read as it grows holds what one scan of its final bytes holds', async () => {
    const h = await harness();
    const file = (i: number, sub: boolean) => growing(chat(i), (d) => geminiLinesPath(d, i, sub));
    await fc.assert(fc.asyncProperty(fc.tuple(file(1, false), file(2, true)), fc.boolean(), async (f, settled) => growingCase(h, gemini, f, settled)), { numRuns: RUNS, seed: SEED });
  }, 120_000);

  it('session documents rewritten damaged: a scan never throws, stores only bounded figures and no content', async () => {
    const h = await harness();
    const doc = fc.record({ chat: geminiChat, damage, cut: fc.option(fc.nat(1_000_000), { nil: null }), form, random: randomBytes });
    await fc.assert(fc.asyncProperty(fc.array(doc, { minLength: 1, maxLength: 3 }), fc.array(doc, { minLength: 1, maxLength: 3 }), async (first, second) => {
      wipe(h.other);
      const dir = home();
      for (const docs of [first, second]) {
        docs.forEach((d, k) => place(geminiDocPath(dir, k), jsonDocument(geminiDocument(d.chat, k), d.damage, d.cut), d.form, d.random));
        scanned(h.db, dir, gemini);
        sane(h);
      }
      await figures(h);
    }), { numRuns: RUNS, seed: SEED });
  }, 120_000);
});

describe('Copilot CLI events, damaged', () => {
  const events = (i: number) => fc.array(copilotSegment, { minLength: 1, maxLength: 3 }).map((s) => copilotRecords(s, i));
  const laterEvents = (i: number) => fc.array(copilotSegment, { maxLength: 2 }).map((s) => copilotRecords(s, i + 10).slice(1));

  it('a scan never throws, stores only bounded figures and no content, and a rescan changes nothing', async () => {
    const h = await harness();
    const files = fc.tuple(lineFile(events(1), laterEvents(1), (d) => copilotEventsPath(d, 1)), lineFile(events(2), laterEvents(2), (d) => copilotEventsPath(d, 2)));
    await fc.assert(fc.asyncProperty(files, fc.boolean(), async (f, settled) => linesCase(h, copilot, f, settled)), { numRuns: RUNS, seed: SEED });
  }, 120_000);

  it('events.jsonl read as it grows holds what one scan of its final bytes holds', async () => {
    const h = await harness();
    const file = (i: number) => growing(events(i), (d) => copilotEventsPath(d, i));
    await fc.assert(fc.asyncProperty(fc.tuple(file(1), file(2)), fc.boolean(), async (f, settled) => growingCase(h, copilot, f, settled)), { numRuns: RUNS, seed: SEED });
  }, 120_000);
});

describe('Copilot CLI session-store.db, damaged', () => {
  it('a scan never throws (corrupt, truncated, retyped, missing tables or columns, a writer mid-transaction), stores only bounded figures and no content', async () => {
    const h = await harness();
    const spec = fc.record({
      rows: fc.array(cpRow(), { maxLength: 8 }), damage: fc.array(dbDamage(CP_TABLES.length, false), { maxLength: 4 }), form: dbForm,
      random: randomBytes, cut: fc.nat(100_000), writer: fc.boolean(), more: fc.array(cpRow(), { maxLength: 4 }), moreDamage: fc.array(dbDamage(CP_TABLES.length, true), { maxLength: 3 }),
      events: fc.array(copilotSegment, { minLength: 1, maxLength: 2 }),
    });
    await fc.assert(fc.asyncProperty(spec, async (s) => {
      wipe(h.other);
      const dir = home();
      const path = cpStorePath(dir);
      cpStore(path, s.rows, s.damage);
      dbFile(path, s.form, s.random, s.cut);
      // The same sessions' events beside the store: both describe them.
      place(copilotEventsPath(dir, 1), jsonlFile(copilotRecords(s.events, 1), { json: [], lines: [], shape: { bom: false, crlf: false, newline: true } }), 'file', s.random);
      const report = whileWriting(path, s.writer && s.form === 'db', (w) => insertCpRows(w, s.more, 100), () => scanned(h.db, dir, copilot));
      sane(h);
      if (s.form === 'db' && !s.damage.some((d) => d.op !== 'cell' && d.op !== 'data')) expect(report.issues.unreadable_database).toBeUndefined();
      // More rows, damaged, committed: read past the mark.
      if (s.form === 'db') {
        const w = new Database(path);
        try {
          if (w.prepare("SELECT 1 FROM sqlite_master WHERE name = 'assistant_usage_events'").get()) {
            insertCpRows(w, s.more, 100);
            damageDb(w, CP_TABLES, s.moreDamage);
          }
        } catch {
          // A table the damage left unwritable: nothing more is added.
        } finally {
          w.close();
        }
      }
      scanned(h.db, dir, copilot);
      sane(h);
      const before = contents(h.db);
      scanned(h.db, dir, copilot);
      expect(contents(h.db)).toEqual(before);
      await figures(h);
    }), { numRuns: RUNS, seed: SEED });
  }, 120_000);

  it('a store read as it grows (each new row with output) has the totals of one scan of its final state', async () => {
    const h = await harness();
    const spec = fc.record({ rows: fc.array(cpRow(1), { minLength: 1, maxLength: 6 }), batches: fc.array(fc.array(cpRow(1), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }) });
    await fc.assert(fc.asyncProperty(spec, async (s) => {
      wipe(h.other);
      wipe(h.refOther);
      const dir = home();
      const path = cpStorePath(dir);
      cpStore(path, s.rows, []);
      scanned(h.db, dir, copilot);
      let from = s.rows.length;
      for (const batch of s.batches) {
        const w = new Database(path);
        insertCpRows(w, batch, from);
        w.close();
        from += batch.length;
        scanned(h.db, dir, copilot);
        sane(h);
      }
      const fresh = home();
      mkdirSync(dirname(cpStorePath(fresh)), { recursive: true });
      copyFileSync(path, cpStorePath(fresh));
      scanned(h.ref, fresh, copilot);
      expect(totals(h.db)).toEqual(totals(h.ref));
      await figures(h);
    }), { numRuns: RUNS, seed: SEED });
  }, 120_000);
});

describe('OpenCode, damaged', () => {
  const spec: fc.Arbitrary<OcSpec> = fc.record({
    layout: fc.constantFrom('v1' as const, 'v2' as const, 'both' as const),
    messages: fc.array(ocMsg, { maxLength: 6 }),
    v2: fc.array(ocMsg, { maxLength: 4 }),
    damage: fc.array(dbDamage(OC_TABLES.length, false), { maxLength: 4 }),
    form: dbForm,
    random: randomBytes,
    cut: fc.nat(100_000),
    writer: fc.boolean(),
    docs: fc.array(fc.record({ msg: ocMsg, damage, cut: fc.option(fc.nat(100_000), { nil: null }), form }), { maxLength: 4 }),
  });

  it('a scan never throws (corrupt, truncated, retyped, missing tables or columns, a writer mid-transaction), stores only bounded figures and no content', async () => {
    const h = await harness();
    await fc.assert(fc.asyncProperty(spec, fc.array(ocMsg, { maxLength: 3 }), fc.array(dbDamage(OC_TABLES.length, true), { maxLength: 3 }), async (s, more, moreDamage) => {
      wipe(h.other);
      const dir = home();
      const path = join(ocDir(dir), 'opencode.db');
      ocDatabase(path, s);
      dbFile(path, s.form, s.random, s.cut);
      ocDocs(ocDir(dir), s.docs, s.random);
      const report = whileWriting(path, s.writer && s.form === 'db', (w) => more.forEach((m, k) => insertOcMessage(w, m, 100 + k)), () => scanned(h.db, dir, opencode));
      sane(h);
      if (s.form === 'db' && !s.damage.some((d) => d.op !== 'cell' && d.op !== 'data')) expect(report.issues.unreadable_database).toBeUndefined();
      if (s.form === 'db') {
        const w = new Database(path);
        try {
          if (w.prepare("SELECT 1 FROM sqlite_master WHERE name = 'message'").get()) more.forEach((m, k) => insertOcMessage(w, m, 100 + k));
          damageDb(w, OC_TABLES, moreDamage);
        } catch {
          // A table the damage left unwritable: nothing more is added.
        } finally {
          w.close();
        }
      }
      scanned(h.db, dir, opencode);
      sane(h);
      const before = contents(h.db);
      scanned(h.db, dir, opencode);
      expect(contents(h.db)).toEqual(before);
      await figures(h);
    }), { numRuns: RUNS, seed: SEED });
  }, 120_000);

  it('a database read as it grows (rows added damaged, unfinished messages completed) holds what one scan of its final state holds', async () => {
    const h = await harness();
    const batch = fc.record({ v1: fc.array(ocMsg, { maxLength: 3 }), v2: fc.array(ocMsg, { maxLength: 3 }), damage: fc.array(fc.record({ table: fc.constantFrom(0, 3), row: n, json: fc.array(jsonDamage, { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }) });
    await fc.assert(fc.asyncProperty(fc.constantFrom('v1' as const, 'both' as const), fc.array(ocMsg, { maxLength: 4 }), fc.array(batch, { minLength: 1, maxLength: 3 }), async (layout, first, batches) => {
      wipe(h.other);
      wipe(h.refOther);
      const dir = home();
      const path = join(ocDir(dir), 'opencode.db');
      const s: OcSpec = { layout, messages: first, v2: [], damage: [], form: 'db', random: Buffer.alloc(0), cut: 0, writer: false, docs: [] };
      ocDatabase(path, s);
      const v1: OcMsg[] = [...first];
      const v2: OcMsg[] = [];
      scanned(h.db, dir, opencode);
      for (const b of batches) {
        const w = new Database(path);
        // Messages read unfinished complete, with their tokens, in place.
        v1.forEach((m, k) => {
          if (m.assistant && m.finished === 'no') insertOcMessage(w, (v1[k] = { ...m, finished: 'yes' }), k);
        });
        if (layout === 'both') {
          v2.forEach((m, k) => {
            if (m.assistant && m.finished === 'no') insertOcV2(w, (v2[k] = { ...m, finished: 'yes' }), k);
          });
        }
        const start1 = v1.length;
        const start2 = v2.length;
        b.v1.forEach((m, k) => insertOcMessage(w, m, start1 + k));
        v1.push(...b.v1);
        if (layout === 'both') {
          b.v2.forEach((m, k) => insertOcV2(w, m, start2 + k));
          v2.push(...b.v2);
        }
        // Damage in the rows just added, which are never written again.
        for (const d of b.damage) {
          const table = OC_TABLES[d.table]!;
          const added = table === 'message' ? b.v1.length : layout === 'both' ? b.v2.length : 0;
          if (!added) continue;
          const start = table === 'message' ? start1 : start2;
          damageDb(w, OC_TABLES, [{ op: 'data', table: d.table, row: start + (d.row % added), json: d.json }]);
          (table === 'message' ? v1 : v2)[start + (d.row % added)] = { ...(table === 'message' ? v1 : v2)[start + (d.row % added)]!, finished: 'yes' };
        }
        w.close();
        scanned(h.db, dir, opencode);
        sane(h);
      }
      const fresh = home();
      mkdirSync(ocDir(fresh), { recursive: true });
      copyFileSync(path, join(ocDir(fresh), 'opencode.db'));
      scanned(h.ref, fresh, opencode);
      expect(totals(h.db)).toEqual(totals(h.ref));
      await figures(h);
    }), { numRuns: RUNS, seed: SEED });
  }, 120_000);
});

describe('databases locked and folders that are not folders', () => {
  it('a database locked by another connection (rollback journal, exclusive) is skipped after the busy timeout and read once free', async () => {
    const h = await harness();
    for (const source of [opencode, copilot]) {
      wipe(h.other);
      const dir = home();
      const path = source === opencode ? join(ocDir(dir), 'opencode.db') : cpStorePath(dir);
      if (source === opencode) ocDatabase(path, { layout: 'v1', messages: [{ session: 0, assistant: true, input: 10, output: 20, reasoning: 0, read: 0, write: 0, total: 'none', provider: 'anthropic', finished: 'yes', cost: 0.5 }], v2: [], damage: [], form: 'db', random: Buffer.alloc(0), cut: 0, writer: false, docs: [] });
      else cpStore(path, [{ session: 0, model: 0, input: 100, output: 20, crPct: 0, cw: 0, reasoning: 0, nano: null, sqliteTime: false }], []);
      const lock = new Database(path);
      lock.pragma('journal_mode = DELETE');
      lock.exec('BEGIN EXCLUSIVE');
      lock.exec(source === opencode ? "UPDATE message SET time_updated = time_updated + 1" : 'UPDATE assistant_usage_events SET duration_ms = 1');
      const started = performance.now();
      const report = scanned(h.db, dir, source);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(report.issues.unreadable_database?.count, source.name).toBe(1);
      sane(h);
      lock.exec('ROLLBACK');
      lock.close();
      expect(scanned(h.db, dir, source).responsesTotal, source.name).toBe(1);
      sane(h);
      await figures(h);
    }
  }, 30_000);

  it("a FIFO, a file or a folder where an agent's folder or file is expected: the scan ends and stores nothing it should not", async () => {
    const h = await harness();
    const cases: [Source, (d: string) => string][] = [
      [codex, (d) => join(d, '.codex')], [codex, (d) => join(d, '.codex', 'sessions')], [codex, (d) => join(d, '.codex', 'sessions', '2026', '11', '18')],
      [gemini, (d) => join(d, '.gemini', 'tmp')], [gemini, (d) => join(d, '.gemini', 'tmp', 'my-app', 'chats')],
      [opencode, (d) => ocDir(d)], [opencode, (d) => join(ocDir(d), 'storage', 'message')], [opencode, (d) => join(ocDir(d), 'storage', 'message', 'ses_1')],
      [copilot, (d) => join(d, '.copilot')], [copilot, (d) => join(d, '.copilot', 'session-state')], [copilot, (d) => join(d, '.copilot', 'session-state', cpSid(1))],
    ];
    for (const [source, where] of cases) {
      for (const what of ['fifo', 'file'] as const) {
        wipe(h.other);
        const dir = home();
        const target = where(dir);
        mkdirSync(dirname(target), { recursive: true });
        if (what === 'fifo') execFileSync('mkfifo', [target]);
        else writeFileSync(target, Buffer.from([0xff, 0x00, 0x7b, 0x0a]));
        scanned(h.db, dir, source);
        sane(h);
      }
    }
    await figures(h);
  });
});
