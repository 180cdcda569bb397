// The 5-hour and 7-day quota figures, from the readings Claude Code hands the status line.
// As the budget monitors that read the rate-limit headers do: the burn rate is what has
// been used since the window opened, over the time since then, and the exhaustion time
// extends that line to 100%. Pure: the time is an input.

export type QuotaWindow = 'five_hour' | 'seven_day';

export const QUOTA_WINDOWS: { window: QuotaWindow; label: string; lengthMs: number; rateUnitMs: number; rateUnit: 'hour' | 'day' }[] = [
  { window: 'five_hour', label: '5h', lengthMs: 5 * 3_600_000, rateUnitMs: 3_600_000, rateUnit: 'hour' },
  { window: 'seven_day', label: '7d', lengthMs: 7 * 86_400_000, rateUnitMs: 86_400_000, rateUnit: 'day' },
];

export interface QuotaReading {
  window: QuotaWindow;
  /** When it was received, ms. */
  ts: number;
  usedPercentage: number;
  /** When the window resets, ms; null when Claude Code did not say. */
  resetsAt: number | null;
}

export type QuotaLevel = 'ok' | 'warn' | 'alarm';

export interface QuotaFigures {
  window: QuotaWindow;
  label: string;
  usedPercentage: number;
  level: QuotaLevel;
  observedAt: number;
  resetsAt: number | null;
  /** ms until the reset; null when unknown. */
  resetInMs: number | null;
  /** Percent per hour (5h) or per day (7d); null until something is used or without a reset time. */
  burnRate: number | null;
  rateUnit: 'hour' | 'day';
  /** When 100% is reached at this burn rate; null when it is not burning. */
  exhaustsAt: number | null;
  /** Exhaustion minus reset: positive is time to spare, negative is how long before the reset the limit is hit. */
  reserveMs: number | null;
  /** The window has reset since this reading: the percentage is from the window before. */
  expired: boolean;
}

export interface QuotaThresholds {
  warn: number;
  alarm: number;
}

/** Below this a rate is noise (BudMon shows none either). */
const MIN_USED = 0.01;

export function quotaFigures(r: QuotaReading, nowMs: number, t: QuotaThresholds): QuotaFigures {
  const spec = QUOTA_WINDOWS.find((w) => w.window === r.window)!;
  const expired = r.resetsAt !== null && r.resetsAt <= nowMs;
  const used = r.usedPercentage;
  let burnRate: number | null = null;
  let exhaustsAt: number | null = null;
  if (r.resetsAt !== null && !expired && used >= MIN_USED) {
    const opened = r.resetsAt - spec.lengthMs;
    const elapsed = r.ts - opened;
    if (elapsed > 0) {
      const perMs = used / elapsed;
      burnRate = perMs * spec.rateUnitMs;
      exhaustsAt = used >= 100 ? r.ts : r.ts + (100 - used) / perMs;
    }
  }
  return {
    window: r.window,
    label: spec.label,
    usedPercentage: used,
    level: used >= t.alarm ? 'alarm' : used >= t.warn ? 'warn' : 'ok',
    observedAt: r.ts,
    resetsAt: r.resetsAt,
    resetInMs: r.resetsAt === null || expired ? null : r.resetsAt - nowMs,
    burnRate,
    rateUnit: spec.rateUnit,
    exhaustsAt,
    reserveMs: exhaustsAt !== null && r.resetsAt !== null ? exhaustsAt - r.resetsAt : null,
    expired,
  };
}

/**
 * The rate_limits object of the status line's input, as readings. Absent on Claude Code
 * before 2.1.80 and for API-key users, so absence is normal and yields no readings.
 * `resets_at` is Unix seconds; milliseconds and ISO strings are accepted too.
 */
export function parseRateLimits(input: unknown, nowMs: number): QuotaReading[] {
  if (!isObject(input) || !isObject(input.rate_limits)) return [];
  const limits = input.rate_limits;
  const out: QuotaReading[] = [];
  for (const { window, lengthMs } of QUOTA_WINDOWS) {
    const w = limits[window];
    if (!isObject(w)) continue;
    const used = w.used_percentage;
    if (typeof used !== 'number' || !Number.isFinite(used) || used < 0) continue;
    out.push({ window, ts: nowMs, usedPercentage: Math.min(used, 1000), resetsAt: plausible(resetTime(w.resets_at), nowMs, lengthMs) });
  }
  return out;
}

/** Earlier resets are not times at all (a zeroed clock, a counter in the wrong unit). */
const EARLIEST_RESET_MS = Date.UTC(2000, 0, 1);
/** A window resets at most its length after the reading; this much more allows for clock skew. */
const RESET_SLACK_MS = 3_600_000;

/** A reset time the window can have, else unknown: 9999999999999999999999 would count down for millennia. */
function plausible(resetsAt: number | null, nowMs: number, lengthMs: number): number | null {
  if (resetsAt === null || resetsAt < EARLIEST_RESET_MS || resetsAt > nowMs + lengthMs + RESET_SLACK_MS) return null;
  return resetsAt;
}

function resetTime(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v < 1e12 ? Math.round(v * 1000) : Math.round(v);
  if (typeof v === 'string') {
    const ms = /^\d+(\.\d+)?$/.test(v) ? resetTime(Number(v)) : Date.parse(v);
    return ms !== null && Number.isFinite(ms) ? ms : null;
  }
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
