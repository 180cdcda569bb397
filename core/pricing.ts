// Turns token counts into dollars. Pure: the price data comes in as the
// @pydantic/genai-prices models array (see price-source.ts), matched and resolved with
// that package's own rules so that a figure here equals its calcPrice.
import type { TokenCounts } from '../sources/types.js';
import { PRICE_FILLS } from './price-fills.js';

/** USD per million tokens. */
export interface Rates {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

export interface ModelPricing {
  /** The price data's id the model matched, or the override's name for a model the data lacks. */
  modelId: string;
  base: Rates;
  /** Rates for a whole request whose prompt exceeds the threshold; null when the model has none. */
  longContext: Rates | null;
  longContextThreshold: number;
  /** USD per 1,000 web search requests. */
  webSearchPer1k: number;
  /** Multiplier on every token price in fast mode; null when that price is unknown. */
  fastMultiplier: number | null;
  /** Multiplier on every token price for US-only inference: 1.1 from Claude 4.6 on, else 1. */
  usOnlyMultiplier: number;
  /** True when a config override changed or supplied any of these prices. */
  overridden: boolean;
  /** Where the rates come from: the price package, one of our fills (its citation), or the config alone. */
  from: string;
}

/** Tokens of one or many responses that share model, long-context flag and speed. */
export interface TokenGroup extends TokenCounts {
  /** Decided per response, before grouping: promptBand(prompt) >= the model's threshold. */
  longContext: boolean;
  fast: boolean;
  /** Served by US-only inference (usage.inference_geo "us"). */
  usOnly?: boolean;
  /** The batch service tier: half price on input and output. */
  batch?: boolean;
}

export type PriceResult =
  | {
      ok: true;
      usd: number;
      breakdown: { input: number; output: number; cacheWrite5m: number; cacheWrite1h: number; cacheRead: number; webSearch: number };
    }
  | { ok: false; reason: string };

export interface PriceTable {
  /** Where the prices came from, to record next to every figure they produce. */
  source: string;
  /** Null when the model has no price. */
  lookup(model: string, at: Date): ModelPricing | null;
  /** The days (YYYY-MM-DD, UTC) on which the model's price data changes, oldest first. */
  changes(model: string): string[];
  /** Every model id the price data and our fills name. */
  knownIds(): string[];
}

/** A config entry, keyed by the model name as logged. Prices in USD per million tokens. */
export interface PriceOverride {
  /** The first day (UTC) the override applies; before it the price data's own price, if any. Absent: always. */
  from?: string;
  input?: number;
  output?: number;
  cache_write_5m?: number;
  cache_write_1h?: number;
  cache_read?: number;
  web_search_per_1k?: number;
  fast_multiplier?: number;
  long_context?: {
    threshold?: number;
    input?: number;
    output?: number;
    cache_write_5m?: number;
    cache_write_1h?: number;
    cache_read?: number;
  };
}

/**
 * What the price data leaves out. Cache writes cost 1.25× input (5 minutes) and 2× input
 * (1 hour), cache reads 0.1× input: https://platform.claude.com/docs/en/build-with-claude/prompt-caching#pricing
 * (Claude models only: OpenAI bills cached-prompt writes as plain input,
 * https://platform.openai.com/docs/guides/prompt-caching, and a rate another vendor's data
 * lacks is taken at the input price, never guessed lower.)
 * Web search costs $10 per 1,000 searches: https://platform.claude.com/docs/en/agents-and-tools/tool-use/web-search-tool
 * Long-context rates start above 200k prompt tokens: https://platform.claude.com/docs/en/about-claude/pricing#long-context-pricing
 * Fast mode multiplies every token price, keyed by the price data's model id:
 * - claude-opus-4-6: 6× ($30/$150 per MTok), https://platform.claude.com/docs/en/build-with-claude/fast-mode
 * - claude-opus-4-7: 6× ($30/$150 per MTok), https://octavus.ai/docs/protocol/fast-mode
 * - claude-opus-4-8: 2× ($10/$50 per MTok), https://openrouter.ai/anthropic/claude-opus-4.8-fast
 * - claude-opus-5: 2× ($10/$50 per MTok), https://openrouter.ai/anthropic/claude-opus-5-fast-20260723
 * Opus 5.5 has no official fast-mode price (checked 2026-12-01): a fast record of it stays
 * unpriced until the config sets its fast_multiplier.
 */
export const FILLS = {
  /** When these were last checked against the sources above. */
  asOf: '2026-12',
  cacheWrite5mPerInput: 1.25,
  cacheWrite1hPerInput: 2,
  cacheReadPerInput: 0.1,
  webSearchPer1k: 10,
  longContextThreshold: 200_000,
  /** US-only inference (inference_geo "us") on Claude 4.6 and later: https://platform.claude.com/docs/en/build-with-claude/data-residency */
  usOnlyMultiplier: 1.1,
  /** The batch tier halves input and output: https://platform.claude.com/docs/en/build-with-claude/batch-processing#pricing */
  batchDiscount: 0.5,
  fastMultiplier: {
    'claude-opus-4-6': 6,
    'claude-opus-4-7': 6,
    'claude-opus-4-8': 2,
    'claude-opus-5': 2,
  } as Readonly<Record<string, number>>,
} as const;

/**
 * The prompt sizes the database keeps apart (migrations/009_agents.sql, prompt_band): every
 * threshold where a model's rates change must be one of these. Anthropic's are 200k (and a
 * fill's 100k); OpenAI's 272k and 271,999; Google's 128k and 200k.
 */
export const PROMPT_BANDS = [100_000, 128_000, 200_000, 271_999, 272_000] as const;

/** The largest tracked threshold a prompt exceeds, or 0: the database's prompt_band. */
export function promptBand(prompt: number): number {
  let band = 0;
  for (const t of PROMPT_BANDS) if (prompt > t) band = t;
  return band;
}

export function priceTokens(group: TokenGroup, pricing: ModelPricing): PriceResult {
  let multiplier = 1;
  if (group.fast) {
    if (pricing.fastMultiplier === null) return { ok: false, reason: `no fast-mode price for ${pricing.modelId}` };
    multiplier = pricing.fastMultiplier;
  }
  // US-only inference stacks with fast mode, on every token kind.
  if (group.usOnly) multiplier *= pricing.usOnlyMultiplier;
  // A model without long-context rates bills every prompt size at its base rates.
  const rates = group.longContext && pricing.longContext ? pricing.longContext : pricing.base;
  const cost = (tokens: number, perMTok: number) => (tokens * perMTok * multiplier) / 1e6;
  const batch = group.batch ? FILLS.batchDiscount : 1;
  const breakdown = {
    input: cost(group.inputTokens, rates.input) * batch,
    output: cost(group.outputTokens, rates.output) * batch,
    cacheWrite5m: cost(group.cacheWrite5mTokens, rates.cacheWrite5m),
    cacheWrite1h: cost(group.cacheWrite1hTokens, rates.cacheWrite1h),
    cacheRead: cost(group.cacheReadTokens, rates.cacheRead),
    webSearch: (group.webSearchRequests * pricing.webSearchPer1k) / 1000,
  };
  const usd =
    breakdown.input + breakdown.output + breakdown.cacheWrite5m + breakdown.cacheWrite1h + breakdown.cacheRead + breakdown.webSearch;
  return { ok: true, usd, breakdown };
}

// The package's data shapes, as far as pricing reads them.
type MatchLogic = Record<string, unknown>;
type PriceValue = number | { base: number; tiers: { start: number; price: number }[] };
type ModelPrice = Record<string, PriceValue | undefined>;
type Constraint =
  | { type?: 'start_date'; start_date: string }
  | { type?: 'time_of_date'; start_time: string; end_time: string };
interface ModelInfo {
  id: string;
  match: MatchLogic;
  prices: ModelPrice | { prices: ModelPrice; constraint?: Constraint }[];
}

const RATE_KEYS: Record<keyof Rates, { data: string; override: 'input' | 'output' | 'cache_write_5m' | 'cache_write_1h' | 'cache_read' }> = {
  input: { data: 'input_mtok', override: 'input' },
  output: { data: 'output_mtok', override: 'output' },
  cacheWrite5m: { data: 'cache_write_mtok', override: 'cache_write_5m' },
  cacheWrite1h: { data: 'cache_write_1h_mtok', override: 'cache_write_1h' },
  cacheRead: { data: 'cache_read_mtok', override: 'cache_read' },
};
const DAY_MS = 86_400_000;

/**
 * The price table: our fills (price-fills.ts) matched before the package's models, then the
 * config's overrides on top. `fills` is there so a test can read the package alone.
 */
export function buildPriceTable(
  models: unknown[],
  sourceLabel: string,
  overrides: Record<string, PriceOverride> = {},
  fills: readonly unknown[] = PRICE_FILLS,
): PriceTable {
  const infos = [...fills, ...models].filter(isModelInfo);
  const overrideByName = new Map<string, NamedOverride>();
  for (const [name, override] of Object.entries(overrides)) {
    const key = modelKey(name);
    if (!findModel(infos, key)) {
      for (const k of ['input', 'output'] as const) {
        if (override[k] === undefined) {
          throw new Error(`"${name}": "${k}" is required, the price data does not know this model`);
        }
      }
    }
    overrideByName.set(key, { name, override });
  }

  // Matching runs once per name; resolving once per name and UTC day, the granularity of
  // start_date constraints. Models with any finer constraint resolve on every call.
  const byName = new Map<string, Entry | null>();
  const entryOf = (model: string): Entry | null => {
    const name = modelKey(model);
    let entry = byName.get(name);
    if (entry === undefined) {
      const unnamed = name === '' || name === '<synthetic>';
      const info = unnamed ? undefined : findModel(infos, name);
      const over = unnamed ? undefined : overrideByName.get(name);
      entry = info || over ? { info, over, daily: !info || resolvesDaily(info), byDay: new Map() } : null;
      byName.set(name, entry);
    }
    return entry;
  };
  return {
    source: sourceLabel,
    changes(model) {
      const entry = entryOf(model);
      const prices = entry?.info?.prices;
      const days = Array.isArray(prices) ? prices.flatMap(({ constraint: c }) => (c && 'start_date' in c ? [c.start_date.slice(0, 10)] : [])) : [];
      if (entry?.over?.override.from) days.push(entry.over.override.from);
      return [...new Set(days)].sort();
    },
    knownIds() {
      return [...new Set([...infos.map((m) => m.id), ...[...overrideByName.values()].map((o) => o.name)])];
    },
    lookup(model, at) {
      const entry = entryOf(model);
      if (!entry) return null;
      const ms = at.getTime();
      if (Number.isNaN(ms)) throw new RangeError('Invalid time value');
      if (!entry.daily) return resolve(entry.info, entry.over, at);
      const day = Math.floor(ms / DAY_MS);
      let pricing = entry.byDay.get(day);
      if (pricing === undefined) {
        pricing = resolve(entry.info, entry.over, new Date(day * DAY_MS));
        entry.byDay.set(day, pricing);
      }
      return pricing;
    },
  };
}

/** A model name as prices are looked up: trimmed, lower case, without a context tag (claude-opus-5-5[1m] costs what claude-opus-5-5 does). */
function modelKey(name: string): string {
  return name.trim().toLowerCase().replace(/\[[^\]]*\]$/, '');
}

function rateSource(info: ModelInfo | undefined, over: NamedOverride | undefined): string {
  const fill = info as (ModelInfo & { source?: string; checked?: string }) | undefined;
  const base = !info ? 'config' : fill?.source ? `runway fill, ${fill.source} (checked ${fill.checked})` : 'price package';
  return info && over ? `${base}, with config overrides` : base;
}

interface NamedOverride {
  name: string;
  override: PriceOverride;
}

interface Entry {
  info: ModelInfo | undefined;
  over: NamedOverride | undefined;
  daily: boolean;
  byDay: Map<number, ModelPricing | null>;
}

const KINDS = Object.keys(RATE_KEYS) as (keyof Rates)[];

function resolve(info: ModelInfo | undefined, dated: NamedOverride | undefined, at: Date): ModelPricing | null {
  const price = info ? pricesAt(info, at) : {};
  // A dated override is not there before its day: the price data's own price (or none) is.
  const from = dated?.override.from;
  const over = from === undefined || at.toISOString().slice(0, 10) >= from ? dated : undefined;
  const o = over?.override ?? {};
  const base: Partial<Rates> = {};
  const tiered: Partial<Rates> = {};
  let threshold: number | undefined;
  for (const kind of KINDS) {
    const v = price[RATE_KEYS[kind].data];
    if (v === undefined) continue;
    if (typeof v === 'number') {
      base[kind] = v;
      continue;
    }
    base[kind] = v.base;
    // One long-context tier is all Anthropic publishes; the lowest start is where it begins.
    const tier = [...v.tiers].sort((a, b) => a.start - b.start)[0];
    if (!tier) continue;
    tiered[kind] = tier.price;
    threshold = Math.min(threshold ?? Infinity, tier.start);
  }
  for (const kind of KINDS) base[kind] = o[RATE_KEYS[kind].override] ?? base[kind];
  let long: Partial<Rates> | null = null;
  if (Object.keys(tiered).length > 0 || o.long_context) {
    long = { ...tiered };
    for (const kind of KINDS) long[kind] = o.long_context?.[RATE_KEYS[kind].override] ?? long[kind];
    // A kind without its own long-context price costs the same on either side of the
    // threshold; one the data lacks altogether is filled from the long-context input below.
    for (const kind of KINDS) long[kind] ??= base[kind];
    threshold = o.long_context?.threshold ?? threshold;
  }
  // The fills are Anthropic's rules; other vendors' models (OpenAI's, Google's) bill a cache
  // write as plain input and have no known cache discount when the data names none.
  const anthropic = !info || info.id.startsWith('claude-');
  const baseRates = filled(base, anthropic);
  if (!baseRates) return null;
  const fast = o.fast_multiplier ?? (info ? FILLS.fastMultiplier[info.id] : undefined);
  return {
    modelId: info?.id ?? over?.name ?? '',
    from: rateSource(info, over),
    base: baseRates,
    longContext: long ? filled(long, anthropic) : null,
    longContextThreshold: threshold ?? FILLS.longContextThreshold,
    webSearchPer1k: o.web_search_per_1k ?? numberOrUndefined(price.web_searches_kcount) ?? FILLS.webSearchPer1k,
    fastMultiplier: fast ?? null,
    usOnlyMultiplier: info && claudeVersion(info.id) >= 4.6 ? FILLS.usOnlyMultiplier : 1,
    overridden: over !== undefined,
  };
}

/** The generation of a Claude model id (claude-opus-4-6 → 4.6, claude-fable-5-1 → 5.1, claude-opus-4-20250514 → 4), or 0. */
export function claudeVersion(id: string): number {
  const m = /^claude-[a-z]+-(\d)(?:-(\d{1,2})(?!\d))?/.exec(id);
  return m ? Number(m[1]) + Number(m[2] ?? 0) / 10 : 0;
}

function filled(r: Partial<Rates>, anthropic: boolean): Rates | null {
  if (r.input === undefined || r.output === undefined) return null;
  return {
    input: r.input,
    output: r.output,
    cacheWrite5m: r.cacheWrite5m ?? r.input * (anthropic ? FILLS.cacheWrite5mPerInput : 1),
    cacheWrite1h: r.cacheWrite1h ?? r.input * (anthropic ? FILLS.cacheWrite1hPerInput : 1),
    cacheRead: r.cacheRead ?? r.input * (anthropic ? FILLS.cacheReadPerInput : 1),
  };
}

function numberOrUndefined(v: PriceValue | undefined): number | undefined {
  return typeof v === 'number' ? v : v?.base;
}

/** The package's constraint resolution: the last entry whose constraint holds at `at`, else the first. */
function pricesAt(info: ModelInfo, at: Date): ModelPrice {
  if (!Array.isArray(info.prices)) return info.prices;
  for (let i = info.prices.length - 1; i >= 0; i--) {
    const entry = info.prices[i]!;
    const c = entry.constraint;
    if (c === undefined) return entry.prices;
    if ('start_date' in c) {
      if (at >= new Date(c.start_date)) return entry.prices;
    } else {
      const now = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() + at.getUTCMilliseconds() / 1000;
      const start = secondsOfDayUtc(c.start_time);
      const end = secondsOfDayUtc(c.end_time);
      if (end < start ? now >= start || now < end : now >= start && now < end) return entry.prices;
    }
  }
  return info.prices[0]?.prices ?? {};
}

/** "HH:MM:SS[.fff](Z|±HH:MM)" as seconds after UTC midnight. */
function secondsOfDayUtc(time: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!m) throw new Error(`invalid time-of-day price constraint: ${time}`);
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(`0.${m[4] ?? ''}`);
  const offset = m[5] === 'Z' ? 0 : (m[6] === '+' ? 1 : -1) * (Number(m[7]) * 60 + Number(m[8])) * 60;
  return (local - offset + 86_400) % 86_400;
}

/** Whether every constraint is a plain date, so one resolution holds for a whole UTC day. */
function resolvesDaily(info: ModelInfo): boolean {
  if (!Array.isArray(info.prices)) return true;
  return info.prices.every(({ constraint: c }) => c === undefined || ('start_date' in c && /^\d{4}-\d{2}-\d{2}$/.test(c.start_date)));
}

/** The package's lookup: the first model whose match accepts the name, retried with dates as YYYY-MM-DD. */
function findModel(infos: ModelInfo[], name: string): ModelInfo | undefined {
  const found = infos.find((m) => matches(m.match, name));
  if (found) return found;
  const normalised = normaliseDates(name);
  return normalised === name ? undefined : infos.find((m) => matches(m.match, normalised));
}

function matches(logic: MatchLogic, name: string): boolean {
  const s = name.toLowerCase();
  const str = (k: string) => String(logic[k]).toLowerCase();
  if ('or' in logic) return (logic.or as MatchLogic[]).some((l) => matches(l, name));
  if ('and' in logic) return (logic.and as MatchLogic[]).every((l) => matches(l, name));
  if ('equals' in logic) return s === str('equals');
  if ('starts_with' in logic) return s.startsWith(str('starts_with'));
  if ('ends_with' in logic) return s.endsWith(str('ends_with'));
  if ('contains' in logic) return s.includes(str('contains'));
  if ('regex' in logic) return new RegExp(String(logic.regex)).test(name);
  return false;
}

const COMPACT_DATE = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

/** "-20250929" becomes "-2025-09-29" when it is a real calendar date. */
function normaliseDates(name: string): string {
  return name.replace(COMPACT_DATE, (whole, dash: string, y: string, m: string, d: string) => {
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    const real = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
    return real ? `${dash}${y}-${m}-${d}` : whole;
  });
}

function isModelInfo(v: unknown): v is ModelInfo {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return typeof m.id === 'string' && typeof m.match === 'object' && m.match !== null && typeof m.prices === 'object' && m.prices !== null;
}
