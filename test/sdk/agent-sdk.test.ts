// guardQuery(): the Agent SDK's query held to the run's budget, with a fake query that
// behaves as the real one does (an async generator ending in a `result` message).
import { describe, expect, it } from 'vitest';
import { BudgetExceededError, guardQuery, run } from '../../sdk/index.js';
import './env.js';

interface Params {
  prompt: string;
  options?: { maxBudgetUsd?: number; model?: string };
}

/** A fake query: records the options it got, yields an assistant message, then the result. */
function fakeQuery(cost: number | null) {
  const seen: Params[] = [];
  const query = (params: Params) => {
    seen.push(params);
    async function* gen() {
      yield { type: 'assistant', message: { content: [{ type: 'text', text: 'done' }] } };
      if (cost !== null) {
        yield {
          type: 'result', subtype: 'success', session_id: 'sess-1', total_cost_usd: cost,
          modelUsage: { 'claude-sonnet-4-5': { inputTokens: 10, outputTokens: 20, cacheReadInputTokens: 30, cacheCreationInputTokens: 40, webSearchRequests: 0, costUSD: cost } },
        };
      }
    }
    return Object.assign(gen(), { interrupt: async () => 'interrupted' });
  };
  return { query, seen };
}

describe('guardQuery()', () => {
  it('passes the remaining budget as maxBudgetUsd and counts the result\'s cost', async () => {
    const { query, seen } = fakeQuery(0.25);
    const guarded = guardQuery(query);
    const report = await run('agent', { budget: 1 }, async (r) => {
      const q = guarded({ prompt: 'fix the tests' });
      expect(await q.interrupt()).toBe('interrupted');
      for await (const _ of q) void _;
      // What is left now, and the caller's smaller limit wins.
      for await (const _ of guarded({ prompt: 'again', options: { maxBudgetUsd: 0.1, model: 'x' } })) void _;
      return r.report;
    });
    expect(seen.map((p) => p.options?.maxBudgetUsd)).toEqual([1, 0.1]);
    expect(seen[1]!.options!.model).toBe('x');
    expect(report.spent).toBeCloseTo(0.5, 12);
    expect(report.calls[0]).toMatchObject({ provider: 'claude-agent-sdk', model: 'claude-sonnet-4-5', cost: 0.25, tokens: { input: 10, output: 20, cacheRead: 30, cacheWrite5m: 40 } });
  });

  it('refuses up front when the budget is spent, and passes through outside a run', async () => {
    const { query, seen } = fakeQuery(0.6);
    const guarded = guardQuery(query);
    await run('agent', { budget: 1 }, async () => {
      for await (const _ of guarded({ prompt: 'a' })) void _;
      // $0.40 left: the second query may spend at most that.
      for await (const _ of guarded({ prompt: 'b' })) void _;
      expect(() => guarded({ prompt: 'c' })).toThrow(BudgetExceededError);
    });
    expect(seen.map((p) => p.options?.maxBudgetUsd)).toEqual([1, expect.closeTo(0.4, 12)]);
    for await (const _ of guarded({ prompt: 'outside' })) void _;
    expect(seen).toHaveLength(3);
    expect(seen[2]!.options).toBeUndefined();
  });

  it('counts the whole allowance for a query that ends without a result', async () => {
    const { query } = fakeQuery(null);
    const spent = await run('agent', { budget: 0.3 }, async (r) => {
      for await (const _ of guardQuery(query)({ prompt: 'a' })) void _;
      return r.report.spent;
    });
    expect(spent).toBeCloseTo(0.3, 12);
  });
});
