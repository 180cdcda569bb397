// Burn rate over the last 24 hours and the period's daily average, shown as what they are:
// the forecast (projected-surplus) alone says when the budget runs out.
import { setAmount, setFigure } from '../dom.js';
import { amount } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('burn-rate', s.burn.ratePerDay);
  setFigure('burn-avg', `avg ${amount(s.burn.avgPerDay)}/day this period`);
}
