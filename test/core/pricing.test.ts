import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPriceTable, priceTokens, promptBand, type ModelPricing, type TokenGroup } from '../../core/pricing.js';
import { loadPriceTable } from '../../core/price-source.js';
import { SOURCES } from '../../sources/index.js';

const MODELS = findProvider({ providerId: 'anthropic' })!.models;
const table = buildPriceTable(MODELS, 'test');
const AT = new Date('2026-06-01T12:00:00Z');

function group(g: Partial<TokenGroup>): TokenGroup {
  return {
    inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0,
    webSearchRequests: 0, longContext: false, fast: false, ...g,
  };
}

function pricing(model: string, at = AT): ModelPricing {
  const p = table.lookup(model, at);
  if (!p) throw new Error(`no price for ${model}`);
  return p;
}

function usdOf(p: ModelPricing, g: Partial<TokenGroup>): number {
  const r = priceTokens(group(g), p);
  if (!r.ok) throw new Error(r.reason);
  return r.usd;
}

function usd(model: string, g: Partial<TokenGroup>, at = AT): number {
  return usdOf(pricing(model, at), g);
}

describe('each token kind, hand-computed', () => {
  it('input: 1,000,000 tokens of claude-opus-4-5 at $5', () => {
    expect(usd('claude-opus-4-5-20251101', { inputTokens: 1_000_000 })).toBeCloseTo(5.0, 12);
  });
  it('output: 123,456 tokens of claude-haiku-4-5 at $5', () => {
    expect(usd('claude-haiku-4-5-20251001', { outputTokens: 123_456 })).toBeCloseTo(0.61728, 12);
  });
  it('5-minute cache writes: 1,000,000 tokens of claude-sonnet-4-5 at $3.75', () => {
    expect(usd('claude-sonnet-4-5-20250929', { cacheWrite5mTokens: 1_000_000 })).toBeCloseTo(3.75, 12);
  });
  it('1-hour cache writes: 250,000 tokens of claude-opus-4-5 at $10', () => {
    expect(usd('claude-opus-4-5-20251101', { cacheWrite1hTokens: 250_000 })).toBeCloseTo(2.5, 12);
  });
  it('cache reads: 2,000,000 tokens of claude-opus-4-5 at $0.50', () => {
    expect(usd('claude-opus-4-5-20251101', { cacheReadTokens: 2_000_000 })).toBeCloseTo(1.0, 12);
  });
  it('web search: 37 requests at $10 per 1,000', () => {
    expect(usd('claude-sonnet-4-5-20250929', { webSearchRequests: 37 })).toBeCloseTo(0.37, 12);
  });
  it('long context on claude-sonnet-4-5: every kind at the >200k rates', () => {
    // 100k × $6 + 10k × $22.50 + 50k × $7.50 + 20k × $12 + 40k × $0.60
    const g = { inputTokens: 100_000, outputTokens: 10_000, cacheWrite5mTokens: 50_000, cacheWrite1hTokens: 20_000, cacheReadTokens: 40_000, longContext: true };
    expect(usd('claude-sonnet-4-5-20250929', g)).toBeCloseTo(0.6 + 0.225 + 0.375 + 0.24 + 0.024, 12);
    expect(usd('claude-sonnet-4-5-20250929', g)).toBeCloseTo(1.464, 12);
  });
  it('fast mode on claude-opus-4-6: 6× standard ($30 in, $150 out, $3 cache reads)', () => {
    const g = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 1_000_000, fast: true };
    expect(usd('claude-opus-4-6', g)).toBeCloseTo(30 + 15 + 3, 12);
  });
  it('fast mode stacks on long context: claude-opus-4-6 before 2026-03-13 at $60 in, $225 out', () => {
    const g = { inputTokens: 300_000, outputTokens: 10_000, longContext: true, fast: true };
    expect(usd('claude-opus-4-6', g, new Date('2026-02-20T10:00:00Z'))).toBeCloseTo(18 + 2.25, 12);
  });
  it('fast mode does not multiply web search', () => {
    expect(usd('claude-opus-4-6', { webSearchRequests: 1000, fast: true })).toBeCloseTo(10, 12);
  });
  it('fills what the data lacks: claude-2 cache kinds from input $8', () => {
    // 1.25 × 8 = $10, 2 × 8 = $16, 0.1 × 8 = $0.80; claude-3-haiku has no web search price: $10 per 1,000.
    expect(usd('claude-2.1', { cacheWrite5mTokens: 1_000_000 })).toBeCloseTo(10, 12);
    expect(usd('claude-2.1', { cacheWrite1hTokens: 1_000_000 })).toBeCloseTo(16, 12);
    expect(usd('claude-2.1', { cacheReadTokens: 1_000_000 })).toBeCloseTo(0.8, 12);
    expect(usd('claude-3-haiku-20240307', { webSearchRequests: 500 })).toBeCloseTo(5, 12);
  });
  it('breaks the total down by kind', () => {
    const r = priceTokens(group({ inputTokens: 1_000_000, outputTokens: 1_000_000, webSearchRequests: 100 }), pricing('claude-opus-4-5'));
    expect(r).toEqual({ ok: true, usd: 31, breakdown: { input: 5, output: 25, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, webSearch: 1 } });
  });
});

describe('a config override from a date', () => {
  const dated = buildPriceTable(MODELS, 'test', {
    'claude-sonnet-5-5': { from: '2026-11-15', input: 1.5 },
    'claude-house-1': { from: '2026-11-15', input: 1, output: 4 },
  });
  const at = (day: string) => new Date(`${day}T12:00:00Z`);

  it('applies from its day (UTC), and the price data’s own price applies before it', () => {
    expect(dated.lookup('claude-sonnet-5-5', at('2026-11-14'))).toMatchObject({ base: { input: 2, output: 10, cacheRead: 0.1 } });
    expect(dated.lookup('claude-sonnet-5-5', at('2026-11-14'))!.from).not.toContain('config');
    expect(dated.lookup('claude-sonnet-5-5', new Date('2026-11-15T00:00:00Z'))).toMatchObject({ base: { input: 1.5, output: 10, cacheRead: 0.1 } });
    expect(dated.lookup('claude-sonnet-5-5', at('2026-11-15'))!.from).toContain('with config overrides');
    expect(dated.changes('claude-sonnet-5-5')).toEqual(['2026-10-07', '2026-11-15']);
  });

  it('a model only the config knows has no price before its day: unpriced, not $0', () => {
    expect(dated.lookup('claude-house-1', at('2026-11-14'))).toBeNull();
    expect(dated.lookup('claude-house-1', at('2026-11-15'))).toMatchObject({ base: { input: 1, output: 4 }, from: 'config' });
  });

  it('without a date, applies to all history as before', () => {
    const always = buildPriceTable(MODELS, 'test', { 'claude-sonnet-5-5': { input: 1.5 } });
    expect(always.lookup('claude-sonnet-5-5', at('2026-01-01'))!.base.input).toBe(1.5);
  });
});

describe('long-context threshold', () => {
  const sonnet = 'claude-sonnet-4-5-20250929';
  it('a prompt of exactly 200,000 tokens is billed at base rates', () => {
    expect(promptBand(50_000 + 50_000 + 50_000 + 50_000) >= pricing(sonnet).longContextThreshold).toBe(false);
    // 50k × $3 + 50k × $3.75 + 50k × $6 + 50k × $0.30 + 1k × $15
    const g = { inputTokens: 50_000, cacheWrite5mTokens: 50_000, cacheWrite1hTokens: 50_000, cacheReadTokens: 50_000, outputTokens: 1_000, longContext: false };
    expect(usd(sonnet, g)).toBeCloseTo(0.6675, 12);
  });
  it('a prompt of 200,001 tokens is billed at long-context rates for every kind', () => {
    expect(promptBand(50_001 + 50_000 + 50_000 + 50_000) >= pricing(sonnet).longContextThreshold).toBe(true);
    // 50,001 × $6 + 50k × $7.50 + 50k × $12 + 50k × $0.60 + 1k × $22.50
    const g = { inputTokens: 50_001, cacheWrite5mTokens: 50_000, cacheWrite1hTokens: 50_000, cacheReadTokens: 50_000, outputTokens: 1_000, longContext: true };
    expect(usd(sonnet, g)).toBeCloseTo(1.327506, 12);
  });
  it('counts every prompt kind toward the threshold, and takes it from the data', () => {
    // Every kind counts toward the prompt: one over the threshold in any kind alone is long.
    for (const g of [{ cacheReadTokens: 200_001 }, { cacheWrite5mTokens: 200_001 }, { cacheWrite1hTokens: 200_001 }, { inputTokens: 200_001 }]) {
      const t = { inputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, ...g };
      expect(promptBand(t.inputTokens + t.cacheWrite5mTokens + t.cacheWrite1hTokens + t.cacheReadTokens)).toBe(200_000);
    }
    expect(promptBand(200_000)).toBe(128_000);
    expect(pricing(sonnet).longContextThreshold).toBe(200_000);
  });
  it('a model without long-context rates bills a long prompt at base rates', () => {
    expect(pricing('claude-opus-4-5').longContext).toBeNull();
    expect(usd('claude-opus-4-5', { inputTokens: 1_000_000, longContext: true })).toBeCloseTo(5, 12);
  });
});

describe('agreement with calcPrice', () => {
  const names = [
    'claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-6',
    'claude-sonnet-4-6', 'claude-opus-5', 'claude-3-5-haiku-20241022', 'claude-opus-4-1-20250805',
  ];
  const usages = [
    { input: 3, cw5m: 1_200, cw1h: 0, read: 45_000, output: 812, web: 0 },
    { input: 10_000, cw5m: 5_000, cw1h: 20_000, read: 120_000, output: 4_000, web: 3 },
    { input: 50_000, cw5m: 50_000, cw1h: 50_000, read: 50_000, output: 1_000, web: 0 },
    { input: 50_001, cw5m: 50_000, cw1h: 50_000, read: 50_000, output: 1_000, web: 0 },
    { input: 900, cw5m: 30_000, cw1h: 60_000, read: 410_000, output: 25_000, web: 12 },
  ];
  const times = ['2025-11-30T08:00:00Z', '2026-03-12T23:59:59Z', '2026-03-13T00:00:00Z', '2026-09-15T18:30:00Z'];

  for (const name of names) {
    it(name, () => {
      for (const at of times.map((t) => new Date(t))) {
        for (const u of usages) {
          const p = pricing(name, at);
          // The rule reports apply: the prompt's band against the model's threshold.
          const long = promptBand(u.input + u.cw5m + u.cw1h + u.read) >= p.longContextThreshold;
          const ours = priceTokens(
            group({
              inputTokens: u.input, outputTokens: u.output, cacheWrite5mTokens: u.cw5m, cacheWrite1hTokens: u.cw1h,
              cacheReadTokens: u.read, webSearchRequests: u.web, longContext: long,
            }),
            p,
          );
          // The package's input_tokens is the whole prompt; cache_write_tokens all writes, 1-hour ones included.
          const oracle = calcPrice(
            {
              input_tokens: u.input + u.cw5m + u.cw1h + u.read,
              cache_read_tokens: u.read,
              cache_write_tokens: u.cw5m + u.cw1h,
              cache_write_1h_tokens: u.cw1h,
              output_tokens: u.output,
              web_searches: u.web,
            },
            name,
            { providerId: 'anthropic', timestamp: at },
          );
          expect(oracle, `${name} at ${at.toISOString()}`).not.toBeNull();
          expect(p.modelId).toBe(oracle!.model.id);
          expect(ours.ok).toBe(true);
          if (ours.ok) expect(Math.abs(ours.usd - oracle!.total_price), `${name} ${JSON.stringify(u)} at ${at.toISOString()}`).toBeLessThan(1e-9);
        }
      }
    });
  }

  it('matches real names the way the package does', () => {
    const names = [
      'Claude-Opus-4-5', ' claude-sonnet-4-5 ', 'claude-opus-5-20260723', 'claude-3-7-sonnet-20250219',
      'claude-sonnet-4-20250514', 'claude-opus-5-5', 'claude-fable-5-1-20260801', 'xclaude-opus-4-5', 'claude-opus-5-2026',
    ];
    for (const name of names) {
      const oracle = calcPrice({ input_tokens: 1 }, name, { providerId: 'anthropic', timestamp: AT });
      expect(table.lookup(name, AT)?.modelId, name).toBe(oracle?.model.id);
    }
  });

  it('matches with every operator the way the package does, dates normalised to YYYY-MM-DD', () => {
    const prices = { input_mtok: 1, output_mtok: 1 };
    const models = [
      { id: 'starts', match: { starts_with: 'Abc' }, prices },
      { id: 'ends', match: { ends_with: '-END' }, prices },
      { id: 'both', match: { and: [{ contains: 'mid' }, { or: [{ equals: 'x-mid' }, { regex: '^y-mid-\\d+$' }] }] }, prices },
      { id: 'dated', match: { equals: 'dated-2025-09-29' }, prices },
    ];
    const t = buildPriceTable(models, 'test');
    const provider = { id: 'test', name: 'test', api_pattern: 'test', models };
    const names = ['abcdef', 'xabc', 'model-end', 'x-mid', 'y-mid-12', 'y-mid-x', 'z-mid', 'dated-20250929', 'dated-20250230', 'dated-2025-09-29'];
    const found = names.map((name) => t.lookup(name, AT)?.modelId ?? null);
    expect(found).toEqual(['starts', null, 'ends', 'both', 'both', null, null, 'dated', null, 'dated']);
    expect(found).toEqual(names.map((name) => calcPrice({ input_tokens: 1 }, name, { provider, timestamp: AT })?.model.id ?? null));
  });
});

describe('conditional prices', () => {
  it('resolves start_date constraints at the lookup time', () => {
    expect(pricing('claude-opus-4-6', new Date('2026-03-12T23:59:59Z')).longContext?.input).toBe(10);
    expect(pricing('claude-opus-4-6', new Date('2026-03-13T00:00:00Z')).longContext).toBeNull();
  });
  it('resolves once per model and UTC day', () => {
    const morning = table.lookup('claude-sonnet-4-6', new Date('2026-05-01T00:00:01Z'));
    expect(table.lookup('claude-sonnet-4-6', new Date('2026-05-01T23:59:59Z'))).toBe(morning);
    expect(table.lookup('claude-sonnet-4-6', new Date('2026-05-02T00:00:00Z'))).not.toBe(morning);
  });
  it('resolves time-of-day constraints at the exact time', () => {
    const models = [{
      id: 'night-model', match: { equals: 'night-model' },
      prices: [
        { prices: { input_mtok: 2, output_mtok: 4 } },
        { constraint: { type: 'time_of_date', start_time: '22:00:00Z', end_time: '06:00:00Z' }, prices: { input_mtok: 1, output_mtok: 2 } },
      ],
    }];
    const t = buildPriceTable(models, 'test');
    expect(t.lookup('night-model', new Date('2026-05-01T23:00:00Z'))?.base.input).toBe(1);
    expect(t.lookup('night-model', new Date('2026-05-01T12:00:00Z'))?.base.input).toBe(2);
    expect(t.lookup('night-model', new Date('2026-05-01T05:59:59Z'))?.base.input).toBe(1);
  });
});

describe('unpriced', () => {
  it('unknown and synthetic models have no price', () => {
    for (const name of ['gpt-4o', 'claude-unknown-9', '<synthetic>', '']) expect(table.lookup(name, AT)).toBeNull();
  });
  it('synthetic and empty names stay unpriced even when a pattern or an override would take them', () => {
    const t = buildPriceTable([{ id: 'any', match: { regex: '.*' }, prices: { input_mtok: 1, output_mtok: 1 } }], 'test', {
      '<synthetic>': { input: 1, output: 1 },
    });
    expect(t.lookup('anything', AT)?.modelId).toBe('any');
    expect(t.lookup('<synthetic>', AT)).toBeNull();
    expect(t.lookup('', AT)).toBeNull();
  });
  it('fast mode on a model without a multiplier is refused with a reason', () => {
    expect(pricing('claude-sonnet-4-5').fastMultiplier).toBeNull();
    expect(priceTokens(group({ inputTokens: 10, fast: true }), pricing('claude-sonnet-4-5'))).toEqual({
      ok: false,
      reason: 'no fast-mode price for claude-sonnet-4-5',
    });
  });
});

describe('overrides', () => {
  it('a partial override on a known model replaces only the given keys, for that exact name', () => {
    const t = buildPriceTable(MODELS, 'test', { 'Claude-Opus-4-5-20251101': { input: 4, fast_multiplier: 3 } });
    const p = t.lookup('claude-opus-4-5-20251101', AT)!;
    expect(p.modelId).toBe('claude-opus-4-5');
    expect(p.overridden).toBe(true);
    expect(p.base).toEqual({ input: 4, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5 });
    expect(p.fastMultiplier).toBe(3);
    // 1M input × $4 × 3
    expect(priceTokens(group({ inputTokens: 1_000_000, fast: true }), p)).toMatchObject({ ok: true, usd: 12 });
    expect(t.lookup('claude-opus-4-5', AT)!.base.input).toBe(5);
  });
  it('a long-context override changes the threshold and the given kinds', () => {
    const t = buildPriceTable(MODELS, 'test', { 'claude-sonnet-4-5': { long_context: { threshold: 100_000, output: 30 } } });
    const p = t.lookup('claude-sonnet-4-5', AT)!;
    expect(p.longContextThreshold).toBe(100_000);
    expect(p.longContext).toEqual({ input: 6, output: 30, cacheWrite5m: 7.5, cacheWrite1h: 12, cacheRead: 0.6 });
  });
  it('a long-context override on a flat model takes the rest from the base rates', () => {
    const t = buildPriceTable(MODELS, 'test', { 'claude-opus-4-5': { long_context: { input: 10 } } });
    const p = t.lookup('claude-opus-4-5', AT)!;
    expect(p.longContext).toEqual({ input: 10, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5 });
    expect(p.longContextThreshold).toBe(200_000);
  });
  it('a kind without tiers costs the same past the threshold; one the data lacks is filled from the long-context input', () => {
    const models = [{
      id: 'claude-tiered', match: { equals: 'claude-tiered' },
      prices: { input_mtok: { base: 2, tiers: [{ start: 150_000, price: 4 }] }, output_mtok: 10, cache_read_mtok: 0.3 },
    }];
    const p = buildPriceTable(models, 'test').lookup('claude-tiered', AT)!;
    expect(p.longContextThreshold).toBe(150_000);
    expect(p.base).toEqual({ input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.3 });
    expect(p.longContext).toEqual({ input: 4, output: 10, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.3 });
  });
  it('a full override prices a model the data does not know, deriving the rest', () => {
    const t = buildPriceTable(MODELS, 'test', { 'my-model': { input: 2, output: 8 } });
    const p = t.lookup('MY-MODEL', AT)!;
    expect(p).toEqual({
      modelId: 'my-model',
      base: { input: 2, output: 8, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
      longContext: null,
      longContextThreshold: 200_000,
      webSearchPer1k: 10,
      fastMultiplier: null,
      // A model the data does not know has no generation: US-only inference is not marked up.
      usOnlyMultiplier: 1,
      overridden: true,
      from: 'config',
    });
    // 1M × $2 + 1M × $8 + 1M × $0.20
    expect(usdOf(p, { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000 })).toBeCloseTo(10.2, 12);
  });
  it('an override for an unknown model without output names the model and the key', () => {
    expect(() => buildPriceTable(MODELS, 'test', { 'my-model': { input: 2 } })).toThrow(/my-model.*output/);
  });
});

describe('price source', () => {
  const version = (JSON.parse(readFileSync('node_modules/@pydantic/genai-prices/package.json', 'utf8')) as { version: string }).version;
  // Every provider some source names, in the cache's order, and the file named for them.
  const providers = [...new Set(SOURCES.flatMap((s) => s.priceProviders))].sort();
  const CACHE = `prices-${providers.join('+')}-${version}.json`;
  const ALL = providers.flatMap((providerId) => findProvider({ providerId })!.models);
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the cache on first use and reads only the cache afterwards', async () => {
    dir = mkdtempSync(join(tmpdir(), 'runway-prices-'));
    const file = join(dir, CACHE);
    const first = await loadPriceTable({ cacheDir: dir });
    expect(first.source).toBe(`@pydantic/genai-prices ${version} + runway fills 2026-12`);
    expect(first.lookup('claude-opus-4-5', AT)!.base.input).toBe(5);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir)).toEqual([CACHE]);
    expect(providers).toEqual(expect.arrayContaining(['anthropic', 'google', 'openai']));

    const cached = JSON.parse(readFileSync(file, 'utf8')) as { id: string; prices: { input_mtok: number } }[];
    cached.find((m) => m.id === 'claude-opus-4-5')!.prices.input_mtok = 123;
    writeFileSync(file, JSON.stringify(cached));
    const second = await loadPriceTable({ cacheDir: dir });
    expect(second.lookup('claude-opus-4-5', AT)!.base.input).toBe(123);
  });

  it('rebuilds a corrupt cache', async () => {
    dir = mkdtempSync(join(tmpdir(), 'runway-prices-'));
    const file = join(dir, CACHE);
    writeFileSync(file, '[{"id": "claude-opus-4-5", "pri');
    const t = await loadPriceTable({ cacheDir: dir });
    expect(t.lookup('claude-opus-4-5', AT)!.base.input).toBe(5);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(ALL)));
  });

  it('rebuilds a cache that parses but is not a models list', async () => {
    dir = mkdtempSync(join(tmpdir(), 'runway-prices-'));
    const file = join(dir, CACHE);
    for (const junk of ['{}', '[]', '[{"id": 7}]', '[{"id": "claude-opus-4-5", "match": null, "prices": {}}]']) {
      writeFileSync(file, junk);
      const t = await loadPriceTable({ cacheDir: dir });
      expect(t.lookup('claude-opus-4-5', AT)?.base.input, junk).toBe(5);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveLength(ALL.length);
    }
  });

  it('passes overrides through and says so in the source', async () => {
    dir = mkdtempSync(join(tmpdir(), 'runway-prices-'));
    const t = await loadPriceTable({ cacheDir: dir, overrides: { 'my-model': { input: 1, output: 2 } } });
    expect(t.source).toMatch(/\+ config overrides$/);
    expect(t.lookup('my-model', AT)!.base.output).toBe(2);
    await expect(loadPriceTable({ cacheDir: dir, overrides: { 'my-model': { output: 2 } } })).rejects.toThrow(/my-model.*input/);
  });
});

describe("other vendors' models", () => {
  const openai = buildPriceTable(findProvider({ providerId: 'openai' })!.models, 'test');
  it('bill a cache write as plain input, not at the 1.25× that Claude models pay', () => {
    const m = openai.lookup('gpt-5.3-codex', new Date('2026-02-23T12:00:00Z'))!;
    expect(m.base.input).toBe(1.75);
    expect(m.base.cacheRead).toBe(0.175);
    expect(m.base.cacheWrite5m).toBe(m.base.input);
    const claude = table.lookup('claude-sonnet-4-5', new Date('2026-02-23T12:00:00Z'))!;
    expect(claude.base.cacheWrite5m).toBeCloseTo(claude.base.input * 1.25, 12);
  });
  it('take a rate their data lacks at the input price, never at a guessed discount', () => {
    const odd = buildPriceTable([{ id: 'vendor-x', match: { equals: 'vendor-x' }, prices: { input_mtok: 2, output_mtok: 8 } }], 'test');
    const m = odd.lookup('vendor-x', new Date('2026-02-23T12:00:00Z'))!;
    expect(m.base).toMatchObject({ input: 2, output: 8, cacheRead: 2, cacheWrite5m: 2, cacheWrite1h: 2 });
  });
});
