// Projected surplus (or shortfall) at period end, and the day the budget runs dry when over pace.
import { fig, setAmount, setFigure, setTone } from '../dom.js';
import { DAY_WEEKDAY, formatDay } from '../format.js';
import { TONE_BY_STATUS } from '../theme.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('projected-surplus', s.projectedSurplus);
  setTone(fig('projected-surplus'), TONE_BY_STATUS[s.status]);
  const dry = s.status === 'red' && s.dryDate ? ` · runs dry ${formatDay(s.dryDate, DAY_WEEKDAY)}` : '';
  const lead = s.projectedSurplus < 0 ? 'short at period end' : 'to spare at period end';
  const sub = setFigure('projected-surplus-sub', lead + dry, s.dryDate);
  setTone(sub, s.status === 'red' ? 'bad' : null);
}
