// Reads the usage rollups and prices them. Prices are applied here, at report time, so a
// newer price table or a config override reprices the whole history.
import type { Db } from '../store/db.js';
import type { TokenCounts } from '../sources/types.js';
import type { CostMode, Scope } from '../core/config.js';
import { priceTokens, PROMPT_BANDS, type PriceTable } from '../core/pricing.js';
import { addDays } from '../core/calendar.js';
import { localMidnight } from '../core/zones.js';
import { localDaySql, rollupRows, type ExtraCounts, type PriceableRow, type RollupRow, type UsageFilter } from '../store/rollups.js';


export interface UsageQuery extends UsageFilter {
  tz: string;
  /** Local calendar dates, inclusive. */
  since?: string;
  until?: string;
  /** Substring of the project path (the session's cwd). */
  project?: string;
  scope: Scope;
  /** Keep rows apart per project (costs a bigger result). */
  byProject?: boolean;
}

export interface Pricing {
  table: PriceTable;
  mode: CostMode;
}

export interface Tokens extends TokenCounts {
  responses: number;
}

export interface PricedRow extends Tokens, ExtraCounts {
  date: string;
  bucketMs: number;
  /** The source that read these responses (its registry name). */
  agent: string;
  model: string;
  project: string;
  /** Dollars; null when these responses could not be priced (see `unpricedReason`). */
  cost: number | null;
  unpricedReason: string | null;
  /** What the cache writes (5m + 1h) cost at the model's rates; null when those are unknown. */
  cacheWriteCost: number | null;
}

export interface Totals extends Tokens, ExtraCounts {
  totalTokens: number;
  /** Sum of every priced row. */
  cost: number;
  unpricedResponses: number;
  unpricedTokens: number;
  /** Sum of every row's known cache-write cost; null while no row's is known. */
  cacheWriteCost: number | null;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Usage per local day and model (and project), priced. */
export function pricedRows(db: Db, q: UsageQuery, pricing: Pricing): PricedRow[] {
  // The local dates' UTC range with two hours to spare (an offset change moves a midnight by
  // at most one), then only what falls on the asked dates is kept: a day reads ~28 hours of buckets.
  const from = q.since ? Math.floor((localMidnight(q.since, q.tz) - 2 * HOUR_MS) / 900_000) * 900 : 0;
  const to = q.until ? Math.ceil((localMidnight(addDays(q.until, 1), q.tz) + 2 * HOUR_MS) / 900_000) * 900 : 8.64e12;
  const rows = rollupRows(db, q, from, to, localDaySql(db, q.tz, from, to)) as (RollupRow & { day: number })[];
  const out: PricedRow[] = [];
  for (const r of rows) {
    const date = new Date(r.day * DAY_MS).toISOString().slice(0, 10);
    if ((q.since && date < q.since) || (q.until && date > q.until)) continue;
    out.push(priced(r, date, pricing));
  }
  return out;
}

/** Usage between two instants (15-minute resolution) per model, priced; `date` is left empty. */
export function pricedWindow(db: Db, q: UsageFilter, fromMs: number, toMs: number, pricing: Pricing): PricedRow[] {
  return rollupRows(db, q, Math.floor(fromMs / 900_000) * 900, Math.ceil(toMs / 900_000) * 900, null).map((r) => priced(r, '', pricing));
}

/** Usage per 15-minute bucket and model between two instants, priced; `date` is left empty. */
export function pricedBuckets(db: Db, q: UsageFilter, fromMs: number, toMs: number, pricing: Pricing): PricedRow[] {
  return rollupRows(db, q, Math.floor(fromMs / 900_000) * 900, Math.ceil(toMs / 900_000) * 900, 'bucket').map((r) => priced(r, '', pricing));
}

function priced(r: RollupRow, date: string, pricing: Pricing): PricedRow {
  const bucketMs = r.bucket * 1000;
  const { cost, reason, cacheWriteCost } = priceRow(r, bucketMs, pricing);
  return {
    date,
    bucketMs,
    agent: r.agent,
    model: r.model,
    project: r.project ?? '',
    responses: r.responses,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cacheWrite5mTokens: r.cacheWrite5mTokens,
    cacheWrite1hTokens: r.cacheWrite1hTokens,
    cacheReadTokens: r.cacheReadTokens,
    webSearchRequests: r.webSearchRequests,
    reasoningTokens: r.reasoningTokens,
    premiumRequests: r.premiumRequests,
    cost,
    unpricedReason: reason,
    cacheWriteCost,
  };
}

export interface RowPrice {
  cost: number | null;
  reason: string | null;
  /** The cache writes' part of the cost at the table's rates; null when the table cannot price the row. */
  cacheWriteCost: number | null;
}

export function priceRow(r: PriceableRow, at: number, pricing: Pricing): RowPrice {
  // display: only the log's cost, which has no breakdown, so the cache writes' part is unknown.
  if (pricing.mode === 'display') {
    return r.logged_cost ? { cost: r.cost_usd, reason: null, cacheWriteCost: null } : { cost: null, reason: 'no cost in the log (cost mode "display")', cacheWriteCost: null };
  }
  const calculated = calculate(r, at, pricing);
  const cacheWriteCost = calculated.usd === null ? null : calculated.cacheWrite;
  // auto: the cost the log recorded when it did; calculate: never that.
  if (r.logged_cost && pricing.mode !== 'calculate') return { cost: r.cost_usd, reason: null, cacheWriteCost };
  return { cost: calculated.usd, reason: calculated.reason, cacheWriteCost };
}

function calculate(r: PriceableRow, at: number, pricing: Pricing): { usd: number; cacheWrite: number; reason: null } | { usd: null; reason: string } {
  const model = pricing.table.lookup(r.model, new Date(at));
  if (!model) return { usd: null, reason: r.model ? `no price for model ${r.model}` : 'no model named in the log' };
  // Rates change only at tracked thresholds (the config accepts no other); one the price data
  // brings from elsewhere cannot be told apart in the rollups, so it is unpriced, not guessed.
  const threshold = model.longContextThreshold;
  if (model.longContext && !(PROMPT_BANDS as readonly number[]).includes(threshold)) {
    return { usd: null, reason: `long-context threshold ${threshold} of ${model.modelId} is not one Runway tracks` };
  }
  const priced = priceTokens({ ...r, longContext: r.prompt_band >= threshold, fast: r.fast === 1, usOnly: r.us_only === 1, batch: r.batch === 1 }, model);
  return priced.ok
    ? { usd: priced.usd, cacheWrite: priced.breakdown.cacheWrite5m + priced.breakdown.cacheWrite1h, reason: null }
    : { usd: null, reason: priced.reason };
}

export function emptyTotals(): Totals {
  return {
    responses: 0, inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0,
    cacheReadTokens: 0, webSearchRequests: 0, reasoningTokens: 0, premiumRequests: 0, totalTokens: 0, cost: 0,
    unpricedResponses: 0, unpricedTokens: 0, cacheWriteCost: null,
  };
}

/** Tokens billed: reasoning is part of output, never added on top. */
export function tokenSum(t: TokenCounts): number {
  return t.inputTokens + t.outputTokens + t.cacheWrite5mTokens + t.cacheWrite1hTokens + t.cacheReadTokens;
}

export function addRow(t: Totals, r: PricedRow): Totals {
  const tokens = tokenSum(r);
  t.responses += r.responses;
  t.inputTokens += r.inputTokens;
  t.outputTokens += r.outputTokens;
  t.cacheWrite5mTokens += r.cacheWrite5mTokens;
  t.cacheWrite1hTokens += r.cacheWrite1hTokens;
  t.cacheReadTokens += r.cacheReadTokens;
  t.webSearchRequests += r.webSearchRequests;
  t.reasoningTokens += r.reasoningTokens;
  t.premiumRequests += r.premiumRequests;
  t.totalTokens += tokens;
  if (r.cost === null) {
    t.unpricedResponses += r.responses;
    t.unpricedTokens += tokens;
  } else {
    t.cost += r.cost;
  }
  if (r.cacheWriteCost !== null) t.cacheWriteCost = (t.cacheWriteCost ?? 0) + r.cacheWriteCost;
  return t;
}

/** Totals per group key, in first-seen order. */
export function groupTotals(rows: PricedRow[], key: (r: PricedRow) => string): Map<string, Totals> {
  const groups = new Map<string, Totals>();
  for (const r of rows) {
    const k = key(r);
    let t = groups.get(k);
    if (!t) groups.set(k, (t = emptyTotals()));
    addRow(t, r);
  }
  return groups;
}

/** The agents behind each group key (a project: every agent that worked in it), sorted. */
export function agentsPer(rows: PricedRow[], key: (r: PricedRow) => string): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const r of rows) {
    const k = key(r);
    sets.set(k, (sets.get(k) ?? new Set<string>()).add(r.agent));
  }
  return new Map([...sets].map(([k, set]) => [k, [...set].sort()]));
}

export interface UnpricedModel {
  agent: string;
  model: string;
  reason: string;
  responses: number;
  tokens: number;
}

/** Every model (per agent) that could not be priced, with how much usage it holds: shown, never counted as $0. */
export function unpricedModels(rows: PricedRow[]): UnpricedModel[] {
  const byModel = new Map<string, UnpricedModel>();
  for (const r of rows) {
    if (r.cost !== null || !r.unpricedReason) continue;
    const k = `${r.agent}\u0000${r.model}\u0000${r.unpricedReason}`;
    let u = byModel.get(k);
    if (!u) byModel.set(k, (u = { agent: r.agent, model: r.model || '(none)', reason: r.unpricedReason, responses: 0, tokens: 0 }));
    u.responses += r.responses;
    u.tokens += tokenSum(r);
  }
  return [...byModel.values()].sort((a, b) => b.tokens - a.tokens);
}

