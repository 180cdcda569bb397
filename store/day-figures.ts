// The rollup's day versions (migration 012) and the figures of past days kept beside them,
// so a reader sums and prices again only the days a commit touched.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

type Stmt = Statement<unknown[]>;
const statements = new WeakMap<Db, { versions: Stmt; read: Stmt; save: Stmt; drop: Stmt }>();

function prepared(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = {
      versions: db.prepare('SELECT day, version FROM rollup_days WHERE day BETWEEN ? AND ?').raw(),
      read: db.prepare('SELECT date, stamp, rows FROM day_figures WHERE reader = ? AND date BETWEEN ? AND ?').raw(),
      save: db.prepare('INSERT INTO day_figures (reader, date, stamp, rows) VALUES (?, ?, ?, ?) ON CONFLICT (reader, date) DO UPDATE SET stamp = excluded.stamp, rows = excluded.rows'),
      drop: db.prepare('DELETE FROM day_figures WHERE reader != ? OR date < ?'),
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

/**
 * Keeps figures for the next read, in one transaction; days before `since` and other
 * readers' days (an older price table, another zone) are dropped on the way.
 */
export function keepDays(db: Db, reader: string, since: string, days: { date: string; stamp: string; rows: string }[]): void {
  if (!days.length) return;
  const { save, drop } = prepared(db);
  db.transaction(() => {
    drop.run(reader, since);
    for (const d of days) save.run(reader, d.date, d.stamp, d.rows);
  }).immediate();
}
