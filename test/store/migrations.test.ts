import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, openDb } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { assistant, databaseFiles, jsonl, logRoot, tempDb } from '../helpers/logs.js';

const migrations = loadMigrations();
const latest = migrations.at(-1)!.version;

describe('migrations', () => {
  it('are numbered 001, 002, … without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('bring an empty database to the latest version', () => {
    const db = openDb(tempDb());
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it.each(migrations.slice(0, -1).map((m) => m.version))('upgrade a database at version %i holding data, losing nothing', (version) => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([
      assistant({ id: 'msg_1', ts: '2026-08-24T10:00:00.000Z', usage: { input: 10, output: 20, cw5m: 30, cw1h: 40, cacheRead: 50 } }),
      assistant({ id: 'msg_2', ts: '2026-08-25T10:00:00.000Z', usage: { input: 1, output: 2, cacheRead: 300_000 } }),
    ]));
    const path = tempDb();
    const old = new Database(path);
    migrate(old, migrations.filter((m) => m.version <= version));
    expect(old.pragma('user_version', { simple: true })).toBe(version);
    if (version >= 1) {
      // Rows as that version's scanner would have written them.
      const insert = old.prepare(`INSERT INTO responses (key, agent, ts, sidechain, input_tokens, output_tokens,
        cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, web_search_requests, origin, model)
        VALUES (?, 'claude-code', ?, 0, ?, ?, ?, ?, ?, 0, 3, 'claude-opus-4-5')`);
      insert.run('msg_1', Date.parse('2026-08-24T10:00:00.000Z'), 10, 20, 30, 40, 50);
      insert.run('msg_2', Date.parse('2026-08-25T10:00:00.000Z'), 1, 2, 0, 0, 300_000);
    }
    old.close();

    const db = openDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    scan(db, { env: logs.env });
    const raw = db.prepare('SELECT count(*) AS n, sum(output_tokens) AS o, sum(cache_read_tokens) AS cr FROM responses').get();
    expect(raw).toEqual({ n: 2, o: 22, cr: 300_050 });
    const rolled = db.prepare('SELECT sum(responses) AS n, sum(output_tokens) AS o, sum(cache_read_tokens) AS cr, sum((prompt_band >= 200000) * responses) AS long, min(agent) AS agent FROM usage_rollup').get();
    expect(rolled).toEqual({ n: 2, o: 22, cr: 300_050, long: 1, agent: 'claude-code' });
    const sessions = db.prepare('SELECT sum(responses) AS n, sum(output_tokens) AS o, sum(cache_read_tokens) AS cr FROM session_usage').get();
    expect(sessions).toEqual({ n: 2, o: 22, cr: 300_050 });
  });

  it('keep the session rollup equal to the raw rows through streamed updates', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([
      assistant({ id: 'msg_1', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 }, session: 'a' }),
      assistant({ id: 'msg_1', ts: '2026-08-24T10:00:01.000Z', usage: { output: 500, cacheRead: 9 }, session: 'a' }),
      assistant({ id: 'msg_2', ts: '2026-08-24T11:00:00.000Z', usage: { output: 7 }, session: 'b', model: 'claude-sonnet-4-5' }),
      assistant({ id: 'msg_2', ts: '2026-08-24T11:00:02.000Z', usage: { output: 70 }, session: 'b', model: 'claude-sonnet-4-5' }),
    ]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const raw = db.prepare(`SELECT session_id AS s, count(*) AS n, sum(output_tokens) AS o, sum(cache_read_tokens) AS cr,
      min(ts) AS first, max(ts) AS last FROM responses GROUP BY 1 ORDER BY 1`).all();
    const rolled = db.prepare(`SELECT session_id AS s, sum(responses) AS n, sum(output_tokens) AS o, sum(cache_read_tokens) AS cr,
      min(first_ts) AS first, max(last_ts) AS last FROM session_usage GROUP BY 1 ORDER BY 1`).all();
    expect(raw).toEqual([
      { s: 'a', n: 1, o: 500, cr: 9, first: Date.parse('2026-08-24T10:00:00.000Z'), last: Date.parse('2026-08-24T10:00:00.000Z') },
      { s: 'b', n: 1, o: 70, cr: 0, first: Date.parse('2026-08-24T11:00:00.000Z'), last: Date.parse('2026-08-24T11:00:00.000Z') },
    ]);
    expect(rolled).toEqual(raw);
    expect(db.prepare('SELECT count(*) AS n FROM session_usage WHERE responses = 0').get()).toEqual({ n: 0 });
  });

  it('005 replaces the stored first bytes of each log by a keyed hash, leaving no copy in the file, and drops absurd rows', () => {
    const logs = logRoot();
    const opening = '{"type":"summary","summary":"Fix auth bug for ACME-SECRET-42 customer"}';
    logs.write('p/s.jsonl', jsonl([opening, assistant({ id: 'msg_1', ts: '2026-08-24T10:00:00.000Z', usage: { input: 10, output: 20 } })]));
    const path = tempDb();
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    migrate(old, migrations.filter((m) => m.version <= 4));
    const head = Buffer.from(opening).subarray(0, 64).toString('hex');
    old.prepare('INSERT INTO files VALUES (?, 1, 1, 10, 1, 10, 1, ?, 1)').run(logs.path('p/s.jsonl'), head);
    // What the unchecked incremental path could store: a count turned floating point.
    old.prepare(`INSERT INTO responses (key, agent, ts, sidechain, input_tokens, output_tokens, cache_write_5m_tokens,
      cache_write_1h_tokens, cache_read_tokens, web_search_requests, origin, model, project)
      VALUES ('msg_poison', 'claude-code', 0, 0, 1e19, 1, 0, 0, 0, 0, 3, 'm', '/home/dev/DELETED-ROW-PROJECT')`).run();
    old.close();

    const db = openDb(path);
    expect(db.prepare('SELECT key FROM responses').pluck().all()).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM usage_rollup').pluck().get()).toBe(0);
    const state = db.prepare('SELECT * FROM files').get() as Record<string, unknown>;
    expect(state).not.toHaveProperty('head');
    expect(state.checksum).toBeNull();
    db.close();
    for (const [f, bytes] of databaseFiles(path)) {
      expect(bytes.includes(head), f).toBe(false);
      expect(bytes.includes('ACME-SECRET'), f).toBe(false);
      // A row the migration deletes is overwritten, not left in a free page.
      expect(bytes.includes('DELETED-ROW-PROJECT'), f).toBe(false);
    }
    // No proof of what was read: the file is read again from the start.
    const again = openDb(path);
    scan(again, { env: logs.env });
    expect(again.prepare('SELECT key, input_tokens FROM responses').all()).toEqual([{ key: 'msg_1', input_tokens: 10 }]);
  });

  it('refuse a database from a newer Runway', () => {
    const path = tempDb();
    const db = new Database(path);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openDb(path)).toThrow(/written by a newer Runway \(schema \d+; this one knows \d+\): upgrade Runway/);
  });
});
