// Burn rate over the last 24 hours, and how long the budget left lasts at that rate.
import { setAmount, setFigure, setTone } from '../dom.js';
import { amount, formatDay, formatInstant } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('burn-rate', s.burn.ratePerDay);
  setFigure('burn-avg', `avg ${amount(s.burn.avgPerDay)}/day this period`);
  const { burn, remaining } = s;
  const text = runwayText(burn, remaining);
  const days = setFigure('runway-days', text.days, burn.runwayDays);
  days.title = burn.runwayEndsAtMs ? `At this rate the budget ends ${formatInstant(burn.runwayEndsAtMs)}` : '';
  setTone(setFigure('runway-date', text.date, burn.runwayDate), text.tone);
}

function runwayText(burn, remaining) {
  if (remaining <= 0) return { days: '0 days', date: 'budget used up', tone: 'bad' };
  if (burn.runwayDays == null) return { days: '∞', date: 'no spend in the last 24 h', tone: null };
  const days = `${burn.runwayDays.toFixed(1)} days`;
  if (burn.lastsPeriod) return { days, date: '✓ lasts the period', tone: 'good' };
  return { days, date: burn.runwayDate ? `until ${formatDay(burn.runwayDate)}` : '', tone: null };
}
