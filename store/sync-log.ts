// The local change log `runway sync` reads: every response inserted or changed gets a new,
// larger number (seq), and the team database keeps the largest it has per device. Created
// on the first sync only, so a machine that never syncs pays nothing in its scans.
import type { Db } from './db.js';

// A change moves the response's entry to a new number: deleted, then inserted (not INSERT OR
// REPLACE: in a trigger the outer statement's conflict rule overrides it). AUTOINCREMENT: a
// number is never handed out twice, even when the largest entry was the one removed (else a
// row changed right after a sync could get the number the team already has).
const LOG = 'DELETE FROM sync_log WHERE response_id = NEW.id; INSERT INTO sync_log (response_id) VALUES (NEW.id);';
const CREATE = `
CREATE TABLE sync_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, response_id INTEGER NOT NULL UNIQUE);
CREATE TRIGGER sync_log_insert AFTER INSERT ON responses BEGIN ${LOG} END;
CREATE TRIGGER sync_log_update AFTER UPDATE ON responses BEGIN ${LOG} END;`;

/** The columns both databases have: what a sync sends of each response (not its id, origin or file). */
export const SYNC_COLUMNS = [
  'key', 'agent', 'message_id', 'request_id', 'ts', 'session_id', 'agent_id', 'sidechain', 'project', 'git_branch', 'entrypoint',
  'version', 'model', 'input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens',
  'web_search_requests', 'reasoning_tokens', 'premium_requests', 'speed', 'inference_geo', 'service_tier', 'cost_usd', 'agent_type',
  'skill', 'mcp_server', 'mcp_tool', 'plugin', 'tools', 'turn_id', 'topic', 'actions', 'run_name', 'user_id',
] as const;

/** A response's values, in SYNC_COLUMNS order. */
export type SyncValues = unknown[];

export function hasSyncLog(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_log'").get() !== undefined;
}

/**
 * The machine's device id, and the change log, created with it on the first call: every row
 * there is logged once, numbered from above `after` (a rebuilt database continues the
 * numbers of the one it replaces, so none is below what the team already has).
 */
export function startSync(db: Db, after = 0): string {
  return db.transaction(() => {
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)").run(crypto().randomUUID());
    if (!hasSyncLog(db)) {
      db.exec(CREATE);
      if (after > 0) db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_log', ?)").run(after);
      db.exec('INSERT INTO sync_log (response_id) SELECT id FROM responses ORDER BY id');
    }
    return db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get() as string;
  }).immediate();
}

/** The device id, when this database has one. */
export function deviceId(db: Db): string | null {
  return (db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get() as string | undefined) ?? null;
}

/** The largest change number handed out (0: none). */
export function lastSeq(db: Db): number {
  if (!hasSyncLog(db)) return 0;
  return (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sync_log'").pluck().get() as number | undefined) ?? 0;
}

/** How many changes are above `after`: what a sync from there sends at most. */
export function changesAfter(db: Db, after: number): number {
  return db.prepare('SELECT count(*) FROM sync_log WHERE seq > ?').pluck().get(after) as number;
}

/**
 * The next changes above `after`, oldest first: up to `limit` log entries, with the highest
 * seq they reach (a response pruned since it was logged has no row, but its number is passed).
 * Rows as arrays, not objects: a first sync reads every row, and 36 keys per object cost 4×.
 */
export function changesBatch(db: Db, after: number, limit: number): { rows: SyncValues[]; maxSeq: number } {
  const entries = db.prepare(`SELECT s.seq, ${SYNC_COLUMNS.map((c) => `r.${c}`).join(', ')}
    FROM sync_log s LEFT JOIN responses r ON r.id = s.response_id WHERE s.seq > ? ORDER BY s.seq LIMIT ?`).raw().all(after, limit) as unknown[][];
  const rows: SyncValues[] = [];
  // key (first after seq) is never NULL in a row that exists.
  for (const e of entries) if (e[1] !== null) rows.push(e.slice(1));
  return { rows, maxSeq: (entries.at(-1)?.[0] as number | undefined) ?? after };
}

/** node:crypto when it is needed: loading it costs every command ~10 ms, and only a first sync uses it. */
function crypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
