// The /api/summary figures, also printed by `runway status`: one builder, so the page
// and the terminal always agree.
import { agentNames, agentsText, type Config } from '../core/config.js';
import type { Db } from '../store/db.js';
import { addDays, dateInZone, periodFor } from '../core/calendar.js';
import { pricedRows, unpricedModels, type Pricing } from './usage.js';
import { periodTotals, periodUsage, recentBlocks, spendOf, startOfDay, type PeriodUsage } from './dashboard.js';
import { ledgerCheck } from './ledger.js';
import { quotaNow } from '../store/quota.js';
import { responseStats } from '../store/responses.js';
import { rollupStats } from '../store/rollups.js';
import { countSessions } from '../store/sessions.js';
import type { DashboardState } from './state.js';
import type { Quota, Summary } from './answers.js';
import { filterKey, filterOf, type Filter, type FilterParams } from './filter.js';

/**
 * The usage of the period holding `period` (a date; absent, the current period) that the
 * filter counts (what it leaves out is the config's). A past period is seen as at its last
 * moment, so its figures are final; a date in the current period or later is the current
 * period, seen now.
 */
export function usageFor(state: DashboardState, asked: FilterParams, period?: string): { u: PeriodUsage; filter: Filter } {
  state.refresh();
  const filter = filterOf(state.config, asked);
  return {
    filter,
    u: periodUsage({ db: state.db, config: state.config, pricing: state.pricing, tz: state.tz, nowMs: viewedAt(state, period), filter, memo: (k, f) => state.memo(k, f), kept: (k) => state.keptDays(k) }),
  };
}

function viewedAt(state: DashboardState, period: string | undefined): number {
  const now = state.now();
  if (period === undefined) return now;
  const { end } = periodFor(period, state.config.reset_day);
  return end > dateInZone(now, state.tz) ? now : startOfDay(end, state.tz) - 1;
}

export function summaryOf(state: DashboardState, asked: FilterParams, period?: string): Summary {
  const { u, filter } = usageFor(state, asked, period);
  const shown = u.budget.period;
  const current = shown.end > dateInZone(state.now(), state.tz);
  const { config, db } = state;
  const totals = periodTotals(u);
  const { days: _days, ...engine } = u.budget;
  const budgeted = u.budgetConfigured;
  const ifBudget = <T,>(v: T): T | null => (budgeted ? v : null);
  const { latest, count } = dataFigures(state);
  return {
    generatedAt: state.now(),
    timezone: state.tz,
    today: u.today,
    scope: filter.scope,
    agent: agentsText(filter.agents),
    budgetAgents: agentsText(config.budget_agents),
    agentNames: agentNames(),
    budgetConfigured: u.budgetConfigured,
    currency: {
      symbol: config.currency_symbol,
      secondary: secondaryCurrency(config),
    },
    ...engine,
    budget: ifBudget(engine.budget),
    remaining: ifBudget(engine.remaining),
    consumedFraction: ifBudget(engine.consumedFraction),
    dailyBudget: ifBudget(engine.dailyBudget),
    todaysRunway: ifBudget(engine.todaysRunway),
    todaysOverBy: ifBudget(engine.todaysOverBy),
    todaysRunwayFraction: ifBudget(engine.todaysRunwayFraction),
    projectedSurplus: ifBudget(engine.projectedSurplus),
    status: ifBudget(engine.status),
    dryDate: ifBudget(engine.dryDate),
    forecast: { ...engine.forecast, runwayDays: ifBudget(engine.forecast.runwayDays), method: forecastMethod(engine.forecast) },
    sessions: state.memo(`sessions|${filterKey(filter)}|${u.budget.period.start}`, () => countSessions(db, startOfDay(u.budget.period.start, state.tz), filter)),
    totals: {
      cost: totals.cost,
      tokens: totals.totalTokens,
      responses: totals.responses,
      unpricedResponses: totals.unpricedResponses,
      unpricedTokens: totals.unpricedTokens,
    },
    unpriced: unpricedModels(u.periodRows),
    calibration: state.calibration,
    ledger: state.memo(`ledger|${shown.start}`, () => ledgerCheck(db, state.pricing, startOfDay(shown.start, state.tz), startOfDay(shown.end, state.tz))),
    freshness: { lastScanAt: state.lastScanAt, latestResponseAt: latest, scanError: state.scanError },
    configError: state.configError,
    priceSource: state.pricing.table.source,
    costMode: state.pricing.mode,
    data: { responses: count, roots: state.roots.map((r) => ({ source: r.source, path: r.logDir, exists: r.exists, files: r.files })) },
    refreshIntervalSeconds: config.refresh_interval_seconds,
    demo: state.demo,
    view: { current, previous: periodFor(addDays(shown.start, -1), shown.resetDay).start, next: current ? null : shown.end },
  };
}

/** The second currency as every surface shows it: its code in capitals, its symbol or else its code. */
export function secondaryCurrency(config: Config): { code: string; rate: number; symbol: string } | null {
  const c = config.secondary_currency;
  return c ? { code: c.code.toUpperCase(), rate: c.rate, symbol: c.symbol ?? c.code.toUpperCase() } : null;
}

/** The figures that need a budget, made non-null. */
type BudgetFigures = 'budget' | 'remaining' | 'consumedFraction' | 'dailyBudget' | 'todaysRunway' | 'todaysOverBy' | 'todaysRunwayFraction' | 'projectedSurplus' | 'status';
export type BudgetedSummary = Omit<Summary, BudgetFigures> & { [K in BudgetFigures]: NonNullable<Summary[K]> };

/** The summary with its budget figures, or null when no budget is set: screens show them only then. */
export function withBudget(s: Summary): BudgetedSummary | null {
  return s.budgetConfigured && s.budget !== null ? (s as BudgetedSummary) : null;
}

/** The forecast in words, the same on every surface. */
export function forecastMethod(f: { from: string; workdays: number }): string {
  return f.workdays === 0
    ? 'what was spent before today (no workday behind it yet)'
    : `the ${f.workdays}-workday average since ${f.from}, weekend spend included`;
}

/** Rows in the database and the newest one's time: kept until the data changes. */
export function dataFigures(state: DashboardState): { latest: number | null; count: number } {
  return state.memo('data', () => (state.rollupOnly ? rollupStats(state.db) : responseStats(state.db)));
}

/**
 * The 5h/7d quota: the latest readings the status line stored, and the 5-hour blocks
 * estimated from the logs (what users without readings, such as API-key users, get).
 */
export function quotaOf(state: DashboardState, asked: FilterParams): Quota {
  state.refresh();
  const filter = filterOf(state.config, asked);
  const now = state.now();
  const thresholds = state.config.quota_thresholds;
  const minute = Math.floor(now / 60_000);
  return {
    generatedAt: now,
    thresholds,
    windows: state.memo(`quota|${minute}|${thresholds.warn}|${thresholds.alarm}`, () => quotaNow(state.db, now, thresholds)),
    unit: state.config.budget_unit,
    blocks: state.memo(`blocks|${filterKey(filter)}|${minute}|${state.config.budget_unit}`, () => recentBlocks(state.db, filter, now, state.pricing, state.config.budget_unit)),
  };
}

/** Spend per day of the summary's filter for the sparkline, reaching back before the period when it is young. */
export function lastDays(db: Db, s: Summary, filter: Filter, count: number, p: Pricing) {
  const since = addDays(s.today, -(count - 1));
  const rows = pricedRows(db, { tz: s.timezone, since, until: s.today, ...filter }, p);
  const byDate = new Map<string, number>();
  for (const r of rows) byDate.set(r.date, (byDate.get(r.date) ?? 0) + spendOf(r, s.unit));
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(since, i);
    return { date, spend: byDate.get(date) ?? 0 };
  });
}
