// The forecast's pace: the average workday it projects every workday left at.
import { setAmount, setFigure } from '../dom.js';
import { formatDay, plural } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('avg-workday-spend', s.avgWorkdaySpend);
  // The forecast's method, stated where its pace is shown.
  const sub = setFigure('avg-workday-sub', s.forecast.method);
  sub.title = s.forecast.workdays ? `${plural(s.forecast.workdays, 'workday')} from ${formatDay(s.forecast.from)} to yesterday` : '';
}
