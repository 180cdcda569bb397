// /api/last-request: the newest response of the view, its counts and cost, beside the period's totals.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { build, HOST } from '../helpers/app.js';
import { AGENT_TABLE, NOW, writeAgentRows } from '../helpers/agents.js';
import { tempDb } from '../helpers/logs.js';
import { openDb } from '../../store/db.js';
import { Store } from '../../store/writer.js';
import { demoEvent } from '../../server/demo.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function setup() {
  const db = openDb(tempDb());
  writeAgentRows(db);
  // Newer than every other row, by Claude Code: 1k uncached input, 2k written, 3k read, 4k output.
  new Store(db).write([demoEvent('claude-code-last', NOW - 60_000, 'cc-last', '/home/dev/api', 'cli', 'claude-test-1', { input: 1000, output: 4000, write: 2000, read: 3000 })], []);
  const app = await build({ db, table: AGENT_TABLE, now: () => NOW });
  apps.push(app);
  return (url: string) => app.inject({ url, headers: HOST });
}

describe('/api/last-request', () => {
  it('is the newest response of the filter, priced, beside the period totals', async () => {
    const get = await setup();
    const all = (await get('/api/last-request')).json();
    // $0.001 + $0.04 + $0.0025 + $0.0003
    expect(all.latest).toMatchObject({
      ts: NOW - 60_000, agent: 'claude-code', model: 'claude-test-1', sessionId: 'cc-last', inputTokens: 1000,
      cacheWriteTokens: 2000, cacheReadTokens: 3000, outputTokens: 4000, reasoningTokens: 0, unpricedReason: null,
    });
    expect(all.latest.cost).toBeCloseTo(0.0438, 12);
    // The period's $74 of AGENT_ROWS and this response; one Codex response unpriced.
    expect(all.totals).toMatchObject({ responses: 8, cacheWriteTokens: 2000, cacheReadTokens: 3000, unpricedResponses: 1 });
    expect(all.totals.cost).toBeCloseTo(74.0438, 9);

    // Codex's newest is its unpriced response: no cost, with the reason.
    const codex = (await get('/api/last-request?agent=codex')).json();
    expect(codex.latest).toMatchObject({ agent: 'codex', model: 'gpt-mystery', cost: null, unpricedReason: 'no price for model gpt-mystery' });
    expect(codex.totals).toMatchObject({ responses: 3, unpricedResponses: 1 });
    expect((await get('/api/last-request?agent=copilot')).json().latest).toMatchObject({ agent: 'copilot', ts: Date.parse('2026-11-18T11:00:00Z') });
    expect((await get('/api/last-request?agent=claude-code&scope=programmatic')).json().latest).toMatchObject({ sessionId: 'cc-b' });
  });

  it('has no latest response in a period without any', async () => {
    const get = await setup();
    const past = (await get('/api/last-request?period=2026-09-10')).json();
    expect(past).toEqual({ latest: null, totals: { responses: 0, inputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, outputTokens: 0, reasoningTokens: 0, cost: 0, unpricedResponses: 0 } });
    expect((await get('/api/last-request?period=2026-10-05')).json().latest).toMatchObject({ sessionId: 'cc-old' });
  });

  it.each(['agent=nobody', 'scope=everything', 'period=yesterday'])('answers 400 to ?%s', async (query) => {
    const get = await setup();
    const res = await get(`/api/last-request?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/^bad query/);
  });
});
