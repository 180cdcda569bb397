// `runway weekly`, `monthly`, `session` and `blocks`: ccusage's reports, in its --json
// shapes, over the same usage filter and pricing as `daily`.
import { addDays } from '../core/calendar.js';
import { monthlyReport, weeklyReport, WEEKDAYS, type Weekday } from '../figures/periods.js';
import { sessionDetail, sessionListReport } from '../figures/session-report.js';
import { sessionTurns } from '../figures/drill.js';
import { blocksReport, type BlockEntry } from '../figures/blocks-report.js';
import { startOfDay } from '../figures/dashboard.js';
import { pricedBuckets, pricedRows } from '../figures/usage.js';
import { secondaryCurrency } from '../figures/summary.js';
import { nowMs } from '../lib/clock.js';
import { pricing, scanFirst, usageFilter, usageQuery, UserError, type Context } from './context.js';
import { costCell, n, pc, short, table, tail, usd } from './format.js';
import { lastDays, listOrder, ordered, type ListFlags } from './report-options.js';
import { jsonFooter, renderEntries, type EntryTable, secondJson, shortModel, unpricedLines } from './reports.js';

export async function periodCommand(ctx: Context, period: 'weekly' | 'monthly', flags: ListFlags): Promise<string> {
  const start = (flags['start-of-week'] ?? 'sunday') as Weekday;
  if (!WEEKDAYS.includes(start)) throw new UserError(`--start-of-week ${JSON.stringify(flags['start-of-week'])}: expected one of ${WEEKDAYS.join(', ')}`);
  const q = usageQuery(ctx, lastDays(ctx, flags));
  const order = listOrder(flags);
  scanFirst(ctx);
  const p = await pricing(ctx);
  const rows = pricedRows(ctx.db, q, p);
  const weekly = period === 'weekly' ? weeklyReport(rows, start) : null;
  const report = weekly ?? monthlyReport(rows);
  const keyed = ordered<EntryTable['rows'][number]>(weekly ? weekly.weekly.map((e) => ({ key: e.week, entry: e })) : monthlyReport(rows).monthly.map((e) => ({ key: e.month, entry: e })), order);
  const second = secondaryCurrency(ctx.config);
  if (ctx.flags.json) {
    const extra = weekly ? { startOfWeek: start } : {};
    return JSON.stringify({ [period]: keyed.map((k) => k.entry), totals: report.totals, unpriced: report.unpriced, ...extra, ...secondJson(second, report.totals.totalCost), ...jsonFooter(q, p, ctx.tz) }, null, 2);
  }
  const title = weekly ? `Weekly usage, weeks from ${start}` : 'Monthly usage';
  return renderEntries({ label: period === 'weekly' ? 'Week' : 'Month', rows: keyed, ...report }, title, ctx.tz, second, !!flags.breakdown);
}

export async function sessionCommand(ctx: Context, flags: ListFlags, id: string | undefined): Promise<string> {
  if (id !== undefined) return oneSession(ctx, id);
  const q = usageQuery(ctx, lastDays(ctx, flags));
  const order = listOrder(flags);
  scanFirst(ctx);
  const p = await pricing(ctx);
  const report = sessionListReport(ctx.db, q, p, nowMs(ctx.env));
  const sessions = ordered(report.sessions, order);
  const second = secondaryCurrency(ctx.config);
  if (ctx.flags.json) return JSON.stringify({ ...report, sessions, ...secondJson(second, report.totals.totalCost), ...jsonFooter(q, p, ctx.tz) }, null, 2);
  const rows = sessions.map((s) => ({ key: `${tail(s.sessionId, 14)} ${pc.dim(s.lastActivity)}`, entry: s }));
  return renderEntries({ label: 'Session · last active', rows, ...report }, 'Sessions', ctx.tz, second, !!flags.breakdown);
}

async function oneSession(ctx: Context, id: string): Promise<string> {
  const filter = usageFilter(ctx);
  scanFirst(ctx);
  const p = await pricing(ctx);
  const s = sessionDetail(ctx.db, id, filter, p, nowMs(ctx.env));
  if (!s) throw new UserError(`session ${JSON.stringify(id)}: no such session among the usage counted (runway session lists them)`);
  const activities = sessionActivities(sessionTurns(ctx.db, id, filter, p)?.turns ?? []);
  if (ctx.flags.json) return JSON.stringify({ ...s, activities, ...jsonFooter({ ...filter }, p, ctx.tz) }, null, 2);
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone: ctx.tz, dateStyle: 'short', timeStyle: 'medium' });
  const several = s.agentsUsed.length > 1;
  const rows = s.entries.map((e) => [
    time.format(new Date(e.timestamp)), tail(`${shortModel(e.model)}${several ? ` · ${e.agent}` : ''}`, 22),
    short(e.inputTokens), short(e.outputTokens), short(e.cacheCreationTokens), short(e.cacheReadTokens), e.costUSD === null ? pc.yellow('?') : usd(e.costUSD),
  ]);
  rows.push([pc.bold('Total'), '', short(s.inputTokens), short(s.outputTokens), short(s.cacheCreationTokens), short(s.cacheReadTokens), pc.bold(costCell(s.totalCost, s.unpricedResponses))]);
  return [
    `${pc.bold(`Session ${s.sessionId}`)} ${pc.dim(`(${ctx.tz})`)}`,
    `  ${s.projectPath || '(unknown project)'} · ${s.agentsUsed.join(', ')} · ${n(s.responses)} responses · ${s.modelsUsed.map(shortModel).join(', ')}`,
    await table([{ head: 'Time', align: 'left' }, { head: 'Model', align: 'left' }, { head: 'Input' }, { head: 'Output' }, { head: 'Cache wr' }, { head: 'Cache rd' }, { head: 'Cost' }], rows),
    `  Activities: ${activities.map((a) => `${a.activity} ${costCell(a.cost, a.unpricedCalls)} (${n(a.turns)} ${a.turns === 1 ? 'turn' : 'turns'}${a.editTurns ? `, ${a.retried} retried of ${a.editTurns} with edits` : ''})`).join(' · ')}`,
    ...unpricedLines(s.unpriced),
  ].join('\n');
}

/** A session's activities, the costliest first: turns, calls, cost, and how many edit turns needed a retry. */
function sessionActivities(turns: NonNullable<ReturnType<typeof sessionTurns>>['turns']) {
  const by = new Map<string, { activity: string; turns: number; calls: number; cost: number; unpricedCalls: number; editTurns: number; retried: number }>();
  for (const t of turns) {
    let a = by.get(t.activity);
    if (!a) by.set(t.activity, (a = { activity: t.activity, turns: 0, calls: 0, cost: 0, unpricedCalls: 0, editTurns: 0, retried: 0 }));
    a.turns++;
    a.calls += t.responses.length;
    a.cost += t.cost;
    a.unpricedCalls += t.unpricedCalls;
    if (t.edits) a.editTurns++;
    if (t.retried) a.retried++;
  }
  return [...by.values()].sort((x, y) => y.cost - x.cost || x.activity.localeCompare(y.activity));
}

/** --token-limit N|max: a whole number of tokens, or max (the largest past block). */
function tokenLimit(value: string | undefined): number | 'max' | undefined {
  if (value === undefined || value === 'max') return value;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UserError(`--token-limit ${JSON.stringify(value)}: expected a whole number of tokens, or max`);
  return Number(value);
}

export async function blocksCommand(ctx: Context, flags: ListFlags): Promise<string> {
  const limit = tokenLimit(flags['token-limit']);
  const q = usageQuery(ctx, lastDays(ctx, flags));
  const order = listOrder(flags);
  scanFirst(ctx);
  const p = await pricing(ctx);
  const now = nowMs(ctx.env);
  const from = q.since ? startOfDay(q.since, ctx.tz) : 0;
  const to = q.until ? startOfDay(addDays(q.until, 1), ctx.tz) : now;
  const report = blocksReport(pricedBuckets(ctx.db, q, from, to, p), now, { active: flags.active, tokenLimit: limit });
  const blocks = ordered(report.blocks, order);
  if (ctx.flags.json) return JSON.stringify({ ...report, blocks, ...jsonFooter(q, p, ctx.tz) }, null, 2);
  return renderBlocks(blocks, report, ctx.tz, !!flags.breakdown, !!flags.active);
}

async function renderBlocks(blocks: BlockEntry[], report: ReturnType<typeof blocksReport>, tz: string, breakdown: boolean, active: boolean): Promise<string> {
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' });
  const limit = report.tokenLimit;
  const percent = (b: BlockEntry) => (b.tokenLimitStatus ? `${b.tokenLimitStatus.percentUsed.toFixed(0)}%` : '');
  const rows: string[][] = [];
  for (const b of blocks) {
    if (b.isGap) {
      rows.push([pc.dim(`(gap until ${time.format(new Date(b.endTime))})`), '', '', ...(limit ? [''] : []), '']);
      continue;
    }
    const start = `${time.format(new Date(b.startTime))}${b.isActive ? pc.green(' active') : ''}`;
    rows.push([start, n(b.entries), short(b.totalTokens), ...(limit ? [percent(b)] : []), costCell(b.costUSD, b.unpricedResponses)]);
    if (breakdown) for (const m of b.modelBreakdowns) rows.push([pc.dim(` ${tail(shortModel(m.modelName), 22)}`), n(m.responses), short(m.totalTokens), ...(limit ? [''] : []), costCell(m.cost, m.unpricedResponses)]);
  }
  const t = report.totals;
  rows.push([pc.bold('Total'), n(t.responses), short(t.totalTokens), ...(limit ? [''] : []), pc.bold(costCell(t.totalCost, t.unpricedResponses))]);
  const head = [{ head: 'Block start', align: 'left' as const }, { head: 'Responses' }, { head: 'Tokens' }, ...(limit ? [{ head: '% limit' }] : []), { head: 'Cost' }];
  const lines = [`${pc.bold(active ? 'Active 5-hour block' : '5-hour blocks')} ${pc.dim(`(${tz})`)}`];
  if (!blocks.length) return [...lines, active ? 'No active block.' : 'No usage in this range.'].join('\n');
  lines.push(await table(head, rows));
  for (const b of blocks) {
    if (b.projection && b.burnRate) {
      lines.push(`Active block: ${usd(b.burnRate.costPerHour)}/h, projected ${usd(b.projection.totalCost)} and ${short(b.projection.totalTokens)} tokens by ${time.format(new Date(b.endTime))} (${b.projection.remainingMinutes} min left)`);
    }
    const s = b.tokenLimitStatus;
    if (s && s.status !== 'ok') {
      lines.push(pc.yellow(`⚠ block ${time.format(new Date(b.startTime))}: ${n(s.projectedUsage)} tokens${b.isActive ? ' projected' : ''}, ${s.percentUsed.toFixed(0)}% of the limit ${n(s.limit)}${s.status === 'exceeds' ? ' (over it)' : ''}`));
    }
  }
  if (limit) lines.push(pc.dim(`Token limit: ${n(limit)}`));
  lines.push(...unpricedLines(report.unpriced));
  return lines.join('\n');
}
