// Projected spend by the period's last day at the workday average.
import { setAmount, setFigure } from '../dom.js';
import { formatDay } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('projected-spend', s.projectedSpend);
  setFigure('projected-spend-sub', `by ${formatDay(s.period.lastDay)} at your workday average`);
}
