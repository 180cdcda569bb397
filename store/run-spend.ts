// The rows of one `runway run`: the sessions that began after its start, read from the raw
// responses (their rollups would hide which session began when).
import type { Db } from './db.js';
import { PRICE_KEYS, type PriceableRow } from './rollups.js';

export interface RunRow extends PriceableRow {
  session_id: string;
  agent: string;
  project: string;
  ts: number;
}

/** A prepared reader of the responses since `fromMs` in sessions that began after it. */
export function runRowsReader(db: Db, fromMs: number): () => RunRow[] {
  // Grouped like the rollups (the same price keys), so each row prices as they do.
  // Only rows since the start are read; a session that already had a response before it is someone else's.
  const stmt = db.prepare(`SELECT session_id, agent, coalesce(project, '') AS project, coalesce(model, '') AS model,
      ${PRICE_KEYS}, max(ts) AS ts,
      count(*) AS responses, sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
      sum(cache_write_5m_tokens) AS cacheWrite5mTokens, sum(cache_write_1h_tokens) AS cacheWrite1hTokens,
      sum(cache_read_tokens) AS cacheReadTokens, sum(web_search_requests) AS webSearchRequests,
      coalesce(sum(cost_usd), 0) AS cost_usd
    FROM responses r
    WHERE ts >= @from AND session_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM session_usage s WHERE s.session_id = r.session_id AND s.first_ts < @from)
    GROUP BY session_id, project, model, agent, ${PRICE_KEYS}`);
  return () => stmt.all({ from: fromMs }) as RunRow[];
}
