// The options the ccusage-shaped reports share: --last N days, --order (dates as YYYYMMDD
// are every report's: cli/context.ts usageQuery). Each is refused in one line naming the flag and what it takes.
import { addDays, dateInZone } from '../core/calendar.js';
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
