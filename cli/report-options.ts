// The options the ccusage-shaped reports share: dates as YYYYMMDD too (ccusage's form),
// --last N days, --order. Each is refused in one line naming the flag and what it takes.
import { addDays, dateInZone, isCalendarDate } from '../core/calendar.js';
import { nowMs } from '../lib/clock.js';
import { UserError, type Context, type Flags } from './context.js';

export interface ListFlags {
  last?: string;
  order?: string;
  breakdown?: boolean;
  'start-of-week'?: string;
  active?: boolean;
  'token-limit'?: string;
}

/** --since and --until as YYYY-MM-DD, from either form; done before the context reads them. */
export function withIsoDates<F extends Flags>(flags: F): F {
  const out = { ...flags };
  for (const name of ['since', 'until'] as const) {
    const value = flags[name];
    if (value === undefined) continue;
    const iso = /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : value;
    if (!isCalendarDate(iso)) throw new UserError(`--${name} ${JSON.stringify(value)}: expected a date YYYY-MM-DD or YYYYMMDD`);
    out[name] = iso;
  }
  return out;
}

/** The days --last N stands for (the last N, ending today), to default --since and --until. */
export function lastDays(ctx: Context, flags: ListFlags): { since?: string; until?: string } {
  if (flags.last === undefined) return {};
  if (!/^\d+$/.test(flags.last) || Number(flags.last) < 1 || Number(flags.last) > 100_000) {
    throw new UserError(`--last ${JSON.stringify(flags.last)}: expected a whole number of days, 1 or more`);
  }
  if (ctx.flags.since !== undefined || ctx.flags.until !== undefined) throw new UserError('--last goes without --since and --until: it sets both');
  const today = dateInZone(nowMs(ctx.env), ctx.tz);
  return { since: addDays(today, 1 - Number(flags.last)), until: today };
}

/** --order asc|desc (default asc, as ccusage), checked before the scan. */
export function listOrder(flags: ListFlags): 'asc' | 'desc' {
  const order = flags.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new UserError(`--order ${JSON.stringify(order)}: expected asc or desc`);
  return order;
}

/** `rows` in report order (oldest first), reversed for desc. */
export function ordered<T>(rows: T[], order: 'asc' | 'desc'): T[] {
  return order === 'desc' ? [...rows].reverse() : rows;
}
