// The edges of a user budget's period, in the zone asked for, across offset changes.
import { describe, expect, it } from 'vitest';
import { periodRange } from '../../sdk/period.js';

const at = (iso: string) => Date.parse(iso);
const iso = (r: { startMs: number; endMs: number } | null) => r && [new Date(r.startMs).toISOString(), new Date(r.endMs).toISOString()];

describe('periodRange', () => {
  it('takes the day, the week from Monday and the month in the zone', () => {
    // 23:30 UTC on Tuesday 2026-12-01 is already Wednesday in Berlin (UTC+1).
    const t = at('2026-12-01T23:30:00Z');
    expect(iso(periodRange('day', t, 'UTC'))).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z']);
    expect(iso(periodRange('day', t, 'Europe/Berlin'))).toEqual(['2026-12-01T23:00:00.000Z', '2026-12-02T23:00:00.000Z']);
    expect(iso(periodRange('week', t, 'UTC'))).toEqual(['2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
    expect(iso(periodRange('month', t, 'America/New_York'))).toEqual(['2026-12-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z']);
    expect(periodRange('run', t, 'UTC')).toBeNull();
  });

  it('gives a day with a clock change its real length', () => {
    // Berlin leaves summer time on 2026-10-25: that day lasts 25 hours.
    const r = periodRange('day', at('2026-10-25T12:00:00Z'), 'Europe/Berlin')!;
    expect(iso(r)).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect((r.endMs - r.startMs) / 3_600_000).toBe(25);
  });
});
