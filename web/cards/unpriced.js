// Models Runway has no price for: their usage is left out of every cost, and listed here.
import { byId, element, fig } from '../dom.js';
import { compact } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };

export function render({ summary: { unpriced } }) {
  const box = fig('unpriced');
  box.hidden = unpriced.length === 0;
  box.dataset.value = String(unpriced.length);
  byId('unpriced-list').replaceChildren(...unpriced.map((u) => {
    const li = element('li');
    li.append(
      element('code', 'unpriced-model', u.model),
      element('span', '', `${t('unpriced.responses', { n: u.responses })} · ${t('format.tokens', { n: compact(u.tokens) })}`),
      element('span', 'unpriced-reason', u.reason),
    );
    return li;
  }));
}
