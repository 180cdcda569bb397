// Period remaining: the budget left, as a ring of what is consumed, and the workdays left.
import { drawGauge } from '../charts.js';
import { fig, setAmount, setFigure, setTone } from '../dom.js';
import { amount, overOr } from '../format.js';
import { TONE_BY_STATUS } from '../theme.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };
export const budgeted = true;

export function render({ summary: s }, { p }) {
  const over = s.remaining < 0;
  const tone = over ? 'bad' : TONE_BY_STATUS[s.status];
  setAmount('remaining', s.remaining, overOr(s.remaining), Math.abs(s.remaining));
  const figure = fig('remaining');
  setTone(figure, over ? 'bad' : null);
  figure.classList.toggle('is-long', figure.textContent.length > 10);
  setFigure('remaining-caption', t(over ? 'period.budget' : 'period.leftOf', { amount: amount(s.budget) }));
  setFigure('workdays-remaining', String(s.workdaysRemaining), s.workdaysRemaining);
  setFigure('workdays-remaining-label', t('period.workdaysLeft', { n: s.workdaysRemaining }));
  setFigure('day-of-period', t('period.dayOf', { day: s.period.dayIndex + 1, days: s.period.days }));
  drawGauge('chart-period', s.consumedFraction, p[tone], p);
}
