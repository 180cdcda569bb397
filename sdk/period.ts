// The edges of a user budget's period (day, week from Monday, month) in an IANA zone, with
// Intl: a library must not set process.env.TZ, which core/zones.ts does for the CLI's speed.
import type { Period } from './types.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall-clock fields at `ms`. */
function wall(ms: number, tz: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, min: p.minute!, s: p.second! };
}

/** The instant the zone's clock shows midnight of y-m-d (month and day may run over; Date.UTC carries them). */
function midnight(y: number, m: number, d: number, tz: string): number {
  const target = Date.UTC(y, m - 1, d);
  let guess = target;
  // Two corrections settle every real offset change; a midnight that does not exist (a jump at 00:00) lands just after it.
  for (let i = 0; i < 3; i++) {
    const w = wall(guess, tz);
    const shown = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
    const next = guess + (target - shown);
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

/** [start, end) of the period holding `ms`; null for a per-run budget. */
export function periodRange(period: Period, ms: number, tz: string): { startMs: number; endMs: number } | null {
  if (period === 'run') return null;
  const { y, m, d } = wall(ms, tz);
  if (period === 'day') return { startMs: midnight(y, m, d, tz), endMs: midnight(y, m, d + 1, tz) };
  if (period === 'month') return { startMs: midnight(y, m, 1, tz), endMs: midnight(y, m + 1, 1, tz) };
  const back = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // days since Monday
  return { startMs: midnight(y, m, d - back, tz), endMs: midnight(y, m, d - back + 7, tz) };
}
