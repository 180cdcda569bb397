// What leaves the machine: with team.hide_paths no path reaches any team table (a keyed name
// instead, the same on every device), no content ever does, and no output shows the
// password; each mistake is one line naming where the URL came from.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, run } from '../helpers/cli.js';
import { SECRET } from '../helpers/logs.js';
import { describePg, freshDatabase } from '../helpers/pg.js';
import { makeDevice, PROJECTS } from './sync-devices.js';

const PASSWORD = 'pw-Zq81-never-shown';
const withPassword = (url: string) => {
  const u = new URL(url);
  u.password = PASSWORD;
  return u.toString();
};

describePg('runway sync: what leaves the machine', () => {
  let url: string;
  let team: pg.Client;
  beforeAll(async () => {
    url = withPassword(await freshDatabase());
    team = new pg.Client({ connectionString: url });
    await team.connect();
  });
  afterAll(() => team?.end());

  /** Every value of every table of the team schema, as text. */
  const everything = async () => {
    const tables = (await team.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.tablename as string);
    expect(tables.sort()).toEqual(['devices', 'responses', 'team_meta', 'team_schema', 'usage_rollup']);
    let text = '';
    for (const t of tables) text += (await team.query(`SELECT t::text AS row FROM ${t} t`)).rows.map((r) => r.row).join('\n');
    return text;
  };

  it('with team.hide_paths sends a keyed name for each project, the same on every device, and no path or content anywhere', async () => {
    const a = makeDevice('hider-a', url, { hide_paths: true });
    const b = makeDevice('hider-b', url, { hide_paths: true });
    const outputs = [run(['team', 'init'], a.env)];
    a.write(60);
    b.write(60);
    outputs.push(a.sync(), b.sync(), a.sync(['--json']));
    for (const r of outputs) expect(r.status, r.stderr).toBe(0);
    const all = await everything();
    for (const p of PROJECTS) expect(all).not.toContain(p);
    expect(all).not.toContain('/home/');
    expect(all).not.toContain(SECRET);
    const names = (await team.query('SELECT DISTINCT project FROM responses ORDER BY 1')).rows.map((r) => r.project);
    expect(names).toHaveLength(PROJECTS.length);
    for (const n of names) expect(n).toMatch(/^p-[0-9a-f]{16}$/);
    // One folder, one name: both devices' rows of a project carry the same one.
    const perDevice = (await team.query('SELECT count(DISTINCT device_id)::int AS n FROM responses GROUP BY project')).rows;
    expect(perDevice.every((r) => r.n === 2)).toBe(true);
    expect((await team.query('SELECT DISTINCT project FROM usage_rollup ORDER BY 1')).rows.map((r) => r.project)).toEqual(names);
    for (const r of outputs) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('without it sends the paths, and never content', async () => {
    const c = makeDevice('plain', url);
    c.write(20);
    expect(c.sync().status).toBe(0);
    const projects = (await team.query("SELECT DISTINCT project FROM responses r JOIN devices USING (device_id) WHERE person = 'plain'")).rows.map((r) => r.project);
    expect(projects.every((p) => PROJECTS.includes(p))).toBe(true);
    expect(await everything()).not.toContain(SECRET);
  });

  it('says in one line what is wrong: no URL, a bad one (naming where it came from), nothing answering, no schema', async () => {
    const d = makeDevice('wrong', url);
    const noUrl = run(['sync'], { ...d.env, RUNWAY_CONFIG: `${d.env.HOME}/none.json` });
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr).toMatch(/^runway: no team database: pass --to postgres:\/\/user@host:port\/name, set team\.url in \S+none\.json, or set RUNWAY_TEAM_URL\n$/);
    const badFlag = d.sync(['--to', 'mysql://db/team']);
    expect(badFlag.stderr).toBe('runway: --to: expected a postgres:// URL, got mysql://…\n');
    const badEnv = d.sync([], { RUNWAY_TEAM_URL: 'nonsense' });
    expect(badEnv.stderr).toBe('runway: RUNWAY_TEAM_URL: not a URL: expected postgres://user@host:port/database\n');
    const down = d.sync(['--to', `postgres://runway:${PASSWORD}@127.0.0.1:1/team`]);
    expect(down.status).toBe(4);
    expect(down.stderr).toBe('runway: team database runway@127.0.0.1:1/team: nothing answers there: is PostgreSQL running, and are the host and port right?\n');
    const empty = withPassword(await freshDatabase());
    const noSchema = d.sync(['--to', empty]);
    expect(noSchema.status).toBe(4);
    expect(noSchema.stderr).toMatch(/^runway: team database postgres@127\.0\.0\.1:\d+\/runway_\w+ has no Runway schema yet: run runway team init --url …\n$/);
    const initDown = run(['team', 'init', '--url', `postgres://runway:${PASSWORD}@127.0.0.1:1/team`], d.env);
    expect(initDown.status).toBe(4);
    for (const r of [noUrl, badFlag, badEnv, down, noSchema, initDown]) {
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // The refused syncs left nothing behind in the team database.
    expect((await team.query("SELECT count(*)::int AS n FROM devices WHERE person = 'wrong'")).rows[0].n).toBe(0);
  });

  it('--watch with the database out of reach says so in one line, keeps trying, and stops on SIGINT', async () => {
    const d = makeDevice('offline', url);
    d.write(2);
    const child = spawn(process.execPath, [CLI, 'sync', '--watch', '--to', `postgres://runway:${PASSWORD}@127.0.0.1:1/team`], { env: d.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    for (let i = 0; i < 200 && !err.includes('trying again in 4 s'); i++) await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const trouble = err.split('\n').filter((l) => l.startsWith('runway:'));
    expect(trouble.slice(0, 2)).toEqual([
      'runway: team database runway@127.0.0.1:1/team: nothing answers there: is PostgreSQL running, and are the host and port right? (trying again in 2 s)',
      'runway: team database runway@127.0.0.1:1/team: nothing answers there: is PostgreSQL running, and are the host and port right? (trying again in 4 s)',
    ]);
    expect(out).toBe('Stopped: sent 0 responses to runway@127.0.0.1:1/team in all\n');
    expect(out + err).not.toContain(PASSWORD);
  });
});
