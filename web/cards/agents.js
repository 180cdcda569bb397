// The period per agent: what each one cost, its tokens and responses, and its share of the
// spend (the shares add up to the whole). Usage without a price is called unpriced, never $0.
// A row opens that agent's sessions.
import { cell, element, fig, fillTable, nameCell, openingRow, setFigure, setTone, shareCell } from '../dom.js';
import { openDrill } from '../drill.js';
import { compact, costText, thousands } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { agents: {} };

export function render({ agents }, { p }) {
  const total = agents.agents.reduce((sum, a) => sum + a.cost, 0);
  const unpriced = agents.agents.reduce((sum, a) => sum + a.unpricedResponses, 0);
  setFigure('agents-total', t('agents.total', { cost: costText(total, unpriced) }), total);
  fillTable(fig('agents'), agents.agents.map((a) => {
    const tr = element('tr');
    tr.dataset.agent = a.agent;
    const share = shareCell(a.share, p.accent);
    share.dataset.value = String(a.share);
    const cost = cell(costText(a.cost, a.unpricedResponses), 'num');
    cost.dataset.value = String(a.cost);
    setTone(cost, a.unpricedResponses ? 'warn' : null);
    const tokens = cell(compact(a.tokens), 'num hide-sm');
    // Reasoning is part of output, and premium requests are Copilot's own unit: said, not added.
    tokens.title = [a.reasoningTokens && t('agents.reasoning', { n: compact(a.reasoningTokens) }), a.premiumRequests && t('agents.premium', { n: a.premiumRequests })].filter(Boolean).join(' · ');
    tr.append(nameCell(a.agent, `${a.agent} · ${t('agents.responses', { n: a.responses })}`), share, cost, tokens, cell(thousands(a.responses), 'num hide-sm'));
    return openingRow(tr, () => openDrill({ agent: a.agent }, a.agent));
  }), t('agents.none'));
}
