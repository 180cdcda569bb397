// Every billing rule of Runway's engine, applied to what the responses say: cache writes
// (flat and nested), cache reads, long context, web searches, fast mode, US-only inference,
// the batch tier, and OpenAI's cached and reasoning tokens. Expected figures are worked out
// here from the published rates.
import { describe, expect, it } from 'vitest';
import { guard, run, UnpricedModelError } from '../../sdk/index.js';
import { inputUpperBound, worstCaseGroup } from '../../sdk/estimate.js';
import { priceTokens } from '../../core/pricing.js';
import { loadPriceTable } from '../../core/price-source.js';
import { defaultCacheDir } from '../../lib/paths.js';
import { fakeApi, hi, PER_M, SONNET_45 } from './env.js';

const api = fakeApi();

/** The cost of one Anthropic call answered with `usage`. */
async function anthropicCost(usage: Record<string, unknown>, model = 'claude-sonnet-4-5', body: Record<string, unknown> = {}): Promise<{ cost: number; tokens: unknown }> {
  api.fake().reply({ usage });
  const client = guard(api.anthropic());
  return run('price', { budget: 5, loop: false }, async (r) => {
    await client.messages.create({ ...hi(1000, model), ...body } as never);
    const call = r.report.calls[0]!;
    expect(call.from).toBe('usage');
    return { cost: call.cost, tokens: call.tokens };
  });
}

describe('pricing what the response used', () => {
  it('prices 5-minute and 1-hour cache writes and cache reads; writes are the larger of the flat and nested figures', async () => {
    const nested = await anthropicCost({ input_tokens: 100, output_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 10_000, cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 3000 } });
    expect(nested.cost).toBeCloseTo((100 * SONNET_45.input + 50 * SONNET_45.output + 2000 * SONNET_45.cw5m + 3000 * SONNET_45.cw1h + 10_000 * SONNET_45.read) / PER_M, 12);
    expect(nested.tokens).toMatchObject({ cacheWrite5m: 2000, cacheWrite1h: 3000, cacheRead: 10_000 });
    const flat = await anthropicCost({ input_tokens: 100, output_tokens: 50, cache_creation_input_tokens: 5000, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 } });
    expect(flat.tokens).toMatchObject({ cacheWrite5m: 3000, cacheWrite1h: 2000 });
    expect(flat.cost).toBeCloseTo((100 * 3 + 50 * 15 + 3000 * 3.75 + 2000 * 6) / PER_M, 12);
    // Without the nested split, every write is a 5-minute one.
    const old = await anthropicCost({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 4000 });
    expect(old.cost).toBeCloseTo((4000 * 3.75) / PER_M, 12);
  });

  it('bills a whole request at long-context rates when its prompt (input + cache writes + reads) passes the threshold', async () => {
    // Sonnet 4.5 above 200k: $6 input, $22.50 output, $0.60 cache read.
    const long = await anthropicCost({ input_tokens: 150_000, output_tokens: 1000, cache_creation_input_tokens: 0, cache_read_input_tokens: 60_000 });
    expect(long.cost).toBeCloseTo((150_000 * 6 + 1000 * 22.5 + 60_000 * 0.6) / PER_M, 12);
    const under = await anthropicCost({ input_tokens: 140_000, output_tokens: 1000, cache_creation_input_tokens: 0, cache_read_input_tokens: 60_000 });
    expect(under.cost).toBeCloseTo((140_000 * 3 + 1000 * 15 + 60_000 * 0.3) / PER_M, 12);
    // Haiku 5.5 above 100k: $0.50 / $2.50, output included.
    const haiku = await anthropicCost({ input_tokens: 100_001, output_tokens: 100 }, 'claude-haiku-5-5');
    expect(haiku.cost).toBeCloseTo((100_001 * 0.5 + 100 * 2.5) / PER_M, 12);
  });

  it('adds $10 per 1,000 web searches', async () => {
    const r = await anthropicCost({ input_tokens: 1000, output_tokens: 100, server_tool_use: { web_search_requests: 3 } });
    expect(r.cost).toBeCloseTo((1000 * 3 + 100 * 15) / PER_M + 3 * 0.01, 12);
    expect(r.tokens).toMatchObject({ webSearches: 3 });
  });

  it('applies fast mode, US-only inference (stacked) and the batch tier as the usage says', async () => {
    // Opus 4.8: $5 / $25; fast 2×, US-only 1.1×.
    const fast = await anthropicCost({ input_tokens: 1000, output_tokens: 100, speed: 'fast' }, 'claude-opus-4-8');
    expect(fast.cost).toBeCloseTo(((1000 * 5 + 100 * 25) * 2) / PER_M, 12);
    const us = await anthropicCost({ input_tokens: 1000, output_tokens: 100, cache_read_input_tokens: 1000, inference_geo: 'us' }, 'claude-opus-4-8');
    expect(us.cost).toBeCloseTo(((1000 * 5 + 100 * 25 + 1000 * 0.5) * 1.1) / PER_M, 12);
    const both = await anthropicCost({ input_tokens: 1000, output_tokens: 100, speed: 'fast', inference_geo: 'us' }, 'claude-opus-4-8');
    expect(both.cost).toBeCloseTo(((1000 * 5 + 100 * 25) * 2 * 1.1) / PER_M, 12);
    const batch = await anthropicCost({ input_tokens: 1000, output_tokens: 100, cache_read_input_tokens: 1000, service_tier: 'batch' });
    expect(batch.cost).toBeCloseTo(((1000 * 3 + 100 * 15) * 0.5 + 1000 * 0.3) / PER_M, 12);
  });

  it('refuses a fast request to a model without a fast-mode price, before sending it', async () => {
    const fake = api.fake();
    const before = fake.count();
    const client = guard(api.anthropic());
    const e = await run('fast', { budget: 5 }, () => client.messages.create({ ...hi(1000, 'claude-opus-5-5'), speed: 'fast' } as never).catch((x: unknown) => x));
    expect(e).toBeInstanceOf(UnpricedModelError);
    expect(fake.count() - before).toBe(0);
  });

  it('takes OpenAI\'s cached tokens out of the input and keeps reasoning inside output, for both APIs', async () => {
    const client = guard(api.openai());
    // gpt-4o: $2.50 input, $1.25 cached, $10 output.
    const expected = ((2000 - 1500) * 2.5 + 1500 * 1.25 + 300 * 10) / PER_M;
    api.fake().reply(
      { usage: { input_tokens: 2000, input_tokens_details: { cached_tokens: 1500 }, output_tokens: 300, output_tokens_details: { reasoning_tokens: 200 }, total_tokens: 2300 } },
      { usage: { prompt_tokens: 2000, prompt_tokens_details: { cached_tokens: 1500 }, completion_tokens: 300, completion_tokens_details: { reasoning_tokens: 200 }, total_tokens: 2300 } },
    );
    const calls = await run('openai', { budget: 5 }, async (r) => {
      await client.responses.create({ model: 'gpt-4o', input: 'hi', max_output_tokens: 500 });
      await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 500 });
      return r.report.calls;
    });
    for (const c of calls) {
      expect(c.tokens).toEqual({ input: 500, output: 300, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 1500, webSearches: 0, reasoning: 200 });
      expect(c.cost).toBeCloseTo(expected, 12);
    }
  });

  it('counts the worst case for a response whose usage cannot be read, never $0', async () => {
    api.fake().reply({ usage: { input_tokens: -5, output_tokens: 'many' } });
    const client = guard(api.anthropic());
    const call = await run('broken', { budget: 5 }, async (r) => {
      await client.messages.create(hi());
      return r.report.calls[0]!;
    });
    expect(call.from).toBe('estimate');
    expect(call.cost).toBeCloseTo((65 * 3 + 1000 * 15) / PER_M, 12);
  });
});

describe('the worst case before a call', () => {
  it('bounds the input by UTF-8 bytes plus fixed overheads', () => {
    // 32 per request, 8 per message; "messages" 8 bytes, "role" 4, "user" 4, "content" 7, "hi" 2.
    expect(inputUpperBound(hi())).toBe(32 + 8 + 8 + 4 + 4 + 7 + 2);
    // A multi-byte character counts its bytes: "é" is 2.
    expect(inputUpperBound({ model: 'm', input: 'é' })).toBe(32 + 5 + 2);
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(100_000) } };
    const withImage = inputUpperBound({ model: 'm', messages: [{ role: 'user', content: [image] }] });
    expect(withImage).toBe(32 + 8 + 8 + 4 + 4 + 7 + 5000);
    const tools = inputUpperBound({ model: 'm', tools: [{ name: 'ls', input_schema: { type: 'object' } }] });
    expect(tools).toBe(32 + 1000 + 5 + 4 + 2 + 12 + 4 + 6);
    // Ordinary English: about 4 bytes a token, so the bound is about 4× the real count.
    const english = 'The quick brown fox jumps over the lazy dog while the farmer watches from the porch. '.repeat(20);
    expect(inputUpperBound({ model: 'm', input: english }) / (english.length / 4)).toBeGreaterThan(3.9);
  });

  it('takes the dearest input rate that could apply: a 1-hour cache write when asked for, long context past the threshold', async () => {
    const table = await loadPriceTable({ cacheDir: defaultCacheDir() });
    const sonnet = table.lookup('claude-sonnet-4-5', new Date('2026-12-01'))!;
    const cached = { ...hi(), system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '1h' } }] };
    const bound = inputUpperBound(cached);
    const w = priceTokens(worstCaseGroup(cached, sonnet, bound, 1000), sonnet);
    expect(w.ok && w.usd).toBeCloseTo((bound * 6 + 1000 * 15) / PER_M, 12);
    const five = { ...hi(), system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }] };
    const w5 = priceTokens(worstCaseGroup(five, sonnet, 300_000, 1000), sonnet);
    // Past 200k: the long-context 5-minute write rate ($7.50) and output ($22.50).
    expect(w5.ok && w5.usd).toBeCloseTo((300_000 * 7.5 + 1000 * 22.5) / PER_M, 12);
  });

  it('asks for an output cap when it must estimate one, and goes without one when the estimate is off', async () => {
    const fake = api.fake();
    const before = fake.count();
    const client = guard(api.openai());
    await run('cap', { budget: 5 }, async () => {
      await expect(client.responses.create({ model: 'gpt-4o', input: 'hi' })).rejects.toThrow(/max_output_tokens/);
    });
    expect(fake.count() - before).toBe(0);
    await run('no-cap', { budget: 5, estimate: false }, () => client.responses.create({ model: 'gpt-4o', input: 'hi' }));
    expect(fake.count() - before).toBe(1);
  });
});
