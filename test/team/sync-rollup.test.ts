// The rollup trigger as the migrations leave it (002 replaces 001's): a response that moves
// to another bucket or group leaves no empty group behind, and other buckets' groups stay.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateTeam } from '../../store/team/connect.js';
import { describePg, freshDatabase } from '../helpers/pg.js';

const A = '00000000-0000-4000-8000-00000000000a';
const T = Date.UTC(2026, 10, 20, 10, 0, 0);

describePg('team rollup after every migration', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = new pg.Client({ connectionString: await freshDatabase() });
    await db.connect();
    await migrateTeam(db);
    await db.query("INSERT INTO devices (device_id, person, label) VALUES ($1, 'alice', 'laptop')", [A]);
  });
  afterAll(() => db?.end());

  const put = (key: string, ts: number, output: number, speed: string | null) =>
    db.query(`INSERT INTO responses AS r (device_id, key, agent, ts, model, speed, input_tokens, output_tokens, cache_write_5m_tokens,
        cache_write_1h_tokens, cache_read_tokens, web_search_requests)
      VALUES ($1, $2, 'claude-code', $3, 'opus', $4, 10, $5, 0, 0, 0, 0)
      ON CONFLICT (device_id, key) DO UPDATE SET ts = excluded.ts, speed = excluded.speed, output_tokens = excluded.output_tokens
      WHERE excluded.output_tokens > r.output_tokens`, [A, key, ts, speed, output]);
  const groups = async () => (await db.query('SELECT bucket::float8 AS bucket, fast, responses::int, output_tokens::int AS output FROM usage_rollup ORDER BY bucket, fast')).rows;

  it('drops the group a moved response emptied, and keeps the others', async () => {
    await put('m1', T, 5, null);
    await put('m2', T + 3_600_000, 7, null);
    expect(await groups()).toEqual([
      { bucket: T / 1000, fast: false, responses: 1, output: 5 },
      { bucket: T / 1000 + 3600, fast: false, responses: 1, output: 7 },
    ]);
    // m1 grows and moves 20 minutes on, turned fast: its old group empties and goes.
    await put('m1', T + 20 * 60_000, 50, 'fast');
    expect(await groups()).toEqual([
      { bucket: T / 1000 + 900, fast: true, responses: 1, output: 50 },
      { bucket: T / 1000 + 3600, fast: false, responses: 1, output: 7 },
    ]);
    // A repeat with less output changes nothing.
    await put('m2', T, 1, null);
    expect((await groups()).length).toBe(2);
  });
});
