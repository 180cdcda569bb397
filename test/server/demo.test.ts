import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_BUDGET, DEMO_PRICED_MODELS, demoConfig, generateDemo, UNPRICED_MODEL } from '../../server/demo.js';
import { openDb } from '../../store/db.js';
import { startOfDay } from '../../figures/dashboard.js';
import { addDays, dateInZone, weekday } from '../../core/calendar.js';
import { parseConfig } from '../../core/config.js';
import { loadPriceTable } from '../../core/price-source.js';
import { tempDb } from '../helpers/logs.js';

/** Counts of today's priced and unpriced responses in a demo generated at `now`, and its latest response. */
function demoAt(now: string, tz: string) {
  const nowMs = Date.parse(now);
  const db = openDb(tempDb());
  generateDemo(db, { nowMs, tz });
  const dayStart = startOfDay(dateInZone(nowMs, tz), tz);
  const count = (where: string) => db.prepare(`SELECT count(*) FROM responses WHERE ts >= ? AND ${where}`).pluck().get(dayStart) as number;
  const latest = db.prepare('SELECT max(ts) FROM responses').pluck().get() as number;
  return { db, nowMs, dayStart, priced: count(`model != '${UNPRICED_MODEL}'`), unpriced: count(`model = '${UNPRICED_MODEL}'`), latest };
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

  it.each([
    ['the first of a month at 00:10', '2026-12-01T00:10:00Z', 'UTC', '2026-11-01'],
    ['the last of a 31-day month after a 31-day month', '2026-08-31T16:00:00Z', 'UTC', '2026-07-01'],
    ['the 31st of December', '2026-12-31T12:00:00Z', 'UTC', '2026-11-01'],
    ['the first just after midnight in Auckland (UTC+13)', '2026-11-30T11:05:00Z', 'Pacific/Auckland', '2026-11-01'],
  ])('has usage on every workday of the previous month: %s', (_when, now, tz, previousStart) => {
    const { db } = demoAt(now, tz);
    const today = dateInZone(Date.parse(now), tz);
    const thisStart = `${today.slice(0, 8)}01`;
    const count = db.prepare('SELECT count(*) FROM responses WHERE ts >= ? AND ts < ?').pluck();
    for (let date = previousStart; date < thisStart; date = addDays(date, 1)) {
      if (weekday(date) === 0 || weekday(date) === 6) continue;
      expect(count.get(startOfDay(date, tz), startOfDay(addDays(date, 1), tz)) as number, date).toBeGreaterThan(0);
    }
  });

  it('keeps the bench’s size and span options', () => {
    const small = openDb(tempDb());
    const big = openDb(tempDb());
    const nowMs = Date.parse('2026-11-18T12:00:00Z');
    const smallCount = generateDemo(small, { nowMs, tz: 'UTC', days: 10 });
    const bigCount = generateDemo(big, { nowMs, tz: 'UTC', days: 10, sessionsPerWorkday: 30 });
    expect(bigCount).toBeGreaterThan(3 * smallCount);
    const first = small.prepare('SELECT min(ts) FROM responses').pluck().get() as number;
    expect(first).toBeGreaterThanOrEqual(startOfDay('2026-11-09', 'UTC'));
  });

  it('uses this quarter’s models, each priced by the real price table, and one model without a price', async () => {
    const table = await loadPriceTable({ cacheDir: mkdtempSync(join(tmpdir(), 'runway-cache-')) });
    const { db } = demoAt('2026-11-18T12:00:00Z', 'UTC');
    const models = (db.prepare('SELECT DISTINCT model FROM responses ORDER BY model').pluck().all() as string[]);
    expect(models).toEqual([...DEMO_PRICED_MODELS, UNPRICED_MODEL].sort());
    expect(DEMO_PRICED_MODELS).toEqual(['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-4-5-20251001', 'gpt-5.3-codex']);
    expect(db.prepare("SELECT DISTINCT agent FROM responses ORDER BY agent").pluck().all()).toEqual(['claude-code', 'codex']);
    const at = new Date('2026-11-18T12:00:00Z');
    for (const model of DEMO_PRICED_MODELS) expect(table.lookup(model, at), model).not.toBeNull();
    expect(table.lookup(UNPRICED_MODEL, at)).toBeNull();
  });
});

describe('demoConfig', () => {
  it('is the demo budget in dollars from the 1st, whatever the user’s budget settings', () => {
    const user = parseConfig({
      monthly_budget: 5, budget_unit: 'tokens', reset_day: 15, workdays: ['sat'], holidays: ['2026-11-18'],
      status_thresholds: { green: 0.5, yellow: 0.2 }, quota_thresholds: { warn: 10, alarm: 20 }, scope: 'interactive', cost_mode: 'display',
      currency_symbol: '£', secondary_currency: { code: 'EUR', rate: 0.9 },
    }, 'config.json');
    const defaults = parseConfig({}, 'config.json');
    expect(demoConfig(user)).toEqual({
      ...defaults, monthly_budget: DEMO_BUDGET, budget_unit: 'usd', reset_day: 1,
      currency_symbol: '£', secondary_currency: { code: 'EUR', rate: 0.9 },
    });
    expect(demoConfig(defaults)).toEqual({ ...defaults, monthly_budget: DEMO_BUDGET });
  });
});
