// `runway cap set|status|off|allow`: the per-session and per-day caps that the Claude Code
// hooks (`runway hook install --caps`, answered in cli/check.ts) enforce, and the figures
// both read: a session's spend, subagents included, and today's.
import { resolve } from 'node:path';
import { capsFor, isWithin, type AppliedCap, type CapKind, type CapSpend } from '../core/caps.js';
import { ConfigError, loadConfig, MAX_USD, updateConfig, type CapsConfig } from '../core/config.js';
import { dateInZone } from '../core/calendar.js';
import { priceRow, pricedRows, type Pricing } from '../figures/usage.js';
import { sessionRows, sessionRowsSince } from '../store/caps.js';
import type { SessionRow } from '../store/sessions.js';
import { startOfDay } from '../figures/dashboard.js';
import { nowMs } from '../lib/clock.js';
import { defaultConfigPath, defaultDbPath } from '../lib/paths.js';
import { shWord } from '../lib/shell.js';
import { SESSION_ID } from '../sources/claude-code/hooks.js';
import { capStatePath, readCapState, writeCapState } from './guard-memory.js';
import { openContext, pricing, scanFirst, usageFilter, UserError, type CommandResult, type Context, type Flags } from './context.js';
import { usd } from './format.js';

/** The cap sub-commands' options: --session and --daily take an amount in `set`, none in `off` and `allow`. */
export interface CapFlags extends Flags {
  session?: string | boolean;
  daily?: string | boolean;
  project?: string;
}

// ---- The figures ------------------------------------------------------------------------

function spendOf(rows: { row: Parameters<typeof priceRow>[0]; at: number }[], p: Pricing): CapSpend {
  const spend = { usd: 0, unpriced: 0 };
  for (const { row, at } of rows) {
    const { cost } = priceRow(row, at, p);
    if (cost === null) spend.unpriced += row.responses;
    else spend.usd += cost;
  }
  return spend;
}

/** A session's spend: every response with its id, its subagents' included. */
export function sessionSpend(ctx: Context, sessionId: string, p: Pricing): CapSpend {
  return spendOf(sessionRows(ctx.db, sessionId).map((row) => ({ row, at: row.first_ts })), p);
}

/** Today's spend (in the config's zone) of what the budget counts, or of one project folder. */
export function dailySpend(ctx: Context, p: Pricing, project: string | null): CapSpend {
  const today = dateInZone(nowMs(ctx.env), ctx.tz);
  const rows = pricedRows(ctx.db, { tz: ctx.tz, since: today, until: today, ...usageFilter(ctx), byProject: project !== null }, p);
  const spend = { usd: 0, unpriced: 0 };
  for (const r of rows) {
    if (project !== null && !isWithin(r.project, project)) continue;
    if (r.cost === null) spend.unpriced += r.responses;
    else spend.usd += r.cost;
  }
  return spend;
}

// ---- The commands -------------------------------------------------------------------------

const AMOUNT_EXPECTED = `dollars above 0, up to ${usd(MAX_USD)}, such as 5, 5.00 or '$5' (quoted: the shell expands an unquoted $5)`;

/** 5, 5.00, $5, .5: a plain decimal, as `runway budget` takes it. */
export function capAmount(flag: string, text: string): number {
  const plain = text.replace(/^\$/, '');
  const dollars = /^(\d+(\.\d*)?|\.\d+)$/.test(plain) ? Number(plain) : NaN;
  if (!Number.isFinite(dollars) || dollars <= 0 || dollars > MAX_USD) {
    throw new UserError(`--${flag} ${JSON.stringify(text)}: expected ${AMOUNT_EXPECTED}`);
  }
  return dollars;
}

const configPath = (flags: CapFlags) => flags.config ?? defaultConfigPath(process.env);

function readCaps(path: string): CapsConfig {
  try {
    return loadConfig(path).config.caps;
  } catch (e) {
    if (e instanceof ConfigError) throw new UserError(e.message);
    throw e;
  }
}

/** Writes the caps back as the user would: no empty project, no default loop_repeats. */
function writeCaps(path: string, caps: CapsConfig): void {
  const projects = Object.fromEntries(Object.entries(caps.projects).filter(([, c]) => c.session !== undefined || c.daily !== undefined));
  const out = {
    ...(caps.session !== undefined && { session: caps.session }),
    ...(caps.daily !== undefined && { daily: caps.daily }),
    ...(Object.keys(projects).length > 0 && { projects }),
    ...(caps.loop_repeats !== 5 && { loop_repeats: caps.loop_repeats }),
  };
  try {
    updateConfig(path, { caps: Object.keys(out).length ? out : undefined });
  } catch (e) {
    if (e instanceof ConfigError) throw new UserError(e.message);
    throw e;
  }
}

const projectOf = (flags: CapFlags) => (flags.project === undefined ? null : resolve(flags.project));

export function capSet(flags: CapFlags): string {
  const session = typeof flags.session === 'string' ? capAmount('session', flags.session) : undefined;
  const daily = typeof flags.daily === 'string' ? capAmount('daily', flags.daily) : undefined;
  if (session === undefined && daily === undefined) throw new UserError('cap set needs --session N or --daily N (dollars), such as: runway cap set --session 5 --daily 20');
  if (flags.project === '') throw new UserError('--project "": expected a folder');
  const path = configPath(flags);
  const caps = readCaps(path);
  const project = projectOf(flags);
  const target = project === null ? caps : (caps.projects[project] ??= {});
  if (session !== undefined) target.session = session;
  if (daily !== undefined) target.daily = daily;
  writeCaps(path, caps);
  const where = project === null ? 'everywhere' : `in ${project} and below`;
  const what = [session !== undefined && `${usd(session)} a session`, daily !== undefined && `${usd(daily)} a day`].filter(Boolean).join(' and ');
  return [`Cap set ${where}: ${what} (in ${path}).`, 'The hooks enforce it once installed: runway hook install --caps'].join('\n');
}

export function capOff(flags: CapFlags): string {
  const path = configPath(flags);
  const caps = readCaps(path);
  const project = projectOf(flags);
  const kinds: CapKind[] = flags.session || flags.daily ? (['session', 'daily'] as const).filter((k) => flags[k]) : ['session', 'daily'];
  const target = project === null ? caps : caps.projects[project];
  const removed = target ? kinds.filter((k) => target[k] !== undefined) : [];
  // No flag and no --project: every cap, the projects' too.
  const projects = project === null && !flags.session && !flags.daily ? Object.keys(caps.projects) : [];
  const where = project === null ? '' : ` for ${project}`;
  if (!removed.length && !projects.length) return `No ${kinds.join(' or ')} cap${where} is set; nothing changed.`;
  for (const k of removed) delete target![k];
  for (const p of projects) delete caps.projects[p];
  writeCaps(path, caps);
  const what = [...(removed.length ? [`the ${removed.join(' and ')} cap${removed.length > 1 ? 's' : ''}${where}`] : []), ...(projects.length ? [`those of ${projects.length} project(s)`] : [])];
  return `Removed ${what.join(' and ')} (in ${path}).`;
}

export function capAllow(flags: CapFlags, id: string | undefined): string {
  if (!flags.session) throw new UserError('cap allow needs --session: runway cap allow --session [ID]');
  // The allowance needs neither the config nor the database: it lifts a refusal even when they are broken.
  const path = capStatePath(flags.db ?? defaultDbPath(process.env));
  const state = readCapState(path);
  const session = id ?? state.refused?.session;
  if (session === undefined) throw new UserError('no session was refused yet: name one, runway cap allow --session ID (runway cap status lists them)');
  if (!SESSION_ID.test(session)) throw new UserError(`session ${JSON.stringify(session)}: expected a session id such as 65aaa23f-…`);
  state.allowed[session] = nowMs(process.env);
  // A run of identical calls starts again from the allowance.
  delete state.loops[session];
  try {
    writeCapState(path, state);
  } catch (e) {
    throw new UserError(`${path}: cannot write the caps' state (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return `Session ${session} may go on past its caps (the daily cap too, for this session only).`;
}

interface StatusSession {
  sessionId: string;
  project: string;
  spent: CapSpend;
  cap: AppliedCap | null;
  over: boolean;
  allowed: boolean;
}

/** The sessions `cap status` lists: today's, most recent first. */
const STATUS_SESSIONS = 10;

export async function capStatus(flags: CapFlags): Promise<CommandResult> {
  const ctx = openContext(flags);
  const caps = ctx.config.caps;
  const state = readCapState(capStatePath(ctx.dbPath));
  scanFirst(ctx);
  const p = await pricing(ctx);
  const now = nowMs(ctx.env);
  const rows = sessionRowsSince(ctx.db, startOfDay(dateInZone(now, ctx.tz), ctx.tz), STATUS_SESSIONS);
  const bySession = new Map<string, SessionRow[]>();
  for (const r of rows) bySession.set(r.session_id, [...(bySession.get(r.session_id) ?? []), r]);
  const sessions: StatusSession[] = [...bySession.entries()]
    .map(([sessionId, rs]) => {
      // The session's folder: where its first response ran.
      const project = rs.reduce((a, b) => (b.first_ts < a.first_ts ? b : a)).project;
      const spent = spendOf(rs.map((row) => ({ row, at: row.first_ts })), p);
      const cap = capsFor(caps, project || null).session;
      return { sessionId, project, spent, cap, over: cap !== null && spent.usd >= cap.usd, allowed: Object.hasOwn(state.allowed, sessionId), last: Math.max(...rs.map((r) => r.last_ts)) };
    })
    .sort((a, b) => b.last - a.last)
    .map(({ last: _, ...s }) => s);
  const dailyCaps = [
    ...(caps.daily !== undefined ? [{ project: null, usd: caps.daily }] : []),
    ...Object.entries(caps.projects).filter(([, c]) => c.daily !== undefined).map(([project, c]) => ({ project, usd: c.daily! })),
  ].map((c) => {
    const spent = dailySpend(ctx, p, c.project);
    return { ...c, spent, over: spent.usd >= c.usd };
  });
  const loops = Object.entries(state.loops)
    .filter(([, m]) => m.count >= caps.loop_repeats)
    .map(([sessionId, m]) => ({ sessionId, tool: m.tool, count: m.count }));
  const today = dailySpend(ctx, p, null);
  if (flags.json) {
    return JSON.stringify(
      {
        caps: { session: caps.session ?? null, daily: caps.daily ?? null, projects: caps.projects, loopRepeats: caps.loop_repeats },
        today: { date: dateInZone(now, ctx.tz), spent: today.usd, unpricedResponses: today.unpriced },
        daily: dailyCaps.map((c) => ({ project: c.project, cap: c.usd, spent: c.spent.usd, unpricedResponses: c.spent.unpriced, over: c.over })),
        sessions: sessions.map((s) => ({
          sessionId: s.sessionId, project: s.project, spent: s.spent.usd, unpricedResponses: s.spent.unpriced,
          cap: s.cap?.usd ?? null, capProject: s.cap?.project ?? null, over: s.over, allowed: s.allowed,
        })),
        loops,
        lastRefused: state.refused?.session ?? null,
      },
      null,
      2,
    );
  }
  const money = (s: CapSpend) => `${usd(s.usd)}${s.unpriced ? ` +${s.unpriced} unpriced` : ''}`;
  const project = (p: string | null) => (p === null ? '' : ` --project ${shWord(p)}`);
  const lines = ['Caps in force:'];
  if (caps.session === undefined && caps.daily === undefined && !Object.keys(caps.projects).length) lines.push('  none (runway cap set --session 5 --daily 20 sets them)');
  if (caps.session !== undefined) lines.push(`  session ${usd(caps.session)} everywhere`);
  if (caps.daily !== undefined) lines.push(`  daily ${usd(caps.daily)} everywhere`);
  for (const [p, c] of Object.entries(caps.projects)) {
    lines.push(`  ${[c.session !== undefined && `session ${usd(c.session)}`, c.daily !== undefined && `daily ${usd(c.daily)}`].filter(Boolean).join(', ')} in ${p}`);
  }
  lines.push(`  loops: the same tool call ${caps.loop_repeats} times in a row`, '', `Today (${dateInZone(now, ctx.tz)}): ${money(today)} spent`);
  for (const c of dailyCaps) {
    lines.push(`  ${c.project ?? 'everywhere'}: ${money(c.spent)} of ${usd(c.usd)}, ${c.over ? 'over' : 'ok'}${c.over ? ` (raise: runway cap set --daily N${project(c.project)}; remove: runway cap off --daily${project(c.project)})` : ''}`);
  }
  lines.push('', sessions.length ? "Today's sessions, most recent first:" : 'No session today.');
  for (const s of sessions) {
    const state = s.cap === null ? 'no cap' : `of ${usd(s.cap.usd)}, ${s.over ? 'over' : 'ok'}`;
    lines.push(`  ${s.sessionId}  ${s.project || '(no folder)'}  ${money(s.spent)} ${state}${s.allowed ? ', allowed' : ''}`);
  }
  if (loops.length) {
    lines.push('', 'Loops seen:');
    for (const l of loops) lines.push(`  ${l.sessionId}: the same ${l.tool} call ${l.count} times in a row`);
  }
  lines.push(
    '',
    'Lift a refusal: runway cap allow --session ID (that session only; without ID, the one refused last)',
    'Change or remove a cap: runway cap set --session N | --daily N [--project P], runway cap off [--session] [--daily] [--project P]',
  );
  return lines.join('\n');
}
