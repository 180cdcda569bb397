// Calendar dates as 'YYYY-MM-DD' strings. The arithmetic runs on UTC midnights so
// neither the process time zone nor a DST change can shift a date; the only place a
// zone enters is dateInZone, which turns an instant into the date people see there.
import { useZone } from './zones.js';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real 'YYYY-MM-DD' date (rejects 2026-02-30 and other overflowing days). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo - 1);
}

export function addDays(date: string, n: number): string {
  return format(parse(date) + n * DAY_MS);
}

/** Whole days from a to b: positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((parse(b) - parse(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(parse(date)).getUTCDay();
}

/** The calendar date of an instant in an IANA zone. Throws RangeError for an unknown zone. */
export function dateInZone(ms: number, tz: string): string {
  useZone(tz);
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The billing period holding `today`: it starts on `resetDay` of a month, clamped to
 * that month's last day (31 → Feb 28/29, Apr 30), and ends where the next one starts.
 */
export function periodFor(today: string, resetDay: number): { start: string; end: string /* exclusive */ } {
  if (!Number.isInteger(resetDay) || resetDay < 1 || resetDay > 31) {
    throw new RangeError(`reset day must be a whole number from 1 to 31, got ${resetDay}`);
  }
  const t = new Date(parse(today));
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  const thisMonth = resetIn(y, m, resetDay);
  if (today >= thisMonth) return { start: thisMonth, end: resetIn(y, m + 1, resetDay) };
  return { start: resetIn(y, m - 1, resetDay), end: thisMonth };
}

/** The reset date in month m of year y (m may run past 0..11; Date.UTC carries the year). */
function resetIn(y: number, m: number, resetDay: number): string {
  const first = new Date(Date.UTC(y, m, 1));
  const day = Math.min(resetDay, daysInMonth(first.getUTCFullYear(), first.getUTCMonth()));
  return format(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), day));
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
}

function parse(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`expected a 'YYYY-MM-DD' date, got ${JSON.stringify(date)}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
