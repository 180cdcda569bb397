import { addDays, dateInZone } from '../core/calendar.js';
import { dailyReport, statsReport, type CcusageTotals, type DailyEntry, type StatsReport } from '../figures/reports.js';
import { lastDays, listOrder, ordered, type ListFlags } from './report-options.js';
import { pricedRows, type Pricing, type UnpricedModel } from '../figures/usage.js';
import { agentsText } from '../core/config.js';
import type { Filter } from '../figures/filter.js';
import { nowMs } from '../lib/clock.js';
import { pricing, scanFirst, usageQuery, type Context } from './context.js';
import { converted, costCell, n, pc, short, table, tail, usd } from './format.js';
import { secondaryCurrency } from '../figures/summary.js';
import { keptName, pricedRowsKept } from '../figures/day-rows.js';


/** claude-opus-4-5-20251101 → opus-4-5: enough to tell models apart in a narrow table. */
export function shortModel(model: string): string {
  return model.replace(/^claude-/, '').replace(/-\d{8}$/, '');
}

export type DayRange = 'all' | 'today' | 'week';

export async function daily(ctx: Context, range: DayRange, flags: ListFlags = {}): Promise<string> {
  const today = dateInZone(nowMs(ctx.env), ctx.tz);
  const defaults = range === 'today' ? { since: today, until: today } : range === 'week' ? { since: addDays(today, -6), until: today } : lastDays(ctx, flags);
  // A mistyped flag is refused before a scan that may be long.
  const q = usageQuery(ctx, defaults);
  const order = listOrder(flags);
  scanFirst(ctx);
  const p = await pricing(ctx);
  // Past days are kept in the database: an unchanged day is not summed and priced again.
  const report = dailyReport(pricedRowsKept(ctx.db, q, p, keptName(p, ctx.config.prices)));
  const daily = ordered(report.daily, order);
  const second = secondaryCurrency(ctx.config);
  if (ctx.flags.json) return JSON.stringify({ ...report, daily, ...secondJson(second, report.totals.totalCost), ...jsonFooter(q, p, ctx.tz) }, null, 2);
  const title = range === 'today' ? `Today, ${today}` : range === 'week' ? `Last 7 days, ${q.since} – ${q.until}` : 'Daily usage';
  // today and week are per model by name; daily, as ccusage, with --breakdown.
  return renderEntries({ label: 'Date', rows: daily.map((d) => ({ key: d.date, entry: d })), ...report }, title, ctx.tz, second, range !== 'all' || !!flags.breakdown);
}

export type Second = ReturnType<typeof secondaryCurrency>;

/** What every report's --json ends with: the usage counted, and how it was priced and dated. */
export function jsonFooter(f: Filter, p: Pricing, tz: string) {
  return { scope: f.scope, agent: agentsText(f.agents), priceSource: p.table.source, costMode: p.mode, timezone: tz };
}

/** The total in the second currency, for --json: the rate and code with it, so nothing is guessed. */
export function secondJson(second: Second, totalCost: number): { secondaryCurrency?: { code: string; symbol: string; rate: number; totalCost: number } } {
  return second ? { secondaryCurrency: { ...second, totalCost: Number((totalCost * second.rate).toFixed(2)) } } : {};
}

/** The line under a table: the total in the second currency, and that its rate is fixed. */
export function secondLine(second: Second, totalCost: number): string[] {
  return second ? [pc.dim(`${converted(totalCost, second)} in all, at ${second.rate} ${second.code} per US dollar (a fixed rate from the config)`)] : [];
}

/** A report as a table: a row per entry (and per model with `breakdown`), then the totals. */
export interface EntryTable {
  /** The first column's head: Date, Week, Month, Session. */
  label: string;
  rows: { key: string; entry: Omit<DailyEntry, 'date'> }[];
  totals: CcusageTotals;
  unpriced: UnpricedModel[];
}

export async function renderEntries(report: EntryTable, title: string, tz: string, second: Second, breakdown: boolean): Promise<string> {
  const rows: string[][] = [];
  // Several agents may use one model: then each model row says whose it is.
  const several = new Set(report.rows.flatMap((d) => d.entry.agentsUsed)).size > 1;
  for (const { key, entry: d } of report.rows) {
    rows.push([pc.bold(key), short(d.inputTokens), short(d.outputTokens), short(d.cacheCreationTokens), short(d.cacheReadTokens), pc.bold(costCell(d.totalCost, d.unpricedResponses))]);
    if (!breakdown) continue;
    for (const m of d.modelBreakdowns) {
      const name = several ? tail(`${shortModel(m.modelName)} · ${m.agent}`, 28) : tail(shortModel(m.modelName), 17);
      rows.push([pc.dim(` ${name}`), short(m.inputTokens), short(m.outputTokens), short(m.cacheCreationTokens), short(m.cacheReadTokens), costCell(m.cost, m.unpricedResponses)]);
    }
  }
  const t = report.totals;
  rows.push([pc.bold('Total'), short(t.inputTokens), short(t.outputTokens), short(t.cacheCreationTokens), short(t.cacheReadTokens), pc.bold(costCell(t.totalCost, t.unpricedResponses))]);
  const head = [{ head: report.label, align: 'left' as const }, { head: 'Input' }, { head: 'Output' }, { head: 'Cache wr' }, { head: 'Cache rd' }, { head: 'Cost' }];
  const lines = [`${pc.bold(title)} ${pc.dim(`(${tz})`)}`];
  if (!report.rows.length) lines.push('No usage in this range.');
  else lines.push(await table(head, rows), ...secondLine(second, t.totalCost));
  lines.push(...unpricedLines(report.unpriced));
  return lines.join('\n');
}

export function unpricedLines(unpriced: UnpricedModel[]): string[] {
  if (!unpriced.length) return [];
  return [
    pc.yellow('+? Not priced (left out of the costs above, never counted as $0):'),
    ...unpriced.map((u) => `  ${u.model} (${u.agent}): ${n(u.responses)} responses, ${n(u.tokens)} tokens — ${u.reason}`),
  ];
}

export async function stats(ctx: Context): Promise<string> {
  const q = { ...usageQuery(ctx), byProject: true };
  scanFirst(ctx);
  const p = await pricing(ctx);
  const report = statsReport(pricedRows(ctx.db, q, p));
  const second = secondaryCurrency(ctx.config);
  if (ctx.flags.json) return JSON.stringify({ ...report, ...secondJson(second, report.totals.totalCost), ...jsonFooter(q, p, ctx.tz) }, null, 2);
  return renderStats(report, p.table.source, second);
}

async function renderStats(s: StatsReport, source: string, second: Second): Promise<string> {
  const t = s.totals;
  const lines = [
    pc.bold('All-time usage'),
    `  ${s.firstDate ? `${s.firstDate} – ${s.lastDate}, ${s.activeDays} active days` : 'no usage recorded yet'}`,
    `  ${pc.bold(costCell(t.totalCost, t.unpricedResponses))}${second ? pc.dim(` (${converted(t.totalCost, second)})`) : ''} · ${usd(s.averagePerActiveDay)} per active day · ${n(t.responses)} responses`,
    `  tokens   ${n(t.totalTokens)}: input ${n(t.inputTokens)} · output ${n(t.outputTokens)}`,
    `  cache    writes ${n(t.cacheCreationTokens)} (1h ${n(t.cacheWrite1hTokens)}) · reads ${n(t.cacheReadTokens)}`,
    `  web searches ${n(t.webSearchRequests)}`,
  ];
  if (s.models.length) {
    lines.push('', pc.bold('By model'));
    lines.push(await table(
      [{ head: 'Model', align: 'left' }, { head: 'Responses' }, { head: 'Tokens' }, { head: 'Cost' }, { head: 'Share' }],
      // Several agents may use one model: each row says whose it is.
      s.models.map((m) => [tail(`${shortModel(m.model)}${s.agents.length > 1 ? ` · ${m.agent}` : ''}`, 26), n(m.responses), short(m.totalTokens), costCell(m.totalCost, m.unpricedResponses), `${(m.share * 100).toFixed(1)}%`]),
    ));
  }
  // One agent's breakdown would only repeat the totals.
  if (s.agents.length > 1) {
    lines.push('', pc.bold('By agent'));
    lines.push(await table(
      [{ head: 'Agent', align: 'left' }, { head: 'Responses' }, { head: 'Tokens' }, { head: 'Cost' }, { head: 'Share' }],
      s.agents.map((a) => [a.agent, n(a.responses), short(a.totalTokens), costCell(a.totalCost, a.unpricedResponses), `${(a.share * 100).toFixed(1)}%`]),
    ));
  }
  if (s.projects.length) {
    lines.push('', pc.bold('Top projects'));
    lines.push(await table(
      [{ head: 'Project', align: 'left' }, { head: 'Responses' }, { head: 'Tokens' }, { head: 'Cost' }],
      s.projects.map((p) => [tail(p.project, 36), n(p.responses), short(p.totalTokens), costCell(p.totalCost, p.unpricedResponses)]),
    ));
  }
  lines.push(...unpricedLines(s.unpriced), pc.dim(`Prices: ${source}`));
  return lines.join('\n');
}
