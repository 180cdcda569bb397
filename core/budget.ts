// Workday pacing and burn-rate runway for one billing period. Pure: "today" and
// "now" are inputs, spend arrives already summed per calendar date.

import { addDays, daysBetween, isCalendarDate, periodFor, weekday } from './calendar.js';

export type BudgetUnit = 'usd' | 'tokens';
export type BudgetStatus = 'green' | 'yellow' | 'red';

export interface BudgetConfig {
  /** Dollars, or tokens when unit is 'tokens'. */
  monthlyBudget: number;
  unit: BudgetUnit;
  /** 1..31; clamped to the month's last day. */
  resetDay: number;
  /** Weekdays (0 = Sunday) that are workdays. */
  workdays: number[];
  /** 'YYYY-MM-DD' dates that are not workdays. */
  holidays: string[];
  /** Fractions of the budget for the projected surplus: green above `green`, yellow from `yellow`, else red. */
  thresholds: { green: number; yellow: number };
}

export interface BudgetInput {
  /** Calendar date of "now" in the configured zone. */
  today: string;
  /**
   * Spend per calendar date: the period's, and the days before it that the forecast may
   * reach back to (see FORECAST_WORKDAYS); later dates are ignored.
   */
  daily: ReadonlyMap<string, number>;
  /** Spend in the 24 hours before now. */
  last24h: number;
  config: BudgetConfig;
}

export interface BudgetPeriod {
  start: string;
  /** Exclusive: the next period's first day. */
  end: string;
  lastDay: string;
  resetDay: number;
  /** Calendar days in the period. */
  days: number;
  /** Today's position in the period, 0 on its first day. */
  dayIndex: number;
}

/** What has been burning: shown as it is, never turned into a forecast of its own. */
export interface BurnRate {
  /** Spend in the last 24 hours. */
  ratePerDay: number;
  /** Spend to date over the calendar days elapsed, today included. */
  avgPerDay: number;
}

/**
 * The one forecast: every workday left is expected to cost `avgWorkdaySpend`, the average
 * workday since `from`. It drives the projected spend, the surplus, the status and the
 * run-out date alike.
 */
export interface Forecast {
  /** The first day the average reads: the period's start, or earlier while the period has fewer than FORECAST_WORKDAYS workdays behind it. */
  from: string;
  /** Workdays from `from` to yesterday. */
  workdays: number;
  /** Days from today to the run-out date; null when the budget lasts the period. */
  runwayDays: number | null;
}

export interface BudgetDay {
  date: string;
  spend: number;
  workday: boolean;
  holiday: boolean;
  isToday: boolean;
  isFuture: boolean;
  /** The daily budget in force at the start of that day; null on non-workdays. */
  dailyBudgetLine: number | null;
}

export interface BudgetSummary {
  period: BudgetPeriod;
  budget: number;
  unit: BudgetUnit;
  /** The whole period up to and including today. */
  spentToDate: number;
  spentBeforeToday: number;
  spentToday: number;
  /** budget − spentToDate; negative once over. */
  remaining: number;
  consumedFraction: number;
  totalWorkdays: number;
  /** Workdays in the period strictly before today. */
  workdaysElapsed: number;
  /** Workdays from today to the period end, today included when it is one; at least 1. */
  workdaysRemaining: number;
  todayIsWorkday: boolean;
  /** What may still be spent per workday to stay on budget; 0 once the budget is spent. */
  dailyBudget: number;
  /** What is left of today's budget; 0 once it is spent (see todaysOverBy). */
  todaysRunway: number;
  /** What today has spent beyond today's budget; 0 while within it. */
  todaysOverBy: number;
  /** todaysRunway ÷ dailyBudget, within 0..1. */
  todaysRunwayFraction: number;
  /** The forecast's pace: spend from forecast.from to yesterday over its workdays, weekend spend included. */
  avgWorkdaySpend: number;
  projectedSpend: number;
  projectedSurplus: number;
  status: BudgetStatus;
  /** The day the forecast passes the budget (today when it already has); null when the budget lasts the period. */
  dryDate: string | null;
  forecast: Forecast;
  /** Share of the period's workdays already behind us: the pace marker. */
  expectedFraction: number;
  burn: BurnRate;
  days: BudgetDay[];
}

/** The forecast reads at least this many workdays (two working weeks), reaching back before the period for them. */
export const FORECAST_WORKDAYS = 10;
/** Nor further back than this: a calendar of few workdays must not read the whole history. */
export const FORECAST_LOOKBACK_DAYS = 42;

export function computeBudget(input: BudgetInput): BudgetSummary {
  assertValid(input);
  const { today, daily, last24h, config } = input;
  const budget = config.monthlyBudget;
  const { start, end } = periodFor(today, config.resetDay);
  const dayCount = daysBetween(start, end);
  const dayIndex = daysBetween(start, today);

  const holidays = new Set(config.holidays);
  const workdaySet = new Set(config.workdays);
  const dates = Array.from({ length: dayCount }, (_, i) => addDays(start, i));
  const spend = dates.map((d) => spendOn(daily, d));
  const isWorkday = dates.map((d) => workdaySet.has(weekday(d)) && !holidays.has(d));

  // spentBefore[i]: spend before day i; workdaysFrom[i]: workdays from day i to the end.
  const spentBefore = [0];
  for (let i = 0; i < dayCount; i++) spentBefore.push(spentBefore[i]! + spend[i]!);
  const workdaysFrom = new Array<number>(dayCount + 1).fill(0);
  for (let i = dayCount - 1; i >= 0; i--) workdaysFrom[i] = workdaysFrom[i + 1]! + (isWorkday[i] ? 1 : 0);

  const spentBeforeToday = spentBefore[dayIndex]!;
  const spentToday = spend[dayIndex]!;
  const spentToDate = spentBeforeToday + spentToday;
  const remaining = budget - spentToDate;
  const todayIsWorkday = isWorkday[dayIndex]!;
  const totalWorkdays = workdaysFrom[0]!;
  const workdaysLeft = workdaysFrom[dayIndex]!;
  const workdaysAfterToday = workdaysFrom[dayIndex + 1]!;
  const workdaysElapsed = totalWorkdays - workdaysLeft;
  const workdaysRemaining = Math.max(1, workdaysLeft);

  // What was left this morning, spread over today and the workdays after it. The source
  // dashboard counted a workday today as elapsed and took its spend off twice: once
  // from the pool, again for the runway.
  // Over budget, nothing more may be spent: the daily budget is 0, never a negative amount.
  const dailyBudget = Math.max(0, (budget - spentBeforeToday) / workdaysRemaining);
  const todaysRunway = Math.max(0, dailyBudget - spentToday);
  const todaysOverBy = Math.max(0, spentToday - dailyBudget);

  // Every cost before today counts, weekend spend included: it all drew on the budget.
  // Today is left out because it is still running. Early in a period the average reaches
  // back into the one before, so the first days are not forecast from nothing; not to
  // before the first day with any spend, which would read a new user's empty past as thrift.
  const back = forecastStart(start, daily, (d) => workdaySet.has(weekday(d)) && !holidays.has(d), workdaysElapsed);
  let spentBeforePeriod = 0;
  for (let d = back.from; d < start; d = addDays(d, 1)) spentBeforePeriod += spendOn(daily, d);
  const forecastWorkdays = workdaysElapsed + back.workdays;
  const avgWorkdaySpend = (spentBeforePeriod + spentBeforeToday) / Math.max(1, forecastWorkdays);

  // A workday in progress is expected to reach an average day, and never counts for
  // less than it has already spent; a non-workday counts as spent so far.
  const todayProjected = todayIsWorkday ? Math.max(spentToday, avgWorkdaySpend) : spentToday;
  const projectedSpend = spentBeforeToday + todayProjected + avgWorkdaySpend * workdaysAfterToday;
  const projectedSurplus = budget - projectedSpend;
  const status: BudgetStatus =
    projectedSurplus > config.thresholds.green * budget
      ? 'green'
      : projectedSurplus >= config.thresholds.yellow * budget
        ? 'yellow'
        : 'red';

  // The same walk as the projection, stopped where it passes the budget: the one run-out date.
  // A budget already spent ran out today, whatever today's forecast.
  let dryDate: string | null = remaining <= 0 ? today : null;
  let cumulative = spentBeforeToday + todayProjected;
  if (cumulative > budget) dryDate = today;
  for (let i = dayIndex + 1; dryDate === null && i < dayCount; i++) {
    if (!isWorkday[i]) continue;
    cumulative += avgWorkdaySpend;
    if (cumulative > budget) dryDate = dates[i]!;
  }

  return {
    period: { start, end, lastDay: addDays(end, -1), resetDay: config.resetDay, days: dayCount, dayIndex },
    budget,
    unit: config.unit,
    spentToDate,
    spentBeforeToday,
    spentToday,
    remaining,
    // A zero budget is wholly consumed by any spend at all.
    consumedFraction: budget > 0 ? spentToDate / budget : spentToDate > 0 ? 1 : 0,
    totalWorkdays,
    workdaysElapsed,
    workdaysRemaining,
    todayIsWorkday,
    dailyBudget,
    todaysRunway,
    todaysOverBy,
    todaysRunwayFraction: dailyBudget > 0 ? Math.min(1, todaysRunway / dailyBudget) : 0,
    avgWorkdaySpend,
    projectedSpend,
    projectedSurplus,
    status,
    dryDate,
    forecast: { from: back.from, workdays: forecastWorkdays, runwayDays: dryDate === null ? null : daysBetween(today, dryDate) },
    expectedFraction: totalWorkdays > 0 ? workdaysElapsed / totalWorkdays : 0,
    burn: { ratePerDay: last24h, avgPerDay: spentToDate / (dayIndex + 1) },
    days: dates.map((date, i) => ({
      date,
      spend: spend[i]!,
      workday: isWorkday[i]!,
      holiday: holidays.has(date),
      isToday: i === dayIndex,
      isFuture: i > dayIndex,
      // Past days show the budget as it stood that morning, so the line is what was really allowed.
      dailyBudgetLine: !isWorkday[i]
        ? null
        : i < dayIndex
          ? Math.max(0, (budget - spentBefore[i]!) / workdaysFrom[i]!)
          : dailyBudget,
    })),
  };
}

/** Rejects settings that would otherwise surface as NaN or be silently ignored. */
function assertValid({ today, last24h, config }: BudgetInput): void {
  if (!isCalendarDate(today)) invalid('today', today, "a 'YYYY-MM-DD' date");
  if (!(Number.isFinite(last24h) && last24h >= 0)) invalid('last24h', last24h, 'a non-negative number');
  if (!(Number.isFinite(config.monthlyBudget) && config.monthlyBudget >= 0)) {
    invalid('monthlyBudget', config.monthlyBudget, 'a non-negative number');
  }
  for (const d of config.workdays) {
    if (!(Number.isInteger(d) && d >= 0 && d <= 6)) invalid('a workday', d, 'a weekday from 0 (Sunday) to 6');
  }
  for (const h of config.holidays) if (!isCalendarDate(h)) invalid('a holiday', h, "a 'YYYY-MM-DD' date");
  const { green, yellow } = config.thresholds;
  if (!(Number.isFinite(green) && Number.isFinite(yellow))) {
    invalid('thresholds', config.thresholds, 'finite fractions');
  }
}

/**
 * Where the forecast's average starts before the period: far enough back that it reads
 * FORECAST_WORKDAYS workdays with those the period already has, not before the first day
 * with any spend, and at most FORECAST_LOOKBACK_DAYS before the period.
 */
function forecastStart(start: string, daily: ReadonlyMap<string, number>, isWorkday: (d: string) => boolean, elapsed: number): { from: string; workdays: number } {
  let first: string | null = null;
  for (const [d, v] of daily) if (v > 0 && d < start && (first === null || d < first)) first = d;
  let from = start;
  let workdays = 0;
  const limit = addDays(start, -FORECAST_LOOKBACK_DAYS);
  while (first !== null && elapsed + workdays < FORECAST_WORKDAYS) {
    const d = addDays(from, -1);
    if (d < limit || d < first) break;
    from = d;
    if (isWorkday(d)) workdays++;
  }
  return { from, workdays };
}

/** Only the period's own dates and those the forecast reads are used, so older history cannot break today's figures. */
function spendOn(daily: ReadonlyMap<string, number>, date: string): number {
  const amount = daily.get(date) ?? 0;
  if (!(Number.isFinite(amount) && amount >= 0)) invalid(`spend on ${date}`, amount, 'a non-negative number');
  return amount;
}

function invalid(what: string, value: unknown, expected: string): never {
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw new RangeError(`${what} is ${shown}, expected ${expected}`);
}
