// Average workday spend so far this period.
import { setAmount, setFigure } from '../dom.js';
import { plural } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('avg-workday-spend', s.avgWorkdaySpend);
  setFigure('avg-workday-sub', `over ${plural(s.workdaysElapsed, 'workday')} so far`);
}
