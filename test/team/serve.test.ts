// `runway serve --team`: the same page reading the team database, as a user starts it. The
// team's spend is paced against team.monthly_budget, the team card lists each person against
// their budget and each device with its last sync, a silent device marked stale, its spend
// still counted; a read after new rows shows them.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { connectTeam, migrateTeam } from '../../store/team/connect.js';
import { cliEnv, freePort, run, startServe } from '../helpers/cli.js';
import { launchChromium, NO_BROWSER } from '../helpers/browser.js';
import { describePg, freshDatabase } from '../helpers/pg.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const HOUR = 3_600_000;
const ALICE = '00000000-0000-4000-8000-0000000000a1';
const BOB = '00000000-0000-4000-8000-0000000000b1';
// claude-sonnet-4-5: $3 input, $15 output per million tokens (the price package's rates).
const cost = (input: number, output: number) => (input * 3 + output * 15) / 1e6;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describePg('runway serve --team', () => {
  let url: string;
  let db: pg.Client;
  let browser: Browser | undefined;
  const insert = (device: string, key: string, ts: number, input: number, output: number) =>
    db.query(`INSERT INTO responses (device_id, key, agent, ts, model, project, input_tokens, output_tokens, cache_write_5m_tokens,
      cache_write_1h_tokens, cache_read_tokens, web_search_requests) VALUES ($1, $2, 'claude-code', $3, 'claude-sonnet-4-5', '/w/app', $4, $5, 0, 0, 0, 0)`,
      [device, key, ts, input, output]);

  beforeAll(async () => {
    url = await freshDatabase();
    db = await connectTeam(url);
    await migrateTeam(db);
    await db.query(`INSERT INTO devices (device_id, person, label, last_sync_at) VALUES ($1, 'alice', 'laptop', $3), ($2, 'bob', 'desktop', $4)`,
      [ALICE, BOB, new Date(NOW - HOUR), new Date(NOW - 8 * 24 * HOUR)]);
    await insert(ALICE, 'a1', NOW - 2 * 24 * HOUR, 100_000, 20_000);
    await insert(ALICE, 'a2', NOW - 3 * HOUR, 50_000, 10_000);
    await insert(BOB, 'b1', NOW - 10 * 24 * HOUR, 200_000, 40_000);
    // Last month: counted in all time, not in this period.
    await insert(BOB, 'b0', Date.UTC(2026, 9, 30), 1_000_000, 0);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
  });

  async function start() {
    const env = cliEnv({ RUNWAY_NOW: new Date(NOW).toISOString(), TZ: 'UTC' });
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'runway'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME!, 'runway', 'config.json'), JSON.stringify({
      timezone: 'UTC', monthly_budget: 5, refresh_interval_seconds: 5,
      team: { url, monthly_budget: 100, budgets: { alice: 2, bob: 50 }, stale_after: '7d' },
    }));
    const port = await freePort();
    await startServe(['--team', '--port', String(port)], env, children);
    return { port, env };
  }
  const api = async (port: number, path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).json();

  it('paces the team budget and lists people and devices, a silent device stale but counted', async () => {
    const { port } = await start();
    const alice = cost(100_000, 20_000) + cost(50_000, 10_000);
    const bob = cost(200_000, 40_000);
    const summary = await api(port, '/api/summary');
    // The team's budget, not this machine's $5; this period's spend of every device.
    expect(summary.budget).toBe(100);
    expect(summary.spentToDate).toBeCloseTo(alice + bob, 9);
    expect(summary.remaining).toBeCloseTo(100 - alice - bob, 9);
    const { team } = await api(port, '/api/team');
    expect(team.database).toMatch(/^postgres@127\.0\.0\.1:\d+\/runway_/);
    expect(team.error).toBeNull();
    expect(team.persons.map((p: { person: string; spent: number; budget: number }) => [p.person, p.budget])).toEqual([['alice', 2], ['bob', 50]]);
    expect(team.persons[0].spent).toBeCloseTo(alice, 9);
    expect(team.persons[1].spent).toBeCloseTo(bob, 9);
    expect(team.devices.map((d: { name: string; stale: boolean }) => [d.name, d.stale]).sort()).toEqual([['desktop', true], ['laptop', false]]);
    // All time includes last month's response.
    const daily = await api(port, '/api/daily');
    expect(daily.days.reduce((s: number, d: { cost: number }) => s + d.cost, 0)).toBeCloseTo(alice + bob, 9);
  });

  it.skipIf(NO_BROWSER)('draws the team card on the page, and shows new rows after the next read', async () => {
    const { port } = await start();
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
    expect(errors).toEqual([]);
    expect(await page.isVisible('[data-card="team"]')).toBe(true);
    expect(await page.$$eval('[data-testid="team-persons"] tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.person))).toEqual(['alice', 'bob']);
    const devices = await page.$$eval('[data-testid="team-devices"] tbody tr', (rows) => rows.map((r) => [(r as HTMLElement).dataset.device, (r as HTMLElement).dataset.stale]));
    expect(devices.sort()).toEqual([['desktop', 'true'], ['laptop', 'false']]);
    const spent = Number(await page.getAttribute('[data-testid="spent-to-date"]', 'data-value'));
    const before = cost(100_000, 20_000) + cost(50_000, 10_000) + cost(200_000, 40_000);
    expect(spent).toBeCloseTo(before, 9);
    // A device syncs more: the page has it after the next read (every 5 s here) and refresh.
    await insert(ALICE, 'a3', NOW - HOUR, 0, 100_000);
    await page.waitForFunction((want) => Math.abs(Number(document.querySelector('[data-testid="spent-to-date"]')?.getAttribute('data-value')) - want) < 1e-9,
      before + cost(0, 100_000), { timeout: 20_000, polling: 500 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a database it cannot read before listening, in one line without the password', async () => {
    const env = cliEnv();
    const r = run(['serve', '--team', '--no-open', '--url', 'postgres://runway:s3cret@127.0.0.1:1/team'], env);
    expect(r.status).toBe(4);
    expect(r.stderr).toBe('runway: team database runway@127.0.0.1:1/team: nothing answers there: is PostgreSQL running, and are the host and port right?\n');
    const both = run(['serve', '--team', '--demo', '--no-open'], env);
    expect(both.stderr).toBe('runway: --demo and --team do not go together: the dashboard shows one of this machine, the team or the demo\n');
    expect(both.status).toBe(2);
  });
});
