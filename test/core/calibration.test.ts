import { describe, expect, it } from 'vitest';
import { parseCalibration } from '../../core/calibration.js';

const FILE = '/home/me/.config/runway/calibration.json';

const entry = (actual: number, local: number, date = '2026-05-13') => ({
  date,
  actual_spend: actual,
  local_estimate: local,
});

describe('parseCalibration', () => {
  it.each([
    ['invoice above the estimate', [entry(47.23, 44.8)], 2.43 / 44.8, 'local estimates track 5.4% below invoice'],
    ['invoice below the estimate', [entry(95, 100)], -0.05, 'local estimates track 5.0% above invoice'],
    // Per-entry drifts +20% and −50% average to −15%; pooling the sums (130 vs 120) would say +8.3%.
    [
      'the mean of per-entry drifts, not of pooled sums',
      [entry(120, 100), entry(10, 20, '2026-06-13')],
      -0.15,
      'local estimates track 15.0% above invoice',
    ],
    ['drift under 0.05% is a match', [entry(100.04, 100)], 0.0004, 'local estimates match invoices'],
    [
      'opposite drifts cancel to a match',
      [entry(110, 100), entry(90, 100, '2026-06-13')],
      0,
      'local estimates match invoices',
    ],
    ['an actual spend of 0 is allowed', [entry(0, 50)], -1, 'local estimates track 100.0% above invoice'],
  ])('%s', (_name, calibrations, drift, note) => {
    const result = parseCalibration({ calibrations }, FILE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.driftFraction).toBeCloseTo(drift, 12);
    expect(result.entries).toBe(calibrations.length);
    expect(result.note).toBe(note);
  });

  it('an empty list has no drift and no note', () => {
    expect(parseCalibration({ calibrations: [] }, FILE)).toEqual({
      ok: true,
      driftFraction: null,
      entries: 0,
      note: null,
    });
  });

  it.each([
    [
      'a zero local estimate, even after good entries',
      { calibrations: [entry(10, 10), entry(11, 10), { date: '2026-05-13', actual_spend: 5, local_estimate: 0 }] },
      `${FILE}: calibrations[2].local_estimate is 0, expected a number > 0`,
    ],
    [
      'a negative local estimate',
      { calibrations: [{ date: '2026-05-13', actual_spend: 5, local_estimate: -4 }] },
      `${FILE}: calibrations[0].local_estimate is -4, expected a number > 0`,
    ],
    [
      'a numeric string',
      { calibrations: [{ date: '2026-05-13', actual_spend: '12', local_estimate: 10 }] },
      `${FILE}: calibrations[0].actual_spend is "12", expected a number >= 0`,
    ],
    [
      'a missing key',
      { calibrations: [entry(1, 1), { date: '2026-05-14', local_estimate: 10 }] },
      `${FILE}: calibrations[1].actual_spend is missing, expected a number >= 0`,
    ],
    [
      'an impossible date',
      { calibrations: [entry(1, 1, '2026-02-30')] },
      `${FILE}: calibrations[0].date is "2026-02-30", expected a 'YYYY-MM-DD' date`,
    ],
    [
      'an entry that is not an object',
      { calibrations: [null] },
      `${FILE}: calibrations[0] is null, expected an object`,
    ],
    [
      'a missing list',
      { calibration: [] },
      `${FILE}: calibrations is missing, expected an array`,
    ],
    [
      'a top level that is a list',
      [entry(1, 1)],
      `${FILE}: the top level is [{"date":"2026-05-13","actual_spend":1,"local_estimate":1}], expected an object with a "calibrations" array`,
    ],
    [
      'a long value, cut short in the message',
      'x'.repeat(100),
      `${FILE}: the top level is "${'x'.repeat(56)}..., expected an object with a "calibrations" array`,
    ],
  ])('rejects the whole file for %s', (_name, raw, error) => {
    expect(parseCalibration(raw, FILE)).toEqual({ ok: false, error });
  });
});
