// Our price rows on top of the package: each published price rule against a figure
// worked out by hand, and the list of every model where the package and our rows disagree,
// so a package update that adds or changes one of them fails here and is looked at.
import { findProvider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { buildPriceTable, FILLS, priceTokens, promptBand, type Rates, type TokenGroup } from '../../core/pricing.js';
import { PRICE_FILLS } from '../../core/price-fills.js';

const MODELS = findProvider({ providerId: 'anthropic' })!.models;
const table = buildPriceTable(MODELS, 'test');
const packageOnly = buildPriceTable(MODELS, 'test', {}, []);

function usd(model: string, day: string, g: Partial<TokenGroup>): number {
  const p = table.lookup(model, new Date(`${day}T12:00:00Z`));
  if (!p) throw new Error(`no price for ${model}`);
  const tokens = { inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, webSearchRequests: 0, ...g };
  const prompt = tokens.inputTokens + tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens + tokens.cacheReadTokens;
  const r = priceTokens({ ...tokens, longContext: promptBand(prompt) >= p.longContextThreshold, fast: g.fast ?? false }, p);
  if (!r.ok) throw new Error(r.reason);
  return r.usd;
}

describe('price fills', () => {
  it.each([
    // Haiku 5.5: $0.10/$0.50 up to a 100,000-token prompt; past it $0.50/$2.50 for every token of the request.
    ['Haiku 5.5 at a 100,000-token prompt: the lower band', 'claude-haiku-5-5', '2026-11-02', { inputTokens: 100_000, outputTokens: 1000 }, 0.01 + 0.0005],
    ['Haiku 5.5 one token over: the higher band, output included', 'claude-haiku-5-5', '2026-11-02', { inputTokens: 100_001, outputTokens: 1000 }, 0.0500005 + 0.0025],
    ['Haiku 5.5: cache reads count toward the prompt', 'claude-haiku-5-5-20261007', '2026-11-02', { inputTokens: 1, cacheReadTokens: 100_000, outputTokens: 10 }, 0.0000005 + 0.005 + 0.000025],
    ['Haiku 5.5 cache writes, lower band', 'claude-haiku-5-5', '2026-11-02', { cacheWrite5mTokens: 40_000, cacheWrite1hTokens: 50_000 }, 0.005 + 0.01],
    ['Sonnet 5.5 cache read the day before the cut: $0.20', 'claude-sonnet-5-5', '2026-10-06', { cacheReadTokens: 1_000_000 }, 0.2],
    ['Sonnet 5.5 cache read from 2026-10-07: $0.10', 'claude-sonnet-5-5', '2026-10-07', { cacheReadTokens: 1_000_000 }, 0.1],
    ['Sonnet 5.5 input and output do not change', 'claude-sonnet-5-5-20260928', '2026-11-02', { inputTokens: 1_000_000, outputTokens: 100_000 }, 2 + 1],
    ['Fable 5.1 cache read is 0.025× input', 'claude-fable-5-1', '2026-11-02', { cacheReadTokens: 1_000_000 }, 0.25],
    ['Mythos 5.1 costs what Fable 5.1 does', 'claude-mythos-5-1', '2026-11-02', { inputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWrite1hTokens: 1_000_000 }, 10 + 0.25 + 20],
    ['Mythos 5 costs what Fable 5 does', 'claude-mythos-5', '2026-11-02', { outputTokens: 1_000_000, cacheReadTokens: 1_000_000 }, 50 + 1],
    ['a [1m] tag names the same prices', 'claude-opus-5-5[1m]', '2026-11-02', { inputTokens: 1_000_000, outputTokens: 100_000 }, 4 + 2],
    ['Opus 5.5 bills the whole 1M window at standard rates', 'claude-opus-5-5', '2026-11-02', { inputTokens: 900_000 }, 3.6],
  ])('%s', (_what, model, day, tokens, expected) => {
    expect(usd(model, day, tokens)).toBeCloseTo(expected, 12);
  });

  it('leaves a fast Opus 5.5 record unpriced: no official fast price', () => {
    const p = table.lookup('claude-opus-5-5', new Date('2026-11-02T12:00:00Z'))!;
    expect(priceTokens({ inputTokens: 10, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, webSearchRequests: 0, longContext: false, fast: true }, p))
      .toEqual({ ok: false, reason: 'no fast-mode price for claude-opus-5-5' });
    expect(FILLS.fastMultiplier['claude-opus-5']).toBe(2);
  });

  it('cites a source and the date it was checked on every row', () => {
    for (const f of PRICE_FILLS) {
      expect(f.source, f.id).toMatch(/^https:\/\//);
      expect(f.checked, f.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(f.why.length, f.id).toBeGreaterThan(20);
    }
  });

  it('lists every model where the package and our rows disagree (a change here means the package changed)', () => {
    const days = ['2026-10-06', '2026-12-01'];
    const kinds: (keyof Rates)[] = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'];
    const disagreements: string[] = [];
    for (const f of PRICE_FILLS) {
      for (const day of days) {
        const at = new Date(`${day}T12:00:00Z`);
        const ours = table.lookup(f.id, at)!;
        const theirs = packageOnly.lookup(f.id, at);
        if (!theirs) {
          disagreements.push(`${f.id} ${day}: not in the package`);
          continue;
        }
        for (const k of kinds) {
          if (theirs.base[k] !== ours.base[k]) disagreements.push(`${f.id} ${day}: ${k} package ${theirs.base[k]} (${theirs.modelId}), ours ${ours.base[k]}`);
        }
        if (theirs.longContextThreshold !== ours.longContextThreshold || Boolean(theirs.longContext) !== Boolean(ours.longContext)) {
          disagreements.push(`${f.id} ${day}: long context package ${theirs.longContext ? theirs.longContextThreshold : 'none'}, ours ${ours.longContext ? ours.longContextThreshold : 'none'}`);
        }
      }
    }
    expect(disagreements).toEqual([
      'claude-haiku-5-5 2026-10-06: not in the package',
      'claude-haiku-5-5 2026-12-01: not in the package',
      'claude-sonnet-5-5 2026-12-01: cacheRead package 0.2 (claude-sonnet-5), ours 0.1',
      'claude-mythos-5-1 2026-10-06: not in the package',
      'claude-mythos-5-1 2026-12-01: not in the package',
      'claude-mythos-5 2026-10-06: not in the package',
      'claude-mythos-5 2026-12-01: not in the package',
    ]);
  });
});
