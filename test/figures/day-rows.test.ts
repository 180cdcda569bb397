import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/paths.js';
import { openDb, type Db } from '../../store/db.js';
import { Store } from '../../store/writer.js';
import { demoEvent } from '../../server/demo.js';
import { pricedDays, pricedRowsKept, type KeptDays } from '../../figures/day-rows.js';
import { pricedRows, type Pricing } from '../../figures/usage.js';
import { TEST_TABLE } from '../helpers/app.js';

const pricing: Pricing = { table: TEST_TABLE, mode: 'auto' };
const BERLIN = 'Europe/Berlin';
// 2026-10-25 is the day Berlin goes from UTC+2 to UTC+1: 25 hours long.
const q = { tz: BERLIN, since: '2026-10-20', until: '2026-10-30', scope: 'all' as const, byProject: true };

let n = 0;
function event(ts: string, output: number, model = 'claude-test-1', project = '/home/dev/api') {
  n++;
  return demoEvent(`d${n}`, Date.parse(ts), 's1', project, 'cli', model, { input: 100, output, write: 10, read: 1000 });
}

/** Responses on most days of the range, some right at the local midnights either side. */
function seeded(): { db: Db; store: Store } {
  const db = openDb(':memory:');
  const store = new Store(db);
  const events = [];
  for (let d = 20; d <= 30; d++) {
    if (d === 27) continue; // a day without usage
    events.push(event(`2026-10-${d}T09:00:00Z`, 1000 * d), event(`2026-10-${d}T21:59:00Z`, 7, 'claude-mystery', '/home/dev/web'), event(`2026-10-${d}T23:30:00Z`, 3));
  }
  store.write(events, []);
  return { db, store };
}

/** The day totals count every response, whatever wrote or rewrote it. */
function expectCounted(db: Db): void {
  expect(db.prepare('SELECT coalesce(sum(responses), 0) FROM rollup_days').pluck().get()).toBe(db.prepare('SELECT count(*) FROM responses').pluck().get());
}

const sorted = <T>(rows: T[]) => [...rows].map((r) => JSON.stringify(r)).sort();

describe('priced rows kept per day', () => {
  it('reads every day once, then none while nothing changes, and equals a full read', () => {
    const { db } = seeded();
    const kept: KeptDays = new Map();
    const first = pricedDays(db, q, pricing, kept);
    expect(first.read).toHaveLength(11);
    expect(sorted(first.rows)).toEqual(sorted(pricedRows(db, q, pricing)));
    expect(first.rows.filter((r) => r.model === 'claude-mystery').every((r) => r.cost === null)).toBe(true);
    const again = pricedDays(db, q, pricing, kept);
    expect(again.read).toEqual([]);
    expect(sorted(again.rows)).toEqual(sorted(first.rows));
  });

  it('after a new response reads again only the local days of its UTC day', () => {
    const { db, store } = seeded();
    const kept: KeptDays = new Map();
    pricedDays(db, q, pricing, kept);
    // 12:00 UTC on the 22nd: Berlin's 22nd begins 21 Oct 22:00 UTC and ends 22 Oct 22:00 UTC,
    // so the 22nd and the 23rd (which starts on that UTC day) read UTC day 22.
    store.write([event('2026-10-22T12:00:00Z', 123_456)], []);
    const after = pricedDays(db, q, pricing, kept);
    expect(after.read).toEqual(['2026-10-22', '2026-10-23']);
    expect(sorted(after.rows)).toEqual(sorted(pricedRows(db, q, pricing)));
    expectCounted(db);
    const day = after.rows.filter((r) => r.date === '2026-10-22' && r.model === 'claude-test-1');
    expect(day.reduce((s, r) => s + r.outputTokens, 0)).toBe(22_000 + 3 + 123_456);
  });

  it('in UTC a change reads its own day only', () => {
    const { db, store } = seeded();
    const utc = { ...q, tz: 'UTC' };
    const kept: KeptDays = new Map();
    pricedDays(db, utc, pricing, kept);
    store.write([event('2026-10-30T08:00:00Z', 5)], []);
    expect(pricedDays(db, utc, pricing, kept).read).toEqual(['2026-10-30']);
  });

  it('sees a response that lands on a day without usage, across the DST change, and a merged update', () => {
    const { db, store } = seeded();
    const kept: KeptDays = new Map();
    pricedDays(db, q, pricing, kept);
    // The 25th in Berlin runs from 24 Oct 22:00 to 25 Oct 23:00 UTC.
    store.write([event('2026-10-25T22:30:00Z', 11), event('2026-10-27T10:00:00Z', 13)], []);
    const after = pricedDays(db, q, pricing, kept);
    expect(after.read).toContain('2026-10-25');
    expect(after.read).toContain('2026-10-27');
    expect(sorted(after.rows)).toEqual(sorted(pricedRows(db, q, pricing)));
    // The same response again with more output (a stream's final line) replaces its usage.
    const last = { ...event('2026-10-27T10:00:00Z', 500), key: `msg_d${n - 1}`, messageId: `msg_d${n - 1}` };
    store.write([last], []);
    const merged = pricedDays(db, q, pricing, kept);
    expect(merged.read).toContain('2026-10-27');
    expectCounted(db);
    // 500, and the 3 of 26 Oct 23:30 UTC, already the 27th in Berlin.
    expect(merged.rows.filter((r) => r.date === '2026-10-27').reduce((s, r) => s + r.outputTokens, 0)).toBe(503);
  });

  it('sees rows deleted and the rollups rebuilt, as prune does', () => {
    const { db } = seeded();
    const kept: KeptDays = new Map();
    pricedDays(db, q, pricing, kept);
    db.prepare('DELETE FROM responses WHERE ts >= ? AND ts < ?').run(Date.parse('2026-10-28T00:00:00Z'), Date.parse('2026-10-29T00:00:00Z'));
    db.exec(readFileSync(join(packageRoot(), 'migrations', 'rebuild_rollups.sql'), 'utf8'));
    const after = pricedDays(db, q, pricing, kept);
    expect(after.read).toContain('2026-10-28');
    expectCounted(db);
    expect(db.prepare('SELECT count(*) FROM responses').pluck().get()).toBe(27);
    expect(sorted(after.rows)).toEqual(sorted(pricedRows(db, q, pricing)));
  });

  it('marks every day of a first scan loaded in bulk', () => {
    const db = openDb(':memory:');
    const store = new Store(db);
    store.bulk(() => store.write([event('2026-10-21T10:00:00Z', 40), event('2026-10-29T10:00:00Z', 50)], []));
    expect(db.prepare('SELECT day FROM rollup_days ORDER BY day').pluck().all()).toEqual([Date.parse('2026-10-21') / 86_400_000, Date.parse('2026-10-29') / 86_400_000]);
    const kept: KeptDays = new Map();
    expect(pricedDays(db, q, pricing, kept).rows.reduce((s, r) => s + r.outputTokens, 0)).toBe(90);
    // The triggers are back after the bulk load.
    store.write([event('2026-10-29T11:00:00Z', 5)], []);
    expect(pricedDays(db, q, pricing, kept).rows.reduce((s, r) => s + r.outputTokens, 0)).toBe(95);
    expectCounted(db);
    expect(store.responseCount()).toBe(3);
  });
});

describe('priced rows kept in the database', () => {
  const { tz, since, until, scope } = q;
  const once = { tz, since, until, scope, agents: 'all' as const, byProject: false };
  const kept = (db: Db) => db.prepare('SELECT count(*) FROM day_figures').pluck().get();

  it('equals a full read after changes, and reads again a kept day that is not what it wrote', () => {
    const { db, store } = seeded();
    expect(sorted(pricedRowsKept(db, once, pricing, 'a'))).toEqual(sorted(pricedRows(db, once, pricing)));
    expect(kept(db)).toBe(11);
    store.write([event('2026-10-26T12:00:00Z', 77_000)], []);
    expect(sorted(pricedRowsKept(db, once, pricing, 'a'))).toEqual(sorted(pricedRows(db, once, pricing)));
    // Garbage in a kept day (or a non-finite count) is read again from the rollup.
    db.prepare("UPDATE day_figures SET rows = '[{\"date\":\"2026-10-24\",\"responses\":1e999}]' WHERE date = '2026-10-24'").run();
    db.prepare("UPDATE day_figures SET rows = 'not json' WHERE date = '2026-10-21'").run();
    expect(sorted(pricedRowsKept(db, once, pricing, 'a'))).toEqual(sorted(pricedRows(db, once, pricing)));
    // Another name (another price table) keeps its own days beside them.
    pricedRowsKept(db, once, pricing, 'b');
    expect(db.prepare('SELECT DISTINCT reader FROM day_figures ORDER BY 1').pluck().all()).toHaveLength(2);
  });

  it('without dates reads the span of the data, the same as a read of all of it', () => {
    const { db } = seeded();
    const all = { tz, scope, agents: 'all' as const };
    expect(sorted(pricedRowsKept(db, all, pricing, 'a'))).toEqual(sorted(pricedRows(db, all, pricing)));
    expect(sorted(pricedRowsKept(db, all, pricing, 'a'))).toEqual(sorted(pricedRows(db, all, pricing)));
    // 19 Oct to 1 Nov: the local dates of the data's UTC days (the 20th to the 30th, whose
    // last hour is the 31st in Berlin) and a day either side.
    expect(kept(db)).toBe(14);
    expect(pricedRowsKept(db, { ...all, since: '2026-11-05' }, pricing, 'a')).toEqual([]);
    expect(pricedRowsKept(openDb(':memory:'), all, pricing, 'a')).toEqual([]);
  });

  it('does not wait for another writer to keep its days', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-days-'));
    const path = join(dir, 'usage.db');
    const seed = openDb(path);
    new Store(seed).write([event('2026-10-22T12:00:00Z', 1_000)], []);
    // Were it to wait, it would wait ten minutes.
    seed.pragma('busy_timeout = 600000');
    const other = openDb(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const t = Date.now();
      expect(pricedRowsKept(seed, once, pricing, 'a').reduce((s, r) => s + r.outputTokens, 0)).toBe(1_000);
      expect(Date.now() - t).toBeLessThan(60_000);
      expect(seed.pragma('busy_timeout', { simple: true })).toBe(600_000);
      expect(seed.prepare('SELECT count(*) FROM day_figures').pluck().get()).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      seed.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still answers when the database cannot be written', () => {
    const { db } = seeded();
    db.exec('CREATE TRIGGER no_keep BEFORE INSERT ON day_figures BEGIN SELECT RAISE(ABORT, \'read-only\'); END');
    expect(sorted(pricedRowsKept(db, once, pricing, 'a'))).toEqual(sorted(pricedRows(db, once, pricing)));
  });
});
