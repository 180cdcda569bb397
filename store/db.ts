import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from '../lib/paths.js';

export type Db = Database.Database;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** migrations/NNN_name.sql, in order. */
export function loadMigrations(dir = join(packageRoot(), 'migrations')): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** A database this Runway cannot use as it is; the message says why and what to do. */
export class DatabaseError extends Error {}

/**
 * Opens (creating if needed) the usage database and brings its schema up to date.
 * WAL and a busy timeout let the server, the watcher and a CLI scan at the same time.
 * A file this process may not write is opened read-only: reports still work from it.
 */
export function openDb(path: string, opts: { readonly?: boolean; migrations?: Migration[] } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const readonly = opts.readonly ?? (path !== ':memory:' && existsSync(path) && !writable(path));
  const db = new Database(path, { readonly });
  db.pragma('busy_timeout = 10000');
  const migrations = opts.migrations ?? loadMigrations();
  if (readonly) {
    if (checkVersion(db, migrations) < (migrations.at(-1)?.version ?? 0)) {
      db.close();
      throw new DatabaseError('it is read-only and from an older Runway, so it cannot be brought up to date: make it writable and run again');
    }
  } else {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
  }
  return db;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function checkVersion(db: Db, migrations: Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new DatabaseError(`it was written by a newer Runway (schema ${current}; this one knows ${latest}): upgrade Runway, or use another database with --db FILE`);
  }
  return current;
}

export function migrate(db: Db, migrations: Migration[]): void {
  const current = checkVersion(db, migrations);
  if (current === (migrations.at(-1)?.version ?? 0)) return;
  // What a migration deletes (the old file heads: content) is overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  for (const m of migrations) {
    if (m.version <= current) continue;
    // Each migration and its version bump commit together; a concurrent opener waits, then sees it done.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  db.pragma('secure_delete = OFF');
  // Copies of the deleted pages may still sit in the write-ahead log.
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * A reader of PRAGMA data_version: it changes when another connection commits, so a cache
 * kept by this one knows when to read again.
 */
export function dataVersionReader(db: Db): () => number {
  const stmt = db.prepare('PRAGMA data_version').pluck();
  return () => stmt.get() as number;
}
