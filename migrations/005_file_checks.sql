-- Files kept the first 64 bytes of every log (hex) to notice a rewrite: that is content.
-- Now a keyed hash of the bytes before the resume offset proves what was read (the key is
-- random per database), and files that have none yet are read again from the start once.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta VALUES ('file_check_key', lower(hex(randomblob(32))));

ALTER TABLE files DROP COLUMN head;
ALTER TABLE files ADD COLUMN checksum TEXT;               -- keyed hash of the bytes before offset
ALTER TABLE files ADD COLUMN tail INTEGER NOT NULL DEFAULT 0; -- bytes after offset without a newline, not read yet

-- Rows stored before counts were checked where they are read: an absurd count or cost
-- could overflow a sum or make it infinite. Drop them and read every file again (the
-- check above is new), which stores them with the bad value reported and left out.
DELETE FROM responses WHERE NOT (
  typeof(input_tokens) = 'integer' AND input_tokens BETWEEN 0 AND 1000000000
  AND typeof(output_tokens) = 'integer' AND output_tokens BETWEEN 0 AND 1000000000
  AND typeof(cache_write_5m_tokens) = 'integer' AND cache_write_5m_tokens BETWEEN 0 AND 1000000000
  AND typeof(cache_write_1h_tokens) = 'integer' AND cache_write_1h_tokens BETWEEN 0 AND 1000000000
  AND typeof(cache_read_tokens) = 'integer' AND cache_read_tokens BETWEEN 0 AND 1000000000
  AND typeof(web_search_requests) = 'integer' AND web_search_requests BETWEEN 0 AND 1000000000
  AND (cost_usd IS NULL OR (cost_usd BETWEEN 0 AND 1000000))
  AND ts BETWEEN 0 AND 253402300799999
);

-- The rollups, rebuilt from the rows that are left (as in rebuild_rollups.sql, frozen here).
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
