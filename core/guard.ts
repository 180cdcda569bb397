// The guard's verdict on a budget summary: what `runway check` exits with and what the
// Claude Code hook does. Pure, so each rule is tested with plain numbers.
import type { BudgetSummary } from './budget.js';

export type Verdict =
  | { code: 0; state: 'ok' | 'no_budget'; reason: string }
  | { code: 1; state: 'projected_over'; reason: string }
  | { code: 2; state: 'spent' | 'daily_spent'; reason: string };

export interface VerdictOptions {
  budgetConfigured: boolean;
  /** Also stop once today's daily budget is spent. */
  daily: boolean;
  money: (v: number) => string;
  /** Dollars or tokens that could not be priced: the spend is at least what is shown. */
  unpricedNote?: string;
}

export function verdict(b: Omit<BudgetSummary, 'days'>, o: VerdictOptions): Verdict {
  const m = o.money;
  const lower = o.unpricedNote ? ` (${o.unpricedNote})` : '';
  if (!o.budgetConfigured) return { code: 0, state: 'no_budget', reason: `no budget set, nothing to guard (runway budget 500 sets one); ${m(b.spentToDate)} spent this period${lower}` };
  if (b.spentToDate >= b.budget) {
    return { code: 2, state: 'spent', reason: `the budget of ${m(b.budget)} is spent: ${m(b.spentToDate)} this period${lower}; it resets on ${b.period.end}` };
  }
  if (o.daily && b.spentToday >= b.dailyBudget) {
    return {
      code: 2,
      state: 'daily_spent',
      reason: `today's budget of ${m(b.dailyBudget)} is spent: ${m(b.spentToday)} today${lower}; ${m(b.remaining)} of ${m(b.budget)} is left for ${b.workdaysRemaining - (b.todayIsWorkday ? 1 : 0)} more workday(s)`,
    };
  }
  if (b.projectedSpend > b.budget) {
    return {
      code: 1,
      state: 'projected_over',
      reason: `at this pace the period ends at ${m(b.projectedSpend)}, ${m(b.projectedSpend - b.budget)} over the budget of ${m(b.budget)}${b.dryDate ? `; it runs dry on ${b.dryDate}` : ''}${lower}`,
    };
  }
  return { code: 0, state: 'ok', reason: `on budget: ${m(b.spentToDate)} of ${m(b.budget)} spent, ${m(b.projectedSpend)} projected by ${b.period.lastDay}${lower}` };
}
