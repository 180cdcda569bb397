// What Claude Code hands its status line on stdin (JSON): the session, its transcript and,
// from 2.1.80 on subscriptions, the quota windows' use. Read where it arrives and checked
// like any log value; anything else in it is ignored.
import { QUOTA_WINDOW_LENGTHS, type QuotaReading, type QuotaWindow } from '../types.js';
import { validText } from '../limits.js';
import { isRecord } from '../../lib/record.js';

export interface StatusLineInput {
  sessionId: string | null;
  transcriptPath: string | null;
  readings: QuotaReading[];
}

/** The input, or empty fields when it is not a JSON object: a status line must still print. */
export function parseStatusLineInput(text: string | null, nowMs: number): StatusLineInput {
  let input: unknown = null;
  try {
    if (text !== null) input = JSON.parse(text);
  } catch {
    input = null;
  }
  const o = isRecord(input) ? input : {};
  return { sessionId: validText(o.session_id), transcriptPath: validText(o.transcript_path), readings: parseRateLimits(o, nowMs) };
}

/**
 * The rate_limits object of the status line's input, as readings. Absent on Claude Code
 * before 2.1.80 and for API-key users, so absence is normal and yields no readings.
 * `resets_at` is Unix seconds; milliseconds and ISO strings are accepted too.
 */
function parseRateLimits(input: unknown, nowMs: number): QuotaReading[] {
  if (!isRecord(input) || !isRecord(input.rate_limits)) return [];
  const limits = input.rate_limits;
  const out: QuotaReading[] = [];
  for (const [window, lengthMs] of Object.entries(QUOTA_WINDOW_LENGTHS) as [QuotaWindow, number][]) {
    const w = limits[window];
    if (!isRecord(w)) continue;
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
