// Report shapes shared by the CLI (and later the server). `daily` follows
// `ccusage daily --json` so scripts written for it keep working.
import { cacheFigures } from './cache.js';
import { addRow, agentsPer, emptyTotals, groupTotals, unpricedModels, type PricedRow, type Totals, type UnpricedModel } from './usage.js';

export interface CcusageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
  // Beyond ccusage: the split of cache writes, web searches, reasoning (part of output, not
  // on top of it), Copilot's premium requests, and what could not be priced.
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  webSearchRequests: number;
  reasoningTokens: number;
  premiumRequests: number;
  responses: number;
  unpricedResponses: number;
  unpricedTokens: number;
  /** Cache reads ÷ (cache reads + writes + uncached input); null with no prompt tokens. */
  cacheHitRatio: number | null;
  /** What the cache writes cost at the models' rates; null while unknown. */
  cacheWriteCost: number | null;
}

export interface DailyEntry extends CcusageTotals {
  date: string;
  modelsUsed: string[];
  /** Beyond ccusage: the agents (sources) that wrote the day's usage. */
  agentsUsed: string[];
  /** Per agent and model: one model used through two agents is two entries. */
  modelBreakdowns: (Omit<CcusageTotals, 'totalCost'> & { modelName: string; agent: string; cost: number })[];
}

export interface DailyReport {
  daily: DailyEntry[];
  totals: CcusageTotals;
  unpriced: UnpricedModel[];
}

export function ccusageTotals(t: Totals): CcusageTotals {
  return {
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    cacheCreationTokens: t.cacheWrite5mTokens + t.cacheWrite1hTokens,
    cacheReadTokens: t.cacheReadTokens,
    totalTokens: t.totalTokens,
    totalCost: t.cost,
    cacheWrite5mTokens: t.cacheWrite5mTokens,
    cacheWrite1hTokens: t.cacheWrite1hTokens,
    webSearchRequests: t.webSearchRequests,
    reasoningTokens: t.reasoningTokens,
    premiumRequests: t.premiumRequests,
    responses: t.responses,
    unpricedResponses: t.unpricedResponses,
    unpricedTokens: t.unpricedTokens,
    ...cacheFigures(t),
  };
}

export type ModelBreakdown = DailyEntry['modelBreakdowns'][number];

/** Per agent and model, costliest first: one model used through two agents is two entries. */
export function modelBreakdowns(rows: PricedRow[]): ModelBreakdown[] {
  return [...groupTotals(rows, (r) => `${r.model || '(none)'}\u0000${r.agent}`)]
    .map(([key, t]) => ({ modelName: key.slice(0, key.indexOf('\u0000')), agent: key.slice(key.indexOf('\u0000') + 1), t }))
    .sort((a, b) => b.t.cost - a.t.cost || a.modelName.localeCompare(b.modelName) || a.agent.localeCompare(b.agent))
    .map(({ modelName, agent, t }) => {
      const { totalCost, ...rest } = ccusageTotals(t);
      return { modelName, agent, ...rest, cost: totalCost };
    });
}

/** One group's figures in ccusage's entry shape: its totals, the models and agents used, and each model's share. */
export function ccusageEntry(rows: PricedRow[]): Omit<DailyEntry, 'date'> {
  const total = emptyTotals();
  for (const r of rows) addRow(total, r);
  const models = modelBreakdowns(rows);
  return {
    ...ccusageTotals(total),
    modelsUsed: [...new Set(models.map((m) => m.modelName))],
    agentsUsed: [...new Set(models.map((m) => m.agent))].sort(),
    modelBreakdowns: models,
  };
}

/** Rows grouped by a calendar key (a day, a week's first day, a month), in key order, with the totals of all. */
export function calendarEntries(rows: PricedRow[], keyOf: (r: PricedRow) => string): { key: string; entry: Omit<DailyEntry, 'date'> }[] {
  const byKey = new Map<string, PricedRow[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  }
  return [...byKey.keys()].sort().map((key) => ({ key, entry: ccusageEntry(byKey.get(key)!) }));
}

export function reportTotals(rows: PricedRow[]): CcusageTotals {
  const totals = emptyTotals();
  for (const r of rows) addRow(totals, r);
  return ccusageTotals(totals);
}

export function dailyReport(rows: PricedRow[]): DailyReport {
  const daily = calendarEntries(rows, (r) => r.date).map(({ key, entry }) => ({ date: key, ...entry }));
  return { daily, totals: reportTotals(rows), unpriced: unpricedModels(rows) };
}

export interface StatsReport {
  totals: CcusageTotals;
  firstDate: string | null;
  lastDate: string | null;
  activeDays: number;
  averagePerActiveDay: number;
  /** Per agent and model: one model used through two agents is two entries. */
  models: (CcusageTotals & { model: string; agent: string; share: number })[];
  agents: (CcusageTotals & { agent: string; share: number })[];
  projects: (CcusageTotals & { project: string; agents: string[] })[];
  unpriced: UnpricedModel[];
}

export function statsReport(rows: PricedRow[], topProjects = 10): StatsReport {
  const totals = emptyTotals();
  for (const r of rows) addRow(totals, r);
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const share = (t: Totals) => (totals.cost > 0 ? t.cost / totals.cost : 0);
  const costliest = (a: [string, Totals], b: [string, Totals]) => b[1].cost - a[1].cost || b[1].totalTokens - a[1].totalTokens;
  const models = [...groupTotals(rows, (r) => `${r.model || '(none)'}\u0000${r.agent}`)]
    .sort(costliest)
    .map(([key, t]) => {
      const [model, agent] = key.split('\u0000') as [string, string];
      return { model, agent, ...ccusageTotals(t), share: share(t) };
    });
  const agents = [...groupTotals(rows, (r) => r.agent)].sort(costliest).map(([agent, t]) => ({ agent, ...ccusageTotals(t), share: share(t) }));
  const project = (r: PricedRow) => r.project || '(unknown)';
  const agentsOf = agentsPer(rows, project);
  const projects = [...groupTotals(rows, project)]
    .sort(costliest)
    .slice(0, topProjects)
    .map(([name, t]) => ({ project: name, agents: agentsOf.get(name)!, ...ccusageTotals(t) }));
  return {
    totals: ccusageTotals(totals),
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    activeDays: dates.length,
    averagePerActiveDay: dates.length ? totals.cost / dates.length : 0,
    models,
    agents,
    projects,
    unpriced: unpricedModels(rows),
  };
}
