// The hard stop: a call past the budget is never sent, with or without the worst-case
// estimate; concurrent calls stay within the documented bound; overlapping runs keep their
// own totals; calls outside any run pass through.
import { describe, expect, it } from 'vitest';
import { BudgetExceededError, guard, run, UnpricedModelError } from '../../sdk/index.js';
import { fakeApi, hi, PER_M, SONNET_45 } from './env.js';

const api = fakeApi();
// The fake's default answer: 1,000 input and 100 output tokens.
const CALL = (1000 * SONNET_45.input + 100 * SONNET_45.output) / PER_M; // $0.0045
// hi(1000): 65 input tokens at most, 1,000 output.
const WORST = (65 * SONNET_45.input + 1000 * SONNET_45.output) / PER_M; // $0.015195

describe('run() and guard(): the hard stop', () => {
  it('never sends the call after the budget is reached, and says what was spent', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    let caught: unknown;
    await run('stop', { budget: 0.008, estimate: false }, async (r) => {
      await client.messages.create(hi());
      await client.messages.create(hi());
      expect(r.report.spent).toBeCloseTo(2 * CALL, 12);
      caught = await client.messages.create(hi()).catch((e: unknown) => e);
    });
    expect(fake.count() - before).toBe(2);
    expect(caught).toBeInstanceOf(BudgetExceededError);
    const e = caught as BudgetExceededError;
    expect(e.spentSoFar).toBeCloseTo(0.009, 12);
    expect(e.budget).toBe(0.008);
    expect(e.callCount).toBe(2);
    expect(e.run).toBe('stop');
    expect(e.userId).toBeNull();
    expect(e.message).not.toContain('\n');
    expect(e.message).toContain('$0.0090 of $0.0080');
  });

  it('with the estimate, refuses a call whose worst case crosses the budget before sending it', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    const refused = await run('tight', { budget: WORST - 0.000001 }, () => client.messages.create(hi()).catch((e: unknown) => e));
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect((refused as Error).message).toContain('worst case $0.0152');
    expect(fake.count() - before).toBe(0);
    // A hair above the worst case, it goes, and costs what the answer says.
    const cost = await run('fits', { budget: WORST + 0.000001 }, async (r) => {
      await client.messages.create(hi());
      return r.report.spent;
    });
    expect(fake.count() - before).toBe(1);
    expect(cost).toBeCloseTo(CALL, 12);
  });

  it('with the estimate, Promise.all never overspends: in-flight worst cases are reserved', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    // Only the three that fit reach the server, each answered after 50 ms.
    fake.reply(...Array.from({ length: 3 }, () => ({ delayMs: 50 })));
    const budget = 0.05; // three worst cases fit (0.045585), a fourth does not
    const { results, spent } = await run('parallel', { budget }, async (r) => ({
      results: await Promise.allSettled(Array.from({ length: 10 }, () => client.messages.create(hi()))),
      spent: r.report.spent,
    }));
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((x) => x.status === 'rejected').every((x) => (x as PromiseRejectedResult).reason instanceof BudgetExceededError)).toBe(true);
    expect(fake.count() - before).toBe(3);
    expect(spent).toBeCloseTo(3 * CALL, 12);
    expect(spent).toBeLessThanOrEqual(budget);
  });

  it('without the estimate, overspends by at most the calls in flight when the limit is reached', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    await run('loose', { budget: 0.001, estimate: false, loop: false }, async (r) => {
      // All five are checked before any has finished: all five go.
      await Promise.all(Array.from({ length: 5 }, () => client.messages.create(hi())));
      expect(r.report.spent).toBeCloseTo(5 * CALL, 12);
      await expect(client.messages.create(hi())).rejects.toBeInstanceOf(BudgetExceededError);
    });
    expect(fake.count() - before).toBe(5);
  });

  it('keeps separate totals for overlapping runs, following timers and nested functions', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const other = guard(api.openai());
    const nested = () => client.messages.create(hi());
    const a = run('a', { budget: 1 }, async (r) => {
      await new Promise((done) => setTimeout(done, 20));
      await new Promise<void>((done) => setTimeout(() => void nested().then(() => done()), 5));
      await nested();
      return r.report;
    });
    const b = run('b', { budget: 1 }, async (r) => {
      await other.responses.create({ model: 'gpt-4o', input: 'hi', max_output_tokens: 100 });
      return r.report;
    });
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.calls.map((c) => c.provider)).toEqual(['anthropic', 'anthropic']);
    expect(ra.spent).toBeCloseTo(2 * CALL, 12);
    // gpt-4o: $2.50 input, $10 output per million.
    expect(rb.calls.map((c) => c.model)).toEqual(['gpt-4o']);
    expect(rb.spent).toBeCloseTo((1000 * 2.5 + 100 * 10) / PER_M, 12);
    expect(fake.count()).toBeGreaterThan(0);
  });

  it('reports each call and sums the run up in one line', async () => {
    const client = guard(api.anthropic());
    const report = await run('auth-refactor', { budget: 2 }, async (r) => {
      await client.messages.create(hi());
      await client.messages.create({ ...hi(), messages: [{ role: 'user', content: 'again' }] });
      return r.report;
    });
    expect(report.calls).toHaveLength(2);
    const [first, second] = report.calls;
    expect(first).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', id: expect.stringMatching(/^msg_/), from: 'usage' });
    expect(first!.tokens).toEqual({ input: 1000, output: 100, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, webSearches: 0, reasoning: 0 });
    expect(first!.cost).toBeCloseTo(CALL, 12);
    expect(second!.total).toBeCloseTo(2 * CALL, 12);
    expect(first!.ms).toBeGreaterThan(0);
    expect(report.budget).toBe(2);
    expect(report.remaining).toBeCloseTo(2 - 2 * CALL, 12);
    expect(report.summary()).toMatch(/^Run 'auth-refactor': 2 calls, \$0\.0090 of \$2\.00 \(0\.5%\), \d+\.\d\d s$/);
  });

  it('lets a call outside any run through, unguarded', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    const answer = await client.messages.create(hi());
    expect(answer.usage.output_tokens).toBe(100);
    expect(fake.count() - before).toBe(1);
  });

  it('refuses a model without a price unless the run gives one, and never counts it as $0', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    const e = await run('local', { budget: 1 }, () => client.messages.create(hi(1000, 'my-own-model')).catch((x: unknown) => x));
    expect(e).toBeInstanceOf(UnpricedModelError);
    expect((e as Error).message).toContain('prices');
    expect(fake.count() - before).toBe(0);
    const spent = await run('local', { budget: 1, prices: { 'my-own-model': { input: 1, output: 2 } } }, async (r) => {
      await client.messages.create(hi(1000, 'my-own-model'));
      return r.report.spent;
    });
    expect(spent).toBeCloseTo((1000 * 1 + 100 * 2) / PER_M, 12);
  });

  it('counts nothing for a call the API refused with an error status, and releases its reservation', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    fake.reply({ status: 529 });
    const report = await run('overloaded', { budget: WORST + 0.000001 }, async (r) => {
      await expect(client.messages.create(hi())).rejects.toMatchObject({ status: 529 });
      // The reservation is back: a second call of the same worst case fits.
      await client.messages.create(hi());
      return r.report;
    });
    expect(report.calls).toHaveLength(1);
    expect(report.spent).toBeCloseTo(CALL, 12);
  });
});
