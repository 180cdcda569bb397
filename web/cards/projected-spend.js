// Projected spend by the period's last day: the one forecast, its method stated.
import { setAmount, setFigure } from '../dom.js';
import { amount, formatDay } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('projected-spend', s.projectedSpend);
  const sub = setFigure('projected-spend-sub', `by ${formatDay(s.period.lastDay)} at ${amount(s.avgWorkdaySpend)} a workday`);
  sub.title = `Forecast: ${s.forecast.method}`;
}
