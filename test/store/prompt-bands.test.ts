// The database keeps prompts apart at the tracked price thresholds (a generated column), and a
// configured long-context threshold prices through it: a request just over it at the higher
// rates, one at it at the base rates, in the rollups and in raw-row readers alike.
import { findProvider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { buildPriceTable, PROMPT_BANDS, promptBand } from '../../core/pricing.js';
import { openDb } from '../../store/db.js';
import { pricedRows } from '../../figures/usage.js';
import { scan } from '../../scanner/scan.js';
import { assistant, jsonl, logRoot, tempDb } from '../helpers/logs.js';

const MODELS = findProvider({ providerId: 'anthropic' })!.models;
// Every provider some source names: their tiers must start at tracked thresholds too.
const ALL_MODELS = ['anthropic', 'openai', 'google'].flatMap((providerId) => findProvider({ providerId })!.models);

describe('prompt bands', () => {
  it('the generated column agrees with promptBand() on every edge', () => {
    const db = openDb(':memory:');
    const insert = db.prepare(`INSERT INTO responses (key, agent, ts, sidechain, input_tokens, output_tokens, cache_write_5m_tokens,
      cache_write_1h_tokens, cache_read_tokens, web_search_requests, origin) VALUES (?, 'test', 0, 0, ?, 0, ?, ?, ?, 0, 3)`);
    const prompts = [0, 1, ...PROMPT_BANDS.flatMap((t) => [t - 1, t, t + 1]), 999_999_999];
    prompts.forEach((p, i) => insert.run(`k${i}`, p - Math.floor(p / 4) * 3, Math.floor(p / 4), Math.floor(p / 4), Math.floor(p / 4)));
    const bands = db.prepare('SELECT prompt_band FROM responses ORDER BY id').pluck().all();
    expect(bands).toEqual(prompts.map(promptBand));
    expect(bands).toContain(100_000);
    expect(bands).toContain(200_000);
    expect(bands).toContain(272_000);
  });

  it("an OpenAI model's tier above 272k bills a longer prompt at its long-context rates and one at the threshold at the base", () => {
    const table = buildPriceTable(ALL_MODELS, 'test');
    const m = table.lookup('gpt-5.4', new Date('2026-08-25T00:00:00Z'))!;
    const t = m.longContextThreshold;
    expect([271_999, 272_000]).toContain(t);
    const db = openDb(':memory:');
    const insert = db.prepare(`INSERT INTO responses (key, agent, ts, sidechain, model, input_tokens, output_tokens, cache_write_5m_tokens,
      cache_write_1h_tokens, cache_read_tokens, web_search_requests, origin) VALUES (?, 'codex', ?, 0, 'gpt-5.4', ?, 1000, 0, 0, 0, 0, 3)`);
    insert.run('at', Date.parse('2026-08-24T10:00:00Z'), t);
    insert.run('over', Date.parse('2026-08-25T10:00:00Z'), t + 1);
    const cost = Object.fromEntries(pricedRows(db, { tz: 'UTC', scope: 'all' }, { table, mode: 'calculate' }).map((r) => [r.date, r.cost]));
    expect(cost['2026-08-24']).toBeCloseTo((t * m.base.input + 1000 * m.base.output) / 1e6, 12);
    expect(cost['2026-08-25']).toBeCloseTo(((t + 1) * m.longContext!.input + 1000 * m.longContext!.output) / 1e6, 12);
    expect(m.longContext!.input).toBeGreaterThan(m.base.input);
  });

  it('a configured threshold of 100,000 bills a 100,001-token prompt at the long-context rates, 100,000 at the base', () => {
    const logs = logRoot();
    const model = 'claude-sonnet-4-5-20250929';
    logs.write('-p/s.jsonl', jsonl([
      assistant({ id: 'msg_at', ts: '2026-08-24T10:00:00.000Z', model, usage: { input: 100_000, output: 1000 } }),
      assistant({ id: 'msg_over', ts: '2026-08-25T10:00:00.000Z', model, usage: { input: 100_001, output: 1000 } }),
    ]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const table = buildPriceTable(MODELS, 'test', { [model]: { long_context: { threshold: 100_000 } } });
    const rows = pricedRows(db, { tz: 'UTC', scope: 'all' }, { table, mode: 'calculate' });
    const cost = Object.fromEntries(rows.map((r) => [r.date, r.cost]));
    // Sonnet 4.5: $3/$15 per MTok, and $6/$22.50 past the threshold.
    expect(cost['2026-08-24']).toBeCloseTo((100_000 * 3 + 1000 * 15) / 1e6, 12);
    expect(cost['2026-08-25']).toBeCloseTo((100_001 * 6 + 1000 * 22.5) / 1e6, 12);
    // Without the override the package's 200k threshold applies: both at the base rates.
    const plain = pricedRows(db, { tz: 'UTC', scope: 'all' }, { table: buildPriceTable(MODELS, 'test'), mode: 'calculate' });
    expect(plain.find((r) => r.date === '2026-08-25')!.cost).toBeCloseTo((100_001 * 3 + 1000 * 15) / 1e6, 12);
  });

  it('a threshold from the price data that the database does not track leaves the model unpriced, not guessed', () => {
    const logs = logRoot();
    logs.write('-p/s.jsonl', jsonl([assistant({ id: 'msg_1', ts: '2026-08-24T10:00:00.000Z', model: 'odd-tiers', usage: { input: 10, output: 10 } })]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const models = [{ id: 'odd-tiers', match: { equals: 'odd-tiers' }, prices: { input_mtok: { base: 2, tiers: [{ start: 150_000, price: 4 }] }, output_mtok: 10 } }];
    const [row] = pricedRows(db, { tz: 'UTC', scope: 'all' }, { table: buildPriceTable(models, 'test'), mode: 'calculate' });
    expect(row).toMatchObject({ cost: null, unpricedReason: 'long-context threshold 150000 of odd-tiers is not one Runway tracks' });
  });
});
