// The least-privilege roles README "Team" documents: the sync role can push (its rows reach
// the rollup through the definer's trigger) and nothing more; the report role only reads.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { describePg, freshDatabase } from '../helpers/pg.js';
import { expectTotals, makeDevice, teamTotals } from './sync-devices.js';

const suffix = randomBytes(4).toString('hex');
const SYNC = `runway_sync_${suffix}`;
const READ = `runway_read_${suffix}`;

/** The grants of README "Team", for the database `db`. */
const grants = (db: string) => `
  CREATE ROLE ${SYNC} LOGIN PASSWORD 'sync-pw';
  GRANT CONNECT ON DATABASE ${db} TO ${SYNC};
  GRANT USAGE ON SCHEMA public TO ${SYNC};
  GRANT SELECT, INSERT, UPDATE ON devices, responses TO ${SYNC};
  GRANT SELECT ON team_meta, team_schema TO ${SYNC};
  CREATE ROLE ${READ} LOGIN PASSWORD 'read-pw';
  GRANT CONNECT ON DATABASE ${db} TO ${READ};
  GRANT USAGE ON SCHEMA public TO ${READ};
  GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READ};`;

describePg('team database roles', () => {
  let admin: pg.Client;
  let url: string;
  const as = (role: string) => {
    const u = new URL(url);
    u.username = role;
    u.password = role === SYNC ? 'sync-pw' : 'read-pw';
    return u.toString();
  };
  beforeAll(async () => {
    url = await freshDatabase();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    if (!admin) return;
    for (const role of [SYNC, READ]) await admin.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`).catch(() => {});
    await admin.end();
  });

  it('the sync role pushes and its rows reach the rollup, but it cannot delete, drop, migrate or touch the rollup', async () => {
    const d = makeDevice('least', url);
    expect(run(['team', 'init'], d.env).status).toBe(0);
    await admin.query(grants(new URL(url).pathname.slice(1)));
    d.write(30);
    const r = d.sync(['--json', '--to', as(SYNC)]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).sent).toBe(30);
    const totals = await teamTotals(admin);
    expectTotals(totals.rollup, totals.rows);
    expect(totals.rows.responses).toBe(30);
    // A grown response updates through the trigger too.
    d.write(5);
    expect(JSON.parse(d.sync(['--json', '--to', as(SYNC)]).stdout).sent).toBe(5);
    expect((await teamTotals(admin)).rollup.responses).toBe(35);

    const sync = new pg.Client({ connectionString: as(SYNC) });
    await sync.connect();
    try {
      const refused = async (sql: string) => (await sync.query(sql).then(() => null, (e: { code?: string }) => e.code));
      expect(await refused('DELETE FROM responses')).toBe('42501');
      expect(await refused('DELETE FROM devices')).toBe('42501');
      expect(await refused('DROP TABLE responses')).toBe('42501');
      expect(await refused('TRUNCATE responses')).toBe('42501');
      expect(await refused('UPDATE usage_rollup SET cost_usd = 0')).toBe('42501');
      expect(await refused('INSERT INTO team_meta VALUES (\'x\', \'y\')')).toBe('42501');
      expect(await refused('CREATE TABLE evil (x int)')).toBe('42501');
    } finally {
      await sync.end();
    }
    // team init as the sync role: nothing to do when up to date; it never needs more.
    expect(run(['team', 'init', '--url', as(SYNC)], d.env).stdout).toMatch(/up to date/);
    expect((await teamTotals(admin)).rows.responses).toBe(35);
  });

  it('the report role reads every table and writes none', async () => {
    const reader = new pg.Client({ connectionString: as(READ) });
    await reader.connect();
    try {
      expect((await reader.query('SELECT sum(responses)::int AS n FROM usage_rollup')).rows[0].n).toBe(35);
      expect((await reader.query('SELECT count(*)::int AS n FROM devices')).rows[0].n).toBe(1);
      const code = await reader.query("UPDATE devices SET person = 'x'").then(() => null, (e: { code?: string }) => e.code);
      expect(code).toBe('42501');
      const d = makeDevice('reader', url);
      d.write(2);
      const r = d.sync(['--to', as(READ)]);
      expect(r.status).toBe(4);
      expect(r.stderr).toMatch(/^runway: team database runway_read_\w+@127\.0\.0\.1:\d+\/runway_\w+: this role lacks a right Runway needs \(README "Team" lists them\)\n$/);
      expect(r.stderr + r.stdout).not.toContain('read-pw');
    } finally {
      await reader.end();
    }
  });
});
