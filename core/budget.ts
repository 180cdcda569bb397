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
  /** The instant itself, for the runway's end time. */
  nowMs: number;
  /** Spend per calendar date; dates outside the period are ignored. */
  daily: ReadonlyMap<string, number>;
  /** Spend in the 24 hours before nowMs. */
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

export interface BurnRate {
  /** Spend in the last 24 hours. */
  ratePerDay: number;
  /** Spend to date over the calendar days elapsed, today included. */
  avgPerDay: number;
  /** Days until the remaining budget is gone at ratePerDay; null when the rate is 0 (never). */
  runwayDays: number | null;
  /**
   * Today plus the whole days of runway: never later than the instant's own date, so it
   * errs early. Null when the rate is 0 or the runway is over a century.
   */
  runwayDate: string | null;
  runwayEndsAtMs: number | null;
  /** The runway reaches the next reset. */
  lastsPeriod: boolean;
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
  avgWorkdaySpend: number;
  projectedSpend: number;
  projectedSurplus: number;
  status: BudgetStatus;
  /** When red: the first workday on which spend at the current pace passes the budget. */
  dryDate: string | null;
  /** Share of the period's workdays already behind us: the pace marker. */
  expectedFraction: number;
  burn: BurnRate;
  days: BudgetDay[];
}

const DAY_MS = 86_400_000;
const RUNWAY_HORIZON_DAYS = 36_500;

export function computeBudget(input: BudgetInput): BudgetSummary {
  assertValid(input);
  const { today, nowMs, daily, last24h, config } = input;
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
  // Today is left out because it is still running.
  const avgWorkdaySpend = spentBeforeToday / Math.max(1, workdaysElapsed);

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

  // The same walk as the projection, stopped where it passes the budget.
  let dryDate: string | null = null;
  if (status === 'red') {
    let cumulative = spentBeforeToday + todayProjected;
    if (cumulative > budget) dryDate = today;
    for (let i = dayIndex + 1; dryDate === null && i < dayCount; i++) {
      if (!isWorkday[i]) continue;
      cumulative += avgWorkdaySpend;
      if (cumulative > budget) dryDate = dates[i]!;
    }
  }

  const runwayDays = remaining <= 0 ? 0 : last24h > 0 ? remaining / last24h : null;
  // A trickle of spend can put the date past any calendar; that far out it is "never".
  const runwayDate =
    runwayDays === null || runwayDays > RUNWAY_HORIZON_DAYS ? null : addDays(today, Math.floor(runwayDays));

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
    expectedFraction: totalWorkdays > 0 ? workdaysElapsed / totalWorkdays : 0,
    burn: {
      ratePerDay: last24h,
      avgPerDay: spentToDate / (dayIndex + 1),
      runwayDays,
      runwayDate,
      runwayEndsAtMs: runwayDays === null ? null : nowMs + runwayDays * DAY_MS,
      lastsPeriod: runwayDate === null || runwayDate >= end,
    },
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
function assertValid({ today, nowMs, last24h, config }: BudgetInput): void {
  if (!isCalendarDate(today)) invalid('today', today, "a 'YYYY-MM-DD' date");
  if (!Number.isFinite(nowMs)) invalid('nowMs', nowMs, 'a finite number');
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

/** Only the period's own dates are read, so older history cannot break today's figures. */
function spendOn(daily: ReadonlyMap<string, number>, date: string): number {
  const amount = daily.get(date) ?? 0;
  if (!(Number.isFinite(amount) && amount >= 0)) invalid(`spend on ${date}`, amount, 'a non-negative number');
  return amount;
}

function invalid(what: string, value: unknown, expected: string): never {
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw new RangeError(`${what} is ${shown}, expected ${expected}`);
}
