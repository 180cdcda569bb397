import { describe, expect, it } from 'vitest';
import { n, short, usd } from '../../cli/format.js';
import { money, setView } from '../../web/format.js';

// Every figure prints in plain digits: no exponent (toFixed and toString switch to it at 1e21), no "undefined".
const sane = /^-?\$?[\d,]+(\.\d\d)?[kMB]?$/;

describe('n, short and usd', () => {
  it.each([
    [1e23, '100,000,000,000,000,000,000,000', '100,000,000,000,000B', '$100,000,000,000,000,000,000,000.00'],
    [-1e23, '-100,000,000,000,000,000,000,000', '-100,000,000,000,000B', '-$100,000,000,000,000,000,000,000.00'],
    [1.2345e25, '12,345,000,000,000,000,000,000,000', '12,345,000,000,000,000B', '$12,345,000,000,000,000,000,000,000.00'],
    [1e21, '1,000,000,000,000,000,000,000', '1,000,000,000,000B', '$1,000,000,000,000,000,000,000.00'],
    [1e15, '1,000,000,000,000,000', '1,000,000B', '$1,000,000,000,000,000.00'],
    [1.5e12, '1,500,000,000,000', '1,500B', '$1,500,000,000,000.00'],
    [-0.004, '0', '0', '$0.00'],
  ])('%d → %s, %s, %s', (value, exact, shortened, dollars) => {
    expect([n(value), short(value), usd(value)]).toEqual([exact, shortened, dollars]);
  });

  it('prints any finite number, the largest and smallest included, in plain digits', () => {
    for (const value of [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2, 9.99999e20, 1e300 / 7]) {
      for (const text of [n(value), short(value), usd(value)]) expect(text, String(value)).toMatch(sane);
    }
    expect(n(Number.MAX_VALUE).replaceAll(',', '')).toHaveLength(309);
  });

  it('says what an overflowed or undefined figure is', () => {
    expect([usd(Infinity), usd(-Infinity, '€'), usd(NaN)]).toEqual(['$∞', '-€∞', 'n/a']);
    expect([n(Infinity), short(-Infinity), n(NaN), short(NaN)]).toEqual(['∞', '-∞', 'n/a', 'n/a']);
  });
});

describe('money, the one rule for the page, the report and the CLI', () => {
  it('is what usd() prints', () => {
    for (const value of [0, 0.015, -12.5, 1234.565, 1e15, -1e23, Infinity, NaN]) expect(usd(value)).toBe(money(value, '$'));
    expect(usd(-1234.5, '€')).toBe('-€1,234.50');
  });

  // A cent is rounded from the double's exact value: 0.015 is 0.01499…, 0.025 is 0.02500…;
  // an exact half (0.125) goes away from zero, on either side of it.
  it.each([
    [0.005, '$0.01'], [0.015, '$0.01'], [0.025, '$0.03'], [1.005, '$1.00'], [2.675, '$2.67'],
    [0.125, '$0.13'], [-0.125, '-$0.13'], [-0.005, '-$0.01'], [999.995, '$1,000.00'],
  ])('rounds %d to %s', (value, text) => {
    expect(money(value, '$')).toBe(text);
  });

  it('keeps cents and separators above 1,000, a minus sign below 0, and no sign on a cent rounded away', () => {
    expect(money(1234.565, '$')).toBe('$1,234.57');
    expect(money(1_000_000.5, '$')).toBe('$1,000,000.50');
    expect(money(-42_000, '£')).toBe('-£42,000.00');
    expect([money(-0.0049, '$'), money(-1e-7, '$'), money(-0, '$')]).toEqual(['$0.00', '$0.00', '$0.00']);
  });

  it('prints whole units past 1e15, where a double holds no cents, and never an exponent', () => {
    expect(money(999_999_999_999_999.9, '$')).toBe('$999,999,999,999,999.88');
    expect(money(1e15 + 2, '$')).toBe('$1,000,000,000,000,002.00');
    expect(money(-1e15, '$')).toBe('-$1,000,000,000,000,000.00');
    expect(money(1.5e21, '$')).toBe('$1,500,000,000,000,000,000,000.00');
  });

  it("takes the summary's currency symbol by default once the page or the report has set it", () => {
    expect(money(5)).toBe('$5.00');
    setView({ unit: 'usd', currency: { symbol: '€', secondary: null }, timezone: 'UTC' });
    try {
      expect(money(5)).toBe('€5.00');
    } finally {
      setView({ unit: 'usd', currency: { symbol: '$', secondary: null }, timezone: undefined });
    }
  });
});
