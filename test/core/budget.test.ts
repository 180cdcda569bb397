import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeBudget, type BudgetConfig, type BudgetInput, type BudgetSummary } from '../../core/budget.js';
import { addDays, dateInZone, daysBetween, periodFor, weekday } from '../../core/calendar.js';

// March 2026 starts on a Sunday and has 22 workdays (Mon–Fri); most cases live there.

function input(
  today: string,
  spend: Record<string, number>,
  overrides: Partial<BudgetConfig> = {},
  last24h = 0,
): BudgetInput {
  return {
    today,
    daily: new Map(Object.entries(spend)),
    last24h,
    config: {
      monthlyBudget: 440,
      unit: 'usd',
      resetDay: 1,
      workdays: [1, 2, 3, 4, 5],
      holidays: [],
      thresholds: { green: 0.1, yellow: 0 },
      ...overrides,
    },
  };
}

// Six workdays of 20 up to Mon 2026-03-09, then 10 so far on Tue 2026-03-10.
const TWENTY_A_WORKDAY = {
  '2026-03-02': 20,
  '2026-03-03': 20,
  '2026-03-04': 20,
  '2026-03-05': 20,
  '2026-03-06': 20,
  '2026-03-09': 20,
  '2026-03-10': 10,
};

const FEBRUARY_2026 = Array.from({ length: 28 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`);

type Figures = Record<string, number | string | boolean | null>;

/** Compares figures by dotted path; numbers to 9 decimals, since spend sums are floating point. */
function expectFigures(summary: BudgetSummary, figures: Figures): void {
  for (const [path, want] of Object.entries(figures)) {
    const got = path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], summary);
    if (typeof want === 'number') expect(got, path).toBeCloseTo(want, 9);
    else expect(got, path).toBe(want);
  }
}

function numbersIn(value: unknown, path: string, out: [string, number][]): [string, number][] {
  if (typeof value === 'number') out.push([path, value]);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) numbersIn(v, `${path}.${k}`, out);
  }
  return out;
}

describe('calendar', () => {
  it.each([
    ['2026-03-10', 15, '2026-02-15', '2026-03-15'],
    ['2026-03-15', 15, '2026-03-15', '2026-04-15'],
    ['2026-03-01', 31, '2026-02-28', '2026-03-31'],
    ['2026-03-31', 31, '2026-03-31', '2026-04-30'],
    ['2026-04-29', 31, '2026-03-31', '2026-04-30'],
    ['2026-04-30', 31, '2026-04-30', '2026-05-31'],
    ['2024-02-29', 31, '2024-02-29', '2024-03-31'],
    ['2024-02-28', 30, '2024-01-30', '2024-02-29'],
    ['2026-12-31', 1, '2026-12-01', '2027-01-01'],
    ['2026-01-05', 10, '2025-12-10', '2026-01-10'],
  ])('periodFor(%s, reset day %i) is %s..%s', (today, resetDay, start, end) => {
    expect(periodFor(today, resetDay)).toEqual({ start, end });
  });

  it.each([0, 32, 1.5])('periodFor rejects reset day %s', (resetDay) => {
    expect(() => periodFor('2026-03-10', resetDay)).toThrow(RangeError);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-07', 2, '2026-03-09'],
  ])('addDays(%s, %i) is %s', (date, n, want) => {
    expect(addDays(date, n)).toBe(want);
  });

  it.each([
    ['2026-02-15', '2026-03-15', 28],
    ['2024-02-15', '2024-03-15', 29],
    ['2026-03-15', '2026-02-15', -28],
    ['2026-10-01', '2026-11-01', 31],
  ])('daysBetween(%s, %s) is %i', (a, b, want) => {
    expect(daysBetween(a, b)).toBe(want);
  });

  it.each([
    ['2026-03-01', 0],
    ['2026-03-07', 6],
    ['2026-03-31', 2],
    ['2024-02-29', 4],
  ])('weekday(%s) is %i', (date, want) => {
    expect(weekday(date)).toBe(want);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-3-1', ''])('rejects the non-date %j', (date) => {
    expect(() => addDays(date, 1)).toThrow(RangeError);
  });

  it.each([
    // New York springs forward at 02:00 on 2026-03-08: UTC−5 before, UTC−4 after.
    ['2026-03-08T04:59:59Z', 'America/New_York', '2026-03-07'],
    ['2026-03-08T05:00:00Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T03:59:59Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T04:00:00Z', 'America/New_York', '2026-03-09'],
    // Berlin falls back at 03:00 on 2026-10-25: UTC+2 before, UTC+1 after.
    ['2026-10-24T21:59:59Z', 'Europe/Berlin', '2026-10-24'],
    ['2026-10-24T22:00:00Z', 'Europe/Berlin', '2026-10-25'],
    ['2026-10-25T22:59:59Z', 'Europe/Berlin', '2026-10-25'],
    ['2026-10-25T23:00:00Z', 'Europe/Berlin', '2026-10-26'],
    ['2026-10-25T23:00:00Z', 'UTC', '2026-10-25'],
  ])('dateInZone(%s, %s) is %s', (iso, tz, want) => {
    expect(dateInZone(Date.parse(iso), tz)).toBe(want);
  });

  it('dateInZone rejects an unknown zone', () => {
    expect(() => dateInZone(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

// The process zone must not leak into date arithmetic: run the DST periods under it.
describe.each(['America/New_York', 'Europe/Berlin'])('with the process running in %s', (zone) => {
  const saved = process.env['TZ'];
  beforeAll(() => {
    process.env['TZ'] = zone;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  });

  it.each([
    ['2026-03-09', 1, '2026-03-01', '2026-03-31', 31, 8, ['2026-03-07', '2026-03-08', '2026-03-09']],
    ['2026-03-08', 8, '2026-03-08', '2026-04-07', 31, 0, ['2026-03-08', '2026-03-09', '2026-03-10']],
    ['2026-10-26', 1, '2026-10-01', '2026-10-31', 31, 25, ['2026-10-24', '2026-10-25', '2026-10-26']],
    ['2026-10-25', 25, '2026-10-25', '2026-11-24', 31, 0, ['2026-10-25', '2026-10-26', '2026-10-27']],
  ])(
    'today %s, reset day %i: %s..%s has %i days, today at %i',
    (today, resetDay, start, lastDay, days, dayIndex, around) => {
      const s = computeBudget(input(today, {}, { resetDay }));
      expect(s.period).toMatchObject({ start, lastDay, days, dayIndex });
      expect(s.days).toHaveLength(days);
      expect(s.days[0]?.date).toBe(start);
      expect(s.days.at(-1)?.date).toBe(lastDay);
      const k = s.days.findIndex((d) => d.date === around[0]);
      expect(s.days.slice(k, k + 3).map((d) => d.date)).toEqual(around);
    },
  );

  it.each([
    ['2026-03-07', 1, '2026-03-08'],
    ['2026-03-08', 1, '2026-03-09'],
    ['2026-03-09', -1, '2026-03-08'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-10-26', -1, '2026-10-25'],
  ])('addDays(%s, %i) is %s', (date, n, want) => {
    expect(addDays(date, n)).toBe(want);
  });

  it('counts days and weekdays across the change', () => {
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
    expect(weekday('2026-03-08')).toBe(0);
    expect(weekday('2026-10-25')).toBe(0);
  });
});

describe('computeBudget', () => {
  const rows: [string, BudgetInput, Figures][] = [
    [
      'formula fix, first workday Mon 2026-03-02 with 10 spent: daily 20, runway 10 (source formula: 430 ÷ 21 = 20.48, runway 10.48)',
      input('2026-03-02', { '2026-03-02': 10 }),
      {
        'period.start': '2026-03-01',
        'period.end': '2026-04-01',
        'period.lastDay': '2026-03-31',
        'period.resetDay': 1,
        'period.days': 31,
        'period.dayIndex': 1,
        totalWorkdays: 22,
        workdaysElapsed: 0,
        workdaysRemaining: 22,
        todayIsWorkday: true,
        spentBeforeToday: 0,
        spentToday: 10,
        dailyBudget: 20,
        todaysRunway: 10,
        todaysRunwayFraction: 0.5,
        avgWorkdaySpend: 0,
        projectedSpend: 10,
        status: 'green',
      },
    ],
    [
      'month end, Tue 2026-03-31 of a 31-day month: daily 240, runway 210 (source formula: 210 ÷ 1, runway 180); weekend spend counts in the average',
      input('2026-03-31', { '2026-03-02': 100, '2026-03-07': 40, '2026-03-16': 60, '2026-03-31': 30 }, {}, 30),
      {
        'period.lastDay': '2026-03-31',
        'period.days': 31,
        'period.dayIndex': 30,
        spentBeforeToday: 200,
        spentToday: 30,
        spentToDate: 230,
        remaining: 210,
        consumedFraction: 230 / 440,
        workdaysElapsed: 21,
        workdaysRemaining: 1,
        dailyBudget: 240,
        todaysRunway: 210,
        avgWorkdaySpend: 200 / 21,
        // Today already beat the average, so it counts at what it spent; no workdays follow.
        projectedSpend: 230,
        projectedSurplus: 210,
        status: 'green',
        dryDate: null,
        expectedFraction: 21 / 22,
        'burn.ratePerDay': 30,
        'burn.avgPerDay': 230 / 31,
        'forecast.from': '2026-03-01',
        'forecast.workdays': 21,
        'forecast.runwayDays': null,
      },
    ],
    [
      'leap February, Thu 2024-02-29: 29 days, 21 workdays',
      input('2024-02-29', { '2024-02-05': 50 }, { monthlyBudget: 210 }),
      {
        'period.start': '2024-02-01',
        'period.end': '2024-03-01',
        'period.lastDay': '2024-02-29',
        'period.days': 29,
        'period.dayIndex': 28,
        totalWorkdays: 21,
        workdaysElapsed: 20,
        workdaysRemaining: 1,
        dailyBudget: 160,
        todaysRunway: 160,
        avgWorkdaySpend: 2.5,
        projectedSpend: 52.5,
        expectedFraction: 20 / 21,
        'burn.avgPerDay': 50 / 29,
      },
    ],
    [
      'reset day 15, Tue 2026-03-10: 2026-02-15..03-15, spend outside the period ignored',
      input(
        '2026-03-10',
        { '2026-02-14': 999, '2026-02-16': 80, '2026-03-09': 40, '2026-03-10': 25, '2026-03-15': 999 },
        { monthlyBudget: 400, resetDay: 15 },
      ),
      {
        'period.start': '2026-02-15',
        'period.end': '2026-03-15',
        'period.lastDay': '2026-03-14',
        'period.resetDay': 15,
        'period.days': 28,
        'period.dayIndex': 23,
        totalWorkdays: 20,
        workdaysElapsed: 16,
        workdaysRemaining: 4,
        spentBeforeToday: 120,
        spentToDate: 145,
        dailyBudget: 70,
        todaysRunway: 45,
        avgWorkdaySpend: 7.5,
        projectedSpend: 167.5,
        expectedFraction: 0.8,
        status: 'green',
      },
    ],
    [
      'reset day 31 clamped to Feb 28, Sun 2026-03-01: Saturday spend is the whole workday average',
      input(
        '2026-03-01',
        { '2026-02-28': 21, '2026-03-31': 1000 },
        { monthlyBudget: 840, resetDay: 31 },
      ),
      {
        'period.start': '2026-02-28',
        'period.end': '2026-03-31',
        'period.lastDay': '2026-03-30',
        'period.days': 31,
        'period.dayIndex': 1,
        todayIsWorkday: false,
        totalWorkdays: 21,
        workdaysElapsed: 0,
        workdaysRemaining: 21,
        spentBeforeToday: 21,
        spentToday: 0,
        dailyBudget: 39,
        todaysRunway: 39,
        avgWorkdaySpend: 21,
        projectedSpend: 462,
        projectedSurplus: 378,
        status: 'green',
        expectedFraction: 0,
      },
    ],
    [
      'today a weekend, Sat 2026-03-07: today adds no workday and counts at what it spent',
      input('2026-03-07', { '2026-03-02': 30, '2026-03-07': 12 }),
      {
        todayIsWorkday: false,
        workdaysElapsed: 5,
        workdaysRemaining: 17,
        dailyBudget: 410 / 17,
        todaysRunway: 410 / 17 - 12,
        todaysRunwayFraction: 206 / 410,
        avgWorkdaySpend: 6,
        projectedSpend: 144,
        status: 'green',
      },
    ],
    [
      'today a holiday, Tue 2026-03-17: one workday fewer in the period',
      input('2026-03-17', { '2026-03-10': 55, '2026-03-17': 5 }, { holidays: ['2026-03-17', '2026-12-25'] }),
      {
        todayIsWorkday: false,
        totalWorkdays: 21,
        workdaysElapsed: 11,
        workdaysRemaining: 10,
        dailyBudget: 38.5,
        todaysRunway: 33.5,
        avgWorkdaySpend: 5,
        projectedSpend: 110,
        expectedFraction: 11 / 21,
      },
    ],
    [
      'zero spend, Mon 2026-03-16: full runway, no burn',
      input('2026-03-16', { '2026-03-02': 0, '2026-03-16': 0 }),
      {
        spentToDate: 0,
        remaining: 440,
        consumedFraction: 0,
        workdaysElapsed: 10,
        workdaysRemaining: 12,
        dailyBudget: 440 / 12,
        todaysRunway: 440 / 12,
        todaysRunwayFraction: 1,
        avgWorkdaySpend: 0,
        projectedSpend: 0,
        projectedSurplus: 440,
        status: 'green',
        dryDate: null,
        'burn.avgPerDay': 0,
        'forecast.runwayDays': null,
      },
    ],
    [
      'over budget, Fri 2026-03-20: red, dry today, runway 0',
      input('2026-03-20', { '2026-03-02': 80, '2026-03-20': 30 }, { monthlyBudget: 100 }, 30),
      {
        spentToDate: 110,
        remaining: -10,
        consumedFraction: 1.1,
        workdaysElapsed: 14,
        workdaysRemaining: 8,
        dailyBudget: 2.5,
        todaysRunway: 0,
        todaysOverBy: 27.5,
        todaysRunwayFraction: 0,
        avgWorkdaySpend: 80 / 14,
        projectedSpend: 150,
        projectedSurplus: -50,
        status: 'red',
        dryDate: '2026-03-20',
        'forecast.runwayDays': 0,
      },
    ],
    [
      'first day of a period, Wed 2026-04-01: nothing elapsed, average 0',
      input('2026-04-01', { '2026-04-01': 5 }),
      {
        'period.start': '2026-04-01',
        'period.end': '2026-05-01',
        'period.days': 30,
        'period.dayIndex': 0,
        totalWorkdays: 22,
        workdaysElapsed: 0,
        workdaysRemaining: 22,
        spentBeforeToday: 0,
        avgWorkdaySpend: 0,
        dailyBudget: 20,
        todaysRunway: 15,
        todaysRunwayFraction: 0.75,
        projectedSpend: 5,
        expectedFraction: 0,
        'burn.avgPerDay': 5,
      },
    ],
    [
      'empty map, Mon 2026-03-16',
      input('2026-03-16', {}),
      {
        spentToDate: 0,
        dailyBudget: 440 / 12,
        projectedSpend: 0,
        status: 'green',
        dryDate: null,
        'forecast.runwayDays': null,
      },
    ],
    [
      'empty map and zero budget: yellow on a zero surplus, already out of runway',
      input('2026-03-16', {}, { monthlyBudget: 0 }),
      {
        remaining: 0,
        consumedFraction: 0,
        dailyBudget: 0,
        todaysRunway: 0,
        todaysRunwayFraction: 0,
        projectedSurplus: 0,
        status: 'yellow',
        dryDate: '2026-03-16',
        'forecast.runwayDays': 0,
      },
    ],
    [
      'spent before today, nothing today, Mon 2026-03-23: daily budget and runway 0, not over today, the period over by 20',
      input('2026-03-23', { '2026-03-02': 120 }, { monthlyBudget: 100 }, 0),
      {
        remaining: -20,
        dailyBudget: 0,
        todaysRunway: 0,
        todaysOverBy: 0,
        todaysRunwayFraction: 0,
        status: 'red',
      },
    ],
    [
      'zero budget with 5 spent today: fully consumed, red, dry today',
      input('2026-03-16', { '2026-03-16': 5 }, { monthlyBudget: 0 }, 5),
      {
        remaining: -5,
        consumedFraction: 1,
        dailyBudget: 0,
        todaysRunway: 0,
        todaysOverBy: 5,
        todaysRunwayFraction: 0,
        projectedSpend: 5,
        status: 'red',
        dryDate: '2026-03-16',
        'forecast.runwayDays': 0,
      },
    ],
    [
      'token unit: same math, unit carried',
      input('2026-03-02', { '2026-03-02': 100_000 }, { monthlyBudget: 4_400_000, unit: 'tokens' }),
      {
        unit: 'tokens',
        budget: 4_400_000,
        dailyBudget: 200_000,
        todaysRunway: 100_000,
        todaysRunwayFraction: 0.5,
      },
    ],
    [
      "red, Tue 2026-03-10: today's 10 so far counts as a 20 average workday; 200 is reached Fri 03-13 and passed Mon 03-16",
      input('2026-03-10', TWENTY_A_WORKDAY, { monthlyBudget: 200 }, 20),
      {
        spentBeforeToday: 120,
        spentToday: 10,
        workdaysElapsed: 6,
        workdaysRemaining: 16,
        dailyBudget: 5,
        todaysRunway: 0,
        todaysOverBy: 5,
        avgWorkdaySpend: 20,
        projectedSpend: 440,
        projectedSurplus: -240,
        status: 'red',
        dryDate: '2026-03-16',
        // One date on every surface: the forecast's, six days out, whatever the last 24 hours burned.
        'forecast.runwayDays': 6,
      },
    ],
    [
      'yellow, Mon 2026-03-16: projected 418 of 440 leaves 22, under the 44 green margin',
      input('2026-03-16', { '2026-03-02': 190 }),
      {
        avgWorkdaySpend: 19,
        dailyBudget: 250 / 12,
        projectedSpend: 418,
        projectedSurplus: 22,
        status: 'yellow',
        dryDate: null,
      },
    ],
    [
      "no workdays configured: the whole remainder is today's, nothing projected ahead",
      input('2026-03-16', { '2026-03-16': 5 }, { workdays: [] }),
      {
        totalWorkdays: 0,
        workdaysElapsed: 0,
        workdaysRemaining: 1,
        todayIsWorkday: false,
        dailyBudget: 440,
        todaysRunway: 435,
        avgWorkdaySpend: 0,
        projectedSpend: 5,
        expectedFraction: 0,
        status: 'green',
      },
    ],
  ];

  it.each(rows)('%s', (_name, budgetInput, figures) => {
    expectFigures(computeBudget(budgetInput), figures);
  });

  // Two working weeks of 20 a workday, Tue 2026-11-17 to Mon 11-30. December has 23 workdays.
  const NOVEMBER = Object.fromEntries(
    ['17', '18', '19', '20', '23', '24', '25', '26', '27', '30'].map((d) => [`2026-11-${d}`, 20]),
  );
  it.each([
    // Day 1 reads the ten workdays before it: 200 over 10 = 20; today (a workday) and the 22
    // after it at 20 make 460. Cumulative spend passes 300 on the 16th workday, Tue Dec 22.
    ['day 1 of a period forecasts from the workdays before it', '2026-12-01', { ...NOVEMBER }, { monthlyBudget: 300 }, {
      'forecast.from': '2026-11-17', 'forecast.workdays': 10, avgWorkdaySpend: 20,
      projectedSpend: 460, projectedSurplus: -160, status: 'red', dryDate: '2026-12-22', 'forecast.runwayDays': 21,
    }],
    // Thu Dec 3: the period's two workdays, topped up with the eight before them (Nov 19–30).
    ['day 3 tops the period’s two workdays up with eight from before', '2026-12-03', { ...NOVEMBER, '2026-12-01': 40, '2026-12-02': 40 }, { monthlyBudget: 1000 }, {
      'forecast.from': '2026-11-19', 'forecast.workdays': 10, spentBeforeToday: 80,
      // (8 × 20 + 80) ÷ 10 = 24; today and the 20 workdays after it at 24.
      avgWorkdaySpend: 24, projectedSpend: 80 + 24 * 21, status: 'green', dryDate: null, 'forecast.runwayDays': null,
    }],
    // A new user: nothing before Thu Nov 26, so only Nov 26, 27 and 30 count.
    ['not before the first day with any spend', '2026-12-01', { '2026-11-26': 30, '2026-11-27': 10 }, { monthlyBudget: 1000 }, {
      'forecast.from': '2026-11-26', 'forecast.workdays': 3, avgWorkdaySpend: 40 / 3, projectedSpend: (40 / 3) * 23,
    }],
    // Ten workdays into the period, the period alone: November is not read.
    ['once the period has ten workdays, only the period', '2026-12-15', { '2026-11-27': 999, '2026-12-01': 100 }, { monthlyBudget: 1000 }, {
      'forecast.from': '2026-12-01', 'forecast.workdays': 10, avgWorkdaySpend: 10,
    }],
    // Mondays only: six Mondays lie within the six weeks before Dec 1, and Oct 5 is older.
    ['nor further back than six weeks', '2026-12-01', { '2026-10-05': 500, '2026-11-30': 60 }, { monthlyBudget: 1000, workdays: [1] }, {
      'forecast.from': '2026-10-20', 'forecast.workdays': 6, avgWorkdaySpend: 10,
    }],
  ])('%s (%s)', (_what, today, spend, overrides, figures) => {
    expectFigures(computeBudget(input(today, spend, overrides)), figures);
  });

  it('the last 24 hours never move the forecast or its date', () => {
    const calm = computeBudget(input('2026-03-10', TWENTY_A_WORKDAY, { monthlyBudget: 200 }, 0));
    const busy = computeBudget(input('2026-03-10', TWENTY_A_WORKDAY, { monthlyBudget: 200 }, 500));
    const { burn: _a, ...a } = calm;
    const { burn: _b, ...b } = busy;
    expect(b).toEqual(a);
    expect(busy.burn.ratePerDay).toBe(500);
  });

  describe('daily budget line on Tue 2026-03-10, budget 200, 20 spent each workday before', () => {
    const summary = computeBudget(input('2026-03-10', TWENTY_A_WORKDAY, { monthlyBudget: 200 }));
    it.each([
      ['2026-03-01', null, 'a Sunday has none'],
      ['2026-03-02', 200 / 22, 'a past day keeps its morning figure: 200 over 22 workdays'],
      ['2026-03-03', 180 / 21, 'a past day keeps its morning figure: 180 over 21 workdays'],
      ['2026-03-09', 100 / 17, 'a past day keeps its morning figure: 100 over 17 workdays'],
      ['2026-03-10', 5, "today's daily budget"],
      ['2026-03-11', 5, "a future workday carries today's"],
      ['2026-03-14', null, 'a Saturday has none'],
      ['2026-03-31', 5, "the last day carries today's"],
    ])('%s: %s (%s)', (date, line, _why) => {
      const day = summary.days.find((d) => d.date === date);
      if (line === null) expect(day?.dailyBudgetLine).toBeNull();
      else expect(day?.dailyBudgetLine).toBeCloseTo(line, 9);
    });

    it('flags today, the future and workdays', () => {
      expect(summary.days.filter((d) => d.isToday).map((d) => d.date)).toEqual(['2026-03-10']);
      expect(summary.days.filter((d) => d.isFuture)).toHaveLength(21);
      expect(summary.days.filter((d) => d.workday)).toHaveLength(22);
      expect(summary.days.find((d) => d.date === '2026-03-10')?.spend).toBe(10);
    });
  });

  it('marks a holiday row as a holiday and not a workday', () => {
    const s = computeBudget(input('2026-03-16', {}, { holidays: ['2026-03-17'] }));
    expect(s.days.find((d) => d.date === '2026-03-17')).toMatchObject({
      holiday: true,
      workday: false,
      dailyBudgetLine: null,
    });
  });

  it.each([
    ['zero budget, empty map', input('2026-03-01', {}, { monthlyBudget: 0 })],
    [
      'zero budget, spend before and on today',
      input('2026-03-16', { '2026-03-02': 7, '2026-03-16': 3 }, { monthlyBudget: 0 }, 3),
    ],
    ['first day of the period, empty map', input('2026-04-01', {})],
    ['zero spend entries', input('2026-03-16', { '2026-03-16': 0 })],
    ['no workdays at all', input('2026-03-16', { '2026-03-15': 4 }, { workdays: [] })],
    [
      'every day a holiday, zero budget',
      input('2026-02-10', { '2026-02-10': 1 }, { monthlyBudget: 0, holidays: FEBRUARY_2026 }),
    ],
    ['over budget on the last day', input('2026-03-31', { '2026-03-31': 500 }, {}, 500)],
  ])('no NaN or Infinity in any numeric field: %s', (_name, budgetInput) => {
    const numbers = numbersIn(computeBudget(budgetInput), 'summary', []);
    expect(numbers.length).toBeGreaterThan(20);
    for (const [path, n] of numbers) expect(Number.isFinite(n), `${path} = ${n}`).toBe(true);
  });

  it.each([
    ['reset day 0', input('2026-03-10', {}, { resetDay: 0 })],
    ['a negative budget', input('2026-03-10', {}, { monthlyBudget: -1 })],
    ['a weekday number 7', input('2026-03-10', {}, { workdays: [1, 7] })],
    ['a holiday that is no date', input('2026-03-10', {}, { holidays: ['2026-13-01'] })],
    ['negative spend inside the period', input('2026-03-10', { '2026-03-05': -3 })],
    ['a NaN rate', input('2026-03-10', {}, {}, Number.NaN)],
    ['an infinite threshold', input('2026-03-10', {}, { thresholds: { green: Number.POSITIVE_INFINITY, yellow: 0 } })],
  ])('rejects %s', (_name, budgetInput) => {
    expect(() => computeBudget(budgetInput)).toThrow(RangeError);
  });

  it('ignores bad spend outside the period', () => {
    expect(computeBudget(input('2026-03-10', { '2026-02-05': Number.NaN })).spentToDate).toBe(0);
  });
});

describe('daily budget and runway, over any spend', () => {
  it('are never negative, and today is either within its budget or over it by exactly the difference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 31 }), fc.double({ min: 0, max: 500, noNaN: true })), { maxLength: 20 }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (todayOffset, spends, budget) => {
          const today = `2026-03-${String(1 + todayOffset).padStart(2, '0')}`;
          const spend: Record<string, number> = {};
          for (const [d, v] of spends) spend[`2026-03-${String(d).padStart(2, '0')}`] = v;
          const b = computeBudget(input(today, spend, { monthlyBudget: budget }));
          expect(b.dailyBudget).toBeGreaterThanOrEqual(0);
          expect(b.todaysRunway).toBeGreaterThanOrEqual(0);
          expect(b.todaysOverBy).toBeGreaterThanOrEqual(0);
          expect(Math.min(b.todaysRunway, b.todaysOverBy)).toBe(0);
          expect(b.todaysRunway - b.todaysOverBy).toBeCloseTo(b.dailyBudget - b.spentToday, 9);
          for (const d of b.days) if (d.dailyBudgetLine !== null) expect(d.dailyBudgetLine).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
