// The 5-hour and 7-day quota figures, from the readings Claude Code hands the status line.
// As the budget monitors that read the rate-limit headers do: the burn rate is what has
// been used since the window opened, over the time since then, and the exhaustion time
// extends that line to 100%. Pure: the time is an input.

import { QUOTA_WINDOW_LENGTHS, type QuotaReading, type QuotaWindow } from '../sources/types.js';

export type { QuotaReading, QuotaWindow };

export const QUOTA_WINDOWS: { window: QuotaWindow; label: string; lengthMs: number; rateUnitMs: number; rateUnit: 'hour' | 'day' }[] = [
  { window: 'five_hour', label: '5h', lengthMs: QUOTA_WINDOW_LENGTHS.five_hour, rateUnitMs: 3_600_000, rateUnit: 'hour' },
  { window: 'seven_day', label: '7d', lengthMs: QUOTA_WINDOW_LENGTHS.seven_day, rateUnitMs: 86_400_000, rateUnit: 'day' },
  { window: 'codex_five_hour', label: 'Codex 5h', lengthMs: QUOTA_WINDOW_LENGTHS.codex_five_hour, rateUnitMs: 3_600_000, rateUnit: 'hour' },
  { window: 'codex_seven_day', label: 'Codex 7d', lengthMs: QUOTA_WINDOW_LENGTHS.codex_seven_day, rateUnitMs: 86_400_000, rateUnit: 'day' },
];

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
  const reserveMs = exhaustsAt !== null && r.resetsAt !== null ? exhaustsAt - r.resetsAt : null;
  // A window on course to run out before it resets is not fine, whatever it has used so far.
  const byUse: QuotaLevel = used >= t.alarm ? 'alarm' : used >= t.warn ? 'warn' : 'ok';
  const level: QuotaLevel = byUse === 'ok' && reserveMs !== null && reserveMs < 0 ? 'warn' : byUse;
  return {
    window: r.window,
    label: spec.label,
    usedPercentage: used,
    level,
    observedAt: r.ts,
    resetsAt: r.resetsAt,
    resetInMs: r.resetsAt === null || expired ? null : r.resetsAt - nowMs,
    burnRate,
    rateUnit: spec.rateUnit,
    exhaustsAt,
    reserveMs,
    expired,
  };
}
