// What the caps read: one session's usage (its subagents share its id, so they are in it),
// and the sessions active since an instant, from session_usage rather than the raw rows.
import type { Db } from './db.js';
import { PRICE_KEYS } from './rollups.js';
import type { SessionRow } from './sessions.js';

const COLUMNS = `session_id, agent, model, project, ${PRICE_KEYS}, first_ts, last_ts, responses,
  input_tokens AS inputTokens, output_tokens AS outputTokens, cache_write_5m_tokens AS cacheWrite5mTokens,
  cache_write_1h_tokens AS cacheWrite1hTokens, cache_read_tokens AS cacheReadTokens,
  web_search_requests AS webSearchRequests, cost_usd,
  reasoning_tokens AS reasoningTokens, premium_requests AS premiumRequests`;

/** Every row of one session (one per agent, model, project and price keys). */
export function sessionRows(db: Db, sessionId: string): SessionRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM session_usage WHERE session_id = ?`).all(sessionId) as SessionRow[];
}

/** Every row of the `limit` sessions most recently active since `sinceMs`. */
export function sessionRowsSince(db: Db, sinceMs: number, limit: number): SessionRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM session_usage WHERE session_id IN (
      SELECT session_id FROM session_usage WHERE session_id != '' GROUP BY session_id HAVING max(last_ts) >= ? ORDER BY max(last_ts) DESC LIMIT ?
    )`).all(sinceMs, limit) as SessionRow[];
}

/** The database's random key for fingerprints (scanner/fingerprint.ts); null before the scanner made one. */
export function fingerprintKey(db: Db): Buffer | null {
  const hex = db.prepare("SELECT value FROM meta WHERE key = 'fingerprint_key'").pluck().get();
  return typeof hex === 'string' && /^[0-9a-f]{16,}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}
