// Projected spend by the period's last day: the one forecast, its method stated.
import { setAmount, setFigure } from '../dom.js';
import { amount, forecastMethod, formatDay } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('projected-spend', s.projectedSpend);
  const sub = setFigure('projected-spend-sub', t('projectedSpend.sub', { day: formatDay(s.period.lastDay), amount: amount(s.avgWorkdaySpend) }));
  sub.title = t('forecast.title', { method: forecastMethod(s.forecast) });
}
