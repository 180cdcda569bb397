// The 5-hour block history in the shape of `ccusage blocks --json`: core/blocks.ts cuts the
// 15-minute rollup buckets into blocks, and each block's buckets give its tokens per kind
// and models. Block times are bucket times: to the rollup's 15 minutes.
import { usageBlocks, type UsageBlock } from '../core/blocks.js';
import { modelBreakdowns, reportTotals, type CcusageTotals, type ModelBreakdown } from './reports.js';
import { tokenSum, unpricedModels, type PricedRow, type UnpricedModel } from './usage.js';

/** ccusage warns once a block reaches this share of --token-limit. */
const WARNING_SHARE = 0.8;

export interface BlockEntry {
  id: string;
  startTime: string;
  endTime: string;
  /** The block's last activity; null for a gap. */
  actualEndTime: string | null;
  isActive: boolean;
  /** A gap: more than 5 hours without activity, from 5 hours after the last response to the next (as ccusage lists them). */
  isGap: boolean;
  /** Responses in the block. */
  entries: number;
  tokenCounts: { inputTokens: number; outputTokens: number; cacheCreationInputTokens: number; cacheReadInputTokens: number };
  totalTokens: number;
  /** Of the priced responses; `unpricedResponses` says how many are left out. */
  costUSD: number;
  unpricedResponses: number;
  models: string[];
  agentsUsed: string[];
  modelBreakdowns: ModelBreakdown[];
  burnRate: { tokensPerMinute: number; costPerHour: number } | null;
  projection: { totalTokens: number; totalCost: number; remainingMinutes: number } | null;
  tokenLimitStatus?: { limit: number; projectedUsage: number; percentUsed: number; status: 'ok' | 'warning' | 'exceeds' };
}

export interface BlocksReport {
  blocks: BlockEntry[];
  totals: CcusageTotals;
  /** The --token-limit in force (max: the largest past block), or null. */
  tokenLimit: number | null;
  unpriced: UnpricedModel[];
}

export interface BlocksOptions {
  /** Only the active block. */
  active?: boolean;
  /** Tokens a block should stay under; 'max': the largest past block's. */
  tokenLimit?: number | 'max';
}

const iso = (ms: number) => new Date(ms).toISOString();
const BLOCK_MS = 5 * 3_600_000;

/** The quiet time between two blocks, when the activity stopped for longer than a block (ccusage's rule). */
function gapBetween(prev: UsageBlock, next: UsageBlock): BlockEntry | null {
  if (next.firstTs - prev.lastTs <= BLOCK_MS) return null;
  const start = prev.lastTs + BLOCK_MS;
  return {
    id: `gap-${iso(start)}`, startTime: iso(start), endTime: iso(next.firstTs), actualEndTime: null, isActive: false, isGap: true, entries: 0,
    tokenCounts: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    totalTokens: 0, costUSD: 0, unpricedResponses: 0, models: [], agentsUsed: [], modelBreakdowns: [], burnRate: null, projection: null,
  };
}

function entryOf(b: UsageBlock, rows: PricedRow[], nowMs: number): BlockEntry {
  const t = reportTotals(rows);
  const models = modelBreakdowns(rows);
  const remainingMinutes = (b.end - nowMs) / 60_000;
  const p = b.projection;
  return {
    id: iso(b.start), startTime: iso(b.start), endTime: iso(b.end), actualEndTime: iso(b.lastTs),
    isActive: b.active, isGap: false, entries: t.responses,
    tokenCounts: { inputTokens: t.inputTokens, outputTokens: t.outputTokens, cacheCreationInputTokens: t.cacheCreationTokens, cacheReadInputTokens: t.cacheReadTokens },
    totalTokens: t.totalTokens, costUSD: t.totalCost, unpricedResponses: t.unpricedResponses,
    models: [...new Set(models.map((m) => m.modelName))], agentsUsed: [...new Set(models.map((m) => m.agent))].sort(), modelBreakdowns: models,
    burnRate: p ? { tokensPerMinute: (p.tokens - b.tokens) / remainingMinutes, costPerHour: p.costPerHour } : null,
    projection: p ? { totalTokens: Math.round(p.tokens), totalCost: p.cost, remainingMinutes: Math.round(remainingMinutes) } : null,
  };
}

/** `buckets`: priced 15-minute rollup rows, in any order. */
export function blocksReport(buckets: PricedRow[], nowMs: number, opts: BlocksOptions = {}): BlocksReport {
  const rows = [...buckets].sort((a, b) => a.bucketMs - b.bucketMs);
  const blocks = usageBlocks(rows.map((r) => ({ ts: r.bucketMs, tokens: tokenSum(r), cost: r.cost, responses: r.responses })), nowMs);
  let at = 0;
  const all = blocks.flatMap((b, i) => {
    const from = at;
    while (at < rows.length && rows[at]!.bucketMs < b.end) at++;
    const gap = i > 0 ? gapBetween(blocks[i - 1]!, b) : null;
    return [...(gap ? [{ entry: gap, rows: [] as PricedRow[] }] : []), { entry: entryOf(b, rows.slice(from, at), nowMs), rows: rows.slice(from, at) }];
  });
  const past = all.filter((b) => !b.entry.isActive && !b.entry.isGap).map((b) => b.entry.totalTokens);
  const limit = opts.tokenLimit === 'max' ? (past.length ? Math.max(...past) : null) : (opts.tokenLimit ?? null);
  const shown = opts.active ? all.filter((b) => b.entry.isActive) : all;
  if (limit !== null && limit > 0) {
    for (const { entry } of shown.filter((b) => !b.entry.isGap)) {
      const projectedUsage = entry.projection?.totalTokens ?? entry.totalTokens;
      const share = projectedUsage / limit;
      entry.tokenLimitStatus = { limit, projectedUsage, percentUsed: share * 100, status: share > 1 ? 'exceeds' : share >= WARNING_SHARE ? 'warning' : 'ok' };
    }
  }
  const shownRows = shown.flatMap((b) => b.rows);
  return { blocks: shown.map((b) => b.entry), totals: reportTotals(shownRows), tokenLimit: limit, unpriced: unpricedModels(shownRows) };
}
