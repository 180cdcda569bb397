// The prompt cache's figures: how much of the prompt was read from the cache, and what
// writing the cache cost. Computed from summed counts (the rollups), never raw rows.
import type { TokenCounts } from '../sources/types.js';

/** Cache reads ÷ (cache reads + cache writes + uncached input); null with no prompt tokens at all. */
export function cacheHitRatio(t: TokenCounts): number | null {
  const prompt = t.cacheReadTokens + t.cacheWrite5mTokens + t.cacheWrite1hTokens + t.inputTokens;
  return prompt > 0 ? t.cacheReadTokens / prompt : null;
}

/** The fields every breakdown row carries: the ratio, and the cache writes' cost (null while unknown). */
export function cacheFigures(t: TokenCounts & { cacheWriteCost: number | null }): { cacheHitRatio: number | null; cacheWriteCost: number | null } {
  return { cacheHitRatio: cacheHitRatio(t), cacheWriteCost: t.cacheWriteCost };
}
