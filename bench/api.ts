// Latency of the dashboard APIs on a database of about a million responses:
// `node dist/bench/api.js [--sessions 330] [--calls 300]`. Every call runs the
// incremental scan first (minimum interval 0), over an empty log root.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.js';
import { demoEvent, generateDemo } from '../server/demo.js';
import { Store } from '../store/writer.js';
import { parseConfig } from '../core/config.js';
import { loadPriceTable } from '../core/price-source.js';
import { openDb } from '../store/db.js';
import { scan } from '../scanner/scan.js';

const { values } = parseArgs({
  options: { sessions: { type: 'string', default: '330' }, calls: { type: 'string', default: '300' }, db: { type: 'string' } },
});
const dir = mkdtempSync(join(tmpdir(), 'runway-bench-api-'));
// --db FILE keeps the generated database between runs (it takes a minute to write).
const db = openDb(values.db ?? join(dir, 'usage.db'));
let t = performance.now();
if ((db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n === 0) {
  generateDemo(db, { nowMs: Date.now(), tz: 'UTC', days: 90, sessionsPerWorkday: Number(values.sessions) });
}
const responses = (db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;
console.log(`database: ${responses.toLocaleString('en-US')} responses over 90 days, ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
console.log(`rollup rows: ${(db.prepare('SELECT count(*) AS n FROM usage_rollup').get() as { n: number }).n}, session rows: ${(db.prepare('SELECT count(*) AS n FROM session_usage').get() as { n: number }).n}`);

const configPath = join(dir, 'config.json');
const env = { CLAUDE_CONFIG_DIR: join(dir, 'logs'), HOME: dir };
const app = await buildApp({
  db, port: 8099, version: 'bench', tz: 'UTC', configPath,
  config: parseConfig({ monthly_budget: 20_000 }, configPath),
  pricing: { table: await loadPriceTable({ cacheDir: join(dir, 'cache') }), mode: 'auto' },
  scan: () => scan(db, { env }),
  minScanIntervalMs: 0,
});

const calls = Number(values.calls);
// Another connection, as a `runway scan` in a terminal would be: each commit there makes
// the server recompute instead of answering from what it kept.
const writer = new Store(openDb(db.name));
let written = 0;
const newResponse = () => {
  const id = `bench-${process.pid}-${++written}`;
  writer.write([demoEvent(id, Date.now() - 1000, 'bench-session', '/home/dev/src/bench', 'cli', 'claude-sonnet-4-5-20250929',
    { input: 3, output: 500, write: 1000, read: 50_000 })], []);
};
for (const [label, before] of [['unchanged data', () => {}], ['a new response committed before every call', newResponse]] as const) {
  console.log(`\n${label}\n${'endpoint'.padEnd(22)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}   (ms, ${calls} calls after 20 warm-up)`);
  for (const url of ['/api/summary', '/api/daily', '/api/models', '/api/projects', '/api/sessions?limit=20']) {
    await measure(url, before);
  }
}

async function measure(url: string, before: () => void): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < calls + 20; i++) {
    before();
    t = performance.now();
    const res = await app.inject({ url, headers: { host: '127.0.0.1:8099' } });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    if (i >= 20) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1).padStart(8);
  console.log(`${url.padEnd(22)} ${q(0.5)} ${q(0.95)} ${q(0.99)} ${q(1)}`);
}
await app.close();
