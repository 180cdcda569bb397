import { describe, expect, it } from 'vitest';
import { localMidnight, offsetSegments, zoneOffset } from '../../core/zones.js';
import { dateInZone } from '../../core/calendar.js';

const H = 3_600_000;

describe('offsetSegments', () => {
  it('is one segment in a zone without changes', () => {
    const from = Date.parse('2026-03-01T00:00:00Z');
    expect(offsetSegments('UTC', from, from + 400 * 24 * H)).toEqual([{ startMs: from, offsetMs: 0 }]);
    expect(offsetSegments('Asia/Kolkata', from, from + 40 * 24 * H)).toEqual([{ startMs: from, offsetMs: 5.5 * H }]);
  });

  it.each([
    ['Europe/Berlin', '2026-03-29T01:00:00Z', 1 * H, 2 * H],
    ['Europe/Berlin', '2026-10-25T01:00:00Z', 2 * H, 1 * H],
    ['America/St_Johns', '2026-03-08T05:30:00Z', -3.5 * H, -2.5 * H],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z', 11 * H, 10.5 * H],
  ])('finds the change in %s at %s', (tz, at, before, after) => {
    const from = Date.parse(at) - 10 * 24 * H + 7 * 900_000;
    const segments = offsetSegments(tz, from, from + 20 * 24 * H);
    expect(segments).toEqual([
      { startMs: Math.floor(from / 900_000) * 900_000, offsetMs: before },
      { startMs: Date.parse(at), offsetMs: after },
    ]);
  });

  it('gives every 15-minute bucket of a year the local date Intl gives', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      const from = Date.parse('2026-01-01T00:00:00Z');
      const to = Date.parse('2027-01-01T00:00:00Z');
      const segments = offsetSegments(tz, from, to);
      for (let t = from; t < to; t += 900_000 * 7) {
        const seg = segments.findLast((s) => s.startMs <= t)!;
        expect(new Date(t + seg.offsetMs).toISOString().slice(0, 10), `${tz} ${new Date(t).toISOString()}`).toBe(dateInZone(t, tz));
        if (t % (900_000 * 7 * 97) === 0) expect(seg.offsetMs).toBe(zoneOffset(t, tz));
      }
    }
  });
});

describe('localMidnight', () => {
  // On the days the clocks change, midnight has the offset before the change (read at noon it would be an hour off).
  it.each([
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'], // CEST → CET at 01:00 UTC
    ['2026-10-26', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'], // CET → CEST at 01:00 UTC
    ['2026-03-30', 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'], // EDT → EST at 06:00 UTC
    ['2026-07-01', 'Asia/Kolkata', '2026-06-30T18:30:00.000Z'],
    ['2026-07-01', 'UTC', '2026-07-01T00:00:00.000Z'],
  ])('%s in %s begins at %s', (date, tz, iso) => {
    expect(new Date(localMidnight(date, tz)).toISOString()).toBe(iso);
    expect(dateInZone(localMidnight(date, tz), tz)).toBe(date);
    expect(dateInZone(localMidnight(date, tz) - 1, tz)).not.toBe(date);
  });
});
