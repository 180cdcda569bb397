// Writes a deterministic tree of realistic Claude Code logs (shapes copied from real 2.1.x files),
// streamed to disk, and reports the totals it intended so a counter can be checked against them.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, realpathSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Tokens as UsageTokens } from '../figures/usage.js';

export interface GenOptions {
  out: string;
  mb: number;
  seed: number;
  start?: string;
  days?: number;
}

/** Totals in the same shape as Runway's own, so a comparison needs no mapping. */
export type GenCounts = UsageTokens;

export interface GenStats {
  files: number;
  bytes: number;
  /** Newline-terminated lines, damaged ones included. */
  lines: number;
  /** Every response once with its final usage; API errors, damaged lines and the half-written line excluded. */
  truth: GenCounts & { byModel: Record<string, GenCounts> };
}

export const MARKER = 'SECRET-CONTENT-MARKER';

const MB = 1024 * 1024;
const FLUSH_AT = 4 * MB;
const DAMAGE_RATE = 1 / 5000;
const KEEP = 40; // recent records a session keeps for compaction and resume copies

const OPUS45 = 'claude-opus-4-5-20251101';
const SONNET45 = 'claude-sonnet-4-5-20250929';
const HAIKU45 = 'claude-haiku-4-5-20251001';
const OPUS46 = 'claude-opus-4-6';

type Rec = Record<string, unknown>;

export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  // mulberry32
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** Log-uniform: most values small, a long tail of large ones. */
  tail(lo: number, hi: number): number {
    return Math.round(Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo))));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
  b58(n: number): string {
    return this.chars('123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz', n);
  }
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.int(0, 3)] as string;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

// ASCII only: one non-ASCII character makes V8 store the whole pool as two-byte text, halving the speed.
const WORDS = (
  'const let return function import export from await async if else for of in while try catch throw new ' +
  'this class interface type string number boolean null undefined true false => { } ( ) [ ] ; , . = === ' +
  'token usage session request response cache model error value result config path file line offset ' +
  'src/index.ts src/scanner/read.ts test/usage.test.ts package.json "use strict" \\n 0 1 2 42 200 404'
).split(' ');
const NON_ASCII = [' größe', ' données naïve', ' ✓ done', ' ○ open', ' → next', ' 📋 list'];

// Text for every message comes from one precomputed pool: slicing it is free, which keeps 1 GB fast.
// Tool output, the bulk of the bytes, travels through records as a short token naming a range of the
// pool (repeated POOL_REPEAT times) and is spliced in, already escaped, as the line is written:
// JSON.stringify never walks megabytes of text.
const POOL_REPEAT = 8;
const BLOB = /\\u0001(\d+):(\d+)\\u0001/g; // a token as it reads once stringified

export function buildPool(rng: Rng, size: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    for (let i = rng.int(4, 16); i > 0; i--) {
      const word = rng.pick(WORDS);
      parts.push(word, ' ');
      n += word.length + 1;
    }
    if (rng.chance(0.002)) parts.push(MARKER);
    parts.push('\n');
    n += 1;
  }
  return parts.join('');
}

function writeAll(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
}

class Sink {
  private parts: string[] = [];
  private pending = 0;
  private readonly fd: number;
  constructor(
    path: string,
    private readonly stats: GenStats,
  ) {
    this.fd = openSync(path, 'w');
    stats.files++;
  }
  // stats.bytes counts characters until a flush corrects it to bytes: close enough to stop at the target.
  line(pieces: string[]): void {
    let chars = 1;
    for (const p of pieces) {
      this.parts.push(p);
      chars += p.length;
    }
    this.parts.push('\n');
    this.pending += chars;
    this.stats.lines++;
    this.stats.bytes += chars;
    if (this.pending >= FLUSH_AT) this.flush();
  }
  raw(buf: Buffer, lines: number): void {
    this.flush();
    writeAll(this.fd, buf);
    this.stats.bytes += buf.length;
    this.stats.lines += lines;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
  private flush(): void {
    if (this.pending === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    writeAll(this.fd, buf);
    this.stats.bytes += buf.length - this.pending;
    this.parts = [];
    this.pending = 0;
  }
}

function emptyCounts(): GenCounts {
  return {
    responses: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
    webSearchRequests: 0,
  };
}

interface Tokens {
  input: number;
  output: number;
  write5m: number;
  write1h: number;
  read: number;
  web: number;
}

/** What a Claude Code version writes; three generations seen in real logs. */
interface Profile {
  version: string;
  entrypoint: boolean;
  cacheSplit: boolean; // usage.cache_creation present
  newUsage: boolean; // server_tool_use, speed, output_tokens_details
  finalOnEveryLine: boolean; // else a placeholder output_tokens until the last line
  agentFiles: boolean; // else sidechain records inline in the main transcript
  agentIdHex: number;
  costUSD: boolean;
}

const OLD: Profile = {
  version: '1.0.128',
  entrypoint: false,
  cacheSplit: false,
  newUsage: false,
  finalOnEveryLine: false,
  agentFiles: false,
  agentIdHex: 0,
  costUSD: true,
};
const MID: Profile = {
  version: '2.1.39',
  entrypoint: false,
  cacheSplit: true,
  newUsage: false,
  finalOnEveryLine: false,
  agentFiles: true,
  agentIdHex: 6,
  costUSD: false,
};
const NEW: Profile = {
  version: '2.1.229',
  entrypoint: true,
  cacheSplit: true,
  newUsage: true,
  finalOnEveryLine: true,
  agentFiles: true,
  agentIdHex: 16,
  costUSD: false,
};

interface Project {
  cwd: string;
  dir: string;
  weight: number;
  last?: { keep: Rec[]; clock: number };
}

/** One transcript being written: a main session or one of its subagents. */
interface Thread {
  sink: Sink | null; // null: a subagent whose own file is gone, known only from progress lines
  sidechain: boolean;
  agentId?: string;
  attribution?: string;
  parentUuid: string | null;
  ctx: number; // tokens in the conversation so far
  fresh: number; // tokens added since the last request, written to the cache by the next one
  keep?: Rec[];
  echo?: (rec: Rec) => void;
}

class Gen {
  readonly rng: Rng;
  readonly pool: string;
  private readonly escaped: string; // the pool repeated, as it reads inside a JSON string
  private readonly escapedAt: Int32Array; // offset in the pool → offset in its escaped form
  readonly sigPool: string;
  readonly stats: GenStats;
  readonly target: number;
  readonly bigResult: number;
  readonly startMs: number;
  readonly days: number;

  constructor(opts: GenOptions) {
    this.rng = new Rng(opts.seed);
    this.pool = buildPool(this.rng, MB / 2);
    const once = JSON.stringify(this.pool).slice(1, -1);
    this.escaped = once.repeat(POOL_REPEAT);
    this.escapedAt = new Int32Array(this.pool.length + 1);
    for (let i = 0, e = 0; i < this.pool.length; i++) {
      this.escapedAt[i] = e;
      const c = this.pool.charCodeAt(i);
      e += c === 10 || c === 34 || c === 92 ? 2 : 1; // \n, " and \ are the pool's only escaped characters
    }
    this.escapedAt[this.pool.length] = once.length;
    this.sigPool = this.rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64 * 1024);
    this.target = opts.mb * MB;
    // Small corpora get smaller outliers so a test corpus is not one giant tool result.
    this.bigResult = Math.min(2 * MB, Math.max(100_000, this.target / 20));
    this.startMs = Date.parse(`${opts.start ?? '2026-09-01'}T00:00:00.000Z`);
    if (Number.isNaN(this.startMs)) throw new Error(`bad --start ${opts.start}`);
    this.days = opts.days ?? 30;
    this.stats = { files: 0, bytes: 0, lines: 0, truth: { ...emptyCounts(), byModel: {} } };
  }

  text(lo: number, hi: number): string {
    const len = Math.min(this.rng.tail(lo, hi), this.pool.length);
    const off = this.rng.int(0, this.pool.length - len);
    return this.pool.slice(off, off + len);
  }

  private readonly dirs = new Set<string>();
  open(path: string): Sink {
    const dir = dirname(path);
    if (!this.dirs.has(dir)) mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
    return new Sink(path, this.stats);
  }

  /** `len` characters of tool output, as a token that write() expands. */
  blob(len: number): string {
    return `\u0001${this.rng.int(0, this.pool.length * POOL_REPEAT - len)}:${len}\u0001`;
  }

  private escapedOffset(i: number): number {
    const n = this.pool.length;
    return Math.floor(i / n) * (this.escapedAt[n] as number) + (this.escapedAt[i % n] as number);
  }

  private expand(line: string): string[] {
    const pieces: string[] = [];
    let last = 0;
    for (const m of line.matchAll(BLOB)) {
      const off = Number(m[1]);
      pieces.push(line.slice(last, m.index), this.escaped.slice(this.escapedOffset(off), this.escapedOffset(off + Number(m[2]))));
      last = m.index + m[0].length;
    }
    pieces.push(line.slice(last));
    return pieces;
  }

  signature(): string {
    const len = this.rng.int(200, 800);
    const off = this.rng.int(0, this.sigPool.length - len);
    return this.sigPool.slice(off, off + len);
  }

  write(sink: Sink, line: string): void {
    sink.line(line.includes('\\u0001') ? this.expand(line) : [line]);
    if (this.rng.chance(DAMAGE_RATE)) this.damage(sink, this.rng.int(0, 2), line);
  }

  damage(sink: Sink, kind: number, near: string): void {
    if (kind === 0) sink.line([near.slice(0, Math.min(near.length - 1, this.rng.int(20, 400)))]);
    else if (kind === 1) sink.line(['']);
    else sink.raw(Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe, 0x0a]), 1);
  }

  count(model: string, t: Tokens): void {
    const truth = this.stats.truth;
    for (const c of [truth, (truth.byModel[model] ??= emptyCounts())]) {
      c.responses++;
      c.inputTokens += t.input;
      c.outputTokens += t.output;
      c.cacheWrite5mTokens += t.write5m;
      c.cacheWrite1hTokens += t.write1h;
      c.cacheReadTokens += t.read;
      c.webSearchRequests += t.web;
    }
  }

  run(out: string): void {
    const projects: Project[] = [];
    const n = this.rng.int(10, 20);
    for (let i = 1; i <= n; i++) {
      const num = String(i).padStart(2, '0');
      const cwd = this.rng.chance(0.2) ? `/home/dev/work/proj_${num}.app/packages/web` : `/home/dev/proj-${num}`;
      projects.push({ cwd, dir: join(out, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-')), weight: this.rng.tail(1, 20) });
    }
    const totalWeight = projects.reduce((s, p) => s + p.weight, 0);
    const first = projects[0] as Project;
    for (let i = 0; this.stats.bytes < this.target; i++) {
      let project = first;
      if (i > 0) {
        let r = this.rng.next() * totalWeight;
        for (const p of projects) if ((r -= p.weight) < 0 || p === projects[projects.length - 1]) { project = p; break; }
      }
      const resume = i === 1 ? first.last : this.rng.chance(0.08) ? project.last : undefined;
      new Session(this, i === 1 ? first : project, i, resume).run();
    }
  }
}

class Session {
  private readonly rng: Rng;
  private readonly p: Profile;
  private readonly sessionId: string;
  private readonly dir: string;
  private readonly branch: string;
  private readonly model: string;
  private readonly entrypoint: string;
  private readonly slug: string;
  private readonly fast: boolean;
  private readonly cache1h: boolean;
  private readonly compactAt: number;
  private clock: number;
  // The first session exercises every rare path, so even a tiny corpus holds them all.
  private readonly forced: string[];
  private forcedApiError: boolean;
  private readonly gone = new Set<string>(); // Task calls whose subagent file is missing
  private readonly hookCommands: string[];

  constructor(
    private readonly gen: Gen,
    private readonly project: Project,
    private readonly index: number,
    private readonly resume?: { keep: Rec[]; clock: number },
  ) {
    const rng = (this.rng = gen.rng);
    this.p = index === 0 ? MID : index === 1 ? NEW : rng.chance(0.1) ? OLD : rng.chance(0.35) ? MID : NEW;
    this.sessionId = rng.uuid();
    this.dir = join(project.dir, this.sessionId);
    this.branch = rng.chance(0.6) ? 'main' : `feature/${rng.hex(6)}`;
    const models = this.p === OLD ? [OPUS45, SONNET45] : [OPUS45, SONNET45, SONNET45, OPUS46, OPUS46, HAIKU45];
    this.model = rng.pick(models);
    this.entrypoint = rng.chance(0.75) ? 'cli' : rng.pick(['claude-vscode', 'sdk-cli', 'sdk-cli', 'sdk-ts']);
    this.slug = `${rng.pick(['radiant', 'modular', 'quiet', 'lucid'])}-${rng.pick(['floating', 'petting', 'humming'])}-${rng.pick(['music', 'thompson', 'river'])}`;
    this.fast = this.model === OPUS46 && rng.chance(0.2);
    this.cache1h = this.p.cacheSplit && rng.chance(0.4);
    // Long-context sessions let the prompt pass 200k before compacting.
    const longContext = (this.model === SONNET45 || this.model === OPUS46) && rng.chance(0.05);
    this.compactAt = longContext ? 600_000 : 160_000;
    const day = rng.int(0, gen.days - 1);
    this.clock = resume
      ? resume.clock + rng.int(600_000, 2 * 86_400_000)
      : gen.startMs + day * 86_400_000 + rng.int(7, 22) * 3_600_000 + rng.int(0, 3_599_999);
    this.forced = index === 0 ? ['task', 'task-gone', 'workflow'] : [];
    this.forcedApiError = index === 0;
    const hooks = ['~/.claude/hooks/guard.sh', '${CLAUDE_PLUGIN_ROOT}/scripts/capture.sh', 'bun run ./hooks/lint.ts', '~/.claude/hooks/notify.sh'];
    this.hookCommands = this.p === OLD || rng.chance(0.4) ? [] : hooks.slice(0, rng.int(1, hooks.length));
  }

  run(): void {
    const gen = this.gen;
    const rng = this.rng;
    const main: Thread = {
      sink: gen.open(`${this.dir}.jsonl`),
      sidechain: false,
      parentUuid: null,
      ctx: rng.int(12_000, 25_000),
      fresh: 0,
      keep: [],
    };
    main.fresh = main.ctx;
    if (this.p !== NEW && rng.chance(0.3)) {
      for (let i = rng.int(1, 2); i > 0; i--) this.book(main, { type: 'summary', summary: gen.text(20, 80), leafUuid: rng.uuid() });
    }
    // A resumed session's file starts with the earlier records, copied unchanged.
    for (const rec of this.resume?.keep ?? []) this.emit(main, rec);

    const turns = rng.int(2, 10);
    // A session stops early once the corpus is big enough, so small corpora stay close to their size.
    for (let turn = 0; turn < turns && (turn === 0 || this.index === 0 || gen.stats.bytes < gen.target); turn++) {
      if (main.ctx > this.compactAt || (this.index === 0 && turn === 1)) this.compact(main);
      this.prompt(main, turn === 0 && this.index === 0);
      // Enough tool calls for the forced ones: every response but the last makes one or two.
      const responses = rng.int(this.forced.length > 0 ? 4 : 1, 8);
      for (let r = 0; r < responses; r++) {
        if (this.apiError(main)) break;
        this.response(main, this.model, r === responses - 1);
      }
      if (this.p !== OLD) this.system(main, { subtype: 'turn_duration', durationMs: rng.int(2_000, 900_000), isMeta: false });
      if (this.p === NEW && turn === 0) this.book(main, { type: 'ai-title', aiTitle: gen.text(15, 60), sessionId: this.sessionId });
      this.clock += rng.int(20_000, 900_000);
    }
    if (this.p === NEW) this.book(main, { type: 'last-prompt', lastPrompt: gen.text(20, 200), sessionId: this.sessionId });
    if (this.index === 0) {
      for (let kind = 0; kind < 3; kind++) gen.damage(main.sink as Sink, kind, JSON.stringify(main.keep?.[0] ?? {}));
      this.halfWritten(main);
    }
    main.sink?.close();
    this.project.last = { keep: main.keep ?? [], clock: this.clock };
  }

  private stamp(lo: number, hi: number): string {
    this.clock += this.rng.int(lo, hi);
    // Real files step backwards now and then; byte order stays the true order.
    const back = this.rng.chance(0.01) ? this.rng.int(1_000, 5_000) : 0;
    return new Date(this.clock - back).toISOString();
  }

  private envelope(th: Thread): Rec {
    const r: Rec = { parentUuid: th.parentUuid, isSidechain: th.sidechain, userType: 'external' };
    if (this.p.entrypoint) r.entrypoint = this.entrypoint;
    r.cwd = this.project.cwd;
    r.sessionId = this.sessionId;
    r.version = this.p.version;
    r.gitBranch = this.branch;
    if (th.agentId) r.agentId = th.agentId;
    if (th.attribution) r.attributionAgent = th.attribution;
    if (this.p !== OLD) r.slug = this.slug;
    return r;
  }

  private emit(th: Thread, rec: Rec, echo = true): void {
    if (th.sink) this.gen.write(th.sink, JSON.stringify(rec));
    if (typeof rec.uuid === 'string') th.parentUuid = rec.uuid;
    if (th.keep) {
      th.keep.push(rec);
      if (th.keep.length > KEEP) th.keep.shift();
    }
    if (echo) th.echo?.(rec);
  }

  /** Bookkeeping records: no timestamp, no uuid. */
  private book(th: Thread, rec: Rec): void {
    if (th.sink) this.gen.write(th.sink, JSON.stringify(rec));
  }

  private system(th: Thread, fields: Rec): void {
    this.emit(th, { ...this.envelope(th), type: 'system', ...fields, timestamp: this.stamp(10, 500), uuid: this.rng.uuid() });
  }

  private prose(lo: number, hi: number, marker = this.rng.chance(0.1)): string {
    let t = this.gen.text(lo, hi);
    if (this.rng.chance(0.2)) t += this.rng.pick(NON_ASCII);
    return marker ? `${t} ${MARKER}` : t;
  }

  private prompt(th: Thread, marker: boolean): void {
    const uuid = this.rng.uuid();
    const timestamp = this.stamp(1_000, 60_000);
    if (this.p !== OLD) {
      this.book(th, {
        type: 'file-history-snapshot',
        messageId: uuid,
        snapshot: { messageId: uuid, trackedFileBackups: {}, timestamp },
        isSnapshotUpdate: false,
      });
    }
    const rec: Rec = { ...this.envelope(th), type: 'user', message: { role: 'user', content: this.prose(20, 1500, marker) } };
    rec.uuid = uuid;
    rec.timestamp = timestamp;
    if (this.p === MID) rec.thinkingMetadata = { maxThinkingTokens: 31999 };
    if (this.p !== OLD) rec.permissionMode = 'default';
    this.addContext(th, (rec.message as { content: string }).content.length);
    this.emit(th, rec);
  }

  private addContext(th: Thread, chars: number): void {
    const tokens = Math.min(25_000, Math.ceil(chars / 4));
    th.ctx += tokens;
    th.fresh += tokens;
  }

  private tokens(th: Thread): Tokens {
    const rng = this.rng;
    let write = th.fresh;
    let read = th.ctx - th.fresh;
    if (rng.chance(0.03)) [write, read] = [th.ctx, 0]; // the cache expired
    const output = rng.chance(0.05) ? rng.int(2_000, 16_000) : rng.int(31, 1_500);
    th.ctx += output;
    th.fresh = output;
    let write1h = 0;
    if (this.cache1h) write1h = write;
    else if (this.p.cacheSplit && rng.chance(0.1)) write1h = Math.floor(write / 3);
    return {
      input: read === 0 ? rng.int(3, 3_000) : rng.int(1, 12),
      output,
      write5m: write - write1h,
      write1h,
      read,
      web: this.p.newUsage && rng.chance(0.01) ? rng.int(1, 5) : 0,
    };
  }

  private usage(t: Tokens, output: number): Rec {
    const u: Rec = {
      input_tokens: t.input,
      cache_creation_input_tokens: t.write5m + t.write1h,
      cache_read_input_tokens: t.read,
    };
    if (this.p.cacheSplit) u.cache_creation = { ephemeral_5m_input_tokens: t.write5m, ephemeral_1h_input_tokens: t.write1h };
    u.output_tokens = output;
    if (this.p.newUsage) u.server_tool_use = { web_search_requests: t.web, web_fetch_requests: 0 };
    u.service_tier = 'standard';
    if (this.p !== OLD) u.inference_geo = 'global';
    if (this.p.newUsage) {
      u.speed = this.fast ? 'fast' : 'standard';
      u.output_tokens_details = { thinking_tokens: Math.floor(output / 3) };
    }
    return u;
  }

  /** One API response: a line per content block sharing message.id and requestId, then its tool results. */
  private response(th: Thread, model: string, last: boolean): void {
    const rng = this.rng;
    const blocks: Rec[] = [];
    if (rng.chance(0.5)) blocks.push({ type: 'thinking', thinking: this.prose(80, 3_000), signature: this.gen.signature() });
    if (last || rng.chance(0.5)) blocks.push({ type: 'text', text: this.prose(20, 2_000) });
    if (!last) for (let i = rng.int(1, 2); i > 0; i--) blocks.push(this.toolUse(th));
    const stop = last ? 'end_turn' : 'tool_use';
    const t = this.tokens(th);
    this.gen.count(model, t);
    const placeholder = rng.int(1, 30);
    const id = `msg_01${rng.b58(22)}`;
    const requestId = `req_011C${rng.b58(20)}`;
    const pending: [Rec, string][] = [];
    blocks.forEach((block, i) => {
      const final = i === blocks.length - 1;
      const message =
        this.p === OLD
          ? { id, type: 'message', role: 'assistant', model, content: [block] }
          : { model, id, type: 'message', role: 'assistant', content: [block] };
      const stopReason = this.p.finalOnEveryLine || (this.p === OLD && final) ? stop : null;
      Object.assign(message, {
        stop_reason: stopReason,
        stop_sequence: null,
        usage: this.usage(t, this.p.finalOnEveryLine || final ? t.output : placeholder),
      });
      const rec: Rec = { ...this.envelope(th), message, requestId, type: 'assistant', uuid: rng.uuid(), timestamp: this.stamp(100, 1_500) };
      if (this.p.costUSD) rec.costUSD = rng.chance(0.02) ? null : Math.round(t.output * 15 + t.read * 0.3 + t.write5m * 3.75) / 1e6;
      // As in real files, progress lines echo a streamed response from its second line on.
      this.emit(th, rec, blocks.length === 1 || i > 0);
      if (block.type !== 'tool_use') return;
      // Parallel tool calls: a result may land between two lines of the same response.
      if (!final && rng.chance(0.3)) this.toolResult(th, block, rec.uuid as string);
      else pending.push([block, rec.uuid as string]);
    });
    for (const [block, uuid] of pending) this.toolResult(th, block, uuid);
  }

  private toolUse(th: Thread): Rec {
    const rng = this.rng;
    const cwd = this.project.cwd;
    const file = `${cwd}/src/${rng.pick(['index', 'scanner', 'usage', 'prices', 'server'])}.ts`;
    let kind = '';
    if (!th.sidechain) {
      kind = this.forced.shift() ?? (rng.chance(0.04) ? (rng.chance(0.05) ? 'task-gone' : 'task') : this.p.agentFiles && rng.chance(0.005) ? 'workflow' : '');
    }
    let name: string;
    let input: Rec;
    if (kind === 'task' || kind === 'task-gone') {
      name = 'Task';
      input = { description: this.prose(10, 60), prompt: this.prose(100, 1_500), subagent_type: rng.pick(['Explore', 'Plan', 'general-purpose']) };
    } else if (kind === 'workflow') {
      name = 'Workflow';
      input = { scriptPath: `${cwd}/.claude/workflows/review.js`, args: { target: this.prose(10, 80) } };
    } else {
      name = rng.pick(['Bash', 'Bash', 'Read', 'Read', 'Edit', 'Grep']);
      if (name === 'Bash') input = { command: `npm test -- ${rng.hex(6)}`, description: this.prose(10, 80) };
      else if (name === 'Read') input = { file_path: file };
      else if (name === 'Edit') input = { file_path: file, old_string: this.prose(20, 400), new_string: this.prose(20, 400), replace_all: false };
      else input = { pattern: rng.pick(['usage', 'cache_read', 'TODO']), path: cwd, output_mode: 'content' };
    }
    const block: Rec = { type: 'tool_use', id: `toolu_01${rng.b58(22)}`, name, input };
    if (this.p !== OLD) block.caller = { type: 'direct' };
    if (kind === 'task-gone') this.gone.add(block.id as string);
    return block;
  }

  private resultSize(): number {
    const r = this.rng.next();
    const size =
      r < 0.002
        ? this.rng.tail(100_000, 2 * MB)
        : r < 0.04
          ? this.rng.tail(30_000, 100_000)
          : r < 0.3
            ? this.rng.tail(3_000, 30_000)
            : this.rng.tail(100, 3_000);
    return Math.min(size, this.gen.bigResult);
  }

  private toolResult(th: Thread, block: Rec, assistantUuid: string): void {
    const rng = this.rng;
    const gone = this.gone.delete(block.id as string);
    let content: string;
    let chars: number;
    let toolUseResult: Rec;
    this.hooks(th, block, 'PreToolUse');
    if (block.name === 'Task') {
      content = this.subagent(th, block, gone);
      chars = content.length;
      toolUseResult = { status: 'completed', prompt: (block.input as Rec).prompt, totalDurationMs: rng.int(5_000, 300_000) };
    } else if (block.name === 'Workflow') {
      content = this.workflow();
      chars = content.length;
      toolUseResult = { status: 'completed' };
    } else {
      chars = this.resultSize();
      content = this.gen.blob(chars);
      if (block.name === 'Bash' && this.p !== OLD && rng.chance(0.25)) this.bashProgress(th, block);
      if (rng.chance(0.05)) content += rng.pick(NON_ASCII);
      toolUseResult =
        block.name === 'Read'
          ? { type: 'text', file: { filePath: (block.input as Rec).file_path, content, numLines: 1, startLine: 1, totalLines: 1 } }
          : { stdout: content, stderr: '', interrupted: false, isImage: false, noOutputExpected: false };
    }
    const rec: Rec = {
      ...this.envelope(th),
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: block.id, type: 'tool_result', content, is_error: false }] },
      uuid: rng.uuid(),
      timestamp: this.stamp(200, 20_000),
      toolUseResult,
    };
    if (this.p !== OLD) rec.sourceToolAssistantUUID = assistantUuid;
    this.addContext(th, chars);
    this.emit(th, rec);
    this.hooks(th, block, 'PostToolUse');
  }

  /** One progress line per configured hook: in real 2.1.x files these are half of all lines. */
  private hooks(th: Thread, block: Rec, hookEvent: string): void {
    for (const command of this.hookCommands) {
      this.emit(th, {
        ...this.envelope(th),
        type: 'progress',
        data: { type: 'hook_progress', hookEvent, hookName: `${hookEvent}:${block.name}`, command },
        parentToolUseID: block.id,
        toolUseID: block.id,
        timestamp: this.stamp(10, 200),
        uuid: this.rng.uuid(),
      });
    }
  }

  /** A long Bash command reports its output so far, about once a second. */
  private bashProgress(th: Thread, block: Rec): void {
    const rng = this.rng;
    let totalLines = 0;
    for (let i = 0, n = rng.int(1, 6); i < n; i++) {
      totalLines += rng.int(5, 60);
      this.emit(th, {
        ...this.envelope(th),
        type: 'progress',
        data: {
          type: 'bash_progress',
          output: this.gen.blob(rng.tail(200, 2_000)),
          fullOutput: this.gen.blob(rng.tail(500, 5_000)),
          elapsedTimeSeconds: i + 2,
          totalLines,
          timeoutMs: 120_000,
        },
        toolUseID: `bash-progress-${i}`,
        parentToolUseID: block.id,
        uuid: rng.uuid(),
        timestamp: this.stamp(900, 1_100),
      });
    }
  }

  private agentModel(): string {
    return this.rng.chance(0.5) ? HAIKU45 : this.rng.chance(0.5) ? SONNET45 : this.model;
  }

  /** Runs a Task subagent: its own nested file (unless gone) plus, from 2.1.x, progress lines in the parent. */
  private subagent(parent: Thread, block: Rec, gone: boolean): string {
    const rng = this.rng;
    const input = block.input as Rec;
    const prompt = input.prompt as string;
    const th: Thread = { sink: parent.sink, sidechain: true, parentUuid: null, ctx: rng.int(8_000, 15_000), fresh: 0 };
    th.fresh = th.ctx;
    if (this.p.agentFiles) {
      const agentId = `a${rng.hex(this.p.agentIdHex)}`;
      th.agentId = agentId;
      if (this.p === NEW) th.attribution = input.subagent_type as string;
      th.sink = gone ? null : this.gen.open(join(this.dir, 'subagents', `agent-${agentId}.jsonl`));
      const toolUseID = `agent_msg_01${rng.b58(22)}`;
      th.echo = (rec) => this.progress(parent, rec, { toolUseID, parentToolUseID: block.id, prompt, agentId });
    }
    this.converse(th, prompt);
    if (th.sink !== parent.sink) th.sink?.close();
    return this.prose(200, 3_000);
  }

  /** The parent's copy of a subagent record: data.message = { type, timestamp, message, requestId, uuid }. */
  private progress(parent: Thread, rec: Rec, ids: { toolUseID: string; parentToolUseID: unknown; prompt: string; agentId: string }): void {
    let embedded: Rec;
    if (rec.type === 'assistant') {
      embedded = { type: 'assistant', timestamp: rec.timestamp, message: rec.message, requestId: rec.requestId, uuid: rec.uuid };
    } else if (rec.type === 'user') {
      embedded = { type: 'user', message: rec.message, uuid: rec.uuid, timestamp: rec.timestamp, toolUseResult: null };
    } else return;
    this.emit(parent, {
      ...this.envelope(parent),
      type: 'progress',
      data: { message: embedded, normalizedMessages: [], type: 'agent_progress', prompt: ids.prompt, agentId: ids.agentId },
      toolUseID: ids.toolUseID,
      parentToolUseID: ids.parentToolUseID,
      uuid: this.rng.uuid(),
      timestamp: rec.timestamp,
    });
  }

  /** A subagent's conversation: its prompt, then a few responses. */
  private converse(th: Thread, prompt: string): void {
    const rng = this.rng;
    const model = this.agentModel();
    this.emit(th, { ...this.envelope(th), type: 'user', message: { role: 'user', content: prompt }, uuid: rng.uuid(), timestamp: this.stamp(100, 2_000) });
    const n = rng.int(1, 6);
    for (let i = 0; i < n; i++) {
      // Like real files, the last response sometimes never reaches the parent's progress lines.
      if (i === n - 1 && th.sink && rng.chance(0.3)) th.echo = undefined;
      this.response(th, model, i === n - 1);
    }
  }

  /** A workflow run: nested agent files, their .meta.json, and a journal.jsonl without usage. */
  private workflow(): string {
    const rng = this.rng;
    const gen = this.gen;
    const runId = `wf_${rng.hex(8)}-${rng.hex(3)}`;
    const dir = join(this.dir, 'subagents', 'workflows', runId);
    const journal = gen.open(join(dir, 'journal.jsonl'));
    for (let k = rng.int(1, 3); k > 0; k--) {
      const agentId = `a${rng.hex(16)}`;
      const prompt = this.prose(100, 1_000);
      gen.write(journal, JSON.stringify({ type: 'started', runId, agentId, label: prompt.slice(0, 40), timestamp: this.stamp(10, 100) }));
      const meta = gen.open(join(dir, `agent-${agentId}.meta.json`));
      meta.line([JSON.stringify({ agentType: 'general-purpose', description: prompt.slice(0, 40) })]);
      meta.close();
      const ctx = rng.int(8_000, 15_000);
      const th: Thread = {
        sink: gen.open(join(dir, `agent-${agentId}.jsonl`)),
        sidechain: true,
        agentId,
        attribution: this.p === NEW ? 'general-purpose' : undefined,
        parentUuid: null,
        ctx,
        fresh: ctx,
      };
      this.converse(th, prompt);
      th.sink?.close();
      gen.write(journal, JSON.stringify({ type: 'result', runId, agentId, result: this.prose(50, 2_000), timestamp: this.stamp(10, 100) }));
    }
    journal.close();
    return `Workflow ${runId} completed`;
  }

  /** Auto-compaction: an agent-acompact file copying recent history (ids unchanged) plus its own summary response. */
  private compact(main: Thread): void {
    const rng = this.rng;
    const preTokens = main.ctx;
    if (this.p.agentFiles) {
      const agentId = `acompact-${rng.hex(6)}`;
      const th: Thread = {
        sink: this.gen.open(join(this.dir, 'subagents', `agent-${agentId}.jsonl`)),
        sidechain: true,
        agentId,
        parentUuid: main.parentUuid,
        ctx: main.ctx,
        fresh: rng.int(500, 3_000),
      };
      for (const rec of (main.keep ?? []).slice(-6)) this.emit(th, asSidechain(rec, agentId));
      const ask = 'Your task is to create a detailed summary of the conversation so far.';
      this.emit(th, { ...this.envelope(th), type: 'user', message: { role: 'user', content: ask }, uuid: rng.uuid(), timestamp: this.stamp(100, 1_000) });
      this.response(th, this.model, true);
      th.sink?.close();
    }
    const logicalParentUuid = main.parentUuid;
    main.parentUuid = null;
    this.system(main, {
      logicalParentUuid,
      subtype: 'compact_boundary',
      content: 'Conversation compacted',
      isMeta: false,
      level: 'info',
      compactMetadata: { trigger: 'auto', preTokens },
    });
    const summary = `This session is being continued from a previous conversation. ${this.prose(500, 5_000)}`;
    this.emit(main, {
      ...this.envelope(main),
      type: 'user',
      message: { role: 'user', content: summary },
      isVisibleInTranscriptOnly: true,
      isCompactSummary: true,
      uuid: rng.uuid(),
      timestamp: this.stamp(10, 100),
    });
    main.ctx = rng.int(15_000, 30_000);
    main.fresh = main.ctx;
  }

  /** Retries as system lines; sometimes they run out and an unbilled `<synthetic>` record ends the turn. */
  private apiError(th: Thread): boolean {
    const rng = this.rng;
    const forced = this.forcedApiError && this.forced.length === 0;
    if (!forced && !rng.chance(0.004)) return false;
    const tries = rng.int(1, 3);
    for (let i = 1; i <= tries; i++) {
      this.system(th, {
        level: 'error',
        subtype: 'api_error',
        error: { status: 529, error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
        retryInMs: 500 * 2 ** i,
        retryAttempt: i,
        maxRetries: 10,
      });
    }
    if (!forced && rng.chance(0.5)) return false;
    this.forcedApiError = false;
    const zero = { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 };
    this.emit(th, {
      ...this.envelope(th),
      type: 'assistant',
      uuid: rng.uuid(),
      timestamp: this.stamp(100, 1_000),
      message: {
        id: rng.uuid(),
        container: null,
        model: '<synthetic>',
        role: 'assistant',
        stop_reason: 'stop_sequence',
        stop_sequence: '',
        type: 'message',
        usage: {
          input_tokens: 0,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
          service_tier: null,
          cache_creation: zero,
        },
        content: [{ type: 'text', text: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }],
        context_management: null,
      },
      error: 'unknown',
      isApiErrorMessage: true,
    });
    return true;
  }

  /** The file ends mid-line, as when Claude Code is still writing it; the response is not counted. */
  private halfWritten(main: Thread): void {
    const t = this.tokens(main);
    const rec = {
      ...this.envelope(main),
      message: { model: this.model, id: `msg_01${this.rng.b58(22)}`, type: 'message', role: 'assistant', content: [], usage: this.usage(t, t.output) },
      requestId: `req_011C${this.rng.b58(20)}`,
      type: 'assistant',
      uuid: this.rng.uuid(),
      timestamp: this.stamp(100, 1_000),
    };
    const line = JSON.stringify(rec);
    main.sink?.raw(Buffer.from(line.slice(0, Math.floor(line.length * 0.6))), 0);
  }
}

/** A parent record as a compaction agent's file holds it: same ids, marked as that agent's sidechain. */
function asSidechain(rec: Rec, agentId: string): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(rec)) {
    out[k] = k === 'isSidechain' ? true : v;
    if (k === 'gitBranch' && !('agentId' in rec)) out.agentId = agentId;
  }
  return out;
}

export function generateLogs(opts: GenOptions): GenStats {
  const projects = join(opts.out, 'projects');
  if (existsSync(projects) && readdirSync(projects).length > 0) throw new Error(`${projects} is not empty`);
  const gen = new Gen(opts);
  gen.run(opts.out);
  return gen.stats;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      mb: { type: 'string' },
      seed: { type: 'string', default: '1' },
      start: { type: 'string', default: '2026-09-01' },
      days: { type: 'string', default: '30' },
    },
  });
  if (!values.out || !values.mb) {
    console.error('usage: gen-logs --out DIR --mb N [--seed S] [--start YYYY-MM-DD] [--days D]');
    process.exit(2);
  }
  const began = performance.now();
  const stats = generateLogs({
    out: values.out,
    mb: Number(values.mb),
    seed: Number(values.seed),
    start: values.start,
    days: Number(values.days),
  });
  const seconds = (performance.now() - began) / 1000;
  console.log(JSON.stringify(stats, null, 2));
  console.error(`${(stats.bytes / MB).toFixed(1)} MB in ${stats.files} files, ${seconds.toFixed(1)} s (${(stats.bytes / MB / seconds).toFixed(0)} MB/s)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) main();
