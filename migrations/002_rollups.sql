-- Usage summed per 15-minute bucket (every time zone's offset is a multiple of 15 minutes,
-- so any zone's calendar days are unions of buckets) and per everything a report groups or
-- filters by. Reports read this, never the raw rows. Prices are applied at report time.
CREATE TABLE usage_rollup (
  bucket INTEGER NOT NULL,             -- seconds since the epoch, floored to 900
  model TEXT NOT NULL,
  project TEXT NOT NULL,
  entrypoint TEXT NOT NULL,
  long_context INTEGER NOT NULL,       -- prompt over 200k tokens: priced at long-context rates
  fast INTEGER NOT NULL,               -- speed "fast"
  logged_cost INTEGER NOT NULL,        -- 1 when the log recorded costUSD for these responses
  responses INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_write_5m_tokens INTEGER NOT NULL,
  cache_write_1h_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  web_search_requests INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  PRIMARY KEY (bucket, model, project, entrypoint, long_context, fast, logged_cost)
) WITHOUT ROWID;

CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses BEGIN
  INSERT INTO usage_rollup VALUES (
    (NEW.ts / 900000) * 900, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.input_tokens + NEW.cache_write_5m_tokens + NEW.cache_write_1h_tokens + NEW.cache_read_tokens > 200000,
    coalesce(NEW.speed = 'fast', 0), NEW.cost_usd IS NOT NULL,
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
END;

-- An update (a later line with the final usage, or better metadata) moves the response:
-- take the old figures out, then put the new ones in.
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
  WHERE bucket = (OLD.ts / 900000) * 900 AND model = coalesce(OLD.model, '')
    AND project = coalesce(OLD.project, '') AND entrypoint = coalesce(OLD.entrypoint, '')
    AND long_context = (OLD.input_tokens + OLD.cache_write_5m_tokens + OLD.cache_write_1h_tokens + OLD.cache_read_tokens > 200000)
    AND fast = coalesce(OLD.speed = 'fast', 0) AND logged_cost = (OLD.cost_usd IS NOT NULL);
  DELETE FROM usage_rollup WHERE responses = 0 AND bucket = (OLD.ts / 900000) * 900;
  INSERT INTO usage_rollup VALUES (
    (NEW.ts / 900000) * 900, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.input_tokens + NEW.cache_write_5m_tokens + NEW.cache_write_1h_tokens + NEW.cache_read_tokens > 200000,
    coalesce(NEW.speed = 'fast', 0), NEW.cost_usd IS NOT NULL,
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
END;

-- Databases written before this migration: build the rollup from the rows they hold.
INSERT INTO usage_rollup
SELECT (ts / 900000) * 900, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''),
  input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 200000,
  coalesce(speed = 'fast', 0), cost_usd IS NOT NULL,
  count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0)
FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7;
