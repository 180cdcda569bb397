// guardQuery(query): @anthropic-ai/claude-agent-sdk's query() held to the current run's
// budget, matched by shape (no dependency on the package). The Agent SDK runs Claude Code,
// which enforces `maxBudgetUsd` itself and writes its own transcripts (entrypoint sdk-ts)
// that Runway already reads: so its cost is counted in the run's report, never recorded.
import { currentRun } from './run.js';
import type { CallReport } from './types.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const money = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1e9 ? v : null);
const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1e12 ? v : 0);

export function guardAgentQuery<Q extends (params: { prompt: unknown; options?: object }) => unknown>(query: Q): Q {
  if (typeof query !== 'function') throw new TypeError(`runway-budget: guardQuery() takes the Agent SDK's query function, got ${typeof query}`);
  const guarded = (params: { prompt: unknown; options?: object }) => {
    const state = currentRun();
    if (!state || !isRec(params)) return query(params);
    const { remaining } = state.beginAgentQuery();
    const asked = money(isRec(params.options) ? params.options.maxBudgetUsd : undefined);
    const allowance = asked === null ? remaining : Math.min(asked, remaining);
    const t0 = performance.now();
    let settled = false;
    const settle = (result: Rec | null) => {
      if (settled) return;
      settled = true;
      const total = result ? money(result.total_cost_usd) : null;
      // No result (the query stopped early, or said no cost): its whole allowance, never $0.
      const cost = total ?? allowance;
      const calls: Omit<CallReport, 'total'>[] = [];
      const usage = result && isRec(result.modelUsage) ? result.modelUsage : {};
      for (const [model, u] of Object.entries(usage)) {
        if (!isRec(u)) continue;
        calls.push({
          provider: 'claude-agent-sdk', model, id: typeof result?.session_id === 'string' ? result.session_id : null,
          tokens: { input: count(u.inputTokens), output: count(u.outputTokens), cacheWrite5m: count(u.cacheCreationInputTokens), cacheWrite1h: 0, cacheRead: count(u.cacheReadInputTokens), webSearches: count(u.webSearchRequests), reasoning: 0 },
          cost: money(u.costUSD) ?? 0, ms: performance.now() - t0, from: total === null ? 'estimate' : 'usage',
        });
      }
      if (!calls.length) {
        calls.push({ provider: 'claude-agent-sdk', model: '', id: null, tokens: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, webSearches: 0, reasoning: 0 }, cost, ms: performance.now() - t0, from: total === null ? 'estimate' : 'usage' });
      }
      state.settleAgentResult(remaining, cost, calls);
    };
    let q: unknown;
    try {
      q = query({ ...params, options: { ...(isRec(params.options) ? params.options : {}), maxBudgetUsd: allowance } });
    } catch (e) {
      settle(null);
      throw e;
    }
    if (!isRec(q) || typeof q.next !== 'function') {
      settle(null);
      return q;
    }
    const target = q as Rec & AsyncIterator<unknown>;
    const see = (r: IteratorResult<unknown>) => {
      const m = r.value;
      if (!r.done && isRec(m) && m.type === 'result') settle(m);
      if (r.done) settle(null);
      return r;
    };
    // The query object is a generator with methods of its own (interrupt, …): each runs on it.
    const view: object = new Proxy(target, {
      get(t, key) {
        if (key === Symbol.asyncIterator) return () => view;
        if (key === 'next') return (...a: [unknown?]) => t.next(...a).then(see, (e: unknown) => (settle(null), Promise.reject(e)));
        if (key === 'return') return (v?: unknown) => (settle(null), t.return ? t.return(v) : Promise.resolve({ done: true, value: v }));
        const v = Reflect.get(t, key, t);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    return view;
  };
  return guarded as unknown as Q;
}
