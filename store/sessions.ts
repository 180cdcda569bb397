// The session readers: session_usage holds each session's usage per model and price keys,
// kept by the same triggers as the rollups.
import type { Db } from './db.js';
import type { Scope } from '../core/config.js';
import { PRICE_KEYS, scopeSql, type PriceableRow } from './rollups.js';

export interface SessionRow extends PriceableRow {
  session_id: string;
  project: string;
  first_ts: number;
  last_ts: number;
}

function scopeClause(scope: Scope): string {
  const scoped = scopeSql(scope);
  return scoped ? ` AND ${scoped}` : '';
}

/** Sessions with any activity since `sinceMs`. */
export function countSessions(db: Db, sinceMs: number, scope: Scope): number {
  return db.prepare(`SELECT count(DISTINCT session_id) FROM session_usage WHERE last_ts >= ?${scopeClause(scope)}`).pluck().get(sinceMs) as number;
}

/** Every row of the `limit` most recently active sessions (one per model and price keys). */
export function recentSessionRows(db: Db, limit: number, scope: Scope): SessionRow[] {
  const clause = scopeClause(scope);
  return db.prepare(`SELECT session_id, model, project, ${PRICE_KEYS}, first_ts, last_ts, responses,
      input_tokens AS inputTokens, output_tokens AS outputTokens, cache_write_5m_tokens AS cacheWrite5mTokens,
      cache_write_1h_tokens AS cacheWrite1hTokens, cache_read_tokens AS cacheReadTokens,
      web_search_requests AS webSearchRequests, cost_usd
    FROM session_usage WHERE session_id IN (
      SELECT session_id FROM session_usage WHERE 1${clause} GROUP BY session_id ORDER BY max(last_ts) DESC LIMIT ?
    )${clause}`).all(limit) as SessionRow[];
}
