// Which sighting's usage a response keeps: the most output, and on equal output the larger
// prompt, the same whether both sightings meet in one batch (mergeEvents) or in two scans
// (the store's upsert), whatever their order.
import { describe, expect, it } from 'vitest';
import { openDb } from '../../store/db.js';
import { Store } from '../../store/writer.js';
import { mergeEvents } from '../../store/merge.js';
import { demoEvent } from '../../server/demo.js';

const at = Date.parse('2026-09-01T10:00:00Z');
const sighting = (input: number, output: number, read: number) =>
  ({ ...demoEvent('s1', at, 'session-1', '/p', 'cli', 'gpt-5', { input, output, write: 0, read }), key: 'copilot:session-1:gpt-5', agent: 'copilot' });

const kept = (rows: ReturnType<typeof sighting>[][]) => {
  const db = openDb(':memory:');
  const store = new Store(db);
  for (const batch of rows) store.write(batch.length > 1 ? [batch.reduce((a, b) => mergeEvents(a, b) as typeof a)] : batch, []);
  const r = db.prepare('SELECT input_tokens AS input, output_tokens AS output, cache_read_tokens AS read FROM responses').all();
  const rolled = db.prepare('SELECT sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cache_read_tokens) AS read FROM usage_rollup').get();
  return { r, rolled };
};

describe('the usage a response keeps', () => {
  const small = sighting(1000, 50, 0);
  const grown = sighting(1000, 50, 7000); // a later session total: one more call, no output
  const more = sighting(10, 60, 0);
  it.each([
    ['two scans, smaller first', [[small], [grown]]],
    ['two scans, larger first', [[grown], [small]]],
    ['one batch, smaller first', [[small, grown]]],
    ['one batch, larger first', [[grown, small]]],
  ])('on equal output, the larger prompt: %s', (_name, rows) => {
    const { r, rolled } = kept(rows as ReturnType<typeof sighting>[][]);
    expect(r).toEqual([{ input: 1000, output: 50, read: 7000 }]);
    expect(rolled).toEqual({ input: 1000, output: 50, read: 7000 });
  });
  it('more output wins over a larger prompt, in either order', () => {
    expect(kept([[grown], [more]]).r).toEqual([{ input: 10, output: 60, read: 0 }]);
    expect(kept([[more], [grown]]).r).toEqual([{ input: 10, output: 60, read: 0 }]);
  });
});
