// The OpenCode source against fixtures written here in OpenCode's own layouts: the SQLite
// database of 1.2 and later (tables as its drizzle schema creates them), OpenCode 2's
// session_v2/session_message tables, and the JSON storage tree of earlier versions.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { opencode } from '../../sources/opencode/index.js';
import { WINDOW_MS } from '../../sources/opencode/database.js';
import { outputSplit } from '../../sources/opencode/message.js';
import type { EventSink, ParseIssue, UsageEvent } from '../../sources/types.js';
import { MAX_DOCUMENT_BYTES } from '../../sources/limits.js';
import { exportToStorage } from '../../bench/opencode-export.js';
import { SECRET, tempDb } from '../helpers/logs.js';

// Recent enough that an unfinished message is still waited for, old enough that rows are
// far apart from each other and from the read margin.
const T0 = Date.now() - 3 * 3_600_000;
/** The built code (test/global-setup.ts builds it before any test), for scans run in a child process. */
const DIST = join(import.meta.dirname, '..', '..', 'dist');
const MIN = 60_000;

/** A temporary XDG_DATA_HOME: OpenCode's folder is its opencode/. */
function home() {
  const xdg = mkdtempSync(join(tmpdir(), 'runway-opencode-'));
  const dir = join(xdg, 'opencode');
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    env: { XDG_DATA_HOME: xdg, HOME: xdg } as Record<string, string | undefined>,
    write(rel: string, content: string | Buffer) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    },
  };
}

interface Row {
  key: string;
  agent: string;
  session_id: string | null;
  project: string | null;
  model: string | null;
  ts: number;
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  cost_usd: number | null;
  agent_type: string | null;
}
const rows = (db: Db) => db.prepare('SELECT * FROM responses ORDER BY key').all() as Row[];
const runScan = (db: Db, env: Record<string, string | undefined>) => scan(db, { env, sources: [opencode] });

// ---- OpenCode 1.2's database: the tables its drizzle schema creates (session.sql.ts) ----

const V1_SCHEMA = `
CREATE TABLE project (id text PRIMARY KEY, worktree text NOT NULL, vcs text, name text, time_created integer NOT NULL, time_updated integer NOT NULL, sandboxes text NOT NULL);
CREATE TABLE session (id text PRIMARY KEY, project_id text NOT NULL, workspace_id text, parent_id text, slug text NOT NULL,
  directory text NOT NULL, path text, title text NOT NULL, version text NOT NULL, share_url text, summary_additions integer,
  summary_deletions integer, summary_files integer, summary_diffs text, revert text, permission text,
  time_created integer NOT NULL, time_updated integer NOT NULL, time_compacting integer, time_archived integer,
  FOREIGN KEY (project_id) REFERENCES project(id) ON DELETE CASCADE);
CREATE TABLE message (id text PRIMARY KEY, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL,
  data text NOT NULL, FOREIGN KEY (session_id) REFERENCES session(id) ON DELETE CASCADE);
CREATE TABLE part (id text PRIMARY KEY, message_id text NOT NULL, session_id text NOT NULL, time_created integer NOT NULL,
  time_updated integer NOT NULL, data text NOT NULL, FOREIGN KEY (message_id) REFERENCES message(id) ON DELETE CASCADE);
CREATE INDEX message_session_time_created_id_idx ON message (session_id, time_created, id);
CREATE INDEX part_message_id_id_idx ON part (message_id, id);
CREATE INDEX session_parent_idx ON session (parent_id);`;

// ---- OpenCode 2: session_v2 and session_message (as sqlite_master of a 2.0 database shows them) ----

const V2_SCHEMA = `
CREATE TABLE session_v2 (id text PRIMARY KEY, project_id text NOT NULL, workspace_id text, parent_id text, fork_session_id text,
  fork_boundary text, slug text NOT NULL, directory text NOT NULL, path text, title text, version text NOT NULL, share_url text,
  summary_additions integer, summary_deletions integer, summary_files integer, summary_diffs text, metadata text,
  cost real DEFAULT 0 NOT NULL, tokens_input integer DEFAULT 0 NOT NULL, tokens_output integer DEFAULT 0 NOT NULL,
  tokens_reasoning integer DEFAULT 0 NOT NULL, tokens_cache_read integer DEFAULT 0 NOT NULL, tokens_cache_write integer DEFAULT 0 NOT NULL,
  revert text, permission text, agent text, model text, time_created integer NOT NULL, time_updated integer NOT NULL,
  time_idle integer, time_compacting integer, time_archived integer);
CREATE TABLE session_message (id text PRIMARY KEY, session_id text NOT NULL, type text NOT NULL, seq integer NOT NULL,
  time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL,
  FOREIGN KEY (session_id) REFERENCES session_v2(id) ON DELETE CASCADE);
CREATE UNIQUE INDEX session_message_session_seq_idx ON session_message (session_id, seq);
CREATE INDEX session_message_time_created_idx ON session_message (time_created);`;

function database(path: string, schema: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(schema);
  return db;
}

interface Tokens {
  input: number;
  output: number;
  reasoning?: number;
  cache?: { read: number; write: number };
  total?: number;
}

/** An assistant message's info as OpenCode 1.x writes it (message-v2.ts Assistant). */
function assistantInfo(o: { id: string; session: string; at: number; tokens?: Tokens; cost?: unknown; model?: string; provider?: string; cwd?: string; completed?: boolean; error?: boolean }): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: o.id,
    sessionID: o.session,
    role: 'assistant',
    time: o.completed === false ? { created: o.at } : { created: o.at, completed: o.at + 5_000 },
    parentID: `${o.id}_user`,
    modelID: o.model ?? 'claude-sonnet-4-5',
    providerID: o.provider ?? 'anthropic',
    mode: 'build',
    agent: 'build',
    path: { cwd: o.cwd ?? '/work/api', root: o.cwd ?? '/work/api' },
    cost: o.cost ?? 0.0123,
    tokens: o.tokens ? { reasoning: 0, cache: { read: 0, write: 0 }, ...o.tokens } : undefined,
    finish: 'stop',
  };
  if (o.error) info.error = { name: 'MessageAbortedError', data: { message: `aborted while writing ${SECRET}` } };
  return info;
}

function userInfo(id: string, session: string, at: number): Record<string, unknown> {
  return {
    id, sessionID: session, role: 'user', time: { created: at }, agent: 'build',
    model: { providerID: 'anthropic', modelID: 'claude-sonnet-4-5' }, summary: { title: `Fix ${SECRET}`, body: SECRET, diffs: [] },
  };
}

/** Writes a message row as OpenCode's updateMessage does: id and sessionID in columns, the rest in data. */
function putMessage(db: Database.Database, info: Record<string, unknown>, updated?: number) {
  const { id, sessionID, ...data } = info;
  const created = (info.time as { created: number }).created;
  db.prepare(`INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET data = excluded.data, time_updated = excluded.time_updated`).run(id, sessionID, created, updated ?? created, JSON.stringify(data));
  db.prepare('INSERT OR REPLACE INTO part (id, message_id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?)')
    .run(`prt_${String(id)}`, id, sessionID, created, created, JSON.stringify({ type: 'text', text: `the answer is ${SECRET}` }));
}

function putSession(db: Database.Database, id: string, directory: string, parent: string | null = null) {
  db.prepare("INSERT OR IGNORE INTO project VALUES ('prj_1', '/work', 'git', NULL, ?, ?, '[]')").run(T0, T0);
  db.prepare(`INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, time_created, time_updated)
    VALUES (?, 'prj_1', ?, 'slug', ?, ?, '1.3.2', ?, ?)`).run(id, parent, directory, `Title ${SECRET}`, T0, T0);
}

function putSessionV2(db: Database.Database, id: string, directory: string, o: { parent?: string; fork?: string } = {}) {
  db.prepare(`INSERT INTO session_v2 (id, project_id, parent_id, fork_session_id, slug, directory, title, version, time_created, time_updated)
    VALUES (?, 'prj_1', ?, ?, 'slug', ?, ?, '2.0.25', ?, ?)`).run(id, o.parent ?? null, o.fork ?? null, directory, `Title ${SECRET}`, T0, T0);
}

/** A session_message row as OpenCode 2's projector writes it: data without id and type, content inline. */
function putSessionMessage(db: Database.Database, o: { id: string; session: string; seq: number; at: number; type?: string; tokens?: Tokens; cost?: number; model?: string; provider?: string; completed?: boolean }) {
  const type = o.type ?? 'assistant';
  const data = type === 'assistant'
    ? {
        time: o.completed === false ? { created: o.at } : { created: o.at, completed: o.at + 4_000 },
        agent: 'build',
        model: { id: o.model ?? 'gpt-5.2', providerID: o.provider ?? 'openai' },
        content: [{ type: 'reasoning', text: `thinking about ${SECRET}` }, { type: 'text', text: `Done: ${SECRET}` }],
        finish: 'stop',
        cost: o.cost ?? 0.003,
        tokens: o.tokens ? { reasoning: 0, cache: { read: 0, write: 0 }, ...o.tokens } : undefined,
      }
    : { time: { created: o.at }, text: `please ${SECRET}`, files: [], agents: [] };
  db.prepare('INSERT INTO session_message (id, session_id, type, seq, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(o.id, o.session, type, o.seq, o.at, o.at, JSON.stringify(data));
}

/** Every value of every table of the Runway database, as text. */
function dump(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
}

/** A sink that keeps what a source emits, for calling the source directly. */
function collect(): EventSink & { events: UsageEvent[]; issues: ParseIssue[] } {
  const events: UsageEvent[] = [];
  const issues: ParseIssue[] = [];
  return { events, issues, event: (e) => events.push(e), ledger: () => {}, quota: () => {}, issue: (r) => issues.push(r) };
}

describe('where OpenCode writes', () => {
  it('reads ${XDG_DATA_HOME:-~/.local/share}/opencode, as OpenCode does', () => {
    expect(opencode.roots({ HOME: '/home/u' })).toEqual(['/home/u/.local/share/opencode']);
    expect(opencode.roots({ HOME: '/home/u', XDG_DATA_HOME: '/data' })).toEqual(['/data/opencode']);
  });

  it('reads the database and the message files, never parts, sessions or other files', () => {
    const kind = (p: string) => opencode.fileKind!(p);
    expect(kind('/d/opencode/opencode.db')).toBe('database');
    expect(kind('/d/opencode/opencode-dev.db')).toBe('database');
    expect(kind('/d/opencode/opencode.db-wal')).toBeNull();
    expect(kind('/d/opencode/storage/message/ses_1/msg_1.json')).toBe('document');
    expect(kind('/d/opencode/storage/part/msg_1/prt_1.json')).toBeNull();
    expect(kind('/d/opencode/storage/session/prj/ses_1.json')).toBeNull();
    expect(kind('/d/opencode/log/2026-01-01.log')).toBeNull();
    expect(kind('/d/opencode/auth.json')).toBeNull();
  });

  it('walks storage/message/<session>/ only, not the folders of parts, snapshots and logs', () => {
    const enters = (rel: string) => opencode.enters!(join('/d/opencode', rel), '/d/opencode');
    expect(['storage', 'storage/message', 'storage/message/ses_1'].map(enters)).toEqual([true, true, true]);
    expect(['storage/part', 'storage/part/msg_1', 'storage/session', 'storage/message/ses_1/x', 'snapshot', 'log', 'bin', 'tool-output'].map(enters).some(Boolean)).toBe(false);
    const h = home();
    h.write('storage/message/ses_1/msg_1.json', JSON.stringify(assistantInfo({ id: 'msg_1', session: 'ses_1', at: T0, tokens: { input: 3, output: 4 } })));
    // Files that would be read where they were found: never reached.
    h.write('snapshot/prj_1/opencode.db', randomBytes(4096));
    h.write('storage/part/msg_1/storage/message/ses_x/msg_x.json', '{');
    const db = openDb(tempDb());
    const report = runScan(db, h.env);
    expect(report.filesSeen).toBe(1);
    expect(report.issues).toEqual({});
  });
});

describe('OpenCode 1.2 database', () => {
  it('counts each assistant message with tokens once, in its own session, with its logged cost and folder', () => {
    const h = home();
    const oc = database(join(h.dir, 'opencode.db'), V1_SCHEMA);
    putSession(oc, 'ses_parent', '/work/api');
    putSession(oc, 'ses_child', '/work/api', 'ses_parent');
    putMessage(oc, userInfo('msg_u1', 'ses_parent', T0));
    putMessage(oc, assistantInfo({ id: 'msg_a1', session: 'ses_parent', at: T0 + MIN, tokens: { input: 1200, output: 300, cache: { read: 5000, write: 700 } }, cost: 0.0421 }));
    // A subagent's task: a child session (parent_id), counted as a session of its own.
    putMessage(oc, assistantInfo({ id: 'msg_c1', session: 'ses_child', at: T0 + 2 * MIN, tokens: { input: 80, output: 20 }, cost: 0, cwd: '/work/api/sub' }));
    // Under a subscription OpenCode logs a cost of 0: kept as the logged cost.
    // An assistant message without tokens (aborted before any): nothing.
    putMessage(oc, assistantInfo({ id: 'msg_a2', session: 'ses_parent', at: T0 + 3 * MIN, error: true }));
    oc.close();

    const db = openDb(tempDb());
    const report = runScan(db, h.env);
    expect(report.issues).toEqual({});
    expect(rows(db)).toMatchObject([
      { key: 'opencode:msg_a1', agent: 'opencode', session_id: 'ses_parent', project: '/work/api', model: 'claude-sonnet-4-5', ts: T0 + MIN,
        input_tokens: 1200, output_tokens: 300, reasoning_tokens: 0, cache_read_tokens: 5000, cache_write_5m_tokens: 700, cache_write_1h_tokens: 0,
        cost_usd: 0.0421, agent_type: 'build' },
      { key: 'opencode:msg_c1', session_id: 'ses_child', project: '/work/api/sub', input_tokens: 80, output_tokens: 20, cost_usd: 0 },
    ]);
    expect(dump(db)).not.toContain(SECRET);
  });

  it('adds reasoning to output when OpenCode logged it apart, and not when its output already held it', () => {
    const h = home();
    const oc = database(join(h.dir, 'opencode.db'), V1_SCHEMA);
    putSession(oc, 'ses_1', '/work/api');
    // Since the 2026 fix, output is the visible part: total = input + output + reasoning + cache.
    putMessage(oc, assistantInfo({ id: 'msg_apart', session: 'ses_1', at: T0, model: 'gpt-5.2', provider: 'openai',
      tokens: { input: 100, output: 40, reasoning: 60, cache: { read: 900, write: 0 }, total: 1100 } }));
    // Before it, the AI SDK's output as OpenAI gives it, reasoning included: total = input + output + cache.
    putMessage(oc, assistantInfo({ id: 'msg_within', session: 'ses_1', at: T0 + MIN, model: 'gpt-5.2', provider: 'openai',
      tokens: { input: 100, output: 100, reasoning: 60, cache: { read: 900, write: 0 }, total: 1100 } }));
    oc.close();
    const db = openDb(tempDb());
    runScan(db, h.env);
    expect(rows(db).map((r) => [r.key, r.output_tokens, r.reasoning_tokens])).toEqual([
      ['opencode:msg_apart', 100, 60],
      ['opencode:msg_within', 100, 60],
    ]);
  });

  it('reads again a message updated in place as it completes, and keeps one row with its final counts', () => {
    const h = home();
    const path = join(h.dir, 'opencode.db');
    const oc = database(path, V1_SCHEMA);
    putSession(oc, 'ses_1', '/work/api');
    const at = Date.now() - 10 * MIN;
    putMessage(oc, assistantInfo({ id: 'msg_live', session: 'ses_1', at, completed: false, tokens: { input: 4000, output: 12 } }), at);
    const db = openDb(tempDb());
    runScan(db, h.env);
    expect(rows(db)).toMatchObject([{ key: 'opencode:msg_live', input_tokens: 4000, output_tokens: 12 }]);

    // The step finishes: the same row, more tokens, a later time_updated.
    putMessage(oc, assistantInfo({ id: 'msg_live', session: 'ses_1', at, tokens: { input: 4000, output: 800, cache: { read: 100, write: 50 } } }), at + 2 * MIN);
    const second = runScan(db, h.env);
    expect(second.responsesAdded).toBe(0);
    expect(second.responsesUpdated).toBe(1);
    expect(rows(db)).toMatchObject([{ key: 'opencode:msg_live', input_tokens: 4000, output_tokens: 800, cache_read_tokens: 100, cache_write_5m_tokens: 50 }]);
    oc.close();
  });

  it('asks again for a message read unfinished, however long it takes to finish', () => {
    const h = home();
    const path = join(h.dir, 'opencode.db');
    const oc = database(path, V1_SCHEMA);
    putSession(oc, 'ses_1', '/work/api');
    // Started well before the read window (a task tool that runs for half an hour).
    const at = Date.now() - 2 * WINDOW_MS;
    putMessage(oc, assistantInfo({ id: 'msg_old', session: 'ses_1', at: at - 60 * MIN, tokens: { input: 1, output: 1 } }));
    putMessage(oc, assistantInfo({ id: 'msg_live', session: 'ses_1', at, completed: false, tokens: { input: 0, output: 0 } }));
    const db = openDb(tempDb());
    runScan(db, h.env);
    expect(rows(db).map((r) => r.key)).toEqual(['opencode:msg_old']);
    runScan(db, h.env);
    // Its tokens land in the same row (the same rowid, its old creation time): read, since it was unfinished.
    putMessage(oc, assistantInfo({ id: 'msg_live', session: 'ses_1', at, tokens: { input: 300, output: 30 } }));
    runScan(db, h.env);
    expect(rows(db).find((r) => r.key === 'opencode:msg_live')).toMatchObject({ input_tokens: 300, output_tokens: 30 });
    // Finished, it is no longer asked for.
    const cursor = JSON.parse(db.prepare('SELECT cursor FROM files WHERE path = ?').pluck().get(path) as string);
    expect(cursor.marks.message.pending).toEqual([]);
    oc.close();
  });

  it('finds rows added since, whether dated long ago (an import) or reusing the rowid of a reverted one', () => {
    const h = home();
    const path = join(h.dir, 'opencode.db');
    const oc = database(path, V1_SCHEMA);
    putSession(oc, 'ses_1', '/work/api');
    const now = Date.now();
    putMessage(oc, assistantInfo({ id: 'msg_1', session: 'ses_1', at: now - 5 * MIN, tokens: { input: 1, output: 1 } }));
    putMessage(oc, assistantInfo({ id: 'msg_2', session: 'ses_1', at: now - 4 * MIN, tokens: { input: 2, output: 2 } }));
    const db = openDb(tempDb());
    runScan(db, h.env);
    // A revert deletes the newest message; the next one takes its rowid.
    oc.prepare("DELETE FROM message WHERE id = 'msg_2'").run();
    putMessage(oc, assistantInfo({ id: 'msg_3', session: 'ses_1', at: now - MIN, tokens: { input: 3, output: 3 } }));
    expect(oc.prepare("SELECT rowid FROM message WHERE id = 'msg_3'").pluck().get()).toBe(2);
    // An imported session: rows dated months ago.
    putMessage(oc, assistantInfo({ id: 'msg_imported', session: 'ses_1', at: now - 90 * 86_400_000, tokens: { input: 4, output: 4 } }));
    runScan(db, h.env);
    expect(rows(db).map((r) => r.key)).toEqual(['opencode:msg_1', 'opencode:msg_2', 'opencode:msg_3', 'opencode:msg_imported']);
    oc.close();
  });

  it('reads only the rows past its mark: nothing new reads nothing and adds nothing', () => {
    const h = home();
    const path = join(h.dir, 'opencode.db');
    const oc = database(path, V1_SCHEMA);
    putSession(oc, 'ses_1', '/work/api');
    for (let i = 0; i < 5; i++) {
      putMessage(oc, assistantInfo({ id: `msg_${i}`, session: 'ses_1', at: T0 + i * 10 * MIN, tokens: { input: 10 + i, output: 5 } }));
    }
    const db = openDb(tempDb());
    expect(runScan(db, h.env).responsesAdded).toBe(5);
    const again = runScan(db, h.env);
    expect(again.responsesAdded).toBe(0);
    expect(again.responsesUpdated).toBe(0);

    // The source itself, from the cursor the scan kept: no row was added, none is recent
    // (all were created hours ago) and none was unfinished, so none is read.
    const cursor = db.prepare('SELECT cursor FROM files WHERE path = ?').pluck().get(path) as string;
    expect(JSON.parse(cursor).marks.message).toMatchObject({ rowid: 5, pending: [] });
    const quiet = collect();
    const same = JSON.parse(opencode.readDatabase!(path, cursor, quiet)!);
    expect(quiet.events).toEqual([]);
    expect(quiet.issues).toEqual([]);
    expect(same.marks.message.rowid).toBe(5);

    putMessage(oc, assistantInfo({ id: 'msg_5', session: 'ses_1', at: T0 + 50 * MIN, tokens: { input: 99, output: 9 } }));
    const fresh = collect();
    const next = JSON.parse(opencode.readDatabase!(path, cursor, fresh)!);
    expect(fresh.events.map((e) => e.key)).toEqual(['opencode:msg_5']);
    expect(next.marks.message.rowid).toBe(6);
    oc.close();
  });

  it('reads while OpenCode writes: a second connection in WAL mode inserting between and during scans', () => {
    const h = home();
    const path = join(h.dir, 'opencode.db');
    const writer = database(path, V1_SCHEMA);
    writer.pragma('busy_timeout = 5000');
    putSession(writer, 'ses_1', '/work/api');
    const db = openDb(tempDb());
    let expected = 0;
    for (let i = 0; i < 20; i++) {
      putMessage(writer, assistantInfo({ id: `msg_${String(i).padStart(2, '0')}`, session: 'ses_1', at: T0 + i * MIN, tokens: { input: 100, output: i + 1 } }));
      expected += i + 1;
      if (i % 3 === 0) expect(runScan(db, h.env).issues).toEqual({});
    }
    // A write transaction left open: the scan neither waits for it nor sees its rows.
    writer.exec('BEGIN IMMEDIATE');
    putMessage(writer, assistantInfo({ id: 'msg_open', session: 'ses_1', at: T0 + 30 * MIN, tokens: { input: 100, output: 1000 } }));
    const during = runScan(db, h.env);
    expect(during.issues).toEqual({});
    expect(rows(db).some((r) => r.key === 'opencode:msg_open')).toBe(false);
    writer.exec('COMMIT');
    expected += 1000;
    // And a checkpoint between scans moves the rows from the -wal into the file.
    writer.pragma('wal_checkpoint(TRUNCATE)');
    runScan(db, h.env);
    expect(rows(db)).toHaveLength(21);
    expect(rows(db).reduce((s, r) => s + r.output_tokens, 0)).toBe(expected);
    writer.close();
  });

  it('counts damaged rows as issues, never fatally, and reads the rest', () => {
    const h = home();
    const oc = database(join(h.dir, 'opencode.db'), V1_SCHEMA);
    putSession(oc, 'ses_1', '/work/api');
    putMessage(oc, assistantInfo({ id: 'msg_good', session: 'ses_1', at: T0, tokens: { input: 10, output: 2 } }));
    const raw = oc.prepare('INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)');
    raw.run('msg_torn', 'ses_1', T0, T0, '{"role":"assistant","tokens":{"input":');
    raw.run('msg_array', 'ses_1', T0, T0, '[1,2,3]');
    raw.run('msg_absurd', 'ses_1', T0, T0, JSON.stringify({ role: 'assistant', modelID: 'm', time: { created: T0 }, cost: 1e300, tokens: { input: -5, output: 1e12, reasoning: 0, cache: { read: 'many', write: 3 } } }));
    raw.run('msg_undated', 'ses_1', T0, T0, JSON.stringify({ role: 'assistant', time: { created: 'yesterday' }, tokens: { input: 1, output: 1 } }));
    raw.run('msg_big', 'ses_1', T0, T0, 'x');
    oc.prepare(`UPDATE message SET data = '{"role":"assistant","x":"' || hex(zeroblob(?)) || '"}' WHERE id = 'msg_big'`).run(MAX_DOCUMENT_BYTES / 2);
    oc.close();
    const db = openDb(tempDb());
    const report = runScan(db, h.env);
    expect(report.issues.malformed_json?.count).toBe(1);
    expect(report.issues.wrong_format?.count).toBe(1);
    expect(report.issues.bad_field?.count).toBe(1);
    expect(report.issues.file_too_large?.count).toBe(1);
    expect(report.issues.missing_timestamp?.count).toBe(1);
    expect(report.issues.unreadable_database).toBeUndefined();
    // The absurd row keeps its one sound count; the undated one cannot be placed in time.
    expect(rows(db)).toMatchObject([
      { key: 'opencode:msg_absurd', input_tokens: 0, output_tokens: 0, cache_write_5m_tokens: 3, cost_usd: null },
      { key: 'opencode:msg_good', input_tokens: 10 },
    ]);
  });
});

describe('OpenCode 2 database', () => {
  it('reads session_message assistants, with the folder of their session_v2, content never', () => {
    const h = home();
    const oc = database(join(h.dir, 'opencode.db'), V2_SCHEMA);
    putSessionV2(oc, 'ses_main', '/work/web');
    putSessionV2(oc, 'ses_sub', '/work/web', { parent: 'ses_main' });
    putSessionMessage(oc, { id: 'msg_u', session: 'ses_main', seq: 0, at: T0, type: 'user' });
    // OpenCode 2's cost adds reasoning at the output rate on top of output: they are apart.
    putSessionMessage(oc, { id: 'msg_a', session: 'ses_main', seq: 1, at: T0 + MIN, tokens: { input: 30, output: 40, reasoning: 10, cache: { read: 500, write: 100 } }, cost: 0.01 });
    putSessionMessage(oc, { id: 'msg_s', session: 'ses_sub', seq: 0, at: T0 + 2 * MIN, tokens: { input: 20, output: 5 }, model: 'claude-haiku-4-5', provider: 'anthropic' });
    oc.close();
    const db = openDb(tempDb());
    expect(runScan(db, h.env).issues).toEqual({});
    expect(rows(db)).toMatchObject([
      { key: 'opencode:msg_a', session_id: 'ses_main', project: '/work/web', model: 'gpt-5.2', input_tokens: 30, output_tokens: 50, reasoning_tokens: 10,
        cache_read_tokens: 500, cache_write_5m_tokens: 100, cost_usd: 0.01, ts: T0 + MIN },
      { key: 'opencode:msg_s', session_id: 'ses_sub', project: '/work/web', model: 'claude-haiku-4-5', input_tokens: 20, output_tokens: 5 },
    ]);
    expect(dump(db)).not.toContain(SECRET);
  });

  it("counts a 1.x session once when OpenCode 2 has copied it into session_message, and a fork's copied history once", () => {
    const h = home();
    const oc = database(join(h.dir, 'opencode.db'), V1_SCHEMA + V2_SCHEMA);
    putSession(oc, 'ses_old', '/work/api');
    putMessage(oc, assistantInfo({ id: 'msg_old', session: 'ses_old', at: T0, tokens: { input: 7, output: 3 } }));
    putSessionV2(oc, 'ses_old', '/work/api');
    // The backfill's copy, under an id of its own (message-backfill.ts), and one turn taken in OpenCode 2 since.
    putSessionMessage(oc, { id: 'evt_legacy_backfill_m_00000000_0123456789abcdef01234567', session: 'ses_old', seq: 0, at: T0, tokens: { input: 7, output: 3 } });
    putSessionMessage(oc, { id: 'msg_new', session: 'ses_old', seq: 1, at: T0 + 5 * MIN, tokens: { input: 11, output: 4 } });
    // A fork of it starts with a copy of its settled rows (same seq, same times, new ids).
    putSessionV2(oc, 'ses_fork', '/work/api', { fork: 'ses_old' });
    putSessionMessage(oc, { id: 'evt_fork_1', session: 'ses_fork', seq: 1, at: T0 + 5 * MIN, tokens: { input: 11, output: 4 } });
    putSessionMessage(oc, { id: 'msg_forked_turn', session: 'ses_fork', seq: 2, at: T0 + 9 * MIN, tokens: { input: 13, output: 6 } });
    oc.close();
    const db = openDb(tempDb());
    runScan(db, h.env);
    expect(rows(db).map((r) => [r.key, r.session_id, r.input_tokens])).toEqual([
      ['opencode:msg_forked_turn', 'ses_fork', 13],
      ['opencode:msg_new', 'ses_old', 11],
      ['opencode:msg_old', 'ses_old', 7],
    ]);
  });

  it('reads a table that appears after an upgrade from its start, keeping the mark of the other', () => {
    const h = home();
    const path = join(h.dir, 'opencode.db');
    const oc = database(path, V1_SCHEMA);
    putSession(oc, 'ses_1', '/work/api');
    putMessage(oc, assistantInfo({ id: 'msg_1', session: 'ses_1', at: T0, tokens: { input: 1, output: 1 } }));
    const db = openDb(tempDb());
    runScan(db, h.env);
    oc.exec(V2_SCHEMA);
    putSessionV2(oc, 'ses_2', '/work/web');
    putSessionMessage(oc, { id: 'msg_2', session: 'ses_2', seq: 0, at: T0 - 60 * MIN, tokens: { input: 2, output: 2 } });
    runScan(db, h.env);
    expect(rows(db).map((r) => r.key)).toEqual(['opencode:msg_1', 'opencode:msg_2']);
    oc.close();
  });
});

describe('JSON storage tree (before 1.2)', () => {
  it('reads storage/message/<session>/<message>.json in both layouts, parts and sessions never', () => {
    const h = home();
    // The older layout: providerID and modelID at the top.
    h.write('storage/session/prj_1/ses_j.json', JSON.stringify({ id: 'ses_j', projectID: 'prj_1', directory: '/work/j', title: `About ${SECRET}`, version: '1.1.13', time: { created: T0, updated: T0 } }));
    h.write('storage/message/ses_j/msg_j0.json', JSON.stringify(userInfo('msg_j0', 'ses_j', T0)));
    h.write('storage/message/ses_j/msg_j1.json', JSON.stringify(assistantInfo({ id: 'msg_j1', session: 'ses_j', at: T0 + MIN, model: 'gpt-5.2-codex', provider: 'openai', cost: 0,
      tokens: { input: 17857, output: 134, reasoning: 64, cache: { read: 0, write: 0 } } })));
    h.write('storage/part/msg_j1/prt_1.json', JSON.stringify({ id: 'prt_1', type: 'text', text: SECRET }));
    // The later layout: a model object beside them, the folder as a plain path, an error after billed tokens.
    h.write('storage/message/ses_k/msg_k1.json', JSON.stringify({
      id: 'msg_k1', sessionID: 'ses_k', role: 'assistant', time: { created: T0 + 2 * MIN }, model: { providerID: 'google', modelID: 'gemini-2.5-pro' },
      path: '/work/k', tokens: { input: 120, output: 50, reasoning: 40 }, cost: 0.002,
      error: { name: 'MessageAbortedError', data: { message: `stopped ${SECRET}` } },
    }));
    // An assistant message with no tokens at all (aborted before the first step): nothing.
    h.write('storage/message/ses_k/msg_k2.json', JSON.stringify({ id: 'msg_k2', sessionID: 'ses_k', role: 'assistant', time: { created: T0 + 3 * MIN }, modelID: 'gpt-4o-mini' }));
    const db = openDb(tempDb());
    const report = runScan(db, h.env);
    expect(report.issues).toEqual({});
    expect(rows(db)).toMatchObject([
      // 1.1.x stored the AI SDK's output for OpenAI as is, reasoning included: kept.
      { key: 'opencode:msg_j1', session_id: 'ses_j', project: '/work/api', model: 'gpt-5.2-codex', input_tokens: 17857, output_tokens: 134, reasoning_tokens: 64, cost_usd: 0 },
      // Gemini's output excluded its thoughts: they are added.
      { key: 'opencode:msg_k1', session_id: 'ses_k', project: '/work/k', model: 'gemini-2.5-pro', input_tokens: 120, output_tokens: 90, reasoning_tokens: 40, cost_usd: 0.002 },
    ]);
    expect(dump(db)).not.toContain(SECRET);
  });

  it('counts a message once when it is in the database and in a JSON file', () => {
    const h = home();
    const info = assistantInfo({ id: 'msg_both', session: 'ses_1', at: T0, tokens: { input: 500, output: 50, cache: { read: 10, write: 0 } } });
    // Named by its file, as OpenCode's migration names the row, whatever id the content kept.
    h.write('storage/message/ses_1/msg_both.json', JSON.stringify({ ...info, id: 'msg_stale', sessionID: 'ses_moved' }));
    const oc = database(join(h.dir, 'opencode.db'), V1_SCHEMA);
    putSession(oc, 'ses_1', '/work/api');
    putMessage(oc, info);
    oc.close();
    const db = openDb(tempDb());
    runScan(db, h.env);
    expect(rows(db)).toMatchObject([{ key: 'opencode:msg_both', session_id: 'ses_1', input_tokens: 500, output_tokens: 50 }]);
  });

  it('counts damaged and absurd files as issues and reads the rest', () => {
    const h = home();
    h.write('storage/message/ses_1/msg_t.json', '{"id":"msg_t","role":"assis');
    h.write('storage/message/ses_1/msg_l.json', '[{"id":"msg_l"}]');
    h.write('storage/message/ses_1/msg_n.json', '{"id":"msg_n"}');
    h.write('storage/message/ses_1/msg_x.json', JSON.stringify({ id: 'msg_x', role: 'assistant', time: { created: T0 }, tokens: 'lots' }));
    h.write('storage/message/ses_1/msg_a.json', JSON.stringify({ id: 'msg_a', role: 'assistant', modelID: 'x'.repeat(5000), time: { created: T0 }, cost: { input: 24 }, tokens: { input: 1.5, output: 7 } }));
    h.write('storage/message/ses_1/msg_f.json', JSON.stringify({ id: 'msg_f', role: 'assistant', time: { created: 1e17 }, tokens: { input: 1, output: 1 } }));
    h.write('storage/message/ses_1/msg_g.json', JSON.stringify(assistantInfo({ id: 'msg_g', session: 'ses_1', at: T0, tokens: { input: 3, output: 4 } })));
    const db = openDb(tempDb());
    const report = runScan(db, h.env);
    expect(report.issues.malformed_json?.count).toBe(1);
    expect(report.issues.wrong_format?.count).toBe(2);
    expect(report.issues.bad_usage?.count).toBe(1);
    expect(report.issues.bad_field?.count).toBe(1);
    expect(report.issues.missing_timestamp?.count).toBe(1);
    expect(rows(db)).toMatchObject([
      { key: 'opencode:msg_a', model: null, input_tokens: 0, output_tokens: 7, cost_usd: null },
      { key: 'opencode:msg_g', input_tokens: 3, output_tokens: 4 },
    ]);
  });
});

describe('a database that is not a readable OpenCode database', () => {
  it('counts a corrupt file as unreadable, and the scan reads the rest', () => {
    const h = home();
    h.write('opencode.db', randomBytes(64 * 1024));
    h.write('storage/message/ses_1/msg_1.json', JSON.stringify(assistantInfo({ id: 'msg_1', session: 'ses_1', at: T0, tokens: { input: 3, output: 4 } })));
    const db = openDb(tempDb());
    const report = runScan(db, h.env);
    expect(report.issues.unreadable_database?.count).toBe(1);
    expect(rows(db).map((r) => r.key)).toEqual(['opencode:msg_1']);
    // Asked again on the next scan, and counted again.
    expect(runScan(db, h.env).issues.unreadable_database?.count).toBe(1);
  });

  it('never opens a FIFO named like the database\'s journal, WAL or shared memory: the scan ends, the database counted unreadable', () => {
    // SQLite opens those by name, blocking: a FIFO would hang the scan. The scan runs in a
    // child (the built code, as the CLI tests run it), so a hang fails the test instead of stopping it.
    for (const suffix of ['-journal', '-wal', '-shm']) {
      const h = home();
      const oc = database(join(h.dir, 'opencode.db'), V1_SCHEMA);
      putSession(oc, 'ses_1', '/work/api');
      putMessage(oc, assistantInfo({ id: 'msg_1', session: 'ses_1', at: T0, tokens: { input: 3, output: 4 } }));
      oc.close();
      for (const f of ['-wal', '-shm']) rmSync(join(h.dir, `opencode.db${f}`), { force: true });
      execFileSync('mkfifo', [join(h.dir, `opencode.db${suffix}`)]);
      const script = `import { openDb } from ${JSON.stringify(join(DIST, 'store/db.js'))};
        import { scan } from ${JSON.stringify(join(DIST, 'scanner/scan.js'))};
        import { opencode } from ${JSON.stringify(join(DIST, 'sources/opencode/index.js'))};
        const r = scan(openDb(':memory:'), { env: ${JSON.stringify(h.env)}, sources: [opencode] });
        console.log(JSON.stringify({ issues: Object.keys(r.issues), responses: r.responsesTotal }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
      expect(r.signal, `opencode.db${suffix}: ${r.stderr}`).toBeNull();
      expect(JSON.parse(r.stdout), suffix).toEqual({ issues: ['unreadable_database'], responses: 0 });
    }
  });

  it("reports another program's database under OpenCode's name as the wrong format", () => {
    const h = home();
    const other = new Database(join(h.dir, 'opencode.db'));
    other.exec('CREATE TABLE notes (id integer PRIMARY KEY, body text)');
    other.close();
    const db = openDb(tempDb());
    expect(runScan(db, h.env).issues).toEqual({ wrong_format: expect.objectContaining({ count: 1 }) });
  });
});

describe('units', () => {
  it('tells reasoning apart from output by the total, else by the version and provider', () => {
    const c = { input: 10, cacheRead: 0, cacheWrite: 0 };
    expect(outputSplit({ ...c, output: 5, reasoning: 0, total: null }, 'v1', 'openai')).toEqual({ outputTokens: 5, reasoningTokens: 0 });
    expect(outputSplit({ ...c, output: 5, reasoning: 3, total: 18 }, 'v1', 'openai')).toEqual({ outputTokens: 8, reasoningTokens: 3 });
    expect(outputSplit({ ...c, output: 5, reasoning: 3, total: 15 }, 'v1', 'google')).toEqual({ outputTokens: 5, reasoningTokens: 3 });
    expect(outputSplit({ ...c, output: 5, reasoning: 3, total: null }, 'v1', 'openai')).toEqual({ outputTokens: 5, reasoningTokens: 3 });
    expect(outputSplit({ ...c, output: 5, reasoning: 3, total: null }, 'v1', 'google-vertex')).toEqual({ outputTokens: 8, reasoningTokens: 3 });
    expect(outputSplit({ ...c, output: 0, reasoning: 3, total: null }, 'v1', 'openai')).toEqual({ outputTokens: 3, reasoningTokens: 3 });
    expect(outputSplit({ ...c, output: 5, reasoning: 3, total: null }, 'v2', 'openai')).toEqual({ outputTokens: 8, reasoningTokens: 3 });
  });

  it('never stores reasoning above the output, even when a damaged total says the output holds it', () => {
    // total = input + output: "included", which reasoning larger than the output cannot be.
    const c = { input: 10, cacheRead: 0, cacheWrite: 0, output: 2, reasoning: 7, total: 12 };
    expect(outputSplit(c, 'v1', 'openai')).toEqual({ outputTokens: 9, reasoningTokens: 7 });
    const h = home();
    const db = database(join(h.dir, 'opencode.db'), V1_SCHEMA);
    putSession(db, 'ses_1', '/work/api');
    putMessage(db, assistantInfo({ id: 'msg_1', session: 'ses_1', at: T0, tokens: { input: 0, output: 0, reasoning: 1, total: 0 } }));
    db.close();
    const runway = openDb(':memory:');
    runScan(runway, h.env);
    expect(rows(runway).map((r) => [r.output_tokens, r.reasoning_tokens])).toEqual([[1, 1]]);
  });

  it('reads an `opencode export` laid out as a storage tree with the export\'s own sums', () => {
    const h = home();
    const session = 'ses_export';
    const messages = [
      { info: userInfo('msg_e0', session, T0), parts: [{ type: 'text', text: SECRET }] },
      { info: assistantInfo({ id: 'msg_e1', session, at: T0 + MIN, provider: 'openai', model: 'gpt-5.2-codex', cost: 0, tokens: { input: 17857, output: 134, reasoning: 64, cache: { read: 0, write: 0 } } }), parts: [{ type: 'reasoning', text: SECRET }] },
      { info: assistantInfo({ id: 'msg_e2', session, at: T0 + 2 * MIN, provider: 'openai', model: 'gpt-5.2-codex', cost: 0, tokens: { input: 140, output: 29, cache: { read: 17920, write: 0 } } }), parts: [] },
    ];
    exportToStorage(JSON.stringify({ info: { id: session, title: SECRET }, messages }), h.dir);
    expect(JSON.parse(readFileSync(join(h.dir, 'storage', 'message', session, 'msg_e1.json'), 'utf8'))).not.toHaveProperty('parts');
    const db = openDb(tempDb());
    runScan(db, h.env);
    expect(db.prepare('SELECT sum(input_tokens) i, sum(cache_read_tokens) cr, sum(output_tokens) o, sum(reasoning_tokens) r FROM responses').get())
      .toEqual({ i: 17997, cr: 17920, o: 163, r: 64 });
    expect(dump(db)).not.toContain(SECRET);
    expect(() => exportToStorage(JSON.stringify({ messages: [{ info: { id: '../x', sessionID: 's' } }] }), h.dir)).toThrow(/usable id/);
  });
});
