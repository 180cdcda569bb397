// `runway watch`: the frame fits 80×24 and shows the summary's own figures, the second view
// shows where a range's money went, and the live screen under a real pseudo-terminal (tmux,
// script) switches views on v, quits on q, Ctrl-C and SIGTERM with the terminal given back:
// main screen, cursor shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openContext, usageFilter, type Context } from '../../cli/context.js';
import { short, usd } from '../../cli/format.js';
import { demoSource, pressed, watchData, type Screen } from '../../cli/watch.js';
import { allot, fit, frameUpdate, render, visibleWidth, type WatchData, type WhereRange } from '../../cli/watch-render.js';
import { demoEvent, UNPRICED_MODEL } from '../../server/demo.js';
import { Store } from '../../store/writer.js';
import { countdown } from '../../cli/format.js';
import { recordReadings } from '../../store/quota.js';
import type { QuotaReading } from '../../core/quota.js';
import { loadPriceTable } from '../../core/price-source.js';
import type { Pricing } from '../../figures/usage.js';
import { scan } from '../../scanner/scan.js';
import { DashboardState } from '../../figures/state.js';
import { CLI, cliEnv, run } from '../helpers/cli.js';
import { assistant, jsonl, logRoot, tempDb } from '../helpers/logs.js';

// Wednesday 18 November 2026, mid-afternoon in UTC.
const NOW = Date.parse('2026-11-18T15:00:00Z');
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
const iso = (ms: number) => new Date(ms).toISOString();

let pricing: Pricing;
let logs: ReturnType<typeof logRoot>;

beforeAll(async () => {
  pricing = { table: await loadPriceTable({ cacheDir: mkdtempSync(join(tmpdir(), 'runway-cache-')) }), mode: 'auto' };
  logs = logRoot();
  let i = 0;
  const line = (ts: number, model: string, output: number) =>
    assistant({ id: `msg_${++i}`, requestId: `req_${i}`, ts: iso(ts), model, usage: { input: 1_000, output, cw5m: 20_000, cacheRead: 200_000 } });
  logs.write('-home-dev-api/s1.jsonl', jsonl([
    line(Date.parse('2026-11-03T10:00:00Z'), 'claude-opus-4-5-20251101', 40_000),
    line(Date.parse('2026-11-17T11:00:00Z'), 'claude-sonnet-4-5-20250929', 30_000),
    line(NOW - 3 * HOUR, 'claude-sonnet-4-5-20250929', 5_000),
    line(NOW - 40 * MIN, 'claude-opus-4-5-20251101', 12_000),
    line(NOW - 30 * MIN, 'claude-opus-4-5-20251101', 9_000),
    line(NOW - 20 * MIN, 'claude-haiku-4-5-20251001', 2_000),
  ]));
});

/** A scanned database, its context and a fresh state (the state caches until the data changes). */
function fixture(config: Record<string, unknown>, readings: QuotaReading[] = []): { ctx: Context; data: WatchData } {
  const dir = mkdtempSync(join(tmpdir(), 'runway-watch-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', ...config }));
  const ctx = openContext({ db: tempDb(), config: configPath }, logs.env);
  scan(ctx.db, { env: logs.env });
  recordReadings(ctx.db, readings, null);
  const state = new DashboardState({ db: ctx.db, config: ctx.config, configPath, tz: ctx.tz, pricing, scan: null, now: () => NOW });
  return { ctx, data: watchData(ctx, state, pricing, { scope: 'all', agents: 'all' }, { intervalSeconds: 2, scanning: true }) };
}

const READINGS: QuotaReading[] = [
  // 80% four hours into the window: full before the reset (a negative reserve), warn level.
  { window: 'five_hour', ts: NOW - 10 * MIN, usedPercentage: 80, resetsAt: NOW + HOUR },
  // 20% two days in: 10%/day, full in 8 days, 3 after the reset.
  { window: 'seven_day', ts: NOW - 10 * MIN, usedPercentage: 20, resetsAt: NOW + 5 * DAY },
];

function expectFits(lines: string[], width: number, height: number) {
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const l of lines) expect(visibleWidth(l), l).toBeLessThanOrEqual(width);
  for (const l of lines) expect([...strip(l)].length, l).toBeLessThanOrEqual(width);
}

describe('the frame', () => {
  it('shows the spend in the second currency too, as every surface does', () => {
    const { data } = fixture({ monthly_budget: 100, secondary_currency: { code: 'eur', rate: 0.5, symbol: '€' } });
    const text = render(data, { width: 80, height: 24, now: NOW, color: false }).join('\n');
    expect(text).toContain(`spent     ${usd(data.summary.spentToDate)} (≈ ${usd(data.summary.spentToDate * 0.5, '€')} EUR) of $100.00`);
  });

  it('fits 80×24 and shows the summary’s figures', () => {
    const { data } = fixture({ monthly_budget: 100 }, READINGS);
    const s = data.summary;
    const lines = render(data, { width: 80, height: 24, now: NOW, color: false });
    expectFits(lines, 80, 24);
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/^RUNWAY +Nov 1 – Nov 30 · scope all · UTC +15:00:00$/);
    expect(s.spentToDate).toBeGreaterThan(0);
    expect(text).toContain(`spent     ${usd(s.spentToDate)} of $100.00 · ${usd(100 - s.spentToDate)} left`);
    expect(text).toContain(`today     ${usd(s.spentToday)} of ${usd(s.dailyBudget)} daily budget`);
    expect(text).toContain(`burn      ${usd(s.burn.ratePerDay)}/day last 24h`);
    expect(text).toContain(`${Math.round(s.consumedFraction * 100)}%  pace │ ${Math.round(s.expectedFraction * 100)}%`);
    expect(text).toContain(`forecast  ${usd(s.projectedSpend)} by Nov 30`);
    expect(text).toContain(s.forecast.method);

    const [five, seven] = data.quota.windows;
    expect(five!.reserveMs).toBeLessThan(0);
    expect(seven!.reserveMs).toBeGreaterThan(0);
    const at = lines.findIndex((l) => l.startsWith('  5h quota'));
    expect(lines[at]).toMatch(/ 80% {2}resets in 1h 0m$/);
    expect(lines[at + 1]).toContain(`-${countdown(five!.reserveMs!)}: runs out before the reset`);
    expect(lines[at + 2]).toMatch(/^ {2}7d quota .* 20% {2}resets in 5d 0h$/);
    expect(lines[at + 3]).toContain(`10.0%/day · full on Nov 26 14:10 · +${countdown(seven!.reserveMs!)} to spare`);

    // Today's models, costliest first, summing to today's spend.
    expect(data.models.map((m) => m.model)).toEqual(['claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
    expect(data.models.reduce((sum, m) => sum + m.cost, 0)).toBeCloseTo(s.spentToday, 9);
    const opus = lines.find((l) => l.startsWith('    opus-4-5'))!;
    expect(opus.trim().split(/ +/)).toEqual(['opus-4-5', usd(data.models[0]!.cost), short(data.models[0]!.tokens), '2']);
    expect(data.last14.at(-1)!.spend).toBeCloseTo(s.spentToday, 9);
    expect(lines.at(-1)).toBe('  q quit · v where · l Deutsch · refreshes every 2s · last scan 15:00:00');
  });

  it('speaks German with lang de: every label and word of the frame, the figures as in English', () => {
    const { data } = fixture({ monthly_budget: 100 }, READINGS);
    const s = data.summary;
    const lines = render(data, { width: 80, height: 24, now: NOW, color: false, lang: 'de' });
    expectFits(lines, 80, 24);
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/^RUNWAY +1\. Nov\. – 30\. Nov\. · Bereich all · UTC +15:00:00$/);
    expect(text).toContain(`Ausgaben  ${usd(s.spentToDate)} von $100.00 · ${usd(100 - s.spentToDate)} übrig`);
    expect(text).toContain(`heute     ${usd(s.spentToday)} von ${usd(s.dailyBudget)} Tagesbudget`);
    expect(text).toContain(`Prognose  ${usd(s.projectedSpend)} bis 30. Nov.`);
    expect(text).toContain('nach dem Schnitt der');
    expect(text).toMatch(/5h-Limit .* 80% {2}Reset in 1h 0m/);
    expect(text).toContain('vor dem Reset aufgebraucht');
    expect(text).toContain('heute nach Modell');
    expect(lines.at(-1)).toBe('  q beenden · v wohin · l English · aktualisiert alle 2s · letzter Scan 15:00:00');
    for (const english of ['spent ', 'today ', 'burn ', 'forecast ', ' quota', 'last 14d', 'left', 'daily budget', 'resets in', 'to spare', 'today by model', 'responses', 'refreshes', 'quit', 'scope']) {
      expect(text, english).not.toContain(english);
    }
  });

  it('says the block estimate and a missing budget in German too', () => {
    const noBudget = render(fixture({}).data, { width: 80, height: 24, now: NOW, color: false, lang: 'de' }).join('\n');
    expect(noBudget).toContain('kein Monatsbudget · runway budget 500 legt eins fest');
    expect(noBudget).toMatch(/^ {2}5h-Block {2}.* bisher → .* um 17:00 bei diesem Tempo · noch 2h 0m$/m);
    expect(noBudget).toContain('aus den Logs geschätzt');
    expect(noBudget).not.toMatch(/so far|this period|estimated|sets one/);
  });

  it('without a budget shows the spend and how to set one', () => {
    const { data } = fixture({}, READINGS);
    const lines = render(data, { width: 80, height: 24, now: NOW, color: false });
    expectFits(lines, 80, 24);
    const text = lines.join('\n');
    expect(data.summary.budgetConfigured).toBe(false);
    expect(text).toContain(`spent     ${usd(data.summary.spentToDate)} this period`);
    expect(text).toContain('runway budget 500');
    expect(text).not.toMatch(/daily budget|surplus|short by|runs dry|lasts the period|pace/);
    expect(text).toContain('5h quota');
  });

  it('without quota readings shows the 5-hour block estimated from the logs', () => {
    const { data } = fixture({ monthly_budget: 100 });
    const lines = render(data, { width: 80, height: 24, now: NOW, color: false });
    expectFits(lines, 80, 24);
    const block = data.quota.blocks.find((b) => b.active)!;
    // The block opened at the hour of the 12:00 response and ends at 17:00.
    expect(block.start).toBe(NOW - 3 * HOUR);
    const at = lines.findIndex((l) => l.startsWith('  5h block'));
    expect(lines[at]).toBe(`  5h block  ${usd(block.cost)} so far → ${usd(block.projection!.cost)} at 17:00 at this pace · 2h 0m left`);
    expect(lines[at + 1]).toContain('estimated from logs');
    expect(lines.join('\n')).not.toContain('quota  ');
  });

  it('colours a quota bar by its level', () => {
    const level = (used: number) => {
      const { data } = fixture({ monthly_budget: 100 }, [{ window: 'five_hour', ts: NOW, usedPercentage: used, resetsAt: NOW + HOUR }]);
      const lines = render(data, { width: 80, height: 24, now: NOW, color: true });
      expectFits(lines, 80, 24);
      return lines.find((l) => strip(l).startsWith('  5h quota'))!;
    };
    expect(level(50)).toContain('\x1b[32m50%');
    expect(level(80)).toContain('\x1b[33m80%');
    expect(level(95)).toContain('\x1b[31m95%');
    // The filled cells take the level's colour too.
    expect(level(95)).toMatch(/\x1b\[31m█+/);
  });

  it('fits any size, dropping models before anything else', () => {
    const { data } = fixture({ monthly_budget: 100 }, READINGS);
    for (const [width, height] of [[60, 16], [80, 24], [120, 40], [40, 10]] as const) {
      const lines = render(data, { width, height, now: NOW, color: true });
      expectFits(lines, width, height);
      expect(strip(lines.at(-1)!)).toMatch(/^ {2}q quit/);
    }
    const tall = render(data, { width: 120, height: 40, now: NOW, color: false });
    expect(tall.filter((l) => /^ {4}(opus|sonnet|haiku)/.test(l))).toHaveLength(3);
    const short = render(data, { width: 80, height: 20, now: NOW, color: false });
    expect(short.join('\n')).toContain('… and');
  });

  it('cuts long lines keeping colours whole, and repaints only changed rows', () => {
    const cut = fit(`\x1b[31m${'x'.repeat(100)}\x1b[39m`, 80);
    expect(visibleWidth(cut)).toBe(80);
    expect(cut.endsWith('…\x1b[0m')).toBe(true);
    expect(frameUpdate(['a', 'b', 'c'], ['a', 'b', 'c'], 80, 24)).toBe('');
    expect(frameUpdate(['a', 'b', 'c'], ['a', 'B', 'c'], 80, 24)).toBe('\x1b[2;1HB\x1b[K');
    expect(frameUpdate(['a', 'b', 'c'], ['a', 'b'], 80, 24)).toBe('\x1b[3;1H\x1b[J');
    expect(frameUpdate(null, ['a'], 80, 24)).toBe('\x1b[1;1Ha\x1b[K\x1b[2;1H\x1b[J');
  });
});

const OPUS = 'claude-opus-4-5-20251101';
const SONNET = 'claude-sonnet-4-5-20250929';
const HAIKU = 'claude-haiku-4-5-20251001';

/**
 * Labelled turns at known days before NOW (18 November, period from 1 November): Coding
 * today, a retried Debugging turn on the 15th, Planning on the 5th, Exploration on 25
 * October and an unpriced Coding turn on 2 September.
 */
function whereFixture(config: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'runway-where-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', ...config }));
  const ctx = openContext({ db: tempDb(), config: configPath }, logs.env);
  let i = 0;
  const ev = (at: string, turnId: string, model: string, project: string, topic: string | null, tools: string, actions: string | null) => ({
    ...demoEvent(`w${++i}`, Date.parse(at), `s-${turnId}`, project, 'cli', model, { input: 1_000, output: 10_000, write: 0, read: 50_000 }),
    turnId, topic, tools, actions,
  });
  new Store(ctx.db).write([
    ev('2026-11-18T10:00:00Z', 'a', OPUS, '/home/dev/api', null, 'Edit', 'edit:a1'),
    ev('2026-11-15T09:00:00Z', 'b', SONNET, '/home/dev/web', 'debugging', 'Edit', 'edit:b1'),
    ev('2026-11-15T09:01:00Z', 'b', SONNET, '/home/dev/web', 'debugging', 'Bash', 'run:npm,check:test'),
    ev('2026-11-15T09:02:00Z', 'b', SONNET, '/home/dev/web', 'debugging', 'Edit', 'edit:b1'),
    ev('2026-11-05T09:00:00Z', 'c', SONNET, '/home/dev/web', 'planning', 'TodoWrite', null),
    ev('2026-10-25T09:00:00Z', 'd', HAIKU, '/home/dev/docs', 'exploration', 'Read', 'read:d1'),
    ev('2026-09-02T09:00:00Z', 'e', UNPRICED_MODEL, '/home/dev/old', null, 'Edit', 'edit:e1'),
  ], []);
  const state = new DashboardState({ db: ctx.db, config: ctx.config, configPath, tz: ctx.tz, pricing, scan: null, now: () => NOW });
  return (range?: WhereRange) => watchData(ctx, state, pricing, { scope: 'all', agents: 'all' }, { intervalSeconds: 2, scanning: false }, range);
}

describe('the where-the-money-goes view', () => {
  it('shows the period’s activities, models and projects, adding up to its total, in 80×24', () => {
    const data = whereFixture()('period');
    const f = data.where!;
    const lines = render(data, { width: 80, height: 24, now: NOW, color: false });
    expectFits(lines, 80, 24);
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/^RUNWAY {2}this period · Nov 1 – Nov 18 · scope all · UTC +15:00:00$/);
    expect(lines[1]).toBe('  where the money goes   1 today   2 7 days   3 30 days  [4 period]  5 all');
    expect(f.activities.map((r) => r.name)).toEqual(['Debugging', 'Coding', 'Planning']);
    expect(f.activities.reduce((sum, r) => sum + r.cost!, 0)).toBeCloseTo(f.total.cost, 9);
    // Two edit turns, the debugging one retried.
    expect(text).toContain(`total     ${usd(f.total.cost)} · 5 calls · one-shot 50% · retry 50%`);
    const row = (name: string) => lines.find((l) => l.startsWith(`    ${name} `))!.trim().split(/ {2,}/);
    const debugging = f.activities.find((r) => r.name === 'Debugging')!;
    expect(row('Debugging')).toEqual(['Debugging', usd(debugging.cost!), `${Math.round(debugging.share! * 100)}%`, '0%', '1']);
    expect(row('Coding').slice(3)).toEqual(['100%', '1']);
    expect(row('Planning').slice(3)).toEqual(['—', '1']);
    // Models and projects side by side, each a share of the same total.
    const [sonnet, opus] = f.models;
    const [web, api] = f.projects;
    expect([sonnet!.name, opus!.name, web!.name, api!.name]).toEqual([SONNET, OPUS, '/home/dev/web', '/home/dev/api']);
    const cells = (r: typeof web) => `${usd(r!.cost!)} +${Math.round(r!.share! * 100)}%`;
    expect(text).toMatch(new RegExp(`^ {4}sonnet-4-5 +\\${cells(sonnet)} +web +\\${cells(web)}$`, 'm'));
    expect(text).toMatch(new RegExp(`^ {4}opus-4-5 +\\${cells(opus)} +api +\\${cells(api)}$`, 'm'));
    expect(text).toMatch(/^ {2}by activity .* cost +share +one-shot +turns$/m);
    expect(text).not.toMatch(/Exploration|haiku|docs|old/);
    expect(lines.at(-1)).toBe('  q quit · v overview · ←/→ range · l Deutsch · not scanning (--no-scan)');
  });

  it('is read only for the view on screen, once per data version and range', () => {
    const at = whereFixture();
    const period = at('period').where!;
    expect(at('period').where).toBe(period);
    expect(at('week').where).not.toBe(period);
    expect(at()).not.toHaveProperty('where');
  });

  it('follows the range: today, 7 and 30 days, all time, each named with its dates', () => {
    const at = whereFixture();
    const frame = (range: WhereRange) => {
      const data = at(range);
      const lines = render(data, { width: 80, height: 24, now: NOW, color: false });
      expectFits(lines, 80, 24);
      return { f: data.where!, lines, text: lines.join('\n') };
    };
    const today = frame('today');
    expect(today.lines[0]).toMatch(/^RUNWAY {2}today · Nov 18 · scope all/);
    expect(today.f.activities.map((r) => r.name)).toEqual(['Coding']);
    expect(today.text).toContain(`total     ${usd(today.f.total.cost)} · 1 call · one-shot 100% · retry 0%`);
    const week = frame('week');
    expect(week.lines[0]).toMatch(/^RUNWAY {2}last 7 days · Nov 12 – Nov 18 /);
    expect(week.f.total.cost).toBeGreaterThan(today.f.total.cost);
    expect(week.text).toContain('Debugging');
    expect(week.text).not.toContain('Planning');
    const month = frame('month');
    expect(month.lines[0]).toMatch(/^RUNWAY {2}last 30 days · Oct 20 – Nov 18 /);
    expect(month.text).toMatch(/^ {4}Exploration /m);
    expect(month.text).toContain('haiku-4-5');
    // All time starts at the first response; its unpriced model says so, never $0.
    const all = frame('all');
    expect(all.lines[0]).toMatch(/^RUNWAY {2}all time · Sep 2 – Nov 18 /);
    expect(all.f.total.unpricedCalls).toBe(1);
    expect(all.text).toMatch(/^ {4}…mental-preview +unpriced +— +old +unpriced +—$/m);
    expect(all.text).toMatch(/^ {4}Coding +\$[\d.,]+ \+\? /m);
    expect(all.text).toContain(`${usd(all.f.total.cost)} · 7 calls · one-shot 67% · retry 33% · +1 unpriced`);
    expect(all.text).not.toContain('$0.00');
  });

  it('speaks German with lang de', () => {
    const data = whereFixture()('period');
    const lines = render(data, { width: 80, height: 24, now: NOW, color: false, lang: 'de' });
    expectFits(lines, 80, 24);
    const text = lines.join('\n');
    expect(lines[0]).toMatch(/^RUNWAY {2}diese Periode · 1\. Nov\. – 18\. Nov\. · Bereich all · UTC +15:00:00$/);
    expect(lines[1]).toBe('  wohin das Geld geht   1 heute   2 7 Tage   3 30 Tage  [4 Periode]  5 alles');
    expect(text).toContain(`Summe     ${usd(data.where!.total.cost)} · 5 Aufrufe · auf Anhieb 50% · wiederholt 50%`);
    expect(text).toMatch(/nach Tätigkeit .* Kosten +Anteil +auf Anhieb +Runden/);
    expect(text).toContain('nach Modell');
    expect(text).toContain('nach Projekt');
    expect(lines.at(-1)).toBe('  q beenden · v Übersicht · ←/→ Zeitraum · l English · scannt nicht (--no-scan)');
    // Activity names are the data's own, as on every surface; the words around them are German.
    for (const english of ['where the money', 'this period', 'by activity', 'by model', 'by project', 'cost', 'share', 'one-shot', 'turns', 'total', 'calls', 'retry', 'quit', 'range', 'scope']) {
      expect(text, english).not.toContain(english);
    }
  });

  it('fits any size with the demo’s many rows, cutting lists before the total', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-watch-demo-'));
    const ctx = openContext({ db: tempDb(), config: join(dir, 'none.json') }, { ...logs.env, RUNWAY_NOW: iso(NOW) });
    const source = await demoSource({ ...ctx, tz: 'UTC' }, pricing);
    try {
      const data = watchData(source.ctx, source.state, source.pricing, usageFilter(source.ctx), { intervalSeconds: 2, scanning: false }, 'month');
      const f = data.where!;
      expect(f.activities.length).toBeGreaterThan(8);
      for (const [width, height] of [[80, 24], [60, 16], [40, 10], [120, 40], [80, 12]] as const) {
        const lines = render(data, { width, height, now: NOW, color: true });
        expectFits(lines, width, height);
        expect(strip(lines.at(-1)!), `${width}×${height}`).toMatch(/^ {2}q quit · v overview/);
        if (height >= 12) expect(strip(lines.join('\n')), `${width}×${height}`).toMatch(/^ {2}total {5}\$/m);
      }
      const classic = render(data, { width: 80, height: 24, now: NOW, color: false });
      // The rows that do not fit are summed in one line, so each list still adds up.
      const more = classic.find((l) => l.startsWith('    … '))!;
      expect(more).toMatch(/^ {4}… \d+ more · \$[\d,.]+/);
      expect(classic.filter((l) => /^ {2}by (activity|model)/.test(l))).toHaveLength(2);
      // 60 columns list models under projects, one under the other.
      const narrow = render(data, { width: 60, height: 40, now: NOW, color: false });
      expect(narrow.filter((l) => /^ {2}by (activity|model|project)/.test(l))).toHaveLength(3);
    } finally {
      source.cleanup();
    }
  });

  it('shares the rows out: a heading and a row each first, then one at a time', () => {
    expect(allot([5, 5], 20)).toEqual([5, 5]);
    expect(allot([10, 6], 9)).toEqual([4, 4]);
    expect(allot([10, 2, 6], 10)).toEqual([3, 2, 3]);
    expect(allot([10, 6], 3)).toEqual([3, 0]);
    expect(allot([10, 6], 1)).toEqual([0, 0]);
  });
});

describe('the keys', () => {
  const now: Screen = { view: 'now', range: 'period', lang: 'en' };
  const where: Screen = { ...now, view: 'where' };
  it('switch the view on v or Tab, the range on 1–5 and ←/→ in the second view', () => {
    expect(pressed('v', now)).toEqual(where);
    expect(pressed('\t', where)).toEqual(now);
    expect(pressed('1', where)).toEqual({ ...where, range: 'today' });
    expect(pressed('3', where)).toEqual({ ...where, range: 'month' });
    expect(pressed('5', where)).toEqual({ ...where, range: 'all' });
    expect(pressed('\x1b[D', where)).toEqual({ ...where, range: 'month' });
    expect(pressed('\x1bOC', where)).toEqual({ ...where, range: 'all' });
    // At the ends an arrow stays.
    expect(pressed('\x1b[C', { ...where, range: 'all' })).toEqual({ ...where, range: 'all' });
    expect(pressed('\x1b[D', { ...where, range: 'today' })).toEqual({ ...where, range: 'today' });
    // The overview has no range to pick: period keys and arrows leave it as it is.
    expect(pressed('2', now)).toEqual(now);
    expect(pressed('\x1b[C', now)).toEqual(now);
    // A paste is taken key by key.
    expect(pressed('v2l', now)).toEqual({ view: 'where', range: 'week', lang: 'de' });
  });

  it('quit on q, a lone Esc and Ctrl-C, never on an escape sequence', () => {
    for (const key of ['q', 'Q', '\x1b', '\x03', 'vq']) expect(pressed(key, where), JSON.stringify(key)).toBe('quit');
    expect(pressed('\x1b[1;5q', where)).toEqual(where);
  });
});

describe('runway watch', () => {
  it('prints one frame and exits 0 when not on a terminal', () => {
    const r = run(['watch', '--demo'], cliEnv({ RUNWAY_NOW: iso(NOW), TZ: 'UTC' }));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
    const lines = r.stdout.trimEnd().split('\n');
    expectFits(lines, 80, 24);
    expect(lines[0]).toMatch(/^RUNWAY .* · demo +15:00:00$/);
    expect(r.stdout).toMatch(/5h quota .* 62% {2}resets in 1h 42m/);
    expect(r.stdout).toMatch(/7d quota .* 41% {2}resets in 2d 23h/);
    expect(r.stdout).toContain('of $750.00');
  });

  it('speaks German with --lang de or a German locale, English with --lang en whatever the locale', () => {
    const env = { RUNWAY_NOW: iso(NOW), TZ: 'UTC' };
    const german = run(['watch', '--demo'], cliEnv({ ...env, LANG: 'de_DE.UTF-8' }));
    expect(german.status).toBe(0);
    expect(german.stdout).toMatch(/^ {2}Ausgaben {2}/m);
    expect(german.stdout).toMatch(/5h-Limit .* 62% {2}Reset in 1h 42m/);
    expect(german.stdout).toContain('q beenden · v wohin · l English');
    // LC_ALL outranks LANG; --lang outranks both.
    expect(run(['watch', '--demo'], cliEnv({ ...env, LC_ALL: 'en_US.UTF-8', LANG: 'de_DE.UTF-8' })).stdout).toContain('q quit');
    expect(run(['watch', '--demo', '--lang', 'en'], cliEnv({ ...env, LC_ALL: 'de_DE.UTF-8' })).stdout).toContain('q quit');
    expect(run(['watch', '--demo', '--lang', 'de'], cliEnv(env)).stdout).toContain('q beenden');
  });

  it('--view where prints the second view, for the --range asked, when piped', () => {
    const env = cliEnv({ RUNWAY_NOW: iso(NOW), TZ: 'UTC' });
    const period = run(['watch', '--demo', '--view', 'where'], env);
    expect(period.status).toBe(0);
    expectFits(period.stdout.trimEnd().split('\n'), 80, 24);
    expect(period.stdout).toMatch(/\[4 period\]/);
    expect(period.stdout).toMatch(/^ {2}by activity/m);
    const all = run(['watch', '--demo', '--view', 'where', '--range', 'all'], env);
    expect(all.stdout).toMatch(/\[5 all\]/);
    // All time holds more than the period: its total line differs.
    const total = (out: string) => /^ {2}total .*$/m.exec(out)?.[0];
    expect(total(all.stdout)).toBeDefined();
    expect(total(all.stdout)).not.toBe(total(period.stdout));
    expect(run(['watch', '--demo', '--view', 'sideways'], env).stderr).toBe('runway: --view "sideways": expected now or where\n');
    expect(run(['watch', '--demo', '--range', 'year'], env).stderr).toBe('runway: --range "year": expected one of today, week, month, period, all\n');
  });

  it('refuses a bad --lang in one line', () => {
    const r = run(['watch', '--demo', '--lang', 'fr'], cliEnv());
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('runway: --lang "fr": expected en or de\n');
  });

  it('refuses a bad --interval', () => {
    for (const bad of ['0.1', 'abc', '-1', '']) {
      const r = run(['watch', `--interval=${bad}`, '--demo'], cliEnv());
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toMatch(/^runway: --interval .*: expected seconds between redraws, a number from 0.2 to 86400\n$/);
    }
  });
});

/** A tmux server of our own (its own socket, no config), 80×24, running the CLI under sh. */
function tmuxSession() {
  const dir = mkdtempSync(join(tmpdir(), 'runway-tmux-'));
  const sock = join(dir, 'sock');
  const tmp = mkdtempSync(join(tmpdir(), 'runway-tmp-'));
  const env = { ...cliEnv({ TMPDIR: tmp, RUNWAY_NOW: iso(NOW), TZ: 'UTC' }), TERM: 'xterm-256color' };
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', sock, '-f', '/dev/null', ...args], { env, encoding: 'utf8' });
  const command = `'${process.execPath}' '${CLI}' watch --demo --interval 0.5; echo "EXIT=$?"; exec sleep 60`;
  tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', 'w', 'sh', '-c', command);
  const screen = () => tmux('capture-pane', '-p', '-t', 'w');
  const flags = () => tmux('display-message', '-p', '-t', 'w', '#{alternate_on} #{cursor_flag}').trim();
  return {
    tmp, screen, flags,
    keys: (...keys: string[]) => tmux('send-keys', '-t', 'w', ...keys),
    /** The node process: the child of the pane's shell. */
    watcher: () => {
      const shell = tmux('display-message', '-p', '-t', 'w', '#{pane_pid}').trim();
      return Number(readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(' ')[0]);
    },
    resize: (width: number, height: number) => tmux('resize-window', '-t', 'w', '-x', String(width), '-y', String(height)),
    /** The screen once it holds `what` (a string, or a test of the whole screen). */
    until: async (what: string | ((screen: string) => boolean)) => {
      const test = typeof what === 'string' ? (s: string) => s.includes(what) : what;
      const deadline = Date.now() + 15_000;
      while (!test(screen())) {
        if (Date.now() > deadline) throw new Error(`not on the screen (${what}):\n${screen()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return screen();
    },
    kill: () => tmux('kill-server'),
  };
}

describe('runway watch on a terminal', () => {
  const sessions: ReturnType<typeof tmuxSession>[] = [];
  afterAll(() => {
    for (const s of sessions) {
      try {
        s.kill();
      } catch {
        // Already gone.
      }
    }
  });

  it('draws the dashboard on the alternate screen and gives the terminal back on q', async () => {
    const t = tmuxSession();
    sessions.push(t);
    const frame = await t.until('7d quota');
    const lines = frame.trimEnd().split('\n');
    expectFits(lines, 80, 24);
    expect(lines[0]).toMatch(/^RUNWAY .* · demo +15:00:00$/);
    expect(frame).toMatch(/5h quota .* 62% {2}resets in 1h 42m/);
    expect(frame).toContain('q quit · v where · l Deutsch · refreshes every 0.5s · demo data');
    // Alternate screen on, cursor hidden.
    expect(t.flags()).toBe('1 0');
    // l switches to German and back, at once.
    t.keys('l');
    const german = await t.until('q beenden · v wohin · l English');
    expect(german).toMatch(/5h-Limit .* 62% {2}Reset in 1h 42m/);
    expect(german).not.toContain('7d quota');
    t.keys('l');
    await t.until('q quit · v where · l Deutsch');
    // v opens where the money goes, this period first; 2 and ← pick other ranges; v goes back.
    t.keys('v');
    const where = await t.until('where the money goes');
    expectFits(where.trimEnd().split('\n'), 80, 24);
    expect(where.split('\n')[0]).toMatch(/^RUNWAY {2}this period · \w+ \d+ – Nov 18 · .* demo +15:00:00$/);
    expect(where).toMatch(/^ {2}by activity .* one-shot +turns$/m);
    expect(where).toContain('q quit · v overview · ←/→ range');
    t.keys('2');
    const week = await t.until('last 7 days · Nov 12 – Nov 18');
    expect(week).toContain('[2 7 days]');
    t.keys('Left');
    await t.until('RUNWAY  today · Nov 18');
    t.keys('v');
    await t.until('7d quota');
    t.keys('q');
    const after = await t.until('EXIT=');
    expect(after).toContain('EXIT=0');
    expect(after).not.toContain('RUNWAY');
    expect(t.flags()).toBe('0 1');
    // The throwaway demo database is gone.
    expect(readdirSync(t.tmp)).toEqual([]);
  });

  it('redraws at the new size, and gives the terminal back on SIGTERM', async () => {
    const t = tmuxSession();
    sessions.push(t);
    await t.until('7d quota');
    t.resize(100, 30);
    // The clock moves to the new right edge, and the taller screen keeps the footer last.
    const wide = await t.until((s) => s.split('\n')[0]!.length === 100);
    expect(wide.split('\n')[0]).toMatch(/ demo +15:00:00$/);
    expectFits(wide.trimEnd().split('\n'), 100, 30);
    process.kill(t.watcher(), 'SIGTERM');
    const after = await t.until('EXIT=');
    expect(after).toContain('EXIT=143');
    expect(t.flags()).toBe('0 1');
    expect(readdirSync(t.tmp)).toEqual([]);
  });

  it('quits on Ctrl-C, ending with the leave-alternate-screen and show-cursor sequences', async () => {
    const env = { ...cliEnv({ RUNWAY_NOW: iso(NOW), TZ: 'UTC' }), TERM: 'xterm-256color' };
    const child = spawn('script', ['-qfec', `'${process.execPath}' '${CLI}' watch --demo --interval 0.5`, '/dev/null'], { env });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame:\n${out}`)), 15_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('7d quota')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(out.startsWith('\x1b[?1049h\x1b[?25l')).toBe(true);
    child.stdin.write('\x03');
    expect(await exited).toBe(0);
    expect(out.trimEnd().endsWith('\x1b[?1049l\x1b[?25h')).toBe(true);
  });
});
