// The team figures without a database: device names that stay apart, breakdowns that add up,
// unpriced groups shown as unpriced, and the stale flag exactly at team.stale_after.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../core/config.js';
import { buildPriceTable } from '../../core/pricing.js';
import { breakdown, deviceNames, priceTeamRows, teamStatus, teamWhere } from '../../figures/team.js';
import type { TeamDevice, TeamRollupRow } from '../../store/team/reports.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-10T15:00:00Z');
// Round prices: 1M input tokens = $1, 1M output = $10.
const PRICING = { table: buildPriceTable([], 'test prices', { 'claude-test-1': { input: 1, output: 10, cache_write_5m: 1.25, cache_write_1h: 2, cache_read: 0.1 } }), mode: 'auto' as const };

const device = (deviceId: string, person: string, label: string, silentMs = 0): TeamDevice => ({ deviceId, person, label, firstSyncMs: NOW - 30 * DAY, lastSyncMs: NOW - silentMs });

function row(deviceId: string, date: string, model: string, input: number, output: number, project = '/w/app'): TeamRollupRow {
  return {
    deviceId, date, bucket: Date.parse(`${date}T12:00:00Z`) / 1000, agent: 'claude-code', model, project, prompt_band: 0, fast: 0, logged_cost: 0, us_only: 0, batch: 0,
    responses: 1, inputTokens: input, outputTokens: output, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, webSearchRequests: 0,
    reasoningTokens: 0, premiumRequests: 0, cost_usd: 0,
  };
}

describe('deviceNames', () => {
  it.each([
    { devices: [device('a1', 'alice', 'laptop'), device('b1', 'bob', 'desktop')], names: ['laptop', 'desktop'] },
    { devices: [device('a1', 'alice', 'laptop'), device('b1', 'bob', 'laptop')], names: ['laptop (alice)', 'laptop (bob)'] },
    { devices: [device('a1111111x', 'alice', 'laptop'), device('a2222222y', 'alice', 'laptop'), device('b1', 'bob', 'laptop')], names: ['laptop (alice, a1111111)', 'laptop (alice, a2222222)', 'laptop (bob)'] },
  ])('$names', ({ devices, names }) => {
    const got = deviceNames(devices);
    expect(devices.map((d) => got.get(d.deviceId))).toEqual(names);
  });
});

describe('teamWhere and breakdown', () => {
  const devices = [device('a', 'alice', 'laptop'), device('b', 'bob', 'desktop')];
  const rows = priceTeamRows([
    row('a', '2026-12-02', 'claude-test-1', 1_000_000, 0), // $1
    row('a', '2026-12-03', 'claude-test-1', 0, 300_000), // $3
    row('b', '2026-12-03', 'claude-test-1', 2_000_000, 0), // $2
    row('b', '2026-12-04', 'no-such-model', 5, 5),
  ], devices, PRICING);

  it('prices each group and keeps the unpriced one unpriced, never $0', () => {
    expect(rows.map((r) => r.cost)).toEqual([1, 3, 2, null]);
    const w = teamWhere(rows, 'model');
    expect(w.rows).toEqual([
      { name: 'claude-test-1', calls: 3, tokens: 3_300_000, cost: 6, unpricedCalls: 0, share: 1 },
      { name: 'no-such-model', calls: 1, tokens: 10, cost: null, unpricedCalls: 1, share: 0 },
    ]);
    expect(w.total).toEqual({ calls: 4, tokens: 3_300_010, cost: 6, unpricedCalls: 1 });
  });

  it('by person: shares of the priced cost, adding up to the total', () => {
    const w = teamWhere(rows, 'person');
    expect(w.rows.map((r) => [r.name, r.cost, r.unpricedCalls, r.share])).toEqual([['alice', 4, 0, 4 / 6], ['bob', 2, 1, 2 / 6]]);
  });

  it('a breakdown per device sums to its rows', () => {
    expect(breakdown(rows, 'device').map((g) => [g.name, g.totalCost, g.responses])).toEqual([['laptop', 4, 2], ['desktop', 2, 2]]);
  });
});

describe('teamStatus', () => {
  const config = (team: Record<string, unknown>) => parseConfig({ team }, 'config.json');
  const status = (silentMs: number, stale_after: string | number) =>
    teamStatus({ today: '2026-12-10', nowMs: NOW, rows: [], window: [], devices: [device('a', 'alice', 'laptop', silentMs)], config: config({ stale_after }) }).devices[0]!.stale;

  it.each([
    { silentMs: 7 * DAY - 1, stale_after: '7d', stale: false },
    { silentMs: 7 * DAY, stale_after: '7d', stale: false },
    { silentMs: 7 * DAY + 1, stale_after: '7d', stale: true },
    { silentMs: 36 * 3_600_000, stale_after: '36h', stale: false },
    { silentMs: 36 * 3_600_000 + 1, stale_after: '36h', stale: true },
    { silentMs: 2 * DAY + 1, stale_after: 2, stale: true },
  ])('silent $silentMs ms with stale_after $stale_after: stale $stale', ({ silentMs, stale_after, stale }) => {
    expect(status(silentMs, stale_after)).toBe(stale);
  });

  it('lists a person with a budget but no device, and paces only those with a budget', () => {
    const rows = priceTeamRows([row('a', '2026-12-09', 'claude-test-1', 3_000_000, 0), row('a', '2026-11-20', 'claude-test-1', 9_000_000, 0)], [device('a', 'alice', 'laptop')], PRICING);
    const s = teamStatus({ today: '2026-12-10', nowMs: NOW, rows, window: [], devices: [device('a', 'alice', 'laptop')], config: config({ budgets: { alice: 10, dave: 5 } }) });
    expect(s.persons.map((p) => [p.person, p.spent, p.budget, p.pacing?.spentToDate ?? null, p.devices])).toEqual([['alice', 3, 10, 3, 1], ['dave', 0, 5, 0, 0]]);
    // November is before the period: it feeds the forecast, not the spend.
    expect(s.totals.totalCost).toBe(3);
    expect(s.budget).toBeNull();
  });
});
