// The 5-hour usage blocks, derived from the logs when no quota reading exists: a block opens
// at the hour of the first activity after the previous block and covers five hours. Pure.

export const BLOCK_MS = 5 * 3_600_000;
const HOUR_MS = 3_600_000;

/** Usage at one instant (a 15-minute rollup bucket, or a single response). */
export interface BlockEntry {
  ts: number;
  tokens: number;
  /** null: unpriced. */
  cost: number | null;
  responses: number;
}

export interface UsageBlock {
  start: number;
  end: number;
  firstTs: number;
  lastTs: number;
  responses: number;
  tokens: number;
  cost: number;
  unpricedResponses: number;
  /** Now falls inside the block. */
  active: boolean;
  /** For the active block: cost and tokens at its end if the burn so far goes on. */
  projection: { cost: number; tokens: number; costPerHour: number } | null;
}

/** Entries must be sorted by time. */
export function usageBlocks(entries: BlockEntry[], nowMs: number): UsageBlock[] {
  const blocks: UsageBlock[] = [];
  let b: UsageBlock | undefined;
  for (const e of entries) {
    // Every block ends on a whole hour, so an entry floored to the hour never straddles one.
    if (!b || e.ts >= b.end) {
      const start = Math.floor(e.ts / HOUR_MS) * HOUR_MS;
      b = { start, end: start + BLOCK_MS, firstTs: e.ts, lastTs: e.ts, responses: 0, tokens: 0, cost: 0, unpricedResponses: 0, active: false, projection: null };
      blocks.push(b);
    }
    b.lastTs = e.ts;
    b.responses += e.responses;
    b.tokens += e.tokens;
    if (e.cost === null) b.unpricedResponses += e.responses;
    else b.cost += e.cost;
  }
  const last = blocks.at(-1);
  if (last && nowMs >= last.start && nowMs < last.end) {
    last.active = true;
    // The burn so far, over the time since the block's first activity (at least a minute).
    const elapsed = Math.max(60_000, nowMs - last.firstTs);
    const remaining = last.end - nowMs;
    const costPerMs = last.cost / elapsed;
    last.projection = {
      cost: last.cost + costPerMs * remaining,
      tokens: last.tokens + (last.tokens / elapsed) * remaining,
      costPerHour: costPerMs * HOUR_MS,
    };
  }
  return blocks;
}
