// `runway run --budget N [--kill] [--grace S] -- COMMAND…`: runs a command (such as
// claude -p) in the foreground, follows what the sessions it starts spend, and warns, or
// stops it, once they pass N dollars. stdout is the command's; runway speaks on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { shWord } from '../lib/shell.js';
import { MAX_USD } from '../core/config.js';
import { runSpendReader, type RunSpend } from '../figures/run-spend.js';
import { pricing, scanLogs, UserError, type CommandResult, type Context } from './context.js';
import { n, pc, usd } from './format.js';
import { shortModel } from './reports.js';

export interface RunFlags {
  budget?: string;
  kill?: boolean;
  grace?: string;
}

/** The exit status when runway stopped the command for budget, as timeout(1) uses for time. */
export const STOPPED_FOR_BUDGET = 124;
/** A session whose first response the log stamped this much before the start still counts. */
const CLOCK_SLACK_MS = 2000;
const POSIX = process.platform !== 'win32';
// The command leads its own process group (and session), so the terminal's signals reach
// runway only: pass them on. SIGWINCH lets a full-screen command redraw on a resize.
const FORWARDED: NodeJS.Signals[] = POSIX ? ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGWINCH'] : ['SIGINT', 'SIGTERM'];

export async function runCommand(ctx: Context, flags: RunFlags, command: string[]): Promise<CommandResult> {
  const budget = budgetOf(flags.budget);
  const graceS = graceOf(flags.grace);
  if (!command.length) throw new UserError('no command to run: put it after --, such as runway run --budget 5 -- claude -p "fix the tests"');
  const p = await pricing(ctx);
  const scanNow = () => scanLogs(ctx);
  // Read what is already there first, so no earlier usage is taken for the run's.
  scanNow();
  const startMs = Date.now();
  const cwd = process.cwd();
  const spent = runSpendReader(ctx.db, startMs - CLOCK_SLACK_MS, cwd, p);
  const say = (line: string) => process.stderr.write(`runway: ${line}\n`);
  const backed = withClaudeBudget(command, budget);
  if (backed !== command) say(`claude -p stops itself at the budget too: --max-budget-usd ${budget} passed on`);
  const child = await start(backed, cwd, ctx.env);

  const signal = (sig: NodeJS.Signals) => {
    try {
      if (POSIX) process.kill(-child.pid!, sig);
      else child.kill(sig);
    } catch {
      // Already gone.
    }
  };
  const alive = () => {
    if (!POSIX) return child.exitCode === null && child.signalCode === null;
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  for (const sig of FORWARDED) process.on(sig, signal);

  let last = progressLine(spent(), budget);
  let over = false;
  let stopped = false;
  let followError = false;
  let killTimer: NodeJS.Timeout | undefined;
  let afterKill: (() => void) | undefined;

  const follow = (): RunSpend | null => {
    try {
      scanNow();
      return spent();
    } catch (e) {
      // The command matters more than the figures: say so once and let it run.
      if (!followError) say(pc.yellow(`cannot follow the spend: ${(e as Error).message}`));
      followError = true;
      return null;
    }
  };

  const tick = () => {
    const s = follow();
    if (!s) return;
    const line = progressLine(s, budget);
    if (line !== last) say((last = line));
    if (over || s.totals.cost <= budget) return;
    over = true;
    const figures = `${usd(s.totals.cost)} of ${usd(budget)}`;
    if (!flags.kill) {
      say(pc.yellow(`over budget: ${figures}; the command keeps running (add --kill to stop it)`));
      return;
    }
    say(pc.red(`over budget: ${figures}; stopping the command (SIGTERM, then SIGKILL after ${graceS} s)`));
    stopped = true;
    signal('SIGTERM');
    killTimer = setTimeout(() => {
      killTimer = undefined;
      if (alive()) {
        say(`still running ${graceS} s after SIGTERM: SIGKILL`);
        signal('SIGKILL');
      }
      afterKill?.();
    }, graceS * 1000);
  };

  const pollMs = Number(ctx.env.RUNWAY_RUN_POLL_MS) > 0 ? Number(ctx.env.RUNWAY_RUN_POLL_MS) : 1000;
  let pollTimer: NodeJS.Timeout;
  const poll = () => {
    tick();
    pollTimer = setTimeout(poll, pollMs);
  };
  pollTimer = setTimeout(poll, pollMs);

  const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('exit', (c, s) => {
      clearTimeout(pollTimer);
      const done = () => resolve([c, s]);
      if (!killTimer) return done();
      // Stopped: what else its group started may still be going; wait for it, or for the SIGKILL.
      const gone = setInterval(() => {
        if (alive()) return;
        clearInterval(gone);
        done();
      }, 50);
      afterKill = () => {
        clearInterval(gone);
        done();
      };
    });
  });
  clearTimeout(killTimer);
  for (const s of FORWARDED) process.off(s, signal);

  const exitCode = stopped ? STOPPED_FOR_BUDGET : (code ?? 128 + (sig ? constants.signals[sig] : 0));
  const final = follow();
  // What the last scan found after the command ended gets its running line too, so the lines
  // end on the figures the summary gives, however the polls happened to fall.
  if (final) {
    const line = progressLine(final, budget);
    if (line !== last) say((last = line));
  }
  process.stderr.write(`${summary({ command: backed, durationMs: Date.now() - startMs, budget, exitCode, stopped, cwd, spend: final })}\n`);
  return { out: '', exitCode };
}

function start(command: string[], cwd: string, env: Context['env']): Promise<ChildProcess> {
  const [file, ...args] = command as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: 'inherit', detached: POSIX });
    child.once('spawn', () => resolve(child));
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? 'command not found' : e.code === 'EACCES' ? 'permission denied' : e.message;
      reject(new UserError(`cannot run ${JSON.stringify(file)}: ${why}`));
    });
  });
}

/**
 * `claude -p` (or --print) given the budget as its own limit, --max-budget-usd, so Claude Code
 * stops before a request that would pass it (subagents included) and Runway's kill is the
 * backstop. A command that sets the limit itself, another program, or an interactive claude
 * is run as given.
 */
export function withClaudeBudget(command: string[], budget: number): string[] {
  const [file, ...args] = command;
  if (!file || file.slice(file.lastIndexOf('/') + 1) !== 'claude') return command;
  const end = args.indexOf('--');
  const options = end >= 0 ? args.slice(0, end) : args;
  if (!options.some((a) => a === '-p' || a === '--print')) return command;
  if (options.some((a) => a === '--max-budget-usd' || a.startsWith('--max-budget-usd='))) return command;
  return [file, '--max-budget-usd', String(budget), ...args];
}

/** A plain decimal such as 5, 5.50 or .5, as `runway budget` takes it. */
function decimal(text: string): number {
  return /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
}

function budgetOf(text: string | undefined): number {
  if (text === undefined) throw new UserError('--budget is required: the dollars the command may spend, such as runway run --budget 5 -- claude -p "…"');
  const dollars = decimal(text.replace(/^\$/, ''));
  if (dollars > 0 && dollars <= MAX_USD) return dollars;
  throw new UserError(`--budget ${JSON.stringify(text)}: expected a positive dollar amount up to 1,000,000,000, such as 5, 5.50 or $5`);
}

function graceOf(text: string | undefined): number {
  if (text === undefined) return 5;
  const seconds = decimal(text);
  if (seconds >= 0) return seconds;
  throw new UserError(`--grace ${JSON.stringify(text)}: expected seconds, a number 0 or more`);
}

const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;
const percent = (cost: number, budget: number) => `${Math.round((cost / budget) * 100)}%`;

/** `$0.42 of $5.00 (8%) · 12 responses · 1 session`, and what could not be priced. */
export function progressLine(s: RunSpend, budget: number): string {
  const t = s.totals;
  const parts = [`${usd(t.cost)} of ${usd(budget)} (${percent(t.cost, budget)})`, plural(t.responses, 'response'), plural(s.sessions, 'session')];
  if (t.unpricedResponses) parts.push(`+? ${plural(t.unpricedResponses, 'response')} not priced`);
  return parts.join(' · ');
}

interface SummaryInput {
  command: string[];
  durationMs: number;
  budget: number;
  exitCode: number;
  stopped: boolean;
  cwd: string;
  spend: RunSpend | null;
}

export function summary(r: SummaryInput): string {
  const label = (text: string) => `  ${text.padEnd(11)}`;
  const head = `${r.stopped ? 'stopped' : 'ran'} ${shellLine(r.command)} · ${duration(r.durationMs)} · exit ${r.exitCode}${r.stopped ? ' (stopped for budget)' : ''}`;
  const lines = [`runway: ${r.stopped ? pc.red(head) : head}`];
  const s = r.spend;
  if (!s) return [...lines, `${label('spend')}unknown: the usage could not be read`].join('\n');
  const t = s.totals;
  const over = t.cost > r.budget;
  lines.push(`${label('spend')}${usd(t.cost)} of ${usd(r.budget)} (${percent(t.cost, r.budget)})${over ? pc.red(' · over budget') : ''}`);
  if (!t.responses) {
    lines.push(`${label('responses')}none: no new Claude Code session in ${r.cwd} since the start`);
    return lines.join('\n');
  }
  lines.push(
    `${label('responses')}${n(t.responses)} in ${plural(s.sessions, 'session')}`,
    `${label('tokens')}${n(t.inputTokens)} input · ${n(t.outputTokens)} output · ${n(t.cacheWrite5mTokens + t.cacheWrite1hTokens)} cache write · ${n(t.cacheReadTokens)} cache read`,
  );
  const models = [...s.byModel].sort(([, a], [, b]) => b.cost - a.cost || b.totalTokens - a.totalTokens);
  const width = Math.max(...models.map(([m]) => shortModel(m).length));
  models.forEach(([model, m], i) => {
    const cost = m.unpricedResponses === m.responses ? '?' : usd(m.cost);
    lines.push(`${label(i === 0 ? 'by model' : '')}${shortModel(model).padEnd(width)}  ${cost.padStart(9)}  ${pc.dim(plural(m.responses, 'response'))}`);
  });
  for (const u of s.unpriced) lines.push(pc.yellow(`  +? ${u.model}: ${plural(u.responses, 'response')}, ${n(u.tokens)} tokens not priced, not in the spend (${u.reason})`));
  return lines.join('\n');
}

/** The command as it could be typed again: quoted for sh, so pasting it expands nothing. */
function shellLine(command: string[]): string {
  return command.map(shWord).join(' ');
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
