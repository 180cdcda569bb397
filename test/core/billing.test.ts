// The billing rules that ride on each request beside its tokens: US-only inference and the
// batch tier, against figures worked out by hand, and through a scan of lines shaped like
// Claude Code's, so the flags reach the price from the log.
import { findProvider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { buildPriceTable, claudeVersion, priceTokens, type TokenGroup } from '../../core/pricing.js';
import { pricedRows } from '../../figures/usage.js';
import { openDb } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { assistant, jsonl, logRoot, tempDb } from '../helpers/logs.js';

const MODELS = findProvider({ providerId: 'anthropic' })!.models;
const table = buildPriceTable(MODELS, 'test');
const AT = new Date('2026-11-02T12:00:00Z');

function usd(model: string, g: Partial<TokenGroup>): number {
  const r = priceTokens({
    inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, webSearchRequests: 0,
    longContext: false, fast: false, ...g,
  }, table.lookup(model, AT)!);
  if (!r.ok) throw new Error(r.reason);
  return r.usd;
}

const EVERY_KIND = { inputTokens: 1_000_000, outputTokens: 100_000, cacheWrite5mTokens: 1_000_000, cacheWrite1hTokens: 1_000_000, cacheReadTokens: 1_000_000 };

describe('billing rules', () => {
  it.each([
    // Opus 4.6: $5 in, $25 out, $6.25 / $10 writes, $0.50 reads.
    ['US-only on Opus 4.6: 1.1× every token kind', 'claude-opus-4-6', { ...EVERY_KIND, usOnly: true }, (5 + 2.5 + 6.25 + 10 + 0.5) * 1.1],
    ['US-only on Sonnet 4.5: before 4.6, standard prices', 'claude-sonnet-4-5-20250929', { ...EVERY_KIND, usOnly: true }, 3 + 1.5 + 3.75 + 6 + 0.3],
    ['US-only on Opus 5.5', 'claude-opus-5-5', { inputTokens: 1_000_000, usOnly: true }, 4.4],
    ['US-only stacks with fast mode: Opus 5 at 2 × 1.1', 'claude-opus-5', { inputTokens: 1_000_000, outputTokens: 100_000, fast: true, usOnly: true }, (5 + 2.5) * 2.2],
    ['US-only does not touch web search', 'claude-opus-4-6', { webSearchRequests: 1000, usOnly: true }, 10],
    // Haiku 4.5: $1 in, $5 out, $0.10 reads.
    ['batch halves input and output, not cache reads', 'claude-haiku-4-5', { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, batch: true }, 0.5 + 2.5 + 0.1],
    ['batch and US-only together', 'claude-opus-4-6', { inputTokens: 1_000_000, batch: true, usOnly: true }, 5 * 0.5 * 1.1],
  ])('%s', (_what, model, g, expected) => {
    expect(usd(model, g)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['claude-opus-4-6', 4.6], ['claude-opus-4-6-20260205', 4.6], ['claude-sonnet-4-5-20250929', 4.5], ['claude-opus-4-20250514', 4],
    ['claude-fable-5-1', 5.1], ['claude-haiku-5-5', 5.5], ['claude-3-5-haiku', 0], ['gpt-5', 0],
  ])('the generation of %s is %s', (id, version) => {
    expect(claudeVersion(id)).toBe(version);
  });

  it('reads inference_geo and service_tier from the log, the final line of a stream deciding', () => {
    const logs = logRoot();
    const model = 'claude-opus-4-6';
    logs.write('-p/s.jsonl', jsonl([
      assistant({ id: 'msg_us', requestId: 'r1', ts: '2026-11-02T10:00:00.000Z', model, usage: { input: 1_000_000, output: 1, geo: 'not_available' } }),
      assistant({ id: 'msg_us', requestId: 'r1', ts: '2026-11-02T10:00:00.000Z', model, usage: { input: 1_000_000, output: 100_000, geo: 'us' } }),
      assistant({ id: 'msg_global', requestId: 'r2', ts: '2026-11-03T10:00:00.000Z', model, usage: { input: 1_000_000, output: 100_000, geo: 'global' } }),
      assistant({ id: 'msg_batch', requestId: 'r3', ts: '2026-11-04T10:00:00.000Z', model, usage: { input: 1_000_000, output: 100_000, tier: 'batch' } }),
    ]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const cost = Object.fromEntries(pricedRows(db, { tz: 'UTC', scope: 'all' }, { table, mode: 'calculate' }).map((r) => [r.date, r.cost]));
    expect(cost['2026-11-02']).toBeCloseTo((5 + 2.5) * 1.1, 12);
    expect(cost['2026-11-03']).toBeCloseTo(5 + 2.5, 12);
    expect(cost['2026-11-04']).toBeCloseTo((5 + 2.5) * 0.5, 12);
    expect(db.prepare('SELECT inference_geo, service_tier FROM responses ORDER BY ts').all()).toEqual([
      { inference_geo: 'us', service_tier: 'standard' },
      { inference_geo: 'global', service_tier: 'standard' },
      { inference_geo: 'not_available', service_tier: 'batch' },
    ]);
  });

  it('prices each step of a request at its own model, streamed lines counted once, US-only on both', () => {
    const logs = logRoot();
    const line = (output: number) => {
      const rec = assistant({ id: 'msg_adv', requestId: 'r1', ts: '2026-11-02T10:00:00.000Z', model: 'claude-opus-5-5', usage: { input: 4000, output, geo: 'us' } });
      const usage = (rec.message as { usage: Record<string, unknown> }).usage;
      usage.iterations = [
        { type: 'message', input_tokens: 4000, output_tokens: output, cache_creation_input_tokens: 2000, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2000 } },
        { type: 'advisor_message', model: 'claude-fable-5-1', input_tokens: 9000, output_tokens: 300, cache_read_input_tokens: 5000 },
      ];
      return rec;
    };
    logs.write('-p/s.jsonl', jsonl([line(5), line(600), line(600)]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const rows = pricedRows(db, { tz: 'UTC', scope: 'all' }, { table, mode: 'calculate' });
    const byModel = Object.fromEntries(rows.map((r) => [r.model, [r.responses, r.inputTokens, r.outputTokens, r.cost]]));
    // Opus 5.5: 4,000 in at $4, 600 out at $20, 2,000 1-hour writes at $8 per million.
    // Fable 5.1: 9,000 in at $10, 300 out at $50, 5,000 reads at $0.25. Both served in the US: 1.1×.
    expect(byModel['claude-opus-5-5']!.slice(0, 3)).toEqual([1, 4000, 600]);
    expect(byModel['claude-opus-5-5']![3]).toBeCloseTo(((4000 * 4 + 600 * 20 + 2000 * 8) / 1e6) * 1.1, 12);
    expect(byModel['claude-fable-5-1']!.slice(0, 3)).toEqual([1, 9000, 300]);
    expect(byModel['claude-fable-5-1']![3]).toBeCloseTo(((9000 * 10 + 300 * 50 + 5000 * 0.25) / 1e6) * 1.1, 12);
  });
});
