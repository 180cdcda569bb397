// Invoice anchors: how far local cost estimates drift from what was actually billed.
// Informational only; nothing here corrects the displayed figures.

import { isRecord } from '../lib/record.js';
import { isCalendarDate } from './calendar.js';

export type CalibrationResult =
  | { ok: true; driftFraction: number | null; entries: number; note: string | null }
  | { ok: false; error: string };

/** Drifts smaller than this (0.05%) round to "match" rather than "0.0% below". */
const MATCH_TOLERANCE = 0.0005;

/**
 * Reads `{ "calibrations": [{ "date", "actual_spend", "local_estimate" }] }`. One bad
 * entry rejects the whole file: a silently skipped anchor would skew the average.
 */
export function parseCalibration(raw: unknown, file: string): CalibrationResult {
  const error = (path: string, value: unknown, expected: string): CalibrationResult => ({
    ok: false,
    error: `${file}: ${path} is ${show(value)}, expected ${expected}`,
  });
  if (!isRecord(raw)) return error('the top level', raw, 'an object with a "calibrations" array');
  const list = raw['calibrations'];
  if (!Array.isArray(list)) return error('calibrations', list, 'an array');

  let driftSum = 0;
  for (const [i, entry] of list.entries()) {
    const at = `calibrations[${i}]`;
    if (!isRecord(entry)) return error(at, entry, 'an object');
    const { date, actual_spend: actual, local_estimate: local } = entry;
    if (typeof date !== 'string' || !isCalendarDate(date)) return error(`${at}.date`, date, "a 'YYYY-MM-DD' date");
    if (typeof actual !== 'number' || !Number.isFinite(actual) || actual < 0) {
      return error(`${at}.actual_spend`, actual, 'a number >= 0');
    }
    // Drift is relative to the local figure, so it has to be above zero.
    if (typeof local !== 'number' || !Number.isFinite(local) || local <= 0) {
      return error(`${at}.local_estimate`, local, 'a number > 0');
    }
    driftSum += (actual - local) / local;
  }

  if (list.length === 0) return { ok: true, driftFraction: null, entries: 0, note: null };
  const driftFraction = driftSum / list.length;
  return { ok: true, driftFraction, entries: list.length, note: noteFor(driftFraction) };
}

/** Positive drift means the invoice came in higher, so the local estimates run below it. */
function noteFor(drift: number): string {
  if (Math.abs(drift) < MATCH_TOLERANCE) return 'local estimates match invoices';
  return `local estimates track ${(Math.abs(drift) * 100).toFixed(1)}% ${drift > 0 ? 'below' : 'above'} invoice`;
}

/** The offending value, cut short so a whole mistaken file never lands in one message. */
function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text =
    typeof value === 'number' || typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
