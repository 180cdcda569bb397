// The sessions list prices each session as the reports price its days: a session that runs
// across a price change of its model pays each side's rate, not its last response's.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPriceTable } from '../../core/price-source.js';
import { recentSessions } from '../../figures/dashboard.js';
import { openDb } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { assistant, jsonl, logRoot, tempDb } from '../helpers/logs.js';

describe('recent sessions', () => {
  it('a session across the Sonnet 5.5 cut pays $0.20 a million cache reads before it and $0.10 after', async () => {
    const logs = logRoot();
    const model = 'claude-sonnet-5-5';
    logs.write('-p/across.jsonl', jsonl([
      assistant({ id: 'm1', ts: '2026-10-06T23:30:00.000Z', model, session: 'across', usage: { input: 0, output: 0, cacheRead: 1_000_000 } }),
      assistant({ id: 'm2', ts: '2026-10-07T00:30:00.000Z', model, session: 'across', usage: { input: 0, output: 0, cacheRead: 1_000_000 } }),
    ]));
    logs.write('-p/after.jsonl', jsonl([
      assistant({ id: 'm3', ts: '2026-10-08T10:00:00.000Z', model, session: 'after', usage: { input: 0, output: 0, cacheRead: 2_000_000 } }),
    ]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const table = await loadPriceTable({ cacheDir: join(mkdtempSync(join(tmpdir(), 'runway-cache-')), 'c') });
    const sessions = Object.fromEntries(recentSessions(db, 10, 'all', { table, mode: 'calculate' }).map((s) => [s.sessionId, s]));
    expect(sessions.across!.cost).toBeCloseTo(0.2 + 0.1, 12);
    expect(sessions.across!.responses).toBe(2);
    expect(sessions.after!.cost).toBeCloseTo(0.2, 12);
  });
});
