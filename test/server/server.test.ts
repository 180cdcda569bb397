import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { appOptions, build, FIGURE_ROUTES, HOST, TEST_TABLE, type BuildOptions } from '../helpers/app.js';
import { buildPriceTable, type PriceTable } from '../../core/pricing.js';
import { openDb, type Db } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { SOURCES } from '../../sources/index.js';
import { recordReadings } from '../../store/quota.js';
import { DashboardState } from '../../figures/state.js';
import { quotaOf, summaryOf } from '../../figures/summary.js';
import { agentsOf, drillOf, whereOf, dailyOf, healthOf, modelsOf, projectsOf, sessionsOf } from '../../figures/views.js';
import { lastRequestOf } from '../../figures/last-request.js';
import { LiveUpdates } from '../../server/live.js';
import { generateDemo } from '../../server/demo.js';
import { assistant, jsonl, logRoot, tempDb } from '../helpers/logs.js';

// Wednesday 18 November 2026, noon UTC. November has 21 workdays; 12 lie before the 18th.
const NOW = Date.parse('2026-11-18T12:00:00Z');

const usd = (dollars: number) => ({ output: dollars * 100_000, input: 0 });
const rec = (id: string, ts: string, dollars: number, extra: Partial<Parameters<typeof assistant>[0]> = {}) =>
  assistant({ id, requestId: `req_${id}`, ts, model: 'claude-test-1', usage: usd(dollars), ...extra });

function fixture() {
  const logs = logRoot();
  logs.write('-home-dev-api/a.jsonl', jsonl([
    rec('old', '2026-10-30T10:00:00Z', 50, { session: 'sess-old' }),
    rec('m1', '2026-11-02T10:00:00Z', 10, { session: 'sess-a' }),
  ]));
  logs.write('-home-dev-web/b.jsonl', jsonl([
    // Sunday, programmatic: counts against the budget, adds no workday.
    rec('m2', '2026-11-08T10:00:00Z', 20, { session: 'sess-b', cwd: '/home/dev/web', entrypoint: 'sdk-cli' }),
    assistant({ id: 'm3', requestId: 'req_m3', ts: '2026-11-10T10:00:00Z', model: 'claude-mystery-9', usage: { output: 1000, input: 0 }, session: 'sess-d', cwd: '/home/dev/web' }),
  ]));
  logs.write('-home-dev-api/c.jsonl', jsonl([
    rec('m4', '2026-11-17T14:00:00Z', 30, { session: 'sess-c' }),
    rec('m5', '2026-11-18T08:00:00Z', 5, { session: 'sess-c' }),
  ]));
  return logs;
}

interface Setup {
  app: FastifyInstance;
  logs: ReturnType<typeof fixture>;
  clock: { now: number };
  configPath: string;
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
});

async function setup(configRaw: Record<string, unknown> = { monthly_budget: 200 }, overrides: Partial<BuildOptions> = {}): Promise<Setup> {
  const logs = fixture();
  const configPath = join(logs.root, 'runway', 'config.json');
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, JSON.stringify(configRaw));
  const db = openDb(tempDb());
  const clock = { now: NOW };
  const app = await build({ db, version: '9.9.9', configPath, config: configRaw, scan: () => scan(db, { env: logs.env }), now: () => clock.now, ...overrides });
  apps.push(app);
  return { app, logs, clock, configPath };
}

async function get(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: HOST });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

describe('host check (DNS rebinding)', () => {
  it.each(['127.0.0.1:8099', 'localhost:8099', '[::1]:8099', 'LOCALHOST:8099'])('answers %s', async (host) => {
    const { app } = await setup();
    const res = await app.inject({ url: '/api/health', headers: { host } });
    expect(res.statusCode).toBe(200);
  });

  it.each(['evil.example:8099', 'localhost:9999', '127.0.0.1', 'localhost', '127.0.0.1.nip.io:8099', ''])('refuses %j with 403', async (host) => {
    const { app } = await setup();
    for (const url of ['/api/summary', '/', '/vendor/chart.umd.js']) {
      const res = await app.inject({ url, headers: { host } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatch(/not allowed/);
    }
  });

  it('sends security headers and no CORS headers, even when asked from another origin', async () => {
    const { app } = await setup();
    for (const url of ['/', '/api/summary']) {
      const res = await app.inject({ url, headers: { ...HOST, origin: 'http://evil.example' } });
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('/api/summary', () => {
  it('gives every pacing figure for the period, computed from the logs', async () => {
    const { app } = await setup();
    const { status, body } = await get(app, '/api/summary');
    expect(status).toBe(200);
    expect(body.period).toEqual({ start: '2026-11-01', end: '2026-12-01', lastDay: '2026-11-30', resetDay: 1, days: 30, dayIndex: 17 });
    expect(body.today).toBe('2026-11-18');
    expect(body.budgetConfigured).toBe(true);
    // October's $50 belongs to the previous period.
    expect(body.spentBeforeToday).toBeCloseTo(60, 9);
    expect(body.spentToday).toBeCloseTo(5, 9);
    expect(body.spentToDate).toBeCloseTo(65, 9);
    expect(body.remaining).toBeCloseTo(135, 9);
    expect(body).toMatchObject({ totalWorkdays: 21, workdaysElapsed: 12, workdaysRemaining: 9, todayIsWorkday: true, status: 'green', dryDate: null });
    expect(body.dailyBudget).toBeCloseTo(140 / 9, 9);
    expect(body.todaysRunway).toBeCloseTo(140 / 9 - 5, 9);
    expect(body.avgWorkdaySpend).toBeCloseTo(5, 9);
    expect(body.projectedSpend).toBeCloseTo(105, 9);
    expect(body.projectedSurplus).toBeCloseTo(95, 9);
    expect(body.expectedFraction).toBeCloseTo(12 / 21, 9);
    // The last 24 hours hold the $30 of yesterday afternoon and today's $5.
    expect(body.burn.ratePerDay).toBeCloseTo(35, 9);
    // ...shown as a rate, never as a run-out date of its own: at $35 a day the $135 left would
    // be gone on Nov 21, yet the forecast ($5 a workday) lasts the period, and that is the date.
    expect(body.burn).toEqual({ ratePerDay: body.burn.ratePerDay, avgPerDay: body.burn.avgPerDay });
    expect(body.forecast).toMatchObject({ from: '2026-11-01', workdays: 12, runwayDays: null });
    // sess-a, sess-b, sess-c and the unpriced sess-d; sess-old ended in October.
    expect(body.sessions).toBe(4);
    expect(body.totals).toMatchObject({ responses: 5, unpricedResponses: 1, unpricedTokens: 1000 });
    expect(body.unpriced).toEqual([{ agent: 'claude-code', model: 'claude-mystery-9', reason: 'no price for model claude-mystery-9', responses: 1, tokens: 1000 }]);
    expect(body.data.responses).toBe(6);
    expect(body.freshness).toEqual({ lastScanAt: NOW, latestResponseAt: Date.parse('2026-11-18T08:00:00Z'), scanError: null });
    expect(body).toMatchObject({ priceSource: 'test prices', costMode: 'auto', timezone: 'UTC', scope: 'all', unit: 'usd', demo: false });
    expect(body.currency).toEqual({ symbol: '$', secondary: null });
  });

  it('splits by scope: programmatic is the sdk-* entrypoints', async () => {
    const { app } = await setup();
    const prog = (await get(app, '/api/summary?scope=programmatic')).body;
    const inter = (await get(app, '/api/summary?scope=interactive')).body;
    expect(prog.spentToDate).toBeCloseTo(20, 9);
    expect(prog.sessions).toBe(1);
    expect(inter.spentToDate).toBeCloseTo(45, 9);
    expect(inter.scope).toBe('interactive');
  });

  it('answers a bad query with 400 and a JSON message naming it', async () => {
    const { app } = await setup();
    for (const url of ['/api/summary?scope=everything', '/api/projects?limit=0', '/api/sessions?limit=abc', '/api/sessions?limit=501']) {
      const { status, body } = await get(app, url);
      expect(status, url).toBe(400);
      expect(body.error, url).toMatch(/^bad query: (scope|limit) /);
    }
  });

  it('scans again on a later call and picks up appended lines, but reuses a scan that just ran', async () => {
    const { app, logs, clock } = await setup();
    expect((await get(app, '/api/summary')).body.spentToday).toBeCloseTo(5, 9);
    logs.append('-home-dev-api/c.jsonl', jsonl([rec('m6', '2026-11-18T11:00:00Z', 7, { session: 'sess-c' })]));
    clock.now += 200;
    expect((await get(app, '/api/summary')).body.spentToday).toBeCloseTo(5, 9);
    clock.now += 2000;
    const later = (await get(app, '/api/summary')).body;
    expect(later.spentToday).toBeCloseTo(12, 9);
    expect(later.freshness.lastScanAt).toBe(NOW + 2200);
  });

  it('follows a config file changed while the server runs, and reports a broken one', async () => {
    const { app, clock, configPath } = await setup();
    writeFileSync(configPath, JSON.stringify({ monthly_budget: 400, secondary_currency: { code: 'eur', rate: 0.5, symbol: '€' } }));
    clock.now += 5000;
    const body = (await get(app, '/api/summary')).body;
    expect(body.budget).toBe(400);
    expect(body.currency.secondary).toEqual({ code: 'EUR', rate: 0.5, symbol: '€' });
    writeFileSync(configPath, '{ "monthly_budget": "lots" }');
    clock.now += 5000;
    const broken = (await get(app, '/api/summary')).body;
    expect(broken.budget).toBe(400);
    expect(broken.configError).toMatch(/key "monthly_budget" is "lots"/);
  });

  it('sees rows another process committed, such as runway scan in a terminal', async () => {
    const logs = fixture();
    const path = tempDb();
    const configPath = join(logs.root, 'none.json');
    const app = await build({ db: openDb(path), configPath, now: () => NOW });
    apps.push(app);
    expect((await get(app, '/api/summary')).body.spentToDate).toBe(0);
    scan(openDb(path), { env: logs.env });
    expect((await get(app, '/api/summary')).body.spentToDate).toBeCloseTo(65, 9);
    expect((await get(app, '/api/health')).body.responses).toBe(6);
  });

  it('has no team on one machine\'s dashboard, and hands on the team panel it is given', async () => {
    const alone = await build({ db: openDb(tempDb()), now: () => NOW });
    apps.push(alone);
    expect((await get(alone, '/api/team')).body).toEqual({ team: null });
    const panel = {
      database: 'runway@db:5432/team', readAt: NOW, error: null, period: { start: '2026-11-01', lastDay: '2026-11-30' }, staleAfterMs: 604_800_000,
      persons: [{ person: 'alice', spent: 12.5, responses: 40, unpricedResponses: 0, budget: 100, devices: 1 }],
      devices: [{ name: 'laptop', person: 'alice', label: 'laptop', lastSyncAt: '2026-11-20T10:00:00.000Z', silentMs: 3_600_000, stale: false, spent: 12.5, responses: 40, unpricedResponses: 0 }],
    };
    const team = await build({ db: openDb(tempDb()), now: () => NOW, team: () => panel });
    apps.push(team);
    expect((await get(team, '/api/team')).body).toEqual({ team: panel });
  });

  it('says when no budget is set, and still reports the spend', async () => {
    const { app } = await setup({});
    const body = (await get(app, '/api/summary')).body;
    expect(body.budgetConfigured).toBe(false);
    expect(body.spentToDate).toBeCloseTo(65, 9);
    // No budget, no figure that needs one: not a colour, a date, or a 0 to be over.
    expect(body).toMatchObject({ budget: null, remaining: null, dailyBudget: null, todaysRunway: null, todaysOverBy: null, status: null, dryDate: null, projectedSurplus: null });
    expect(body.forecast.runwayDays).toBeNull();
    expect(body.projectedSpend).toBeCloseTo(105, 9);
    // Nor a daily budget line the workdays' bars could be over.
    const days = (await get(app, '/api/daily')).body.days as { dailyBudgetLine: number | null; workday: boolean; spend: number }[];
    expect(days.some((d) => d.workday && d.spend > 0)).toBe(true);
    expect(days.map((d) => d.dailyBudgetLine)).toEqual(days.map(() => null));
  });

  it('on the 1st forecasts from the workdays before it, and shows any past period by its date', async () => {
    const { app, clock } = await setup();
    clock.now = Date.parse('2026-12-01T09:00:00Z');
    const now = (await get(app, '/api/summary')).body;
    expect(now).toMatchObject({ today: '2026-12-01', spentToDate: 0, view: { current: true, previous: '2026-11-01', next: null } });
    // Ten workdays back from Dec 1 reach Nov 17: its $30 and Nov 18's $5, $3.50 a workday.
    expect(now.forecast).toMatchObject({ from: '2026-11-17', workdays: 10 });
    expect(now.avgWorkdaySpend).toBeCloseTo(3.5, 9);
    expect(now.projectedSpend).toBeCloseTo(3.5 * 23, 9);

    for (const period of ['2026-11-01', '2026-11-30', '2026-11-15']) {
      const past = (await get(app, `/api/summary?period=${period}`)).body;
      // Seen at its last moment: its figures are final.
      expect(past).toMatchObject({ today: '2026-11-30', period: { start: '2026-11-01', lastDay: '2026-11-30' }, view: { current: false, previous: '2026-10-01', next: '2026-12-01' } });
      expect(past.spentToDate).toBeCloseTo(65, 9);
    }
    expect((await get(app, '/api/daily?period=2026-11-01')).body.period.start).toBe('2026-11-01');
    expect((await get(app, '/api/models?period=2026-10-05')).body.models.map((m: { cost: number }) => m.cost)).toEqual([50]);
    expect((await get(app, '/api/projects?period=2026-11-01&limit=1')).body.projects).toHaveLength(1);
    // A date in the current period or later is the current period.
    expect((await get(app, '/api/summary?period=2027-03-01')).body).toMatchObject({ today: '2026-12-01', view: { current: true } });
    for (const bad of ['/api/summary?period=2026-02-30', '/api/summary?period=soon', '/api/daily?period=2026-11']) {
      expect((await get(app, bad)).status, bad).toBe(400);
    }
  });

  it('turns red with a dry date when the pace overruns the budget', async () => {
    const { app } = await setup({ monthly_budget: 90 });
    const body = (await get(app, '/api/summary')).body;
    // Pace $5 per workday: 65 by today, then 70, 75, 80 (Nov 23), 85, 90, 95 on Nov 26.
    expect(body.status).toBe('red');
    expect(body.dryDate).toBe('2026-11-26');
    expect(body.forecast.runwayDays).toBe(8);
  });

  it('shows the calibration note, and a broken calibration file as a message, not a failure', async () => {
    const { app, configPath, clock } = await setup();
    const file = join(dirname(configPath), 'calibration.json');
    writeFileSync(file, JSON.stringify({ calibrations: [{ date: '2026-10-31', actual_spend: 110, local_estimate: 100 }] }));
    clock.now += 5000;
    expect((await get(app, '/api/summary')).body.calibration).toEqual({ file, note: 'local estimates track 10.0% below invoice', error: null, entries: 1 });
    writeFileSync(file, '{"calibrations": [{"date": "yesterday"}]}');
    clock.now += 5000;
    const { status, body } = await get(app, '/api/summary');
    expect(status).toBe(200);
    expect(body.calibration.error).toMatch(/calibration\.json: calibrations\[0\]\.date is "yesterday"/);
  });

  it('names where it looked on an empty machine', async () => {
    const logs = logRoot();
    const db = openDb(tempDb());
    const configPath = join(logs.root, 'none.json');
    const app = await build({ db, configPath, config: {}, scan: () => scan(db, { env: logs.env }), now: () => NOW });
    apps.push(app);
    const body = (await get(app, '/api/summary')).body;
    expect(body.data.responses).toBe(0);
    // Every agent is named with where it looked; only Claude Code's folder is there.
    expect(body.data.roots).toContainEqual({ source: 'claude-code', path: join(logs.root, 'projects'), exists: true, files: 0 });
    expect(new Set(body.data.roots.map((r: { source: string }) => r.source))).toEqual(new Set(SOURCES.map((s) => s.name)));
    expect(body.spentToDate).toBe(0);
    expect(body.freshness.latestResponseAt).toBeNull();
  });

  it('serves stale figures with the reason when a scan fails', async () => {
    const db = openDb(tempDb());
    const { app } = await setup(undefined, { db, scan: () => { throw new Error('disk on fire'); } });
    const { status, body } = await get(app, '/api/summary');
    expect(status).toBe(200);
    expect(body.freshness.scanError).toBe('scan failed: disk on fire');
    expect((await get(app, '/api/health')).body.ok).toBe(false);
  });
});

describe('breakdown APIs', () => {
  it('/api/daily lists every day of the period with its spend, tokens and budget line', async () => {
    const { app } = await setup();
    const { body } = await get(app, '/api/daily');
    expect(body.days).toHaveLength(30);
    const day = (d: string) => body.days.find((x: { date: string }) => x.date === d);
    expect(day('2026-11-02')).toMatchObject({ spend: 10, cost: 10, outputTokens: 1_000_000, tokens: 1_000_000, responses: 1, workday: true, isToday: false });
    expect(day('2026-11-02').dailyBudgetLine).toBeCloseTo(200 / 21, 9);
    expect(day('2026-11-08')).toMatchObject({ spend: 20, workday: false, dailyBudgetLine: null });
    expect(day('2026-11-10')).toMatchObject({ spend: 0, responses: 1, unpricedResponses: 1, tokens: 1000 });
    expect(day('2026-11-18')).toMatchObject({ isToday: true, isFuture: false, spend: 5 });
    expect(day('2026-11-19')).toMatchObject({ isFuture: true, spend: 0 });
  });

  it('/api/daily in a token budget counts tokens, not dollars', async () => {
    const { app } = await setup({ monthly_budget: 10_000_000, budget_unit: 'tokens' });
    const { body } = await get(app, '/api/daily');
    expect(body.unit).toBe('tokens');
    expect(body.days.find((x: { date: string }) => x.date === '2026-11-10').spend).toBe(1000);
  });

  it('/api/models gives cost and share per model and family, unpriced apart', async () => {
    const { app } = await setup();
    const { body } = await get(app, '/api/models');
    expect(body.models.map((m: { model: string }) => m.model)).toEqual(['claude-test-1', 'claude-mystery-9']);
    expect(body.models[0]).toMatchObject({ family: 'claude-test-1', responses: 4, share: 1, unpricedResponses: 0 });
    expect(body.models[0].cost).toBeCloseTo(65, 9);
    expect(body.models[1]).toMatchObject({ cost: 0, unpricedResponses: 1, share: 0 });
    expect(body.unpriced).toHaveLength(1);
  });

  it('/api/projects ranks by cost and honours limit', async () => {
    const { app } = await setup();
    const { body } = await get(app, '/api/projects?limit=1');
    expect(body.projects).toHaveLength(1);
    expect(body.projects[0]).toMatchObject({ project: '/home/dev/api', name: 'api', responses: 3 });
    expect(body.projects[0].share).toBeCloseTo(45 / 65, 9);
  });

  it('/api/sessions lists the most recent first with their cost', async () => {
    const { app } = await setup();
    const { body } = await get(app, '/api/sessions?limit=2');
    expect(body.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['sess-c', 'sess-d']);
    expect(body.sessions[0]).toMatchObject({
      project: '/home/dev/api', responses: 2, tokens: 3_500_000, unpricedResponses: 0, models: ['claude-test-1'],
      firstAt: Date.parse('2026-11-17T14:00:00Z'), lastAt: Date.parse('2026-11-18T08:00:00Z'),
    });
    expect(body.sessions[0].cost).toBeCloseTo(35, 9);
    expect(body.sessions[1]).toMatchObject({ cost: 0, unpricedResponses: 1 });
  });

  it('/api/health reports the version and row count', async () => {
    const { app } = await setup();
    expect((await get(app, '/api/health')).body).toEqual({ watch: { mode: 'off', reason: 'not watching the logs (--no-scan)' }, ok: true, version: '9.9.9', responses: 6, lastScanAt: NOW, scanError: null, demo: false });
  });
});

describe('every answer is its figure function\'s output, field for field', () => {
  // The response schemas (figures/answers.ts) serialize each answer: a field the schema
  // lacks would be dropped, a fraction in an integer field cut, a field it wants but the
  // figures lack a 500. Every nullable and list below holds a value, so each shape is used.
  const HOUR = 3_600_000;
  const rates = (input: number) => ({ input, output: input * 5, cache_write_5m: input * 1.25, cache_write_1h: input * 2, cache_read: input / 10 });
  // Four models at different rates, so every share is a fraction; the demo's unpriced model stays unpriced.
  const demoTable = buildPriceTable([], 'demo test prices', {
    'claude-opus-5-5': rates(5), 'claude-sonnet-5-5': rates(3), 'claude-haiku-4-5-20251001': rates(1), 'gpt-5.3-codex': rates(1.75),
  });
  const cases: [string, Record<string, unknown>, PriceTable, (db: Db) => { roots?: ReturnType<typeof scan>['roots'] }][] = [
    ['the fixture logs, over budget', { monthly_budget: 90 }, TEST_TABLE, (db) => ({ roots: scan(db, { env: fixture().env }).roots })],
    ['two months of demo data, over budget', { monthly_budget: 100 }, demoTable, (db) => (generateDemo(db, { nowMs: NOW, tz: 'UTC' }), {})],
  ];

  it.each(cases)('%s', async (_name, configRaw, table, populate) => {
    const logs = logRoot();
    const configPath = join(logs.root, 'runway', 'config.json');
    const config = { ...configRaw, secondary_currency: { code: 'eur', rate: 0.92, symbol: '€' } };
    mkdirSync(dirname(configPath), { recursive: true });
    writeFileSync(configPath, JSON.stringify(config));
    writeFileSync(join(dirname(configPath), 'calibration.json'), JSON.stringify({ calibrations: [{ date: '2026-10-31', actual_spend: 110, local_estimate: 100 }] }));
    const db = openDb(tempDb());
    const { roots } = populate(db);
    recordReadings(db, [
      { window: 'five_hour', ts: NOW - HOUR / 4, usedPercentage: 42.5, resetsAt: NOW + 2.5 * HOUR },
      { window: 'seven_day', ts: NOW - HOUR / 4, usedPercentage: 61, resetsAt: NOW + 50 * HOUR },
    ], 'sess-c');
    const opts: BuildOptions = { db, configPath, config, table, roots, version: '9.9.9', now: () => NOW };
    const app = await build(opts);
    apps.push(app);
    // The figures read on their own, from the same database and config.
    const state = new DashboardState(appOptions(opts));
    const live = new LiveUpdates(state, null);
    await live.start();
    await live.close();
    const summary = summaryOf(state, {});
    const quota = quotaOf(state, {});
    const sessions = sessionsOf(state, {}, 20);
    const expected: Record<string, unknown> = {
      '/api/summary': summary,
      '/api/summary?scope=interactive': summaryOf(state, { scope: 'interactive' }),
      '/api/quota': quota,
      '/api/daily': dailyOf(state, {}),
      '/api/models': modelsOf(state, {}),
      '/api/agents': agentsOf(state, {}),
      '/api/projects': projectsOf(state, {}, 10),
      '/api/projects?limit=2&scope=programmatic': projectsOf(state, { scope: 'programmatic' }, 2),
      '/api/sessions': sessions,
      '/api/last-request': lastRequestOf(state, {}),
      '/api/last-request?agent=codex': lastRequestOf(state, { agents: ['codex'] }),
      '/api/where': whereOf(state, {}, 'activity'),
      '/api/where?by=model&scope=interactive': whereOf(state, { scope: 'interactive' }, 'model'),
      '/api/drill?day=2026-11-18': drillOf(state, {}, { day: '2026-11-18' }),
      '/api/health': healthOf(state, '9.9.9', live.status),
    };
    expect(new Set(Object.keys(expected).map((url) => url.split('?')[0]))).toEqual(new Set(FIGURE_ROUTES));

    expect(summary.status).toBe('red');
    expect(summary.dryDate).not.toBeNull();
    expect(summary.forecast.runwayDays).not.toBeNull();
    expect(summary.currency.secondary).not.toBeNull();
    expect(summary.calibration.note).not.toBeNull();
    expect(summary.unpriced.length).toBeGreaterThan(0);
    expect(quota.windows).toHaveLength(2);
    expect(quota.blocks.some((b) => b.projection !== null)).toBe(true);
    expect(sessions.sessions.length).toBeGreaterThan(0);

    for (const [url, figures] of Object.entries(expected)) {
      const res = await app.inject({ url, headers: HOST });
      expect(res.statusCode, url).toBe(200);
      expect(res.json(), url).toStrictEqual(JSON.parse(JSON.stringify(figures)));
    }
  });
});

describe('static files', () => {
  it('serves the page and Chart.js from the installed package, nothing else', async () => {
    const { app } = await setup();
    const page = await app.inject({ url: '/', headers: HOST });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/vendor/chart.umd.js');
    expect(page.body).not.toMatch(/(src|href|url)\(?=?["']?https?:/);
    const chart = await app.inject({ url: '/vendor/chart.umd.js', headers: HOST });
    expect(chart.statusCode).toBe(200);
    expect(chart.headers['content-type']).toMatch(/javascript/);
    expect(chart.body).toMatch(/Chart/);
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/vendor/../package.json', '/server/app.ts']) {
      const res = await app.inject({ url, headers: HOST });
      expect(res.statusCode, url).toBe(404);
    }
  });
});
