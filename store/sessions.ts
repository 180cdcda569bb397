// The session readers: session_usage holds each session's usage per model and price keys,
// kept by the same triggers as the rollups.
import type { Db } from './db.js';
import { filterSql, PRICE_KEYS, type ExtraCounts, type PriceableRow, type UsageFilter } from './rollups.js';

export interface SessionRow extends PriceableRow, ExtraCounts {
  session_id: string;
  agent: string;
  project: string;
  first_ts: number;
  last_ts: number;
}

function filterClause(f: UsageFilter): string {
  return filterSql(f).map((c) => ` AND ${c}`).join('');
}

/** Sessions with any activity since `sinceMs`. */
export function countSessions(db: Db, sinceMs: number, f: UsageFilter): number {
  return db.prepare(`SELECT count(DISTINCT session_id) FROM session_usage WHERE last_ts >= ?${filterClause(f)}`).pluck().get(sinceMs) as number;
}

/** Every row of the `limit` most recently active sessions (one per model and price keys). */
export function recentSessionRows(db: Db, limit: number, f: UsageFilter): SessionRow[] {
  const clause = filterClause(f);
  return db.prepare(`SELECT session_id, agent, model, project, ${PRICE_KEYS}, first_ts, last_ts, responses,
      input_tokens AS inputTokens, output_tokens AS outputTokens, cache_write_5m_tokens AS cacheWrite5mTokens,
      cache_write_1h_tokens AS cacheWrite1hTokens, cache_read_tokens AS cacheReadTokens,
      web_search_requests AS webSearchRequests, cost_usd,
      reasoning_tokens AS reasoningTokens, premium_requests AS premiumRequests
    FROM session_usage WHERE session_id IN (
      SELECT session_id FROM session_usage WHERE 1${clause} GROUP BY session_id ORDER BY max(last_ts) DESC LIMIT ?
    )${clause}`).all(limit) as SessionRow[];
}
