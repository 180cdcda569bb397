// Projected surplus (or shortfall) at period end, and the forecast's run-out date when it has one.
import { fig, setAmount, setFigure, setTone } from '../dom.js';
import { DAY_WEEKDAY, formatDay } from '../format.js';
import { TONE_BY_STATUS } from '../theme.js';

export const fetches = { summary: {} };
export const budgeted = true;

export function render({ summary: s }) {
  setAmount('projected-surplus', s.projectedSurplus);
  setTone(fig('projected-surplus'), TONE_BY_STATUS[s.status]);
  setFigure('projected-surplus-sub', s.projectedSurplus < 0 ? 'short at period end' : 'to spare at period end');
  const text = runwayText(s);
  const days = setFigure('runway-days', text.days, s.forecast.runwayDays);
  days.title = `Forecast: ${s.forecast.method}`;
  setTone(setFigure('runway-date', text.date, s.dryDate), text.tone);
}

function runwayText(s) {
  if (s.dryDate === null) return { days: '✓', date: 'lasts the period', tone: 'good' };
  if (s.dryDate === s.today) return { days: '0 days', date: s.remaining <= 0 ? 'budget used up' : 'runs dry today', tone: 'bad' };
  const n = s.forecast.runwayDays;
  return { days: `${n} day${n === 1 ? '' : 's'}`, date: `runs dry ${formatDay(s.dryDate, DAY_WEEKDAY)}`, tone: 'bad' };
}
