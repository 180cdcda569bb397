// `runway report --html FILE`: the dashboard's figures and charts as one self-contained
// page, for a file:// link, an e-mail attachment or an archive. The period summary is the
// very summaryOf() the dashboard serves; --since/--until/--project choose what the daily
// chart and the breakdowns cover.
import { writeFileSync } from 'node:fs';
import type { Config } from '../core/config.js';
import { workdayNumbers } from '../core/config.js';
import { addDays, daysBetween, weekday } from '../core/calendar.js';
import { modelBreakdown, periodDays, periodTotals, recentSessions, spendOf, topProjects, type PeriodUsage } from '../figures/dashboard.js';
import { packageVersion } from '../lib/paths.js';
import { groupTotals, pricedRows, type PricedRow, type Pricing, type UsageQuery } from '../figures/usage.js';
import { summaryOf, usageFor } from '../figures/summary.js';
import { pricing, scanFirst, snapshotState, usageQuery, UserError, type CommandResult, type Context } from './context.js';
import { renderReport, type ChartDay, type RangeFigures } from './report-template.js';
import { readWork, whereReport, type WhereBy } from '../figures/where.js';
import { startOfDay } from '../figures/dashboard.js';

const TOP_PROJECTS = 10;
const RECENT_SESSIONS = 20;

export async function reportCommand(ctx: Context, values: { html?: string }): Promise<CommandResult> {
  const file = values.html;
  if (!file) throw new UserError('report: --html FILE is required');
  const q = usageQuery(ctx);
  const scanned = scanFirst(ctx);
  const p = await pricing(ctx);
  const state = snapshotState(ctx, p, scanned?.roots);
  const summary = summaryOf(state, q);
  const { u } = usageFor(state, q);
  const range = rangeFigures(ctx, q, u, p, state.config);
  const html = renderReport({
    version: packageVersion(),
    summary,
    range,
    sessions: recentSessions(ctx.db, RECENT_SESSIONS, q, p),
    where: breakdowns(ctx, q, range, p),
  });
  try {
    writeFileSync(file, html);
  } catch (e) {
    throw new UserError(`--html ${file}: cannot write it: ${(e as Error).message}`);
  }
  const size = `${(Buffer.byteLength(html) / 1000).toFixed(1)} kB`;
  return `Wrote ${file} (${size}): ${range.since} – ${range.until}${range.isPeriod ? ' (this period)' : ''}${range.project ? `, projects containing "${range.project}"` : ''}, scope ${summary.scope}, agents ${summary.agent}, ${summary.timezone}`;
}

/**
 * What the chart and breakdowns cover: the period as the dashboard shows it, or the range
 * asked for. The breakdowns run on a PeriodUsage holding that range's rows, so they are
 * grouped by the dashboard's own functions.
 */
function rangeFigures(ctx: Context, q: UsageQuery, u: PeriodUsage, p: Pricing, config: Config): RangeFigures {
  const period = periodDays(u);
  const datesGiven = Boolean(q.since || q.until);
  const custom = datesGiven || Boolean(q.project);
  const dates = datesGiven ? q : { since: u.budget.period.start, until: u.budget.period.lastDay };
  const rows = custom ? pricedRows(ctx.db, { ...q, ...dates, byProject: true }, p) : u.periodRows;
  const inRange: PeriodUsage = { ...u, periodRows: rows };
  const { models, families, unpriced } = modelBreakdown(inRange);
  const totals = periodTotals(inRange);
  // An open end runs to today, or back to the first day with usage.
  const until = dates.until ?? (q.since && q.since > u.today ? q.since : u.today);
  const first = rows.reduce((min, r) => (r.date < min ? r.date : min), until);
  const since = dates.since ?? first;
  return {
    since,
    until,
    isPeriod: !datesGiven,
    project: q.project ?? null,
    days: custom ? rangeDays(since, until, rows, u, period, config) : period.map(chartDay),
    models,
    families,
    unpriced,
    projects: topProjects(inRange, TOP_PROJECTS),
    totals: { cost: totals.cost, tokens: totals.totalTokens, responses: totals.responses, unpricedResponses: totals.unpricedResponses },
  };
}

const BREAKDOWNS: WhereBy[] = ['activity', 'tool', 'program', 'mcp', 'agent'];

function breakdowns(ctx: Context, q: UsageQuery, r: RangeFigures, p: Pricing) {
  const work = readWork(ctx.db, { scope: q.scope, agents: q.agents, project: q.project }, startOfDay(r.since, ctx.tz), startOfDay(addDays(r.until, 1), ctx.tz), p);
  return BREAKDOWNS.map((by) => whereReport(work, by));
}

function chartDay(d: ChartDay): ChartDay {
  const { date, spend, cost, tokens, responses, unpricedResponses, workday, holiday, isToday, isFuture, dailyBudgetLine } = d;
  return { date, spend, cost, tokens, responses, unpricedResponses, workday, holiday, isToday, isFuture, dailyBudgetLine };
}

/** Each day of a chosen range; days inside the current period keep its daily-budget line. */
function rangeDays(since: string, until: string, rows: PricedRow[], u: PeriodUsage, period: ChartDay[], config: Config): ChartDay[] {
  const byDate = groupTotals(rows, (r) => r.date);
  const spend = new Map<string, number>();
  for (const r of rows) spend.set(r.date, (spend.get(r.date) ?? 0) + spendOf(r, config.budget_unit));
  const inPeriod = new Map(period.map((d) => [d.date, d]));
  const workdays = workdayNumbers(config);
  return Array.from({ length: daysBetween(since, until) + 1 }, (_, i) => {
    const date = addDays(since, i);
    const t = byDate.get(date);
    const holiday = config.holidays.includes(date);
    return {
      date,
      spend: spend.get(date) ?? 0,
      cost: t?.cost ?? 0,
      tokens: t?.totalTokens ?? 0,
      responses: t?.responses ?? 0,
      unpricedResponses: t?.unpricedResponses ?? 0,
      workday: workdays.includes(weekday(date)) && !holiday,
      holiday,
      isToday: date === u.today,
      isFuture: date > u.today,
      dailyBudgetLine: inPeriod.get(date)?.dailyBudgetLine ?? null,
    };
  });
}
