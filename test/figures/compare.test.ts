// Models side by side: call figures by the model that made each response, turn figures by
// the turn's main model, unpriced models never shown as $0.
import { describe, expect, it } from 'vitest';
import { compareModels } from '../../figures/compare.js';
import { OPUS, SONNET, work, type Ev } from './work-fixture.js';

const EVENTS: Ev[] = [
  // t1 on Opus: an edit, a test, the same file edited again: a retry. $0.05 a call.
  { session: 's', at: 0, turn: 't1', model: OPUS, output: 1_000, tools: 'Edit', actions: 'edit:a1' },
  { session: 's', at: 1, turn: 't1', model: OPUS, output: 1_000, tools: 'Bash', actions: 'run:npm,check:test' },
  { session: 's', at: 2, turn: 't1', model: OPUS, output: 1_000, tools: 'Edit', actions: 'edit:a1' },
  // t2: one edit that held ($0.10); t3: delegation.
  { session: 's', at: 3, turn: 't2', model: OPUS, output: 2_000, tools: 'Edit', actions: 'edit:b2' },
  { session: 's', at: 4, turn: 't3', model: OPUS, output: 1_000, tools: 'Task' },
  // t4 on Sonnet: planning, 90% from the cache ($0.0138).
  { session: 's', at: 5, turn: 't4', model: SONNET, input: 1_000, read: 9_000, output: 1_000, tools: 'TodoWrite' },
  // t5: led by Sonnet, with one Opus call in it.
  { session: 's', at: 6, turn: 't5', model: SONNET, output: 500 },
  { session: 's', at: 7, turn: 't5', model: OPUS, output: 1_000 },
  { session: 's', at: 8, turn: 't5', model: SONNET, output: 500 },
  // t6: an edit on a model without a price.
  { session: 's', at: 9, turn: 't6', model: 'mystery-model', output: 1_000, tools: 'Write', actions: 'edit:c3' },
];

describe('compare models', () => {
  it('gives each model its calls, cost, one-shot and activity figures', () => {
    const [opus, sonnet, mystery, ...rest] = compareModels(work(EVENTS));
    expect(rest).toEqual([]);
    expect(opus).toMatchObject({ model: OPUS, calls: 6, unpricedCalls: 0, turns: 3, editTurns: 2, oneShotRate: 0.5, retryRate: 0.5, cacheHit: null, planningShare: 0 });
    expect(opus!.cost).toBeCloseTo(0.35, 9);
    expect(opus!.costPerCall).toBeCloseTo(0.35 / 6, 9);
    expect(opus!.outputPerCall).toBeCloseTo(7_000 / 6, 9);
    expect(opus!.costPerEditTurn).toBeCloseTo(0.125, 9);
    expect(opus!.delegationShare).toBeCloseTo(1 / 3, 9);
    expect(sonnet).toMatchObject({ model: SONNET, calls: 3, turns: 2, editTurns: 0, oneShotRate: null, retryRate: null, costPerEditTurn: null, delegationShare: 0, planningShare: 0.5 });
    expect(sonnet!.cost).toBeCloseTo(0.0238, 9);
    expect(sonnet!.costPerCall).toBeCloseTo(0.0238 / 3, 9);
    expect(sonnet!.cacheHit).toBeCloseTo(0.9, 9);
    expect(mystery).toMatchObject({ model: 'mystery-model', calls: 1, cost: null, unpricedCalls: 1, costPerCall: null, editTurns: 1, oneShotRate: 1, costPerEditTurn: null });
  });
});
