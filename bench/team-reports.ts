// Team report latency: a team database of N responses (default 10,000,000) from 50 devices
// over 90 days, written straight into PostgreSQL (the rollup triggers keep their rollup as a
// sync would), then each team report run as a user runs it (the built CLI, Node's start
// included), median of 5. The reports read the rollup only, so their time follows its size.
//   node dist/bench/team-reports.js [--responses 10000000] [--url postgres://…]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectTeam, migrateTeam } from '../store/team/connect.js';
import { stats } from './measure.js';
import { cluster } from './pg-cluster.js';

const { values } = parseArgs({ options: { responses: { type: 'string', default: '10000000' }, url: { type: 'string' } } });
const total = Number(values.responses);
if (!Number.isSafeInteger(total) || total < 1) throw new Error('--responses: expected a whole number above 0');

const DEVICES = 50;
const DAYS = 90;
const NOW = Date.UTC(2026, 11, 1, 12);
const CHUNK = 500_000;
const CLI = join(import.meta.dirname, '..', 'cli', 'main.js');

const server = values.url ? { url: values.url, stop: () => {} } : await cluster();
const home = mkdtempSync(join(tmpdir(), 'runway-bench-team-home-'));
try {
  const client = await connectTeam(server.url);
  await migrateTeam(client);
  await client.query(`INSERT INTO devices (device_id, person, label, last_sync_at)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid, 'person-' || (d % 20), 'device-' || d, to_timestamp($1 / 1000.0)
    FROM generate_series(0, ${DEVICES - 1}) d`, [NOW]);
  // Like real use: a device works in one project a day, on one of two models.
  let t = performance.now();
  for (let from = 0; from < total; from += CHUNK) {
    await client.query(`INSERT INTO responses (device_id, key, agent, ts, model, project, entrypoint, input_tokens, output_tokens,
        cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, web_search_requests)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i % ${DEVICES}), 12, '0'))::uuid, 'msg_' || i, 'claude-code', ts,
        (ARRAY['claude-sonnet-4-5-20250929', 'claude-opus-4-5-20251101'])[1 + (i / 7) % 2],
        '/home/dev/project-' || ((i % ${DEVICES}) * 7 + ts / 86400000) % 40, 'cli',
        1 + i % 4000, 1 + i % 2500, i % 900, 0, i % 150000, 0
      FROM (SELECT i, $1::bigint - ${DAYS}::bigint * 86400000 + i * ${DAYS}::bigint * 86400000 / $2::bigint AS ts
            FROM generate_series($3::bigint, $4::bigint) i) AS g`, [NOW, total, from, Math.min(total, from + CHUNK) - 1]);
    process.stderr.write(`\r${Math.min(total, from + CHUNK).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} responses written`);
  }
  process.stderr.write('\n');
  const built = (performance.now() - t) / 1000;
  const rollup = (await client.query('SELECT count(*)::bigint AS groups, sum(responses)::bigint AS n FROM usage_rollup')).rows[0];
  await client.end();
  if (Number(rollup.n) !== total) throw new Error(`the rollup holds ${rollup.n} responses, expected ${total}`);
  console.log(`team database: ${total.toLocaleString('en-US')} responses from ${DEVICES} devices over ${DAYS} days, written in ${built.toFixed(0)} s; rollup ${Number(rollup.groups).toLocaleString('en-US')} groups`);

  const env = {
    PATH: process.env.PATH!, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'),
    CLAUDE_CONFIG_DIR: join(home, 'no-logs'), RUNWAY_NOW: new Date(NOW).toISOString(), RUNWAY_TEAM_URL: server.url, NO_COLOR: '1', TZ: 'UTC',
  };
  // The price cache, filled once, as on a machine that has run Runway before.
  spawnSync(process.execPath, [CLI, 'prices', '--json'], { env });
  const reports: [string, string[]][] = [
    ['team status --json', ['team', 'status', '--json']],
    ['team daily --json (90 days)', ['team', 'daily', '--json']],
    ['team monthly --json', ['team', 'monthly', '--json']],
    ['team where --by person --json', ['team', 'where', '--by', 'person', '--json']],
    ['check --team', ['check', '--team']],
  ];
  for (const [name, args] of reports) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
      times.push(performance.now() - t);
      if (r.status !== 0 && !(args[0] === 'check' && r.status! <= 2)) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    }
    const s = stats(times);
    console.log(`${name.padEnd(34)} median ${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`);
  }
} finally {
  server.stop();
  rmSync(home, { recursive: true, force: true });
}
