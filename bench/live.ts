// How fast an appended response reaches an open page: `node dist/bench/live.js
// [--rate 4] [--seconds 30] [--sessions 12] [--mode auto|poll]`. A real server (file
// watcher, SSE) over a database of generated history; lines are appended to a session file
// at a steady rate and each is timed from its write to the SSE update that counts it.
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.js';
import { generateDemo } from '../server/demo.js';
import { parseConfig } from '../core/config.js';
import { loadPriceTable } from '../core/price-source.js';
import { openDb } from '../store/db.js';
import { scan } from '../scanner/scan.js';
import { percentile } from './measure.js';
import { sseParser } from './surfaces.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '30' },
    sessions: { type: 'string', default: '12' },
    mode: { type: 'string', default: 'auto' },
    port: { type: 'string', default: '8097' },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'runway-bench-live-'));
const env = { CLAUDE_CONFIG_DIR: join(dir, 'claude'), HOME: dir };
const logDir = join(env.CLAUDE_CONFIG_DIR, 'projects');
const session = join(logDir, '-home-dev-src-bench', 'bench-session.jsonl');
mkdirSync(join(logDir, '-home-dev-src-bench'), { recursive: true });
appendFileSync(session, '');

const db = openDb(join(dir, 'usage.db'));
generateDemo(db, { nowMs: Date.now(), tz: 'UTC', days: 60, sessionsPerWorkday: Number(values.sessions) });
const history = (db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;

const port = Number(values.port);
const configPath = join(dir, 'config.json');
const config = parseConfig({ monthly_budget: 2000, watch: values.mode }, configPath);
const first = scan(db, { env });
const app = await buildApp({
  db, port, version: 'bench', tz: 'UTC', configPath, config,
  pricing: { table: await loadPriceTable({ cacheDir: join(dir, 'cache') }), mode: 'auto' },
  scan: () => scan(db, { env }),
  live: {
    dirs: [logDir], mode: config.watch, files: first.filesSeen,
    scanFiles: (only) => scan(db, { env, only }),
    scanAll: () => scan(db, { env }),
  },
});
await app.listen({ host: '127.0.0.1', port });

// Write time of the n-th appended line, waiting for the update whose count reaches it.
const written: number[] = [];
const latencies: number[] = [];
let seen = history;
await new Promise<void>((connected) => {
  get({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}` } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', sseParser((event, data) => {
      if (event === 'hello') connected();
      if (event !== 'update') return;
      const at = performance.now();
      const count = (JSON.parse(data) as { summary: { data: { responses: number } } }).summary.data.responses;
      for (let i = seen - history; i < count - history && i < written.length; i++) latencies.push(at - written[i]!);
      seen = Math.max(seen, count);
    }));
  });
});

const rate = Number(values.rate);
const total = Math.round(rate * Number(values.seconds));
console.log(`history: ${history.toLocaleString('en-US')} responses; watch: ${values.mode}; appending ${total} responses at ${rate}/s`);
for (let i = 0; i < total; i++) {
  const line = JSON.stringify({
    type: 'assistant', timestamp: new Date().toISOString(), sessionId: 'bench-session', cwd: '/home/dev/src/bench', entrypoint: 'cli',
    requestId: `req_live_${i}`, uuid: `live-${i}`,
    message: { id: `msg_live_${i}`, model: 'claude-sonnet-4-5-20250929', role: 'assistant', type: 'message',
      usage: { input_tokens: 3, output_tokens: 400, cache_creation_input_tokens: 2000, cache_read_input_tokens: 40_000 } },
  });
  written.push(performance.now());
  appendFileSync(session, line + '\n');
  await new Promise((r) => setTimeout(r, 1000 / rate));
}
await new Promise((r) => setTimeout(r, 3000));
await app.close();

const sorted = [...latencies].sort((a, b) => a - b);
const under = sorted.filter((ms) => ms < 1000).length;
console.log(`received ${sorted.length} of ${total}; write → page (ms): min ${sorted[0]?.toFixed(0)}  median ${percentile(sorted, 50).toFixed(0)}  p95 ${percentile(sorted, 95).toFixed(0)}  p99 ${percentile(sorted, 99).toFixed(0)}  max ${sorted.at(-1)?.toFixed(0)}`);
console.log(`within 1 s: ${((under / total) * 100).toFixed(1)}% (target ≥ 95%)  ${under / total >= 0.95 ? 'MET' : 'MISSED'}`);
process.exit(0);
