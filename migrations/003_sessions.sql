-- Usage per session and everything pricing needs (model, long context, fast, logged cost),
-- kept by triggers like usage_rollup, so the dashboard lists and counts sessions without
-- reading the raw rows. first_ts/last_ts only widen: an update never moves a response far.
CREATE TABLE session_usage (
  session_id TEXT NOT NULL,
  model TEXT NOT NULL,
  project TEXT NOT NULL,
  entrypoint TEXT NOT NULL,
  long_context INTEGER NOT NULL,
  fast INTEGER NOT NULL,
  logged_cost INTEGER NOT NULL,
  first_ts INTEGER NOT NULL,           -- ms
  last_ts INTEGER NOT NULL,            -- ms
  responses INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_write_5m_tokens INTEGER NOT NULL,
  cache_write_1h_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  web_search_requests INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  PRIMARY KEY (session_id, model, project, entrypoint, long_context, fast, logged_cost)
) WITHOUT ROWID;

CREATE INDEX session_usage_last ON session_usage (last_ts);

CREATE TRIGGER responses_session_insert AFTER INSERT ON responses BEGIN
  INSERT INTO session_usage VALUES (
    coalesce(NEW.session_id, ''), coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.input_tokens + NEW.cache_write_5m_tokens + NEW.cache_write_1h_tokens + NEW.cache_read_tokens > 200000,
    coalesce(NEW.speed = 'fast', 0), NEW.cost_usd IS NOT NULL, NEW.ts, NEW.ts,
    1, NEW.input_tokens, NEW.output_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens,
    NEW.cache_read_tokens, NEW.web_search_requests, coalesce(NEW.cost_usd, 0))
  ON CONFLICT DO UPDATE SET
    first_ts = min(first_ts, excluded.first_ts),
    last_ts = max(last_ts, excluded.last_ts),
    responses = responses + 1,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    web_search_requests = web_search_requests + excluded.web_search_requests,
    cost_usd = cost_usd + excluded.cost_usd;
END;

CREATE TRIGGER responses_session_update AFTER UPDATE ON responses BEGIN
  UPDATE session_usage SET
    responses = responses - 1,
    input_tokens = input_tokens - OLD.input_tokens,
    output_tokens = output_tokens - OLD.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
    web_search_requests = web_search_requests - OLD.web_search_requests,
    cost_usd = cost_usd - coalesce(OLD.cost_usd, 0)
  WHERE session_id = coalesce(OLD.session_id, '') AND model = coalesce(OLD.model, '')
    AND project = coalesce(OLD.project, '') AND entrypoint = coalesce(OLD.entrypoint, '')
    AND long_context = (OLD.input_tokens + OLD.cache_write_5m_tokens + OLD.cache_write_1h_tokens + OLD.cache_read_tokens > 200000)
    AND fast = coalesce(OLD.speed = 'fast', 0) AND logged_cost = (OLD.cost_usd IS NOT NULL);
  DELETE FROM session_usage WHERE responses = 0 AND session_id = coalesce(OLD.session_id, '');
  INSERT INTO session_usage VALUES (
    coalesce(NEW.session_id, ''), coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.input_tokens + NEW.cache_write_5m_tokens + NEW.cache_write_1h_tokens + NEW.cache_read_tokens > 200000,
    coalesce(NEW.speed = 'fast', 0), NEW.cost_usd IS NOT NULL, NEW.ts, NEW.ts,
    1, NEW.input_tokens, NEW.output_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens,
    NEW.cache_read_tokens, NEW.web_search_requests, coalesce(NEW.cost_usd, 0))
  ON CONFLICT DO UPDATE SET
    first_ts = min(first_ts, excluded.first_ts),
    last_ts = max(last_ts, excluded.last_ts),
    responses = responses + 1,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    web_search_requests = web_search_requests + excluded.web_search_requests,
    cost_usd = cost_usd + excluded.cost_usd;
END;

-- Databases written before this migration.
INSERT INTO session_usage
SELECT coalesce(session_id, ''), coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''),
  input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 200000,
  coalesce(speed = 'fast', 0), cost_usd IS NOT NULL, min(ts), max(ts),
  count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7;
