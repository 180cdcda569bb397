// Checks Runway's scanner, and the plain reference counter beside it, against the published
// totals of the real logs in ../shared/real-logs:  node dist/bench/check-real-logs.js [dir]
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDb } from '../store/db.js';
import { scan } from '../scanner/scan.js';
import { referenceTotals } from './reference.js';

// From real-logs/SOURCES.md (the figures ccusage 20 reports for the same folders).
const expected = {
  'claude-code-viewer': { responses: 197, input: 1_040, output: 56_515, cacheWrites: 198_421, cacheReads: 4_075_332 },
  spotter: { responses: 330, input: 2_088, output: 69_625, cacheWrites: 1_025_270, cacheReads: 27_982_462 },
  agentlogs: { responses: 23, input: 109, output: 2_737, cacheWrites: 45_921, cacheReads: 339_138 },
};
type Kind = keyof (typeof expected)['spotter'];

function runwayTotals(root: string): Record<Kind, number> {
  const db = openDb(':memory:');
  scan(db, { env: { CLAUDE_CONFIG_DIR: root, HOME: root } });
  return db
    .prepare(
      `SELECT count(*) AS responses, sum(input_tokens) AS input, sum(output_tokens) AS output,
       sum(cache_write_5m_tokens + cache_write_1h_tokens) AS cacheWrites, sum(cache_read_tokens) AS cacheReads FROM responses`,
    )
    .get() as Record<Kind, number>;
}

function referenceCounts(root: string): Record<Kind, number> {
  const t = referenceTotals(root);
  return {
    responses: t.responses,
    input: t.inputTokens,
    output: t.outputTokens,
    cacheWrites: t.cacheWrite5mTokens + t.cacheWrite1hTokens,
    cacheReads: t.cacheReadTokens,
  };
}

const shared = resolve(process.argv[2] ?? '../shared/real-logs');
if (!existsSync(shared)) {
  console.log(`${shared} not found, skipped`);
  process.exit(0);
}

let failed = false;
const row = (cells: string[]) => console.log(cells.map((s, i) => s.padEnd(i < 2 ? 20 : 12)).join(''));
row(['folder', 'kind', 'expected', 'runway', 'reference', '']);
for (const [folder, want] of Object.entries(expected)) {
  const root = join(shared, folder);
  const runway = runwayTotals(root);
  const reference = referenceCounts(root);
  for (const kind of Object.keys(want) as Kind[]) {
    const ok = runway[kind] === want[kind] && reference[kind] === want[kind];
    failed ||= !ok;
    row([folder, kind, String(want[kind]), String(runway[kind]), String(reference[kind]), ok ? 'ok' : 'MISMATCH']);
  }
}
process.exit(failed ? 1 : 0);
