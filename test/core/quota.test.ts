import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { quotaFigures, type QuotaReading } from '../../core/quota.js';
import { latestReading, quotaNow, recordReadings } from '../../store/quota.js';
import { usageBlocks, type BlockEntry } from '../../core/blocks.js';
import { recentBlocks } from '../../figures/dashboard.js';
import { openDb, type Db } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { assistant, jsonl, logRoot, tempDb } from '../helpers/logs.js';
import { build, TEST_TABLE } from '../helpers/app.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T = { warn: 75, alarm: 90 };
// Wednesday 18 November 2026, noon UTC.
const NOW = Date.parse('2026-11-18T12:00:00Z');
const at = (iso: string) => Date.parse(iso);

const five = (used: number, resetsAt: number | null, ts = NOW): QuotaReading => ({ window: 'five_hour', ts, usedPercentage: used, resetsAt });
const seven = (used: number, resetsAt: number | null, ts = NOW): QuotaReading => ({ window: 'seven_day', ts, usedPercentage: used, resetsAt });

describe('quotaFigures', () => {
  it('5h: 62% used, resetting in 1 h 40 min → 18.6 %/h, exhausted 22.6 min after the reset', () => {
    const q = quotaFigures(five(62, NOW + 100 * MIN), NOW, T);
    // The window opened 5 h before the reset: 3 h 20 min ago. 62 ÷ 3.333 h = 18.6 %/h;
    // the 38% left lasts 38 ÷ 18.6 = 2.043 h = 122.58 min, against 100 min to the reset.
    expect(q.burnRate).toBeCloseTo(18.6, 10);
    expect(q.rateUnit).toBe('hour');
    expect(q.exhaustsAt! - NOW).toBeCloseTo((38 / 18.6) * HOUR, 3);
    expect(q.reserveMs! / MIN).toBeCloseTo(22.58, 2);
    expect(q).toMatchObject({ label: '5h', usedPercentage: 62, level: 'ok', resetInMs: 100 * MIN, observedAt: NOW, expired: false });
  });

  it.each([
    // used, days to the reset, %/day, reserve in hours: the window opened 7 d before the reset.
    { used: 30, resetInDays: 4, rate: 10, reserveH: 72, level: 'ok' }, // 70 ÷ 10 = 7 d, reset in 4 d
    { used: 80, resetInDays: 2, rate: 16, reserveH: -18, level: 'warn' }, // 20 ÷ 16 = 1.25 d, reset in 2 d
    { used: 91, resetInDays: 6.5, rate: 182, reserveH: -154.81, level: 'alarm' }, // 9 ÷ 182 = 0.0495 d
  ])('7d: $used% used, reset in $resetInDays d → $rate %/day, reserve $reserveH h', ({ used, resetInDays, rate, reserveH, level }) => {
    const q = quotaFigures(seven(used, NOW + resetInDays * DAY), NOW, T);
    expect(q.rateUnit).toBe('day');
    expect(q.label).toBe('7d');
    expect(q.burnRate).toBeCloseTo(rate, 8);
    expect(q.reserveMs! / HOUR).toBeCloseTo(reserveH, 1);
    expect(q.level).toBe(level);
  });

  it('rates from when the reading was taken, counts the reset down from now', () => {
    // Read 30 min ago at 50%, 2 h before its reset: opened 3 h before the reading → 16.67 %/h.
    const read = NOW - 30 * MIN;
    const q = quotaFigures(five(50, read + 2 * HOUR, read), NOW, T);
    expect(q.burnRate).toBeCloseTo(50 / 3, 10);
    expect(q.exhaustsAt).toBe(read + 3 * HOUR); // 50% more at the same pace
    expect(q.reserveMs).toBe(HOUR);
    expect(q.resetInMs).toBe(90 * MIN);
    expect(q.observedAt).toBe(read);
  });

  it.each([
    [0, 'ok'], [74.99, 'ok'], [75, 'warn'], [89.99, 'warn'], [90, 'alarm'], [100, 'alarm'], [130, 'alarm'],
  ])('%s%% used is %s at warn 75 / alarm 90', (used, level) => {
    expect(quotaFigures(five(used, NOW + HOUR), NOW, T).level).toBe(level);
  });

  it('levels follow the configured thresholds', () => {
    expect(quotaFigures(five(50, NOW + HOUR), NOW, { warn: 40, alarm: 60 }).level).toBe('warn');
    expect(quotaFigures(five(60, NOW + HOUR), NOW, { warn: 40, alarm: 60 }).level).toBe('alarm');
  });

  it('a window on course to run out before its reset is not green, whatever it has used', () => {
    // 3 h into the 5-hour window: 62% is 20.7 %/h, so 100% comes 1.84 h on, before the reset in 2 h.
    const dry = quotaFigures(five(62, NOW + 2 * HOUR), NOW, T);
    expect(dry.reserveMs).toBeLessThan(0);
    expect(dry.level).toBe('warn');
    // 30% is 10 %/h: 7 h to go, after the reset.
    expect(quotaFigures(five(30, NOW + 2 * HOUR), NOW, T).level).toBe('ok');
    // The use thresholds still rule above it.
    expect(quotaFigures(five(95, NOW + 2 * HOUR), NOW, T).level).toBe('alarm');
  });

  it('an estimate is the reading’s own: asked later, the rate and the run-out time do not move', () => {
    const reading = five(62, NOW + 2 * HOUR, NOW);
    const first = quotaFigures(reading, NOW, T);
    const later = quotaFigures(reading, NOW + 9 * MIN, T);
    expect([later.burnRate, later.exhaustsAt, later.observedAt]).toEqual([first.burnRate, first.exhaustsAt, NOW]);
    expect(later.resetInMs).toBe(first.resetInMs! - 9 * MIN);
  });

  it('a window that has reset is expired: no rate, no countdown', () => {
    for (const resetsAt of [NOW, NOW - MIN]) {
      const q = quotaFigures(five(62, resetsAt, NOW - HOUR), NOW, T);
      expect(q).toMatchObject({ expired: true, burnRate: null, exhaustsAt: null, reserveMs: null, resetInMs: null, resetsAt });
    }
    expect(quotaFigures(five(62, NOW + 1, NOW - HOUR), NOW, T).expired).toBe(false);
  });

  it('no rate below 0.01% used, nor without a reset time', () => {
    expect(quotaFigures(five(0.005, NOW + HOUR), NOW, T)).toMatchObject({ burnRate: null, exhaustsAt: null, reserveMs: null, resetInMs: HOUR });
    expect(quotaFigures(five(0.01, NOW + 4 * HOUR), NOW, T).burnRate).toBeCloseTo(0.01, 12);
    expect(quotaFigures(five(50, null), NOW, T)).toMatchObject({ burnRate: null, exhaustsAt: null, reserveMs: null, resetInMs: null, expired: false, resetsAt: null });
  });

  it('at 100% and above the limit is reached at the reading', () => {
    for (const used of [100, 120]) {
      const q = quotaFigures(five(used, NOW + HOUR, NOW - 10 * MIN), NOW, T);
      expect(q.exhaustsAt).toBe(NOW - 10 * MIN);
      expect(q.reserveMs).toBe(-70 * MIN);
    }
  });

  it('a reading from before the window opened has no rate (no division by zero)', () => {
    const q = quotaFigures(five(10, NOW + 5 * HOUR, NOW), NOW, T);
    expect(q).toMatchObject({ burnRate: null, exhaustsAt: null, reserveMs: null, resetInMs: 5 * HOUR });
  });
});

describe('quota readings in the database', () => {
  const open = () => openDb(tempDb());
  const rows = (db: Db) => db.prepare('SELECT window, ts, used_percentage AS used, resets_at AS resetsAt, session_id AS session FROM quota_snapshots ORDER BY window, ts').all();

  it('stores a reading only when it differs from its window\'s latest', () => {
    const db = open();
    const reset5 = NOW + 2 * HOUR;
    const reset7 = NOW + 3 * DAY;
    expect(recordReadings(db, [five(62, reset5), seven(20, reset7)], 'sess-a')).toBe(2);
    // The same values a second later (a status line refreshing): nothing new.
    expect(recordReadings(db, [five(62, reset5, NOW + 1000), seven(20, reset7, NOW + 1000)], 'sess-b')).toBe(0);
    // The 5h window moved on; the 7d did not.
    expect(recordReadings(db, [five(63, reset5, NOW + 2000), seven(20, reset7, NOW + 2000)], 'sess-b')).toBe(1);
    // Same percentage, new window (the reset moved): a new reading.
    expect(recordReadings(db, [five(63, reset5 + 5 * HOUR, NOW + 3000)], null)).toBe(1);
    // Back to an earlier value: it differs from the latest, so it is stored.
    expect(recordReadings(db, [five(62, reset5, NOW + 4000)], null)).toBe(1);
    expect(recordReadings(db, [], 'sess-c')).toBe(0);
    expect(rows(db)).toEqual([
      { window: 'five_hour', ts: NOW, used: 62, resetsAt: reset5, session: 'sess-a' },
      { window: 'five_hour', ts: NOW + 2000, used: 63, resetsAt: reset5, session: 'sess-b' },
      { window: 'five_hour', ts: NOW + 3000, used: 63, resetsAt: reset5 + 5 * HOUR, session: null },
      { window: 'five_hour', ts: NOW + 4000, used: 62, resetsAt: reset5, session: null },
      { window: 'seven_day', ts: NOW, used: 20, resetsAt: reset7, session: 'sess-a' },
    ]);
    expect(latestReading(db, 'five_hour')).toEqual(five(62, reset5, NOW + 4000));
    expect(latestReading(db, 'seven_day')).toEqual(seven(20, reset7, NOW));
  });

  it('a reading without a reset time is compared as such', () => {
    const db = open();
    expect(recordReadings(db, [five(10, null)], null)).toBe(1);
    expect(recordReadings(db, [five(10, null, NOW + 1)], null)).toBe(0);
    expect(recordReadings(db, [five(10, NOW + HOUR, NOW + 2)], null)).toBe(1);
    expect(latestReading(db, 'five_hour')).toEqual(five(10, NOW + HOUR, NOW + 2));
  });

  it('prunes readings older than 35 days as new ones arrive', () => {
    const db = open();
    recordReadings(db, [seven(10, NOW - 36 * DAY, NOW - 40 * DAY)], null);
    recordReadings(db, [seven(11, NOW - 30 * DAY, NOW - 34 * DAY)], null);
    recordReadings(db, [seven(12, NOW + DAY, NOW)], null);
    expect((rows(db) as { ts: number }[]).map((r) => r.ts)).toEqual([NOW - 34 * DAY, NOW]);
  });

  it('quotaNow: the figures of each window that has a reading', () => {
    const db = open();
    expect(quotaNow(db, NOW, T)).toEqual([]);
    recordReadings(db, [seven(80, NOW + 2 * DAY, NOW - HOUR)], null);
    expect(quotaNow(db, NOW, T)).toEqual([quotaFigures(seven(80, NOW + 2 * DAY, NOW - HOUR), NOW, T)]);
    recordReadings(db, [five(62, NOW + 100 * MIN)], null);
    const q = quotaNow(db, NOW, T);
    expect(q.map((f) => f.window)).toEqual(['five_hour', 'seven_day']);
    expect(q[0]!.burnRate).toBeCloseTo(18.6, 10);
    expect(q[1]!.level).toBe('warn');
  });
});

describe('usageBlocks', () => {
  const e = (iso: string, cost: number | null, responses = 1, tokens = 1000): BlockEntry => ({ ts: at(iso), cost, responses, tokens });
  const entries = [
    e('2026-11-18T09:20:00Z', 1),
    e('2026-11-18T10:45:00Z', 2, 3),
    e('2026-11-18T13:59:59.999Z', 0.5),
    e('2026-11-18T14:00:00Z', 3), // exactly at the first block's end: a new block
    e('2026-11-18T14:30:00Z', null, 2), // unpriced: counted apart, never as $0
    e('2026-11-18T22:05:00Z', 4, 1, 6000), // after a gap: its own hour, not 19:00
  ];

  it('opens a block at the first entry\'s hour, five hours long; a gap starts a new one', () => {
    const blocks = usageBlocks(entries, at('2026-11-19T06:00:00Z'));
    expect(blocks.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()])).toEqual([
      ['2026-11-18T09:00:00.000Z', '2026-11-18T14:00:00.000Z'],
      ['2026-11-18T14:00:00.000Z', '2026-11-18T19:00:00.000Z'],
      ['2026-11-18T22:00:00.000Z', '2026-11-19T03:00:00.000Z'],
    ]);
    expect(blocks[0]).toMatchObject({ firstTs: at('2026-11-18T09:20:00Z'), lastTs: at('2026-11-18T13:59:59.999Z'), cost: 3.5, responses: 5, tokens: 3000, unpricedResponses: 0 });
    expect(blocks[1]).toMatchObject({ firstTs: at('2026-11-18T14:00:00Z'), lastTs: at('2026-11-18T14:30:00Z'), cost: 3, responses: 3, unpricedResponses: 2 });
    expect(blocks[2]).toMatchObject({ cost: 4, tokens: 6000, responses: 1 });
    // Now lies after every block: none is active, none projected.
    expect(blocks.every((b) => !b.active && b.projection === null)).toBe(true);
  });

  it('the block now falls in is active, projected to its end at the burn since its first entry', () => {
    const blocks = usageBlocks(entries, at('2026-11-18T23:05:00Z'));
    const last = blocks.at(-1)!;
    expect(last.active).toBe(true);
    // $4 in the hour since 22:05 → $4/h for the 3 h 55 min to 03:00.
    expect(last.projection!.costPerHour).toBeCloseTo(4, 10);
    expect(last.projection!.cost).toBeCloseTo(4 + 4 * (235 / 60), 10);
    expect(last.projection!.tokens).toBeCloseTo(6000 + 6000 * (235 / 60), 6);
    expect(blocks.slice(0, -1).every((b) => !b.active && b.projection === null)).toBe(true);
  });

  it('only the last block can be active, and only while now is inside it', () => {
    expect(usageBlocks(entries, at('2026-11-18T20:00:00Z')).some((b) => b.active)).toBe(false); // in the gap
    expect(usageBlocks(entries, at('2026-11-19T03:00:00Z')).some((b) => b.active)).toBe(false); // at its end
    expect(usageBlocks(entries, at('2026-11-18T22:00:00Z')).at(-1)!.active).toBe(true); // at its start
  });

  it('burns over at least a minute: an entry just now does not project to infinity', () => {
    const [b] = usageBlocks([e('2026-11-18T10:00:00Z', 2)], at('2026-11-18T10:00:10Z'));
    expect(b!.projection!.costPerHour).toBeCloseTo(120, 10); // $2 per minute
    expect(b!.projection!.cost).toBeCloseTo(2 + 2 * ((5 * HOUR - 10_000) / MIN), 8);
  });

  it('no entries, no blocks', () => {
    expect(usageBlocks([], NOW)).toEqual([]);
  });
});

// Round prices: 1M output tokens = $10, so $d is d × 100,000 output tokens.
const pricing = { table: TEST_TABLE, mode: 'auto' as const };
const rec = (id: string, ts: string, dollars: number, model = 'claude-test-1') =>
  assistant({ id, requestId: `req_${id}`, ts, model, usage: { input: 0, output: dollars * 100_000 } });

function blockLogs() {
  const logs = logRoot();
  logs.write('-home-dev-api/a.jsonl', jsonl([
    rec('a1', '2026-11-17T05:10:00Z', 7), // block 05:00–10:00 on the 17th: ended 26 h ago, dropped
    rec('b1', '2026-11-17T11:20:00Z', 2), // block 11:00–16:00: ended 20 h ago, kept
    rec('b2', '2026-11-17T15:50:00Z', 3),
  ]));
  logs.write('-home-dev-api/b.jsonl', jsonl([
    rec('c1', '2026-11-18T09:05:00Z', 1), // block 09:00–14:00, active at noon
    rec('c2', '2026-11-18T09:40:00Z', 4),
    rec('c3', '2026-11-18T10:00:00Z', 1, 'claude-mystery-9'),
  ]));
  const db = openDb(tempDb());
  scan(db, { env: logs.env });
  return { logs, db };
}

describe('recentBlocks over a scanned database', () => {
  it('matches the hand-computed blocks and costs, and drops blocks that ended over a day ago', () => {
    const { db } = blockLogs();
    const blocks = recentBlocks(db, {}, NOW, pricing, 'usd');
    expect(blocks.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()])).toEqual([
      ['2026-11-17T11:00:00.000Z', '2026-11-17T16:00:00.000Z'],
      ['2026-11-18T09:00:00.000Z', '2026-11-18T14:00:00.000Z'],
    ]);
    const [b, c] = blocks as [(typeof blocks)[0], (typeof blocks)[0]];
    expect(b).toMatchObject({ responses: 2, tokens: 500_000, unpricedResponses: 0, active: false, projection: null });
    expect(b.cost).toBeCloseTo(5, 10);
    // Times are the 15-minute buckets of the rollup: 15:50 → 15:45.
    expect(b.lastTs).toBe(at('2026-11-17T15:45:00Z'));
    expect(c).toMatchObject({ responses: 3, tokens: 600_000, unpricedResponses: 1, active: true, firstTs: at('2026-11-18T09:00:00Z') });
    expect(c.cost).toBeCloseTo(5, 10);
    // $5 over the 3 h since 09:00, for the 2 h left: $5 + $5/3 × 2.
    expect(c.projection!.cost).toBeCloseTo(5 + (5 / 3) * 2, 8);
    expect(c.projection!.costPerHour).toBeCloseTo(5 / 3, 8);
  });

  it('counts tokens as the spend for a token budget', () => {
    const { db } = blockLogs();
    const c = recentBlocks(db, {}, NOW, pricing, 'tokens').at(-1)!;
    expect(c.cost).toBe(600_000);
    expect(c.unpricedResponses).toBe(0);
  });

  it('keeps a block while it ended less than a day ago', () => {
    const { db } = blockLogs();
    // At 09:59 on the 18th the block that ended 10:00 on the 17th is just inside the day.
    const starts = recentBlocks(db, {}, at('2026-11-18T09:59:00Z'), pricing, 'usd').map((b) => new Date(b.start).toISOString());
    expect(starts).toEqual(['2026-11-17T05:00:00.000Z', '2026-11-17T11:00:00.000Z', '2026-11-18T09:00:00.000Z']);
  });
});

describe('/api/quota', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    while (apps.length) await apps.pop()!.close();
  });

  it('answers the stored readings\' figures and the recent blocks', async () => {
    const { logs, db } = blockLogs();
    const configRaw = { monthly_budget: 200, quota_thresholds: { warn: 50, alarm: 80 } };
    const configPath = join(logs.root, 'runway', 'config.json');
    mkdirSync(dirname(configPath), { recursive: true });
    writeFileSync(configPath, JSON.stringify(configRaw));
    const app = await build({ db, configPath, config: configRaw, scan: () => scan(db, { env: logs.env }), now: () => NOW });
    apps.push(app);
    const get = async () => {
      const res = await app.inject({ method: 'GET', url: '/api/quota', headers: { host: '127.0.0.1:8099' } });
      expect(res.statusCode).toBe(200);
      return res.json();
    };

    const empty = await get();
    expect(empty.windows).toEqual([]);
    expect(empty.thresholds).toEqual({ warn: 50, alarm: 80 });
    expect(empty.unit).toBe('usd');
    expect(empty.blocks).toEqual(JSON.parse(JSON.stringify(recentBlocks(db, {}, NOW, pricing, 'usd'))));
    expect(empty.blocks).toHaveLength(2);

    // The status line writes from its own process: another connection.
    const writer = openDb(db.name);
    recordReadings(writer, [five(62, NOW + 100 * MIN, NOW - 10 * MIN), seven(60, NOW + 2 * DAY, NOW - 10 * MIN)], 's');
    writer.close();
    const body = await get();
    expect(body.generatedAt).toBe(NOW);
    expect(body.windows).toHaveLength(2);
    const [w5, w7] = body.windows;
    // Read 10 min ago at 62%, 110 min before its reset: open 190 min → 19.58 %/h.
    expect(w5).toMatchObject({ window: 'five_hour', label: '5h', usedPercentage: 62, level: 'warn', resetInMs: 100 * MIN, rateUnit: 'hour', expired: false, observedAt: NOW - 10 * MIN });
    expect(w5.burnRate).toBeCloseTo(62 / (190 / 60), 8);
    expect(w5.reserveMs / MIN).toBeCloseTo(38 / (62 / 190) - 110, 6);
    // 60% over the 5 days since it opened: 12 %/day, 40% left lasts 3.33 d, reset in 2 d.
    expect(w7).toMatchObject({ window: 'seven_day', level: 'warn', rateUnit: 'day' });
    expect(w7.burnRate).toBeCloseTo(60 / (5 - 10 / 1440), 8);
    expect(w7.reserveMs).toBeGreaterThan(DAY);
    expect(body.blocks.at(-1)).toMatchObject({ active: true, responses: 3, unpricedResponses: 1 });
    expect(body.blocks.at(-1).projection.cost).toBeCloseTo(5 + (5 / 3) * 2, 8);

    const programmatic = (await app.inject({ method: 'GET', url: '/api/quota?scope=programmatic', headers: { host: '127.0.0.1:8099' } })).json();
    expect(programmatic.blocks).toEqual([]);
    expect(programmatic.windows).toHaveLength(2);
  });
});
