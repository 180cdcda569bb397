// A small held-out corpus shaped like this quarter's transcripts (Claude Code 2.1.140–2.1.332,
// 2026-10-01 to 2026-11-30), scanned and priced by Runway, against a truth computed from the
// published prices in bench/check-quarter.ts (never from Runway's price code): every token
// kind exact per local day, every day's cost equal to rounding, nothing unpriced.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseModel, checkZone, FEATURES, localDate, writeQuarterCorpus, type Check, type Corpus } from '../../bench/check-quarter.js';
import { openDb, type Db } from '../../store/db.js';
import { scan, type ScanReport } from '../../scanner/scan.js';
import { loadPriceTable } from '../../core/price-source.js';
import { ledgerCheck } from '../../figures/ledger.js';
import type { PriceTable } from '../../core/pricing.js';

/** Rounding only: the sums are of the same products in another order. */
const ROUNDING = 1e-9;
const END_OF_QUARTER = Date.UTC(2026, 11, 1);
/**
 * The one local day here on which a dated price changes after the day began: Sonnet 5.5's
 * cache reads fall to $0.10 at 2026-10-07T00:00Z, 20:00 on 2026-10-06 in New York.
 */
const CUT_DAY_NEW_YORK = '2026-10-06';
const SONNET_CUT = Date.UTC(2026, 9, 7);

let root: string;
let corpus: Corpus;
let db: Db;
let report: ScanReport;
let table: PriceTable;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'runway-quarter-'));
  corpus = writeQuarterCorpus(root, { sessions: 16, seed: 5 });
  db = openDb(join(root, 'usage.db'));
  report = scan(db, { env: { CLAUDE_CONFIG_DIR: root, HOME: root } });
  table = await loadPriceTable({ cacheDir: join(root, 'price-cache') });
});

afterAll(() => {
  db?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const tokens = (d: Check) => ({ key: d.key, responses: d.runway.responses, input: d.runway.input, output: d.runway.output, cw5m: d.runway.cw5m, cw1h: d.runway.cw1h, read: d.runway.read, web: d.runway.web });
const truthTokens = (d: Check) => ({ key: d.key, responses: d.truth.responses, input: d.truth.input, output: d.truth.output, cw5m: d.truth.cw5m, cw1h: d.truth.cw1h, read: d.truth.read, web: d.truth.web });

describe('a quarter of generated transcripts', () => {
  it('exercises every rule, and the scan skips only the API error records', () => {
    for (const f of FEATURES) expect({ [f]: corpus.features[f] > 0 }).toEqual({ [f]: true });
    expect(report.issues).toEqual({ api_error: { count: corpus.apiErrors, example: expect.any(String) } });
    expect(report.responsesTotal).toBe(corpus.responses.length);
    // New York's 2026-10-06 holds Sonnet 5.5 responses on both sides of its price change.
    const sonnet = corpus.responses.filter((r) => baseModel(r.model) === 'claude-sonnet-5-5' && localDate(r.ts, 'America/New_York') === CUT_DAY_NEW_YORK);
    expect(sonnet.some((r) => r.ts < SONNET_CUT) && sonnet.some((r) => r.ts >= SONNET_CUT && r.billed.read > 0)).toBe(true);
  });

  describe.each(['UTC', 'America/New_York'])('days in %s', (tz) => {
    it('every token kind exact on every day, and nothing unpriced', () => {
      const z = checkZone(db, table, corpus.responses, tz);
      expect(z.days.length).toBeGreaterThanOrEqual(10);
      expect(z.days.map(tokens)).toEqual(z.days.map(truthTokens));
      expect(z.unpriced).toBe(0);
      expect(z.unpricedReasons).toEqual([]);
    });

    it('every day costs what the published prices say, to rounding', () => {
      const z = checkZone(db, table, corpus.responses, tz);
      const off = z.days.filter((d) => !(Math.abs(d.relative) <= ROUNDING)).map((d) => [d.key, d.truth.cost, d.runway.cost]);
      expect(off).toEqual([]);
    });
  });

  // New York's 2026-10-06 runs past the Sonnet 5.5 cut (UTC midnight, 20:00 there): the
  // responses after it cost the new $0.10 cache read, those before it the old $0.20.
  it('a New York day that spans the Sonnet 5.5 cut prices each response at its own rate', () => {
    const z = checkZone(db, table, corpus.responses, 'America/New_York');
    const day = z.days.find((d) => d.key === CUT_DAY_NEW_YORK)!;
    expect(Math.abs(day.relative)).toBeLessThanOrEqual(ROUNDING);
  });

  it('costs the same per model over the quarter as the published prices, in UTC', () => {
    const z = checkZone(db, table, corpus.responses, 'UTC');
    expect(z.models.map((m) => m.key)).toEqual(expect.arrayContaining(['claude-opus-5-5', 'claude-opus-5-5[1m]', 'claude-opus-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-haiku-5-5-20261007', 'claude-fable-5-1']));
    expect(z.models.map(tokens)).toEqual(z.models.map(truthTokens));
    expect(z.models.filter((m) => !(Math.abs(m.relative) <= ROUNDING)).map((m) => m.key)).toEqual([]);
  });

  it("agrees with every budget_usd record written from the same truth", () => {
    const result = ledgerCheck(db, { table, mode: 'calculate' }, 0, END_OF_QUARTER);
    expect(corpus.budgetRecords).toBeGreaterThan(0);
    expect(result).toMatchObject({ checkpoints: corpus.budgetRecords, agreeing: corpus.budgetRecords, unpriced: 0, disagreements: [] });
    expect(result.worst).toBeLessThan(ROUNDING);
  });
});
