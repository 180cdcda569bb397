// The page in real headless Chromium (Debian's, which .ci/run installs): the figures it
// shows are the API's, the charts drew, nothing is fetched from elsewhere, and the
// DNS-rebinding guard holds on a real socket. Screenshots land in test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import { generateDemo } from '../server/demo.js';
import { parseConfig } from '../core/config.js';
import { loadPriceTable } from '../core/price-source.js';
import { openDb } from '../scanner/db.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');
// Wednesday 18 November 2026, mid-afternoon: the period is well under way.
const NOW = Date.parse('2026-11-18T15:00:00Z');

let browser: Browser;
const apps: FastifyInstance[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A listening server on a generated database (or an empty one). */
async function start(opts: { demo: boolean; config?: Record<string, unknown> }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'runway-browser-'));
  const db = openDb(join(dir, 'usage.db'));
  if (opts.demo) generateDemo(db, { nowMs: NOW, tz: 'UTC' });
  const port = await freePort();
  const configPath = join(dir, 'config.json');
  const app = await buildApp({
    db, port, version: 'test', tz: 'UTC', configPath, now: () => NOW, scan: null,
    roots: [{ source: 'claude-code', root: join(dir, 'claude'), logDir: join(dir, 'claude', 'projects'), exists: false, files: 0 }],
    config: parseConfig(opts.config ?? { monthly_budget: 600, secondary_currency: { code: 'EUR', rate: 0.9, symbol: '€' } }, configPath),
    pricing: { table: await loadPriceTable({ cacheDir: join(dir, 'cache') }), mode: 'auto' },
  });
  await app.listen({ host: '127.0.0.1', port });
  apps.push(app);
  return `http://127.0.0.1:${port}`;
}

/** Opens the page, recording console errors and every URL it requests. */
async function open(origin: string, viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light') {
  const page = await browser.newPage({ viewport, colorScheme });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
  return { page, errors, requests };
}

/** Pixels a chart actually painted. */
function paintedPixels(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement | null;
    if (!canvas || canvas.width === 0) return 0;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  }, id);
}

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`).toBe(true);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const app of apps) await app.close();
});

describe('dashboard in Chromium', () => {
  it('shows the figures /api/summary serves, draws every chart, and fetches nothing from elsewhere', async () => {
    const origin = await start({ demo: true });
    const summary = await (await fetch(`${origin}/api/summary`)).json();
    const { page, errors, requests } = await open(origin, { width: 1280, height: 800 });

    const value = (testid: string) => page.getAttribute(`[data-testid="${testid}"]`, 'data-value');
    const pairs: [string, number][] = [
      ['spent-to-date', summary.spentToDate], ['budget', summary.budget], ['remaining', summary.remaining],
      ['daily-budget', summary.dailyBudget], ['todays-runway', summary.todaysRunway],
      ['avg-workday-spend', summary.avgWorkdaySpend], ['burn-rate', summary.burn.ratePerDay],
      ['projected-spend', summary.projectedSpend], ['projected-surplus', summary.projectedSurplus],
      ['sessions', summary.sessions], ['workdays-remaining', summary.workdaysRemaining],
    ];
    for (const [testid, expected] of pairs) expect(Number(await value(testid)), testid).toBe(expected);
    expect(await value('status')).toBe(summary.status);
    // The text shown is the value, formatted: $1,234.56.
    const shown = await page.textContent('[data-testid="spent-to-date"]');
    expect(shown).toContain(summary.spentToDate.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    expect(await page.textContent('[data-testid="unpriced"]')).toContain('claude-experimental-preview');
    expect(await page.isVisible('[data-testid="empty-state"]')).toBe(false);

    for (const id of ['chart-today', 'chart-period', 'chart-daily', 'chart-models']) {
      expect(await paintedPixels(page, id), id).toBeGreaterThan(500);
    }
    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThan(3);
    for (const url of requests) expect(url.startsWith(`${origin}/`) || url.startsWith('data:'), url).toBe(true);

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('fits a phone screen and the dark theme', async () => {
    const origin = await start({ demo: true });
    const { page, errors } = await open(origin, { width: 390, height: 844 }, 'dark');
    // Nothing wider than the screen: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!, `dark background, got ${background}`).toBeLessThan(200);
    expect(await paintedPixels(page, 'chart-daily')).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-dark.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('explains where it looked when there are no logs', async () => {
    const origin = await start({ demo: false, config: {} });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });
    expect(await page.isVisible('[data-testid="empty-state"]')).toBe(true);
    const text = await page.textContent('[data-testid="empty-state"]');
    expect(text).toContain('claude/projects');
    expect(text).toContain('--demo');
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-empty.png') });
    await page.close();
  }, 60_000);

  it('refuses a request whose Host is another name (DNS rebinding) on the real socket', async () => {
    const origin = await start({ demo: false, config: {} });
    const { port } = new URL(origin);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/api/summary', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        }).on('error', reject).end();
      });
    expect(await status(`attacker.example:${port}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(200);
  });
});
