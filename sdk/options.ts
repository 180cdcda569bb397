// run()'s options, checked when run() is called: a mistake throws a TypeError that names the
// option and what it takes, before anything is sent.
import { isAbsolute, resolve } from 'node:path';
import { isTimeZone } from '../core/zones.js';
import { defaultDbPath } from '../lib/paths.js';
import type { LoopOptions, Period, PriceOverride, RunOptions } from './types.js';
import type { PriceOverride as ConfigPriceOverride } from '../core/pricing.js';

export interface Settings {
  budget: number;
  userId: string | null;
  period: Period;
  timeZone: string;
  estimate: boolean;
  /** The database file, or null: not recorded. */
  record: string | null;
  loop: Required<LoopOptions> | null;
  prices: Record<string, PriceOverride>;
}

export const LOOP_DEFAULTS: Required<LoopOptions> = { repeats: 5, windowMs: 60_000, growth: 1.5, growthCalls: 5 };
const PERIODS: readonly Period[] = ['run', 'day', 'week', 'month'];
/** Far above any real budget: a value past it is a typo. */
const MAX_USD = 1_000_000_000;

const bad = (option: string, expected: string, got: unknown) =>
  new TypeError(`runway-budget: run() option \`${option}\` must be ${expected}, got ${describe(got)}`);

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

export function readSettings(name: unknown, options: unknown): Settings {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    throw new TypeError(`runway-budget: run()'s first argument must be the run's name (a non-empty string of at most 200 characters), got ${describe(name)}`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`runway-budget: run()'s second argument must be an options object such as { budget: 2 }, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  const known = ['budget', 'userId', 'period', 'timeZone', 'estimate', 'record', 'loop', 'prices'];
  for (const k of Object.keys(o)) if (!known.includes(k)) throw bad(k, `one of ${known.join(', ')} (no such option)`, o[k]);

  const budget = o.budget;
  if (typeof budget !== 'number' || !Number.isFinite(budget) || budget < 0 || budget > MAX_USD) {
    throw bad('budget', `a finite number of US dollars, 0 to ${MAX_USD.toLocaleString('en-US')}`, budget);
  }
  const userId = o.userId ?? null;
  if (userId !== null && (typeof userId !== 'string' || userId === '' || userId.length > 200)) {
    throw bad('userId', 'a non-empty string of at most 200 characters', userId);
  }
  const period = o.period ?? (userId === null ? 'run' : 'day');
  if (!PERIODS.includes(period as Period)) throw bad('period', `one of ${PERIODS.map((p) => `'${p}'`).join(', ')}`, period);
  if (period !== 'run' && userId === null) throw bad('period', `'run' unless \`userId\` is set (a '${String(period)}' budget belongs to a user)`, period);
  const timeZone = o.timeZone ?? 'UTC';
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) throw bad('timeZone', "an IANA time zone such as 'Europe/Berlin'", timeZone);
  const estimate = o.estimate ?? true;
  if (typeof estimate !== 'boolean') throw bad('estimate', 'true or false', estimate);

  const rec = o.record ?? false;
  let record: string | null = null;
  if (rec === true) record = defaultDbPath();
  else if (typeof rec === 'string' && rec !== '') record = isAbsolute(rec) ? rec : resolve(rec);
  else if (rec !== false) throw bad('record', 'true (Runway\'s database), a database file path, or false', rec);

  return { budget, userId, period: period as Period, timeZone, estimate, record, loop: readLoop(o.loop), prices: readPrices(o.prices) };
}

function readLoop(v: unknown): Required<LoopOptions> | null {
  if (v === false) return null;
  if (v === undefined) return LOOP_DEFAULTS;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('loop', 'false or { repeats, windowMs, growth, growthCalls }', v);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!(k in LOOP_DEFAULTS)) throw bad(`loop.${k}`, 'one of repeats, windowMs, growth, growthCalls (no such option)', o[k]);
  const whole = (k: 'repeats' | 'growthCalls' | 'windowMs', min: number) => {
    const x = o[k] ?? LOOP_DEFAULTS[k];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > 1e9) throw bad(`loop.${k}`, `a whole number, ${min} or more`, x);
    return x;
  };
  const growth = o.growth ?? LOOP_DEFAULTS.growth;
  if (typeof growth !== 'number' || !Number.isFinite(growth) || growth <= 1) throw bad('loop.growth', 'a finite number above 1', growth);
  return { repeats: whole('repeats', 2), windowMs: whole('windowMs', 1), growth, growthCalls: whole('growthCalls', 1) };
}

const RATE_KEYS = ['input', 'output', 'cache_write_5m', 'cache_write_1h', 'cache_read'];

function readPrices(v: unknown): Record<string, PriceOverride> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('prices', 'an object keyed by model name', v);
  const out: Record<string, PriceOverride> = {};
  for (const [model, p] of Object.entries(v)) {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad(`prices.${model}`, 'an object of USD per million tokens such as { input: 3, output: 15 }', p);
    const o = p as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      const rate = (key: string, y: unknown, max: number) => {
        if (typeof y !== 'number' || !Number.isFinite(y) || y < 0 || y > max) throw bad(key, `a number from 0 to ${max.toLocaleString('en-US')}`, y);
      };
      if (RATE_KEYS.includes(k) || k === 'web_search_per_1k') rate(`prices.${model}.${k}`, x, MAX_USD);
      else if (k === 'fast_multiplier') rate(`prices.${model}.${k}`, x, 1000);
      else if (k === 'from') {
        if (typeof x !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(x)) throw bad(`prices.${model}.from`, 'a date YYYY-MM-DD', x);
      } else if (k === 'long_context') {
        if (typeof x !== 'object' || x === null || Array.isArray(x)) throw bad(`prices.${model}.long_context`, 'an object of long-context rates', x);
        for (const [lk, y] of Object.entries(x)) {
          if (lk === 'threshold') rate(`prices.${model}.long_context.threshold`, y, 1e9);
          else if (RATE_KEYS.includes(lk)) rate(`prices.${model}.long_context.${lk}`, y, MAX_USD);
          else throw bad(`prices.${model}.long_context.${lk}`, `one of threshold, ${RATE_KEYS.join(', ')} (no such key)`, y);
        }
      } else throw bad(`prices.${model}.${k}`, `one of from, ${RATE_KEYS.join(', ')}, web_search_per_1k, fast_multiplier, long_context (no such key)`, x);
    }
    out[model] = o as PriceOverride;
  }
  return out;
}

// sdk/types.ts repeats the config's price shape so the published declarations stand alone:
// the build fails when the two name different fields.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const pricesMatchConfig: SameKeys<PriceOverride, ConfigPriceOverride> & SameKeys<NonNullable<PriceOverride['long_context']>, NonNullable<ConfigPriceOverride['long_context']>> = true;
void pricesMatchConfig;
