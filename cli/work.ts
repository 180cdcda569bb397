// The responses of the range a "where the money goes" command looks at (where, optimize,
// compare), with their turns: --since/--until when given, else the current billing period.
import { addDays, dateInZone, periodFor } from '../core/calendar.js';
import { startOfDay } from '../figures/dashboard.js';
import { readWork, type Work } from '../figures/where.js';
import type { Pricing } from '../figures/usage.js';
import { nowMs } from '../lib/clock.js';
import { pricing, scanFirst, usageQuery, type Context } from './context.js';

export interface WorkRange {
  since: string;
  /** Inclusive. */
  until: string;
  fromMs: number;
  toMs: number;
}

export interface RangeWork {
  range: WorkRange;
  work: Work;
  pricing: Pricing;
}

export function workRange(ctx: Context): WorkRange {
  const q = usageQuery(ctx);
  const now = nowMs(ctx.env);
  const today = dateInZone(now, ctx.tz);
  const period = periodFor(today, ctx.config.reset_day);
  const since = q.since ?? (q.until ? '2000-01-01' : period.start);
  const until = q.until ?? today;
  return { since, until, fromMs: startOfDay(since, ctx.tz), toMs: startOfDay(addDays(until, 1), ctx.tz) };
}

export async function rangeWork(ctx: Context): Promise<RangeWork> {
  const range = workRange(ctx);
  const p = await pricing(ctx);
  scanFirst(ctx);
  const q = usageQuery(ctx);
  return { range, pricing: p, work: readWork(ctx.db, { scope: q.scope, agents: q.agents, project: q.project }, range.fromMs, range.toMs, p) };
}
