// `runway report --html`: one file that opens from file:// in headless Chromium (Debian's,
// as in browser.test.ts), requests nothing but itself, draws its charts under its own CSP,
// shows exactly the figures `runway status --json` (summaryOf) computes, and cannot be
// broken out of by a hostile project path or config string.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { cliEnv, run } from '../helpers/cli.js';
import { ARTIFACTS, expectPhoneDark, itInBrowser, launchChromium, paintedPixels } from '../helpers/browser.js';
import { usd } from '../../cli/format.js';

const WEB = join(import.meta.dirname, '..', '..', 'web');

// Wednesday 18 November 2026, mid-afternoon: the November period is well under way.
const NOW = '2026-11-18T15:00:00.000Z';
const HOSTILE = '/home/dev/</script><script>alert(1)</script><!--&amp;\u2028x';
const OPUS = 'claude-opus-4-5-20251101';
const SONNET = 'claude-sonnet-4-5-20250929';
const BIG = { input: 1000, output: 40_000, cacheRead: 100_000 };

let browser: Browser;

/** The fixture's logs and config; `config` adds to (or overrides) the config, `workdir` adds a session working there. */
function fixture(config: Record<string, unknown> = {}, workdir?: string): Record<string, string> {
  const logs = logRoot();
  const at = (id: string, ts: string, cwd: string, model: string, session: string) =>
    assistant({ id, requestId: `req_${id}`, ts, cwd, model, session, usage: BIG });
  logs.write('-home-dev-api/s1.jsonl', jsonl([
    at('m1', '2026-10-30T10:00:00.000Z', '/home/dev/api', OPUS, 's1'),
    at('m2', '2026-11-02T10:00:00.000Z', '/home/dev/api', OPUS, 's1'),
    at('m3', '2026-11-17T10:00:00.000Z', '/home/dev/api', SONNET, 's1'),
  ]));
  logs.write('-home-dev-web/s2.jsonl', jsonl([
    at('m4', '2026-11-18T09:00:00.000Z', '/home/dev/web', OPUS, 's2'),
    at('m5', '2026-11-18T09:30:00.000Z', '/home/dev/web', 'claude-mystery-9', 's2'),
  ]));
  logs.write('-home-dev-evil/s3.jsonl', jsonl([at('m6', '2026-11-16T12:00:00.000Z', HOSTILE, SONNET, 's3')]));
  if (workdir) logs.write('-home-dev-more/s4.jsonl', jsonl([at('m7', '2026-11-18T10:00:00.000Z', workdir, SONNET, 's4')]));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: NOW });
  const configFile = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(configFile), { recursive: true });
  writeFileSync(configFile, JSON.stringify({ monthly_budget: 40, timezone: 'UTC', secondary_currency: { code: 'EUR', rate: 0.9, symbol: '€' }, ...config }));
  return env;
}

function report(env: Record<string, string>, ...args: string[]): { file: string; html: string; stdout: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'runway-report-')), 'report.html');
  const r = run(['report', '--html', file, ...args], env);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { file, html: readFileSync(file, 'utf8'), stdout: r.stdout };
}

/** The data the page embeds, parsed as the page parses it. */
function embedded(html: string) {
  const m = /<script type="application\/json" id="data">([^]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!);
}

/** Opens a report from file://, recording every request, console error, page error and dialog. */
async function open(file: string, viewport = { width: 1280, height: 800 }, colorScheme: 'light' | 'dark' = 'light') {
  const page = await browser.newPage({ viewport, colorScheme });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-drawn="true"]', { timeout: 15_000 });
  return { page, errors, requests };
}


const chartLabels = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { Chart: { getChart(id: string): { data: { labels: string[]; datasets: { data: (number | null)[] }[] } } } })
    .Chart.getChart('chart-daily').data);

beforeAll(async () => {
  browser = (await launchChromium())!;
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('runway report --html', () => {
  itInBrowser('shows the figures summaryOf computes, draws its charts, and requests nothing but itself', async () => {
    const env = fixture();
    const { file, html, stdout } = report(env);
    const summary = JSON.parse(run(['status', '--json'], env).stdout);
    expect(stdout).toMatch(new RegExp(`^Wrote ${file} \\(\\d+\\.\\d kB\\): 2026-11-01 – 2026-11-30 \\(this period\\), scope all, agents all, UTC\\n$`));
    // status --json is summaryOf plus its own extras: every summary figure must match.
    const figures = embedded(html).summary;
    expect(Object.keys(figures).length).toBeGreaterThan(30);
    for (const [key, v] of Object.entries(figures)) expect(summary[key], key).toEqual(v);

    // Nothing in the file names a place to fetch from: the only URLs are Chart.js's licence
    // comment and the SVG namespace inside the data: icon.
    const urls = new Set(html.match(/https?:\/\/[^\s"')]+/g));
    expect([...urls].sort()).toEqual(['http://www.w3.org/2000/svg', 'https://github.com/kurkle/color#readme', 'https://www.chartjs.org']);

    const { page, errors, requests } = await open(file);
    const value = (testid: string) => page.getAttribute(`[data-testid="${testid}"]`, 'data-value');
    const pairs: [string, number][] = [
      ['spent-to-date', summary.spentToDate], ['budget', summary.budget], ['remaining', summary.remaining],
      ['daily-budget', summary.dailyBudget], ['todays-runway', summary.todaysRunway], ['spent-today', summary.spentToday],
      ['avg-workday-spend', summary.avgWorkdaySpend], ['burn-rate', summary.burn.ratePerDay],
      ['projected-spend', summary.projectedSpend], ['projected-surplus', summary.projectedSurplus],
      ['sessions', summary.sessions], ['workdays-remaining', summary.workdaysRemaining],
      ['consumed', summary.consumedFraction], ['expected', summary.expectedFraction],
    ];
    for (const [testid, expected] of pairs) expect(Number(await value(testid)), testid).toBe(expected);
    expect(await value('status')).toBe(summary.status);
    expect(summary.spentToDate).toBeGreaterThan(1);
    const shown = await page.textContent('[data-testid="spent-to-date"]');
    expect(shown).toBe(`$${summary.spentToDate.toFixed(2)}`);
    expect(await page.textContent('[data-testid="unpriced"]')).toContain('claude-mystery-9');
    expect(await page.textContent('[data-testid="price-source"]')).toBe(summary.priceSource);
    expect(await page.textContent('[data-testid="timezone"]')).toBe('UTC');
    expect(await page.textContent('[data-testid="projects"]')).toContain('web');
    expect(await page.textContent('[data-testid="sessions"]')).toBe(String(summary.sessions));

    // The period's days, today's bar at today's spend, and the daily-budget line.
    const daily = await chartLabels(page);
    expect(daily.labels).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    expect(daily.datasets[0]!.data[17]).toBe(summary.spentToday);
    expect(daily.datasets[0]!.data[18]).toBeNull();
    expect(daily.datasets[1]!.data[17]).toBe(summary.dailyBudget);
    for (const id of ['chart-daily', 'chart-models']) expect(await paintedPixels(page, id), id).toBeGreaterThan(500);

    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-desktop.png'), fullPage: true });

    // The CSP is in force: a fetch is refused and reported, and an injected script never runs.
    const probe = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const fetched = await fetch('http://127.0.0.1:9/').then(() => 'fetched', () => 'refused');
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return { fetched, violations, injected: (window as unknown as { injected?: boolean }).injected ?? false };
    });
    expect(probe).toEqual({ fetched: 'refused', violations: ['connect-src', 'script-src-elem'], injected: false });
    await page.close();
  }, 60_000);

  itInBrowser('fits a phone screen and the dark theme', async () => {
    const { file } = report(fixture());
    const { page, errors } = await open(file, { width: 390, height: 844 }, 'dark');
    await expectPhoneDark(page);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-phone-dark.png'), fullPage: true });
    await page.close();
  }, 60_000);

  itInBrowser('keeps a hostile project path as text: no script breakout, the data parses back', async () => {
    const { file, html } = report(fixture());
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<script/g)).toHaveLength(3);
    // In the data block, every character that could end it or trip a script parser is escaped.
    const block = /id="data">([^]*?)<\/script>/.exec(html)![1]!;
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    expect(block).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)');
    const data = embedded(html);
    expect(data.range.projects.map((p: { project: string }) => p.project)).toContain(HOSTILE);

    const { page, errors } = await open(file);
    const titles = await page.$$eval('[data-testid="projects"] [title]', (els) => els.map((e) => e.getAttribute('title')));
    expect(titles).toContain(HOSTILE);
    const paths = await page.$$eval('[data-testid="projects"] .path', (els) => els.map((e) => e.textContent));
    expect(paths).toContain(HOSTILE);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  itInBrowser('keeps hostile config strings as text too, and its CSP still matches its two scripts', async () => {
    const symbol = '<img src=x onerror=alert(1)>';
    const secondary = '</script><script>alert(2)</script>';
    const cwd = '/home/dev/<b>x</b>';
    const { file, html } = report(fixture({ currency_symbol: symbol, secondary_currency: { code: 'EUR', rate: 0.9, symbol: secondary } }, cwd));
    for (const raw of [symbol, secondary, cwd, '<b>', '<img']) expect(html.includes(raw), raw).toBe(false);
    expect(html.match(/<script/g)).toHaveLength(3);

    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!.replaceAll('&#39;', "'");
    const scripts = [...html.matchAll(/<script(?: type="module")?>([^]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
    expect(scripts).toHaveLength(2);
    expect(csp).toContain(`; script-src ${scripts.join(' ')}; `);
    const data = embedded(html);
    expect(data.summary.currency).toMatchObject({ symbol, secondary: { symbol: secondary } });

    const { page, errors } = await open(file);
    expect(await page.textContent('[data-testid="spent-to-date"]')).toBe(`${symbol}${data.summary.spentToDate.toFixed(2)}`);
    expect(await page.textContent('main')).toContain(`≈ ${secondary}`);
    expect(await page.textContent('[data-testid="projects"]')).toContain(cwd);
    expect(await page.locator('img, b').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  itInBrowser('--since/--until choose the chart and breakdown days; the summary stays on the period', async () => {
    const env = fixture();
    const period = embedded(report(env).html);
    const { file, html, stdout } = report(env, '--since', '2026-10-29', '--until', '2026-11-02');
    expect(stdout).toContain('): 2026-10-29 – 2026-11-02, scope all, agents all, UTC');
    const data = embedded(html);
    expect(data.range.days.map((d: { date: string }) => d.date)).toEqual(['2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    // October's spend is in the range's figures, never in the period summary.
    const { summary: _s, ...periodRest } = period;
    expect(data.summary).toEqual(period.summary);
    expect(data.range.totals.responses).toBe(2);
    expect(periodRest.range.totals.responses).toBe(5);
    expect(data.range.unpriced).toEqual([]);

    const { page, errors } = await open(file);
    const daily = await chartLabels(page);
    expect(daily.labels).toEqual(['Oct 29', 'Oct 30', 'Oct 31', 'Nov 1', 'Nov 2']);
    const spend = data.range.days.map((d: { spend: number }) => d.spend);
    expect(daily.datasets[0]!.data).toEqual(spend);
    expect(spend[1]).toBeGreaterThan(0);
    expect(spend[4]).toBe(spend[1]);
    expect(await page.textContent('[data-testid="range"]')).toBe('Oct 29 – Nov 2, 2026');
    expect(await page.isVisible('[data-testid="unpriced"]')).toBe(false);
    expect(Number(await page.getAttribute('[data-testid="spent-to-date"]', 'data-value'))).toBe(period.summary.spentToDate);
    expect(errors).toEqual([]);
    await page.close();

    // --project alone keeps the period's days and narrows the breakdowns.
    const api = embedded(report(env, '--project', 'api').html).range;
    expect(api).toMatchObject({ since: '2026-11-01', until: '2026-11-30', isPeriod: true, project: 'api' });
    expect(api.days).toHaveLength(30);
    expect(api.projects.map((p: { project: string }) => p.project)).toEqual(['/home/dev/api']);
    expect(api.totals.responses).toBe(2);
  }, 60_000);

  itInBrowser("runs the page's own format, theme and chart modules, not copies, with one money rule", async () => {
    const { file, html } = report(fixture());
    const module = /<script type="module">([^]*?)<\/script>/.exec(html)![1]!;
    // Each shared module's code is there as written, its imports taken from the modules' scopes, less `export`.
    for (const name of ['format.js', 'theme.js', 'charts.js', 'dom.js']) {
      const code = readFileSync(join(WEB, name), 'utf8').replace(/^import \{([^}]*)\} from '\.\/(\w+)\.js';$/gm, 'const {$1} = $$$2;').replace(/^export /gm, '');
      expect(module, name).toContain(`// ${name}\nconst $${name.slice(0, -3)} = (() => {\n${code}return {`);
    }
    expect(module.endsWith('return {  };\n})();\n')).toBe(true);
    expect(module.match(/function money\(/g)).toHaveLength(1);
    const own = readFileSync(join(WEB, 'report', 'report.js'), 'utf8');
    expect(own).not.toMatch(/toFixed|function (money|thousands|compact|cssVar)\b|getComputedStyle/);

    const { page, errors } = await open(file);
    // The chart's money is the CLI's: no "-$0.00" for a cent rounded away, no exponent past 1e21.
    const labels = await page.evaluate((raws) => {
      const chart = (globalThis as unknown as { Chart: { getChart(id: string): { options: { plugins: { tooltip: { callbacks: { label(item: unknown): string } } } } } } }).Chart.getChart('chart-models');
      return raws.map((raw) => chart.options.plugins.tooltip.callbacks.label({ label: 'opus', raw }));
    }, [-0.001, 1234.565, 1.5e21]);
    expect(labels).toEqual([`opus ${usd(-0.001)}`, `opus ${usd(1234.565)}`, `opus ${usd(1.5e21)}`]);
    expect(labels).toEqual(['opus $0.00', 'opus $1,234.57', 'opus $1,500,000,000,000,000,000,000.00']);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  itInBrowser('draws its charts offline: the file needs no network at all', async () => {
    const { file } = report(fixture());
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-drawn="true"]', { timeout: 15_000 });
    for (const id of ['chart-daily', 'chart-models']) expect(await paintedPixels(page, id), id).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('refuses a missing --html and an unwritable file with one line and exit 2', () => {
    const env = fixture();
    const missing = run(['report', '--no-scan'], env);
    expect(missing.stderr).toBe('runway: report: --html FILE is required\n');
    expect(missing.status).toBe(2);
    const bad = run(['report', '--html', '/nonexistent-dir/r.html'], env);
    expect(bad.stderr).toMatch(/^runway: --html \/nonexistent-dir\/r\.html: cannot write it: ENOENT[^\n]*\n$/);
    expect(bad.status).toBe(2);
  });
});
