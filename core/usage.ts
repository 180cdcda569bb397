// Reads the usage rollups and prices them. Prices are applied here, at report time, so a
// newer price table or a config override reprices the whole history.
import type { Db } from '../scanner/db.js';
import type { CostMode, Scope } from './config.js';
import { priceTokens, type PriceTable } from './pricing.js';
import { localDayOf } from './zones.js';
import { addDays } from './calendar.js';


export interface UsageQuery {
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

export interface Tokens {
  responses: number;
  inputTokens: number;
  outputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  webSearchRequests: number;
}

export interface PricedRow extends Tokens {
  date: string;
  bucketMs: number;
  model: string;
  project: string;
  /** Dollars; null when these responses could not be priced (see `unpricedReason`). */
  cost: number | null;
  unpricedReason: string | null;
}

export interface Totals extends Tokens {
  totalTokens: number;
  /** Sum of every priced row. */
  cost: number;
  unpricedResponses: number;
  unpricedTokens: number;
}

/** Summed usage that shares one price: a model, and the flags that change its rates. */
export interface PriceableRow extends Tokens {
  model: string;
  long_context: number;
  fast: number;
  logged_cost: number;
  cost_usd: number;
}

interface RollupRow extends PriceableRow {
  bucket: number;
  project: string;
}

const statements = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();

function rollupQuery(db: Db, q: UsageQuery) {
  const cols = q.byProject ? 'bucket, model, project, long_context, fast, logged_cost' : 'bucket, model, long_context, fast, logged_cost';
  const where = ['bucket >= @from', 'bucket < @to'];
  if (q.scope === 'programmatic') where.push("entrypoint LIKE 'sdk-%'");
  if (q.scope === 'interactive') where.push("entrypoint NOT LIKE 'sdk-%'");
  if (q.project) where.push('instr(project, @project) > 0');
  const sql = `SELECT ${cols}, sum(responses) AS responses, sum(input_tokens) AS inputTokens,
    sum(output_tokens) AS outputTokens, sum(cache_write_5m_tokens) AS cacheWrite5mTokens,
    sum(cache_write_1h_tokens) AS cacheWrite1hTokens, sum(cache_read_tokens) AS cacheReadTokens,
    sum(web_search_requests) AS webSearchRequests, sum(cost_usd) AS cost_usd
    FROM usage_rollup WHERE ${where.join(' AND ')} GROUP BY ${cols}`;
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** Usage per 15-minute bucket and model (and project), with its local date and its price. */
export function pricedRows(db: Db, q: UsageQuery, pricing: Pricing): PricedRow[] {
  // Widen the UTC range by a day on each side, then keep what falls on the asked local dates.
  const from = q.since ? Date.parse(`${addDays(q.since, -1)}T00:00:00Z`) : 0;
  const to = q.until ? Date.parse(`${addDays(q.until, 2)}T00:00:00Z`) : 8.64e15;
  const rows = rollupQuery(db, q).all({ from: Math.floor(from / 1000), to: Math.floor(to / 1000), project: q.project }) as RollupRow[];
  const dayOf = localDayOf(q.tz);
  const out: PricedRow[] = [];
  for (const r of rows) {
    const bucketMs = r.bucket * 1000;
    const date = dayOf(bucketMs);
    if ((q.since && date < q.since) || (q.until && date > q.until)) continue;
    const { cost, reason } = priceRow(r, bucketMs, pricing);
    out.push({
      date,
      bucketMs,
      model: r.model,
      project: r.project ?? '',
      responses: r.responses,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      cacheWrite5mTokens: r.cacheWrite5mTokens,
      cacheWrite1hTokens: r.cacheWrite1hTokens,
      cacheReadTokens: r.cacheReadTokens,
      webSearchRequests: r.webSearchRequests,
      cost,
      unpricedReason: reason,
    });
  }
  return out;
}

export function priceRow(r: PriceableRow, at: number, pricing: Pricing): { cost: number | null; reason: string | null } {
  // auto: the cost the log recorded when it did; display: only that; calculate: never that.
  if (r.logged_cost && pricing.mode !== 'calculate') return { cost: r.cost_usd, reason: null };
  if (pricing.mode === 'display') return { cost: null, reason: 'no cost in the log (cost mode "display")' };
  const model = pricing.table.lookup(r.model, new Date(at));
  if (!model) return { cost: null, reason: r.model ? `no price for model ${r.model}` : 'no model named in the log' };
  const priced = priceTokens({ ...r, longContext: r.long_context === 1, fast: r.fast === 1 }, model);
  return priced.ok ? { cost: priced.usd, reason: null } : { cost: null, reason: priced.reason };
}

export function emptyTotals(): Totals {
  return {
    responses: 0, inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0,
    cacheReadTokens: 0, webSearchRequests: 0, totalTokens: 0, cost: 0, unpricedResponses: 0, unpricedTokens: 0,
  };
}

export function tokenSum(t: Tokens): number {
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
  t.totalTokens += tokens;
  if (r.cost === null) {
    t.unpricedResponses += r.responses;
    t.unpricedTokens += tokens;
  } else {
    t.cost += r.cost;
  }
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

export interface UnpricedModel {
  model: string;
  reason: string;
  responses: number;
  tokens: number;
}

/** Every model that could not be priced, with how much usage it holds: shown, never counted as $0. */
export function unpricedModels(rows: PricedRow[]): UnpricedModel[] {
  const byModel = new Map<string, UnpricedModel>();
  for (const r of rows) {
    if (r.cost !== null || !r.unpricedReason) continue;
    const k = `${r.model}\u0000${r.unpricedReason}`;
    let u = byModel.get(k);
    if (!u) byModel.set(k, (u = { model: r.model || '(none)', reason: r.unpricedReason, responses: 0, tokens: 0 }));
    u.responses += r.responses;
    u.tokens += tokenSum(r);
  }
  return [...byModel.values()].sort((a, b) => b.tokens - a.tokens);
}

