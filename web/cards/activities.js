// Activities: what kind of work the period's money went to (core/activity.ts judges each
// turn): cost, share, turns and one-shot rate per activity, and the period's one-shot and
// retry rates. A row opens the sessions behind it. Agents whose logs carry no labels are
// named with their calls, so a small activity total is not misread.
import { cell, element, fig, fillTable, nameCell, openingRow, setFigure, setTone, shareCell } from '../dom.js';
import { costText, percent, thousands } from '../format.js';
import { activityName, openDrill } from '../drill.js';
import { t } from '../i18n.js';

export const fetches = { 'where:activity': { by: 'activity' } };

export function render({ 'where:activity': where }, { p }) {
  const { total } = where;
  setFigure('activities-rates', total.oneShotRate === null ? t('activities.noEdits')
    : t('activities.rates', { oneShot: percent(total.oneShotRate), retry: percent(total.retryRate) }), total.oneShotRate);
  fillTable(fig('activities'), where.rows.map((r) => {
    const tr = element('tr');
    tr.dataset.name = r.name;
    const name = activityName(r.name);
    // Only unpriced calls: said as unpriced, never $0.
    const cost = cell(costText(r.cost ?? 0, r.unpricedCalls), 'num');
    cost.dataset.value = r.cost === null ? '' : String(r.cost);
    setTone(cost, r.unpricedCalls ? 'warn' : null);
    const oneShot = cell(r.oneShotRate === null ? '—' : percent(r.oneShotRate), 'num hide-sm');
    oneShot.title = r.editTurns ? t('activities.editTurns', { n: r.editTurns, pct: percent(r.retryRate) }) : t('activities.noEditTurns');
    tr.append(nameCell(name, `${name} · ${t('activities.calls', { n: r.calls })}`), shareCell(r.share ?? 0, p.accent), cost,
      cell(thousands(r.turns ?? 0), 'num'), oneShot);
    return openingRow(tr, () => openDrill({ activity: r.name }, name));
  }), t('activities.none'));
  const notes = fig('activities-unlabelled');
  notes.replaceChildren(...where.unlabelled.map((u) => element('li', '', t('activities.unlabelled', { agent: u.agent, n: u.calls }))));
  notes.hidden = !where.unlabelled.length;
}
