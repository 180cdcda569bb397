-- The 5-hour and 7-day quota readings Claude Code hands to the status line (rate_limits).
-- A reading is stored only when it differs from the window's previous one, so a status
-- line refreshing every second adds a row per change, not per refresh.
CREATE TABLE quota_snapshots (
  window TEXT NOT NULL,                -- 'five_hour' or 'seven_day'
  ts INTEGER NOT NULL,                 -- ms, when the status line received it
  used_percentage REAL NOT NULL,       -- 0–100
  resets_at INTEGER,                   -- ms, when the window resets
  session_id TEXT,
  PRIMARY KEY (window, ts)
) WITHOUT ROWID;
