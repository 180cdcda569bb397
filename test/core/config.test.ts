import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_KEYS, ConfigError, configuredRoots, loadConfig, parseConfig, updateConfig } from '../../core/config.js';
import { SOURCES } from '../../sources/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'runway-config-'));

describe('config', () => {
  it('config.example.json is valid and documents every key', () => {
    const path = join(import.meta.dirname, '..', '..', 'config.example.json');
    const loaded = loadConfig(path);
    expect(loaded.unknownKeys).toEqual([]);
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    for (const key of CONFIG_KEYS) expect(raw, key).toHaveProperty(key);
    expect(loaded.config.prices['my-proxy-model']?.long_context?.threshold).toBe(200000);
  });

  it('takes homes per agent, with the old roots counted as Claude Code’s, and refuses an agent it does not know', () => {
    const c = parseConfig({ roots: ['/old'], sources: { 'claude-code': { roots: ['/new'] } } }, 'c.json');
    expect(configuredRoots(c)).toEqual({ 'claude-code': ['/old', '/new'] });
    expect(configuredRoots(parseConfig({}, 'c.json'))).toEqual({ 'claude-code': [] });
    expect(() => parseConfig({ sources: { codx: { roots: [] } } }, 'c.json')).toThrow('c.json: key "sources.codx" is');
    expect(() => parseConfig({ sources: { codx: { roots: [] } } }, 'c.json')).toThrow(`expected an object keyed by agent (${SOURCES.map((s) => `"${s.name}"`).join(', ')})`);
    expect(() => parseConfig({ sources: { 'claude-code': { roots: '/x' } } }, 'c.json')).toThrow('key "sources.claude-code.roots" is "/x", expected a list of directory paths');
  });

  it('takes a long-context threshold the database keeps apart, and names the ones it does', () => {
    expect(parseConfig({ prices: { m: { input: 1, output: 1, long_context: { threshold: 100000 } } } }, 'c.json').prices.m?.long_context?.threshold).toBe(100000);
    expect(() => parseConfig({ prices: { m: { long_context: { threshold: 150000 } } } }, 'c.json'))
      .toThrow('key "prices.m.long_context.threshold" is 150000, expected one of 100000, 128000, 200000, 271999, 272000 (the prompt sizes Runway keeps apart)');
  });

  it('a missing file gives the defaults', () => {
    const c = loadConfig(join(dir(), 'none.json'));
    expect(c.exists).toBe(false);
    expect(c.config).toMatchObject({ cost_mode: 'auto', reset_day: 1, port: 8099, scope: 'all', monthly_budget: null, workdays: ['mon', 'tue', 'wed', 'thu', 'fri'] });
  });

  it('lists unknown keys so a typo is noticed', () => {
    const path = join(dir(), 'c.json');
    writeFileSync(path, JSON.stringify({ monthly_budjet: 100, _note: 'comment' }));
    expect(loadConfig(path).unknownKeys).toEqual(['monthly_budjet']);
  });

  it('updates keys atomically, keeping unknown keys, and refuses an invalid value', () => {
    const d = dir();
    const path = join(d, 'c.json');
    writeFileSync(path, JSON.stringify({ future_key: { a: 1 }, reset_day: 5 }));
    updateConfig(path, { monthly_budget: 150 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ future_key: { a: 1 }, reset_day: 5, monthly_budget: 150 });
    expect(() => updateConfig(path, { reset_day: 0 })).toThrow(ConfigError);
    expect(JSON.parse(readFileSync(path, 'utf8')).reset_day).toBe(5);
    expect(readdirSync(d)).toEqual(['c.json']);
  });

  it('names a number too large for JSON as Infinity, not as null', () => {
    const path = join(dir(), 'c.json');
    writeFileSync(path, '{ "monthly_budget": 1e400 }');
    expect(() => loadConfig(path)).toThrow(`${path}: key "monthly_budget" is Infinity, expected an amount ≥ 0 (up to 1,000,000,000 dollars, or 1,000,000,000,000,000 tokens) or null`);
    writeFileSync(path, '{ "secondary_currency": { "code": "EUR", "rate": 1e400 } }');
    expect(() => loadConfig(path)).toThrow('key "secondary_currency.rate" is Infinity, expected units per USD (number > 0, up to 10,000,000)');
    writeFileSync(path, '{ "status_thresholds": { "yellow": -1e400 } }');
    expect(() => loadConfig(path)).toThrow('key "status_thresholds.yellow" is -Infinity, expected a fraction of the budget');
  });

  it.each([
    [{ monthly_budget: 1_000_000_000 }, { monthly_budget: 1e23 }, 'key "monthly_budget" is 1e+23, expected an amount ≥ 0 (up to 1,000,000,000 dollars'],
    [{ monthly_budget: 1_000_000_000 }, { monthly_budget: 1_000_000_001 }, 'key "monthly_budget" is 1000000001, expected dollars from 0 to 1,000,000,000 (budget_unit "usd"), or null'],
    [{ monthly_budget: 1e15, budget_unit: 'tokens' }, { monthly_budget: 1e15 + 1, budget_unit: 'tokens' }, 'key "monthly_budget" is 1000000000000001, expected an amount ≥ 0'],
    [{ prices: { 'claude-x': { output: 1e9 } } }, { prices: { 'claude-x': { output: 2e9 } } }, 'key "prices.claude-x.output" is 2000000000, expected a price in USD per million tokens (number 0–1,000,000,000)'],
    [{ prices: { 'claude-x': { fast_multiplier: 1000 } } }, { prices: { 'claude-x': { fast_multiplier: 1e6 } } }, 'key "prices.claude-x.fast_multiplier" is 1000000, expected a multiplier (number 0–1000)'],
    [{ secondary_currency: { code: 'IRR', rate: 1e7 } }, { secondary_currency: { code: 'EUR', rate: 1e8 } }, 'key "secondary_currency.rate" is 100000000, expected units per USD'],
    [{ prices: { 'claude-x': { from: '2026-12-01', input: 1, output: 1 } } }, { prices: { 'claude-x': { from: '2026-13-01', input: 1, output: 1 } } }, 'key "prices.claude-x.from" is "2026-13-01", expected a date YYYY-MM-DD that exists in the calendar'],
    [{ holidays: ['2028-02-29'] }, { holidays: ['2026-12-24', '2026-02-30'] }, 'key "holidays.1" is "2026-02-30", expected a date YYYY-MM-DD that exists in the calendar'],
    [{ holidays: ['2026-04-30'] }, { holidays: ['2026-04-31'] }, 'key "holidays.0" is "2026-04-31", expected a date YYYY-MM-DD'],
  ])('takes %j, refuses the absurd %j', (atBound, pastBound, message) => {
    expect(() => parseConfig(atBound, 'c.json')).not.toThrow();
    expect(() => parseConfig(pastBound, 'c.json')).toThrow(`c.json: ${message}`);
  });
});
