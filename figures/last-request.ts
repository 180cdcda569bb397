// The newest response of the view, beside the period's totals of the same token kinds:
// one row read along the ts index, priced as every figure is.
import { latestResponse } from '../store/responses.js';
import { addDays } from '../core/calendar.js';
import { periodTotals, startOfDay } from './dashboard.js';
import { usageFor } from './summary.js';
import { priceRow } from './usage.js';
import type { DashboardState } from './state.js';
import type { FilterParams } from './filter.js';
import type { LastRequest } from './answers.js';

export function lastRequestOf(state: DashboardState, asked: FilterParams, period?: string): LastRequest {
  const { u, filter } = usageFor(state, asked, period);
  const { start, lastDay } = u.budget.period;
  const row = latestResponse(state.db, filter, startOfDay(start, state.tz), startOfDay(addDays(lastDay, 1), state.tz));
  const t = periodTotals(u);
  const latest = row && (() => {
    const { cost, reason } = priceRow(row, row.ts, state.pricing);
    return {
      ts: row.ts, agent: row.agent, model: row.model, sessionId: row.session_id, inputTokens: row.inputTokens,
      cacheWriteTokens: row.cacheWrite5mTokens + row.cacheWrite1hTokens, cacheReadTokens: row.cacheReadTokens,
      outputTokens: row.outputTokens, reasoningTokens: row.reasoningTokens, cost, unpricedReason: reason,
    };
  })();
  return {
    latest,
    totals: {
      responses: t.responses, inputTokens: t.inputTokens, cacheWriteTokens: t.cacheWrite5mTokens + t.cacheWrite1hTokens,
      cacheReadTokens: t.cacheReadTokens, outputTokens: t.outputTokens, reasoningTokens: t.reasoningTokens, cost: t.cost,
      unpricedResponses: t.unpricedResponses,
    },
  };
}
