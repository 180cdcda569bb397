// The fast scanner against the plain reference counter, per day and model, on generated
// corpora shaped like real logs (streamed duplicates, subagents, progress copies, resumed
// sessions, damaged lines), and the database's content-blindness on the same corpus.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLogs, MARKER } from '../../bench/gen-logs.js';
import { referenceTotals } from '../../bench/reference.js';
import { openDb } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { dailyReport } from '../../figures/reports.js';
import { pricedRows } from '../../figures/usage.js';
import { buildPriceTable } from '../../core/pricing.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each([
  [11, 'UTC'],
  [12, 'America/Los_Angeles'],
  [13, 'Asia/Kolkata'],
])('generated corpus, seed %i, days in %s', (seed, tz) => {
  it('equals the reference counter per day and model, on every token kind', () => {
    const root = mkdtempSync(join(tmpdir(), 'runway-corpus-'));
    dirs.push(root);
    generateLogs({ out: root, mb: 3, seed, start: '2026-03-01', days: 20 });
    const dbPath = join(root, 'usage.db');
    const db = openDb(dbPath);
    scan(db, { env: { CLAUDE_CONFIG_DIR: root, HOME: root }, batchSize: 200 });
    const table = buildPriceTable([], 'none');
    const report = dailyReport(pricedRows(db, { tz, scope: 'all' }, { table, mode: 'calculate' }));
    const ref = referenceTotals(root, { tz });

    const ours: Record<string, Record<string, number[]>> = {};
    for (const d of report.daily) {
      ours[d.date] = Object.fromEntries(d.modelBreakdowns.map((m) => [m.modelName, [m.responses, m.inputTokens, m.outputTokens, m.cacheWrite5mTokens, m.cacheWrite1hTokens, m.cacheReadTokens, m.webSearchRequests]]));
    }
    const theirs: Record<string, Record<string, number[]>> = {};
    for (const [date, models] of Object.entries(ref.byDayModel)) {
      theirs[date] = Object.fromEntries(Object.entries(models).map(([m, c]) => [m, [c.responses, c.input, c.output, c.cacheWrite5m, c.cacheWrite1h, c.cacheRead, c.webSearch]]));
    }
    expect(Object.keys(ours).length).toBeGreaterThanOrEqual(3);
    expect(ours).toEqual(theirs);

    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(readFileSync(dbPath).includes(MARKER)).toBe(false);
  });
});
