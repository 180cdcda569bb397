// Today's runway: what is left of today's budget, as a ring and a figure.
import { drawGauge } from '../charts.js';
import { fig, setAmount, setFigure, setTone } from '../dom.js';
import { amount, overOr } from '../format.js';
import { runwayTone } from '../theme.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };
export const budgeted = true;

export function render({ summary: s }, { p }) {
  // Once over, the ring is empty whatever the ratio of two negatives says.
  const fraction = s.todaysRunwayFraction;
  const tone = s.todaysOverBy > 0 ? 'bad' : runwayTone(fraction);
  // Over, the figure is how far over: the runway itself is never below 0.
  const shown = s.todaysOverBy > 0 ? -s.todaysOverBy : s.todaysRunway;
  setAmount('todays-runway', shown, overOr(shown), Math.abs(shown));
  const figure = fig('todays-runway');
  setTone(figure, tone);
  figure.classList.toggle('is-long', figure.textContent.length > 10);
  setFigure('todays-runway-caption', s.dailyBudget > 0 ? t('today.ofDaily', { amount: amount(s.dailyBudget) }) : t('today.noDailyLeft'));
  setFigure('spent-today', amount(s.spentToday), s.spentToday);
  fig('not-workday').hidden = s.todayIsWorkday;
  drawGauge('chart-today', fraction, p[tone], p);
}
