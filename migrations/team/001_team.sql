-- The team's database on PostgreSQL: every device's responses, pushed by `runway sync`, and
-- the rollup the team reports read, kept by the statement triggers below in the same
-- transaction as the rows. Applied by `runway team init` (and before every sync) in order,
-- each recorded in team_schema. Content-blind: the same fields as each device's own database.

CREATE TABLE team_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
-- The key of the keyed project names that team.hide_paths sends instead of paths: one per
-- team, so one folder gets one name on every device.
INSERT INTO team_meta VALUES ('name_key', replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''));

CREATE TABLE devices (
  device_id uuid PRIMARY KEY,          -- made once per machine, kept in its local database
  person text NOT NULL,                -- team.person, else the user name
  label text NOT NULL,                 -- the machine's host name, to tell devices apart in reports
  first_sync_at timestamptz NOT NULL DEFAULT now(),
  last_sync_at timestamptz NOT NULL DEFAULT now(),
  high_water bigint NOT NULL DEFAULT 0 -- the device's last change number the team has
);

CREATE TABLE responses (
  device_id uuid NOT NULL REFERENCES devices ON DELETE CASCADE,
  key text NOT NULL,
  agent text NOT NULL,
  message_id text,
  request_id text,
  ts bigint NOT NULL,                  -- milliseconds since the epoch, UTC
  session_id text,
  agent_id text,
  sidechain boolean NOT NULL DEFAULT false,
  project text,                        -- the path, or its keyed name with team.hide_paths
  git_branch text,
  entrypoint text,
  version text,
  model text,
  input_tokens bigint NOT NULL,
  output_tokens bigint NOT NULL,
  cache_write_5m_tokens bigint NOT NULL,
  cache_write_1h_tokens bigint NOT NULL,
  cache_read_tokens bigint NOT NULL,
  web_search_requests bigint NOT NULL,
  reasoning_tokens bigint NOT NULL DEFAULT 0,
  premium_requests bigint NOT NULL DEFAULT 0,
  speed text,
  inference_geo text,
  service_tier text,
  cost_usd double precision,           -- cost the log recorded, when it did
  agent_type text,
  skill text,
  mcp_server text,
  mcp_tool text,
  plugin text,
  tools text,
  turn_id text,
  topic text,
  actions text,
  run_name text,
  user_id text,
  PRIMARY KEY (device_id, key)
);

-- Per device and 15-minute bucket, the sums of each group of responses priced alike (the
-- same keys as the local usage_rollup): every team report reads this, never the rows.
CREATE TABLE usage_rollup (
  device_id uuid NOT NULL REFERENCES devices ON DELETE CASCADE,
  bucket bigint NOT NULL,              -- seconds since the epoch, floored to 900
  agent text NOT NULL,
  model text NOT NULL,
  project text NOT NULL,
  entrypoint text NOT NULL,
  prompt_band integer NOT NULL,
  fast boolean NOT NULL,
  logged_cost boolean NOT NULL,
  us_only boolean NOT NULL,
  batch boolean NOT NULL,
  responses bigint NOT NULL,
  input_tokens bigint NOT NULL,
  output_tokens bigint NOT NULL,
  cache_write_5m_tokens bigint NOT NULL,
  cache_write_1h_tokens bigint NOT NULL,
  cache_read_tokens bigint NOT NULL,
  web_search_requests bigint NOT NULL,
  reasoning_tokens bigint NOT NULL,
  premium_requests bigint NOT NULL,
  cost_usd double precision NOT NULL,
  PRIMARY KEY (device_id, bucket, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch)
);
CREATE INDEX usage_rollup_bucket ON usage_rollup (bucket);

-- The rollup follows every statement on responses: what its rows are now is added, what
-- they were (an update) is taken out, grouped by the same keys as the local usage_rollup
-- (the prompt bands are core/pricing.ts PROMPT_BANDS). One function for both triggers: the
-- transition tables differ, so the rows it reads are named in its argument.
CREATE FUNCTION team_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
    ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows'
  END;
BEGIN
  EXECUTE format($sql$
    INSERT INTO usage_rollup AS u
    SELECT device_id, (ts / 900000) * 900, agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''),
      CASE
        WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 272000 THEN 272000
        WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 271999 THEN 271999
        WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 200000 THEN 200000
        WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 128000 THEN 128000
        WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > 100000 THEN 100000
        ELSE 0
      END,
      coalesce(speed = 'fast', false), cost_usd IS NOT NULL, coalesce(inference_geo = 'us', false), coalesce(service_tier = 'batch', false),
      sum(sign), sum(sign * input_tokens), sum(sign * output_tokens), sum(sign * cache_write_5m_tokens),
      sum(sign * cache_write_1h_tokens), sum(sign * cache_read_tokens), sum(sign * web_search_requests),
      sum(sign * reasoning_tokens), sum(sign * premium_requests), sum(sign * coalesce(cost_usd, 0))
    FROM (%s) AS d
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    ON CONFLICT (device_id, bucket, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch) DO UPDATE SET
      responses = u.responses + excluded.responses,
      input_tokens = u.input_tokens + excluded.input_tokens,
      output_tokens = u.output_tokens + excluded.output_tokens,
      cache_write_5m_tokens = u.cache_write_5m_tokens + excluded.cache_write_5m_tokens,
      cache_write_1h_tokens = u.cache_write_1h_tokens + excluded.cache_write_1h_tokens,
      cache_read_tokens = u.cache_read_tokens + excluded.cache_read_tokens,
      web_search_requests = u.web_search_requests + excluded.web_search_requests,
      reasoning_tokens = u.reasoning_tokens + excluded.reasoning_tokens,
      premium_requests = u.premium_requests + excluded.premium_requests,
      cost_usd = u.cost_usd + excluded.cost_usd
  $sql$, source);
  -- A group an update emptied (a response moved to another bucket or band) goes.
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM usage_rollup WHERE responses = 0 AND device_id IN (SELECT DISTINCT device_id FROM new_rows);
  END IF;
  RETURN NULL;
END
$fn$;

-- INSERT … ON CONFLICT DO UPDATE fires both: the inserted rows reach the first, the updated the second.
CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION team_rollup();
CREATE TRIGGER responses_rollup_update AFTER UPDATE ON responses
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION team_rollup();
