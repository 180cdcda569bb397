// The team's figures: the team rollup's groups priced with the local engine on their own day,
// then summed into the local reports' shapes, a breakdown by person, device, project, model
// or agent, and the team budget's pacing (core/budget.ts) with each person's and device's
// share. Pure: the rows, the devices, the config and "now" come in.
import { computeBudget, type BudgetSummary } from '../core/budget.js';
import { addDays, periodFor } from '../core/calendar.js';
import { staleAfterMs, workdayNumbers, type Config } from '../core/config.js';
import type { TeamDevice, TeamRollupRow } from '../store/team/reports.js';
import { ccusageTotals, dailyReport, reportTotals, type CcusageTotals, type DailyEntry } from './reports.js';
import { monthlyReport } from './periods.js';
import { groupTotals, priceRow, unpricedModels, type PricedRow, type Pricing, type UnpricedModel } from './usage.js';

export const TEAM_BY = ['person', 'device', 'project', 'model', 'agent'] as const;
export type TeamBy = (typeof TEAM_BY)[number];

export interface TeamRow extends PricedRow {
  deviceId: string;
  person: string;
  /** The device as reports name it: its label, with its person or id when labels repeat. */
  device: string;
}

/** Each device's name in reports: its label, told apart by person, then by id, when labels repeat. */
export function deviceNames(devices: TeamDevice[]): Map<string, string> {
  const byLabel = new Map<string, TeamDevice[]>();
  for (const d of devices) byLabel.set(d.label, [...(byLabel.get(d.label) ?? []), d]);
  const names = new Map<string, string>();
  for (const [label, same] of byLabel) {
    for (const d of same) {
      const samePerson = same.filter((o) => o.person === d.person).length > 1;
      names.set(d.deviceId, same.length === 1 ? label : samePerson ? `${label} (${d.person}, ${d.deviceId.slice(0, 8)})` : `${label} (${d.person})`);
    }
  }
  return names;
}

/** The rollup's groups, each priced at its first bucket, as the local reports price theirs. */
export function priceTeamRows(rows: TeamRollupRow[], devices: TeamDevice[], pricing: Pricing): TeamRow[] {
  const names = deviceNames(devices);
  const people = new Map(devices.map((d) => [d.deviceId, d.person]));
  return rows.map((r) => {
    const bucketMs = r.bucket * 1000;
    const { cost, reason, cacheWriteCost } = priceRow(r, bucketMs, pricing);
    return {
      date: r.date, bucketMs, agent: r.agent, model: r.model, project: r.project,
      deviceId: r.deviceId, person: people.get(r.deviceId) ?? '(unknown)', device: names.get(r.deviceId) ?? r.deviceId,
      responses: r.responses, inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheWrite5mTokens: r.cacheWrite5mTokens,
      cacheWrite1hTokens: r.cacheWrite1hTokens, cacheReadTokens: r.cacheReadTokens, webSearchRequests: r.webSearchRequests,
      reasoningTokens: r.reasoningTokens, premiumRequests: r.premiumRequests, cost, unpricedReason: reason, cacheWriteCost,
    };
  });
}

export function groupName(by: TeamBy): (r: TeamRow) => string {
  switch (by) {
    case 'person': return (r) => r.person;
    case 'device': return (r) => r.device;
    case 'project': return (r) => r.project || '(unknown)';
    case 'model': return (r) => r.model || '(none)';
    case 'agent': return (r) => r.agent;
  }
}

export type Breakdown = (CcusageTotals & { name: string })[];

/** Totals per group of `by`, costliest first: they add up to the rows' totals. */
export function breakdown(rows: TeamRow[], by: TeamBy): Breakdown {
  return [...groupTotals(rows, groupName(by) as (r: PricedRow) => string)]
    .sort((a, b) => b[1].cost - a[1].cost || b[1].totalTokens - a[1].totalTokens || a[0].localeCompare(b[0]))
    .map(([name, t]) => ({ name, ...ccusageTotals(t) }));
}

type Entry = Omit<DailyEntry, 'date'> & { breakdown?: Breakdown };

export interface TeamDailyReport {
  daily: (Entry & { date: string })[];
  totals: CcusageTotals;
  unpriced: UnpricedModel[];
  by: TeamBy | null;
}

export interface TeamMonthlyReport {
  monthly: (Entry & { month: string })[];
  totals: CcusageTotals;
  unpriced: UnpricedModel[];
  by: TeamBy | null;
}

/** Each calendar key's rows broken down by `by`, keyed as calendarEntries keys them. */
function breakdowns(rows: TeamRow[], keyOf: (r: TeamRow) => string, by: TeamBy): Map<string, Breakdown> {
  const byKey = new Map<string, TeamRow[]>();
  for (const r of rows) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]);
  return new Map([...byKey].map(([k, list]) => [k, breakdown(list, by)]));
}

/** `runway daily`'s shape over the team, with a breakdown per day when `by` is given. */
export function teamDaily(rows: TeamRow[], by: TeamBy | null): TeamDailyReport {
  const report = dailyReport(rows);
  const split = by ? breakdowns(rows, (r) => r.date, by) : null;
  return { ...report, daily: report.daily.map((d) => (split ? { ...d, breakdown: split.get(d.date)! } : d)), by };
}

/** `runway monthly`'s shape over the team, with a breakdown per month when `by` is given. */
export function teamMonthly(rows: TeamRow[], by: TeamBy | null): TeamMonthlyReport {
  const report = monthlyReport(rows);
  const split = by ? breakdowns(rows, (r) => r.date.slice(0, 7), by) : null;
  return { ...report, monthly: report.monthly.map((m) => (split ? { ...m, breakdown: split.get(m.month)! } : m)), by };
}

export interface TeamWhereRow {
  name: string;
  calls: number;
  tokens: number;
  /** Dollars of the priced calls; null when none of the group's could be priced. */
  cost: number | null;
  unpricedCalls: number;
  /** Of the range's priced cost; null while nothing is priced. */
  share: number | null;
}

export interface TeamWhere {
  by: TeamBy;
  rows: TeamWhereRow[];
  total: { calls: number; tokens: number; cost: number; unpricedCalls: number };
  unpriced: UnpricedModel[];
}

/** Where the team's money went: one row per group of `by`, adding up to the total. */
export function teamWhere(rows: TeamRow[], by: TeamBy): TeamWhere {
  const t = reportTotals(rows);
  const list = breakdown(rows, by).map((g) => ({
    name: g.name,
    calls: g.responses,
    tokens: g.totalTokens,
    cost: g.unpricedResponses === g.responses && g.responses > 0 ? null : g.totalCost,
    unpricedCalls: g.unpricedResponses,
    share: t.totalCost > 0 ? g.totalCost / t.totalCost : null,
  }));
  return { by, rows: list, total: { calls: t.responses, tokens: t.totalTokens, cost: t.totalCost, unpricedCalls: t.unpricedResponses }, unpriced: unpricedModels(rows) };
}

export type Pacing = Omit<BudgetSummary, 'days'>;

export interface PersonFigures {
  person: string;
  /** This period's dollars (priced usage). */
  spent: number;
  responses: number;
  unpricedResponses: number;
  /** team.budgets' amount for the person; null without one. */
  budget: number | null;
  /** The person's budget paced as the team's is; null without a budget. */
  pacing: Pacing | null;
  devices: number;
}

export interface DeviceFigures {
  deviceId: string;
  name: string;
  person: string;
  label: string;
  firstSyncAt: string;
  lastSyncAt: string;
  /** Since the last sync, at "now". */
  silentMs: number;
  /** Silent for longer than team.stale_after: its spend still counts. */
  stale: boolean;
  spent: number;
  responses: number;
  unpricedResponses: number;
}

export interface TeamStatus {
  today: string;
  period: { start: string; end: string; lastDay: string };
  /** The team budget's pacing; null without team.monthly_budget. */
  budget: Pacing | null;
  totals: CcusageTotals;
  persons: PersonFigures[];
  devices: DeviceFigures[];
  staleAfterMs: number;
  unpriced: UnpricedModel[];
}

export interface TeamStatusInput {
  today: string;
  nowMs: number;
  /** Dated rows from the forecast's lookback (FORECAST_LOOKBACK_DAYS before the period) to today. */
  rows: TeamRow[];
  /** The last 24 hours' rows, for the burn rate. */
  window: TeamRow[];
  devices: TeamDevice[];
  config: Config;
}

/** The team budget's pacing, each person's against theirs, and each device's spend and last sync. */
export function teamStatus({ today, nowMs, rows, window, devices, config }: TeamStatusInput): TeamStatus {
  const { start, end } = periodFor(today, config.reset_day);
  const inPeriod = rows.filter((r) => r.date >= start && r.date <= today);
  const team = config.team;
  const pace = (amount: number, of: (r: TeamRow) => boolean): Pacing => {
    const daily = new Map<string, number>();
    for (const r of rows) if (of(r) && r.date <= today) daily.set(r.date, (daily.get(r.date) ?? 0) + (r.cost ?? 0));
    let last24h = 0;
    for (const r of window) if (of(r)) last24h += r.cost ?? 0;
    const { days: _days, ...summary } = computeBudget({ today, daily, last24h, config: budgetConfig(config, amount) });
    return summary;
  };
  const byPerson = groupTotals(inPeriod, (r) => (r as TeamRow).person);
  const byDevice = groupTotals(inPeriod, (r) => (r as TeamRow).deviceId);
  // Every person with a device or a budget is listed, spend or not.
  const people = [...new Set([...devices.map((d) => d.person), ...Object.keys(team.budgets)])].sort();
  const staleMs = staleAfterMs(team.stale_after)!;
  const names = deviceNames(devices);
  return {
    today,
    period: { start, end, lastDay: addDays(end, -1) },
    budget: team.monthly_budget === null ? null : pace(team.monthly_budget, () => true),
    totals: reportTotals(inPeriod),
    persons: people.map((person) => {
      const t = byPerson.get(person);
      const budget = Object.hasOwn(team.budgets, person) ? team.budgets[person]! : null;
      return {
        person, spent: t?.cost ?? 0, responses: t?.responses ?? 0, unpricedResponses: t?.unpricedResponses ?? 0, budget,
        pacing: budget === null ? null : pace(budget, (r) => r.person === person),
        devices: devices.filter((d) => d.person === person).length,
      };
    }),
    devices: devices.map((d) => {
      const t = byDevice.get(d.deviceId);
      const silentMs = Math.max(0, nowMs - d.lastSyncMs);
      return {
        deviceId: d.deviceId, name: names.get(d.deviceId)!, person: d.person, label: d.label,
        firstSyncAt: new Date(d.firstSyncMs).toISOString(), lastSyncAt: new Date(d.lastSyncMs).toISOString(),
        silentMs, stale: silentMs > staleMs, spent: t?.cost ?? 0, responses: t?.responses ?? 0, unpricedResponses: t?.unpricedResponses ?? 0,
      };
    }),
    staleAfterMs: staleMs,
    unpriced: unpricedModels(inPeriod),
  };
}

/** The local budget's calendar (reset day, workdays, holidays, thresholds) with the team's amount in dollars. */
export function budgetConfig(config: Config, amount: number) {
  return {
    monthlyBudget: amount, unit: 'usd' as const, resetDay: config.reset_day, workdays: workdayNumbers(config),
    holidays: config.holidays, thresholds: config.status_thresholds,
  };
}

