// `runway team daily|monthly|where|status`: the team database's rollup, priced with this
// machine's price table and config, in the local reports' shapes (figures/team.ts).
import { FORECAST_LOOKBACK_DAYS } from '../core/budget.js';
import { addDays, dateInZone, periodFor } from '../core/calendar.js';
import { startOfDay } from '../figures/dashboard.js';
import { priceTeamRows, TEAM_BY, teamDaily, teamMonthly, teamStatus, teamWhere, type Pacing, type TeamBy, type TeamRow, type TeamStatus, type TeamWhere } from '../figures/team.js';
import { secondaryCurrency } from '../figures/summary.js';
import type { TeamDevice } from '../store/team/reports.js';
import { nowMs } from '../lib/clock.js';
import { pricing, usageQuery, UserError, type Context, type Flags } from './context.js';
import { teamTarget } from './team-url.js';
import { costCell, n, pc, short, table, tail, usd } from './format.js';
import { secondLine, unpricedLines } from './reports.js';
import { costText, pct } from './where.js';

export interface TeamFlags extends Flags {
  by?: string;
  url?: string;
  person?: string;
  team?: boolean;
}

const DAY_MS = 86_400_000;
/** Past any bucket a database can hold: the end of a range without --until. */
const END_S = 8.64e12;

export function teamBy(value: string | undefined, fallback: TeamBy | null): TeamBy | null {
  if (value === undefined) return fallback;
  if (!(TEAM_BY as readonly string[]).includes(value)) throw new UserError(`--by ${JSON.stringify(value)}: expected one of ${TEAM_BY.join(', ')}`);
  return value as TeamBy;
}

/** The team database's URL, checked; a missing one names every place it may come from. */
/** The team database's URL from --url, RUNWAY_TEAM_URL or team.url. */
export function teamUrlOf(ctx: Context, flag: string | undefined): Promise<string> {
  return teamTarget(ctx, flag, '--url');
}

export interface TeamRead {
  devices: TeamDevice[];
  /** Dated rows of the range asked. */
  rows: TeamRow[];
  /** The last 24 hours' rows, when asked. */
  window: TeamRow[];
  /** How the rows were priced, as every report's --json says. */
  priced: { priceSource: string; costMode: string };
}

/**
 * One connection: the schema checked, the devices, the range's rollup per local date (since
 * and until inclusive, null for open ends) and, when asked, the last 24 hours; every error
 * one line naming the database, never its password.
 */
export async function readTeam(ctx: Context, url: string, since: string | null, until: string | null, window: boolean): Promise<TeamRead> {
  const p = await pricing(ctx);
  const { checkTeamSchema, connectTeam, teamTrouble } = await import('../store/team/connect.js');
  const { readingReports, teamDevices, teamRollupRows } = await import('../store/team/reports.js');
  const client = await connectTeam(url);
  try {
    await checkTeamSchema(client, url);
    await readingReports(client);
    const devices = await teamDevices(client);
    // Buckets are 15 minutes and every zone's offset a multiple of that: a local day's first instant is a bucket's.
    const fromS = since ? Math.floor(startOfDay(since, ctx.tz) / 1000) : 0;
    const toS = until ? Math.floor(startOfDay(addDays(until, 1), ctx.tz) / 1000) : END_S;
    const rows = priceTeamRows(await teamRollupRows(client, fromS, toS, ctx.tz), devices, p)
      .filter((r) => (!since || r.date >= since) && (!until || r.date <= until));
    let recent: TeamRow[] = [];
    if (window) {
      const now = nowMs(ctx.env);
      recent = priceTeamRows(await teamRollupRows(client, Math.floor((now - DAY_MS) / 900_000) * 900, Math.ceil(now / 900_000) * 900, null), devices, p);
    }
    return { devices, rows, window: recent, priced: { priceSource: p.table.source, costMode: p.mode } };
  } catch (e) {
    throw teamTrouble(e, url);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The days --since and --until choose, refused in one line when they are not dates. */
function range(ctx: Context, defaults: { since?: string; until?: string } = {}): { since: string | null; until: string | null } {
  const q = usageQuery(ctx, defaults);
  return { since: q.since ?? null, until: q.until ?? null };
}

export async function teamCalendarCommand(ctx: Context, flags: TeamFlags, period: 'daily' | 'monthly'): Promise<string> {
  const by = teamBy(flags.by, null);
  const { since, until } = range(ctx);
  const url = await teamUrlOf(ctx, flags.url);
  const { rows, priced } = await readTeam(ctx, url, since, until, false);
  const report = period === 'daily' ? teamDaily(rows, by) : teamMonthly(rows, by);
  if (ctx.flags.json) return JSON.stringify({ ...report, since, until, timezone: ctx.tz, ...priced }, null, 2);
  const entries = 'daily' in report ? report.daily.map((d) => ({ key: d.date, e: d })) : report.monthly.map((m) => ({ key: m.month, e: m }));
  const head = [{ head: period === 'daily' ? 'Date' : 'Month', align: 'left' as const }, { head: 'Input' }, { head: 'Output' }, { head: 'Cache wr' }, { head: 'Cache rd' }, { head: 'Cost' }];
  const line = (name: string, t: typeof report.totals) => [name, short(t.inputTokens), short(t.outputTokens), short(t.cacheCreationTokens), short(t.cacheReadTokens), costCell(t.totalCost, t.unpricedResponses)];
  const body: string[][] = [];
  for (const { key, e } of entries) {
    body.push(line(pc.bold(key), e));
    for (const g of e.breakdown ?? []) body.push(line(pc.dim(` ${tail(g.name, 24)}`), g));
  }
  body.push(line(pc.bold('Total'), report.totals));
  const title = `${pc.bold(`Team ${period === 'daily' ? 'daily' : 'monthly'} usage${by ? `, by ${by}` : ''}`)} ${pc.dim(`(${ctx.tz})`)}`;
  const out = [title, entries.length ? await table(head, body) : 'No usage in this range.'];
  out.push(...secondLine(secondaryCurrency(ctx.config), report.totals.totalCost), ...unpricedLines(report.unpriced));
  return out.join('\n');
}

export async function teamWhereCommand(ctx: Context, flags: TeamFlags): Promise<string> {
  const by = teamBy(flags.by, 'person')!;
  const today = dateInZone(nowMs(ctx.env), ctx.tz);
  const q = usageQuery(ctx);
  // The billing period by default, as runway where.
  const since = q.since ?? (q.until ? null : periodFor(today, ctx.config.reset_day).start);
  const until = q.until ?? today;
  const url = await teamUrlOf(ctx, flags.url);
  const { rows, priced } = await readTeam(ctx, url, since, until, false);
  const w = teamWhere(rows, by);
  if (ctx.flags.json) return JSON.stringify({ since, until, ...w, timezone: ctx.tz, ...priced }, null, 2);
  return renderWhere(w, since, until);
}

async function renderWhere(w: TeamWhere, since: string | null, until: string): Promise<string> {
  const head = [{ head: w.by, align: 'left' as const }, { head: 'calls' }, { head: 'cost' }, { head: 'share' }];
  const rows = w.rows.map((r) => [tail(r.name, 40), n(r.calls), costText(r.cost, r.unpricedCalls), pct(r.share)]);
  rows.push([pc.bold('Total'), n(w.total.calls), costText(w.total.calls && w.total.unpricedCalls === w.total.calls ? null : w.total.cost, w.total.unpricedCalls), pct(w.total.cost > 0 ? 1 : null)]);
  const out = [`Where the team's money went, ${since ?? 'the start'} – ${until}, by ${w.by}`, await table(head, rows)];
  out.push(...unpricedLines(w.unpriced));
  return out.join('\n');
}

/** The team's status figures: the period, the forecast's lookback before it, and the last 24 hours. */
export async function teamStatusFigures(ctx: Context, url: string): Promise<TeamStatus & TeamRead['priced']> {
  const now = nowMs(ctx.env);
  const today = dateInZone(now, ctx.tz);
  const since = addDays(periodFor(today, ctx.config.reset_day).start, -FORECAST_LOOKBACK_DAYS);
  const read = await readTeam(ctx, url, since, today, true);
  return { ...teamStatus({ today, nowMs: now, rows: read.rows, window: read.window, devices: read.devices, config: ctx.config }), ...read.priced };
}

export async function teamStatusCommand(ctx: Context, flags: TeamFlags): Promise<string> {
  const url = await teamUrlOf(ctx, flags.url);
  const s = await teamStatusFigures(ctx, url);
  if (ctx.flags.json) return JSON.stringify({ ...s, timezone: ctx.tz }, null, 2);
  return renderStatus(s, ctx);
}

const money = (v: number) => usd(v);

function pacingLine(b: Pacing): string {
  const dry = b.dryDate ? `runs out ${b.dryDate}` : `lasts to ${b.period.lastDay}`;
  return `${money(b.spentToDate)} of ${money(b.budget)} · ${money(Math.max(0, b.remaining))} left · today ${money(b.spentToday)} of ${money(b.dailyBudget)} · projected ${money(b.projectedSpend)} · ${dry}`;
}

async function renderStatus(s: TeamStatus, ctx: Context): Promise<string> {
  const out = [`${pc.bold('Team')} ${s.period.start} – ${s.period.lastDay} ${pc.dim(`(${ctx.tz}, today ${s.today})`)}`];
  const spent = costCell(s.totals.totalCost, s.totals.unpricedResponses);
  if (s.budget) {
    const b = s.budget;
    const colour = b.status === 'green' ? pc.green : b.status === 'yellow' ? pc.yellow : pc.red;
    out.push(`  budget   ${colour(pacingLine(b))}`);
  } else {
    out.push(`  spent    ${spent} · ${pc.yellow('no team budget set')}: team.monthly_budget in the config turns on pacing`);
  }
  if (s.persons.length) {
    const rows = s.persons.map((p) => [
      tail(p.person, 24), costCell(p.spent, p.unpricedResponses), p.budget === null ? '—' : money(p.budget),
      p.pacing ? `${Math.round(p.pacing.consumedFraction * 100)}%` : '—', p.pacing ? money(p.pacing.projectedSpend) : '—',
      p.pacing ? (p.pacing.spentToDate >= p.pacing.budget ? pc.red('spent') : p.pacing.projectedSpend > p.pacing.budget ? pc.yellow('over') : 'ok') : '',
    ]);
    out.push('', pc.bold('By person'), await table([{ head: 'Person', align: 'left' }, { head: 'Spent' }, { head: 'Budget' }, { head: 'Used' }, { head: 'Projected' }, { head: '' }], rows));
  }
  if (s.devices.length) {
    const rows = s.devices.map((d) => [
      tail(d.name, 30), tail(d.person, 16), costCell(d.spent, d.unpricedResponses), `${d.lastSyncAt.slice(0, 16).replace('T', ' ')} UTC`,
      d.stale ? pc.yellow(`stale (${Math.floor(d.silentMs / DAY_MS)}d silent)`) : '',
    ]);
    out.push('', pc.bold('By device'), await table([{ head: 'Device', align: 'left' }, { head: 'Person', align: 'left' }, { head: 'Spent' }, { head: 'Last sync', align: 'left' }, { head: '' }], rows));
    const stale = s.devices.filter((d) => d.stale).length;
    if (stale) out.push(pc.dim(`${stale} device(s) silent for longer than team.stale_after (${ctx.config.team.stale_after}): their spend so far still counts.`));
  }
  out.push(...unpricedLines(s.unpriced));
  return out.join('\n');
}
