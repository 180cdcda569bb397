-- Other agents beside Claude Code. Two figures of their own, kept per response and in both
-- rollups: reasoning tokens (Codex, OpenCode, Copilot, Gemini's thoughts), which are part of
-- output_tokens and billed with it, never added on top; and premium requests (Copilot's own
-- unit). A source's per-file state (files.cursor, JSON the source owns: a Codex rollout's
-- last cumulative totals and model, a database's high-water mark) lets a rescan resume
-- where it stopped instead of reading from the start.
ALTER TABLE responses ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN premium_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_rollup ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_rollup ADD COLUMN premium_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session_usage ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session_usage ADD COLUMN premium_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE files ADD COLUMN cursor TEXT;

DROP TRIGGER responses_rollup_insert;
DROP TRIGGER responses_rollup_update;
DROP TRIGGER usage_delta_apply;
DROP VIEW usage_delta;

-- OpenAI's and Google's models change rates at other prompt sizes than Anthropic's (GPT-5.4
-- and later above 272k, one family above 271,999; some Gemini models above 128k): the
-- tracked thresholds (core/pricing.ts PROMPT_BANDS) grow, so prompt_band is redefined and
-- both rollups are rebuilt below from the rows.
ALTER TABLE responses DROP COLUMN prompt_band;
ALTER TABLE responses ADD COLUMN prompt_band INTEGER GENERATED ALWAYS AS (
  CASE
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 272000 THEN 272000
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 271999 THEN 271999
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 200000 THEN 200000
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 128000 THEN 128000
    WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 100000 THEN 100000
    ELSE 0
  END) VIRTUAL;

-- As in 006, with the two new figures.
CREATE VIEW usage_delta AS SELECT
  0 AS sign, 0 AS ts, '' AS session_id, '' AS agent, '' AS model, '' AS project, '' AS entrypoint,
  0 AS prompt_band, 0 AS fast, 0 AS logged_cost, 0 AS us_only, 0 AS batch,
  0 AS input_tokens, 0 AS output_tokens, 0 AS cache_write_5m_tokens, 0 AS cache_write_1h_tokens,
  0 AS cache_read_tokens, 0 AS web_search_requests, 0 AS cost_usd, 0 AS reasoning_tokens, 0 AS premium_requests
WHERE 0;

CREATE TRIGGER usage_delta_apply INSTEAD OF INSERT ON usage_delta BEGIN
  INSERT INTO usage_rollup (bucket, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch,
    responses, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens,
    web_search_requests, cost_usd, reasoning_tokens, premium_requests)
  VALUES (
    (NEW.ts / 900000) * 900, NEW.agent, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.us_only, NEW.batch,
    NEW.sign, NEW.sign * NEW.input_tokens, NEW.sign * NEW.output_tokens, NEW.sign * NEW.cache_write_5m_tokens,
    NEW.sign * NEW.cache_write_1h_tokens, NEW.sign * NEW.cache_read_tokens, NEW.sign * NEW.web_search_requests,
    NEW.sign * coalesce(NEW.cost_usd, 0), NEW.sign * NEW.reasoning_tokens, NEW.sign * NEW.premium_requests)
  ON CONFLICT DO UPDATE SET
    responses = responses + excluded.responses,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
    cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    web_search_requests = web_search_requests + excluded.web_search_requests,
    cost_usd = cost_usd + excluded.cost_usd,
    reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
    premium_requests = premium_requests + excluded.premium_requests;
  INSERT INTO session_usage (session_id, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch,
    first_ts, last_ts, responses, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
    cache_read_tokens, web_search_requests, cost_usd, reasoning_tokens, premium_requests)
  VALUES (
    coalesce(NEW.session_id, ''), NEW.agent, coalesce(NEW.model, ''), coalesce(NEW.project, ''), coalesce(NEW.entrypoint, ''),
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.us_only, NEW.batch, NEW.ts, NEW.ts,
    NEW.sign, NEW.sign * NEW.input_tokens, NEW.sign * NEW.output_tokens, NEW.sign * NEW.cache_write_5m_tokens,
    NEW.sign * NEW.cache_write_1h_tokens, NEW.sign * NEW.cache_read_tokens, NEW.sign * NEW.web_search_requests,
    NEW.sign * coalesce(NEW.cost_usd, 0), NEW.sign * NEW.reasoning_tokens, NEW.sign * NEW.premium_requests)
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
    cost_usd = cost_usd + excluded.cost_usd,
    reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
    premium_requests = premium_requests + excluded.premium_requests;
  DELETE FROM usage_rollup WHERE responses = 0 AND bucket = (NEW.ts / 900000) * 900;
  DELETE FROM session_usage WHERE responses = 0 AND session_id = coalesce(NEW.session_id, '');
END;

CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses BEGIN
  INSERT INTO usage_delta VALUES (1, NEW.ts, NEW.session_id, NEW.agent, NEW.model, NEW.project, NEW.entrypoint,
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.us_only, NEW.batch, NEW.input_tokens, NEW.output_tokens,
    NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.cache_read_tokens, NEW.web_search_requests, NEW.cost_usd,
    NEW.reasoning_tokens, NEW.premium_requests);
END;

CREATE TRIGGER responses_rollup_update AFTER UPDATE ON responses BEGIN
  INSERT INTO usage_delta VALUES (-1, OLD.ts, OLD.session_id, OLD.agent, OLD.model, OLD.project, OLD.entrypoint,
    OLD.prompt_band, OLD.fast, OLD.logged_cost, OLD.us_only, OLD.batch, OLD.input_tokens, OLD.output_tokens,
    OLD.cache_write_5m_tokens, OLD.cache_write_1h_tokens, OLD.cache_read_tokens, OLD.web_search_requests, OLD.cost_usd,
    OLD.reasoning_tokens, OLD.premium_requests);
  INSERT INTO usage_delta VALUES (1, NEW.ts, NEW.session_id, NEW.agent, NEW.model, NEW.project, NEW.entrypoint,
    NEW.prompt_band, NEW.fast, NEW.logged_cost, NEW.us_only, NEW.batch, NEW.input_tokens, NEW.output_tokens,
    NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.cache_read_tokens, NEW.web_search_requests, NEW.cost_usd,
    NEW.reasoning_tokens, NEW.premium_requests);
END;

-- The rows already stored, under the new bands (as in rebuild_rollups.sql, frozen here).
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
