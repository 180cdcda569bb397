// Models Runway has no price for: their usage is left out of every cost, and listed here.
import { byId, element, fig } from '../dom.js';
import { compact, plural } from '../format.js';

export const fetches = { summary: {} };

export function render({ summary: { unpriced } }) {
  const box = fig('unpriced');
  box.hidden = unpriced.length === 0;
  box.dataset.value = String(unpriced.length);
  byId('unpriced-list').replaceChildren(...unpriced.map((u) => {
    const li = element('li');
    li.append(
      element('code', 'unpriced-model', u.model),
      element('span', '', `${plural(u.responses, 'response')} · ${compact(u.tokens)} tokens`),
      element('span', 'unpriced-reason', u.reason),
    );
    return li;
  }));
}
