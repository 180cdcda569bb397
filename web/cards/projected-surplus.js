// Projected surplus (or shortfall) at period end, and the forecast's run-out date when it has one.
import { fig, setAmount, setFigure, setTone } from '../dom.js';
import { DAY_WEEKDAY, forecastMethod, formatDay } from '../format.js';
import { TONE_BY_STATUS } from '../theme.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };
export const budgeted = true;

export function render({ summary: s }) {
  setAmount('projected-surplus', s.projectedSurplus);
  setTone(fig('projected-surplus'), TONE_BY_STATUS[s.status]);
  setFigure('projected-surplus-sub', t(s.projectedSurplus < 0 ? 'projectedSurplus.short' : 'projectedSurplus.spare'));
  const text = runwayText(s);
  const days = setFigure('runway-days', text.days, s.forecast.runwayDays);
  days.title = t('forecast.title', { method: forecastMethod(s.forecast) });
  setTone(setFigure('runway-date', text.date, s.dryDate), text.tone);
}

function runwayText(s) {
  if (s.dryDate === null) return { days: '✓', date: t('projectedSurplus.lasts'), tone: 'good' };
  if (s.dryDate === s.today) {
    return { days: t('projectedSurplus.days', { n: 0 }), date: t(s.remaining <= 0 ? 'projectedSurplus.usedUp' : 'projectedSurplus.dryToday'), tone: 'bad' };
  }
  return { days: t('projectedSurplus.days', { n: s.forecast.runwayDays }), date: t('projectedSurplus.dryOn', { day: formatDay(s.dryDate, DAY_WEEKDAY) }), tone: 'bad' };
}
