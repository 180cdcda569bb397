// The figures behind weekly, monthly and blocks, called directly on priced rows built here.
import { describe, expect, it } from 'vitest';
import { monthlyReport, weekStart, weeklyReport } from '../../figures/periods.js';
import { blocksReport } from '../../figures/blocks-report.js';
import type { PricedRow } from '../../figures/usage.js';

function row(date: string, at: string, output: number, cost: number | null, model = 'm1'): PricedRow {
  return {
    date, bucketMs: Date.parse(at), agent: 'claude-code', model, project: '/p', responses: 1,
    inputTokens: 10, outputTokens: output, cacheWrite5mTokens: 1, cacheWrite1hTokens: 2, cacheReadTokens: 100,
    webSearchRequests: 0, reasoningTokens: 0, premiumRequests: 0, cost, unpricedReason: cost === null ? 'no price' : null,
  };
}

describe('weeks and months', () => {
  it('starts a week on the asked day: a Sunday is its own week from sunday, the end of the last from monday', () => {
    expect(weekStart('2026-08-23', 'sunday')).toBe('2026-08-23');
    expect(weekStart('2026-08-23', 'monday')).toBe('2026-08-17');
    expect(weekStart('2026-08-29', 'saturday')).toBe('2026-08-29');
    expect(weekStart('2026-08-28', 'saturday')).toBe('2026-08-22');
  });

  it('groups rows by week and month, totals the sum of the entries, unpriced kept apart', () => {
    const rows = [row('2026-08-23', '2026-08-24T03:00:00Z', 5, 1), row('2026-08-24', '2026-08-24T15:00:00Z', 7, null, 'm2'), row('2026-07-31', '2026-08-01T03:00:00Z', 9, 2)];
    const w = weeklyReport(rows, 'monday');
    expect(w.weekly.map((e) => [e.week, e.outputTokens])).toEqual([['2026-07-27', 9], ['2026-08-17', 5], ['2026-08-24', 7]]);
    expect(w.weekly[2]).toMatchObject({ totalCost: 0, unpricedResponses: 1, unpricedTokens: 120 });
    const m = monthlyReport(rows);
    expect(m.monthly.map((e) => [e.month, e.outputTokens, e.totalCost])).toEqual([['2026-07', 9, 2], ['2026-08', 12, 1]]);
    expect(m.totals).toMatchObject({ outputTokens: 21, inputTokens: 30, cacheCreationTokens: 9, cacheReadTokens: 300, totalCost: 3, unpricedResponses: 1 });
    expect(m.unpriced).toEqual([{ agent: 'claude-code', model: 'm2', reason: 'no price', responses: 1, tokens: 120 }]);
  });
});

describe('blocksReport', () => {
  const rows = [row('', '2026-08-26T01:15:00Z', 10, 1), row('', '2026-08-26T05:45:00Z', 20, 1), row('', '2026-08-26T13:00:00Z', 30, 2)];
  const now = Date.parse('2026-08-26T14:00:00Z');

  it('cuts blocks at the hour of the first activity after the last block, the last one active', () => {
    const r = blocksReport(rows, now);
    // 05:45 to 13:00 is more than 5 hours: a gap from 5 hours after the last activity to the next.
    expect(r.blocks.map((b) => [b.startTime, b.endTime, b.isActive, b.isGap])).toEqual([
      ['2026-08-26T01:00:00.000Z', '2026-08-26T06:00:00.000Z', false, false],
      ['2026-08-26T10:45:00.000Z', '2026-08-26T13:00:00.000Z', false, true],
      ['2026-08-26T13:00:00.000Z', '2026-08-26T18:00:00.000Z', true, false],
    ]);
    expect(r.blocks[0]).toMatchObject({ entries: 2, totalTokens: 123 + 133, costUSD: 2, tokenCounts: { outputTokens: 30, cacheCreationInputTokens: 6 } });
    expect(r.totals).toMatchObject({ totalTokens: 123 + 133 + 143, totalCost: 4, responses: 3 });
  });

  it('--active --token-limit max: the active block judged on its projection against the largest past block', () => {
    const r = blocksReport(rows, now, { active: true, tokenLimit: 'max' });
    expect(r.tokenLimit).toBe(256);
    expect(r.blocks).toHaveLength(1);
    expect(r.blocks[0]!.projection).toEqual({ totalTokens: 143 * 5, totalCost: 10, remainingMinutes: 240 });
    expect(r.blocks[0]!.tokenLimitStatus).toMatchObject({ limit: 256, projectedUsage: 715, status: 'exceeds' });
    expect(r.totals.totalTokens).toBe(143);
    expect(blocksReport(rows, Date.parse('2026-08-27T14:00:00Z'), { active: true }).blocks).toEqual([]);
  });
});
