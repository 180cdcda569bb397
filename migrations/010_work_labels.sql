-- What each response's work looked like, as labels made while the log line was in memory
-- (sources/labels.ts): never a prompt's words, a command or a path.
--   turn_id  the id of the prompt record that opened the response's turn
--   topic    that prompt's topic, from its keywords
--   actions  the response's tool calls: edit:/read:<fingerprint>, run:<program>, check:<kind>
-- Fingerprints are keyed by a random key of this database's own.
ALTER TABLE responses ADD COLUMN turn_id TEXT;
ALTER TABLE responses ADD COLUMN topic TEXT;
ALTER TABLE responses ADD COLUMN actions TEXT;
INSERT INTO meta VALUES ('fingerprint_key', lower(hex(randomblob(16))));

-- Rows stored before have no labels: every log is read again from its start (upserts are
-- idempotent, so nothing is counted twice), which fills them in.
UPDATE files SET size = -1, offset = 0, lines = 0, checksum = NULL, tail = 0, cursor = NULL;
