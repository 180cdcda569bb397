-- Not a migration (no number): the rollups rebuilt from the rows in one pass, after a first
-- scan that loaded the rows with the rollup triggers off. Each SELECT is the triggers' sum
-- (009_agents.sql): keep them in step (a test compares both ways).
DELETE FROM usage_rollup;
INSERT INTO usage_rollup (bucket, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch,
  responses, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens,
  web_search_requests, cost_usd, reasoning_tokens, premium_requests)
SELECT bucket, agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''), prompt_band, fast, logged_cost, us_only, batch,
  count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0), sum(reasoning_tokens), sum(premium_requests)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;

DELETE FROM session_usage;
INSERT INTO session_usage (session_id, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch,
  first_ts, last_ts, responses, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
  cache_read_tokens, web_search_requests, cost_usd, reasoning_tokens, premium_requests)
SELECT coalesce(session_id, ''), agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''), prompt_band, fast, logged_cost, us_only, batch,
  min(ts), max(ts), count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0), sum(reasoning_tokens), sum(premium_requests)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;

-- The day totals and versions (012_rollup_days.sql), absolute, so this holds whether the rollup's
-- own triggers ran above (a prune) or were off (a first scan).
UPDATE rollup_days SET version = version + 1, responses = 0;
INSERT INTO rollup_days (day, version, responses) SELECT bucket / 86400, 1, sum(responses) FROM usage_rollup WHERE true GROUP BY 1
  ON CONFLICT (day) DO UPDATE SET version = version + 1, responses = excluded.responses;
