-- A version per UTC day of the usage rollup, bumped by every change to that day's rows, so a
-- reader that kept a day's figures knows whether they still hold: after a commit only the
-- days it touched are summed and priced again (usually today), not the whole period.
CREATE TABLE rollup_days (
  day INTEGER PRIMARY KEY, -- days since 1970-01-01, UTC
  version INTEGER NOT NULL
);
INSERT INTO rollup_days (day, version) SELECT DISTINCT bucket / 86400, 1 FROM usage_rollup;

CREATE TRIGGER rollup_days_insert AFTER INSERT ON usage_rollup BEGIN
  INSERT INTO rollup_days (day, version) VALUES (NEW.bucket / 86400, 1)
    ON CONFLICT (day) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER rollup_days_update AFTER UPDATE ON usage_rollup BEGIN
  INSERT INTO rollup_days (day, version) VALUES (NEW.bucket / 86400, 1)
    ON CONFLICT (day) DO UPDATE SET version = version + 1;
  INSERT INTO rollup_days (day, version) SELECT OLD.bucket / 86400, 1 WHERE OLD.bucket / 86400 != NEW.bucket / 86400
    ON CONFLICT (day) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER rollup_days_delete AFTER DELETE ON usage_rollup BEGIN
  INSERT INTO rollup_days (day, version) VALUES (OLD.bucket / 86400, 1)
    ON CONFLICT (day) DO UPDATE SET version = version + 1;
END;

-- Figures of past days kept for the next process (the status line runs once per refresh):
-- per reader key (zone, filter, prices) and local date, the rows as JSON and the versions of
-- the UTC days they were read from. Usage sums only, the same as the rollup holds.
CREATE TABLE day_figures (
  reader TEXT NOT NULL,
  date TEXT NOT NULL,
  stamp TEXT NOT NULL,
  rows TEXT NOT NULL,
  PRIMARY KEY (reader, date)
) WITHOUT ROWID;
