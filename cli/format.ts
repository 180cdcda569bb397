import pc from 'picocolors';
import { money } from '../web/format.js';

export { pc };
// The page's rule for a second currency, so the terminal rounds and marks it the same.
export { converted } from '../web/format.js';

/** Exact counts with thousands separators (no Intl: loading its data costs ~40 ms a command). */
export function n(value: number): string {
  if (!Number.isFinite(value)) return notFinite(value);
  const whole = Math.round(value);
  return `${whole < 0 ? '-' : ''}${grouped(digits(Math.abs(whole)))}`;
}

/** Short token counts for narrow tables: 1,234 → 1.2k, 27,982,462 → 28.0M. */
export function short(value: number): string {
  if (!Number.isFinite(value)) return notFinite(value);
  const abs = Math.abs(value);
  if (abs < 10_000) return n(value);
  if (abs < 1e6) return `${(value / 1e3).toFixed(1)}k`;
  if (abs < 1e9) return `${(value / 1e6).toFixed(1)}M`;
  if (abs < 1e12) return `${(value / 1e9).toFixed(2)}B`;
  // Past a trillion, whole billions: 1,500B reads better than 1500.00B.
  return `${n(value / 1e9)}B`;
}

/** Dollars and cents with thousands separators: the page's and the report's own money rule. */
export function usd(value: number, symbol = '$'): string {
  return money(value, symbol);
}

/** The decimal digits of a whole number ≥ 0, never in exponent notation (String(1e21) is "1e+21"). */
function digits(whole: number): string {
  const [mantissa, exponent] = String(whole).split('e+') as [string, string?];
  return exponent === undefined ? mantissa : mantissa.replace('.', '').padEnd(Number(exponent) + 1, '0');
}

function grouped(digitString: string): string {
  return digitString.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A figure that overflowed or is undefined still prints as something a person can read. */
function notFinite(value: number): string {
  return Number.isNaN(value) ? 'n/a' : `${value < 0 ? '-' : ''}∞`;
}

/** A cost cell that never shows unpriced usage as $0. */
export function costCell(cost: number, unpricedResponses: number): string {
  return unpricedResponses > 0 ? `${usd(cost)} ${pc.yellow('+?')}` : usd(cost);
}

export interface Column {
  head: string;
  align?: 'left' | 'right';
}

/** A table that fits 80 columns: cli-table3 is loaded only when a table is printed. */
export async function table(columns: Column[], rows: string[][]): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const t = new Table({
    head: columns.map((c) => c.head),
    colAligns: columns.map((c) => c.align ?? 'right'),
    style: { head: pc.isColorSupported ? ['cyan'] : [], border: pc.isColorSupported ? ['gray'] : [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  t.push(...rows);
  return t.toString();
}

/** Shortens long strings (paths, model names) from the left, keeping the informative end. */
export function tail(s: string, max: number): string {
  return s.length <= max ? s : `…${s.slice(s.length - max + 1)}`;
}

/**
 * A countdown in two units at most, rounded down so it never overstates: 2d 20h, 1h 42m, 45m.
 * `compact` (a status bar) drops the space and pads the second unit: 2d20h, 1h05m.
 */
export function countdown(ms: number, compact = false): string {
  const m = Math.floor(Math.abs(ms) / 60_000);
  const [gap, pad] = compact ? ['', 2] : [' ', 1];
  if (m >= 24 * 60) return `${Math.floor(m / 1440)}d${gap}${Math.floor((m % 1440) / 60)}h`;
  if (m >= 60) return `${Math.floor(m / 60)}h${gap}${String(m % 60).padStart(pad, '0')}m`;
  return `${m}m`;
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** One block character per value, scaled to the largest. */
export function sparkline(values: number[]): string {
  const max = Math.max(...values);
  return values.map((v) => (max > 0 ? SPARKS[Math.min(SPARKS.length - 1, Math.floor((v / max) * SPARKS.length))]! : SPARKS[0]!)).join('');
}

/** 2026-11-05 → Nov 5. */
export const monthDay = (date: string) =>
  `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
