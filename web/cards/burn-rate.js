// Burn rate over the last 24 hours and the period's daily average, shown as what they are:
// the forecast (projected-surplus) alone says when the budget runs out.
import { setAmount, setFigure } from '../dom.js';
import { amount } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('burn-rate', s.burn.ratePerDay);
  setFigure('burn-avg', t('burnRate.avg', { amount: amount(s.burn.avgPerDay) }));
}
