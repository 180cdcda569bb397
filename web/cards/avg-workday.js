// The forecast's pace: the average workday it projects every workday left at.
import { setAmount, setFigure } from '../dom.js';
import { forecastMethod, formatDay } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };

export function render({ summary: s }) {
  setAmount('avg-workday-spend', s.avgWorkdaySpend);
  // The forecast's method, stated where its pace is shown.
  const sub = setFigure('avg-workday-sub', forecastMethod(s.forecast));
  sub.title = s.forecast.workdays ? t('avgWorkday.workdays', { n: s.forecast.workdays, from: formatDay(s.forecast.from) }) : '';
}
