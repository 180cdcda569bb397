// Last request: the newest response of the view, token by kind and its cost, beside the
// period's totals of the same kinds.
import { element, fig, setFigure } from '../dom.js';
import { clockTime, costText, money, thousands } from '../format.js';

export const fetches = { 'last-request': {}, summary: {} };

const KINDS = [
  ['inputTokens', 'Uncached input'], ['cacheWriteTokens', 'Cache write'], ['cacheReadTokens', 'Cache read'],
  ['outputTokens', 'Output'], ['reasoningTokens', 'Reasoning'],
];

export function render({ 'last-request': { latest, totals } }) {
  setFigure('last-request-at', latest ? clockTime(latest.ts, true) : 'no response this period', latest?.ts ?? null);
  setFigure('last-request-who', latest ? `${latest.agent} · ${latest.model || '(none)'}` : '');
  setFigure('last-request-cost', latest ? (latest.cost === null ? 'unpriced' : money(latest.cost)) : '—', latest?.cost ?? null);
  setFigure('last-request-total-cost', costText(totals.cost, totals.unpricedResponses), totals.cost);
  fig('last-request-tokens').replaceChildren(...KINDS.map(([key, label]) => {
    const tr = element('tr');
    const last = element('td', 'num', latest ? thousands(latest[key]) : '—');
    last.dataset.testid = `last-request-${key}`;
    const total = element('td', 'num', thousands(totals[key]));
    total.dataset.testid = `last-request-total-${key}`;
    tr.append(element('td', '', label), last, total);
    return tr;
  }));
}
