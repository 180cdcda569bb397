// `runway statusline`: the line under Claude Code's prompt. It runs on every status refresh,
// so it reads only the session's own transcript (no walk of the log roots), stores the
// quota reading it was handed, and prints today's spend, the period's runway and the quota.
import pcFactory from 'picocolors';
import { periodUsage } from '../figures/dashboard.js';
import { filterOf } from '../figures/filter.js';
import { QUOTA_WINDOWS, quotaFigures, type QuotaFigures } from '../core/quota.js';
import { parseStatusLineInput } from '../sources/claude-code/statusline.js';
import { latestReading, recordReadings } from '../store/quota.js';
import { pricing, scanLogs, type Context } from './context.js';
import { converted, countdown, short, usd } from './format.js';
import { secondaryCurrency } from '../figures/summary.js';
import { nowMs } from '../lib/clock.js';
import { keptName } from '../figures/day-rows.js';

export async function statuslineCommand(ctx: Context, stdin: NodeJS.ReadStream): Promise<string> {
  const now = nowMs(ctx.env);
  const input = parseStatusLineInput(stdin.isTTY ? null : await readAll(stdin), now);
  // Claude Code shows colours in the status line although its stdout is a pipe.
  const pc = pcFactory.createColors(!ctx.env.NO_COLOR);
  const db = ctx.db;
  const { readings } = input;
  recordReadings(db, readings, input.sessionId);
  if (input.transcriptPath !== null && !ctx.flags['no-scan']) {
    scanLogs(ctx, { only: [input.transcriptPath] });
  }

  // Claude Code's own line, on the budget's usage: the config's scope and budget_agents.
  const prices = await pricing(ctx);
  // Past days are kept in the database: the next refresh reads only the days that changed.
  const keptAs = keptName(prices, ctx.config.prices);
  const u = periodUsage({ db, config: ctx.config, pricing: prices, tz: ctx.tz, nowMs: now, filter: filterOf(ctx.config), byProject: false, keptAs });
  const b = u.budget;
  const money = (v: number) => (b.unit === 'tokens' ? short(v) : usd(v, ctx.config.currency_symbol));
  const parts: string[] = [];
  const sec = b.unit === 'usd' ? secondaryCurrency(ctx.config) : null;
  const second = sec ? pc.dim(` ${converted(b.spentToday, sec)}`) : '';
  if (u.budgetConfigured) {
    const today = b.todaysOverBy > 0 ? pc.red : pc.green;
    parts.push(`${today(money(b.spentToday))}/${money(b.dailyBudget)} today${second}`);
    const left = b.remaining >= 0 ? `${money(b.remaining)} left` : pc.red(`${money(-b.remaining)} over`);
    const colour = { green: pc.green, yellow: pc.yellow, red: pc.red }[b.status];
    // The forecast's run-out date, as days from today; nothing while the budget lasts the period.
    const runway = b.forecast.runwayDays === null ? '' : ` · ${colour(b.forecast.runwayDays === 0 ? 'dry today' : `dry in ${b.forecast.runwayDays}d`)}`;
    parts.push(`${left}${runway}`);
  } else {
    parts.push(`${money(b.spentToday)} today${second} · ${money(b.spentToDate)} this period`);
  }
  for (const { window } of QUOTA_WINDOWS) {
    // The reading just handed over, else the last one stored (another session's is as good).
    const r = readings.find((x) => x.window === window) ?? latestReading(db, window);
    if (!r) continue;
    const q = quotaFigures(r, now, ctx.config.quota_thresholds);
    if (!q.expired) parts.push(quotaPart(q, now, pc));
  }
  return `${pc.dim('runway')} ${parts.join(pc.dim(' │ '))}`;
}

function quotaPart(q: QuotaFigures, now: number, pc: ReturnType<typeof pcFactory.createColors>): string {
  const colour = { ok: pc.green, warn: pc.yellow, alarm: pc.red }[q.level];
  const reset = q.resetInMs === null ? '' : ` ↻${countdown(q.resetInMs, true)}`;
  // Running out before the reset is the one thing worth the space.
  const dry = q.reserveMs !== null && q.reserveMs < 0 && q.exhaustsAt !== null ? pc.red(` empty in ${countdown(Math.max(0, q.exhaustsAt - now), true)}`) : '';
  return `${q.label} ${colour(`${Math.round(q.usedPercentage)}%`)}${reset}${dry}`;
}

/** Claude Code writes the JSON and closes stdin; give up after a second rather than hang. */
function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      stdin.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, 1000);
    stdin.on('data', (c: Buffer) => chunks.push(c));
    stdin.once('end', done);
    stdin.once('error', done);
  });
}
