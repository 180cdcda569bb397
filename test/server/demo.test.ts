import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../server/demo.js';
import { openDb } from '../../store/db.js';
import { startOfDay } from '../../figures/dashboard.js';
import { dateInZone } from '../../core/calendar.js';
import { tempDb } from '../helpers/logs.js';

const UNPRICED = 'claude-experimental-preview';

/** Counts of today's priced and unpriced responses in a demo generated at `now`, and its latest response. */
function demoAt(now: string, tz: string) {
  const nowMs = Date.parse(now);
  const db = openDb(tempDb());
  generateDemo(db, { nowMs, tz });
  const dayStart = startOfDay(dateInZone(nowMs, tz), tz);
  const count = (where: string) => db.prepare(`SELECT count(*) FROM responses WHERE ts >= ? AND ${where}`).pluck().get(dayStart) as number;
  const latest = db.prepare('SELECT max(ts) FROM responses').pluck().get() as number;
  return { nowMs, dayStart, priced: count(`model != '${UNPRICED}'`), unpriced: count(`model = '${UNPRICED}'`), latest };
}

describe('generateDemo', () => {
  it.each([
    ['the first of a month at 00:10, a Tuesday', '2026-12-01T00:10:00Z', 'UTC'],
    ['midnight sharp', '2026-12-01T00:00:00Z', 'UTC'],
    ['a Saturday morning', '2026-11-21T07:30:00Z', 'UTC'],
    ['the first at 00:05 in Kathmandu (UTC+5:45)', '2026-11-30T18:20:00Z', 'Asia/Kathmandu'],
  ])('shows priced and unpriced usage today, none after now: %s', (_when, now, tz) => {
    const d = demoAt(now, tz);
    expect(d.priced).toBeGreaterThan(0);
    expect(d.unpriced).toBeGreaterThan(0);
    expect(d.latest).toBeLessThanOrEqual(d.nowMs);
  });
});
