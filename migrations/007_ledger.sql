-- Claude Code's own running total of a session's list-price spend (budget_usd attachment
-- records, 2.1.200+), kept to check the price table against on the user's own data.
-- A record copied into a resumed or compacted file is the same row.
CREATE TABLE ledger (
  session_id TEXT NOT NULL,
  ts INTEGER NOT NULL,                 -- ms, when Claude Code wrote it
  used_usd REAL NOT NULL,              -- the session's spend so far, dollars
  agent TEXT NOT NULL,
  PRIMARY KEY (session_id, ts, used_usd)
) WITHOUT ROWID;
