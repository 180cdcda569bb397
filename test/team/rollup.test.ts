// The team schema's rollup follows every statement on responses, inserts and merges alike,
// in the same transaction: its sums are the rows' sums, per device and priced group.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, freshDatabase } from '../helpers/pg.js';

const SCHEMA = readFileSync(join(import.meta.dirname, '..', '..', 'migrations', 'team', '001_team.sql'), 'utf8');
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const COLS = 'device_id, key, agent, ts, model, project, speed, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, web_search_requests';
// The sync's merge rule: a sighting with more output wins.
const UPSERT = `INSERT INTO responses AS r (${COLS}) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
  $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])
  ON CONFLICT (device_id, key) DO UPDATE SET output_tokens = excluded.output_tokens, ts = excluded.ts, speed = excluded.speed,
  input_tokens = excluded.input_tokens, cache_read_tokens = excluded.cache_read_tokens
  WHERE excluded.output_tokens > r.output_tokens`;

type Row = [device: string, key: string, ts: number, model: string, speed: string | null, input: number, output: number, cacheRead: number];

describePg('team schema: the rollup', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = new pg.Client({ connectionString: await freshDatabase() });
    await db.connect();
    await db.query(SCHEMA);
    await db.query(`INSERT INTO devices (device_id, person, label) VALUES ($1, 'alice', 'laptop'), ($2, 'bob', 'desktop')`, [A, B]);
  });
  afterAll(() => db?.end());

  const push = (rows: Row[]) =>
    db.query(UPSERT, [
      rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map(() => 'claude-code'), rows.map((r) => r[2]), rows.map((r) => r[3]),
      rows.map(() => '/w/app'), rows.map((r) => r[4]), rows.map((r) => r[5]), rows.map((r) => r[6]), rows.map(() => 0), rows.map(() => 0),
      rows.map((r) => r[7]), rows.map(() => 0),
    ]);
  const sums = async (table: string) =>
    (await db.query(`SELECT device_id, sum(${table === 'usage_rollup' ? 'responses' : '1'})::int AS n, sum(input_tokens)::int AS input,
      sum(output_tokens)::int AS output, sum(cache_read_tokens)::int AS cr FROM ${table} GROUP BY 1 ORDER BY 1`)).rows;

  it('adds inserts, moves merged rows between groups, and drops groups it emptied', async () => {
    const t = Date.UTC(2026, 11, 1, 10, 0, 0);
    await push([[A, 'm1', t, 'opus', null, 100, 5, 0], [A, 'm2', t + 1000, 'opus', null, 50, 7, 0], [B, 'm1', t, 'opus', null, 9, 9, 0]]);
    expect(await sums('usage_rollup')).toEqual(await sums('responses'));
    // One statement: m1 grows (and turns fast, another group), m3 is new, m2 repeats with less output (kept as it was).
    await push([[A, 'm1', t + 20 * 60_000, 'opus', 'fast', 100, 40, 300_000], [A, 'm3', t, 'opus', null, 1, 1, 0], [A, 'm2', t + 1000, 'opus', null, 50, 3, 0]]);
    const rollup = await sums('usage_rollup');
    expect(rollup).toEqual(await sums('responses'));
    expect(rollup[0]).toEqual({ device_id: A, n: 3, input: 151, output: 48, cr: 300_000 });
    // m1 left its first group (bucket 10:00, not fast) and is in bucket 10:15, fast, above 200k prompt.
    const groups = (await db.query(`SELECT bucket, fast, prompt_band, responses::int FROM usage_rollup WHERE device_id = $1 ORDER BY bucket, fast`, [A])).rows;
    expect(groups).toEqual([
      { bucket: String(t / 1000), fast: false, prompt_band: 0, responses: 2 },
      { bucket: String(t / 1000 + 900), fast: true, prompt_band: 272000, responses: 1 },
    ]);
  });

  it('rolls back with the rows: a failed batch leaves no trace in the rollup', async () => {
    const before = await sums('usage_rollup');
    await db.query('BEGIN');
    await push([[B, 'x1', Date.UTC(2026, 11, 2), 'opus', null, 1000, 1000, 0]]);
    await db.query('ROLLBACK');
    expect(await sums('usage_rollup')).toEqual(before);
  });
});
