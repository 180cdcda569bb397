// Top projects by cost this period.
import { cell, element, fig, fillTable, nameCell, shareCell } from '../dom.js';
import { compact, costText, lastPathPart } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { projects: { limit: '10' } };

export function render({ projects }, { p }) {
  fillTable(fig('projects'), projects.projects.map((proj) => {
    const tr = element('tr');
    tr.append(nameCell(proj.name || lastPathPart(proj.project), proj.project), shareCell(proj.share, p.accent),
      cell(costText(proj.cost, proj.unpricedResponses), 'num'), cell(compact(proj.tokens), 'num hide-sm'));
    return tr;
  }), t('projects.none'));
}
