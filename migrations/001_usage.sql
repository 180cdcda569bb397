-- One row per API response, holding its final usage. Never message text.
CREATE TABLE responses (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,            -- message id, else "req:" request id, else "uuid:" record uuid
  agent TEXT NOT NULL,                 -- the source adapter that read it
  message_id TEXT,
  request_id TEXT,
  ts INTEGER NOT NULL,                 -- milliseconds since the epoch, UTC
  session_id TEXT,
  agent_id TEXT,
  sidechain INTEGER NOT NULL,
  project TEXT,                        -- the session's cwd
  git_branch TEXT,
  entrypoint TEXT,
  version TEXT,
  model TEXT,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_write_5m_tokens INTEGER NOT NULL,
  cache_write_1h_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  web_search_requests INTEGER NOT NULL,
  speed TEXT,
  cost_usd REAL,                       -- cost the log recorded, when it did
  agent_type TEXT,
  skill TEXT,
  mcp_server TEXT,
  mcp_tool TEXT,
  plugin TEXT,
  tools TEXT,                          -- names of the tools the response called, comma-separated
  origin INTEGER NOT NULL              -- 3 own transcript, 2 embedded in another record, 1 copied history
);
CREATE INDEX responses_ts ON responses (ts);

-- Per-file scan state: what has been read, so a rescan reads only new bytes.
CREATE TABLE files (
  path TEXT PRIMARY KEY,
  dev INTEGER NOT NULL,
  ino INTEGER NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  offset INTEGER NOT NULL,             -- byte offset after the last complete line read
  lines INTEGER NOT NULL,              -- complete lines read, for file:line messages
  head TEXT NOT NULL,                  -- hex of the first bytes, to notice a file rewritten in place
  scanned_at INTEGER NOT NULL
);
