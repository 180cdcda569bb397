-- Not a migration (no number): the rollups rebuilt from the rows in one pass, after a first
-- scan that loaded the rows with the rollup triggers off. Each SELECT is the triggers' sum:
-- keep it in step with 002_rollups.sql and 003_sessions.sql (a test compares both ways).
DELETE FROM usage_rollup;
INSERT INTO usage_rollup
SELECT (ts / 900000) * 900, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''),
  input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 200000,
  coalesce(speed = 'fast', 0), cost_usd IS NOT NULL,
  count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7;

DELETE FROM session_usage;
INSERT INTO session_usage
SELECT coalesce(session_id, ''), coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''),
  input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 200000,
  coalesce(speed = 'fast', 0), cost_usd IS NOT NULL, min(ts), max(ts),
  count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7;
