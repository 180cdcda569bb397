// OpenCode's SQLite database (opencode.db, OpenCode 1.2 and later), read-only while OpenCode
// writes to it. Two generations of message tables may be there, alone or together:
// - `message` (1.2 on): one row per message, its info as JSON in `data` (no id, no sessionID:
//   those are columns); the session's folder in `session.directory`;
// - `session_message` (OpenCode 2): typed rows, an assistant's tokens and cost in `data`
//   beside its content; the session's folder in `session_v2.directory`.
// Only named JSON fields are extracted, inside SQLite: a message's text, its content, its
// parts and its error message never reach this process. See README.md for the sources.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import type { EventSink } from '../types.js';
import { MAX_DOCUMENT_BYTES } from '../limits.js';
import { isRecord } from '../../lib/record.js';
import { emitMessage, type Layout, type MessageFields } from './message.js';

/** How long a scan waits on a busy database (in WAL, only a recovery or a checkpoint blocks a reader); past it the scan skips it. */
const BUSY_MS = 2_000;
/**
 * Rows created up to this long before the previous read are read again: a message OpenCode
 * dated (Date.now()) just before that read can commit just after it, and a row can reuse the
 * rowid of one a revert deleted. Re-reading is idempotent.
 */
export const WINDOW_MS = 15 * 60_000;
/** The most unfinished messages remembered per table (the newest): a live user has a handful. */
const MAX_PENDING = 500;

/** A message table as found in the schema. */
interface Table {
  /** The table its session_id refers to, when it has an id and a directory. */
  sessions: string | null;
  /**
   * How rows created lately are found: an index on time_created, one on (session_id,
   * time_created) walked session by session, or none (the table is scanned).
   */
  recent: 'created' | 'session' | null;
}

/** What a database holds. */
interface Tables {
  /** OpenCode 1.2+: `message` (id, session_id, time_created, data). */
  message: Table | null;
  /** OpenCode 2: `session_message` (id, session_id, type, time_created, data). */
  sessionMessage: (Table & { forks: boolean }) | null;
}

/** How far a table has been read. */
interface Mark {
  /** The largest rowid at the read: rows added since have larger ones. */
  rowid: number;
  /** When the read was (this machine's clock, which OpenCode's dates also come from). */
  at: number;
  /** Messages read unfinished: their tokens can still grow, so they are asked for by id until they finish. */
  pending: string[];
}

interface Cursor {
  /** PRAGMA schema_version the tables were found at: a change means looking again. */
  schema: number;
  tables: Tables;
  marks: { message: Mark | null; sessionMessage: Mark | null };
}

/** The JSON fields read from `message.data`, in order. */
const V1_FIELDS = [
  '$.role', '$.providerID', '$.modelID', '$.model.providerID', '$.model.modelID', '$.cost',
  '$.tokens.input', '$.tokens.output', '$.tokens.reasoning', '$.tokens.cache.read', '$.tokens.cache.write', '$.tokens.total',
  '$.time.created', '$.time.completed', '$.path.cwd', '$.path.root', '$.agent', '$.error.name',
];
/** The JSON fields read from an assistant's `session_message.data`, in order. */
const V2_FIELDS = [
  '$.model.providerID', '$.model.id', '$.cost',
  '$.tokens.input', '$.tokens.output', '$.tokens.reasoning', '$.tokens.cache.read', '$.tokens.cache.write', '$.tokens.total',
  '$.time.created', '$.time.completed', '$.agent', '$.error.type',
];

/** Reads what is new in an OpenCode database since `cursorText` and returns the new cursor. */
export function readDatabase(path: string, cursorText: string | null, sink: EventSink, now = Date.now()): string | null {
  companionsAreFiles(path);
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_MS });
  try {
    // One read transaction: the statements below see one snapshot, whatever OpenCode commits meanwhile.
    db.exec('BEGIN');
    try {
      return read(db, parseCursor(cursorText), sink, now);
    } finally {
      try {
        if (db.inTransaction) db.exec('COMMIT');
      } catch {
        // A statement left unfinished by an error: closing ends the (read-only) transaction.
      }
    }
  } finally {
    db.close();
  }
}

/**
 * SQLite opens a database (the scan has not opened it), its -journal (to look for a hot one), -wal and -shm by name, and
 * blocking: a FIFO named so would hang the scan in open(2) forever. Anything there but a
 * regular file makes the database unreadable for this scan (thrown, counted, asked again).
 */
function companionsAreFiles(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) {
    const st = statSync(path + suffix, { throwIfNoEntry: false });
    if (st && !st.isFile()) throw new Error(`${path}${suffix} is not a regular file`);
  }
}

function read(db: Database.Database, prev: Cursor | null, sink: EventSink, now: number): string | null {
  // The usual case is one statement: the rows added or changed since the marks, with the
  // schema's version and the largest rowids beside them. Only a new or changed schema has
  // the tables looked up again.
  let cursor = prev;
  let result = cursor ? tryQuery(db, cursor) : null;
  if (!cursor || !result || result.schema !== cursor.schema) {
    result?.rows.return?.();
    const tables = findTables(db);
    if (!tables.message && !tables.sessionMessage) {
      // Tables, but none of OpenCode's: another program's file under OpenCode's name.
      if (hasTables(db)) sink.issue('wrong_format');
      return null;
    }
    // A table that is still there keeps its mark; a new one is read from its start.
    cursor = {
      schema: 0,
      tables,
      marks: { message: tables.message ? (prev?.marks.message ?? null) : null, sessionMessage: tables.sessionMessage ? (prev?.marks.sessionMessage ?? null) : null },
    };
    result = query(db, cursor);
  }

  const pending: { message: string[]; sessionMessage: string[] } = { message: [], sessionMessage: [] };
  for (const [kind, id, sessionId, createdCol, fields, directory] of result.rows) {
    const f = decodeFields(fields, sink);
    if (!f) continue;
    const found = kind === 1 ? v1Message(f) : v2Message(f);
    if (!found) continue;
    const { fields: m, layout } = found;
    const outcome = emitMessage({ ...m, id, sessionId, created: m.created ?? createdCol, projects: [...m.projects, directory] }, layout, sink, now);
    if (outcome === 'pending' && typeof id === 'string') pending[kind === 1 ? 'message' : 'sessionMessage'].push(id);
  }
  const mark = (table: Table | null, rowid: number | null, ids: string[]): Mark | null =>
    table ? { rowid: rowid ?? 0, at: now, pending: ids.slice(-MAX_PENDING) } : null;
  const next: Cursor = {
    schema: result.schema,
    tables: cursor.tables,
    marks: {
      message: mark(cursor.tables.message, result.maxRowid.message, pending.message),
      sessionMessage: mark(cursor.tables.sessionMessage, result.maxRowid.sessionMessage, pending.sessionMessage),
    },
  };
  return JSON.stringify(next);
}

type Row = [kind: number, id: unknown, sessionId: unknown, created: unknown, fields: unknown, directory: unknown];
interface Result {
  schema: number;
  maxRowid: { message: number | null; sessionMessage: number | null };
  /** Streamed: a first scan of a big database is never held in memory whole. */
  rows: IterableIterator<Row>;
}

/** The cursor's query, or null when its tables are not what the cursor says (dropped, renamed). */
function tryQuery(db: Database.Database, cursor: Cursor): Result | null {
  try {
    return query(db, cursor);
  } catch (e) {
    if (e instanceof Database.SqliteError && e.code === 'SQLITE_ERROR') return null;
    throw e;
  }
}

function query(db: Database.Database, cursor: Cursor): Result {
  const { message, sessionMessage } = cursor.tables;
  const params: Record<string, number | string> = {};
  const parts = [`SELECT 0, (SELECT schema_version FROM pragma_schema_version()),
    ${message ? '(SELECT max(rowid) FROM message)' : 'NULL'}, ${sessionMessage ? '(SELECT max(rowid) FROM session_message)' : 'NULL'}, NULL, NULL`];
  const bounded = (col: string, fields: string[]) =>
    `CASE WHEN octet_length(${col}) > ${MAX_DOCUMENT_BYTES} THEN 'big' WHEN NOT json_valid(${col}) THEN 'bad'
      WHEN json_type(${col}) <> 'object' THEN 'odd' ELSE json_extract(${col}, ${fields.map((p) => `'${p}'`).join(', ')}) END`;
  // The rows to read: every one the first time; then those added since (a larger rowid),
  // those created lately (found by index), and those read unfinished last time (by id).
  const picked = (name: string, alias: string, table: Table, mark: Mark | null, key: string): string => {
    if (!mark) return '1';
    params[`${key}Rowid`] = mark.rowid;
    params[`${key}Since`] = mark.at - WINDOW_MS;
    params[`${key}Pending`] = JSON.stringify(mark.pending);
    const recent = table.recent === 'session' && table.sessions
      ? `SELECT r.rowid FROM "${table.sessions}" rs CROSS JOIN ${name} r ON r.session_id = rs.id WHERE r.time_created >= @${key}Since`
      : `SELECT rowid FROM ${name} WHERE time_created >= @${key}Since`;
    return `${alias}.rowid IN (SELECT rowid FROM ${name} WHERE rowid > @${key}Rowid
      UNION ALL SELECT rowid FROM ${name} WHERE id IN (SELECT value FROM json_each(@${key}Pending))
      UNION ALL ${recent})`;
  };
  if (message) {
    parts.push(`SELECT 1, m.id, m.session_id, m.time_created, ${bounded('m.data', V1_FIELDS)}, ${message.sessions ? 's.directory' : 'NULL'}
      FROM message m ${message.sessions ? `LEFT JOIN "${message.sessions}" s ON s.id = m.session_id` : ''}
      WHERE ${picked('message', 'm', message, cursor.marks.message, 'message')}`);
  }
  if (sessionMessage) {
    const where = [`sm.type = 'assistant'`, picked('session_message', 'sm', sessionMessage, cursor.marks.sessionMessage, 'sessionMessage')];
    if (message) {
      // OpenCode 2 copies each 1.x session's messages into session_message under new ids
      // (evt_legacy_backfill_m_…) and keeps the originals in `message`, read above; a row
      // of a session that `message` holds with the same creation time is such a copy too.
      where.push(`NOT ((sm.id LIKE 'evt\\_legacy\\_backfill\\_%' ESCAPE '\\' AND EXISTS (SELECT 1 FROM message l WHERE l.session_id = sm.session_id))
        OR EXISTS (SELECT 1 FROM message l WHERE l.session_id = sm.session_id AND l.time_created = sm.time_created))`);
    }
    if (sessionMessage.forks) {
      // A fork starts with copies of its parent's settled rows, under new ids and the same seq.
      where.push(`NOT (s.fork_session_id IS NOT NULL AND EXISTS (SELECT 1 FROM session_message p
        WHERE p.session_id = s.fork_session_id AND p.seq = sm.seq AND p.type = sm.type AND p.time_created = sm.time_created))`);
    }
    parts.push(`SELECT 2, sm.id, sm.session_id, sm.time_created, ${bounded('sm.data', V2_FIELDS)}, ${sessionMessage.sessions ? 's.directory' : 'NULL'}
      FROM session_message sm ${sessionMessage.sessions ? `LEFT JOIN "${sessionMessage.sessions}" s ON s.id = sm.session_id` : ''}
      WHERE ${where.join(' AND ')}`);
  }
  // UNION ALL returns its parts in order: the schema's row comes first.
  const rows = db.prepare(parts.join('\nUNION ALL\n')).raw().iterate(params) as IterableIterator<Row>;
  const head = rows.next();
  const first: unknown[] = head.done ? [] : head.value;
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  return { schema: int(first[1]) ?? 0, maxRowid: { message: int(first[2]), sessionMessage: int(first[3]) }, rows };
}

/** The extracted fields of a row, or null (and why) when its data could not be read. */
function decodeFields(v: unknown, sink: EventSink): unknown[] | null {
  if (v === 'big') sink.issue('file_too_large');
  else if (v === 'odd') sink.issue('wrong_format');
  else if (typeof v === 'string' && v.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not what json_extract writes: reported below.
    }
    sink.issue('malformed_json');
  } else sink.issue('malformed_json');
  return null;
}

type Found = { fields: Omit<MessageFields, 'id' | 'sessionId'>; layout: Layout };

function v1Message(f: unknown[]): Found | null {
  const [role, providerId, modelId, modelProvider, modelModel, cost, input, output, reasoning, cacheRead, cacheWrite, total, created, completed, cwd, root, agent, error] = f;
  if (role !== 'assistant') return null;
  return {
    layout: 'v1',
    fields: {
      providerId: providerId ?? modelProvider, modelId: modelId ?? modelModel, cost, input, output, reasoning, cacheRead, cacheWrite, total,
      created, completed, projects: [cwd, root], agent, error,
    },
  };
}

function v2Message(f: unknown[]): Found {
  const [providerId, modelId, cost, input, output, reasoning, cacheRead, cacheWrite, total, created, completed, agent, error] = f;
  return {
    layout: 'v2',
    fields: { providerId, modelId, cost, input, output, reasoning, cacheRead, cacheWrite, total, created, completed, projects: [], agent, error },
  };
}

/** The message tables the schema holds. */
function findTables(db: Database.Database): Tables {
  const columns = (table: string): Set<string> => new Set(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]);
  const has = (table: string, needed: string[]) => {
    const cols = columns(table);
    return needed.every((c) => cols.has(c));
  };
  // Rows are found by rowid: a WITHOUT ROWID table is not OpenCode's.
  const usable = (table: string, needed: string[]) =>
    has(table, needed) && db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?").pluck().get(table) === 0;
  const sessions = (names: string[]) => names.find((t) => has(t, ['id', 'directory'])) ?? null;
  const recent = (table: string): Table['recent'] => {
    const leads = (db.prepare('SELECT name FROM pragma_index_list(?)').pluck().all(table) as string[])
      .map((index) => db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index) as string[]);
    if (leads.some((cols) => cols[0] === 'time_created')) return 'created';
    if (leads.some((cols) => cols[0] === 'session_id' && cols[1] === 'time_created')) return 'session';
    return null;
  };
  const message = usable('message', ['id', 'session_id', 'time_created', 'data']) ? { sessions: sessions(['session']), recent: recent('message') } : null;
  let sessionMessage: Tables['sessionMessage'] = null;
  if (usable('session_message', ['id', 'session_id', 'type', 'time_created', 'data'])) {
    const table = sessions(['session_v2', 'session']);
    sessionMessage = {
      sessions: table,
      recent: recent('session_message'),
      forks: table !== null && has(table, ['fork_session_id']) && has('session_message', ['seq']),
    };
  }
  return { message, sessionMessage };
}

function hasTables(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get() !== undefined;
}

/** A cursor this reader wrote, or null (read from the start) for anything else. */
function parseCursor(text: string | null): Cursor | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(v) || typeof v.schema !== 'number' || !isRecord(v.tables) || !isRecord(v.marks)) return null;
  const int = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) ? x : null);
  const name = (x: unknown) => (x === 'session' || x === 'session_v2' ? x : null);
  const table = (x: unknown): Table | null =>
    isRecord(x) ? { sessions: name(x.sessions), recent: x.recent === 'created' || x.recent === 'session' ? x.recent : null } : null;
  const mark = (x: unknown): Mark | null => {
    if (!isRecord(x)) return null;
    const rowid = int(x.rowid);
    const at = int(x.at);
    if (rowid === null || at === null || !Array.isArray(x.pending)) return null;
    return { rowid, at, pending: x.pending.filter((i): i is string => typeof i === 'string').slice(-MAX_PENDING) };
  };
  const message = table(v.tables.message);
  const sm = table(v.tables.sessionMessage);
  const forks = isRecord(v.tables.sessionMessage) && v.tables.sessionMessage.forks === true;
  return {
    schema: v.schema,
    tables: { message, sessionMessage: sm ? { ...sm, forks } : null },
    marks: { message: message ? mark(v.marks.message) : null, sessionMessage: sm ? mark(v.marks.sessionMessage) : null },
  };
}
