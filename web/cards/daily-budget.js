// Daily budget: what each workday left may spend.
import { fig, setAmount, setFigure, setTone } from '../dom.js';
import { amount } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };
export const budgeted = true;

export function render({ summary: s }) {
  // The daily budget is 0 once the period's budget is spent, never negative.
  setAmount('daily-budget', s.dailyBudget, amount(s.dailyBudget), s.dailyBudget);
  setTone(fig('daily-budget'), s.dailyBudget > 0 ? null : 'bad');
  setFigure('daily-budget-sub', s.dailyBudget > 0
    ? t('dailyBudget.perWorkday', { n: s.workdaysRemaining }) : t('dailyBudget.spent'));
}
