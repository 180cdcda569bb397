// The rollup's day versions (migration 012) and the figures of past days kept beside them,
// so a reader sums and prices again only the days a commit touched.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

type Stmt = Statement<unknown[]>;
const statements = new WeakMap<Db, { versions: Stmt; read: Stmt; save: Stmt; drop: Stmt; span: Stmt }>();

function prepared(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = {
      versions: db.prepare('SELECT day, version FROM rollup_days WHERE day BETWEEN ? AND ?').raw(),
      read: db.prepare('SELECT date, stamp, rows FROM day_figures WHERE reader = ? AND date BETWEEN ? AND ?').raw(),
      save: db.prepare('INSERT INTO day_figures (reader, date, stamp, rows) VALUES (?, ?, ?, ?) ON CONFLICT (reader, date) DO UPDATE SET stamp = excluded.stamp, rows = excluded.rows'),
      drop: db.prepare('DELETE FROM day_figures WHERE reader != ? AND (SELECT count(*) FROM day_figures) > ?'),
      span: db.prepare('SELECT min(day), max(day) FROM rollup_days WHERE responses > 0').raw(),
    };
    statements.set(db, s);
  }
  return s;
}

/** Each UTC day's version from `lo` to `hi` (days since 1970-01-01); a day never written is absent. */
export function dayVersions(db: Db, lo: number, hi: number): Map<number, number> {
  return new Map(prepared(db).versions.all(lo, hi) as [number, number][]);
}

/** The kept figures of a reader's dates from `since` to `until`: per date, its stamp and rows (JSON). */
export function keptDays(db: Db, reader: string, since: string, until: string): Map<string, { stamp: string; rows: string }> {
  const rows = prepared(db).read.all(reader, since, until) as [string, string, string][];
  return new Map(rows.map(([date, stamp, json]) => [date, { stamp, rows: json }]));
}

/** Kept days beyond this many: other readers' (an older price table, another zone or filter) are dropped. */
const KEEP_ROWS = 2_000;

/**
 * Keeps figures for the next read, in one transaction. It does not wait for another writer
 * (a first scan holds its transaction for minutes): a busy database throws at once, and the
 * caller answers without keeping.
 */
export function keepDays(db: Db, reader: string, days: { date: string; stamp: string; rows: string }[]): void {
  if (!days.length) return;
  const { save, drop } = prepared(db);
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.transaction(() => {
      drop.run(reader, KEEP_ROWS);
      for (const d of days) save.run(reader, d.date, d.stamp, d.rows);
    }).immediate();
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** The first and last UTC day (since 1970-01-01) that hold any response, or null. */
export function dataDays(db: Db): { first: number; last: number } | null {
  const r = prepared(db).span.get() as [number | null, number | null];
  return r[0] === null || r[1] === null ? null : { first: r[0], last: r[1] };
}
