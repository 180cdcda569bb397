// `runway watch`: the status figures as a live full-screen terminal dashboard. The figures
// come from the builders /api/summary and `runway status` use; this file gathers them and
// drives the terminal, and watch-render.ts draws them.
import { groupTotals, pricedRows, type Pricing } from '../figures/usage.js';
import { DashboardState } from '../figures/state.js';
import { lastDays, quotaOf, summaryOf } from '../figures/summary.js';
import { contextRoots, pricing, scanFirst, scanLogs, usageFilter, UserError, type CommandResult, type Context } from './context.js';
import { filterKey, type Filter } from '../figures/filter.js';
import { pc } from './format.js';
import { nowMs } from '../lib/clock.js';
import { frameUpdate, render, type ModelToday, type WatchData } from './watch-render.js';
import { WATCH_LANGS, type WatchLang } from './watch-strings.js';

export interface WatchFlags {
  interval?: string;
  demo?: boolean;
  lang?: string;
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

/** The figures one frame shows. `ctx.db` must be the database `state` reads. */
export function watchData(ctx: Context, state: DashboardState, p: Pricing, filter: Filter, opts: { intervalSeconds: number; scanning: boolean }): WatchData {
  const summary = summaryOf(state, filter);
  const quota = quotaOf(state, filter);
  const key = `${summary.timezone}|${filterKey(filter)}|${summary.today}`;
  const models = state.memo(`watch-models|${key}`, () => modelsToday(ctx, summary.today, summary.timezone, filter, p));
  const last14 = state.memo(`watch-last14|${key}|${summary.unit}`, () => lastDays(ctx.db, summary, filter, 14, p));
  return { summary, quota, models, last14, ...opts };
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
  usageFilter(ctx); // a bad --scope or --agent is refused before the first scan
  const p = await pricing(ctx);
  const source = flags.demo ? await demoSource(ctx, p) : liveSource(ctx, p, intervalSeconds * 1000);
  try {
    // The demo's filter is the demo config's, as the dashboard's, unless --scope or --agent says otherwise.
    const filter = usageFilter(source.ctx);
    const gather = () => watchData(source.ctx, source.state, source.pricing, filter, { intervalSeconds, scanning: source.scanning });
    const first = gather();
    // Piped or in a script: one frame at the width every report fits, then done.
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      return render(first, { width: 80, height: 24, now: first.summary.generatedAt, color: pc.isColorSupported, lang }).join('\n');
    }
    return await runScreen(gather, first, intervalSeconds * 1000, lang);
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
 * interval and on resize, and gives it back as it was on every way out. l switches the language.
 */
function runScreen(gather: () => WatchData, first: WatchData, intervalMs: number, startLang: WatchLang): Promise<CommandResult> {
  const { stdout, stdin } = process;
  return new Promise((resolve, reject) => {
    let data = first;
    let lang = startLang;
    let shown: string[] | null = null;
    let restored = false;
    let timer: NodeJS.Timeout | undefined;

    const paint = () => {
      // A terminal that does not report its size (some pseudo-terminals) gets the classic one.
      const width = stdout.columns || 80;
      const height = stdout.rows || 24;
      const lines = render(data, { width, height, now: data.summary.generatedAt, color: pc.isColorSupported, lang });
      const update = frameUpdate(shown, lines, width, height);
      if (update) stdout.write(update);
      shown = lines;
    };
    const tick = () => {
      try {
        try {
          data = gather();
        } catch (e) {
          // A locked or busy database: keep the last figures on screen and say why.
          data = { ...data, refreshError: (e as Error).message };
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
      const keys = chunk.toString('latin1');
      // A lone Esc quits; an escape sequence (arrows, function keys) may hold a q and does not.
      if (keys.includes('\x03') || keys === '\x1b' || (!keys.startsWith('\x1b') && /[qQ]/.test(keys))) return finish(0);
      if (!keys.startsWith('\x1b') && /[lL]/.test(keys)) {
        lang = WATCH_LANGS[(WATCH_LANGS.indexOf(lang) + 1) % WATCH_LANGS.length]!;
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
