// Models side by side over a range: what each call costs and yields (per response, by the
// model that made it) and how its turns went (per turn, by the turn's main model), so a
// model is judged on the work it led.
import { oneShot, type Work } from './where.js';

export interface ModelFigures {
  model: string;
  calls: number;
  /** The priced part; null when every call is unpriced. */
  cost: number | null;
  unpricedCalls: number;
  /** Over the priced calls. */
  costPerCall: number | null;
  outputPerCall: number;
  /** Cache reads ÷ (reads + writes + uncached input); null without prompt tokens. */
  cacheHit: number | null;
  /** Turns whose main model it is. */
  turns: number;
  editTurns: number;
  oneShotRate: number | null;
  retryRate: number | null;
  /** Over the edit turns that are wholly priced; null when none is. */
  costPerEditTurn: number | null;
  delegationShare: number | null;
  planningShare: number | null;
}

/** Every model of the range, most costly first (unpriced last, then by calls). */
export function compareModels(work: Work): ModelFigures[] {
  const byModel = new Map<string, ModelFigures & { priced: number; output: number; reads: number; prompt: number }>();
  const figures = (model: string) => {
    let m = byModel.get(model);
    if (!m) {
      byModel.set(model, (m = {
        model, calls: 0, cost: null, unpricedCalls: 0, costPerCall: null, outputPerCall: 0, cacheHit: null, turns: 0, editTurns: 0,
        oneShotRate: null, retryRate: null, costPerEditTurn: null, delegationShare: null, planningShare: null, priced: 0, output: 0, reads: 0, prompt: 0,
      }));
    }
    return m;
  };
  for (const { row, cost } of work.responses) {
    const m = figures(row.model || '(none)');
    m.calls++;
    if (cost === null) m.unpricedCalls++;
    else {
      m.cost = (m.cost ?? 0) + cost;
      m.priced++;
    }
    m.output += row.outputTokens;
    m.reads += row.cacheReadTokens;
    m.prompt += row.inputTokens + row.cacheWrite5mTokens + row.cacheWrite1hTokens + row.cacheReadTokens;
  }
  for (const [model, m] of byModel) {
    const turns = work.turns.filter((t) => (t.model || '(none)') === model);
    const priced = turns.filter((t) => t.edits && t.unpriced === 0);
    const share = (activity: string) => (turns.length ? turns.filter((t) => t.activity === activity).length / turns.length : null);
    Object.assign(m, {
      costPerCall: m.priced ? m.cost! / m.priced : null,
      outputPerCall: m.output / m.calls,
      cacheHit: m.prompt ? m.reads / m.prompt : null,
      turns: turns.length,
      ...oneShot(turns),
      costPerEditTurn: priced.length ? priced.reduce((c, t) => c + t.cost, 0) / priced.length : null,
      delegationShare: share('Delegation'),
      planningShare: share('Planning'),
    });
  }
  return [...byModel.values()]
    .map(({ priced: _p, output: _o, reads: _r, prompt: _q, ...m }) => m)
    .sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1) || b.calls - a.calls || a.model.localeCompare(b.model));
}
