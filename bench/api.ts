// Latency of the dashboard APIs on a database of about a million responses:
// `node dist/bench/api.js [--sessions 330] [--calls 300]`. Every call runs the
// incremental scan first (minimum interval 0), over an empty log root.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.js';
import { demoEvent, generateDemo } from '../server/demo.js';
import { Store } from '../store/writer.js';
import { parseConfig } from '../core/config.js';
import { loadPriceTable } from '../core/price-source.js';
import { openDb, type Db } from '../store/db.js';
import { scan } from '../scanner/scan.js';

export const API_ROUTES = ['/api/summary', '/api/daily', '/api/models', '/api/projects', '/api/sessions?limit=20'];
export const WARMUP_CALLS = 20;

/** Wall times in ms of `calls` calls per route (sorted, after the warm-up calls), with and without a commit before each. */
export interface ApiTimes {
  unchanged: Record<string, number[]>;
  afterCommit: Record<string, number[]>;
}

/**
 * Calls each route `calls` times in process (fastify's inject), first on unchanged data, then
 * with a new response committed by another connection before every call, as a `runway scan`
 * in a terminal would: each commit makes the server recompute instead of answering from what it kept.
 */
export async function timeApi(db: Db, o: { calls: number; routes?: string[]; unchanged?: boolean }): Promise<ApiTimes> {
  const dir = mkdtempSync(join(tmpdir(), 'runway-bench-api-'));
  const configPath = join(dir, 'config.json');
  const env = { CLAUDE_CONFIG_DIR: join(dir, 'logs'), HOME: dir };
  const app = await buildApp({
    db, port: 8099, version: 'bench', tz: 'UTC', configPath,
    config: parseConfig({ monthly_budget: 20_000 }, configPath),
    pricing: { table: await loadPriceTable({ cacheDir: join(dir, 'cache') }), mode: 'auto' },
    scan: () => scan(db, { env }),
    minScanIntervalMs: 0,
  });
  const writerDb = openDb(db.name);
  const writer = new Store(writerDb);
  let written = 0;
  const newResponse = () => {
    const id = `bench-${process.pid}-${Date.now()}-${++written}`;
    writer.write([demoEvent(id, Date.now() - 1000, 'bench-session', '/home/dev/src/bench', 'cli', 'claude-sonnet-4-5-20250929',
      { input: 3, output: 500, write: 1000, read: 50_000 })], []);
  };
  const measure = async (url: string, before: () => void): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < o.calls + WARMUP_CALLS; i++) {
      before();
      const t = performance.now();
      const res = await app.inject({ url, headers: { host: '127.0.0.1:8099' } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      if (i >= WARMUP_CALLS) times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
  };
  const out: ApiTimes = { unchanged: {}, afterCommit: {} };
  try {
    for (const url of o.routes ?? API_ROUTES) {
      if (o.unchanged !== false) out.unchanged[url] = await measure(url, () => {});
      out.afterCommit[url] = await measure(url, newResponse);
    }
  } finally {
    await app.close();
    writerDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { sessions: { type: 'string', default: '330' }, calls: { type: 'string', default: '300' }, db: { type: 'string' } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'runway-bench-api-'));
  // --db FILE keeps the generated database between runs (it takes a minute to write).
  const db = openDb(values.db ?? join(dir, 'usage.db'));
  const t = performance.now();
  if ((db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n === 0) {
    generateDemo(db, { nowMs: Date.now(), tz: 'UTC', days: 90, sessionsPerWorkday: Number(values.sessions) });
  }
  const responses = (db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;
  console.log(`Node ${process.version}; database: ${responses.toLocaleString('en-US')} responses over 90 days, ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  console.log(`rollup rows: ${(db.prepare('SELECT count(*) AS n FROM usage_rollup').get() as { n: number }).n}, session rows: ${(db.prepare('SELECT count(*) AS n FROM session_usage').get() as { n: number }).n}`);
  const calls = Number(values.calls);
  const times = await timeApi(db, { calls });
  const q = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1).padStart(8);
  for (const [label, got] of [['unchanged data', times.unchanged], ['a new response committed before every call', times.afterCommit]] as const) {
    console.log(`\n${label}\n${'endpoint'.padEnd(22)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}   (ms, ${calls} calls after ${WARMUP_CALLS} warm-up)`);
    for (const [url, s] of Object.entries(got)) console.log(`${url.padEnd(22)} ${q(s, 0.5)} ${q(s, 0.95)} ${q(s, 0.99)} ${q(s, 1)}`);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
