// The team database: where it is (flag, RUNWAY_TEAM_URL, team.url), a connection to it, and
// its schema (migrations/team/NNN_name.sql, applied in order and recorded in team_schema).
// A password comes from the URL, PGPASSWORD or ~/.pgpass (pg reads the last two itself) and
// is never printed: messages name the database as user@host:port/name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { packageRoot } from '../../lib/paths.js';
import { TeamError } from './error.js';

export { TeamError };

type Env = Record<string, string | undefined>;

/** The team database's URL: the flag, then RUNWAY_TEAM_URL, then the config's team.url; null when none is set. */
export function teamUrl(flag: string | undefined, configured: string | undefined, env: Env = process.env): string | null {
  return flag ?? (env.RUNWAY_TEAM_URL || undefined) ?? configured ?? null;
}

/** The URL as messages show it: user@host:port/name, without the password or the parameters. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${user}${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'the team database (its URL cannot be read)';
  }
}

/** What is wrong with the URL's shape, or null: the caller reports it as a usage mistake naming where it came from. */
export function urlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a URL: expected postgres://user@host:port/database';
  }
  return u.protocol === 'postgres:' || u.protocol === 'postgresql:' ? null : `expected a postgres:// URL, got ${u.protocol}//…`;
}

// Errors worth their own advice; anything else is reported with the server's own words.
const ADVICE: Record<string, string> = {
  ECONNREFUSED: 'nothing answers there: is PostgreSQL running, and are the host and port right?',
  ENOTFOUND: 'the host name is unknown: check the URL',
  ETIMEDOUT: 'no answer in time: check the host, the port and the network',
  EHOSTUNREACH: 'the host cannot be reached: check the network',
  '28P01': 'the password was refused: set it in PGPASSWORD or ~/.pgpass',
  '28000': 'the server refused this role or host (pg_hba.conf): ask whoever runs the database',
  '3D000': 'that database does not exist: create it first (README "Team")',
  '42501': 'this role lacks a right Runway needs (README "Team" lists them)',
};

/** Any error from pg as one line naming the database; the password never appears. */
export function teamTrouble(e: unknown, url: string): TeamError {
  if (e instanceof TeamError) return e;
  const err = e as { code?: string; message?: string };
  const advice = err.code ? ADVICE[err.code] : undefined;
  const raw = (err.message ?? String(e)).split('\n')[0]!;
  const said = raw.replaceAll(url, describeUrl(url));
  return new TeamError(`team database ${describeUrl(url)}: ${advice ?? said}`);
}

export async function connectTeam(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'runway' });
  // A connection lost later must reject the query in progress, not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw teamTrouble(e, url);
  }
  return client;
}

interface TeamMigration {
  version: number;
  name: string;
  sql: string;
}

export function teamMigrations(dir = join(packageRoot(), 'migrations', 'team')): TeamMigration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** The schema version the database has: 0 before `team init`. */
export async function teamVersion(client: pg.Client): Promise<number> {
  const exists = await client.query<{ e: boolean }>("SELECT to_regclass('team_schema') IS NOT NULL AS e");
  if (!exists.rows[0]?.e) return 0;
  const r = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM team_schema');
  return Number(r.rows[0]?.v ?? 0);
}

/** Refuses a database this Runway cannot use as it is. */
export async function checkTeamSchema(client: pg.Client, url: string, migrations = teamMigrations()): Promise<void> {
  const have = await teamVersion(client);
  const want = migrations.at(-1)?.version ?? 0;
  if (have === 0) throw new TeamError(`team database ${describeUrl(url)} has no Runway schema yet: run runway team init --url …`);
  if (have > want) throw new TeamError(`team database ${describeUrl(url)} was set up by a newer Runway (schema ${have}; this one knows ${want}): upgrade Runway`);
  if (have < want) throw new TeamError(`team database ${describeUrl(url)} has schema ${have} of ${want}: run runway team init --url … to bring it up to date`);
}

/**
 * Brings the schema up to date; idempotent. The whole of it runs under a lock, so a second
 * `team init` at the same time waits, then finds it done; each migration commits with its record.
 */
export async function migrateTeam(client: pg.Client, migrations = teamMigrations()): Promise<{ from: number; to: number }> {
  const lock = "hashtext('runway team schema')";
  await client.query(`SELECT pg_advisory_lock(${lock})`);
  try {
    const from = await teamVersion(client);
    // Created only when missing: on a schema up to date, a role without CREATE (the sync role) finds nothing to do.
    if (from === 0) await client.query('CREATE TABLE IF NOT EXISTS team_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const m of migrations) {
      if (m.version <= from) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO team_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    }
    return { from, to: await teamVersion(client) };
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${lock})`).catch(() => {});
  }
}
