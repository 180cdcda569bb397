import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_KEYS, ConfigError, loadConfig, updateConfig } from '../core/config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'runway-config-'));

describe('config', () => {
  it('config.example.json is valid and documents every key', () => {
    const path = join(import.meta.dirname, '..', 'config.example.json');
    const loaded = loadConfig(path);
    expect(loaded.unknownKeys).toEqual([]);
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    for (const key of CONFIG_KEYS) expect(raw, key).toHaveProperty(key);
    expect(loaded.config.prices['my-proxy-model']?.long_context?.threshold).toBe(200000);
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
});
