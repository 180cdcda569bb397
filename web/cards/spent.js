// Spent this period: the figure against the budget, the status, the pace bar against what
// the workdays so far allow, the calibration note and the period's totals.
import { byId, element, fig, setAmount, setFigure, setTone } from '../dom.js';
import { compact, costText, percent, plural, thousands, view } from '../format.js';
import { TONE_BY_STATUS } from '../theme.js';

export const fetches = { summary: {} };

const STATUS_TEXT = { green: 'On track', yellow: 'Tight', red: 'Over pace' };

export function render({ summary: s }) {
  setAmount('spent-to-date', s.spentToDate);
  if (view.unit === 'usd' && s.totals.unpricedResponses > 0) {
    const mark = element('span', 'unpriced-mark', '+?');
    mark.title = `${plural(s.totals.unpricedResponses, 'response')} without a price are not included`;
    fig('spent-to-date').append(mark);
  }
  if (s.budgetConfigured) {
    setAmount('budget', s.budget);
    const status = setFigure('status', STATUS_TEXT[s.status] ?? s.status, s.status);
    setTone(status, TONE_BY_STATUS[s.status]);
    status.title = `From the projected surplus at period end: ${s.forecast.method}`;
    renderPace(s);
  }
  renderCalibration(s.calibration);
  renderLedger(s.ledger);
  setFigure('period-totals', [
    `${thousands(s.totals.responses)} responses`,
    `${compact(s.totals.tokens)} tokens`,
    view.unit === 'tokens' ? `${costText(s.totals.cost, s.totals.unpricedResponses)} at list prices` : null,
  ].filter(Boolean).join(' · '));
}

function renderPace(s) {
  const consumed = s.consumedFraction;
  const pace = byId('pace');
  byId('pace-fill').style.width = `${Math.min(1, Math.max(0, consumed)) * 100}%`;
  pace.classList.toggle('is-over', consumed > 1);
  pace.classList.toggle('is-ahead', consumed <= 1 && consumed > s.expectedFraction);
  const marker = byId('pace-marker');
  marker.style.left = `${Math.min(1, Math.max(0, s.expectedFraction)) * 100}%`;
  // Keep the marker's label inside the bar near either end.
  marker.classList.toggle('label-left', s.expectedFraction > 0.8);
  marker.classList.toggle('label-right', s.expectedFraction < 0.2);
  const gap = (consumed - s.expectedFraction) * 100;
  const verdict = Math.abs(gap) < 0.05 ? 'right on pace'
    : gap > 0 ? `${gap.toFixed(1)} pts ahead of pace` : `${(-gap).toFixed(1)} pts under pace`;
  setFigure('pace-legend', `${percent(consumed)} spent · ${percent(s.expectedFraction)} expected by now · ${verdict}`,
    consumed);
  pace.setAttribute('aria-label', `${percent(consumed)} of the budget spent; ${percent(s.expectedFraction)} expected by now`);
}

/** Claude Code's own running totals against Runway's prices, when the logs carry them. */
function renderLedger(ledger) {
  const el = fig('ledger-note');
  el.hidden = !ledger.note;
  el.textContent = ledger.note ? `${ledger.note}.` : '';
  el.classList.toggle('is-error', ledger.agreeing < ledger.checkpoints);
}

function renderCalibration(calibration) {
  const el = fig('calibration-note');
  el.classList.toggle('is-error', Boolean(calibration.error));
  if (calibration.error) {
    el.textContent = `Calibration file unusable: ${calibration.error}`;
  } else if (calibration.note) {
    el.textContent = `Calibration: ${calibration.note} (${plural(calibration.entries, 'invoice')}).`;
  } else {
    el.textContent = `No calibration yet: add invoice totals to ${calibration.file ?? 'calibration.json'} to see how local estimates drift.`;
  }
  el.title = calibration.file ?? '';
}
