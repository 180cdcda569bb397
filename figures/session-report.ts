// The session reports in the shapes of `ccusage session --json` (one entry per session)
// and `ccusage session --id ID --json` (one session's responses). The list is read from
// session_usage; one session's responses are the raw rows, the one report that needs them.
import type { Db } from '../store/db.js';
import { recentSessionRows, type SessionRow } from '../store/sessions.js';
import { sessionResponseRows, type ResponseRow } from '../store/responses.js';
import type { ExtraCounts, PriceableRow, UsageFilter } from '../store/rollups.js';
import { dateInZone } from '../core/calendar.js';
import { ccusageEntry, reportTotals, type CcusageTotals, type DailyEntry } from './reports.js';
import { priceRow, tokenSum, unpricedModels, type PricedRow, type Pricing, type UnpricedModel } from './usage.js';

export interface SessionEntry extends Omit<DailyEntry, 'date'> {
  sessionId: string;
  projectPath: string;
  /** The local day of the last response (as ccusage), and beyond ccusage the instants. */
  lastActivity: string;
  firstActivityAt: string;
  lastActivityAt: string;
}

export interface SessionListReport {
  sessions: SessionEntry[];
  totals: CcusageTotals;
  unpriced: UnpricedModel[];
}

/** Which sessions a list keeps: last active on these local days, in a project whose path holds `project`. */
export interface SessionQuery extends UsageFilter {
  tz: string;
  since?: string;
  until?: string;
  project?: string;
}

function pricedAt(r: PriceableRow & ExtraCounts & { agent: string; project: string | null }, at: number, pricing: Pricing): PricedRow {
  const { cost, reason, cacheWriteCost } = priceRow(r, at, pricing);
  return {
    date: '', bucketMs: at, agent: r.agent, model: r.model, project: r.project ?? '', responses: r.responses,
    inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheWrite5mTokens: r.cacheWrite5mTokens,
    cacheWrite1hTokens: r.cacheWrite1hTokens, cacheReadTokens: r.cacheReadTokens, webSearchRequests: r.webSearchRequests,
    reasoningTokens: r.reasoningTokens, premiumRequests: r.premiumRequests, cost, unpricedReason: reason, cacheWriteCost,
  };
}

/** A session row is priced at one instant; one across a price change of its model must be priced per response. */
function acrossPriceChange(r: SessionRow, pricing: Pricing): boolean {
  const from = new Date(r.first_ts).toISOString().slice(0, 10);
  const to = new Date(r.last_ts).toISOString().slice(0, 10);
  return from !== to && pricing.table.changes(r.model).some((day) => day > from && day <= to);
}

export function sessionListReport(db: Db, q: SessionQuery, pricing: Pricing, nowMs: number): SessionListReport {
  const bySession = new Map<string, SessionRow[]>();
  for (const r of recentSessionRows(db, Number.MAX_SAFE_INTEGER, q)) {
    const list = bySession.get(r.session_id);
    if (list) list.push(r);
    else bySession.set(r.session_id, [r]);
  }
  const sessions: SessionEntry[] = [];
  const allRows: PricedRow[] = [];
  for (const [id, rows] of bySession) {
    const first = Math.min(...rows.map((r) => r.first_ts));
    const last = Math.max(...rows.map((r) => r.last_ts));
    const day = dateInZone(last, q.tz);
    const projectPath = rows.find((r) => r.project)?.project ?? '';
    if ((q.since && day < q.since) || (q.until && day > q.until)) continue;
    if (q.project && !projectPath.includes(q.project)) continue;
    const priced = rows.some((r) => acrossPriceChange(r, pricing))
      ? [...sessionResponseRows(db, [id], nowMs, q)].map((r) => pricedAt(r, r.ts, pricing))
      : rows.map((r) => pricedAt(r, r.last_ts, pricing));
    allRows.push(...priced);
    sessions.push({
      sessionId: id, projectPath, lastActivity: day,
      firstActivityAt: new Date(first).toISOString(), lastActivityAt: new Date(last).toISOString(),
      ...ccusageEntry(priced),
    });
  }
  sessions.sort((a, b) => a.lastActivityAt.localeCompare(b.lastActivityAt) || a.sessionId.localeCompare(b.sessionId));
  return { sessions, totals: reportTotals(allRows), unpriced: unpricedModels(allRows) };
}

export interface SessionResponse {
  timestamp: string;
  agent: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  /** null: this response could not be priced (never counted as $0). */
  costUSD: number | null;
  unpricedReason: string | null;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  reasoningTokens: number;
  premiumRequests: number;
}

export interface SessionDetail extends Omit<DailyEntry, 'date'> {
  sessionId: string;
  projectPath: string;
  entries: SessionResponse[];
  unpriced: UnpricedModel[];
}

/** One session's responses, oldest first, with its models and totals; null when no response of it is counted. */
export function sessionDetail(db: Db, id: string, filter: UsageFilter, pricing: Pricing, nowMs: number): SessionDetail | null {
  const responses: ResponseRow[] = [...sessionResponseRows(db, [id], nowMs, filter)];
  if (!responses.length) return null;
  const priced = responses.map((r) => pricedAt(r, r.ts, pricing));
  const entries = responses.map((r, i) => ({
    timestamp: new Date(r.ts).toISOString(), agent: r.agent, model: r.model,
    inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheCreationTokens: r.cacheWrite5mTokens + r.cacheWrite1hTokens,
    cacheReadTokens: r.cacheReadTokens, totalTokens: tokenSum(r), costUSD: priced[i]!.cost, unpricedReason: priced[i]!.unpricedReason,
    cacheWrite5mTokens: r.cacheWrite5mTokens, cacheWrite1hTokens: r.cacheWrite1hTokens,
    reasoningTokens: r.reasoningTokens, premiumRequests: r.premiumRequests,
  }));
  return {
    sessionId: id, projectPath: responses.find((r) => r.project)?.project ?? '',
    ...ccusageEntry(priced), entries, unpriced: unpricedModels(priced),
  };
}
