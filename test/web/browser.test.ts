// The page in real headless Chromium (Debian's, which .ci/run installs): the figures it
// shows are the API's, the charts drew, nothing is fetched from elsewhere, and the
// DNS-rebinding guard holds on a real socket. Screenshots land in test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { generateDemo } from '../../server/demo.js';
import { parseConfig } from '../../core/config.js';
import { loadPriceTable } from '../../core/price-source.js';
import { openDb, type Db } from '../../store/db.js';
import { recordReadings } from '../../store/quota.js';
import { cliEnv, freePort, startServe } from '../helpers/cli.js';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { TEST_PRICES } from '../helpers/app.js';
import { AGENT_ROWS, AGENT_TABLE, sums, writeAgentRows } from '../helpers/agents.js';
import type { PriceTable } from '../../core/pricing.js';
import { ARTIFACTS, expectPhoneDark, launchChromium, NO_BROWSER, paintedPixels } from '../helpers/browser.js';
import { cards } from '../../web/cards/index.js';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');
// Wednesday 18 November 2026, mid-afternoon: the period is well under way.
const NOW = Date.parse('2026-11-18T15:00:00Z');

const MIN = 60_000;
const DAY = 86_400_000;

let browser: Browser;
const apps: FastifyInstance[] = [];
const children: ChildProcess[] = [];


/** A listening server on a generated database (or an empty one); `prepare` adds to the database, `table` replaces the price data. */
async function start(opts: { demo: boolean; config?: Record<string, unknown>; prepare?: (db: Db) => void; table?: PriceTable }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'runway-browser-'));
  const db = openDb(join(dir, 'usage.db'));
  if (opts.demo) generateDemo(db, { nowMs: NOW, tz: 'UTC' });
  opts.prepare?.(db);
  const port = await freePort();
  const configPath = join(dir, 'config.json');
  const app = await buildApp({
    db, port, version: 'test', tz: 'UTC', configPath, now: () => NOW, scan: null,
    roots: [{ source: 'claude-code', root: join(dir, 'claude'), logDir: join(dir, 'claude', 'projects'), exists: false, files: 0 }],
    config: parseConfig(opts.config ?? { monthly_budget: 600, secondary_currency: { code: 'EUR', rate: 0.9, symbol: '€' } }, configPath),
    pricing: { table: opts.table ?? await loadPriceTable({ cacheDir: join(dir, 'cache') }), mode: 'auto' },
  });
  await app.listen({ host: '127.0.0.1', port });
  apps.push(app);
  return `http://127.0.0.1:${port}`;
}

/** Opens the page (at `path`), recording console errors and every URL it requests. */
async function open(origin: string, viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light', path = '/') {
  const page = await browser.newPage({ viewport, colorScheme });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${origin}${path}`);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
  return { page, errors, requests };
}


beforeAll(async () => {
  browser = (await launchChromium())!;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const app of apps) await app.close();
  for (const child of children) child.kill('SIGKILL');
});

const attr = (page: Page, testid: string, name = 'data-value') => page.getAttribute(`[data-testid="${testid}"]`, name);
const text = (page: Page, testid: string) => page.textContent(`[data-testid="${testid}"]`);

describe.skipIf(NO_BROWSER)('dashboard in Chromium', () => {
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
    // One forecast: its method beside its pace, its one run-out date with the surplus.
    expect(await text(page, 'avg-workday-sub')).toBe(summary.forecast.method);
    expect(await value('runway-date')).toBe(summary.dryDate ?? '');
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
    // The page's modules, each card's among them, and never the report's script.
    const paths = requests.map((url) => url.slice(origin.length));
    expect(paths).toEqual(expect.arrayContaining(['/main.js', '/live.js', '/format.js', ...cards.map((c) => `/cards/${c.name}.js`)]));
    expect(paths.filter((p) => p.startsWith('/report/'))).toEqual([]);

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('without a budget shows no budget figure, colour or date, and no error', async () => {
    const origin = await start({ demo: true, config: {} });
    const summary = await (await fetch(`${origin}/api/summary`)).json();
    expect(summary).toMatchObject({ budgetConfigured: false, budget: null, status: null, dryDate: null });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });
    expect(errors).toEqual([]);
    expect(await page.isVisible('[data-testid="no-budget"]')).toBe(true);
    for (const id of ['status', 'budget', 'daily-budget', 'todays-runway', 'remaining', 'projected-surplus', 'runway-days']) {
      expect(await page.isVisible(`[data-testid="${id}"]`), id).toBe(false);
    }
    // The cards that need a budget are never drawn: their figures keep the page's placeholder.
    for (const id of ['todays-runway', 'remaining', 'daily-budget', 'projected-surplus']) expect(await text(page, id), id).toBe('—');
    expect(Number(await attr(page, 'projected-spend'))).toBe(summary.projectedSpend);
    expect(await text(page, 'avg-workday-sub')).toBe(summary.forecast.method);
    await page.close();
  }, 60_000);

  it('is one click from the previous period, whose figures and charts it then shows, and back', async () => {
    const origin = await start({ demo: true });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });
    expect(await page.isVisible('[data-testid="period-current"]')).toBe(false);
    expect(await page.isVisible('[data-testid="period-next"]')).toBe(false);
    await Promise.all([page.waitForURL(/period=2026-10-01/), page.click('[data-testid="period-previous"]')]);
    await page.waitForSelector('body[data-loaded="true"]');
    const october = await (await fetch(`${origin}/api/summary?period=2026-10-01`)).json();
    expect(october.period.start).toBe('2026-10-01');
    expect(await text(page, 'period')).toContain('Oct 1');
    expect(Number(await attr(page, 'spent-to-date'))).toBe(october.spentToDate);
    expect(october.spentToDate).toBeGreaterThan(0);
    expect(await page.isVisible('[data-testid="period-current"]')).toBe(true);
    expect(await paintedPixels(page, 'chart-daily')).toBeGreaterThan(500);
    await Promise.all([page.waitForURL((url) => !url.search.includes('period=')), page.click('[data-testid="period-current"]')]);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await text(page, 'period')).toContain('Nov 1');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('fits a phone screen and the dark theme', async () => {
    const origin = await start({ demo: true });
    const { page, errors } = await open(origin, { width: 390, height: 844 }, 'dark');
    // Nothing wider than the screen: no sideways scrolling.
    await expectPhoneDark(page);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone-dark.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('switches to German in the header at once, keeps it over a reload, and ?lang=en brings English back', async () => {
    const origin = await start({ demo: true });
    const summary = await (await fetch(`${origin}/api/summary`)).json();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const loaded = () => page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
    const title = (card: string) => page.textContent(`[data-card="${card}"] .card-title`);
    const htmlLang = () => page.getAttribute('html', 'lang');
    await page.goto(`${origin}/`);
    await loaded();

    expect(await htmlLang()).toBe('en');
    expect(await title('spent')).toBe('Spent this period');
    expect(await title('daily')).toBe('Daily spend');
    expect(await page.inputValue('[data-testid="lang-select"]')).toBe('en');

    await page.selectOption('[data-testid="lang-select"]', 'de');
    await page.waitForFunction(() => document.documentElement.lang === 'de');
    const german = async () => {
      expect(await title('spent')).toBe('Ausgaben im Zeitraum');
      expect(await title('daily')).toBe('Ausgaben je Tag');
      expect(await title('today')).toBe('Reichweite heute');
      expect(await page.textContent('[data-card="burn-rate"] .stat-title')).toBe('Verbrauchsrate · letzte 24 h');
      // The cards' own texts too, with day names in German and money as before.
      expect(await text(page, 'status')).toBe({ green: 'Im Plan', yellow: 'Knapp', red: 'Zu schnell' }[summary.status as string]);
      expect(await text(page, 'period')).toBe('1. Nov. – 30. Nov. 2026 · beginnt neu am Tag 1');
      expect(await text(page, 'day-of-period')).toBe(`Tag ${summary.period.dayIndex + 1} von ${summary.period.days}`);
      expect(await text(page, 'spent-to-date')).toMatch(/^\$[\d,]+\.\d\d/);
      expect(await text(page, 'agents-total')).toMatch(/^\$[\d,]+\.\d\d(\+\?)? in diesem Zeitraum$/);
      expect(await page.getAttribute('#chart-daily', 'aria-label')).toBe('Ausgaben je Tag des Zeitraums');
      expect(await page.inputValue('[data-testid="lang-select"]')).toBe('de');
    };
    await german();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('de');
    expect(await page.evaluate(() => localStorage.getItem('runway-lang'))).toBe('de');
    // The period links keep the language, as they keep the filters.
    expect(await page.getAttribute('[data-testid="period-previous"]', 'href')).toContain('lang=de');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-german.png'), fullPage: true });

    // Stored: a reload, even of the bare address, stays German.
    await page.goto(`${origin}/`);
    await loaded();
    expect(await htmlLang()).toBe('de');
    await german();

    await page.goto(`${origin}/?lang=en`);
    await loaded();
    expect(await htmlLang()).toBe('en');
    expect(await title('spent')).toBe('Spent this period');
    expect(await text(page, 'period')).toBe('Nov 1 – Nov 30, 2026 · resets on day 1');
    expect(errors).toEqual([]);
    await page.close();

    // Nothing chosen yet: the browser's languages decide. The longer German words fit a phone too.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', locale: 'de-DE' });
    await phone.goto(`${origin}/`);
    await phone.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
    expect(await phone.getAttribute('html', 'lang')).toBe('de');
    expect(await phone.textContent('[data-card="spent"] .card-title')).toBe('Ausgaben im Zeitraum');
    await expectPhoneDark(phone);
    await phone.screenshot({ path: join(ARTIFACTS, 'dashboard-german-phone.png'), fullPage: true });
    await phone.close();
  }, 60_000);

  it('explains where it looked when there are no logs', async () => {
    const origin = await start({ demo: false, config: {} });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });
    expect(await page.isVisible('[data-testid="empty-state"]')).toBe(true);
    const text = await page.textContent('[data-testid="empty-state"]');
    // Each source by its name, with its log folder.
    expect(await page.textContent('#roots .root-agent')).toBe('claude-code');
    expect(text).toContain('claude/projects');
    expect(text).toContain('"sources"');
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

/**
 * Readings as the status line stores them, 3 minutes before NOW: the 5-hour window at 80%
 * resetting in 100 minutes (burning too fast: 20% left lasts 49 minutes), the 7-day window
 * at 30% resetting in 4 days (lasting 3 days past the reset).
 */
function readings(db: Db): void {
  const ts = NOW - 3 * MIN;
  recordReadings(db, [
    { window: 'five_hour', ts, usedPercentage: 80, resetsAt: NOW + 100 * MIN },
    { window: 'seven_day', ts, usedPercentage: 30, resetsAt: NOW + 4 * DAY },
  ], 's1');
}

describe.skipIf(NO_BROWSER)('cache and last-request cards in Chromium', () => {
  it('show the figures /api/daily and /api/last-request serve, for the agents picked', async () => {
    const origin = await start({ demo: true });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });
    const { cache } = await (await fetch(`${origin}/api/daily`)).json();
    expect(cache.cacheHitRatio).toBeGreaterThan(0);
    expect(Number(await attr(page, 'cache-hit'))).toBe(cache.cacheHitRatio);
    expect(await text(page, 'cache-hit')).toBe(`${(cache.cacheHitRatio * 100).toFixed(1)}%`);
    expect(Number(await attr(page, 'cache-write-cost'))).toBe(cache.cacheWriteCost);
    expect(await text(page, 'cache-write-cost')).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(await text(page, 'cache-write-share')).toBe(`· ${(cache.cacheWriteShare * 100).toFixed(1)}% of the spend`);
    expect(await paintedPixels(page, 'chart-cache')).toBeGreaterThan(100);

    const { latest, totals } = await (await fetch(`${origin}/api/last-request`)).json();
    expect(Number(await attr(page, 'last-request-at'))).toBe(latest.ts);
    expect(await text(page, 'last-request-who')).toBe(`${latest.agent} · ${latest.model}`);
    const shown = async (testid: string) => Number((await text(page, testid))!.replaceAll(',', ''));
    for (const key of ['inputTokens', 'cacheWriteTokens', 'cacheReadTokens', 'outputTokens', 'reasoningTokens']) {
      expect(await shown(`last-request-${key}`), key).toBe(latest[key]);
      expect(await shown(`last-request-total-${key}`), key).toBe(totals[key]);
    }
    expect(Number(await attr(page, 'last-request-total-cost'))).toBe(totals.cost);
    expect(await attr(page, 'last-request-cost')).toBe(latest.cost === null ? '' : String(latest.cost));
    await page.close();

    // Codex alone: its own newest response and cache figures.
    const codex = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await codex.goto(`${origin}/?agent=codex`);
    await codex.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
    const codexLast = (await (await fetch(`${origin}/api/last-request?agent=codex`)).json()).latest;
    expect(await text(codex, 'last-request-who')).toBe(`codex · ${codexLast.model}`);
    expect(Number(await attr(codex, 'last-request-at'))).toBe(codexLast.ts);
    const codexCache = (await (await fetch(`${origin}/api/daily?agent=codex`)).json()).cache;
    expect(codexCache.cacheHitRatio).not.toBe(cache.cacheHitRatio);
    expect(Number(await attr(codex, 'cache-hit'))).toBe(codexCache.cacheHitRatio);
    await codex.close();
    expect(errors).toEqual([]);
  }, 60_000);
});

describe.skipIf(NO_BROWSER)('agents in Chromium', () => {
  // The three agents of the helper, and Gemini with nothing but usage Runway has no price for.
  const prepare = (db: Db) => writeAgentRows(db, [...AGENT_ROWS, { agent: 'gemini', id: 'g1', ts: '2026-11-18T10:30:00Z', model: 'gemini-mystery', usd: null, output: 500, session: 'g-a', project: '/home/dev/api' }]);
  const cells = (page: Page) => page.$$eval('[data-testid="agents"] tbody tr', (trs) => trs.map((tr) => ({
    agent: (tr as HTMLElement).dataset.agent,
    share: Number(tr.querySelector('.share-col')?.getAttribute('data-value')),
    cost: tr.querySelector('td.num')?.textContent,
  })));

  it('splits the period per agent, shares adding up to the whole, unpriced usage called unpriced', async () => {
    const origin = await start({ demo: false, prepare, table: AGENT_TABLE });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });
    const rows = await cells(page);
    expect(rows.map((r) => r.agent)).toEqual(['claude-code', 'codex', 'copilot', 'gemini']);
    expect(rows.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 12);
    expect(rows[0]!.share).toBeCloseTo(45 / 74, 12);
    expect(rows.map((r) => r.cost)).toEqual(['$45.00', '$28.00+?', '$1.00', 'unpriced']);
    expect(Number(await attr(page, 'agents-total'))).toBeCloseTo(74, 9);
    // These rows carry no turns or tool labels: the activities card says whose calls it could not classify.
    const unlabelled = await text(page, 'activities-unlabelled');
    for (const [agent, calls] of [['claude-code', 3], ['codex', 3], ['copilot', 1]] as const) {
      expect(unlabelled).toContain(`${agent}: ${calls} ${calls === 1 ? 'call' : 'calls'} not classified: its logs don't show tool calls`);
    }
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-agents.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('picks the agents in the header, keeps them in the URL, and marks the budget’s', async () => {
    const origin = await start({ demo: false, prepare, table: AGENT_TABLE, config: { monthly_budget: 600, budget_agents: ['claude-code', 'codex'] } });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });
    // The default view is the budget's agents: what the budget is compared with.
    expect(await attr(page, 'agent')).toBe('claude-code,codex');
    expect(Number(await attr(page, 'spent-to-date'))).toBeCloseTo(sums(['claude-code', 'codex']).cost, 9);
    const options = await page.$$eval('#agent-select option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(options).toEqual([
      ['all', 'All agents'], ['claude-code', 'claude-code'], ['codex', 'codex'], ['gemini', 'gemini'], ['opencode', 'opencode'],
      ['copilot', 'copilot'], ['sdk', 'sdk'], ['claude-code,codex', 'claude-code + codex (budget)'],
    ]);
    await page.selectOption('#agent-select', 'codex');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('agent') === 'codex');
    await page.waitForFunction(() => document.querySelector('[data-testid="agent"]')?.getAttribute('data-value') === 'codex');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="agents"] tbody tr').length === 1);
    expect(Number(await attr(page, 'spent-to-date'))).toBeCloseTo(28, 9);
    expect((await cells(page)).map((r) => r.agent)).toEqual(['codex']);
    // The previous period keeps the agents.
    expect(await page.getAttribute('[data-testid="period-previous"]', 'href')).toMatch(/agent=codex/);
    await page.reload();
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.inputValue('#agent-select')).toBe('codex');
    expect(Number(await attr(page, 'spent-to-date'))).toBeCloseTo(28, 9);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe.skipIf(NO_BROWSER)('quota section in Chromium', () => {
  it('draws a bar per window with the figures /api/quota serves', async () => {
    const origin = await start({ demo: true, prepare: readings });
    const quota = await (await fetch(`${origin}/api/quota`)).json();
    const [five, seven] = quota.windows;
    expect(five).toMatchObject({ window: 'five_hour', usedPercentage: 80, level: 'warn' });
    expect(seven).toMatchObject({ window: 'seven_day', usedPercentage: 30, level: 'ok' });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });

    expect(await attr(page, 'quota', 'data-mode')).toBe('readings');
    expect(await page.isVisible('[data-testid="quota-estimated"]')).toBe(false);
    for (const w of quota.windows) {
      const key = w.window;
      expect(Number(await attr(page, `quota-used-${key}`)), key).toBe(w.usedPercentage);
      expect(await text(page, `quota-used-${key}`)).toBe(`${w.usedPercentage}% used`);
      expect(await attr(page, `quota-bar-${key}`, 'class')).toContain(`level-${w.level}`);
      expect(Number(await attr(page, `quota-burn-${key}`)), key).toBe(w.burnRate);
      expect(Number(await attr(page, `quota-reserve-${key}`)), key).toBe(w.reserveMs);
      const fillWidth = await page.$eval(`[data-testid="quota-bar-${key}"] .quota-fill`, (el) => (el as HTMLElement).style.width);
      expect(fillWidth).toBe(`${w.usedPercentage}%`);
    }
    // Ticks at the thresholds; the fill takes its level's colour (the legend's warn swatch).
    const ticks = await page.$$eval('[data-testid="quota-bar-five_hour"] .quota-tick', (els) => els.map((el) => (el as HTMLElement).style.left));
    expect(ticks).toEqual(['75%', '90%']);
    const colour = (selector: string) => page.$eval(selector, (el) => getComputedStyle(el).backgroundColor);
    const warnColour = await colour('#quota-legend .tick-warn');
    expect(await colour('[data-testid="quota-bar-five_hour"] .quota-fill')).toBe(warnColour);
    expect(await colour('[data-testid="quota-bar-seven_day"] .quota-fill')).not.toBe(warnColour);

    // 5h: exhausted at 15:46:15, 53.75 minutes before its 16:40 reset.
    expect(await text(page, 'quota-burn-five_hour')).toBe(`burn ${five.burnRate.toFixed(1)} %/h`);
    expect(await text(page, 'quota-exhausts-five_hour')).toBe('runs out at 15:46');
    expect(await text(page, 'quota-reserve-five_hour')).toBe('reserve −54 min');
    expect(await attr(page, 'quota-reserve-five_hour', 'class')).toContain('tone-bad');
    expect(await text(page, 'quota-reset-five_hour')).toBe('resets in 1 h 40 min · 16:40');
    // 7d: 10 %/day lasts until 10 minutes before 7 days from now, 3 days past the reset.
    expect(await text(page, 'quota-burn-seven_day')).toBe('burn 10.0 %/day');
    expect(await text(page, 'quota-exhausts-seven_day')).toBe('would run out at Wed, Nov 25, 14:50');
    expect(await text(page, 'quota-reserve-seven_day')).toBe('reserve +3 d');
    expect(await attr(page, 'quota-reserve-seven_day', 'class')).toContain('tone-good');
    expect(await text(page, 'quota-reset-seven_day')).toBe('resets in 4 d · Sun, Nov 22, 15:00');
    expect(await text(page, 'quota-source')).toBe('reading from 3 min ago via the Claude Code status line');

    // The countdown runs in the page, on the server's clock (here frozen at NOW).
    const left = Number(await attr(page, 'quota-reset-five_hour'));
    expect(left).toBeLessThanOrEqual(100 * MIN);
    await page.waitForTimeout(2100);
    const later = Number(await attr(page, 'quota-reset-five_hour'));
    expect(left - later).toBeGreaterThanOrEqual(1000);
    expect(left - later).toBeLessThan(5000);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-quota-desktop.png'), fullPage: true });
    await page.close();

    // The README's picture: the section alone, light, about 900 px wide.
    const shot = await open(origin, { width: 948, height: 900 });
    await shot.page.waitForTimeout(700); // let the bars finish growing
    await shot.page.locator('[data-testid="quota"]').screenshot({ path: join(DOCS, 'quota.png') });
    await shot.page.close();

    const phone = await open(origin, { width: 390, height: 844 }, 'dark');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await phone.page.isVisible('[data-testid="quota-reserve-five_hour"]')).toBe(true);
    expect(phone.errors).toEqual([]);
    await phone.page.screenshot({ path: join(ARTIFACTS, 'dashboard-quota-phone-dark.png'), fullPage: true });
    await phone.page.close();
  }, 60_000);

  it('greys out a window that has reset since its reading', async () => {
    const origin = await start({
      demo: true,
      prepare: (db) => recordReadings(db, [{ window: 'five_hour', ts: NOW - 6 * 60 * MIN, usedPercentage: 95, resetsAt: NOW - 60 * MIN }], 's1'),
    });
    const quota = await (await fetch(`${origin}/api/quota`)).json();
    expect(quota.windows).toHaveLength(1);
    expect(quota.windows[0]).toMatchObject({ expired: true, level: 'alarm' });
    const { page, errors } = await open(origin, { width: 1280, height: 800 });
    expect(await attr(page, 'quota-bar-five_hour', 'class')).toContain('is-expired');
    expect(await text(page, 'quota-reset-five_hour')).toBe('reset since the last reading at 09:00');
    expect(await page.isVisible('[data-testid="quota-burn-five_hour"]')).toBe(false);
    expect(await page.isVisible('[data-testid="quota-bar-seven_day"]')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('estimates the 5-hour blocks from the logs when there is no reading', async () => {
    const origin = await start({ demo: true });
    const quota = await (await fetch(`${origin}/api/quota`)).json();
    expect(quota.windows).toEqual([]);
    const active = quota.blocks.find((b: { active: boolean }) => b.active);
    expect(active.projection).not.toBeNull();
    const unpricedAt = quota.blocks.findIndex((b: { unpricedResponses: number }) => b.unpricedResponses > 0);
    expect(unpricedAt, 'the demo has a block of unpriced usage').toBeGreaterThanOrEqual(0);
    const { page, errors } = await open(origin, { width: 390, height: 844 }, 'dark');

    expect(await attr(page, 'quota', 'data-mode')).toBe('estimated');
    expect(await page.isVisible('#quota-windows')).toBe(false);
    expect(await text(page, 'quota-estimated')).toContain('runway statusline --install');
    expect(Number(await attr(page, 'block-cost'))).toBe(active.cost);
    expect(await text(page, 'block-cost')).toBe(`$${active.cost.toFixed(2)}`);
    expect(Number(await attr(page, 'block-projection'))).toBe(active.projection.cost);
    expect(await text(page, 'block-projection')).toBe(`$${active.projection.cost.toFixed(2)}`);
    expect(Number(await attr(page, 'block-rate'))).toBe(active.projection.costPerHour);
    // The block opened at 13:00 (first activity floored to the hour); NOW is 15:00.
    expect(await text(page, 'block-range')).toBe('13:00–18:00');
    expect(await text(page, 'block-time-left')).toBe('3 h 00 min');

    // Newest first; unpriced usage is "+?", never $0.
    const rows = await page.$$eval('[data-testid="blocks"] li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(rows).toHaveLength(quota.blocks.length);
    const unpricedRow = rows[quota.blocks.length - 1 - unpricedAt]!;
    expect(unpricedRow).toContain('+?');
    expect(unpricedRow).not.toContain('$0.00');
    expect(rows[0]).toContain(`$${active.cost.toFixed(2)}`);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-quota-estimated-phone-dark.png'), fullPage: true });
    await page.close();
  }, 60_000);
});

// ---------- live updates, on a real `runway serve` watching a real log folder ----------



const serve = async (port: number, env: Record<string, string>) => (await startServe(['--port', String(port)], env, children)).child;

/** $`dollars` of output at claude-test-1's $10 per million output tokens. */
function response(id: string, dollars: number): Record<string, unknown> {
  return assistant({ id, requestId: `req_${id}`, ts: new Date(Date.now() - 1000).toISOString(), model: 'claude-test-1', usage: { input: 0, output: dollars * 100_000 } });
}

describe.skipIf(NO_BROWSER)('live updates in Chromium', () => {
  it('shows a line appended to a log within 3 s without a reload, and goes back to live after losing the server', async () => {
    const logs = logRoot();
    const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, TZ: 'UTC' });
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'runway'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME!, 'runway', 'config.json'), JSON.stringify({ monthly_budget: 200, prices: TEST_PRICES, timezone: 'UTC' }));
    const session = '-home-dev-api/s1.jsonl';
    logs.write(session, jsonl([response('a', 10)]));
    const port = await freePort();
    const server = await serve(port, env);
    const { page, errors } = await open(`http://127.0.0.1:${port}`, { width: 1280, height: 800 });
    await page.waitForSelector('body[data-live="open"]', { timeout: 5000 });
    expect(await attr(page, 'spent-to-date')).toBe('10');
    expect(await attr(page, 'watch')).toBe('events');
    expect(await text(page, 'watch')).toBe('live: watching 1 log folder');
    await page.evaluate(() => Object.assign(window, { runwayMarker: 'same page' }));

    logs.append(session, jsonl([response('b', 5)]));
    await page.waitForFunction(() => document.querySelector('[data-testid="spent-to-date"]')?.getAttribute('data-value') === '15', null, { timeout: 3000 });
    expect(await text(page, 'spent-to-date')).toBe('$15.00');
    // The other figures follow from the refetch: the estimated block holds both responses.
    await page.waitForFunction(() => document.querySelector('[data-testid="block-cost"]')?.getAttribute('data-value') === '15', null, { timeout: 3000 });
    expect(Number(await page.getAttribute('body', 'data-updates'))).toBeGreaterThanOrEqual(1);
    expect(await page.getAttribute('body', 'data-refreshes')).toBe('1');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { runwayMarker?: string }).runwayMarker)).toBe('same page');
    expect(errors).toEqual([]);

    // The server goes away: the header says so, and the page keeps its figures.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    await page.waitForSelector('body[data-live="closed"]', { timeout: 5000 });
    expect(await page.getAttribute('#pulse', 'class')).toContain('is-offline');
    expect(await page.getAttribute('#pulse', 'title')).toBe('live updates lost, refreshing every 30 s');
    expect(await attr(page, 'spent-to-date')).toBe('15');

    // Back on the same port: EventSource reconnects by itself and the page catches up with a refresh.
    logs.append(session, jsonl([response('c', 2)]));
    await serve(port, env);
    await page.waitForSelector('body[data-live="open"]', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="spent-to-date"]')?.getAttribute('data-value') === '17', null, { timeout: 5000 });
    expect(await page.getAttribute('#pulse', 'class')).not.toContain('is-offline');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { runwayMarker?: string }).runwayMarker)).toBe('same page');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-live.png'), fullPage: true });
    await page.close();
  }, 60_000);
});

describe.skipIf(NO_BROWSER)('where the money goes, and drill-through, in Chromium', () => {
  type Row = { name: string; cost: number | null; unpricedCalls: number; tools: { name: string }[] };
  const json = async (url: string) => (await fetch(url)).json();
  const isOpen = (page: Page) => page.evaluate(() => (document.getElementById('drill') as HTMLDialogElement).open);
  const sessionCosts = (page: Page) => page.$$eval('[data-testid="drill-sessions"] tbody tr', (trs) => trs.map((tr) => Number(tr.querySelector('td.num:last-child')?.getAttribute('data-value'))));

  it('shows the activities and tools /api/where serves, and opens the sessions and turns behind a total', async () => {
    const origin = await start({ demo: true });
    const where = await json(`${origin}/api/where?by=activity`);
    const { page, errors, requests } = await open(origin, { width: 1280, height: 800 });

    // Every activity of the demo, in the server's order, each with its cost; unpriced calls marked.
    const rows = where.rows as Row[];
    expect(rows.length).toBeGreaterThan(5);
    const names = await page.$$eval('[data-testid="activities"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.name));
    expect(names).toEqual(rows.map((r) => r.name));
    expect(names).toEqual(expect.arrayContaining(['Coding', 'Debugging', 'Exploration']));
    const first = rows[0]!;
    const firstCost = page.locator('[data-testid="activities"] tbody tr').first().locator('td.num').first();
    expect(Number(await firstCost.getAttribute('data-value'))).toBe(first.cost);
    expect(await firstCost.textContent()).toBe(`$${first.cost!.toFixed(2)}${first.unpricedCalls ? '+?' : ''}`);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    expect(await text(page, 'activities-rates')).toBe(`one-shot ${pct(where.total.oneShotRate)} · retried ${pct(where.total.retryRate)}`);
    // Every agent of the demo labels its work (Codex too): no note of unclassified calls.
    expect(where.unlabelled).toEqual([]);
    expect(await page.isHidden('[data-testid="activities-unlabelled"]')).toBe(true);

    // The switch: MCP servers, each with its tools under it.
    const mcp = (await json(`${origin}/api/where?by=mcp`)).rows as Row[];
    const server = mcp.find((r) => r.tools.length)!;
    await page.click('[data-testid="tools-by-mcp"]');
    await page.waitForSelector('[data-testid="tools"][data-by="mcp"]');
    expect(await attr(page, 'tools-by-mcp', 'aria-pressed')).toBe('true');
    const toolRows = await page.$$eval('[data-testid="tools"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.name ?? `  ${(tr as HTMLElement).dataset.tool}`));
    expect(toolRows).toContain(server.name);
    const at = toolRows.indexOf(server.name);
    expect(toolRows.slice(at + 1, at + 1 + server.tools.length)).toEqual(server.tools.map((tool) => `  ${tool.name}`));
    expect(toolRows).toContain('(no MCP call)');
    await page.locator('[data-card="activities"]').locator('..').screenshot({ path: join(ARTIFACTS, 'dashboard-where-cards.png') });

    // An activity row opens its sessions, most expensive first, whose costs add up to the row's.
    const debugging = rows.find((r) => r.name === 'Debugging')!;
    const drill = await json(`${origin}/api/drill?activity=Debugging`);
    await page.click('[data-testid="activities"] tbody tr[data-name="Debugging"]');
    await page.waitForSelector('[data-testid="drill-sessions"] tbody tr[data-session]');
    expect(await isOpen(page)).toBe(true);
    expect(await text(page, 'drill-title')).toBe('Sessions · Debugging');
    const costs = await sessionCosts(page);
    expect(costs).toHaveLength(drill.sessions.length);
    expect(costs.reduce((sum, c) => sum + c, 0)).toBeCloseTo(debugging.cost!, 9);
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
    expect(await page.$$eval('[data-testid="drill-sessions"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.session)))
      .toEqual(drill.sessions.map((s: { sessionId: string }) => s.sessionId));

    // A session opens to its turns, retried ones marked, each response with its tokens and tools.
    const id = drill.sessions[0].sessionId;
    const session = await json(`${origin}/api/session?id=${id}`);
    await page.keyboard.press('Enter'); // the first session has focus
    await page.waitForSelector('[data-testid="drill-turn"]');
    const turns = await page.$$eval('[data-testid="drill-turn"]', (els) => els.map((el) => ({
      activity: (el as HTMLElement).dataset.activity, retried: !!el.querySelector('[data-testid="drill-retried"]'), responses: el.querySelectorAll('tbody tr').length,
    })));
    expect(turns).toEqual(session.turns.map((turn: { activity: string; retried: boolean; responses: unknown[] }) => ({ activity: turn.activity, retried: turn.retried, responses: turn.responses.length })));
    expect(turns.some((turn) => turn.activity === 'Debugging')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-drill-session.png') });
    // Back to the list, then Esc closes the panel and hands focus back to the row.
    await page.click('[data-testid="drill-back"]');
    await page.waitForSelector('[data-testid="drill-sessions"] tbody tr[data-session]');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('drill') as HTMLDialogElement).open);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.name)).toBe('Debugging');

    // An agent row drills with that agent and no other key; a day's bar with its date.
    await page.click('[data-testid="agents"] tbody tr[data-agent="codex"]');
    await page.waitForSelector('[data-testid="drill-sessions"] tbody tr[data-session]');
    expect(requests.map((url) => url.slice(origin.length)).filter((p) => p.startsWith('/api/drill'))).toContain('/api/drill?agent=codex');
    const codexDrill = await json(`${origin}/api/drill?agent=codex`);
    expect((await sessionCosts(page)).reduce((sum, c) => sum + c, 0)).toBeCloseTo(codexDrill.total.cost, 9);
    await page.click('[data-testid="drill-close"]');
    expect(await isOpen(page)).toBe(false);

    // A server row of the tools card: its sessions, each with the row's share of its calls, add up to the row.
    await page.click(`[data-testid="tools"] tbody tr[data-name="${server.name}"]`);
    await page.waitForSelector('[data-testid="drill-sessions"] tbody tr[data-session]');
    expect(requests.some((url) => url.endsWith(`/api/drill?by=mcp&name=${encodeURIComponent(server.name)}`))).toBe(true);
    expect((await sessionCosts(page)).reduce((sum, c) => sum + c, 0)).toBeCloseTo(server.cost!, 9);
    await page.click('[data-testid="drill-close"]');
    const bar = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { getDatasetMeta(i: number): { data: { x: number; y: number }[] }; canvas: HTMLCanvasElement } } }).Chart.getChart('chart-daily');
      const { x, y } = chart.getDatasetMeta(0).data[16]!; // 17 November
      chart.canvas.scrollIntoView({ block: 'center' });
      const box = chart.canvas.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y + 4 };
    });
    await page.mouse.click(bar.x, bar.y);
    await page.waitForSelector('[data-testid="drill-sessions"] tbody tr[data-session]');
    expect(requests.some((url) => url.endsWith('/api/drill?day=2026-11-17'))).toBe(true);
    expect(Number(await attr(page, 'drill-sub'))).toBeCloseTo((await json(`${origin}/api/drill?day=2026-11-17`)).total.cost, 9);
    await page.keyboard.press('Escape');
    // From the keyboard: the arrow keys start at today, Enter opens the day picked.
    await page.focus('#chart-daily');
    for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowRight', 'ArrowLeft', 'Enter']) await page.keyboard.press(key);
    await page.waitForFunction(() => (document.getElementById('drill') as HTMLDialogElement).open);
    expect(requests.filter((url) => url.includes('/api/drill?day=')).map((url) => url.slice(-10))).toEqual(['2026-11-17', '2026-11-17']);
    await page.keyboard.press('Escape');

    expect(errors).toEqual([]);
    for (const url of requests) expect(url.startsWith(`${origin}/`) || url.startsWith('data:'), url).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-where.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('says the new cards and the panel in German, and keeps the period in the drill', async () => {
    const origin = await start({ demo: true });
    const { page, errors, requests } = await open(origin, { width: 1280, height: 800 }, 'light', '/?lang=de&period=2026-10-01');
    expect(await page.textContent('[data-card="activities"] .card-title')).toBe('Tätigkeiten');
    expect(await page.textContent('[data-card="tools"] .card-title')).toBe('Werkzeuge');
    expect(await text(page, 'tools-by-mcp')).toBe('MCP-Server');
    expect(await page.textContent('[data-testid="activities"] tr[data-name="Debugging"] .name-col')).toBe('Fehlersuche');
    await page.click('[data-testid="activities"] tbody tr[data-name="Debugging"]');
    await page.waitForSelector('[data-testid="drill-sessions"] tbody tr[data-session]');
    expect(await text(page, 'drill-title')).toBe('Sitzungen · Fehlersuche');
    expect(requests.some((url) => url.endsWith('/api/drill?period=2026-10-01&activity=Debugging'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
