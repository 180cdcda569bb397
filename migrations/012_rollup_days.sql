-- A version per UTC day of the usage rollup, bumped by every change to that day's rows, so a
-- reader that kept a day's figures knows whether they still hold: after a commit only the
-- days it touched are summed and priced again (usually today), not the whole period.
CREATE TABLE rollup_days (
  day INTEGER PRIMARY KEY, -- days since 1970-01-01, UTC
  version INTEGER NOT NULL,
  -- The day's responses: their sum is the count of responses without counting a million rows.
  responses INTEGER NOT NULL
);
INSERT INTO rollup_days (day, version, responses) SELECT bucket / 86400, 1, sum(responses) FROM usage_rollup GROUP BY 1;

CREATE TRIGGER rollup_days_insert AFTER INSERT ON usage_rollup BEGIN
  INSERT INTO rollup_days (day, version, responses) VALUES (NEW.bucket / 86400, 1, NEW.responses)
    ON CONFLICT (day) DO UPDATE SET version = version + 1, responses = responses + excluded.responses;
END;
CREATE TRIGGER rollup_days_update AFTER UPDATE ON usage_rollup BEGIN
  INSERT INTO rollup_days (day, version, responses)
    VALUES (NEW.bucket / 86400, 1, NEW.responses - iif(OLD.bucket / 86400 = NEW.bucket / 86400, OLD.responses, 0))
    ON CONFLICT (day) DO UPDATE SET version = version + 1, responses = responses + excluded.responses;
  INSERT INTO rollup_days (day, version, responses) SELECT OLD.bucket / 86400, 1, -OLD.responses WHERE OLD.bucket / 86400 != NEW.bucket / 86400
    ON CONFLICT (day) DO UPDATE SET version = version + 1, responses = responses + excluded.responses;
END;
CREATE TRIGGER rollup_days_delete AFTER DELETE ON usage_rollup BEGIN
  INSERT INTO rollup_days (day, version, responses) VALUES (OLD.bucket / 86400, 1, -OLD.responses)
    ON CONFLICT (day) DO UPDATE SET version = version + 1, responses = responses + excluded.responses;
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
