// Checks the reference counter against the published totals for the real logs in ../shared/real-logs.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { referenceTotals } from './reference.js';

// From real-logs/SOURCES.md (the figures ccusage 20 reports for the same folders).
const expected = {
  'claude-code-viewer': { responses: 197, input: 1_040, output: 56_515, cacheWrites: 198_421, cacheReads: 4_075_332 },
  spotter: { responses: 330, input: 2_088, output: 69_625, cacheWrites: 1_025_270, cacheReads: 27_982_462 },
  agentlogs: { responses: 23, input: 109, output: 2_737, cacheWrites: 45_921, cacheReads: 339_138 },
};

const shared = resolve(process.argv[2] ?? '../shared/real-logs');
if (!existsSync(shared)) {
  console.log(`${shared} not found, skipped`);
  process.exit(0);
}

let failed = false;
console.log(['folder', 'kind', 'expected', 'counted', ''].map((s) => s.padEnd(20)).join(''));
for (const [folder, want] of Object.entries(expected)) {
  const t = referenceTotals(join(shared, folder));
  const got = {
    responses: t.responses,
    input: t.inputTokens,
    output: t.outputTokens,
    cacheWrites: t.cacheWrite5mTokens + t.cacheWrite1hTokens,
    cacheReads: t.cacheReadTokens,
  };
  for (const kind of Object.keys(want) as (keyof typeof want)[]) {
    const ok = got[kind] === want[kind];
    failed ||= !ok;
    console.log([folder, kind, String(want[kind]), String(got[kind]), ok ? 'ok' : 'MISMATCH'].map((s) => s.padEnd(20)).join(''));
  }
}
process.exit(failed ? 1 : 0);
