// Daily budget: what each workday left may spend.
import { fig, setAmount, setFigure, setTone } from '../dom.js';
import { amount, plural } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  // A negative daily budget means the period's budget is gone: show 0, not a negative allowance.
  const dailyLeft = Math.max(0, s.dailyBudget);
  setAmount('daily-budget', s.dailyBudget, amount(dailyLeft), dailyLeft);
  setTone(fig('daily-budget'), dailyLeft > 0 ? null : 'bad');
  setFigure('daily-budget-sub', dailyLeft > 0
    ? `per workday for the ${plural(s.workdaysRemaining, 'workday')} left` : "the period's budget is spent");
}
