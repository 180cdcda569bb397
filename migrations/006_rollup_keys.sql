-- The rollups are keyed by the agent and by every flag that changes a response's price, and
-- the flags are generated columns of each response, defined once, so the triggers, the bulk
-- rebuild and every reader of raw rows use the same definition.
--
-- prompt_band: the largest tracked price threshold the prompt (input + cache writes + cache
-- reads of one request) exceeds, or 0. A model whose higher rates start above a threshold
-- bills a request at them when prompt_band >= that threshold. The tracked thresholds are
-- core/pricing.ts PROMPT_BANDS; a new one needs a migration that redefines this column.
-- us_only and batch: where a response was served and at which tier, both billing facts:
-- US-only inference costs 1.1x on Claude 4.6 and later, the batch tier half on input and output.
ALTER TABLE responses ADD COLUMN inference_geo TEXT;
ALTER TABLE responses ADD COLUMN service_tier TEXT;
ALTER TABLE responses ADD COLUMN prompt_band INTEGER GENERATED ALWAYS AS (
  CASE
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 200000 THEN 200000
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 100000 THEN 100000
    ELSE 0
  END) VIRTUAL;
ALTER TABLE responses ADD COLUMN fast INTEGER GENERATED ALWAYS AS (coalesce(speed = 'fast', 0)) VIRTUAL;
ALTER TABLE responses ADD COLUMN logged_cost INTEGER GENERATED ALWAYS AS (cost_usd IS NOT NULL) VIRTUAL;
ALTER TABLE responses ADD COLUMN us_only INTEGER GENERATED ALWAYS AS (coalesce(inference_geo = 'us', 0)) VIRTUAL;
ALTER TABLE responses ADD COLUMN batch INTEGER GENERATED ALWAYS AS (coalesce(service_tier = 'batch', 0)) VIRTUAL;
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
  us_only INTEGER NOT NULL,
  batch INTEGER NOT NULL,
  responses INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_write_5m_tokens INTEGER NOT NULL,
  cache_write_1h_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  web_search_requests INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  PRIMARY KEY (bucket, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch)
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
  us_only INTEGER NOT NULL,
  batch INTEGER NOT NULL,
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
  PRIMARY KEY (session_id, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch)
) WITHOUT ROWID;
CREATE INDEX session_usage_last ON session_usage (last_ts);

-- One response's figures, added to both rollups (sign 1) or taken out of them (sign -1):
-- the one place that knows the rollups' keys. Inserting into this view runs the trigger
-- below; the view itself never holds a row.
CREATE VIEW usage_delta AS SELECT
  0 AS sign, 0 AS ts, '' AS session_id, '' AS agent, '' AS model, '' AS project, '' AS entrypoint,
  0 AS prompt_band, 0 AS fast, 0 AS logged_cost, 0 AS us_only, 0 AS batch,
  0 AS input_tokens, 0 AS output_tokens, 0 AS cache_write_5m_tokens, 0 AS cache_write_1h_tokens,
  0 AS cache_read_tokens, 0 AS web_search_requests, 0 AS cost_usd
WHERE 0;

CREATE TRIGGER usage_delta_apply INSTEAD OF INSERT ON usage_delta BEGIN
  INSERT INTO usage_rollup VALUES (
    (NEW.ts / 900000) * 900, NEW.agent, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.us_only, NEW.batch,
    NEW.sign, NEW.sign * NEW.input_tokens, NEW.sign * NEW.output_tokens, NEW.sign * NEW.cache_write_5m_tokens,
    NEW.sign * NEW.cache_write_1h_tokens, NEW.sign * NEW.cache_read_tokens, NEW.sign * NEW.web_search_requests,
    NEW.sign * coalesce(NEW.cost_usd, 0))
  ON CONFLICT DO UPDATE SET
    responses = responses + excluded.responses,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    web_search_requests = web_search_requests + excluded.web_search_requests,
    cost_usd = cost_usd + excluded.cost_usd;
  INSERT INTO session_usage VALUES (
    coalesce(NEW.session_id, ''), NEW.agent, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.us_only, NEW.batch, NEW.ts, NEW.ts,
    NEW.sign, NEW.sign * NEW.input_tokens, NEW.sign * NEW.output_tokens, NEW.sign * NEW.cache_write_5m_tokens,
    NEW.sign * NEW.cache_write_1h_tokens, NEW.sign * NEW.cache_read_tokens, NEW.sign * NEW.web_search_requests,
    NEW.sign * coalesce(NEW.cost_usd, 0))
  ON CONFLICT DO UPDATE SET
    -- Taking a response out never narrows a session's span.
    first_ts = iif(excluded.responses > 0, min(first_ts, excluded.first_ts), first_ts),
    last_ts = iif(excluded.responses > 0, max(last_ts, excluded.last_ts), last_ts),
    responses = responses + excluded.responses,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    web_search_requests = web_search_requests + excluded.web_search_requests,
    cost_usd = cost_usd + excluded.cost_usd;
  DELETE FROM usage_rollup WHERE responses = 0 AND bucket = (NEW.ts / 900000) * 900;
  DELETE FROM session_usage WHERE responses = 0 AND session_id = coalesce(NEW.session_id, '');
END;

CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses BEGIN
  INSERT INTO usage_delta VALUES (1, NEW.ts, NEW.session_id, NEW.agent, NEW.model, NEW.project, NEW.entrypoint,
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.us_only, NEW.batch, NEW.input_tokens, NEW.output_tokens,
    NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.cache_read_tokens, NEW.web_search_requests, NEW.cost_usd);
END;

-- An update (a later line with the final usage, or better metadata) moves the response:
-- its old figures out, its new ones in.
CREATE TRIGGER responses_rollup_update AFTER UPDATE ON responses BEGIN
  INSERT INTO usage_delta VALUES (-1, OLD.ts, OLD.session_id, OLD.agent, OLD.model, OLD.project, OLD.entrypoint,
    OLD.prompt_band, OLD.fast, OLD.logged_cost, OLD.us_only, OLD.batch, OLD.input_tokens, OLD.output_tokens,
    OLD.cache_write_5m_tokens, OLD.cache_write_1h_tokens, OLD.cache_read_tokens, OLD.web_search_requests, OLD.cost_usd);
  INSERT INTO usage_delta VALUES (1, NEW.ts, NEW.session_id, NEW.agent, NEW.model, NEW.project, NEW.entrypoint,
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.us_only, NEW.batch, NEW.input_tokens, NEW.output_tokens,
    NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.cache_read_tokens, NEW.web_search_requests, NEW.cost_usd);
END;

-- The rows already stored (as in rebuild_rollups.sql, frozen here).
INSERT INTO usage_rollup
SELECT bucket, agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''), prompt_band, fast, logged_cost, us_only, batch,
  count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
INSERT INTO session_usage
SELECT coalesce(session_id, ''), agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''), prompt_band, fast, logged_cost, us_only, batch,
  min(ts), max(ts), count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
