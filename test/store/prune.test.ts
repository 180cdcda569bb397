import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { loadMigrations, migrate, openDb, type Db } from '../../store/db.js';
import { knownFiles, prune, prunePlan, type Selection } from '../../store/prune.js';
import { scan } from '../../scanner/scan.js';
import { assistant, budgetUsd, jsonl, logRoot, tempDb } from '../helpers/logs.js';

const migrations = loadMigrations();

/** file_id of each response, as the path of its file. */
function filesOf(db: Db): Record<string, string | null> {
  const rows = db.prepare('SELECT r.key, f.path FROM responses r LEFT JOIN files f ON f.id = r.file_id ORDER BY r.key').raw().all() as [string, string | null][];
  return Object.fromEntries(rows);
}

/** Every row of the rollups beside the same sums computed afresh from the responses. */
function rollupsAndGroupBy(db: Db) {
  const q = (sql: string) => db.prepare(sql).raw().all();
  return {
    rollup: q('SELECT * FROM usage_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10'),
    rollupFresh: q(`SELECT bucket, agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''), prompt_band, fast, logged_cost, us_only, batch,
      count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
      sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0), sum(reasoning_tokens), sum(premium_requests)
      FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`),
    sessions: q('SELECT * FROM session_usage ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10'),
    sessionsFresh: q(`SELECT coalesce(session_id, ''), agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''), prompt_band, fast, logged_cost, us_only, batch,
      min(ts), max(ts), count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
      sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0), sum(reasoning_tokens), sum(premium_requests)
      FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`),
  };
}

/** Everything a prune may touch, to prove a plan changes nothing. */
function contents(db: Db) {
  return ['responses', 'files', 'ledger', 'usage_rollup', 'session_usage'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).raw().all());
}

const goneNow = (db: Db) => knownFiles(db).filter((f) => !existsSync(f.path)).map((f) => f.id);

describe('responses record their log file', () => {
  it('each response points at the files row of the file it was read from', () => {
    const logs = logRoot();
    logs.write('p/a.jsonl', jsonl([assistant({ id: 'msg_a', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 } })]));
    logs.write('q/b.jsonl', jsonl([assistant({ id: 'msg_b', ts: '2026-08-24T11:00:00.000Z', usage: { output: 2 } })]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    logs.append('p/a.jsonl', jsonl([assistant({ id: 'msg_c', ts: '2026-08-24T12:00:00.000Z', usage: { output: 3 } })]));
    scan(db, { env: logs.env });
    expect(filesOf(db)).toEqual({ msg_a: logs.path('p/a.jsonl'), msg_b: logs.path('q/b.jsonl'), msg_c: logs.path('p/a.jsonl') });
  });

  it('follows the metadata: the own transcript over a compaction copy, in one scan and across scans, in either order', () => {
    const line = (output: number) => jsonl([assistant({ id: 'msg_1', ts: '2026-08-24T10:00:00.000Z', usage: { output } })]);
    // Each step's files are scanned together; the copy has more output (the stream's final
    // line), so usage comes from it and the file from the transcript.
    const orders = [[['copy'], ['own']], [['own'], ['copy']], [['own', 'copy']]];
    for (const steps of orders) {
      const logs = logRoot();
      const db = openDb(tempDb());
      for (const step of steps) {
        for (const which of step) logs.write(which === 'own' ? 'p/s.jsonl' : 'p/agent-acompact-1.jsonl', which === 'own' ? line(5) : line(50));
        scan(db, { env: logs.env });
      }
      expect(filesOf(db)).toEqual({ msg_1: logs.path('p/s.jsonl') });
      expect(db.prepare('SELECT output_tokens FROM responses').pluck().get()).toBe(50);
    }
  });

  it('008 keeps every files row and its rowid as files.id; rows stored before it have no file', () => {
    const path = tempDb();
    const old = new Database(path);
    migrate(old, migrations.filter((m) => m.version <= 7));
    old.prepare("INSERT INTO files (path, dev, ino, size, mtime_ms, offset, lines, scanned_at, checksum, tail) VALUES ('/x/one.jsonl', 1, 2, 3, 4, 5, 6, 7, 'c', 0)").run();
    old.prepare("INSERT INTO files (path, dev, ino, size, mtime_ms, offset, lines, scanned_at, checksum, tail) VALUES ('/x/two.jsonl', 1, 2, 3, 4, 5, 6, 7, NULL, 9)").run();
    old.prepare(`INSERT INTO responses (key, agent, ts, sidechain, input_tokens, output_tokens, cache_write_5m_tokens,
      cache_write_1h_tokens, cache_read_tokens, web_search_requests, origin) VALUES ('old', 'claude-code', 0, 0, 1, 1, 0, 0, 0, 0, 3)`).run();
    const before = old.prepare('SELECT rowid, * FROM files ORDER BY rowid').all();
    old.close();
    const db = new Database(path);
    migrate(db, migrations.filter((m) => m.version <= 8));
    const after = db.prepare('SELECT id AS rowid, path, dev, ino, size, mtime_ms, offset, lines, scanned_at, checksum, tail FROM files ORDER BY id').all();
    expect(after).toEqual(before);
    expect(db.prepare('SELECT file_id FROM responses').pluck().get()).toBeNull();
  });
});

describe('prune', () => {
  /** Three files in two projects, a ledger for each session, and one row stored before file tracking. */
  function setUp() {
    const logs = logRoot();
    logs.write('api/s1.jsonl', jsonl([
      assistant({ id: 'm1', ts: '2026-01-10T10:00:00.000Z', usage: { input: 10, output: 1 }, session: 's1', cwd: '/home/dev/api' }),
      budgetUsd('2026-01-10T10:01:00.000Z', 0.5, 's1'),
      assistant({ id: 'm2', ts: '2026-02-10T10:00:00.000Z', usage: { input: 20, output: 2 }, session: 's1', cwd: '/home/dev/api' }),
      budgetUsd('2026-02-10T10:01:00.000Z', 0.9, 's1'),
    ]));
    logs.write('api/s2.jsonl', jsonl([
      assistant({ id: 'm3', ts: '2026-01-20T10:00:00.000Z', usage: { input: 30, output: 3 }, session: 's2', cwd: '/home/dev/api' }),
      budgetUsd('2026-01-20T10:01:00.000Z', 0.3, 's2'),
    ]));
    logs.write('web/s3.jsonl', jsonl([
      assistant({ id: 'm4', ts: '2026-01-05T10:00:00.000Z', usage: { input: 40, output: 4 }, session: 's3', cwd: '/home/dev/web' }),
      assistant({ id: 'm5', ts: '2026-03-05T10:00:00.000Z', usage: { input: 50, output: 5 }, session: 's3', cwd: '/home/dev/web', model: 'claude-sonnet-4-5' }),
      budgetUsd('2026-03-05T10:01:00.000Z', 0.7, 's3'),
    ]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    // As a row stored before 008: no file.
    db.prepare(`INSERT INTO responses (key, agent, ts, session_id, sidechain, project, input_tokens, output_tokens, cache_write_5m_tokens,
      cache_write_1h_tokens, cache_read_tokens, web_search_requests, origin) VALUES ('m0', 'claude-code', ?, 's0', 0, '/home/dev/api', 7, 7, 0, 0, 0, 0, 3)`)
      .run(Date.parse('2025-12-01T10:00:00.000Z'));
    return { logs, db };
  }
  const keys = (db: Db) => db.prepare('SELECT key FROM responses ORDER BY key').pluck().all();
  const ledger = (db: Db) => db.prepare('SELECT session_id, ts FROM ledger ORDER BY session_id, ts').raw().all().map(([s, ts]) => `${s}@${new Date(ts as number).toISOString().slice(0, 10)}`);

  it('--missing removes exactly the rows of a deleted file, keeps present files and rows from before file tracking, and drops the file row', () => {
    const { logs, db } = setUp();
    rmSync(logs.path('api/s1.jsonl'));
    const sel: Selection = { goneFiles: goneNow(db) };
    const before = contents(db);
    const plan = prunePlan(db, sel);
    expect(contents(db)).toEqual(before);
    expect(plan).toMatchObject({ removed: { responses: 2, tokens: 33 }, untracked: 1, ledger: 2, files: 1 });
    expect(plan.removed.projects).toEqual([{ project: '/home/dev/api', responses: 2, tokens: 33 }]);
    expect(prune(db, sel)).toEqual(plan);
    expect(keys(db)).toEqual(['m0', 'm3', 'm4', 'm5']);
    expect(ledger(db)).toEqual(['s2@2026-01-20', 's3@2026-03-05']);
    expect(knownFiles(db).map((f) => f.path)).toEqual([logs.path('api/s2.jsonl'), logs.path('web/s3.jsonl')]);
    const r = rollupsAndGroupBy(db);
    expect(r.rollup).toEqual(r.rollupFresh);
    expect(r.sessions).toEqual(r.sessionsFresh);

    // The file reappears: read again from the start.
    logs.write('api/s1.jsonl', jsonl([assistant({ id: 'm1', ts: '2026-01-10T10:00:00.000Z', usage: { input: 10, output: 1 }, session: 's1', cwd: '/home/dev/api' })]));
    scan(db, { env: logs.env });
    expect(keys(db)).toEqual(['m0', 'm1', 'm3', 'm4', 'm5']);
  });

  it('--before removes what precedes the cutoff with the ledger before it, and a split session\'s ledger from its first removed response on', () => {
    const { db } = setUp();
    const sel: Selection = { beforeMs: Date.parse('2026-02-01T00:00:00.000Z') };
    const plan = prune(db, sel);
    expect(plan.removed).toMatchObject({ responses: 4, tokens: 7 + 7 + 11 + 33 + 44 });
    expect(keys(db)).toEqual(['m2', 'm5']);
    // s1 lost m1, so its later total (which counts m1) cannot be checked any more; s3 lost m4 likewise.
    expect(ledger(db)).toEqual([]);
    expect(plan.ledger).toBe(4);
    const r = rollupsAndGroupBy(db);
    expect(r.rollup).toEqual(r.rollupFresh);
    expect(r.sessions).toEqual(r.sessionsFresh);
    // The session's span narrows to the rows left.
    expect(db.prepare("SELECT first_ts FROM session_usage WHERE session_id = 's1'").pluck().get()).toBe(Date.parse('2026-02-10T10:00:00.000Z'));
  });

  it('--project with --before: both must hold; the ledger of other projects stays', () => {
    const { db } = setUp();
    const plan = prune(db, { project: 'api', beforeMs: Date.parse('2026-02-01T00:00:00.000Z') });
    expect(plan.removed).toMatchObject({ responses: 3 });
    expect(keys(db)).toEqual(['m2', 'm4', 'm5']);
    expect(ledger(db)).toEqual(['s3@2026-03-05']);
    const r = rollupsAndGroupBy(db);
    expect(r.rollup).toEqual(r.rollupFresh);
    expect(r.sessions).toEqual(r.sessionsFresh);
  });

  it('--project keeps whole untouched sessions and their ledger; a selection matching nothing changes nothing', () => {
    const { db } = setUp();
    const before = contents(db);
    expect(prune(db, { project: 'nowhere' })).toMatchObject({ removed: { responses: 0 }, ledger: 0, files: 0 });
    expect(contents(db)).toEqual(before);
    prune(db, { project: 'web' });
    expect(keys(db)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(ledger(db)).toEqual(['s1@2026-01-10', 's1@2026-02-10', 's2@2026-01-20']);
  });
});
