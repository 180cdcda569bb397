// The cache-hit ratio and the cache writes' cost, per day, model, project and session, on
// rows of known counts at the test prices (claude-test-1: $1/M input, $1.25/M 5m writes,
// $0.10/M reads, $10/M output; gpt-mystery has no price).
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { build, HOST } from '../helpers/app.js';
import { AGENT_TABLE, NOW } from '../helpers/agents.js';
import { tempDb } from '../helpers/logs.js';
import { openDb, type Db } from '../../store/db.js';
import { Store } from '../../store/writer.js';
import { demoEvent } from '../../server/demo.js';
import { pricedRows } from '../../figures/usage.js';
import { dailyReport, statsReport } from '../../figures/reports.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const K = 1000;
// ratio = read / (read + write + input); the cache-write cost = write × $1.25/M.
const ROWS = [
  // 11-02: 600/1000 = 0.6, writes $0.375 (cost $0.535)
  { agent: 'claude-code', id: 'a', ts: '2026-11-02T10:00:00Z', model: 'claude-test-1', session: 's1', project: '/p/api', entrypoint: 'cli', input: 100 * K, write: 300 * K, read: 600 * K, output: 0 },
  // 11-17: B (programmatic) 0/400 and writes $0.25 (cost $0.45); C 300/400, no writes (cost $0.13): the day 300/800
  { agent: 'claude-code', id: 'b', ts: '2026-11-17T14:00:00Z', model: 'claude-test-1', session: 's2', project: '/p/web', entrypoint: 'sdk-cli', input: 200 * K, write: 200 * K, read: 0, output: 0 },
  { agent: 'codex', id: 'c', ts: '2026-11-17T15:00:00Z', model: 'claude-test-1', session: 's3', project: '/p/web', entrypoint: 'cli', input: 100 * K, write: 0, read: 300 * K, output: 0 },
  // 11-18: D unpriced 100/200, its writes' cost unknown; E no prompt at all (cost $0.01): the day 100/200
  { agent: 'codex', id: 'd', ts: '2026-11-18T09:00:00Z', model: 'gpt-mystery', session: 's4', project: '/p/api', entrypoint: 'cli', input: 0, write: 100 * K, read: 100 * K, output: 1000 },
  { agent: 'claude-code', id: 'e', ts: '2026-11-18T10:00:00Z', model: 'claude-test-1', session: 's5', project: '/p/zero', entrypoint: 'cli', input: 0, write: 0, read: 0, output: 1000 },
];

function populate(): Db {
  const db = openDb(tempDb());
  new Store(db).write(ROWS.map((r) => ({
    ...demoEvent(`${r.agent}-${r.id}`, Date.parse(r.ts), r.session, r.project, r.entrypoint, r.model, r), agent: r.agent,
  })), []);
  return db;
}

async function setup() {
  const db = populate();
  const app = await build({ db, table: AGENT_TABLE, now: () => NOW });
  apps.push(app);
  const get = async (url: string) => {
    const res = await app.inject({ url, headers: HOST });
    expect(res.statusCode, url).toBe(200);
    return res.json();
  };
  return { db, get };
}

type Day = { date: string; cacheHitRatio: number | null; cacheWriteCost: number | null; inputTokens: number; cacheWriteTokens: number; cacheReadTokens: number };
const byDate = (days: Day[]) => Object.fromEntries(days.map((d) => [d.date, d]));

describe('cache-hit ratio', () => {
  it('per day, with the period figure their prompt-weighted sum', async () => {
    const { get } = await setup();
    const daily = await get('/api/daily');
    const days = byDate(daily.days);
    expect(days['2026-11-02']).toMatchObject({ cacheHitRatio: 0.6, cacheWriteCost: 0.375 });
    expect(days['2026-11-17']).toMatchObject({ cacheHitRatio: 0.375, cacheWriteCost: 0.25 });
    // Only D's writes are on this day and they are unpriced: unknown, not $0.
    expect(days['2026-11-18']).toMatchObject({ cacheHitRatio: 0.5, cacheWriteCost: 0 });
    expect(days['2026-11-03']).toMatchObject({ cacheHitRatio: null, cacheWriteCost: null });
    expect(daily.cache.cacheHitRatio).toBe(0.5);
    expect(daily.cache.cacheWriteCost).toBe(0.625);
    expect(daily.cache.cacheWriteShare).toBeCloseTo(0.625 / 1.125, 12);
    const prompt = (d: Day) => d.inputTokens + d.cacheWriteTokens + d.cacheReadTokens;
    const weighted = (daily.days as Day[]).reduce((s, d) => s + (d.cacheHitRatio ?? 0) * prompt(d), 0);
    const all = (daily.days as Day[]).reduce((s, d) => s + prompt(d), 0);
    expect(weighted / all).toBeCloseTo(daily.cache.cacheHitRatio, 12);
  });

  it('an unpriced day has no cache-write cost, never $0', async () => {
    const { get } = await setup();
    const days = byDate((await get('/api/daily?agent=codex')).days);
    expect(days['2026-11-18']).toMatchObject({ cacheHitRatio: 0.5, cacheWriteCost: null });
  });

  it('per model, project and session', async () => {
    const { get } = await setup();
    const models = (await get('/api/models')).models.map((m: Record<string, unknown>) => [m.agent, m.model, m.cacheHitRatio, m.cacheWriteCost]);
    expect(models).toEqual(expect.arrayContaining([
      ['claude-code', 'claude-test-1', 600 / 1400, 0.625],
      ['codex', 'claude-test-1', 0.75, 0],
      ['codex', 'gpt-mystery', 0.5, null],
    ]));
    expect(models).toHaveLength(3);
    const projects = (await get('/api/projects')).projects.map((p: Record<string, unknown>) => [p.project, p.cacheHitRatio, p.cacheWriteCost]);
    expect(projects.sort()).toEqual([['/p/api', 700 / 1200, 0.375], ['/p/web', 0.375, 0.25], ['/p/zero', null, 0]]);
    const sessions = (await get('/api/sessions')).sessions.map((s: Record<string, unknown>) => [s.sessionId, s.cacheHitRatio, s.cacheWriteCost]);
    expect(sessions.sort()).toEqual([['s1', 0.6, 0.375], ['s2', 0, 0.25], ['s3', 0.75, 0], ['s4', 0.5, null], ['s5', null, 0]]);
  });

  it('follows ?agent= and ?scope=', async () => {
    const { get } = await setup();
    const codex = await get('/api/daily?agent=codex');
    expect(codex.cache).toEqual({ cacheHitRatio: 400 / 600, cacheWriteCost: 0, cacheWriteShare: 0 });
    expect(byDate(codex.days)['2026-11-17'].cacheHitRatio).toBe(0.75);
    const interactive = await get('/api/daily?scope=interactive');
    expect(interactive.cache.cacheHitRatio).toBe(1000 / 1600);
    expect(interactive.cache.cacheWriteCost).toBe(0.375);
    expect(byDate(interactive.days)['2026-11-17'].cacheHitRatio).toBe(0.75);
    expect((await get('/api/sessions?scope=programmatic')).sessions.map((s: Record<string, unknown>) => [s.sessionId, s.cacheHitRatio])).toEqual([['s2', 0]]);
  });

  it('in daily --json and stats --json rows', () => {
    const db = populate();
    const rows = pricedRows(db, { tz: 'UTC', scope: 'all', byProject: true }, { table: AGENT_TABLE, mode: 'auto' });
    const daily = dailyReport(rows);
    expect(daily.daily.map((d) => [d.date, d.cacheHitRatio, d.cacheWriteCost])).toEqual([
      ['2026-11-02', 0.6, 0.375], ['2026-11-17', 0.375, 0.25], ['2026-11-18', 0.5, 0],
    ]);
    expect(daily.totals).toMatchObject({ cacheHitRatio: 0.5, cacheWriteCost: 0.625 });
    const stats = statsReport(rows);
    expect(stats.projects.find((p) => p.project === '/p/zero')).toMatchObject({ cacheHitRatio: null, cacheWriteCost: 0 });
    expect(stats.agents.map((a) => [a.agent, a.cacheHitRatio]).sort()).toEqual([['claude-code', 600 / 1400], ['codex', 400 / 600]]);
  });
});
