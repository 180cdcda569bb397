// The team database's connection and schema: init is idempotent and safe to run twice at
// once, a missing or newer schema is one line saying what to do, and no message shows the password.
import pg from 'pg';
import { expect, it } from 'vitest';
import { checkTeamSchema, connectTeam, describeUrl, migrateTeam, teamMigrations, teamTrouble, teamUrl, urlProblem } from '../../store/team/connect.js';
import { describePg, freshDatabase } from '../helpers/pg.js';

it('takes the flag, then RUNWAY_TEAM_URL, then team.url', () => {
  expect(teamUrl('postgres://a/x', 'postgres://c/z', { RUNWAY_TEAM_URL: 'postgres://b/y' })).toBe('postgres://a/x');
  expect(teamUrl(undefined, 'postgres://c/z', { RUNWAY_TEAM_URL: 'postgres://b/y' })).toBe('postgres://b/y');
  expect(teamUrl(undefined, 'postgres://c/z', { RUNWAY_TEAM_URL: '' })).toBe('postgres://c/z');
  expect(teamUrl(undefined, undefined, {})).toBeNull();
});

it('names a database without its password, and refuses what is not a postgres URL', () => {
  expect(describeUrl('postgres://runway:s3cret@db.example.com:6543/team?sslmode=require')).toBe('runway@db.example.com:6543/team');
  expect(describeUrl('postgresql://db/team')).toBe('db:5432/team');
  expect(urlProblem('postgres://runway@db/team')).toBeNull();
  expect(urlProblem('mysql://db/team')).toBe('expected a postgres:// URL, got mysql://…');
  expect(urlProblem('db:5432')).toMatch(/expected a postgres:\/\/ URL|not a URL/);
  const e = teamTrouble(Object.assign(new Error('password authentication failed for user "runway"'), { code: '28P01' }), 'postgres://runway:s3cret@db/team');
  expect(e.message).toBe('team database runway@db:5432/team: the password was refused: set it in PGPASSWORD or ~/.pgpass');
  const raw = teamTrouble(new Error('getaddrinfo EAI_AGAIN postgres://runway:s3cret@db/team'), 'postgres://runway:s3cret@db/team');
  expect(raw.message).not.toContain('s3cret');
});

describePg('team init', () => {
  it('creates the schema once, even when two run at once, and says when it is missing', async () => {
    const url = await freshDatabase();
    const a = await connectTeam(url);
    const b = await connectTeam(url);
    try {
      await expect(checkTeamSchema(a, url)).rejects.toThrow(/has no Runway schema yet: run runway team init/);
      const want = teamMigrations().at(-1)!.version;
      const [ra, rb] = await Promise.all([migrateTeam(a), migrateTeam(b)]);
      expect([ra.to, rb.to]).toEqual([want, want]);
      expect(await migrateTeam(a)).toEqual({ from: want, to: want });
      await checkTeamSchema(a, url);
      expect((await a.query('SELECT count(*)::int AS n FROM team_schema')).rows[0].n).toBe(teamMigrations().length);
      await a.query('INSERT INTO team_schema (version, name) VALUES (999, $1)', ['999_future.sql']);
      await expect(checkTeamSchema(a, url)).rejects.toThrow(/set up by a newer Runway \(schema 999; this one knows \d+\): upgrade Runway/);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('says in one line, without the password, when nothing answers', async () => {
    const url = 'postgres://runway:s3cret@127.0.0.1:1/team';
    const e = await connectTeam(url).catch((x: unknown) => x as Error);
    expect(e.message).toBe('team database runway@127.0.0.1:1/team: nothing answers there: is PostgreSQL running, and are the host and port right?');
    expect(pg).toBeDefined();
  });
});
