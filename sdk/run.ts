// run(): a budget for everything the callback does. The run travels with the callback's
// async context (AsyncLocalStorage), so calls made from Promise.all, nested functions and
// timers started inside it are its own, and overlapping runs keep their own totals.
//
// Before each call: a spent budget refuses it; with `estimate`, so does a worst case that
// would cross the budget counting the worst cases of the calls still in flight (reserved
// until they finish). Without `estimate` nothing is reserved, and a budget can be passed by
// at most the calls already in flight when it was reached.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadPriceTable } from '../core/price-source.js';
import { priceTokens, type ModelPricing, type PriceTable } from '../core/pricing.js';
import { defaultCacheDir } from '../lib/paths.js';
import { nowMs } from '../lib/clock.js';
import type { SdkCalls } from '../store/sdk-calls.js';
import { BudgetExceededError, LoopDetectedError, UnpricedModelError, type BudgetErrorInfo } from './errors.js';
import { inputUpperBound, outputCap, worstCaseGroup } from './estimate.js';
import { LoopDetector, requestHash } from './loop.js';
import { readSettings, type Settings } from './options.js';
import { periodRange } from './period.js';
import type { CallReport, CallTokens, RunContext, RunOptions, RunReport } from './types.js';
import type { Usage } from './usage.js';

export type Provider = CallReport['provider'];

const storage = new AsyncLocalStorage<RunState>();

/** The run the current async context belongs to, if any. */
export function currentRun(): RunState | undefined {
  return storage.getStore();
}

/** What is counted against one budget: a run's, or a user's in one period (shared by the runs of this process). */
interface Ledger {
  spent: number;
  reserved: number;
}
const userLedgers = new Map<string, Ledger>();

const tables = new Map<string, Promise<PriceTable>>();
function priceTable(prices: Settings['prices']): Promise<PriceTable> {
  const key = JSON.stringify(prices);
  let t = tables.get(key);
  if (!t) {
    // The price data bundled with Runway (and its copy in Runway's cache folder): never the network.
    t = loadPriceTable({ cacheDir: defaultCacheDir(), overrides: prices }).catch((e: unknown) => {
      tables.delete(key);
      const m = /^"([^"]+)": "(\w+)" is required/.exec(e instanceof Error ? e.message : '');
      throw m ? new TypeError(`runway-budget: run() option \`prices.${m[1]}.${m[2]}\` is required: the price data does not know this model`) : e;
    });
    tables.set(key, t);
  }
  return t;
}

const recorders = new Map<string, Promise<SdkCalls>>();
/** One connection per database file; better-sqlite3 is loaded only when a run records. */
function recorder(path: string): Promise<SdkCalls> {
  let r = recorders.get(path);
  if (!r) {
    r = import('../store/sdk-calls.js').then(({ SdkCalls }) => SdkCalls.open(path)).catch((e: unknown) => {
      recorders.delete(path);
      throw new Error(`runway-budget: run() option \`record\`: cannot open ${path}: ${e instanceof Error ? e.message : String(e)}`);
    });
    recorders.set(path, r);
  }
  return r;
}

const usd = (x: number) => `$${x.toFixed(4)}`;
/** A budget as it was given: cents, or to the hundredth of a cent when it is finer. */
const budgetUsd = (x: number) => `$${x.toFixed(Number.isInteger(Math.round(x * 1e6) / 1e4) ? 2 : 4)}`;
const ZERO: CallTokens = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, webSearches: 0, reasoning: 0 };

export class RunState {
  readonly calls: CallReport[] = [];
  readonly sessionId = randomUUID();
  private readonly ledger: Ledger;
  private readonly loop: LoopDetector | null;
  private readonly pending = new Set<Pending>();
  private readonly started = performance.now();
  private ended: number | null = null;
  private sent = 0;
  private warned = false;
  readonly report: RunReport;

  constructor(
    readonly name: string,
    readonly s: Settings,
    private readonly table: PriceTable,
    private readonly db: SdkCalls | null,
  ) {
    this.loop = s.loop ? new LoopDetector(s.loop) : null;
    this.ledger = { spent: 0, reserved: 0 };
    if (s.userId !== null) {
      const range = periodRange(s.period, nowMs(process.env), s.timeZone)!;
      const key = JSON.stringify([s.userId, s.period, s.timeZone, range.startMs, s.record]);
      let l = userLedgers.get(key);
      if (!l) userLedgers.set(key, (l = { spent: 0, reserved: 0 }));
      this.ledger = l;
    }
    const self = this;
    this.report = {
      name,
      userId: s.userId,
      calls: this.calls,
      budget: s.budget,
      get spent() {
        return self.spent();
      },
      get remaining() {
        return Math.max(0, s.budget - self.spent());
      },
      summary: () => this.summary(),
    };
  }

  /** USD counted against the budget now: a user's recorded spend in the period is read from the database, every process's. */
  spent(): number {
    if (this.db && this.s.userId !== null) {
      const range = periodRange(this.s.period, nowMs(process.env), this.s.timeZone)!;
      return this.db.userSpend(this.s.userId, range.startMs, range.endMs);
    }
    return this.ledger.spent;
  }

  private info(): BudgetErrorInfo {
    return { spentSoFar: this.spent(), budget: this.s.budget, callCount: this.sent, run: this.name, userId: this.s.userId };
  }

  private whose(): string {
    return this.s.userId === null ? `run '${this.name}'` : `user '${this.s.userId}' (${this.s.period} budget, run '${this.name}')`;
  }

  /** Checks a call before it is sent, and reserves its worst case; throws when it must not go. */
  begin(provider: Provider, body: Record<string, unknown>): Pending {
    const model = typeof body.model === 'string' ? body.model : '';
    const at = new Date(nowMs(process.env));
    const pricing = this.table.lookup(model, at);
    if (!pricing) throw new UnpricedModelError(model, 'no price is known');
    if (body.speed === 'fast' && pricing.fastMultiplier === null) throw new UnpricedModelError(model, 'no fast-mode price is known');
    const n = this.sent + 1;
    const spent = this.spent();
    if (spent >= this.s.budget) {
      throw new BudgetExceededError(`runway-budget: ${this.whose()} refused call ${n} (${model}): the budget is spent, ${usd(spent)} of ${budgetUsd(this.s.budget)}`, this.info());
    }
    const input = inputUpperBound(body);
    const cap = outputCap(body);
    if (this.s.estimate && cap === null) {
      throw new TypeError(`runway-budget: ${this.whose()} cannot bound call ${n} (${model}) without an output cap: set max_output_tokens (Responses) or max_completion_tokens (Chat Completions), or run with estimate: false; the call was not sent`);
    }
    const worst = priceTokens(worstCaseGroup(body, pricing, input, cap ?? 0), pricing);
    if (!worst.ok) throw new UnpricedModelError(model, worst.reason);
    const now = at.getTime();
    const hash = this.loop ? requestHash(body) : '';
    const verdict = this.loop?.check(hash, input, now) ?? null;
    if (verdict) {
      const o = this.s.loop!;
      const why = verdict.kind === 'repeat'
        ? `the same request for the ${verdict.count}th time within ${o.windowMs / 1000} s`
        : `a prompt that grew ${o.growth}× or more on each of ${verdict.steps} calls in a row`;
      throw new LoopDetectedError(`runway-budget: ${this.whose()} refused call ${n} (${model}): a loop, ${why}`, this.info(), verdict.kind);
    }
    let reservation = 0;
    if (this.s.estimate) {
      const reserved = this.ledger.reserved;
      if (spent + reserved + worst.usd > this.s.budget) {
        throw new BudgetExceededError(
          `runway-budget: ${this.whose()} refused call ${n} (${model}): its worst case ${usd(worst.usd)} on ${usd(spent)} spent and ${usd(reserved)} in flight would pass the ${budgetUsd(this.s.budget)} budget`,
          this.info(),
        );
      }
      reservation = worst.usd;
      this.ledger.reserved += reservation;
    }
    this.loop?.note(hash, input, now);
    this.sent = n;
    const p = new Pending(this, provider, model, pricing, reservation, worst.usd);
    this.pending.add(p);
    return p;
  }

  /** A call that cost nothing: its reservation released, nothing counted. */
  release(p: Pending): void {
    this.pending.delete(p);
    this.ledger.reserved = Math.max(0, this.ledger.reserved - p.reservation);
  }

  /** A call's cost, counted: its reservation released, the call in the report and, with `record`, in the database. */
  settle(p: Pending, usage: Usage | null, model: string | null, id: string | null): void {
    this.release(p);
    if (this.ended !== null) return;
    let cost = p.worst;
    let tokens = ZERO;
    let from: CallReport['from'] = 'estimate';
    let billed = p.model;
    if (usage) {
      // The model the response names, when it has a price (a dated id); else the one asked for.
      const named = model ? this.table.lookup(model, new Date(nowMs(process.env))) : null;
      const pricing = named ?? p.pricing;
      const t = usage.tokens;
      const prompt = t.input + t.cacheWrite5m + t.cacheWrite1h + t.cacheRead;
      const priced = priceTokens({
        inputTokens: t.input, outputTokens: t.output, cacheWrite5mTokens: t.cacheWrite5m, cacheWrite1hTokens: t.cacheWrite1h,
        cacheReadTokens: t.cacheRead, webSearchRequests: t.webSearches,
        longContext: prompt > pricing.longContextThreshold, fast: usage.fast, usOnly: usage.usOnly, batch: usage.batch,
      }, pricing);
      tokens = t;
      if (named && model) billed = model;
      // A usage the prices cannot cover (fast mode without a fast price) costs the worst case, never $0.
      if (priced.ok && Number.isFinite(priced.usd)) {
        cost = priced.usd;
        from = 'usage';
      }
    }
    this.ledger.spent += cost;
    const ms = performance.now() - p.t0;
    if (this.db) this.write(usage, billed, id, tokens, cost);
    this.calls.push({ provider: p.provider, model: billed, id, tokens, cost, total: this.spent(), ms, from });
  }

  private write(usage: Usage | null, model: string, id: string | null, t: CallTokens, cost: number): void {
    try {
      this.db!.write({
        responseId: id ?? `local-${randomUUID()}`,
        ts: nowMs(process.env),
        sessionId: this.sessionId,
        project: process.cwd(),
        model,
        inputTokens: t.input,
        outputTokens: t.output,
        cacheWrite5mTokens: t.cacheWrite5m,
        cacheWrite1hTokens: t.cacheWrite1h,
        cacheReadTokens: t.cacheRead,
        webSearchRequests: t.webSearches,
        reasoningTokens: t.reasoning,
        speed: usage?.fast ? 'fast' : null,
        inferenceGeo: usage?.usOnly ? 'us' : null,
        serviceTier: usage?.batch ? 'batch' : null,
        costUsd: cost,
        runName: this.name,
        userId: this.s.userId,
      });
    } catch (e) {
      // The call itself succeeded: its caller gets its answer, and the lost record is said once.
      if (!this.warned) process.emitWarning(`runway-budget: could not record a call of run '${this.name}' (${e instanceof Error ? e.message : String(e)})`);
      this.warned = true;
    }
  }

  /** Agent SDK results: their own cost, counted (never recorded: Claude Code's transcripts hold them). */
  settleAgentResult(reservation: number, cost: number, calls: Omit<CallReport, 'total'>[]): void {
    this.ledger.reserved = Math.max(0, this.ledger.reserved - reservation);
    if (this.ended !== null) return;
    this.ledger.spent += cost;
    for (const c of calls) this.calls.push({ ...c, total: this.spent() });
  }

  /** Reserves an Agent SDK query's whole allowance, refusing it when nothing is left. */
  beginAgentQuery(): { remaining: number } {
    const spent = this.spent();
    const remaining = this.s.budget - spent - this.ledger.reserved;
    if (remaining <= 0) {
      throw new BudgetExceededError(`runway-budget: ${this.whose()} refused an Agent SDK query: the budget is spent, ${usd(spent)} of ${budgetUsd(this.s.budget)}`, this.info());
    }
    this.ledger.reserved += remaining;
    this.sent += 1;
    return { remaining };
  }

  /** At the run's end: a call still open (a stream never read to its end) costs its worst case. */
  end(): void {
    for (const p of [...this.pending]) p.finish(null, null, null);
    this.ended = performance.now();
  }

  private summary(): string {
    const spent = this.spent();
    const pct = this.s.budget > 0 ? ` (${((spent / this.s.budget) * 100).toFixed(1)}%)` : '';
    const secs = ((this.ended ?? performance.now()) - this.started) / 1000;
    const who = this.s.userId === null ? '' : ` for user '${this.s.userId}' this ${this.s.period}`;
    const n = this.calls.length;
    return `Run '${this.name}': ${n} ${n === 1 ? 'call' : 'calls'}, ${usd(spent)} of ${budgetUsd(this.s.budget)}${pct}${who}, ${secs.toFixed(2)} s`;
  }
}

/** One call between its check and its end. */
export class Pending {
  readonly t0 = performance.now();
  private done = false;

  constructor(
    private readonly run: RunState,
    readonly provider: Provider,
    readonly model: string,
    readonly pricing: ModelPricing,
    /** What is held against the budget while it is in flight (0 without `estimate`). */
    readonly reservation: number,
    /** Its pre-call worst case: what it costs when it ends without saying what it used. */
    readonly worst: number,
  ) {}

  finish(usage: Usage | null, model: string | null, id: string | null): void {
    if (this.done) return;
    this.done = true;
    this.run.settle(this, usage, model, id);
  }

  /**
   * The request failed. An answer with an HTTP status (a 400, a 429, a 529) was refused by
   * the vendor and is not billed; any other failure (the connection lost after sending) may
   * have been, so it costs its worst case.
   */
  failed(e: unknown): void {
    if (this.done) return;
    const status = typeof e === 'object' && e !== null ? (e as { status?: unknown }).status : undefined;
    if (typeof status === 'number' && status >= 400) {
      this.done = true;
      this.run.release(this);
      return;
    }
    this.finish(null, null, null);
  }
}

export function startRun<T>(name: string, options: RunOptions, fn: (r: RunContext) => Promise<T> | T): Promise<T> {
  const s = readSettings(name, options);
  if (typeof fn !== 'function') throw new TypeError('runway-budget: run()\'s third argument must be the function to run, (r) => …');
  return (async () => {
    const table = await priceTable(s.prices);
    const db = s.record ? await recorder(s.record) : null;
    const state = new RunState(name, s, table, db);
    try {
      return await storage.run(state, () => fn({ report: state.report }));
    } finally {
      state.end();
    }
  })();
}
