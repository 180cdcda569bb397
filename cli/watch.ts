// `runway watch`: the status figures as a live full-screen terminal dashboard. The figures
// come from the builders /api/summary and `runway status` use; this file gathers them and
// drives the terminal, and watch-render.ts draws them.
import { groupTotals, pricedRows, type Pricing } from '../figures/usage.js';
import { DashboardState } from '../figures/state.js';
import { lastDays, quotaOf, summaryOf } from '../figures/summary.js';
import { contextRoots, pricing, scanFirst, scanLogs, usageFilter, UserError, type CommandResult, type Context } from './context.js';
import { filterKey, type Filter } from '../figures/filter.js';
import { readWork, whereReport } from '../figures/where.js';
import { startOfDay } from '../figures/dashboard.js';
import { addDays, dateInZone } from '../core/calendar.js';
import { pc } from './format.js';
import { nowMs } from '../lib/clock.js';
import { frameUpdate, render, WHERE_RANGES, type ModelToday, type WatchData, type WhereFigures, type WhereRange } from './watch-render.js';
import { WATCH_LANGS, type WatchLang } from './watch-strings.js';

export interface WatchFlags {
  interval?: string;
  demo?: boolean;
  lang?: string;
  view?: string;
  range?: string;
}

/** --view and --range: the screen watch opens on (and prints, when piped). */
export function startScreen(flags: WatchFlags): { view: WatchView; range: WhereRange } {
  const view = flags.view ?? 'now';
  if (view !== 'now' && view !== 'where') throw new UserError(`--view ${JSON.stringify(view)}: expected now or where`);
  const range = flags.range ?? 'period';
  if (!(WHERE_RANGES as readonly string[]).includes(range)) throw new UserError(`--range ${JSON.stringify(range)}: expected one of ${WHERE_RANGES.join(', ')}`);
  return { view, range: range as WhereRange };
}

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
// Leave the alternate screen, then show the cursor: the shell gets back the screen it had.
const LEAVE = '\x1b[?1049l\x1b[?25h';

export function parseInterval(value: string | undefined): number {
  if (value === undefined) return 2;
  const seconds = Number(value);
  // At most a day: timers overflow past 24.8 days, and a slower dashboard is no dashboard.
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value) || seconds < 0.2 || seconds > 86_400) {
    throw new UserError(`--interval ${JSON.stringify(value)}: expected seconds between redraws, a number from 0.2 to 86400`);
  }
  return seconds;
}

/** --lang, else the first of LC_ALL, LC_MESSAGES and LANG that is set (de_DE.UTF-8 → German), else English. */
export function watchLang(flag: string | undefined, env: NodeJS.ProcessEnv): WatchLang {
  if (flag !== undefined) {
    if (!(WATCH_LANGS as readonly string[]).includes(flag)) throw new UserError(`--lang ${JSON.stringify(flag)}: expected ${WATCH_LANGS.join(' or ')}`);
    return flag as WatchLang;
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^de/i.test(locale) ? 'de' : 'en';
}

/**
 * The figures one frame shows. `ctx.db` must be the database `state` reads. With a range,
 * the second view's too: where that range's money went.
 */
export function watchData(ctx: Context, state: DashboardState, p: Pricing, filter: Filter, opts: { intervalSeconds: number; scanning: boolean }, range?: WhereRange): WatchData {
  const summary = summaryOf(state, filter);
  const quota = quotaOf(state, filter);
  const key = `${summary.timezone}|${filterKey(filter)}|${summary.today}`;
  const models = state.memo(`watch-models|${key}`, () => modelsToday(ctx, summary.today, summary.timezone, filter, p));
  const last14 = state.memo(`watch-last14|${key}|${summary.unit}`, () => lastDays(ctx.db, summary, filter, 14, p));
  // Raw rows are read only for the view on screen, once per data version and range.
  const where = range && state.memo(`watch-where|${key}|${summary.period.start}|${range}`, () =>
    whereFigures(ctx, range, summary.today, summary.period.start, summary.timezone, filter, p));
  return { summary, quota, models, last14, ...opts, ...(where ? { where } : {}) };
}

/** The first day of a range ending today; null for all time. */
function rangeStart(range: WhereRange, today: string, periodStart: string): string | null {
  switch (range) {
    case 'today': return today;
    case 'week': return addDays(today, -6);
    case 'month': return addDays(today, -29);
    case 'period': return periodStart;
    case 'all': return null;
  }
}

function whereFigures(ctx: Context, range: WhereRange, today: string, periodStart: string, tz: string, filter: Filter, p: Pricing): WhereFigures {
  const start = rangeStart(range, today, periodStart);
  const work = readWork(ctx.db, filter, start === null ? 0 : startOfDay(start, tz), startOfDay(addDays(today, 1), tz), p);
  // All time starts at the first response, so the title says how far back that is.
  const first = work.responses[0];
  const since = start ?? (first ? dateInZone(first.row.ts, tz) : null);
  const activity = whereReport(work, 'activity');
  return {
    range, since, until: today, total: activity.total, activities: activity.rows, unlabelled: activity.unlabelled,
    models: whereReport(work, 'model').rows, projects: whereReport(work, 'project').rows,
  };
}

export type WatchView = 'now' | 'where';

/** What the keys pick: the view, the second view's range and the language. */
export interface Screen {
  view: WatchView;
  range: WhereRange;
  lang: WatchLang;
}

/**
 * The screen after a key press (a chunk may hold several keys, as a paste does), or 'quit'.
 * v or Tab switches the view; in the second view 1–5 pick a range and ←/→ step between them.
 */
export function pressed(keys: string, s: Screen): Screen | 'quit' {
  // A lone Esc quits; an escape sequence (arrows, function keys) may hold a q and does not.
  if (keys.includes('\x03') || keys === '\x1b') return 'quit';
  const arrow = /^\x1b[[O]([CD])$/.exec(keys)?.[1];
  if (arrow) {
    if (s.view !== 'where') return s;
    const at = WHERE_RANGES.indexOf(s.range) + (arrow === 'C' ? 1 : -1);
    return { ...s, range: WHERE_RANGES[Math.min(WHERE_RANGES.length - 1, Math.max(0, at))]! };
  }
  if (keys.startsWith('\x1b')) return s;
  let next = s;
  for (const k of keys) {
    if (k === 'q' || k === 'Q') return 'quit';
    if (k === 'l' || k === 'L') next = { ...next, lang: WATCH_LANGS[(WATCH_LANGS.indexOf(next.lang) + 1) % WATCH_LANGS.length]! };
    else if (k === 'v' || k === 'V' || k === '\t') next = { ...next, view: next.view === 'now' ? 'where' : 'now' };
    else if (next.view === 'where' && k >= '1' && k <= String(WHERE_RANGES.length)) next = { ...next, range: WHERE_RANGES[Number(k) - 1]! };
  }
  return next;
}

function modelsToday(ctx: Context, today: string, tz: string, filter: Filter, p: Pricing): ModelToday[] {
  const byModel = groupTotals(pricedRows(ctx.db, { tz, since: today, until: today, ...filter }, p), (r) => r.model);
  return [...byModel]
    .map(([model, t]) => ({ model, cost: t.cost, tokens: t.totalTokens, responses: t.responses, unpricedResponses: t.unpricedResponses }))
    .sort((a, b) => b.cost - a.cost || b.tokens - a.tokens);
}

interface Source {
  ctx: Context;
  state: DashboardState;
  pricing: Pricing;
  scanning: boolean;
  cleanup: () => void;
}

export async function watchCommand(ctx: Context, flags: WatchFlags): Promise<CommandResult> {
  const intervalSeconds = parseInterval(flags.interval);
  const lang = watchLang(flags.lang, ctx.env);
  const opening = startScreen(flags);
  usageFilter(ctx); // a bad --scope or --agent is refused before the first scan
  const p = await pricing(ctx);
  const source = flags.demo ? await demoSource(ctx, p) : liveSource(ctx, p, intervalSeconds * 1000);
  try {
    // The demo's filter is the demo config's, as the dashboard's, unless --scope or --agent says otherwise.
    const filter = usageFilter(source.ctx);
    const gather = (range?: WhereRange) => watchData(source.ctx, source.state, source.pricing, filter, { intervalSeconds, scanning: source.scanning }, range);
    const first = gather(opening.view === 'where' ? opening.range : undefined);
    // Piped or in a script: one frame at the width every report fits, then done.
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      return render(first, { width: 80, height: 24, now: first.summary.generatedAt, color: pc.isColorSupported, lang }).join('\n');
    }
    return await runScreen(gather, first, intervalSeconds * 1000, { ...opening, lang });
  } finally {
    source.cleanup();
  }
}

function liveSource(ctx: Context, p: Pricing, intervalMs: number): Source {
  // The first scan can be long: it runs before the screen is taken, with its progress bar.
  const report = scanFirst(ctx);
  const scanning = !ctx.flags['no-scan'];
  const state = new DashboardState({
    db: ctx.db, config: ctx.config, configPath: ctx.configPath, tz: ctx.tz, pricing: p,
    scan: scanning ? () => scanLogs(ctx) : null,
    roots: report?.roots ?? contextRoots(ctx),
    // A little under the interval, so a timer firing early still scans on every refresh.
    minScanIntervalMs: intervalMs * 0.9,
    now: () => nowMs(ctx.env),
  });
  return { ctx, state, pricing: p, scanning, cleanup: () => {} };
}

/** The demo `serve --demo` shows: the same opening, so the same figures. */
export async function demoSource(ctx: Context, p: Pricing): Promise<Source> {
  const { openDemo } = await import('./demo.js');
  const demo = openDemo(ctx, p);
  try {
    const { db, dbPath, config, configPath, tz } = demo;
    const demoCtx: Context = { flags: ctx.flags, config, configPath, dbPath, db, tz, env: ctx.env };
    return { ctx: demoCtx, state: new DashboardState(demo.state), pricing: demo.state.pricing, scanning: false, cleanup: demo.cleanup };
  } catch (e) {
    demo.cleanup();
    throw e;
  }
}

/**
 * Takes the terminal until q, Esc or Ctrl-C (or SIGINT, SIGTERM, SIGHUP), refreshing every
 * interval and on resize, and gives it back as it was on every way out. l switches the
 * language, v or Tab the view, and 1–5 or ←/→ the second view's range.
 */
function runScreen(gather: (range?: WhereRange) => WatchData, first: WatchData, intervalMs: number, opening: Screen): Promise<CommandResult> {
  const { stdout, stdin } = process;
  return new Promise((resolve, reject) => {
    let data = first;
    // The billing period until a period key picks another range.
    let screen: Screen = opening;
    let shown: string[] | null = null;
    let restored = false;
    let timer: NodeJS.Timeout | undefined;

    const paint = () => {
      // A terminal that does not report its size (some pseudo-terminals) gets the classic one.
      const width = stdout.columns || 80;
      const height = stdout.rows || 24;
      const lines = render(data, { width, height, now: data.summary.generatedAt, color: pc.isColorSupported, lang: screen.lang });
      const update = frameUpdate(shown, lines, width, height);
      if (update) stdout.write(update);
      shown = lines;
    };
    const tick = () => {
      try {
        try {
          data = gather(screen.view === 'where' ? screen.range : undefined);
        } catch (e) {
          // A locked or busy database: keep the last figures on screen and say why; the overview keeps no second view's.
          const { where, ...overview } = data;
          data = { ...(screen.view === 'where' ? data : overview), refreshError: (e as Error).message };
        }
        paint();
      } catch (e) {
        fail(e);
      }
    };
    const onResize = () => {
      shown = null;
      tick();
    };
    const onKey = (chunk: Buffer) => {
      const next = pressed(chunk.toString('latin1'), screen);
      if (next === 'quit') return finish(0);
      const before = screen;
      screen = next;
      // Another view or range needs its figures; another language only a repaint.
      if (next.view !== before.view || next.range !== before.range) tick();
      else if (next.lang !== before.lang) {
        try {
          paint();
        } catch (e) {
          fail(e);
        }
      }
    };
    const signals: [NodeJS.Signals, () => void][] = [
      ['SIGINT', () => finish(130)],
      ['SIGTERM', () => finish(143)],
      ['SIGHUP', () => finish(129)],
    ];
    // Synchronous (stdout is a TTY), so it still runs from process.exit anywhere.
    const restore = () => {
      if (restored) return;
      restored = true;
      clearInterval(timer);
      stdout.off('resize', onResize);
      stdin.off('data', onKey);
      for (const [signal, handler] of signals) process.off(signal, handler);
      process.off('exit', restore);
      stdin.setRawMode(false);
      stdin.pause();
      stdout.write(LEAVE);
    };
    function finish(exitCode: number) {
      restore();
      resolve(exitCode ? { out: '', exitCode } : '');
    }
    function fail(e: unknown) {
      restore();
      reject(e);
    }

    process.on('exit', restore);
    for (const [signal, handler] of signals) process.on(signal, handler);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onKey);
    stdout.on('resize', onResize);
    stdout.write(ENTER);
    timer = setInterval(tick, intervalMs);
    try {
      paint();
    } catch (e) {
      fail(e);
    }
  });
}
