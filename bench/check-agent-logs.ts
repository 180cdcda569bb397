// Checks the other agents' sources against the published figures of the real logs in
// ../shared/real-logs (see its SOURCES.md):  node dist/bench/check-agent-logs.js [dir]
// Each folder is scanned alone, with a home that holds nothing else.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDb, type Db } from '../store/db.js';
import { scan } from '../scanner/scan.js';
import { codex } from '../sources/codex/index.js';
import { opencode } from '../sources/opencode/index.js';
import { exportToStorage } from './opencode-export.js';
import type { Source } from '../sources/types.js';

interface Figures {
  /** Input including cached input, as the agents count it. */
  input: number;
  cached: number;
  /** Output including reasoning. */
  output: number;
  reasoning: number;
}

// From real-logs/SOURCES.md: Codex per UTC day (per-file cumulative deltas, repeats skipped),
// OpenCode as the sums of `tokens` per message.
const CODEX_DAYS: Record<string, Figures> = {
  '2026-02-23': { input: 34_082_306, cached: 32_389_760, output: 156_921, reasoning: 64_401 },
  '2026-02-24': { input: 15_757_447, cached: 14_299_392, output: 66_257, reasoning: 17_733 },
};
const OPENCODE_CRUD: Figures = { input: 18_635, cached: 71_936, output: 289, reasoning: 64 };

function scanned(source: Source, env: Record<string, string>): Db {
  const db = openDb(':memory:');
  const home = mkdtempSync(join(tmpdir(), 'runway-check-home-'));
  const report = scan(db, { env: { HOME: home, ...env }, sources: [source] });
  rmSync(home, { recursive: true, force: true });
  const issues = Object.entries(report.issues).map(([k, v]) => `${k} ×${v!.count}`);
  if (issues.length) console.log(`  ${source.name}: ${issues.join(', ')}`);
  return db;
}

// Stored columns back in each agent's own units. Codex's input includes the cache reads and
// writes; OpenCode's never does (its cache is counted apart, as Runway stores it).
const figures = (input: string) => `sum(${input}) AS input, sum(cache_read_tokens) AS cached, sum(output_tokens) AS output, sum(reasoning_tokens) AS reasoning`;
const CODEX_FIGURES = figures('input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens');
const OPENCODE_FIGURES = figures('input_tokens');

let failed = false;
const row = (cells: string[]) => console.log(cells.map((s, i) => s.padEnd(i === 0 ? 21 : i < 3 ? 12 : 14)).join(''));
function compare(folder: string, part: string, want: Figures, got: Figures | undefined) {
  for (const kind of Object.keys(want) as (keyof Figures)[]) {
    const ok = got?.[kind] === want[kind];
    failed ||= !ok;
    row([folder, part, kind, String(want[kind]), String(got?.[kind] ?? 0), ok ? 'ok' : 'MISMATCH']);
  }
}

const shared = resolve(process.argv[2] ?? '../shared/real-logs');
if (!existsSync(shared)) {
  console.log(`${shared} not found, skipped`);
  process.exit(0);
}
row(['folder', 'part', 'figure', 'expected', 'runway', '']);

const codexDb = scanned(codex, { CODEX_HOME: join(shared, 'codex-localpush', 'codex-home') });
const days = codexDb.prepare(`SELECT strftime('%Y-%m-%d', ts / 1000, 'unixepoch') AS day, ${CODEX_FIGURES} FROM responses GROUP BY day`).all() as (Figures & { day: string })[];
for (const [day, want] of Object.entries(CODEX_DAYS)) compare('codex-localpush', day, want, days.find((d) => d.day === day));

// OpenCode's sample is an `opencode export` document: laid out as the storage tree OpenCode writes.
const tree = mkdtempSync(join(tmpdir(), 'runway-check-opencode-'));
exportToStorage(readFileSync(join(shared, 'opencode-agentlogs', 'export', 'crud.json'), 'utf8'), join(tree, 'opencode'));
const ocDb = scanned(opencode, { XDG_DATA_HOME: tree });
compare('opencode-agentlogs', 'crud', OPENCODE_CRUD, ocDb.prepare(`SELECT ${OPENCODE_FIGURES} FROM responses`).get() as Figures);
rmSync(tree, { recursive: true, force: true });

process.exit(failed ? 1 : 0);
