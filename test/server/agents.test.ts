// ?agent= on every route that takes ?scope=: each answer counts exactly the rows of the agents
// asked for, all is the sum of the agents, the config's budget_agents is the default view
// and the budget figures compare whatever is viewed with the budget, and /api/agents splits
// the period per agent with shares that add up to the whole.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { appOptions, build, HOST } from '../helpers/app.js';
import { AGENT_TABLE, NOW, sums, writeAgentRows } from '../helpers/agents.js';
import { tempDb } from '../helpers/logs.js';
import { openDb } from '../../store/db.js';
import { DashboardState } from '../../figures/state.js';
import { agentsOf } from '../../figures/views.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
});

async function setup(config: Record<string, unknown> = { monthly_budget: 200 }) {
  const db = openDb(tempDb());
  writeAgentRows(db);
  const opts = { db, config, table: AGENT_TABLE, now: () => NOW };
  const app = await build(opts);
  apps.push(app);
  const get = async (url: string) => {
    const res = await app.inject({ url, headers: HOST });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  return { app, get, state: new DashboardState(appOptions(opts)) };
}

type Row = { cost: number; tokens?: number; responses: number; unpricedResponses: number };
const total = (rows: Row[]) => rows.reduce((t, r) => ({ cost: t.cost + r.cost, responses: t.responses + r.responses, unpriced: t.unpriced + r.unpricedResponses }), { cost: 0, responses: 0, unpriced: 0 });

/** What each route says the period holds, for one query. */
async function figures(get: (url: string) => Promise<any>, query: string) {
  const [summary, daily, models, projects, sessions, agents] = await Promise.all(
    ['summary', 'daily', 'models', 'projects', 'sessions', 'agents'].map((r) => get(`/api/${r}?${query}`)),
  );
  const days = daily.days as (Row & { reasoningTokens: number; premiumRequests: number })[];
  return {
    summary: { cost: summary.totals.cost, responses: summary.totals.responses, unpriced: summary.totals.unpricedResponses },
    spent: summary.spentToDate as number,
    daily: { ...total(days), reasoning: days.reduce((s, d) => s + d.reasoningTokens, 0), premium: days.reduce((s, d) => s + d.premiumRequests, 0) },
    models: total(models.models),
    projects: total(projects.projects),
    // The period's sessions: the recent list reaches back further.
    sessions: total(sessions.sessions.filter((s: { lastAt: number }) => s.lastAt >= Date.parse('2026-11-01T00:00:00Z'))),
    agents: total(agents.agents),
    raw: { summary, models, projects, sessions, agents },
  };
}

function expectCounts(f: Awaited<ReturnType<typeof figures>>, agents: string[] | 'all') {
  const want = sums(agents);
  for (const part of ['summary', 'daily', 'models', 'projects', 'sessions', 'agents'] as const) {
    expect(f[part].cost, part).toBeCloseTo(want.cost, 9);
    expect(f[part].responses, part).toBe(want.responses);
    expect(f[part].unpriced, part).toBe(want.unpricedResponses);
  }
  expect(f.spent).toBeCloseTo(want.cost, 9);
  expect(f.daily.reasoning).toBe(want.reasoningTokens);
  expect(f.daily.premium).toBe(want.premiumRequests);
}

describe('?agent=', () => {
  it('codex: every route counts exactly the Codex rows, and each row says whose it is', async () => {
    const { get } = await setup();
    const f = await figures(get, 'agent=codex');
    expectCounts(f, ['codex']);
    expect(f.spent).toBeCloseTo(28, 9);
    expect(f.raw.summary).toMatchObject({ agent: 'codex', budgetAgents: 'all', sessions: 2 });
    expect(f.raw.summary.unpriced).toEqual([{ agent: 'codex', model: 'gpt-mystery', reason: 'no price for model gpt-mystery', responses: 1, tokens: 1000 }]);
    for (const m of f.raw.models.models) expect(m.agent).toBe('codex');
    expect(f.raw.models.models.find((m: { model: string }) => m.model === 'gpt-test-1')).toMatchObject({ reasoningTokens: 500_000, premiumRequests: 0 });
    for (const p of f.raw.projects.projects) expect(p.agents).toEqual(['codex']);
    expect(f.raw.sessions.sessions.map((s: { sessionId: string; agent: string }) => `${s.agent}:${s.sessionId}`).sort()).toEqual(['codex:cx-a', 'codex:cx-b']);
  });

  it('all is the sum of the agents, and a list counts the agents it names', async () => {
    const { get } = await setup();
    const all = await figures(get, 'agent=all');
    expectCounts(all, 'all');
    expect(all.spent).toBeCloseTo(74, 9);
    const each = await Promise.all(['claude-code', 'codex', 'copilot'].map((a) => figures(get, `agent=${a}`)));
    expect(each.reduce((s, f) => s + f.spent, 0)).toBeCloseTo(all.spent, 9);
    expect(each.reduce((s, f) => s + f.summary.responses, 0)).toBe(all.summary.responses);
    expectCounts(await figures(get, 'agent=copilot,claude-code'), ['claude-code', 'copilot']);
    // One model through two agents is two rows.
    expect(all.raw.models.models.filter((m: { model: string }) => m.model === 'claude-test-1').map((m: { agent: string }) => m.agent).sort()).toEqual(['claude-code', 'copilot']);
    expect(all.raw.projects.projects.find((p: { project: string }) => p.project === '/home/dev/api').agents).toEqual(['claude-code', 'codex', 'copilot']);
  });

  it('goes with ?scope=: programmatic Claude Code is its sdk-* rows alone', async () => {
    const { get } = await setup();
    expect((await get('/api/summary?agent=claude-code&scope=programmatic')).spentToDate).toBeCloseTo(35, 9);
    expect((await get('/api/summary?agent=codex&scope=programmatic')).spentToDate).toBe(0);
  });

  it('estimates the 5-hour blocks of the agents asked for', async () => {
    const { get } = await setup();
    const blocks = async (q: string) => total((await get(`/api/quota?${q}`)).blocks);
    // Blocks ending in the last day: Claude Code's $30 yesterday at 14:00 and $5 today, Codex's
    // $8 and an unpriced response, Copilot's $1.
    expect(await blocks('agent=codex')).toEqual({ cost: 8, responses: 2, unpriced: 1 });
    expect(await blocks('agent=claude-code')).toEqual({ cost: 35, responses: 2, unpriced: 0 });
    expect((await blocks('agent=all')).cost).toBeCloseTo(44, 9);
  });

  it('is refused with a 400 naming the parameter and what it takes, on every route that takes it', async () => {
    const { app } = await setup();
    for (const route of ['summary', 'daily', 'models', 'agents', 'projects', 'sessions', 'quota', 'events']) {
      for (const bad of ['cursor', 'codex,', '']) {
        const res = await app.inject({ url: `/api/${route}?agent=${bad}`, headers: HOST });
        expect(res.statusCode, `${route} ${bad}`).toBe(400);
        expect(res.json().error).toBe(`bad query: agent ${JSON.stringify(bad)}: expected all, or one or more of claude-code, codex, gemini, opencode, copilot, sdk, comma-separated`);
      }
    }
  });
});

describe('budget_agents', () => {
  it('is the default view, and the budget figures compare the view shown with the budget', async () => {
    const { get } = await setup({ monthly_budget: 200, budget_agents: ['codex'] });
    const budgeted = await figures(get, '');
    expectCounts(budgeted, ['codex']);
    expect(budgeted.raw.summary).toMatchObject({ agent: 'codex', budgetAgents: 'codex', budget: 200 });
    expect(budgeted.raw.summary.remaining).toBeCloseTo(200 - 28, 9);
    // --agent overrides the view; the budget is the same, so the figures judge all of it against it.
    const all = await get('/api/summary?agent=all');
    expect(all).toMatchObject({ agent: 'all', budgetAgents: 'codex' });
    expect(all.remaining).toBeCloseTo(200 - 74, 9);
    expect(all.projectedSpend).toBeGreaterThan(budgeted.raw.summary.projectedSpend);
  });

  it('of all (the default) shows every agent', async () => {
    const { get } = await setup();
    expect(await get('/api/summary')).toMatchObject({ agent: 'all', budgetAgents: 'all', agentNames: ['claude-code', 'codex', 'gemini', 'opencode', 'copilot', 'sdk'] });
    expectCounts(await figures(get, ''), 'all');
  });
});

describe('/api/agents', () => {
  it('gives each agent its cost, tokens, responses and share; the shares add up to the whole', async () => {
    const { get, state } = await setup();
    const body = await get('/api/agents');
    expect(body).toStrictEqual(JSON.parse(JSON.stringify(agentsOf(state, {}))));
    expect(body.unit).toBe('usd');
    expect(body.agents.map((a: { agent: string }) => a.agent)).toEqual(['claude-code', 'codex', 'copilot']);
    for (const a of body.agents) {
      const want = sums([a.agent]);
      expect(a.cost, a.agent).toBeCloseTo(want.cost, 9);
      expect(a, a.agent).toMatchObject({ tokens: want.tokens, responses: want.responses, unpricedResponses: want.unpricedResponses, reasoningTokens: want.reasoningTokens, premiumRequests: want.premiumRequests });
      expect(a.share, a.agent).toBeCloseTo(want.cost / 74, 12);
    }
    expect(body.agents.reduce((s: number, a: { share: number }) => s + a.share, 0)).toBeCloseTo(1, 12);
    expect(body.agents[1]).toMatchObject({ agent: 'codex', unpricedTokens: 1000 });
  });

  it('shares tokens under a token budget, and follows the filter and the period', async () => {
    const { get } = await setup({ monthly_budget: 1e9, budget_unit: 'tokens' });
    const body = await get('/api/agents');
    expect(body.unit).toBe('tokens');
    for (const a of body.agents) expect(a.share, a.agent).toBeCloseTo(sums([a.agent]).tokens / sums('all').tokens, 12);
    expect((await get('/api/agents?agent=codex,copilot')).agents.map((a: { agent: string }) => a.agent)).toEqual(['codex', 'copilot']);
    expect((await get('/api/agents?period=2026-10-05')).agents).toMatchObject([{ agent: 'claude-code', responses: 1, share: 1 }]);
  });
});
