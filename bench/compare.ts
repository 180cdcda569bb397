// This build beside another (an earlier commit's dist/cli/main.js) on one log tree, run
// alternately so both see the same machine: cold scan, warm scan, daily --json in UTC and
// in a DST zone. Medians and the ratio of each.
//   node dist/bench/compare.js --other /tmp/old/dist/cli/main.js --logs /tmp/logs [--runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, stats } from './measure.js';

const { values } = parseArgs({
  options: { other: { type: 'string' }, logs: { type: 'string' }, runs: { type: 'string', default: '5' } },
});
if (!values.other || !values.logs) {
  console.error('usage: node dist/bench/compare.js --other OTHER/dist/cli/main.js --logs LOG_ROOT [--runs N]');
  process.exit(2);
}
const builds = { other: values.other, this: join(import.meta.dirname, '..', 'cli', 'main.js') };
const home = mkdtempSync(join(tmpdir(), 'runway-compare-'));
const env = {
  PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config'),
  CLAUDE_CONFIG_DIR: values.logs, NO_COLOR: '1', RUNWAY_NOW: '2026-12-01T12:00:00Z',
};
const steps = {
  'cold scan': (db: string) => ['scan', '--db', db],
  'warm scan': (db: string) => ['scan', '--db', db],
  'daily --json, UTC': (db: string) => ['daily', '--json', '--no-scan', '--tz', 'UTC', '--db', db],
  'daily --json, New York': (db: string) => ['daily', '--json', '--no-scan', '--tz', 'America/New_York', '--db', db],
};
const seconds: Record<string, Record<string, number[]>> = {};
for (let run = 0; run < Number(values.runs); run++) {
  for (const [name, cli] of Object.entries(builds)) {
    const db = join(home, `${name}.db`);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    for (const [step, args] of Object.entries(steps)) ((seconds[step] ??= {})[name] ??= []).push(measure(process.execPath, [cli, ...args(db)], env).seconds);
  }
}
for (const [step, by] of Object.entries(seconds)) {
  const other = stats(by.other!).median;
  const mine = stats(by.this!).median;
  console.log(`${step.padEnd(24)} other ${other.toFixed(3)} s · this ${mine.toFixed(3)} s · this/other ${(mine / other).toFixed(2)}×`);
}
rmSync(home, { recursive: true, force: true });
