-- Calls that runway-budget/sdk recorded from the user's own code (agent 'sdk', entrypoint
-- 'sdk-api'): the run they were made in and the user they were made for, both labels the
-- caller chose. NULL for every response read from a log.
ALTER TABLE responses ADD COLUMN run_name TEXT;
ALTER TABLE responses ADD COLUMN user_id TEXT;
-- A user's spend in a period, read before each guarded call. Partial, so a scan of the logs
-- (whose rows have no user) pays nothing for it.
CREATE INDEX responses_user ON responses (user_id, ts) WHERE user_id IS NOT NULL;
