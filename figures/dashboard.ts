// The dashboard's figures for one billing period: the budget engine fed from the usage
// rollups, plus the breakdowns around it. Shared by the server, `runway status` and the
// later guard commands, so every surface shows the same numbers.
import { SOURCES } from '../sources/index.js';
import type { Db } from '../store/db.js';
import { recentSessionRows, type SessionRow } from '../store/sessions.js';
import { sessionResponseRows } from '../store/responses.js';
import type { UsageFilter } from '../store/rollups.js';
import type { Config } from '../core/config.js';
import { workdayNumbers } from '../core/config.js';
import { computeBudget, FORECAST_LOOKBACK_DAYS, type BudgetSummary } from '../core/budget.js';
import { addDays, dateInZone, periodFor } from '../core/calendar.js';
import { localMidnight } from '../core/zones.js';
import { usageBlocks, type BlockEntry, type UsageBlock } from '../core/blocks.js';
import {
  addRow, agentsPer, emptyTotals, groupTotals, pricedBuckets, pricedRows, pricedWindow, priceRow, tokenSum, unpricedModels,
  type PricedRow, type Pricing, type Totals, type UnpricedModel,
} from './usage.js';
import { filterKey, type Filter } from './filter.js';
import { cacheFigures } from './cache.js';
import { pricedDays, pricedRowsKept, type KeptDays } from './day-rows.js';

const DAY_MS = 86_400_000;

export interface PeriodInput {
  db: Db;
  config: Config;
  pricing: Pricing;
  tz: string;
  nowMs: number;
  filter: Filter;
  /** Keeps a result until the data changes (the server's cache); absent, everything is computed. */
  memo?: <T>(key: string, compute: () => T) => T;
  /** Rows per project too (for the breakdowns); the status line needs only the totals. */
  byProject?: boolean;
  /** Past days' rows kept in memory across changes (the server), by reader key. */
  kept?: (key: string) => KeptDays;
  /** Past days' rows kept in the database under this name (figures/day-rows.ts keptName), for a reader that is a new process each time. */
  keptAs?: string;
}

export interface PeriodUsage {
  today: string;
  periodRows: PricedRow[];
  budget: BudgetSummary;
  budgetConfigured: boolean;
}

/** What one row counts against the budget: dollars, or tokens for a token budget. */
export function spendOf(r: PricedRow, unit: Config['budget_unit']): number {
  return unit === 'tokens' ? tokenSum(r) : (r.cost ?? 0);
}

export function periodUsage({ db, config, pricing, tz, nowMs, filter, memo, byProject = true, kept, keptAs }: PeriodInput): PeriodUsage {
  const today = dateInZone(nowMs, tz);
  const { start } = periodFor(today, config.reset_day);
  // The forecast may read the weeks before the period too.
  const since = addDays(start, -FORECAST_LOOKBACK_DAYS);
  const q = { tz, since, until: today, ...filter, byProject };
  const reader = `${tz}|${filterKey(filter)}|${byProject}`;
  const rows = () =>
    kept ? pricedDays(db, q, pricing, kept(reader)).rows
      : keptAs !== undefined ? pricedRowsKept(db, q, pricing, keptAs)
        : pricedRows(db, q, pricing);
  const allRows = memo ? memo(`period|${reader}|${since}|${today}`, rows) : rows();
  const periodRows = allRows.filter((r) => r.date >= start);

  const daily = new Map<string, number>();
  for (const r of allRows) daily.set(r.date, (daily.get(r.date) ?? 0) + spendOf(r, config.budget_unit));
  // The burn rate: the last 24 hours, to the rollup's 15-minute resolution.
  let last24h = 0;
  for (const r of pricedWindow(db, filter, nowMs - DAY_MS, nowMs, pricing)) last24h += spendOf(r, config.budget_unit);
  const budget = computeBudget({
    today,
    daily,
    last24h,
    config: {
      monthlyBudget: config.monthly_budget ?? 0,
      unit: config.budget_unit,
      resetDay: config.reset_day,
      workdays: workdayNumbers(config),
      holidays: config.holidays,
      thresholds: config.status_thresholds,
    },
  });
  return { today, periodRows, budget, budgetConfigured: config.monthly_budget !== null };
}

/**
 * The instant a calendar date begins in a zone, at midnight's own offset: on a day the clocks
 * change, the same edge the rollup's local days use (store/rollups.ts localDaySql).
 */
export function startOfDay(date: string, tz: string): number {
  return localMidnight(date, tz);
}

export interface DayFigures {
  date: string;
  spend: number;
  cost: number;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  premiumRequests: number;
  responses: number;
  unpricedResponses: number;
  cacheHitRatio: number | null;
  cacheWriteCost: number | null;
  workday: boolean;
  holiday: boolean;
  isToday: boolean;
  isFuture: boolean;
  dailyBudgetLine: number | null;
}

/** Every day of the period, future days included, with the tokens behind each day's spend. */
export function periodDays(u: PeriodUsage): DayFigures[] {
  const byDate = groupTotals(u.periodRows, (r) => r.date);
  return u.budget.days.map((d) => {
    const t = byDate.get(d.date) ?? emptyTotals();
    return {
      ...d,
      // No budget, no line: a day cannot be over a budget of nothing.
      dailyBudgetLine: u.budgetConfigured ? d.dailyBudgetLine : null,
      cost: t.cost,
      tokens: t.totalTokens,
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      cacheWriteTokens: t.cacheWrite5mTokens + t.cacheWrite1hTokens,
      cacheReadTokens: t.cacheReadTokens,
      reasoningTokens: t.reasoningTokens,
      premiumRequests: t.premiumRequests,
      responses: t.responses,
      unpricedResponses: t.unpricedResponses,
      ...cacheFigures(t),
    };
  });
}

export interface PeriodCache {
  cacheHitRatio: number | null;
  cacheWriteCost: number | null;
  /** The cache writes' share of the priced spend; null when either is unknown or nothing was spent. */
  cacheWriteShare: number | null;
}

/** The period's cache figures, from the same rows as its days: each day's ratio weighted by its prompt tokens gives this one. */
export function periodCache(u: PeriodUsage): PeriodCache {
  const t = periodTotals(u);
  return { ...cacheFigures(t), cacheWriteShare: t.cacheWriteCost !== null && t.cost > 0 ? t.cacheWriteCost / t.cost : null };
}

export function periodTotals(u: PeriodUsage): Totals {
  const t = emptyTotals();
  for (const r of u.periodRows) addRow(t, r);
  return t;
}

/** claude-opus-4-5-20251101 → opus, as the sources know their vendors' families; anything unrecognised keeps its own name. */
export function modelFamily(model: string): string {
  for (const s of SOURCES) {
    const family = s.modelFamily(model);
    if (family) return family;
  }
  return model || '(none)';
}

export interface ModelShare {
  /** One model used through two agents is two rows. */
  agent: string;
  model: string;
  family: string;
  cost: number;
  tokens: number;
  reasoningTokens: number;
  premiumRequests: number;
  responses: number;
  share: number;
  unpricedResponses: number;
  cacheHitRatio: number | null;
  cacheWriteCost: number | null;
}

export function modelBreakdown(u: PeriodUsage): { models: ModelShare[]; families: { family: string; cost: number; tokens: number; share: number }[]; unpriced: UnpricedModel[] } {
  const total = periodTotals(u).cost;
  const share = (cost: number) => (total > 0 ? cost / total : 0);
  const models = [...groupTotals(u.periodRows, (r) => `${r.agent}\u0000${r.model || '(none)'}`)]
    .map(([key, t]) => {
      const [agent, model] = key.split('\u0000') as [string, string];
      return {
        agent, model, family: modelFamily(model), cost: t.cost, tokens: t.totalTokens, reasoningTokens: t.reasoningTokens,
        premiumRequests: t.premiumRequests, responses: t.responses, share: share(t.cost), unpricedResponses: t.unpricedResponses,
        ...cacheFigures(t),
      };
    })
    .sort((a, b) => b.cost - a.cost || b.tokens - a.tokens);
  const families = new Map<string, { family: string; cost: number; tokens: number; share: number }>();
  for (const m of models) {
    const f = families.get(m.family) ?? { family: m.family, cost: 0, tokens: 0, share: 0 };
    f.cost += m.cost;
    f.tokens += m.tokens;
    f.share = share(f.cost);
    families.set(m.family, f);
  }
  return { models, families: [...families.values()].sort((a, b) => b.cost - a.cost || b.tokens - a.tokens), unpriced: unpricedModels(u.periodRows) };
}

export interface AgentShare {
  agent: string;
  cost: number;
  tokens: number;
  reasoningTokens: number;
  premiumRequests: number;
  responses: number;
  /** Of the period's spend in the budget's unit (dollars, or tokens): what each agent takes of the budget. */
  share: number;
  unpricedResponses: number;
  unpricedTokens: number;
}

/** The period per agent, the biggest spender first; the shares add up to 1 when anything was spent. */
export function agentBreakdown(u: PeriodUsage): AgentShare[] {
  const spend = (t: Totals) => (u.budget.unit === 'tokens' ? t.totalTokens : t.cost);
  const total = spend(periodTotals(u));
  return [...groupTotals(u.periodRows, (r) => r.agent)]
    .map(([agent, t]) => ({
      agent, cost: t.cost, tokens: t.totalTokens, reasoningTokens: t.reasoningTokens, premiumRequests: t.premiumRequests,
      responses: t.responses, share: total > 0 ? spend(t) / total : 0, unpricedResponses: t.unpricedResponses, unpricedTokens: t.unpricedTokens,
    }))
    .sort((a, b) => b.share - a.share || b.tokens - a.tokens || a.agent.localeCompare(b.agent));
}

export interface ProjectShare {
  project: string;
  name: string;
  /** The agents that worked in it. */
  agents: string[];
  cost: number;
  tokens: number;
  responses: number;
  share: number;
  unpricedResponses: number;
  cacheHitRatio: number | null;
  cacheWriteCost: number | null;
}

export function topProjects(u: PeriodUsage, limit: number): ProjectShare[] {
  const total = periodTotals(u).cost;
  const agents = agentsPer(u.periodRows, (r) => r.project);
  return [...groupTotals(u.periodRows, (r) => r.project)]
    .map(([project, t]) => ({
      project: project || '(unknown)',
      name: project ? (project.split(/[\\/]/).filter(Boolean).at(-1) ?? project) : '(unknown)',
      agents: agents.get(project)!,
      cost: t.cost,
      tokens: t.totalTokens,
      responses: t.responses,
      share: total > 0 ? t.cost / total : 0,
      unpricedResponses: t.unpricedResponses,
      ...cacheFigures(t),
    }))
    .sort((a, b) => b.cost - a.cost || b.tokens - a.tokens)
    .slice(0, limit);
}

export interface SessionSummary {
  sessionId: string;
  agent: string;
  project: string;
  firstAt: number;
  lastAt: number;
  responses: number;
  tokens: number;
  cost: number;
  unpricedResponses: number;
  models: string[];
  cacheHitRatio: number | null;
  cacheWriteCost: number | null;
}

/** The most recently active sessions, newest first, priced like every other figure. */
export function recentSessions(db: Db, limit: number, filter: Filter, pricing: Pricing): SessionSummary[] {
  const rows = recentSessionRows(db, limit, filter);
  const sessions = new Map<string, { s: SessionSummary; t: Totals }>();
  const repriced = new Set<string>();
  for (const r of rows) {
    let entry = sessions.get(r.session_id);
    if (!entry) {
      const s = { sessionId: r.session_id, agent: r.agent, project: r.project, firstAt: r.first_ts, lastAt: r.last_ts, responses: 0, tokens: 0, cost: 0, unpricedResponses: 0, models: [], cacheHitRatio: null, cacheWriteCost: null };
      sessions.set(r.session_id, (entry = { s, t: emptyTotals() }));
    }
    const { s, t } = entry;
    s.firstAt = Math.min(s.firstAt, r.first_ts);
    s.lastAt = Math.max(s.lastAt, r.last_ts);
    if (!s.project) s.project = r.project;
    if (r.model && !s.models.includes(r.model)) s.models.push(r.model);
    addRow(t, { ...r, date: '', bucketMs: r.last_ts, ...priceRow(r, r.last_ts, pricing), unpricedReason: null });
    if (acrossPriceChange(r, pricing)) repriced.add(r.session_id);
  }
  // A session's rows are priced at one instant; one that runs across a price change of its
  // model is priced response by response instead (rare: a change is a UTC midnight).
  for (const id of repriced) {
    const entry = sessions.get(id)!;
    entry.t = emptyTotals();
    for (const r of sessionResponseRows(db, [id], entry.s.lastAt, filter)) {
      addRow(entry.t, { ...r, date: '', bucketMs: r.ts, project: r.project ?? '', ...priceRow(r, r.ts, pricing), unpricedReason: null });
    }
  }
  return [...sessions.values()]
    .map(({ s, t }) => ({ ...s, responses: t.responses, tokens: t.totalTokens, cost: t.cost, unpricedResponses: t.unpricedResponses, ...cacheFigures(t) }))
    .sort((a, b) => b.lastAt - a.lastAt);
}

function acrossPriceChange(r: SessionRow, pricing: Pricing): boolean {
  const from = new Date(r.first_ts).toISOString().slice(0, 10);
  const to = new Date(r.last_ts).toISOString().slice(0, 10);
  return from !== to && pricing.table.changes(r.model).some((day) => day > from && day <= to);
}

/**
 * The 5-hour blocks of the last day, estimated from the logs. Three days are read so the
 * blocks shown start after a quiet gap, where the block chain is anchored for certain.
 */
export function recentBlocks(db: Db, filter: UsageFilter, nowMs: number, pricing: Pricing, unit: Config['budget_unit']): UsageBlock[] {
  const entries: BlockEntry[] = pricedBuckets(db, filter, nowMs - 3 * DAY_MS, nowMs, pricing)
    .map((r) => ({ ts: r.bucketMs, tokens: tokenSum(r), cost: unit === 'tokens' ? tokenSum(r) : r.cost, responses: r.responses }))
    .sort((a, b) => a.ts - b.ts);
  return usageBlocks(entries, nowMs).filter((b) => b.end > nowMs - DAY_MS);
}
