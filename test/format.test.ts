import { describe, expect, it } from 'vitest';
import { n, short, usd } from '../cli/format.js';

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
