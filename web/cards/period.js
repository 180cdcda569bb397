// Period remaining: the budget left, as a ring of what is consumed, and the workdays left.
import { drawGauge } from '../charts.js';
import { fig, setAmount, setFigure, setTone } from '../dom.js';
import { amount, overOr } from '../format.js';
import { TONE_BY_STATUS } from '../theme.js';

export const fetches = { summary: {} };
export const budgeted = true;

export function render({ summary: s }, { p }) {
  const over = s.remaining < 0;
  const tone = over ? 'bad' : TONE_BY_STATUS[s.status];
  setAmount('remaining', s.remaining, overOr(s.remaining), Math.abs(s.remaining));
  const figure = fig('remaining');
  setTone(figure, over ? 'bad' : null);
  figure.classList.toggle('is-long', figure.textContent.length > 10);
  setFigure('remaining-caption', over ? `budget ${amount(s.budget)}` : `left of ${amount(s.budget)}`);
  setFigure('workdays-remaining', String(s.workdaysRemaining), s.workdaysRemaining);
  setFigure('workdays-remaining-label', s.workdaysRemaining === 1 ? 'workday left' : 'workdays left');
  setFigure('day-of-period', `day ${s.period.dayIndex + 1} of ${s.period.days}`);
  drawGauge('chart-period', s.consumedFraction, p[tone], p);
}
