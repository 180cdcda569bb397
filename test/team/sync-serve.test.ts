// `runway serve --sync`: the dashboard's scans push to the team database as responses arrive.
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, run, startServe } from '../helpers/cli.js';
import { describePg, freshDatabase } from '../helpers/pg.js';
import { expectTotals, makeDevice, teamTotals } from './sync-devices.js';

describePg('runway serve --sync', () => {
  let url: string;
  let team: pg.Client;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    url = await freshDatabase();
    team = new pg.Client({ connectionString: url });
    await team.connect();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await team?.end();
  });

  it('pushes what is there at the start, then each scan that changed something', async () => {
    const d = makeDevice('server', url);
    expect(run(['team', 'init'], d.env).status).toBe(0);
    d.write(12);
    await startServe(['--sync', '--port', String(await freePort())], d.env, children);
    const until = async (n: number) => {
      let got = 0;
      for (let i = 0; i < 200 && got !== n; i++) {
        await new Promise((r) => setTimeout(r, 50));
        got = (await teamTotals(team)).rows.responses;
      }
      return got;
    };
    expect(await until(12)).toBe(12);
    d.write(8);
    expect(await until(20)).toBe(20);
    const t = await teamTotals(team);
    expectTotals(t.rollup, t.rows);
    children[0]!.kill('SIGINT');
    await new Promise((r) => children[0]!.once('exit', r));
    expectTotals(t.rows, d.totals());
  });

  it('refuses --sync without a team database, in one line', () => {
    const d = makeDevice('nourl', url);
    const r = run(['serve', '--sync', '--no-open'], { ...d.env, RUNWAY_CONFIG: `${d.env.HOME}/none.json` });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^runway: no team database: set team\.url in \S+, or set RUNWAY_TEAM_URL\n$/);
  });
});
