-- The rollup trigger, again: it looked for emptied groups in all of a device's rollup after
-- every statement (a first sync's every batch, an incremental sync of a few rows alike), which
-- grew with the device's history; now only in the buckets the statement's old rows were in.
CREATE OR REPLACE FUNCTION team_rollup() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
  -- A group an update emptied (a response moved to another bucket or band) goes. Only the
  -- old rows' buckets can hold one: looked up by the key's prefix, not a scan of the device's rollup.
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM usage_rollup u USING (SELECT DISTINCT device_id, (ts / 900000) * 900 AS bucket FROM old_rows) o
      WHERE u.device_id = o.device_id AND u.bucket = o.bucket AND u.responses = 0;
  END IF;
  RETURN NULL;
END
$fn$;

-- It runs with its owner's rights (who ran `runway team init`), so the role that syncs needs
-- no right on usage_rollup: it cannot write the team's figures except by sending rows. Its
-- search path is fixed to the schema the tables are in, as a definer's must be.
ALTER FUNCTION team_rollup() SECURITY DEFINER;
DO $do$ BEGIN
  EXECUTE format('ALTER FUNCTION team_rollup() SET search_path = pg_catalog, %I', current_schema());
END $do$;
REVOKE EXECUTE ON FUNCTION team_rollup() FROM PUBLIC;
