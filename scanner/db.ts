import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from '../core/paths.js';

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

/**
 * Opens (creating if needed) the usage database and brings its schema up to date.
 * WAL and a busy timeout let the server, the watcher and a CLI scan at the same time.
 */
export function openDb(path: string, opts: { readonly?: boolean; migrations?: Migration[] } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: opts.readonly ?? false });
  db.pragma('busy_timeout = 10000');
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, opts.migrations ?? loadMigrations());
  }
  return db;
}

export function migrate(db: Db, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this Runway knows (${latest}): upgrade Runway`);
  }
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
}
