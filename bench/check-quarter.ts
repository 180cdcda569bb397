// A held-out corpus shaped like Claude Code 2.1.140–2.1.332 transcripts (2026-10-01 to
// 2026-11-30), with its truth computed here from the published prices, never from Runway's
// price code: every token kind per local day must match exactly, every day's cost within
// 0.1%, nothing unpriced. For UTC and America/New_York (whose clocks go back on 2026-11-01).
//   node dist/bench/check-quarter.js [--sessions 300] [--seed 1] [--keep]
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
// Runway's side only: the truth below never calls Runway's price code.
import { openDb, type Db } from '../store/db.js';
import { scan } from '../scanner/scan.js';
import { loadPriceTable } from '../core/price-source.js';
import { pricedRows } from '../figures/usage.js';
import { ledgerCheck } from '../figures/ledger.js';
import type { PriceTable } from '../core/pricing.js';

type Rec = Record<string, unknown>;

// ---------------------------------------------------------------------------------------
// The truth: list prices from /work/shared/prices.md (December 2026), written out by hand.

/** USD per million tokens: input, output, 5-minute write, 1-hour write, cache read. */
type ListRates = readonly [number, number, number, number, number];

const SONNET_CACHE_CUT = Date.UTC(2026, 9, 7); // Sonnet 5.5 cache reads: $0.20 before, $0.10 from 2026-10-07

/** The model as priced: without a context tag (`[1m]`) or a date suffix (`-20261007`). */
export function baseModel(model: string): string {
  return model.replace(/\[[^\]]*\]$/, '').replace(/-\d{8}$/, '');
}

function listRates(model: string, ms: number, prompt: number): ListRates {
  switch (baseModel(model)) {
    case 'claude-opus-5-5':
      return [4, 20, 5, 8, 0.2];
    case 'claude-opus-5':
      return [5, 25, 6.25, 10, 0.5];
    case 'claude-sonnet-5-5':
      return [2, 10, 2.5, 4, ms < SONNET_CACHE_CUT ? 0.2 : 0.1];
    case 'claude-haiku-5-5':
      // Judged per request; above 100,000 prompt tokens every token of it at the higher band.
      return prompt > 100_000 ? [0.5, 2.5, 0.625, 1, 0.05] : [0.1, 0.5, 0.125, 0.2, 0.01];
    case 'claude-fable-5-1':
      return [10, 50, 12.5, 20, 0.25];
    default:
      throw new Error(`no list price written for ${model}`);
  }
}

/** Fast mode multiplies every token rate: Opus 5 at $10 / $50. Opus 5.5 has no fast price, so the corpus never asks for one. */
const FAST = { 'claude-opus-5': 2 } as Readonly<Record<string, number>>;
/** US-only inference: 1.1× on every token kind, Claude 4.6 and later (every model here). */
const US_ONLY = 1.1;
/** Web search: $10 per 1,000 requests. */
const PER_SEARCH = 10 / 1000;

export interface Counts {
  input: number;
  output: number;
  cw5m: number;
  cw1h: number;
  read: number;
}

/** One billed response as the generator meant it. */
export interface TruthResponse {
  id: string;
  session: string;
  ts: number;
  /** As logged. */
  model: string;
  billed: Counts;
  web: number;
  fast: boolean;
  us: boolean;
  cost: number;
}

export function truthCost(model: string, ts: number, c: Counts, web: number, fast: boolean, us: boolean): number {
  const prompt = c.input + c.cw5m + c.cw1h + c.read;
  const [i, o, w5, w1, r] = listRates(model, ts, prompt);
  let multiplier = us ? US_ONLY : 1;
  if (fast) {
    const f = FAST[baseModel(model)];
    if (f === undefined) throw new Error(`no fast price written for ${model}`);
    multiplier *= f;
  }
  return ((c.input * i + c.output * o + c.cw5m * w5 + c.cw1h * w1 + c.read * r) * multiplier) / 1e6 + web * PER_SEARCH;
}

export interface Figures {
  responses: number;
  input: number;
  output: number;
  cw5m: number;
  cw1h: number;
  read: number;
  web: number;
  cost: number;
}
export const KINDS = ['responses', 'input', 'output', 'cw5m', 'cw1h', 'read', 'web'] as const;
export type Kind = (typeof KINDS)[number];
const empty = (): Figures => ({ responses: 0, input: 0, output: 0, cw5m: 0, cw1h: 0, read: 0, web: 0, cost: 0 });

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The local calendar date of an instant, from the platform's zone data. */
export function localDate(ms: number, tz: string): string {
  let f = dayFormats.get(tz);
  if (!f) dayFormats.set(tz, (f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

function add(f: Figures, r: TruthResponse): void {
  f.responses++;
  f.input += r.billed.input;
  f.output += r.billed.output;
  f.cw5m += r.billed.cw5m;
  f.cw1h += r.billed.cw1h;
  f.read += r.billed.read;
  f.web += r.web;
  f.cost += r.cost;
}

/** The truth per local day (and per logged model). */
export function truthBy(responses: TruthResponse[], key: (r: TruthResponse) => string): Map<string, Figures> {
  const out = new Map<string, Figures>();
  for (const r of responses) {
    const k = key(r);
    let f = out.get(k);
    if (!f) out.set(k, (f = empty()));
    add(f, r);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The corpus.

const FROM = Date.UTC(2026, 9, 1);
const TO = Date.UTC(2026, 11, 1); // exclusive
const HAIKU_55_RELEASE = Date.UTC(2026, 9, 7);
const BUCKET = 900_000;
const MIN = 60_000;

class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let x = this.next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of xs) if ((x -= w) < 0) return v;
    return xs.at(-1)![0];
  }
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  hex(n: number): string {
    return this.chars(n, '0123456789abcdef');
  }
  b58(n: number): string {
    return this.chars(n, '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz');
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

/** What the corpus exercised, to show (and for the test to require) that every rule was met. */
export type Feature =
  | 'fast' | 'usOnly' | 'oneMillionTag' | 'dateSuffix' | 'haikuLow' | 'haikuHigh' | 'haikuAt100k' | 'haikuAt100k+1'
  | 'sonnetBeforeCut' | 'sonnetFromCut' | 'write5m' | 'write1h' | 'flatZeroBug' | 'webSearch' | 'streamedPartial'
  | 'streamedFinal' | 'subagentFile' | 'subagentResponse' | 'progressEcho' | 'subagentFileGone' | 'compactCopy'
  | 'copiedLine' | 'compactSummary' | 'apiError' | 'iterationsEmpty' | 'iterationCompaction' | 'iterationSingle'
  | 'budgetUsd' | 'nyRepeatedHour' | 'nearMidnightUtc' | 'nearMidnightNy' | 'pinnedInstant';

interface SessionSpec {
  start: number;
  model?: string;
  geo?: string;
  fast?: boolean;
  version?: number;
  turns?: number;
  /** Instants a single-line response is written at exactly. */
  pins?: number[];
  /** Features used at their first chance. */
  force?: Feature[];
}

const at = (iso: string) => Date.parse(iso);

/** Sessions placed on the edges that matter, so even a small corpus meets every rule. */
const ANCHORS: SessionSpec[] = [
  // Sonnet 5.5's cache-read cut at 2026-10-07T00:00Z, which is 20:00 on 2026-10-06 in New York.
  { start: at('2026-10-06T23:20:00Z'), model: 'claude-sonnet-5-5', pins: [at('2026-10-06T23:59:59.999Z'), at('2026-10-07T00:00:00.000Z')], force: ['subagentFile', 'webSearch', 'streamedPartial'] },
  { start: at('2026-10-06T13:00:00Z'), model: 'claude-sonnet-5-5', turns: 6 },
  // New York's repeated hour: 01:00–02:00 local is 05:00–07:00Z on 2026-11-01.
  { start: at('2026-11-01T04:40:00Z'), model: 'claude-opus-5', fast: true, geo: 'us', turns: 30, pins: [at('2026-11-01T05:59:59.999Z'), at('2026-11-01T06:00:00.000Z'), at('2026-11-01T07:00:00.000Z')], force: ['apiError', 'compactCopy', 'iterationCompaction'] },
  // Midnight in New York before the change (04:00Z) and after it (05:00Z); Haiku 5.5 on both sides of its band and on its edge.
  { start: at('2026-11-01T03:45:00Z'), model: 'claude-haiku-5-5', pins: [at('2026-11-01T03:59:59.999Z'), at('2026-11-01T04:00:00.000Z')], force: ['haikuAt100k', 'haikuAt100k+1', 'haikuHigh'] },
  { start: at('2026-11-02T04:40:00Z'), model: 'claude-fable-5-1', geo: 'us', pins: [at('2026-11-02T04:59:59.999Z'), at('2026-11-02T05:00:00.000Z')], force: ['subagentFileGone', 'webSearch'] },
  // 2.1.150 and earlier: a flat 0 beside the real 5m/1h split. Across UTC midnight.
  { start: at('2026-10-02T23:40:00Z'), model: 'claude-opus-5-5[1m]', version: 145, pins: [at('2026-10-02T23:59:59.999Z'), at('2026-10-03T00:00:00.000Z')], force: ['flatZeroBug', 'streamedPartial', 'subagentFile'] },
  // Claude Code's own ledger, per-iteration usage, a compaction copy.
  { start: at('2026-11-20T15:00:00Z'), model: 'claude-opus-5-5', geo: 'us', version: 300, force: ['budgetUsd', 'iterationCompaction', 'iterationSingle', 'compactCopy', 'subagentFile'] },
  // The last minutes of the quarter.
  { start: at('2026-11-30T23:10:00Z'), model: 'claude-haiku-5-5-20261007', pins: [at('2026-11-30T23:59:59.999Z')] },
  // Its first midnight in New York, with Opus 5 in fast mode.
  { start: at('2026-10-01T03:50:00Z'), model: 'claude-opus-5', pins: [at('2026-10-01T04:00:00.000Z')], force: ['fast'] },
];

const MAIN_MODELS: readonly (readonly [string, number])[] = [
  ['claude-opus-5-5', 30],
  ['claude-opus-5-5[1m]', 8],
  ['claude-sonnet-5-5', 22],
  ['claude-opus-5', 15],
  ['claude-fable-5-1', 12],
  ['claude-haiku-5-5', 8],
  ['claude-haiku-5-5-20261007', 3],
];
const PROJECTS = ['/home/dev/api', '/home/dev/web', '/home/dev/runway', '/srv/work/infra'];
const ENTRYPOINTS: readonly (readonly [string, number])[] = [['cli', 70], ['claude-vscode', 20], ['sdk-cli', 10]];
const GEOS: readonly (readonly [string, number])[] = [['us', 25], ['global', 30], ['not_available', 35], ['', 10]];

interface Thread {
  lines: Rec[];
  sidechain: boolean;
  agentId?: string;
  model: string;
  ctx: number;
  ttl1h: boolean;
  parentUuid: string | null;
  /** The assistant lines written so far (main thread), for a compaction copy. */
  assistantLines?: Rec[];
  /** Copies each line of a subagent's response into the parent's progress lines. */
  echo?: (line: Rec, index: number, lines: number) => void;
}

export interface Corpus {
  root: string;
  responses: TruthResponse[];
  features: Record<Feature, number>;
  sessions: number;
  files: number;
  lines: number;
  apiErrors: number;
  budgetRecords: number;
}

const isHaiku = (m: string) => baseModel(m) === 'claude-haiku-5-5';

class Session {
  readonly id: string;
  private t: number;
  private readonly cwd: string;
  private readonly entrypoint: string;
  private readonly version: string;
  private readonly v: number;
  private readonly geo: string;
  private readonly fast: boolean;
  private readonly partialStreams: boolean;
  private readonly pins: number[];
  private readonly force: Set<Feature>;
  private readonly main: Thread;
  private readonly files = new Map<string, Rec[]>();
  private spent = 0;
  /** The next response is written at the pin just reached. */
  private pinned = false;

  constructor(
    private readonly rng: Rng,
    private readonly spec: SessionSpec,
    private readonly out: { responses: TruthResponse[]; features: Record<Feature, number>; counters: { apiErrors: number; budgetRecords: number } },
  ) {
    this.id = rng.uuid();
    this.t = spec.start;
    this.cwd = rng.pick(PROJECTS);
    this.entrypoint = rng.weighted(ENTRYPOINTS);
    // Versions follow the calendar: 2.1.140 on 2026-10-01 to 2.1.332 at the end of November.
    this.v = spec.version ?? Math.max(140, Math.min(332, 140 + Math.floor(((spec.start - FROM) / (TO - FROM)) * 192) - rng.int(0, 6)));
    this.version = `2.1.${this.v}`;
    this.geo = spec.geo ?? rng.weighted(GEOS);
    this.fast = spec.fast ?? rng.chance(0.4);
    this.partialStreams = rng.chance(0.4);
    this.pins = [...(spec.pins ?? [])].sort((a, b) => a - b);
    this.force = new Set(spec.force ?? []);
    let model = spec.model ?? rng.weighted(MAIN_MODELS);
    if (isHaiku(model) && spec.start < HAIKU_55_RELEASE) model = 'claude-sonnet-5-5';
    this.main = { lines: [], sidechain: false, model, ctx: 0, ttl1h: rng.chance(0.5), parentUuid: null, assistantLines: [] };
  }

  private note(f: Feature, n = 1): void {
    this.out.features[f] += n;
  }

  /** A forced feature at its first chance, else by chance. */
  private want(f: Feature, p: number): boolean {
    if (this.force.delete(f)) return true;
    return this.rng.chance(p);
  }

  private envelope(th: Thread): Rec {
    const rec: Rec = {
      parentUuid: th.parentUuid, isSidechain: th.sidechain, userType: 'external', cwd: this.cwd, sessionId: this.id,
      version: this.version, gitBranch: 'main',
    };
    if (th.agentId) rec.agentId = th.agentId;
    rec.entrypoint = this.entrypoint;
    return rec;
  }

  private emit(th: Thread, rec: Rec): void {
    th.lines.push(rec);
    if (typeof rec.uuid === 'string') th.parentUuid = rec.uuid;
  }

  /** Moves the clock on; a pin within reach is taken exactly, so time never runs backwards. */
  private advance(lo: number, hi: number): void {
    if (this.pinned) return;
    const target = this.t + this.rng.int(lo, hi);
    const pin = this.pins[0];
    if (pin !== undefined && pin > this.t && target >= pin - 5_000) {
      this.t = this.pins.shift()!;
      this.pinned = true;
    } else this.t = target;
  }

  private get over(): boolean {
    return this.t >= TO - 2 * MIN && this.pins.length === 0 && !this.pinned;
  }

  run(): void {
    const rng = this.rng;
    const turns = this.spec.turns ?? rng.int(3, 22);
    for (let turn = 0; (turn < turns || this.pins.length || this.pinned || this.force.size) && !this.over && turn < 200; turn++) {
      this.emit(this.main, { type: 'file-history-snapshot', messageId: rng.uuid(), snapshot: { trackedFileBackups: {}, timestamp: new Date(this.t).toISOString() }, isSnapshotUpdate: false });
      this.emit(this.main, { ...this.envelope(this.main), type: 'user', message: { role: 'user', content: 'please continue with the next step' }, uuid: rng.uuid(), timestamp: new Date(this.t).toISOString() });
      const steps = rng.int(1, 5);
      for (let s = 0; s < steps && !this.over; s++) {
        this.advance(2_000, 40_000);
        if (this.want('apiError', 0.01)) this.apiError();
        const gone = this.want('subagentFileGone', 0.005);
        const subagent = gone || this.want('subagentFile', 0.12);
        this.response(this.main, subagent ? 'Task' : rng.pick(['Bash', 'Read', 'Edit', 'Grep', null]));
        if (subagent && !this.over) this.subagent(gone);
        if (this.v >= 200 && this.want('budgetUsd', 0.6)) this.budget();
        this.emit(this.main, { ...this.envelope(this.main), type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${rng.b58(24)}`, content: 'ok' }] }, uuid: rng.uuid(), timestamp: new Date(this.t + 200).toISOString() });
      }
      if (this.main.ctx > 60_000 && !this.over && this.want('compactCopy', 0.06)) this.compact();
      this.advance(30_000, 12 * MIN);
    }
  }

  /** Ends the turn with Claude Code's unbilled `<synthetic>` record, after its retries. */
  private apiError(): void {
    const rng = this.rng;
    this.emit(this.main, { ...this.envelope(this.main), type: 'system', subtype: 'api_error', level: 'error', error: { status: 529 }, retryInMs: 1000, retryAttempt: 1, maxRetries: 10, uuid: rng.uuid(), timestamp: new Date(this.t).toISOString() });
    this.emit(this.main, {
      ...this.envelope(this.main),
      type: 'assistant',
      uuid: rng.uuid(),
      timestamp: new Date(this.t + 500).toISOString(),
      message: {
        id: rng.uuid(), container: null, model: '<synthetic>', role: 'assistant', stop_reason: 'stop_sequence', stop_sequence: '', type: 'message',
        usage: {
          input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0,
          server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 }, service_tier: null,
          cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
        },
        content: [{ type: 'text', text: 'API Error: 529 Overloaded' }],
        context_management: null,
      },
      error: 'unknown',
      isApiErrorMessage: true,
    });
    this.out.counters.apiErrors++;
    this.note('apiError');
    this.advance(2_000, 10_000);
  }

  /** 2.1.200+: the session's list-price spend so far, as Claude Code writes it. */
  private budget(): void {
    if (this.t + 500 >= TO) return;
    this.t += 500;
    this.emit(this.main, { ...this.envelope(this.main), type: 'attachment', attachment: { type: 'budget_usd', used: this.spent, total: null }, uuid: this.rng.uuid(), timestamp: new Date(this.t).toISOString() });
    this.out.counters.budgetRecords++;
    this.note('budgetUsd');
  }

  /** This response's token counts: cache reads are the context so far, writes what is new. */
  private counts(th: Thread, model: string): Counts {
    const rng = this.rng;
    const first = th.ctx === 0;
    const fresh = first ? rng.int(8_000, 30_000) : rng.chance(0.05) ? 0 : rng.int(100, 25_000);
    const c: Counts = {
      input: rng.chance(0.8) ? rng.int(1, 12) : rng.int(100, 20_000),
      output: rng.chance(0.1) ? rng.int(1, 20) : rng.int(30, 9_000),
      cw5m: 0,
      cw1h: 0,
      read: th.ctx,
    };
    if (th.ttl1h) {
      c.cw1h = fresh;
      if (rng.chance(0.3)) c.cw5m = rng.int(50, 3_000);
    } else c.cw5m = fresh;
    if (isHaiku(model)) {
      // Both sides of the 100,000-token band, and its edge exactly.
      const edge = this.want('haikuAt100k', 0.04) ? 100_000 : this.want('haikuAt100k+1', 0.04) ? 100_001 : 0;
      if (edge) c.read = Math.max(0, edge - c.input - c.cw5m - c.cw1h);
      else if (this.want('haikuHigh', 0.15)) c.read = rng.int(100_001, 160_000);
    }
    const limit = model.endsWith('[1m]') ? 600_000 : 190_000;
    th.ctx = th.ctx + c.cw5m + c.cw1h > limit ? rng.int(15_000, 30_000) : th.ctx + c.cw5m + c.cw1h;
    return c;
  }

  private usage(c: Counts, output: number, flatZero: boolean, web: number, webFetch: number, speed: string, iterations: Rec[] | undefined): Rec {
    const u: Rec = {
      input_tokens: c.input,
      cache_creation_input_tokens: flatZero ? 0 : c.cw5m + c.cw1h,
      cache_read_input_tokens: c.read,
      cache_creation: { ephemeral_5m_input_tokens: c.cw5m, ephemeral_1h_input_tokens: c.cw1h },
      output_tokens: output,
      server_tool_use: { web_search_requests: web, web_fetch_requests: webFetch },
      service_tier: 'standard',
      inference_geo: this.geo,
    };
    if (iterations) u.iterations = iterations;
    u.speed = speed;
    return u;
  }

  /** One API response, streamed as one line per content block, and its truth. */
  private response(th: Thread, tool: string | null, opts: { model?: string } = {}): void {
    const rng = this.rng;
    let model = opts.model ?? th.model;
    if (!opts.model && rng.chance(0.08)) model = rng.weighted(MAIN_MODELS.filter(([m]) => !isHaiku(m) || this.t >= HAIKU_55_RELEASE));
    const pinned = this.pinned;
    this.pinned = false;
    const c = this.counts(th, model);
    const web = this.want('webSearch', 0.05) ? rng.int(1, 5) : 0;
    const webFetch = rng.chance(0.1) ? rng.int(1, 3) : 0; // free
    const fast = baseModel(model) === 'claude-opus-5' && (this.want('fast', 0) || this.fast);
    const us = this.geo === 'us';
    const flatZero = this.v <= 150 && c.cw5m + c.cw1h > 0 && this.want('flatZeroBug', 0.5);
    const hasIterations = this.v >= 180;
    // A compaction step inside the request: its counts are left out of the top level, and billed.
    let compaction: Counts | null = null;
    let single = false;
    if (hasIterations && !isHaiku(model)) {
      if (this.want('iterationCompaction', 0.02)) {
        compaction = { input: rng.int(60_000, 180_000), output: rng.int(1_500, 6_000), cw5m: 0, cw1h: rng.chance(0.5) ? rng.int(1_000, 9_000) : 0, read: rng.int(0, 40_000) };
      } else single = this.want('iterationSingle', 0.02);
    }
    const blocks = pinned ? 1 : rng.int(1, 4);
    const partial = blocks > 1 && c.output > 1 && (this.want('streamedPartial', 0) || this.partialStreams);
    // Every line of one response in the same 15 minutes, so no rule depends on which line's time is kept.
    if (blocks > 1 && this.t % BUCKET > BUCKET - 3_000) this.t += BUCKET - (this.t % BUCKET);
    const ts = this.t;
    const id = `msg_01${rng.b58(22)}`;
    const requestId = `req_011C${rng.b58(20)}`;
    const speed = fast ? 'fast' : 'standard';
    const step = (k: Counts, output: number): Rec => ({
      type: 'message', input_tokens: k.input, output_tokens: output, cache_read_input_tokens: k.read,
      cache_creation_input_tokens: k.cw5m + k.cw1h, cache_creation: { ephemeral_5m_input_tokens: k.cw5m, ephemeral_1h_input_tokens: k.cw1h },
    });
    const lines: Rec[] = [];
    let partialOut = 0;
    for (let i = 0; i < blocks; i++) {
      const final = i === blocks - 1;
      if (!final && partial) partialOut = rng.int(partialOut + 1, Math.max(partialOut + 1, Math.min(c.output - 1, partialOut + 40)));
      const output = final || !partial ? c.output : Math.min(partialOut, c.output - 1);
      let iterations: Rec[] | undefined;
      if (hasIterations) {
        if (compaction) iterations = [{ ...step(compaction, compaction.output), type: 'compaction' }, step(c, output)];
        else if (single) iterations = [step(c, output)];
        else iterations = [];
      }
      const block = final && tool
        ? { type: 'tool_use', id: `toolu_${rng.b58(24)}`, name: tool, input: { command: 'true' } }
        : i === 0 && blocks > 1 ? { type: 'thinking', thinking: '', signature: rng.b58(40) } : { type: 'text', text: 'done' };
      const line: Rec = {
        ...this.envelope(th),
        message: {
          model, id, type: 'message', role: 'assistant', content: [block], stop_reason: final ? (tool ? 'tool_use' : 'end_turn') : null, stop_sequence: null,
          usage: this.usage(c, output, flatZero, web, webFetch, speed, iterations),
          context_management: null,
        },
        requestId,
        type: 'assistant',
        uuid: rng.uuid(),
        timestamp: new Date(ts + i * rng.int(50, 600)).toISOString(),
      };
      if (th.sidechain && th.agentId && !th.agentId.startsWith('acompact-')) line.attributionAgent = 'general-purpose';
      lines.push(line);
    }
    for (const [i, line] of lines.entries()) {
      this.emit(th, line);
      th.echo?.(line, i, lines.length);
      th.assistantLines?.push(line);
    }
    this.t = ts + 2_000;

    const billed: Counts = compaction
      ? { input: c.input + compaction.input, output: c.output + compaction.output, cw5m: c.cw5m + compaction.cw5m, cw1h: c.cw1h + compaction.cw1h, read: c.read + compaction.read }
      : c;
    const cost = truthCost(model, ts, billed, web, fast, us);
    this.spent += cost;
    this.out.responses.push({ id, session: this.id, ts, model, billed, web, fast, us, cost });

    // What this response exercised.
    if (model.endsWith('[1m]')) this.note('oneMillionTag');
    if (/-\d{8}$/.test(model)) this.note('dateSuffix');
    if (fast) this.note('fast');
    if (us) this.note('usOnly');
    if (isHaiku(model)) {
      const prompt = billed.input + billed.cw5m + billed.cw1h + billed.read;
      this.note(prompt > 100_000 ? 'haikuHigh' : 'haikuLow');
      if (prompt === 100_000) this.note('haikuAt100k');
      if (prompt === 100_001) this.note('haikuAt100k+1');
    }
    if (baseModel(model) === 'claude-sonnet-5-5') this.note(ts < SONNET_CACHE_CUT ? 'sonnetBeforeCut' : 'sonnetFromCut');
    if (billed.cw5m) this.note('write5m');
    if (billed.cw1h) this.note('write1h');
    if (flatZero) this.note('flatZeroBug');
    if (web) this.note('webSearch');
    if (blocks > 1) this.note(partial ? 'streamedPartial' : 'streamedFinal');
    if (th.sidechain) this.note(th.agentId?.startsWith('acompact-') ? 'compactSummary' : 'subagentResponse');
    if (hasIterations) this.note(compaction ? 'iterationCompaction' : single ? 'iterationSingle' : 'iterationsEmpty');
    if (ts >= at('2026-11-01T05:00:00Z') && ts < at('2026-11-01T07:00:00Z')) this.note('nyRepeatedHour');
    const nearMidnight = (tz: string) => localDate(ts - 10 * MIN, tz) !== localDate(ts + 10 * MIN, tz);
    if (nearMidnight('UTC')) this.note('nearMidnightUtc');
    if (nearMidnight('America/New_York')) this.note('nearMidnightNy');
    if (pinned) this.note('pinnedInstant');
    // Pins a millisecond apart are written one after the other, nothing between them.
    const next = this.pins[0];
    if (pinned && next !== undefined && next - ts < 5_000) {
      this.t = this.pins.shift()!;
      this.pinned = true;
      this.response(th, null);
    }
  }

  /** A Task subagent: its own file, each line also embedded in the parent's progress lines. */
  private subagent(gone: boolean): void {
    const rng = this.rng;
    const agentId = `a${rng.hex(16)}`;
    const parentToolUseID = `toolu_${rng.b58(24)}`;
    const sub: Thread = { lines: [], sidechain: true, agentId, model: this.t >= HAIKU_55_RELEASE && rng.chance(0.6) ? 'claude-haiku-5-5' : 'claude-sonnet-5-5', ctx: 0, ttl1h: false, parentUuid: null };
    let echoLast = true;
    sub.echo = (line, i, n) => {
      // As in real files, the echo starts from a streamed response's second line; the last
      // response sometimes never reaches the parent. Without its own file, every line does.
      if (!gone && ((n > 1 && i === 0) || !echoLast)) return;
      const embedded = { type: 'assistant', timestamp: line.timestamp, message: line.message, requestId: line.requestId, uuid: line.uuid };
      this.emit(this.main, {
        ...this.envelope(this.main), type: 'progress',
        data: { message: embedded, normalizedMessages: [], type: 'agent_progress', prompt: 'look into it', agentId },
        toolUseID: `agent_msg_${rng.b58(20)}`, parentToolUseID, uuid: rng.uuid(), timestamp: line.timestamp,
      });
      this.note('progressEcho');
    };
    this.emit(sub, { ...this.envelope(sub), type: 'user', message: { role: 'user', content: 'look into it' }, uuid: rng.uuid(), timestamp: new Date(this.t).toISOString() });
    const n = rng.int(1, 5);
    for (let i = 0; i < n && !this.over; i++) {
      this.advance(1_000, 20_000);
      echoLast = i < n - 1 || gone || rng.chance(0.7);
      this.response(sub, i < n - 1 ? 'Read' : null);
    }
    if (!gone) {
      this.files.set(`subagents/agent-${agentId}.jsonl`, sub.lines);
      this.note('subagentFile');
    } else this.note('subagentFileGone');
  }

  /** Auto-compaction: an agent-acompact file copying recent history, ids unchanged, and its own summary response. */
  private compact(): void {
    const rng = this.rng;
    const agentId = `acompact-${rng.hex(6)}`;
    const th: Thread = { lines: [], sidechain: true, agentId, model: this.main.model, ctx: this.main.ctx, ttl1h: false, parentUuid: this.main.parentUuid };
    const copied = (this.main.assistantLines ?? []).slice(-8);
    for (const line of copied) this.emit(th, { ...line, isSidechain: true, agentId });
    this.note('copiedLine', copied.length);
    this.advance(1_000, 5_000);
    this.emit(th, { ...this.envelope(th), type: 'user', message: { role: 'user', content: 'Your task is to create a detailed summary of the conversation so far.' }, uuid: rng.uuid(), timestamp: new Date(this.t).toISOString() });
    this.advance(1_000, 5_000);
    this.response(th, null, { model: this.main.model });
    this.files.set(`subagents/agent-${agentId}.jsonl`, th.lines);
    this.note('compactCopy');
    this.emit(this.main, { ...this.envelope(this.main), type: 'system', subtype: 'compact_boundary', content: 'Conversation compacted', isMeta: false, level: 'info', compactMetadata: { trigger: 'auto', preTokens: this.main.ctx }, uuid: rng.uuid(), timestamp: new Date(this.t).toISOString() });
    this.main.ctx = rng.int(15_000, 30_000);
  }

  /** Writes the session's files under projects/; returns how many files and lines. */
  write(projects: string): { files: number; lines: number } {
    const dir = join(projects, this.cwd.replace(/[^a-zA-Z0-9]/g, '-'));
    const all: [string, Rec[]][] = [[`${this.id}.jsonl`, this.main.lines], ...[...this.files].map(([rel, lines]) => [`${this.id}/${rel}`, lines] as [string, Rec[]])];
    let lines = 0;
    for (const [rel, recs] of all) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
      lines += recs.length;
    }
    return { files: all.length, lines };
  }
}

export const FEATURES: Feature[] = [
  'fast', 'usOnly', 'oneMillionTag', 'dateSuffix', 'haikuLow', 'haikuHigh', 'haikuAt100k', 'haikuAt100k+1', 'sonnetBeforeCut',
  'sonnetFromCut', 'write5m', 'write1h', 'flatZeroBug', 'webSearch', 'streamedPartial', 'streamedFinal', 'subagentFile',
  'subagentResponse', 'progressEcho', 'subagentFileGone', 'compactCopy', 'copiedLine', 'compactSummary', 'apiError',
  'iterationsEmpty', 'iterationCompaction', 'iterationSingle', 'budgetUsd', 'nyRepeatedHour', 'nearMidnightUtc',
  'nearMidnightNy', 'pinnedInstant',
];

/** A random session start: often just before a midnight (UTC or New York), sometimes in New York's repeated hour. */
function randomStart(rng: Rng): number {
  const r = rng.next();
  const day = FROM + rng.int(0, 59) * 86_400_000;
  if (r < 0.2) return day - rng.int(2, 40) * MIN + (rng.chance(0.5) ? 0 : (rng.chance(0.5) ? 4 : 5) * 3_600_000);
  if (r < 0.25) return at('2026-11-01T04:30:00Z') + rng.int(0, 150) * MIN;
  return FROM + rng.int(0, Math.floor((TO - FROM - 3 * 3_600_000) / 1000)) * 1000;
}

/** Writes the corpus into `<root>/projects` and returns what it holds. */
export function writeQuarterCorpus(root: string, opts: { sessions: number; seed: number }): Corpus {
  const rng = new Rng(opts.seed);
  const projects = join(root, 'projects');
  mkdirSync(projects, { recursive: true });
  const out = {
    responses: [] as TruthResponse[],
    features: Object.fromEntries(FEATURES.map((f) => [f, 0])) as Record<Feature, number>,
    counters: { apiErrors: 0, budgetRecords: 0 },
  };
  let files = 0;
  let lines = 0;
  for (let s = 0; s < opts.sessions; s++) {
    const spec = ANCHORS[s] ?? { start: Math.max(FROM, Math.min(TO - 3 * 3_600_000, randomStart(rng))) };
    const session = new Session(rng, spec, out);
    session.run();
    const w = session.write(projects);
    files += w.files;
    lines += w.lines;
  }
  return { root, responses: out.responses, features: out.features, sessions: opts.sessions, files, lines, apiErrors: out.counters.apiErrors, budgetRecords: out.counters.budgetRecords };
}

// ---------------------------------------------------------------------------------------
// Runway's figures, and the comparison.

export interface RunwayFigures extends Figures {
  unpriced: number;
}

export interface Check {
  /** The local date, the logged model, or both ("2026-10-06 claude-sonnet-5-5"). */
  key: string;
  truth: Figures;
  runway: RunwayFigures;
  /** Token kinds (and response counts) that differ. */
  differing: Kind[];
  /** (Runway − truth) / truth; 0 when both are 0. */
  relative: number;
}

export interface ZoneCheck {
  tz: string;
  days: Check[];
  totals: Check;
  /** Per logged model, over the whole corpus. */
  models: Check[];
  /** Per local day and logged model. */
  dayModels: Check[];
  worst: Check | null;
  unpriced: number;
  unpricedReasons: string[];
  ok: boolean;
}

/** Within 0.1% per day, the bar; in fact it should be rounding only. */
export const COST_TOLERANCE = 1e-3;

function compare(key: string, truth: Figures | undefined, runway: RunwayFigures | undefined): Check {
  const t = truth ?? empty();
  const r = runway ?? { ...empty(), unpriced: 0 };
  const differing = KINDS.filter((k) => t[k] !== r[k]);
  const relative = t.cost === 0 ? (r.cost === 0 ? 0 : Infinity) : (r.cost - t.cost) / t.cost;
  return { key, truth: t, runway: r, differing, relative };
}

/** Runway's report for a zone (pricedRows, as `runway daily` reads it) against the truth. */
export function checkZone(db: Db, table: PriceTable, responses: TruthResponse[], tz: string): ZoneCheck {
  const rows = pricedRows(db, { tz, scope: 'all' }, { table, mode: 'calculate' });
  const by = (key: (r: (typeof rows)[number]) => string) => {
    const out = new Map<string, RunwayFigures>();
    for (const r of rows) {
      const k = key(r);
      let f = out.get(k);
      if (!f) out.set(k, (f = { ...empty(), unpriced: 0 }));
      f.responses += r.responses;
      f.input += r.inputTokens;
      f.output += r.outputTokens;
      f.cw5m += r.cacheWrite5mTokens;
      f.cw1h += r.cacheWrite1hTokens;
      f.read += r.cacheReadTokens;
      f.web += r.webSearchRequests;
      if (r.cost === null) f.unpriced += r.responses;
      else f.cost += r.cost;
    }
    return out;
  };
  const joined = (truth: Map<string, Figures>, runway: Map<string, RunwayFigures>) =>
    [...new Set([...truth.keys(), ...runway.keys()])].sort().map((k) => compare(k, truth.get(k), runway.get(k)));
  const days = joined(truthBy(responses, (r) => localDate(r.ts, tz)), by((r) => r.date));
  const models = joined(truthBy(responses, (r) => r.model), by((r) => r.model));
  const dayModels = joined(truthBy(responses, (r) => `${localDate(r.ts, tz)} ${r.model}`), by((r) => `${r.date} ${r.model}`));
  const totals = compare('total', truthBy(responses, () => 'total').get('total'), by(() => 'total').get('total'));
  const worst = days.reduce<Check | null>((w, d) => (w === null || Math.abs(d.relative) > Math.abs(w.relative) ? d : w), null);
  const unpricedReasons = [...new Set(rows.filter((r) => r.cost === null).map((r) => `${r.model}: ${r.unpricedReason}`))];
  const ok = days.every((d) => d.differing.length === 0 && Math.abs(d.relative) <= COST_TOLERANCE) && totals.runway.unpriced === 0;
  return { tz, days, totals, models, dayModels, worst, unpriced: totals.runway.unpriced, unpricedReasons, ok };
}

// ---------------------------------------------------------------------------------------
// The command.

const int = (n: number) => n.toLocaleString('en-US');
const usd = (n: number) => `$${n.toFixed(6)}`;
/** A relative difference as a percentage: 4 decimals, or the exponent of rounding noise. */
function pct(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0%';
  const p = Math.abs(x * 100);
  return `${x > 0 ? '+' : '−'}${p >= 1e-4 ? p.toFixed(4) : p.toExponential(1)}%`;
}
const COLUMNS: [string, number][] = [['', 19], ['responses', 9], ['input', 11], ['output', 11], ['5m writes', 12], ['1h writes', 12], ['cache reads', 14], ['web', 6], ['truth', 13], ['runway', 13], ['diff', 10], ['', 0]];
const row = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join(' ').trimEnd());

function printCheck(d: Check, label = d.key): void {
  const kinds = KINDS.map((k) => (d.truth[k] === d.runway[k] ? int(d.truth[k]) : `${int(d.truth[k])}≠${int(d.runway[k])}`));
  const flags = [
    d.differing.length ? `TOKENS DIFFER (${d.differing.join(', ')})` : '',
    Math.abs(d.relative) > COST_TOLERANCE ? 'COST OFF' : '',
    d.runway.unpriced ? `${d.runway.unpriced} unpriced` : '',
  ].filter(Boolean);
  row([label, ...kinds, usd(d.truth.cost), usd(d.runway.cost), pct(d.relative), flags.join('; ')]);
}

/** Words, wrapped to lines of at most `width` characters after an indent. */
function wrapped(words: string[], indent: string, width = 110): string {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + line.length + w.length + 2 > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}, ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sessions: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false } } });
  const sessions = Number(values.sessions);
  const seed = Number(values.seed);
  if (!Number.isInteger(sessions) || sessions < 1 || !Number.isInteger(seed)) {
    console.error('usage: check-quarter [--sessions N] [--seed S] [--keep]');
    process.exit(2);
  }
  const root = mkdtempSync(join(tmpdir(), 'runway-quarter-'));
  try {
    const corpus = writeQuarterCorpus(root, { sessions, seed });
    const db = openDb(join(root, 'usage.db'));
    const report = scan(db, { env: { CLAUDE_CONFIG_DIR: root, HOME: root } });
    const table = await loadPriceTable({ cacheDir: join(root, 'price-cache') });

    console.log(`Corpus: ${int(sessions)} sessions (seed ${seed}), ${int(corpus.files)} files, ${int(corpus.lines)} lines, ${int(corpus.responses.length)} billed responses, ${int(corpus.apiErrors)} API errors, ${int(corpus.budgetRecords)} budget_usd records`);
    console.log(wrapped(FEATURES.map((f) => `${f} ${int(corpus.features[f])}`), '  '));
    const missing = FEATURES.filter((f) => corpus.features[f] === 0);
    if (missing.length) console.log(`  not exercised by this corpus: ${missing.join(', ')}`);
    const issues = Object.entries(report.issues).map(([k, v]) => `${k} × ${int(v.count)}`).join(', ') || 'none';
    console.log(`Scan: ${int(report.filesRead)} files, ${int(report.linesRead)} lines, ${int(report.responsesTotal)} responses in the database; skipped: ${issues}`);
    console.log(`Prices: ${table.source}, cost mode calculate. Truth: the list prices of /work/shared/prices.md, written out in bench/check-quarter.ts`);

    let failed = false;
    for (const tz of ['UTC', 'America/New_York']) {
      const z = checkZone(db, table, corpus.responses, tz);
      failed ||= !z.ok;
      console.log(`\n${tz}: ${z.days.length} days (each figure is the truth; truth≠runway where they differ; costs in USD)`);
      row(COLUMNS.map(([h]) => h));
      for (const d of z.days) printCheck(d);
      printCheck(z.totals, 'total');
      console.log('per model, the whole corpus:');
      for (const m of z.models) printCheck(m, m.key.replace(/^claude-/, ''));
      const exact = z.days.filter((d) => d.differing.length === 0).length;
      console.log(`tokens: ${exact} of ${z.days.length} days exact on every kind`);
      if (z.worst) console.log(`worst day: ${z.worst.key}, truth ${usd(z.worst.truth.cost)}, runway ${usd(z.worst.runway.cost)}, ${pct(z.worst.relative)}`);
      const offDays = new Set(z.days.filter((d) => d.differing.length || Math.abs(d.relative) > COST_TOLERANCE).map((d) => d.key));
      for (const dm of z.dayModels) {
        if (!offDays.has(dm.key.slice(0, 10)) || (dm.differing.length === 0 && Math.abs(dm.relative) <= 1e-9)) continue;
        console.log(`  ${dm.key}: truth ${usd(dm.truth.cost)}, runway ${usd(dm.runway.cost)} (${usd(dm.runway.cost - dm.truth.cost)}, ${pct(dm.relative)})${dm.differing.length ? `, differing: ${dm.differing.join(', ')}` : ''}`);
      }
      console.log(`unpriced responses: ${z.unpriced}${z.unpricedReasons.length ? ` (${z.unpricedReasons.join('; ')})` : ''}`);
      console.log(`${tz}: ${z.ok ? 'ok' : 'FAILED'}`);
    }
    const ledger = ledgerCheck(db, { table, mode: 'calculate' }, 0, TO);
    console.log(`\n${ledger.note ?? 'no Claude Code ledger records'}${ledger.worst === null ? '' : `; worst ${pct(ledger.worst)}`}`);
    db.close();
    if (values.keep) console.log(`corpus and database kept in ${root}`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    if (!values.keep) rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
