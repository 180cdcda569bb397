// `runway watch`: the status figures as a live full-screen terminal dashboard. The figures
// come from the builders /api/summary and `runway status` use; this file gathers them and
// drives the terminal, and watch-render.ts draws them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scope } from '../core/config.js';
import { recordReadings } from '../store/quota.js';
import { groupTotals, pricedRows, type Pricing } from '../figures/usage.js';
import { openDb } from '../store/db.js';
import { DashboardState } from '../figures/state.js';
import { lastDays, quotaOf, summaryOf } from '../figures/summary.js';
import { contextRoots, pricing, scanFirst, scanLogs, usageQuery, UserError, type CommandResult, type Context } from './context.js';
import { pc } from './format.js';
import { nowMs } from '../lib/clock.js';
import { frameUpdate, render, type ModelToday, type WatchData } from './watch-render.js';

export interface WatchFlags {
  interval?: string;
  demo?: boolean;
}

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
// Leave the alternate screen, then show the cursor: the shell gets back the screen it had.
const LEAVE = '\x1b[?1049l\x1b[?25h';
const HOUR_MS = 3_600_000;

export function parseInterval(value: string | undefined): number {
  if (value === undefined) return 2;
  const seconds = Number(value);
  // At most a day: timers overflow past 24.8 days, and a slower dashboard is no dashboard.
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value) || seconds < 0.2 || seconds > 86_400) {
    throw new UserError(`--interval ${JSON.stringify(value)}: expected seconds between redraws, a number from 0.2 to 86400`);
  }
  return seconds;
}

/** The figures one frame shows. `ctx.db` must be the database `state` reads. */
export function watchData(ctx: Context, state: DashboardState, p: Pricing, scope: Scope, opts: { intervalSeconds: number; scanning: boolean }): WatchData {
  const summary = summaryOf(state, scope);
  const quota = quotaOf(state, scope);
  const key = `${summary.timezone}|${summary.scope}|${summary.today}`;
  const models = state.memo(`watch-models|${key}`, () => modelsToday(ctx, summary.today, summary.timezone, summary.scope, p));
  const last14 = state.memo(`watch-last14|${key}|${summary.unit}`, () => lastDays(ctx.db, summary, 14, p));
  return { summary, quota, models, last14, ...opts };
}

function modelsToday(ctx: Context, today: string, tz: string, scope: Scope, p: Pricing): ModelToday[] {
  const byModel = groupTotals(pricedRows(ctx.db, { tz, since: today, until: today, scope }, p), (r) => r.model);
  return [...byModel]
    .map(([model, t]) => ({ model, cost: t.cost, tokens: t.totalTokens, responses: t.responses, unpricedResponses: t.unpricedResponses }))
    .sort((a, b) => b.cost - a.cost || b.tokens - a.tokens);
}

interface Source {
  ctx: Context;
  state: DashboardState;
  scanning: boolean;
  cleanup: () => void;
}

export async function watchCommand(ctx: Context, flags: WatchFlags): Promise<CommandResult> {
  const intervalSeconds = parseInterval(flags.interval);
  const { scope } = usageQuery(ctx);
  const p = await pricing(ctx);
  const source = flags.demo ? await demoSource(ctx, p) : liveSource(ctx, p, intervalSeconds * 1000);
  try {
    const gather = () => watchData(source.ctx, source.state, p, scope, { intervalSeconds, scanning: source.scanning });
    const first = gather();
    // Piped or in a script: one frame at the width every report fits, then done.
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      return render(first, { width: 80, height: 24, now: first.summary.generatedAt, color: pc.isColorSupported }).join('\n');
    }
    return await runScreen(gather, first, intervalSeconds * 1000);
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
  return { ctx, state, scanning, cleanup: () => {} };
}

/** As `serve --demo`: generated usage and two quota readings in a throwaway database. */
async function demoSource(ctx: Context, p: Pricing): Promise<Source> {
  const dir = mkdtempSync(join(tmpdir(), 'runway-demo-'));
  const dbPath = join(dir, 'demo.db');
  const db = openDb(dbPath);
  const cleanup = () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { generateDemo, DEMO_BUDGET } = await import('../server/demo.js');
    const now = nowMs(ctx.env);
    const tz = ctx.tz;
    generateDemo(db, { nowMs: now, tz });
    recordReadings(db, [
      { window: 'five_hour', ts: now, usedPercentage: 62, resetsAt: now + 1.7 * HOUR_MS },
      { window: 'seven_day', ts: now, usedPercentage: 41, resetsAt: now + 71 * HOUR_MS },
    ], null);
    const config = ctx.config.monthly_budget === null ? { ...ctx.config, monthly_budget: DEMO_BUDGET, budget_unit: 'usd' as const } : ctx.config;
    const configPath = join(dir, 'config.json');
    const demoCtx: Context = { flags: ctx.flags, config, configPath, dbPath, db, tz, env: ctx.env };
    const state = new DashboardState({ db, config, configPath, tz, pricing: p, scan: null, demo: true, now: () => nowMs(ctx.env) });
    return { ctx: demoCtx, state, scanning: false, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

/**
 * Takes the terminal until q, Esc or Ctrl-C (or SIGINT, SIGTERM, SIGHUP), refreshing every
 * interval and on resize, and gives it back as it was on every way out.
 */
function runScreen(gather: () => WatchData, first: WatchData, intervalMs: number): Promise<CommandResult> {
  const { stdout, stdin } = process;
  return new Promise((resolve, reject) => {
    let data = first;
    let shown: string[] | null = null;
    let restored = false;
    let timer: NodeJS.Timeout | undefined;

    const paint = () => {
      // A terminal that does not report its size (some pseudo-terminals) gets the classic one.
      const width = stdout.columns || 80;
      const height = stdout.rows || 24;
      const lines = render(data, { width, height, now: data.summary.generatedAt, color: pc.isColorSupported });
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
          data = { ...data, refreshError: `refresh failed: ${(e as Error).message}` };
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
      if (keys.includes('\x03') || keys === '\x1b' || (!keys.startsWith('\x1b') && /[qQ]/.test(keys))) finish(0);
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
