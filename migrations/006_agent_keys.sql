-- The pricing flags are derived once, as generated columns of each response, so the
-- triggers, the bulk rebuild and every reader of raw rows use the same definition; and the
-- agent joins the rollup keys, so each agent's usage stays apart.
--
-- prompt_band: the largest tracked price threshold the prompt (input + cache writes + cache
-- reads of one request) exceeds, or 0. A model whose higher rates start above a threshold
-- bills a request at them when prompt_band >= that threshold. The tracked thresholds are
-- core/pricing.ts PROMPT_BANDS; a new one needs a migration that redefines this column.
ALTER TABLE responses ADD COLUMN prompt_band INTEGER GENERATED ALWAYS AS (
  CASE
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 200000 THEN 200000
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 100000 THEN 100000
    ELSE 0
  END) VIRTUAL;
ALTER TABLE responses ADD COLUMN fast INTEGER GENERATED ALWAYS AS (coalesce(speed = 'fast', 0)) VIRTUAL;
ALTER TABLE responses ADD COLUMN logged_cost INTEGER GENERATED ALWAYS AS (cost_usd IS NOT NULL) VIRTUAL;
ALTER TABLE responses ADD COLUMN bucket INTEGER GENERATED ALWAYS AS ((ts / 900000) * 900) VIRTUAL;

DROP TRIGGER responses_rollup_insert;
DROP TRIGGER responses_rollup_update;
DROP TRIGGER responses_session_insert;
DROP TRIGGER responses_session_update;
DROP TABLE usage_rollup;
DROP TABLE session_usage;

-- Usage summed per 15-minute bucket (every zone's offset is a multiple of 15 minutes, so
-- any zone's calendar days are unions of buckets) and per everything a report groups or
-- filters by. Reports read this, never the raw rows. Prices are applied at report time.
CREATE TABLE usage_rollup (
  bucket INTEGER NOT NULL,             -- seconds since the epoch, floored to 900
  agent TEXT NOT NULL,
  model TEXT NOT NULL,
  project TEXT NOT NULL,
  entrypoint TEXT NOT NULL,
  prompt_band INTEGER NOT NULL,
  fast INTEGER NOT NULL,
  logged_cost INTEGER NOT NULL,
  responses INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_write_5m_tokens INTEGER NOT NULL,
  cache_write_1h_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  web_search_requests INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  PRIMARY KEY (bucket, agent, model, project, entrypoint, prompt_band, fast, logged_cost)
) WITHOUT ROWID;

-- Usage per session and everything pricing needs, so the dashboard lists and counts
-- sessions without reading the raw rows. first_ts/last_ts only widen: an update never
-- moves a response far.
CREATE TABLE session_usage (
  session_id TEXT NOT NULL,
  agent TEXT NOT NULL,
  model TEXT NOT NULL,
  project TEXT NOT NULL,
  entrypoint TEXT NOT NULL,
  prompt_band INTEGER NOT NULL,
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
  PRIMARY KEY (session_id, agent, model, project, entrypoint, prompt_band, fast, logged_cost)
) WITHOUT ROWID;
CREATE INDEX session_usage_last ON session_usage (last_ts);

-- An insert adds the response to its rollup rows.
CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses BEGIN
  INSERT INTO usage_rollup VALUES (
    NEW.bucket, NEW.agent, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.prompt_band, NEW.fast, NEW.logged_cost,
    1, NEW.input_tokens, NEW.output_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens,
    NEW.cache_read_tokens, NEW.web_search_requests, coalesce(NEW.cost_usd, 0))
  ON CONFLICT DO UPDATE SET
    responses = responses + 1,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    web_search_requests = web_search_requests + excluded.web_search_requests,
    cost_usd = cost_usd + excluded.cost_usd;
  INSERT INTO session_usage VALUES (
    coalesce(NEW.session_id, ''), NEW.agent, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.ts, NEW.ts,
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

-- An update (a later line with the final usage, or better metadata) moves the response:
-- take the old figures out, then put the new ones in through the insert trigger's rule.
CREATE TRIGGER responses_rollup_update AFTER UPDATE ON responses BEGIN
  UPDATE usage_rollup SET
    responses = responses - 1,
    input_tokens = input_tokens - OLD.input_tokens,
    output_tokens = output_tokens - OLD.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
    web_search_requests = web_search_requests - OLD.web_search_requests,
    cost_usd = cost_usd - coalesce(OLD.cost_usd, 0)
  WHERE bucket = OLD.bucket AND agent = OLD.agent AND model = coalesce(OLD.model, '')
    AND project = coalesce(OLD.project, '') AND entrypoint = coalesce(OLD.entrypoint, '')
    AND prompt_band = OLD.prompt_band AND fast = OLD.fast AND logged_cost = OLD.logged_cost;
  DELETE FROM usage_rollup WHERE responses = 0 AND bucket = OLD.bucket;
  UPDATE session_usage SET
    responses = responses - 1,
    input_tokens = input_tokens - OLD.input_tokens,
    output_tokens = output_tokens - OLD.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
    web_search_requests = web_search_requests - OLD.web_search_requests,
    cost_usd = cost_usd - coalesce(OLD.cost_usd, 0)
  WHERE session_id = coalesce(OLD.session_id, '') AND agent = OLD.agent AND model = coalesce(OLD.model, '')
    AND project = coalesce(OLD.project, '') AND entrypoint = coalesce(OLD.entrypoint, '')
    AND prompt_band = OLD.prompt_band AND fast = OLD.fast AND logged_cost = OLD.logged_cost;
  DELETE FROM session_usage WHERE responses = 0 AND session_id = coalesce(OLD.session_id, '');
  INSERT INTO usage_rollup VALUES (
    NEW.bucket, NEW.agent, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.prompt_band, NEW.fast, NEW.logged_cost,
    1, NEW.input_tokens, NEW.output_tokens, NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens,
    NEW.cache_read_tokens, NEW.web_search_requests, coalesce(NEW.cost_usd, 0))
  ON CONFLICT DO UPDATE SET
    responses = responses + 1,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    web_search_requests = web_search_requests + excluded.web_search_requests,
    cost_usd = cost_usd + excluded.cost_usd;
  INSERT INTO session_usage VALUES (
    coalesce(NEW.session_id, ''), NEW.agent, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.ts, NEW.ts,
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

-- The rows already stored (as in rebuild_rollups.sql, frozen here).
INSERT INTO usage_rollup
SELECT bucket, agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''), prompt_band, fast, logged_cost,
  count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO session_usage
SELECT coalesce(session_id, ''), agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''), prompt_band, fast, logged_cost,
  min(ts), max(ts), count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
