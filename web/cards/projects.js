// Top projects by cost this period; a row opens the sessions behind it.
import { cell, element, fig, fillTable, nameCell, openingRow, shareCell } from '../dom.js';
import { openDrill } from '../drill.js';
import { compact, costText, lastPathPart } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { projects: { limit: '10' } };

export function render({ projects }, { p }) {
  fillTable(fig('projects'), projects.projects.map((proj) => {
    const tr = element('tr');
    const name = proj.name || lastPathPart(proj.project);
    tr.dataset.project = proj.project;
    tr.append(nameCell(name, proj.project), shareCell(proj.share, p.accent),
      cell(costText(proj.cost, proj.unpricedResponses), 'num'), cell(compact(proj.tokens), 'num hide-sm'));
    // Usage without a project has no name to ask the sessions by.
    return proj.project ? openingRow(tr, () => openDrill({ project: proj.project }, name)) : tr;
  }), t('projects.none'));
}
