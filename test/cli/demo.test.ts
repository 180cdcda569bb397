// `serve --demo` and `watch --demo` open one demo: the same generated usage, the demo's own
// budget whatever the user set, the same quota readings, and no answer that names the
// throwaway folder it lives in.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openContext, usageFilter, type Context } from '../../cli/context.js';
import { demoApp } from '../../cli/serve.js';
import { demoSource, watchData } from '../../cli/watch.js';
import { render } from '../../cli/watch-render.js';
import { usd } from '../../cli/format.js';
import { loadPriceTable } from '../../core/price-source.js';
import { dateInZone } from '../../core/calendar.js';
import type { Pricing } from '../../figures/usage.js';
import { DEMO_BUDGET } from '../../server/demo.js';
import { FIGURE_ROUTES, HOST, PORT } from '../helpers/app.js';
import { cliEnv, freePort, run, startServe } from '../helpers/cli.js';
import { tempDb } from '../helpers/logs.js';

// The user's own budget settings, none of which the demo may take.
const USER_CONFIG = { monthly_budget: 5, reset_day: 15, workdays: ['sat'], status_thresholds: { green: 0.9, yellow: 0.5 }, cost_mode: 'display' };

let pricing: Pricing;
const apps: FastifyInstance[] = [];
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  pricing = { table: await loadPriceTable({ cacheDir: mkdtempSync(join(tmpdir(), 'runway-cache-')) }), mode: 'auto' };
});

afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A context as the CLI opens it: the user's config file, a pinned now and zone. */
function context(now: string, tz: string, config: Record<string, unknown> = USER_CONFIG): Context {
  const dir = mkdtempSync(join(tmpdir(), 'runway-user-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  return openContext({ db: tempDb(), config: configPath, tz }, { RUNWAY_NOW: now });
}

/** The two commands' demos opened at the same pinned now: the served app and the watch's frame data. */
async function bothDemos(now: string, tz: string) {
  const ctx = context(now, tz);
  const served = await demoApp(ctx, pricing, PORT, '9.9.9');
  apps.push(served.app);
  cleanups.push(served.demo.cleanup);
  const watched = await demoSource(ctx, pricing);
  cleanups.push(watched.cleanup);
  const data = watchData(watched.ctx, watched.state, watched.pricing, usageFilter(watched.ctx), { intervalSeconds: 2, scanning: false });
  const get = async (url: string) => {
    const res = await served.app.inject({ url, headers: HOST });
    expect(res.statusCode, url).toBe(200);
    return res;
  };
  return { served, watched, data, get };
}

describe('one demo for serve and watch', () => {
  it.each([
    ['mid-month', '2026-11-18T15:00:00Z', 'UTC'],
    ['on the first of a month just after midnight', '2026-12-01T00:10:00Z', 'UTC'],
    ['on the first just after midnight in Auckland (UTC+13)', '2026-11-30T11:05:00Z', 'Pacific/Auckland'],
  ])('shows the same figures and quota readings, with the demo budget: %s', async (_when, now, tz) => {
    const { data, get } = await bothDemos(now, tz);
    const summary = (await get('/api/summary')).json();
    const quota = (await get('/api/quota')).json();
    expect(JSON.parse(JSON.stringify(data.summary))).toStrictEqual(summary);
    expect(JSON.parse(JSON.stringify(data.quota))).toStrictEqual(quota);

    // The demo's budget in dollars from the 1st, not the user's $5 from the 15th.
    expect(summary).toMatchObject({ demo: true, budgetConfigured: true, budget: DEMO_BUDGET, unit: 'usd', timezone: tz, today: dateInZone(Date.parse(now), tz) });
    expect(summary.period.resetDay).toBe(1);
    expect(summary.period.start).toBe(`${summary.today.slice(0, 8)}01`);
    expect(summary.costMode).toBe('auto');
    expect(summary.spentToday).toBeGreaterThan(0);
    // Usage before this period: the previous month's.
    expect(summary.data.responses).toBeGreaterThan(summary.totals.responses);
    expect(quota.windows.map((w: { window: string; usedPercentage: number }) => [w.window, w.usedPercentage])).toEqual([['five_hour', 62], ['seven_day', 41]]);
  });

  it('names no throwaway folder in any answer, the page or the frame', async () => {
    const { served, data, get } = await bothDemos('2026-12-01T00:10:00Z', 'UTC');
    const folder = dirname(served.demo.dbPath);
    expect(folder).toContain('runway-demo-');
    const summary = (await get('/api/summary')).json();
    expect(summary.calibration).toEqual({ file: null, note: null, error: null, entries: 0 });
    for (const url of [...FIGURE_ROUTES, '/', '/main.js']) {
      const { body } = await get(url);
      expect(body, url).not.toContain(folder);
      expect(body, url).not.toContain('runway-demo-');
    }
    const frame = render(data, { width: 80, height: 24, now: data.summary.generatedAt, color: false }).join('\n');
    expect(frame).not.toContain('runway-demo-');
    expect(JSON.stringify(data)).not.toContain('runway-demo-');
  });

  it('reads no calibration or config file from its folder, even one written there', async () => {
    const { served, get } = await bothDemos('2026-11-18T15:00:00Z', 'UTC');
    const folder = dirname(served.demo.dbPath);
    writeFileSync(join(folder, 'calibration.json'), JSON.stringify({ calibrations: [{ date: '2026-10-31', actual_spend: 110, local_estimate: 100 }] }));
    writeFileSync(served.demo.configPath, JSON.stringify({ monthly_budget: 5 }));
    const summary = (await get('/api/summary')).json();
    expect(summary.calibration.file).toBeNull();
    expect(summary.budget).toBe(DEMO_BUDGET);
  });
});

describe('runway serve --demo and runway watch --demo', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });



  it('show the same spend, budget and quota on the first of a month, whatever budget the user set', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'runway-tmp-'));
    const env = cliEnv({ RUNWAY_NOW: '2026-12-01T00:10:00Z', TZ: 'UTC', TMPDIR: tmp });
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'runway'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME!, 'runway', 'config.json'), JSON.stringify({ ...USER_CONFIG, timezone: 'UTC' }));
    const port = await freePort();
    const { child } = await startServe(['--demo', '--port', String(port)], env, children);
    const answers: Record<string, string> = {};
    for (const url of FIGURE_ROUTES) answers[url] = await (await fetch(`http://127.0.0.1:${port}${url}`)).text();
    for (const [url, body] of Object.entries(answers)) expect(body, url).not.toContain('runway-demo-');
    const summary = JSON.parse(answers['/api/summary']!);
    const quota = JSON.parse(answers['/api/quota']!);
    expect(summary).toMatchObject({ demo: true, budget: DEMO_BUDGET, today: '2026-12-01' });
    expect(summary.spentToday).toBeGreaterThan(0);
    expect(summary.data.responses).toBeGreaterThan(summary.totals.responses);
    expect(quota.windows.map((w: { usedPercentage: number }) => w.usedPercentage)).toEqual([62, 41]);

    const r = run(['watch', '--demo'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`spent     ${usd(summary.spentToDate)} of $750.00`);
    expect(r.stdout).toContain(`today     ${usd(summary.spentToday)} of ${usd(summary.dailyBudget)} daily budget`);
    expect(r.stdout).toMatch(/5h quota .* 62% {2}resets in 1h 42m/);
    expect(r.stdout).toMatch(/7d quota .* 41% {2}resets in 2d 23h/);
    expect(r.stdout).not.toContain('runway-demo-');

    // Stopped, serve deletes its throwaway folder (watch deleted its own already).
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(join(env.XDG_DATA_HOME!, 'runway', 'usage.db'))).toBe(false);
  });
});
