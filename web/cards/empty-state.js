// Shown instead of every figure while there is no usage at all: where each agent's logs were looked for.
import { byId, element, fig } from '../dom.js';
import { t } from '../i18n.js';

export const fetches = { summary: {} };
export const always = true;

/** Whether there is anything for the other cards to show. */
export const hasUsage = (summary) => summary.data.responses > 0;

export function render({ summary: s }) {
  const empty = !hasUsage(s);
  fig('empty-state').hidden = !empty;
  byId('content').hidden = empty;
  if (!empty) return;
  byId('roots').replaceChildren(...s.data.roots.map((root) => {
    const li = element('li');
    li.append(element('strong', 'root-agent', root.source), element('code', '', root.path),
      element('span', `badge ${root.exists ? 'badge-ok' : 'badge-missing'}`, root.exists ? t('emptyState.found') : t('emptyState.notFound')));
    return li;
  }));
}
