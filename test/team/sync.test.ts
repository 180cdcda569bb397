// `runway sync` on a real PostgreSQL: devices with their own databases and logs push to one
// team database; repeats, concurrent syncs and a sync killed halfway never count a response
// twice or lose one, and the team's totals are the devices' own, on every token kind and cost.
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, run } from '../helpers/cli.js';
import { assistant, jsonl } from '../helpers/logs.js';
import { describePg, freshDatabase } from '../helpers/pg.js';
import { expectTotals, makeDevice, sumTotals, teamTotals, type Device } from './sync-devices.js';

describePg('runway sync', () => {
  let url: string;
  let team: pg.Client;
  beforeAll(async () => {
    url = await freshDatabase();
    team = new pg.Client({ connectionString: url });
    await team.connect();
  });
  afterAll(() => team?.end());

  const sent = (r: { stdout: string; stderr: string; status: number | null }) => {
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout).sent as number;
  };

  it('team init creates the schema once and says so', () => {
    const env = makeDevice('admin', url).env;
    const first = run(['team', 'init', '--url', url], env);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Team database postgres@127\.0\.0\.1:\d+\/runway_\w+: schema 0 → 2 \(applied 001_team\.sql, 002_rollup_definer\.sql\)\n$/);
    const again = run(['team', 'init'], env);
    expect(again.stdout).toMatch(/schema 2, up to date \(nothing to do\)/);
  });

  it('two devices, then ten: the team has each device\'s totals, a repeat sends nothing, concurrent syncs count once', async () => {
    const devices: Device[] = [];
    for (let i = 0; i < 2; i++) {
      const d = makeDevice(`dev${i}`, url);
      d.write(150 + i * 40);
      devices.push(d);
    }
    expect(devices.map((d) => sent(d.sync(['--json'])))).toEqual([150, 190]);
    let team2 = await teamTotals(team);
    expectTotals(team2.rollup, sumTotals(devices.map((d) => d.totals())));
    expectTotals(team2.rows, team2.rollup);
    expect(devices.map((d) => sent(d.sync(['--json'])))).toEqual([0, 0]);
    const line = devices[0]!.sync();
    expect(line.stdout).toMatch(/^Sent 0 responses to postgres@127\.0\.0\.1:\d+\/runway_\w+ in \d+\.\d s; device \S+ \(dev0\), up to date\n$/);

    for (let i = 2; i < 10; i++) {
      const d = makeDevice(`dev${i}`, url);
      d.write(60 + i * 7);
      devices.push(d);
    }
    // Device 0 gets new responses; devices 2–9 sync at once, device 2 twice at the same time.
    devices[0]!.write(33);
    const results = await Promise.all([...devices.slice(2).map((d) => d.syncAsync(['--json'])), devices[2]!.syncAsync(['--json']), devices[0]!.syncAsync(['--json'])]);
    for (const r of results) expect(r.status, r.stderr).toBe(0);
    expect(sent(results.at(-1)!)).toBe(33);
    // Some sync again: nothing new.
    expect([3, 5, 7].map((i) => sent(devices[i]!.sync(['--json'])))).toEqual([0, 0, 0]);

    const locals = devices.map((d) => d.totals());
    team2 = await teamTotals(team);
    expectTotals(team2.rollup, sumTotals(locals));
    expectTotals(team2.rows, sumTotals(locals));
    for (const [i, d] of devices.entries()) expectTotals((await teamTotals(team, d.deviceId())).rollup, locals[i]!);
    const rows = (await team.query('SELECT person, high_water::int FROM devices ORDER BY person')).rows;
    expect(rows.map((r) => r.person)).toEqual(devices.map((d) => d.name).sort());
    expect(rows.every((r) => r.high_water > 0)).toBe(true);
  });

  it('a sync killed halfway goes on where it stopped, and the team counts each response once', async () => {
    const d = makeDevice('killed', url);
    d.write(2500);
    const child = spawn(process.execPath, [CLI, 'sync'], { env: { ...d.env, RUNWAY_SYNC_BATCH: '20' } });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let high = 0;
    for (let tries = 0; tries < 600 && high === 0; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      high = Number((await team.query("SELECT coalesce(max(high_water), 0) AS h FROM devices WHERE person = 'killed'")).rows[0].h);
    }
    child.kill('SIGKILL');
    await exited;
    const atKill = (await teamTotals(team, d.deviceId())).rows.responses;
    expect(high).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(2500);
    // What a batch commits is there in full, its rollup with it.
    const partial = await teamTotals(team, d.deviceId());
    expectTotals(partial.rollup, partial.rows);
    const resumed = d.sync(['--json']);
    expect(sent(resumed)).toBeLessThanOrEqual(2500 - atKill + 20);
    const whole = await teamTotals(team, d.deviceId());
    expectTotals(whole.rollup, d.totals());
    expectTotals(whole.rows, d.totals());
  });

  it('a response whose usage grows after a sync is updated, not counted again', async () => {
    const d = makeDevice('grows', url);
    const line = (output: number) => assistant({
      id: 'msg_grow', requestId: 'req_grow', session: 'grow-1', ts: '2026-11-20T10:00:00.000Z', usage: { input: 10, output }, costUSD: output / 1000,
    });
    d.logs.write('g/grow-1.jsonl', jsonl([line(5)]));
    expect(sent(d.sync(['--json']))).toBe(1);
    d.logs.append('g/grow-1.jsonl', jsonl([line(400)]));
    expect(sent(d.sync(['--json']))).toBe(1);
    const rows = (await team.query('SELECT output_tokens::int, cost_usd FROM responses WHERE device_id = $1', [d.deviceId()])).rows;
    expect(rows).toEqual([{ output_tokens: 400, cost_usd: 0.4 }]);
    expectTotals((await teamTotals(team, d.deviceId())).rollup, d.totals());
    expect(sent(d.sync(['--json']))).toBe(0);
  });

  it('keeps the device id and goes on after runway rebuild: every row sent again, none counted twice', async () => {
    const d = makeDevice('rebuilt', url);
    d.write(40);
    expect(sent(d.sync(['--json']))).toBe(40);
    const id = d.deviceId();
    const r = run(['rebuild', '--yes'], d.env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Sync (runway sync): the device id is kept');
    expect(d.deviceId()).toBe(id);
    d.write(5);
    expect(sent(d.sync(['--json']))).toBe(45);
    expectTotals((await teamTotals(team, id)).rollup, d.totals());
    expect((await teamTotals(team, id)).rows.responses).toBe(45);
    expect(sent(d.sync(['--json']))).toBe(0);
  });

  it('--watch pushes what arrives, and stops on SIGINT with a summary', async () => {
    const d = makeDevice('watcher', url);
    d.write(3);
    const child = spawn(process.execPath, [CLI, 'sync', '--watch'], { env: d.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    const count = async () => {
      const r = await team.query("SELECT count(*)::int AS n FROM responses r JOIN devices d USING (device_id) WHERE d.person = 'watcher'");
      return r.rows[0].n as number;
    };
    const until = async (n: number) => {
      for (let i = 0; i < 300 && (await count()) !== n; i++) await new Promise((r) => setTimeout(r, 50));
      return count();
    };
    expect(await until(3)).toBe(3);
    d.write(4);
    expect(await until(7)).toBe(7);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/^Stopped: sent 7 responses to postgres@127\.0\.0\.1:\d+\/runway_\w+ in all\n$/);
    expect(err).toMatch(/Sent 3 responses/);
    expect(err).toMatch(/Sent 4 responses/);
  });

  it('sends a row whose text PostgreSQL refuses (a NUL) as the nearest text it takes, and goes on', async () => {
    const d = makeDevice('odd', url);
    d.write(3);
    expect(run(['scan'], d.env).status).toBe(0);
    // The scan refuses such text in a path; a branch name written by another tool may hold it.
    const local = new Database(d.dbPath);
    local.prepare("UPDATE responses SET git_branch = 'fe' || char(0) || 'at' WHERE id = 1").run();
    local.close();
    expect(sent(d.sync(['--json']))).toBe(3);
    const rows = (await team.query('SELECT git_branch FROM responses WHERE device_id = $1 ORDER BY git_branch', [d.deviceId()])).rows;
    expect(rows.map((r) => r.git_branch)).toEqual(['feat', 'main', 'main']);
  });
});
