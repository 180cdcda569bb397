// `runway check`: the guard for scripts, CI and Claude Code's hooks. Exit 0 on budget,
// 1 projected over, 2 spent, 3 when the data cannot be read. With --hook it answers in
// the JSON Claude Code's hooks expect instead, and fails open: a broken database must
// never stop someone's work.
import { resolve } from 'node:path';
import { blockAnswer, denyAnswer, isBlock, parseHookInput, sessionLogFiles, stopAnswer, warningAnswer, type HookInput } from '../sources/claude-code/hooks.js';
import { verdict, type Verdict } from '../core/guard.js';
import { capsFor, capVerdict, isWithin, nextLoopMark, type CapCheck, type LoopMark, type OnLoop } from '../core/caps.js';
import { summaryOf, usageFor } from '../figures/summary.js';
import type { Summary } from '../figures/answers.js';
import { fingerprinter } from '../scanner/fingerprint.js';
import { fingerprintKey } from '../store/caps.js';
import { contextRoots, filterFlags, openContext, operationalMessage, pricing, scanFirst, scanLogs, snapshotState, usageFilter, UserError, type CommandResult, type Context, type Flags } from './context.js';
import { short, usd } from './format.js';
import { capStatePath, memoryPath, readCapState, remember, standingRefusal, writeCapState, type CapState } from './guard-memory.js';
import { dailySpend, sessionSpend } from './cap.js';
import { nowMs } from '../lib/clock.js';
import { defaultDbPath } from '../lib/paths.js';
import { addDays } from '../core/calendar.js';
import { startOfDay } from '../figures/dashboard.js';
import type { TeamStatus } from '../figures/team.js';

export interface CheckFlags extends Flags {
  daily?: boolean;
  team?: boolean;
  person?: string;
  url?: string;
  hook?: string;
  caps?: boolean;
  strict?: boolean;
  'on-loop'?: string;
}

const HOOK_MODES = ['block', 'warn', 'session', 'stop', 'tool'] as const;
type HookMode = (typeof HOOK_MODES)[number];
/** Which hook asks about the caps: the prompt hook (with --caps), Stop, or PreToolUse. */
type CapHook = 'prompt' | 'stop' | 'tool';

interface CapOptions {
  strict: boolean;
  onLoop: OnLoop;
}

export async function checkCommand(flags: CheckFlags, values: CheckFlags, stdin: NodeJS.ReadStream): Promise<CommandResult> {
  if (values.team) return teamCheck(flags, values);
  if (values.person !== undefined || values.url !== undefined) throw new UserError('--person and --url go with --team');
  const hook = values.hook;
  if (hook !== undefined && !HOOK_MODES.includes(hook as HookMode)) {
    throw new UserError(`--hook ${JSON.stringify(hook)}: expected one of ${HOOK_MODES.join(', ')}`);
  }
  const capHook: CapHook | null = hook === 'stop' || hook === 'tool' ? hook : values.caps ? 'prompt' : null;
  if (values.caps && hook !== 'block' && hook !== 'warn') throw new UserError('--caps goes with --hook block or --hook warn (stop and tool check the caps anyway)');
  if ((values.strict || values['on-loop'] !== undefined) && !capHook) throw new UserError('--strict and --on-loop go with the cap hooks: --hook stop, --hook tool, or --caps');
  const onLoop = values['on-loop'] ?? 'warn';
  if (onLoop !== 'stop' && onLoop !== 'warn') throw new UserError(`--on-loop ${JSON.stringify(onLoop)}: expected stop or warn`);
  // A mistyped --scope or --agent is a usage error (exit 2), not unreadable data.
  filterFlags(values);
  // The hook's input is read whole even when not needed, so the writer never blocks.
  const input = parseHookInput(hook && !stdin.isTTY ? await readHookInput(stdin) : '');
  const caps: CapOptions = { strict: values.strict ?? false, onLoop };
  if (capHook === 'stop' || capHook === 'tool') return capAnswer(capHook, input, flags, caps, null);
  const budget = await budgetCheck(flags, values, hook as HookMode | undefined);
  if (!capHook) return budget.answer;
  // A budget refusal comes first; else a cap's refusal, else the budget's warning, else the cap's.
  if (isBlock(budget.answer)) return budget.answer;
  const cap = await capAnswer('prompt', input, flags, caps, budget.ctx);
  return isBlock(cap) || !budget.answer ? cap : budget.answer;
}

/** The budget's check (today's `runway check`), and the context it scanned, when it could. */
async function budgetCheck(flags: CheckFlags, values: CheckFlags, hook: HookMode | undefined): Promise<{ answer: CommandResult; ctx: Context | null }> {
  // The blocking hook remembers its last refusal, to keep it when the data cannot be read.
  const memory = hook === 'block' ? memoryPath(flags.db ?? defaultDbPath()) : null;
  let result: { v: Verdict; s: Summary; ctx: Context };
  try {
    result = await evaluate(flags, values.daily ?? false);
  } catch (e) {
    return { answer: unreadable(e, hook, memory, flags), ctx: null };
  }
  const { v, s, ctx } = result;
  if (memory) remember(memory, v.code === 2 ? { reason: v.reason, at: s.generatedAt, until: refusalEnds(v, s) } : null);
  return { answer: verdictAnswer(v, s, hook, flags, values), ctx };
}

function unreadable(e: unknown, hook: HookMode | undefined, memory: string | null, flags: CheckFlags): CommandResult {
  const why = operationalMessage(e) ?? (e instanceof Error ? e.message : String(e));
  const standing = memory ? standingRefusal(memory, nowMs(process.env)) : null;
  if (standing) {
    return blockAnswer(
      `Runway cannot read the usage data (${why}), and its last check, at ${new Date(standing.at).toISOString()}, refused prompts: ${standing.reason}. Prompts stay refused until it can read the data again; remove this guard with \`runway hook uninstall\`.`,
    );
  }
  if (hook) return hookAnswer(hook, null, `Runway could not read the usage data, so this prompt was not checked: ${why}`);
  if (flags.json) return { out: JSON.stringify({ exitCode: 3, state: 'unreadable', reason: why }, null, 2), exitCode: 3 };
  return { out: `runway check: cannot read the usage data: ${why}`, exitCode: 3 };
}

function verdictAnswer(v: Verdict, s: Summary, hook: HookMode | undefined, flags: CheckFlags, values: CheckFlags): CommandResult {
  if (hook) return hookAnswer(hook, v, null);
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

async function evaluate(flags: CheckFlags, daily: boolean): Promise<{ v: Verdict; s: Summary; ctx: Context }> {
  const ctx = openContext(flags);
  // --agent (for scripts) judges that agent set against the budget; the hooks keep the budget's own.
  const filter = usageFilter(ctx);
  const report = scanFirst(ctx);
  const state = snapshotState(ctx, await pricing(ctx), report?.roots);
  const s = summaryOf(state, filter);
  const money = (x: number) => (s.unit === 'tokens' ? `${short(x)} tokens` : usd(x, s.currency.symbol));
  const unpriced = s.unit === 'usd' && s.totals.unpricedResponses > 0 ? `at least: ${s.totals.unpricedResponses} responses have no price` : undefined;
  // The verdict reads the engine's figures: the summary's are null without a budget.
  return { v: verdict(usageFor(state, filter).u.budget, { budgetConfigured: s.budgetConfigured, daily, money, unpricedNote: unpriced }), s, ctx };
}

// ---- The team budget ------------------------------------------------------------------------

/**
 * `check --team`: the team budget from the team database, and with --person (or team.person)
 * that person's budget too; the worse verdict is the exit status. For CI and shared scripts:
 * Claude Code's hooks keep guarding this machine's own budget.
 */
async function teamCheck(flags: CheckFlags, values: CheckFlags): Promise<CommandResult> {
  if (values.hook !== undefined || values.caps || values.strict || values['on-loop'] !== undefined) {
    throw new UserError('--team goes without --hook, --caps, --strict and --on-loop: it answers with its exit status (0 ok, 1 over, 2 spent, 3 unreadable)');
  }
  let judged: { team: Verdict; person: { name: string; v: Verdict } | null; s: TeamStatus };
  try {
    judged = await judgeTeam(flags, values);
  } catch (e) {
    const why = e instanceof UserError ? e.message : (operationalMessage(e) ?? (e instanceof Error ? e.message : String(e)));
    if (flags.json) return { out: JSON.stringify({ exitCode: 3, state: 'unreadable', reason: why }, null, 2), exitCode: 3 };
    return { out: `runway check --team: cannot read the team's usage: ${why}`, exitCode: 3 };
  }
  const { team, person, s } = judged;
  const code = Math.max(team.code, person?.v.code ?? 0);
  if (flags.json) {
    const shape = (v: Verdict, b: TeamStatus['budget']) => ({
      exitCode: v.code, state: v.state, reason: v.reason, budget: b?.budget ?? null, spentToDate: b?.spentToDate ?? null, spentToday: b?.spentToday ?? null,
      dailyBudget: b?.dailyBudget ?? null, projectedSpend: b?.projectedSpend ?? null, dryDate: b?.dryDate ?? null,
    });
    const p = person ? s.persons.find((x) => x.person === person.name)! : null;
    return {
      out: JSON.stringify({
        exitCode: code, state: code === team.code ? team.state : person!.v.state, period: s.period, today: s.today, daily: values.daily ?? false,
        team: shape(team, s.budget), person: person && p ? { person: person.name, ...shape(person.v, p.pacing) } : null,
        staleDevices: s.devices.filter((d) => d.stale).map((d) => d.name), unpricedResponses: s.totals.unpricedResponses,
      }, null, 2),
      exitCode: code,
    };
  }
  const word = (v: Verdict) => ['ok', 'over', 'spent'][v.code];
  const lines = [`${word(team)}: team: ${team.reason}`];
  if (person) lines.push(`${word(person.v)}: ${person.name}: ${person.v.reason}`);
  return { out: lines.join('\n'), exitCode: code };
}

async function judgeTeam(flags: CheckFlags, values: CheckFlags): Promise<{ team: Verdict; person: { name: string; v: Verdict } | null; s: TeamStatus }> {
  const ctx = openContext(flags);
  const { teamStatusFigures, teamUrlOf } = await import('./team.js');
  const name = values.person ?? ctx.config.team.person ?? null;
  const budgets = ctx.config.team.budgets;
  // An explicit --person must have a budget to judge; the config's own person may have none.
  if (values.person !== undefined && !Object.hasOwn(budgets, values.person)) {
    throw new UserError(`--person ${JSON.stringify(values.person)}: team.budgets in ${ctx.configPath} has no budget for them`);
  }
  const s = await teamStatusFigures(ctx, await teamUrlOf(ctx, values.url));
  const money = (x: number) => usd(x, ctx.config.currency_symbol);
  const unpriced = s.totals.unpricedResponses > 0 ? `at least: ${s.totals.unpricedResponses} responses have no price` : undefined;
  const daily = values.daily ?? false;
  const team: Verdict = s.budget
    ? verdict(s.budget, { budgetConfigured: true, daily, money, unpricedNote: unpriced })
    : { code: 0, state: 'no_budget', reason: `no team budget set, nothing to guard (team.monthly_budget in the config sets one); ${money(s.totals.totalCost)} spent this period${unpriced ? ` (${unpriced})` : ''}` };
  const p = name === null ? undefined : s.persons.find((x) => x.person === name);
  const person = p?.pacing
    ? { name: p.person, v: verdict(p.pacing, { budgetConfigured: true, daily, money, unpricedNote: p.unpricedResponses > 0 ? `at least: ${p.unpricedResponses} responses have no price` : undefined }) }
    : null;
  return { team, person, s };
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

// ---- The cap hooks ------------------------------------------------------------------------

/**
 * What a cap hook answers: nothing under the caps, a refusal in its event's shape over one
 * (unless the session is allowed), a warning on a loop. Data it cannot read is a warning,
 * or with --strict a refusal; never an error, as this runs before every tool call.
 */
async function capAnswer(hook: CapHook, input: HookInput, flags: CheckFlags, opts: CapOptions, scanned: Context | null): Promise<string> {
  const refuse = hook === 'tool' ? denyAnswer : hook === 'stop' ? stopAnswer : blockAnswer;
  const sid = input.sessionId;
  // Read before the config and the database, so an allowance holds when they cannot be read.
  const statePath = capStatePath(flags.db ?? defaultDbPath());
  const state = readCapState(statePath);
  try {
    const ctx = scanned ?? openContext(flags);
    const now = nowMs(ctx.env);
    const caps = ctx.config.caps;
    const applied = capsFor(caps, input.cwd);
    const allowed = sid !== null && Object.hasOwn(state.allowed, sid);
    let loop: LoopMark | null = null;
    let dirty = false;
    if (hook === 'tool' && sid !== null) {
      const key = fingerprintKey(ctx.db);
      if (!key) throw new Error('the database has no fingerprint key');
      const hash = fingerprinter(key)(`${input.toolName ?? ''}\0${canonicalJson(input.toolInput)}`);
      loop = nextLoopMark(state.loops[sid] ?? null, hash, input.toolName ?? 'tool');
      state.loops[sid] = { ...loop, at: now };
      dirty = true;
    } else if (hook === 'stop' && sid !== null && opts.onLoop === 'stop') {
      loop = state.loops[sid] ?? null;
    }
    const wants = { session: applied.session !== null && sid !== null, daily: applied.daily !== null };
    let p = null;
    // An allowed session, or one without caps, is neither scanned nor priced.
    if (!allowed && (wants.session || wants.daily)) {
      if (!scanned && !ctx.flags['no-scan']) scanLogs(ctx, wants.daily ? {} : sessionScan(ctx, input));
      p = await pricing(ctx);
    }
    const check: CapCheck = {
      sessionId: sid,
      session: p && wants.session ? { cap: applied.session!, spent: sessionSpend(ctx, sid!, p) } : null,
      daily: p && wants.daily ? { cap: applied.daily!, spent: dailySpend(ctx, p, applied.daily!.project) } : null,
      allowed, loop, loopRepeats: caps.loop_repeats, onLoop: opts.onLoop,
      money: (x) => usd(x, ctx.config.currency_symbol),
    };
    const v = capVerdict(check);
    if (v.kind === 'refuse' && sid !== null) {
      state.refused = { session: sid, at: now };
      // Stopped for a loop: the next turn starts counting again, or every later stop would stop too.
      if (v.cap === 'loop' && hook === 'stop') state.loops[sid] = { ...state.loops[sid]!, count: 0 };
      dirty = true;
    }
    if (dirty) saveState(statePath, state);
    if (v.kind === 'refuse') return refuse(v.message);
    return v.kind === 'warn' ? warningAnswer(v.message) : '';
  } catch (e) {
    const why = operationalMessage(e) ?? (e instanceof Error ? e.message : String(e));
    // An allowed session goes on even when strict: its allowance does not need the usage data.
    const allowed = sid !== null && Object.hasOwn(state.allowed, sid);
    if (opts.strict && !allowed) {
      if (sid !== null) saveState(statePath, { ...state, refused: { session: sid, at: nowMs(process.env) } });
      const lift = sid ? `go on in this session only: runway cap allow --session ${sid}, or ` : '';
      return refuse(`Runway cannot read the usage data (${why}), so the caps cannot be checked, and its hooks were installed with --strict: ${lift}remove them with runway hook uninstall.`);
    }
    return warningAnswer(`Runway could not read the usage data, so the caps were not checked: ${why}`);
  }
}

/**
 * For the session cap alone, only the session's own files (its transcript and its subagents'),
 * as the status line reads them: no walk of every log. A transcript outside the log roots
 * (or none) gets the whole scan.
 */
function sessionScan(ctx: Context, input: HookInput): { only?: string[] } {
  const t = input.transcriptPath === null ? null : resolve(input.transcriptPath);
  if (t === null || !contextRoots(ctx).some((r) => isWithin(t, r.logDir))) return {};
  return { only: [t, ...sessionLogFiles(t)] };
}

/** Best effort: a state that cannot be written loses the loop count and the last refusal, not the answer. */
function saveState(path: string, state: CapState): void {
  try {
    writeCapState(path, state);
  } catch {}
}

/** JSON with every object's keys sorted: the same call hashes the same, however its keys were ordered. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Far above any tool's input (a Write of a large file is megabytes), small enough to hold. */
const MAX_INPUT_BYTES = 64 << 20;
/** Claude Code closes stdin after writing; a manual run without input must not hang. */
const IDLE_MS = 1000;
const TOTAL_MS = 5000;

/**
 * The hook's stdin, whole: up to its end, or until nothing came for a second, or five
 * seconds in all. Past MAX_INPUT_BYTES the rest is read and dropped, and the text is
 * empty: a cut JSON document would only mislead.
 */
async function readHookInput(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve) => {
    let idle = setTimeout(done, IDLE_MS);
    const total = setTimeout(done, TOTAL_MS);
    function done() {
      clearTimeout(idle);
      clearTimeout(total);
      resolve();
    }
    stdin.on('data', (d: Buffer) => {
      size += d.length;
      if (size <= MAX_INPUT_BYTES) chunks.push(d);
      clearTimeout(idle);
      idle = setTimeout(done, IDLE_MS);
    });
    stdin.once('end', done);
    stdin.once('error', done);
  });
  stdin.pause();
  return size <= MAX_INPUT_BYTES ? Buffer.concat(chunks).toString('utf8') : '';
}
