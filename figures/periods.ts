// The weekly and monthly reports, in the shapes of `ccusage weekly --json` and
// `ccusage monthly --json`: the daily rows (already on the report zone's calendar days)
// grouped by the week or month their day falls in.
import { addDays, weekday } from '../core/calendar.js';
import { calendarEntries, reportTotals, type CcusageTotals, type DailyEntry } from './reports.js';
import { unpricedModels, type PricedRow, type UnpricedModel } from './usage.js';

/** ccusage's --start-of-week values, in getUTCDay order. */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

type Entry = Omit<DailyEntry, 'date'>;

export interface WeeklyReport {
  /** `week`: the week's first day, YYYY-MM-DD. */
  weekly: (Entry & { week: string })[];
  totals: CcusageTotals;
  unpriced: UnpricedModel[];
}

export interface MonthlyReport {
  /** `month`: YYYY-MM. */
  monthly: (Entry & { month: string })[];
  totals: CcusageTotals;
  unpriced: UnpricedModel[];
}

/** The first day of the week holding `date`, weeks starting on `start`. */
export function weekStart(date: string, start: Weekday): string {
  return addDays(date, -((weekday(date) - WEEKDAYS.indexOf(start) + 7) % 7));
}

export function weeklyReport(rows: PricedRow[], start: Weekday): WeeklyReport {
  const weekly = calendarEntries(rows, (r) => weekStart(r.date, start)).map(({ key, entry }) => ({ week: key, ...entry }));
  return { weekly, totals: reportTotals(rows), unpriced: unpricedModels(rows) };
}

export function monthlyReport(rows: PricedRow[]): MonthlyReport {
  const monthly = calendarEntries(rows, (r) => r.date.slice(0, 7)).map(({ key, entry }) => ({ month: key, ...entry }));
  return { monthly, totals: reportTotals(rows), unpriced: unpricedModels(rows) };
}
