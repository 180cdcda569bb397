// `runway check`: the guard for scripts, CI and Claude Code's hooks. Exit 0 on budget,
// 1 projected over, 2 spent, 3 when the data cannot be read. With --hook it answers in
// the JSON Claude Code's hooks expect instead, and fails open: a broken database must
// never stop someone's work.
import { blockAnswer, warningAnswer } from '../sources/claude-code/hooks.js';
import { verdict, type Verdict } from '../core/guard.js';
import { summaryOf, usageFor } from '../figures/summary.js';
import type { Summary } from '../figures/answers.js';
import { filterFlags, openContext, operationalMessage, pricing, scanFirst, snapshotState, usageFilter, UserError, type CommandResult, type Flags } from './context.js';
import { short, usd } from './format.js';
import { memoryPath, remember, standingRefusal } from './guard-memory.js';
import { nowMs } from '../lib/clock.js';
import { defaultDbPath } from '../lib/paths.js';
import { addDays } from '../core/calendar.js';
import { startOfDay } from '../figures/dashboard.js';

export interface CheckFlags extends Flags {
  daily?: boolean;
  hook?: string;
}

const HOOK_MODES = ['block', 'warn', 'session'] as const;
type HookMode = (typeof HOOK_MODES)[number];

export async function checkCommand(flags: CheckFlags, values: CheckFlags, stdin: NodeJS.ReadStream): Promise<CommandResult> {
  const hook = values.hook;
  if (hook !== undefined && !HOOK_MODES.includes(hook as HookMode)) {
    throw new UserError(`--hook ${JSON.stringify(hook)}: expected one of ${HOOK_MODES.join(', ')}`);
  }
  // A mistyped --scope or --agent is a usage error (exit 2), not unreadable data.
  filterFlags(values);
  // The hook's input (session, prompt) is not needed, but it is read so the writer never blocks.
  if (hook && !stdin.isTTY) await drain(stdin);
  // The blocking hook remembers its last refusal, to keep it when the data cannot be read.
  const memory = hook === 'block' ? memoryPath(flags.db ?? defaultDbPath()) : null;
  let result: { v: Verdict; s: Summary };
  try {
    result = await evaluate(flags, values.daily ?? false);
  } catch (e) {
    const why = operationalMessage(e) ?? (e instanceof Error ? e.message : String(e));
    const standing = memory ? standingRefusal(memory, nowMs(process.env)) : null;
    if (standing) {
      return blockAnswer(
        `Runway cannot read the usage data (${why}), and its last check, at ${new Date(standing.at).toISOString()}, refused prompts: ${standing.reason}. Prompts stay refused until it can read the data again; remove this guard with \`runway hook uninstall\`.`,
      );
    }
    if (hook) return hookAnswer(hook as HookMode, null, `Runway could not read the usage data, so this prompt was not checked: ${why}`);
    if (flags.json) return { out: JSON.stringify({ exitCode: 3, state: 'unreadable', reason: why }, null, 2), exitCode: 3 };
    return { out: `runway check: cannot read the usage data: ${why}`, exitCode: 3 };
  }
  const { v, s } = result;
  if (memory) remember(memory, v.code === 2 ? { reason: v.reason, at: s.generatedAt, until: refusalEnds(v, s) } : null);
  if (hook) return hookAnswer(hook as HookMode, v, null);
  if (flags.json) {
    return {
      out: JSON.stringify(
        {
          exitCode: v.code, state: v.state, reason: v.reason, scope: s.scope, agent: s.agent, unit: s.unit, budget: s.budget, spentToDate: s.spentToDate,
          spentToday: s.spentToday, dailyBudget: s.dailyBudget, projectedSpend: s.projectedSpend, period: s.period,
          unpricedResponses: s.totals.unpricedResponses, daily: values.daily ?? false,
        },
        null,
        2,
      ),
      exitCode: v.code,
    };
  }
  return { out: `${['ok', 'over', 'spent'][v.code]}: ${v.reason}`, exitCode: v.code };
}

async function evaluate(flags: CheckFlags, daily: boolean): Promise<{ v: Verdict; s: Summary }> {
  const ctx = openContext(flags);
  // --agent (for scripts) judges that agent set against the budget; the hooks keep the budget's own.
  const filter = usageFilter(ctx);
  const report = scanFirst(ctx);
  const state = snapshotState(ctx, await pricing(ctx), report?.roots);
  const s = summaryOf(state, filter);
  const money = (x: number) => (s.unit === 'tokens' ? `${short(x)} tokens` : usd(x, s.currency.symbol));
  const unpriced = s.unit === 'usd' && s.totals.unpricedResponses > 0 ? `at least: ${s.totals.unpricedResponses} responses have no price` : undefined;
  // The verdict reads the engine's figures: the summary's are null without a budget.
  return { v: verdict(usageFor(state, filter).u.budget, { budgetConfigured: s.budgetConfigured, daily, money, unpricedNote: unpriced }), s };
}

/** A spent budget refuses until the next reset; a spent day, until tomorrow. */
function refusalEnds(v: Verdict, s: Summary): number {
  return startOfDay(v.state === 'daily_spent' ? addDays(s.today, 1) : s.period.end, s.timezone);
}

/** The hook's answer: a refusal only in block mode and over budget, else at most a warning. */
function hookAnswer(mode: HookMode, v: Verdict | null, failure: string | null): CommandResult {
  if (failure) return warningAnswer(failure);
  if (!v || v.code === 0) return '';
  const text = `Runway: ${v.reason}`;
  if (mode === 'block' && v.code === 2) {
    return blockAnswer(`${text}. Raise it with \`runway budget N\`, or remove this guard with \`runway hook uninstall\`.`);
  }
  return warningAnswer(text);
}

async function drain(stdin: NodeJS.ReadStream): Promise<void> {
  // Claude Code closes stdin after writing; a manual run without input must not hang.
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    const timer = setTimeout(done, 1000);
    stdin.on('data', () => {});
    stdin.once('end', () => {
      clearTimeout(timer);
      done();
    });
    stdin.once('error', done);
  });
  stdin.pause();
}
