// Spent this period: the figure against the budget, the status, the pace bar against what
// the workdays so far allow, the calibration note and the period's totals.
import { byId, element, fig, setAmount, setFigure, setTone } from '../dom.js';
import { compact, costText, forecastMethod, percent, view } from '../format.js';
import { TONE_BY_STATUS } from '../theme.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };

const STATUS_TEXT = { green: 'spent.status.green', yellow: 'spent.status.yellow', red: 'spent.status.red' };

export function render({ summary: s }) {
  setAmount('spent-to-date', s.spentToDate);
  if (view.unit === 'usd' && s.totals.unpricedResponses > 0) {
    const mark = element('span', 'unpriced-mark', '+?');
    mark.title = t('spent.unpricedTitle', { n: s.totals.unpricedResponses });
    fig('spent-to-date').append(mark);
  }
  if (s.budgetConfigured) {
    setAmount('budget', s.budget);
    const status = setFigure('status', STATUS_TEXT[s.status] ? t(STATUS_TEXT[s.status]) : s.status, s.status);
    setTone(status, TONE_BY_STATUS[s.status]);
    status.title = t('spent.statusTitle', { method: forecastMethod(s.forecast) });
    renderPace(s);
  }
  renderCalibration(s.calibration);
  renderLedger(s.ledger);
  setFigure('period-totals', [
    t('spent.responses', { n: s.totals.responses }),
    t('format.tokens', { n: compact(s.totals.tokens) }),
    view.unit === 'tokens' ? t('spent.atListPrices', { cost: costText(s.totals.cost, s.totals.unpricedResponses) }) : null,
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
  const verdict = Math.abs(gap) < 0.05 ? t('spent.onPace')
    : gap > 0 ? t('spent.ahead', { pts: gap.toFixed(1) }) : t('spent.under', { pts: (-gap).toFixed(1) });
  const shares = { spent: percent(consumed), expected: percent(s.expectedFraction) };
  setFigure('pace-legend', t('spent.legend', { ...shares, verdict }), consumed);
  pace.setAttribute('aria-label', t('spent.paceAria', shares));
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
    el.textContent = t('spent.calibrationError', { error: calibration.error });
  } else if (calibration.note) {
    el.textContent = t('spent.calibration', { note: calibration.note, invoices: t('spent.invoices', { n: calibration.entries }) });
  } else {
    el.textContent = t('spent.noCalibration', { file: calibration.file ?? 'calibration.json' });
  }
  el.title = calibration.file ?? '';
}
