// Last request: the newest response of the view, token by kind and its cost, beside the
// period's totals of the same kinds.
import { element, fig, setFigure } from '../dom.js';
import { clockTime, costText, money, thousands } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { 'last-request': {}, summary: {} };

const KINDS = [
  ['inputTokens', 'lastRequest.inputTokens'], ['cacheWriteTokens', 'lastRequest.cacheWriteTokens'],
  ['cacheReadTokens', 'lastRequest.cacheReadTokens'], ['outputTokens', 'lastRequest.outputTokens'],
  ['reasoningTokens', 'lastRequest.reasoningTokens'],
];

export function render({ 'last-request': { latest, totals } }) {
  setFigure('last-request-at', latest ? clockTime(latest.ts, true) : t('lastRequest.none'), latest?.ts ?? null);
  setFigure('last-request-who', latest ? `${latest.agent} · ${latest.model || t('lastRequest.noModel')}` : '');
  setFigure('last-request-cost', latest ? (latest.cost === null ? t('format.unpriced') : money(latest.cost)) : '—', latest?.cost ?? null);
  setFigure('last-request-total-cost', costText(totals.cost, totals.unpricedResponses), totals.cost);
  fig('last-request-tokens').replaceChildren(...KINDS.map(([key, labelKey]) => {
    const tr = element('tr');
    const last = element('td', 'num', latest ? thousands(latest[key]) : '—');
    last.dataset.testid = `last-request-${key}`;
    const total = element('td', 'num', thousands(totals[key]));
    total.dataset.testid = `last-request-total-${key}`;
    tr.append(element('td', '', t(labelKey)), last, total);
    return tr;
  }));
}
