-- Which log file each response was kept from, so that rows whose log is gone can be found
-- (runway prune --missing). A response points at the files row (never a copy of the path);
-- it follows the response's metadata: the file of its most trustworthy sighting.
--
-- files gets an INTEGER PRIMARY KEY, so the rowid file_id refers to is its own column and
-- never changes: VACUUM may renumber the implicit rowid of a table keyed by a text column.
-- The rows keep the rowids they have.
CREATE TABLE files_new (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  dev INTEGER NOT NULL,
  ino INTEGER NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  offset INTEGER NOT NULL,             -- byte offset after the last complete line read
  lines INTEGER NOT NULL,              -- complete lines read, for file:line messages
  checksum TEXT,                       -- keyed hash of the bytes before offset
  tail INTEGER NOT NULL DEFAULT 0,     -- bytes after offset without a newline, not read yet
  scanned_at INTEGER NOT NULL
);
INSERT INTO files_new (id, path, dev, ino, size, mtime_ms, offset, lines, checksum, tail, scanned_at)
SELECT rowid, path, dev, ino, size, mtime_ms, offset, lines, checksum, tail, scanned_at FROM files;
DROP TABLE files;
ALTER TABLE files_new RENAME TO files;

-- files.id of the file the response was kept from; NULL for rows stored before this migration.
ALTER TABLE responses ADD COLUMN file_id INTEGER;
