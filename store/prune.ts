// History removed on request (runway prune) and the database compared with, then replaced
// by, a fresh scan of the logs (runway rebuild): every statement both commands run.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../lib/paths.js';
import { DatabaseError, type Db } from './db.js';
import { SDK_AGENT } from './sdk-calls.js';
import { deviceId, hasSyncLog, lastSeq, startSync } from './sync-log.js';

/** Calls runway-budget/sdk recorded: they come from no log file, so a rebuild carries them over and --missing never selects them. */
const FROM_SDK = `agent = '${SDK_AGENT}'`;

/** Every token a response counts, as reports total them. */
const TOKENS = 'input_tokens + output_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens';

/** Which responses a prune removes: every condition given must hold. */
export interface Selection {
  /**
   * --missing: files.id of the log files no longer on disk. A response kept from one of them
   * is selected, and so is one whose files row is gone; one stored before file tracking
   * (file_id NULL), or recorded by runway-budget/sdk (never from a file), never is.
   */
  goneFiles?: number[];
  /** Responses before this instant, ms. */
  beforeMs?: number;
  /** Responses whose project path contains this text (as every --project). */
  project?: string;
}

/** The responses a condition selects, summed. */
export interface Summary {
  responses: number;
  tokens: number;
  firstTs: number | null;
  lastTs: number | null;
  /** Per 15-minute bucket (seconds since the epoch): a local day or month is a union of them. */
  buckets: { bucket: number; responses: number; tokens: number }[];
  /** Per project path ('' for none), most tokens first. */
  projects: { project: string; responses: number; tokens: number }[];
}

export interface PrunePlan {
  removed: Summary;
  /** With goneFiles: responses the other conditions select that predate file tracking, which are kept (SDK calls not among them). */
  untracked: number;
  /** Ledger records removed with them (see ledgerCondition). */
  ledger: number;
  /** files rows of deleted logs that no response is left to point at. */
  files: number;
}

/** The log files the database knows, with their files.id. */
export function knownFiles(db: Db): { id: number; path: string }[] {
  return db.prepare('SELECT id, path FROM files ORDER BY id').all() as { id: number; path: string }[];
}

interface Sql {
  /** A condition on a responses row; never NULL, so NOT (…) is its exact complement. */
  where: string;
  params: Record<string, string | number>;
}

function selectionSql(sel: Selection, missing = sel.goneFiles !== undefined): Sql {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  if (missing) {
    parts.push(`(file_id IS NOT NULL AND NOT ${FROM_SDK} AND (file_id IN (SELECT value FROM json_each(@gone)) OR file_id NOT IN (SELECT id FROM files)))`);
    params.gone = JSON.stringify(sel.goneFiles ?? []);
  }
  if (sel.beforeMs !== undefined) {
    parts.push('ts < @before');
    params.before = sel.beforeMs;
  }
  if (sel.project !== undefined) {
    parts.push("instr(coalesce(project, ''), @project) > 0");
    params.project = sel.project;
  }
  return { where: parts.length ? parts.join(' AND ') : '1', params };
}

/**
 * Claude Code's running totals (ledger) that would no longer be honest: each is compared
 * with the session's responses up to it, so in a session that loses responses every record
 * from its first lost response on goes, and all of a session left without responses; with
 * --before, the records before that date too (of the sessions the other conditions select,
 * when there are any). Evaluated before the responses are deleted.
 */
function ledgerCondition(sel: Selection, s: Sql): { with: string; where: string } {
  const only = sel.goneFiles === undefined && sel.project === undefined;
  const before = sel.beforeMs === undefined ? '' : ` OR (ledger.ts < @before${only ? '' : ' AND ledger.session_id IN (SELECT session_id FROM touched)'})`;
  return {
    with: `WITH touched AS (SELECT session_id, min(ts) AS first_ts, count(*) AS n FROM responses
      WHERE session_id IS NOT NULL AND ${s.where} GROUP BY session_id)`,
    where: `EXISTS (SELECT 1 FROM touched t WHERE t.session_id = ledger.session_id
      AND (ledger.ts >= t.first_ts OR t.n = (SELECT count(*) FROM responses r WHERE r.session_id = t.session_id)))${before}`,
  };
}

/** Gone files no response outside the selection points at: their rows go, so a file that reappears is read again. */
const FILES_CONDITION = (s: Sql) =>
  `id IN (SELECT value FROM json_each(@gone)) AND id NOT IN (SELECT file_id FROM responses WHERE file_id IS NOT NULL AND NOT (${s.where}))`;

/** The responses `where` selects in `table` (alias r), summed. */
function summarize(db: Db, table: string, where: string, params: Record<string, string | number>): Summary {
  const from = `FROM ${table} AS r WHERE ${where}`;
  const tokens = TOKENS.split(' + ').map((c) => `r.${c}`).join(' + ');
  const total = db.prepare(`SELECT count(*) AS responses, coalesce(sum(${tokens}), 0) AS tokens, min(r.ts) AS firstTs, max(r.ts) AS lastTs ${from}`)
    .get(params) as Omit<Summary, 'buckets' | 'projects'>;
  if (total.responses === 0) return { ...total, buckets: [], projects: [] };
  const buckets = db.prepare(`SELECT r.bucket AS bucket, count(*) AS responses, sum(${tokens}) AS tokens ${from} GROUP BY r.bucket ORDER BY r.bucket`)
    .all(params) as Summary['buckets'];
  const projects = db.prepare(`SELECT coalesce(r.project, '') AS project, count(*) AS responses, sum(${tokens}) AS tokens ${from}
    GROUP BY 1 ORDER BY 3 DESC, 1`).all(params) as Summary['projects'];
  return { ...total, buckets, projects };
}

/** What a prune with `sel` would remove, read without writing anything. */
export function prunePlan(db: Db, sel: Selection): PrunePlan {
  const s = selectionSql(sel);
  const removed = summarize(db, 'responses', s.where, s.params);
  let untracked = 0;
  if (sel.goneFiles !== undefined) {
    const others = selectionSql(sel, false);
    untracked = db.prepare(`SELECT count(*) FROM responses WHERE file_id IS NULL AND NOT ${FROM_SDK} AND ${others.where}`).pluck().get(others.params) as number;
  }
  const l = ledgerCondition(sel, s);
  const ledger = db.prepare(`${l.with} SELECT count(*) FROM ledger WHERE ${l.where}`).pluck().get(s.params) as number;
  const files = sel.goneFiles === undefined ? 0 : db.prepare(`SELECT count(*) FROM files WHERE ${FILES_CONDITION(s)}`).pluck().get(s.params) as number;
  return { removed, untracked, ledger, files };
}

/**
 * Removes what prunePlan(sel) lists, in one transaction that holds the write lock from its
 * start, and rebuilds the rollups from the rows left: there are no DELETE triggers, and a
 * rebuild also narrows each session's first and last time, which subtracting cannot.
 * Returns the plan it carried out, read inside the same transaction.
 */
export function prune(db: Db, sel: Selection): PrunePlan {
  const s = selectionSql(sel);
  const l = ledgerCondition(sel, s);
  const rebuild = readFileSync(join(packageRoot(), 'migrations', 'rebuild_rollups.sql'), 'utf8');
  return db.transaction(() => {
    const plan = prunePlan(db, sel);
    if (plan.ledger) db.prepare(`${l.with} DELETE FROM ledger WHERE ${l.where}`).run(s.params);
    if (plan.removed.responses) db.prepare(`DELETE FROM responses WHERE ${s.where}`).run(s.params);
    if (plan.files) db.prepare(`DELETE FROM files WHERE ${FILES_CONDITION(s)}`).run(s.params);
    if (plan.removed.responses) db.exec(rebuild);
    return plan;
  }).immediate();
}

/** The current database beside a fresh scan of the logs. */
export interface Comparison {
  current: { responses: number; tokens: number };
  fresh: { responses: number; tokens: number };
  /** In the database, not in the logs any more: what replacing it would lose. */
  lost: Summary;
  /** Calls runway-budget/sdk recorded: in no log, carried over. */
  sdkCalls: number;
  /** In the logs, not in the database (pruned, or not scanned yet). */
  added: Summary;
  /** In both, with other counts, cost or model. */
  changed: number;
  /** Ledger records in the database and not in the logs. */
  ledgerLost: number;
  /** Quota readings: from the status line, never in the logs. */
  quotaReadings: number;
}

/** Compares the database with the fresh one at `freshPath` (attached for the comparison only). */
export function compareWithFresh(db: Db, freshPath: string): Comparison {
  db.prepare("ATTACH DATABASE ? AS fresh").run(freshPath);
  try {
    const totals = (schema: string) => db.prepare(`SELECT count(*) AS responses, coalesce(sum(${TOKENS}), 0) AS tokens FROM ${schema}.responses`)
      .get() as Comparison['current'];
    return {
      current: totals('main'),
      fresh: totals('fresh'),
      lost: summarize(db, 'main.responses', `NOT r.${FROM_SDK} AND NOT EXISTS (SELECT 1 FROM fresh.responses f WHERE f.key = r.key)`, {}),
      sdkCalls: db.prepare(`SELECT count(*) FROM main.responses WHERE ${FROM_SDK}`).pluck().get() as number,
      added: summarize(db, 'fresh.responses', 'NOT EXISTS (SELECT 1 FROM main.responses m WHERE m.key = r.key)', {}),
      changed: db.prepare(`SELECT count(*) FROM main.responses m JOIN fresh.responses f ON f.key = m.key
        WHERE (m.input_tokens, m.output_tokens, m.cache_write_5m_tokens, m.cache_write_1h_tokens, m.cache_read_tokens, m.web_search_requests, m.cost_usd, m.model)
          IS NOT (f.input_tokens, f.output_tokens, f.cache_write_5m_tokens, f.cache_write_1h_tokens, f.cache_read_tokens, f.web_search_requests, f.cost_usd, f.model)`)
        .pluck().get() as number,
      ledgerLost: db.prepare(`SELECT count(*) FROM main.ledger m WHERE NOT EXISTS
        (SELECT 1 FROM fresh.ledger f WHERE f.session_id = m.session_id AND f.ts = m.ts AND f.used_usd = m.used_usd)`).pluck().get() as number,
      quotaReadings: db.prepare('SELECT count(*) FROM main.quota_snapshots').pluck().get() as number,
    };
  } finally {
    db.prepare('DETACH DATABASE fresh').run();
  }
}

/** A database file ready to be moved into place: its write-ahead log merged into it, so it is one file. */
export function settle(db: Db): void {
  db.pragma('journal_mode = DELETE');
  db.close();
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Replaces the database at `path` by the one at `freshPath` (settled, in the same folder),
 * carrying over what no log holds, the quota readings and the calls runway-budget/sdk
 * recorded, and the sync state (`runway sync`): the device id, and change numbers going on
 * above the old ones, so every row is sent again (merged, never counted twice) and none is
 * missed; returns how many readings and calls. No connection of this process may be open on `path`.
 *
 * Another process with the database open holds a lock that keeps it in WAL mode: leaving
 * WAL mode is how its absence is proven (a status line run or a check closes within a
 * moment, so a few tries are made). Then an exclusive lock stops every reader and writer
 * while the quota readings are copied, the old -wal and -shm are removed and the fresh file
 * is renamed over the old one. A process that opened the old file meanwhile cannot write
 * to it: SQLite refuses to write a database whose file was moved (SQLITE_READONLY_DBMOVED).
 */
export function replaceDatabase(path: string, freshPath: string): { quotaReadings: number; sdkCalls: number } {
  const current = new Database(path);
  try {
    current.pragma('busy_timeout = 0');
    for (let attempt = 0; ; attempt++) {
      try {
        current.pragma('journal_mode = DELETE');
        break;
      } catch (e) {
        if (!String((e as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw e;
        if (attempt >= 20) throw new DatabaseError('it is open in another process: stop runway serve and runway watch, then run runway rebuild --yes again (nothing was replaced)');
        sleep(100);
      }
    }
    current.pragma('busy_timeout = 10000');
    current.exec('BEGIN EXCLUSIVE');
    try {
      const readings = current.prepare('SELECT window, ts, used_percentage, resets_at, session_id FROM quota_snapshots').raw().all() as unknown[][];
      // Every stored column of the SDK's rows (not id, not the generated ones); the fresh
      // database's insert triggers add them to its rollups.
      const columns = (current.prepare('SELECT name FROM pragma_table_xinfo(\'responses\') WHERE hidden = 0 AND name != \'id\'').pluck().all() as string[])
        .map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
      const calls = current.prepare(`SELECT ${columns} FROM responses WHERE ${FROM_SDK} ORDER BY id`).raw().all() as unknown[][];
      const device = deviceId(current);
      const synced = hasSyncLog(current) ? lastSeq(current) : null;
      const fresh = new Database(freshPath);
      try {
        const insert = fresh.prepare('INSERT OR REPLACE INTO quota_snapshots (window, ts, used_percentage, resets_at, session_id) VALUES (?, ?, ?, ?, ?)');
        const insertCall = calls.length ? fresh.prepare(`INSERT INTO responses (${columns}) VALUES (${calls[0]!.map(() => '?').join(', ')}) ON CONFLICT (key) DO NOTHING`) : null;
        fresh.transaction(() => {
          for (const r of readings) insert.run(...r);
          for (const c of calls) insertCall!.run(...c);
          if (device) fresh.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('device_id', ?)").run(device);
        })();
        if (synced !== null) startSync(fresh, synced);
      } finally {
        fresh.close();
      }
      // A write-ahead log left beside the new file would be replayed into it.
      for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
      chmodSync(freshPath, statSync(path).mode & 0o777);
      renameSync(freshPath, path);
      return { quotaReadings: readings.length, sdkCalls: calls.length };
    } finally {
      current.exec('COMMIT');
    }
  } finally {
    current.close();
  }
}

/** Removes a database file and the files SQLite keeps beside it. */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) if (existsSync(`${path}${suffix}`)) rmSync(`${path}${suffix}`, { force: true });
}
