// Scan benchmark: generates a log tree, then times a cold scan into an empty database, a
// rescan of the unchanged tree and `daily --json`, beside `cat` of the same files, and checks
// the totals against the plain reference counter.
//   node dist/bench/scan.js [--mb 1024] [--runs 3] [--seed 1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateLogs } from './gen-logs.js';
import { measure, stats, type Sample } from './measure.js';
import { referenceTotals } from './reference.js';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '1024' }, runs: { type: 'string', default: '3' }, seed: { type: 'string', default: '1' } },
});
const mb = Number(values.mb);
const runs = Number(values.runs);
const cli = join(import.meta.dirname, '..', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'runway-bench-'));
const logs = join(work, 'logs');
const db = join(work, 'usage.db');
// NODE_EXTRA_CA_CERTS makes every Node start load a CA bundle (~140 ms here); Runway makes no
// TLS connection, so it is left out to measure Runway rather than that.
const { NODE_EXTRA_CA_CERTS: _, ...baseEnv } = process.env;
const env = { ...baseEnv, CLAUDE_CONFIG_DIR: logs, XDG_CACHE_HOME: join(work, 'cache'), NO_COLOR: '1' };

try {
  const t = performance.now();
  const gen = generateLogs({ out: logs, mb, seed: Number(values.seed) });
  console.log(`corpus: ${(gen.bytes / 2 ** 20).toFixed(0)} MB, ${gen.files} files, ${gen.lines} lines, ${gen.truth.responses} responses (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`);

  const runway = (...args: string[]) => measure(process.execPath, [cli, ...args, '--db', db], env);
  runway('daily', '--json', '--no-scan'); // builds the price cache, as any first run does
  rmSync(db, { force: true });

  const rows: [string, Sample[]][] = [];
  const repeat = (label: string, before: () => void, fn: () => Sample) => {
    const samples: Sample[] = [];
    fn(); // warm-up: page cache, price cache
    for (let i = 0; i < runs; i++) {
      before();
      samples.push(fn());
    }
    rows.push([label, samples]);
    return samples;
  };
  const cleanDb = () => ['', '-wal', '-shm'].forEach((s) => rmSync(db + s, { force: true }));

  repeat('cat of all files', () => {}, () => measure('sh', ['-c', `find "${logs}" -name '*.jsonl' -print0 | xargs -0 cat > /dev/null`]));
  repeat('cold: scan into an empty database', cleanDb, () => runway('scan'));
  repeat('warm: scan of the unchanged tree', () => {}, () => runway('scan'));
  const daily = repeat('warm: daily --json (scan included)', () => {}, () => runway('daily', '--json', '--tz', 'UTC'));

  console.log(`\n${runs} runs each after a warm-up; wall seconds and peak RSS (MB), min / median / max`);
  for (const [label, samples] of rows) {
    const s = stats(samples.map((x) => x.seconds));
    const m = samples[0]!.peakMb === null ? null : stats(samples.map((x) => x.peakMb!));
    const mem = m ? `${m.min.toFixed(0)} / ${m.median.toFixed(0)} / ${m.max.toFixed(0)} MB` : 'n/a';
    console.log(`${label.padEnd(38)} ${s.min.toFixed(3)} / ${s.median.toFixed(3)} / ${s.max.toFixed(3)} s   ${mem}`);
  }
  const med = (label: string) => stats(rows.find((r) => r[0] === label)![1].map((x) => x.seconds)).median;
  console.log(`cold scan ÷ cat: ${(med('cold: scan into an empty database') / med('cat of all files')).toFixed(2)}×`);

  // Correctness does not move with speed: Runway's totals equal the reference counter's.
  const totals = JSON.parse(daily[0]!.stdout).totals;
  const ref = referenceTotals(logs);
  const pairs: [string, number, number][] = [
    ['responses', totals.responses, ref.responses],
    ['input', totals.inputTokens, ref.inputTokens],
    ['output', totals.outputTokens, ref.outputTokens],
    ['cache writes 5m', totals.cacheWrite5mTokens, ref.cacheWrite5mTokens],
    ['cache writes 1h', totals.cacheWrite1hTokens, ref.cacheWrite1hTokens],
    ['cache reads', totals.cacheReadTokens, ref.cacheReadTokens],
    ['web searches', totals.webSearchRequests, ref.webSearchRequests],
  ];
  const bad = pairs.filter(([, a, b]) => a !== b);
  console.log(bad.length ? `MISMATCH with the reference counter: ${JSON.stringify(bad)}` : 'totals equal the reference counter on every token kind');
  if (bad.length) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
