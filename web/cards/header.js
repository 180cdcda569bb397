// The top bar: the period, the scope and agents counted, the demo badge and how fresh the
// figures are, and the banners for a failed scan or a config file with a problem.
import { byId, fig, setFigure } from '../dom.js';
import { ago, DAY_YEAR, formatDay, formatInstant } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { summary: {}, health: {} };
export const always = true;

let shown = null; // the summary on screen, whose age ticks every second
// The scopes' names: the API's values, which the CLI's --scope takes too, said in the page's language.
const SCOPES = { all: 'header.scope.all', interactive: 'header.scope.interactive', programmatic: 'header.scope.programmatic' };

export function render({ summary: s, health }, { fetchMs }) {
  shown = s;
  setFigure('period', t('header.period', { start: formatDay(s.period.start), end: formatDay(s.period.lastDay, DAY_YEAR), day: s.period.resetDay }));
  renderNavigation(s.view);
  setFigure('scope', SCOPES[s.scope] ? t(SCOPES[s.scope]) : s.scope, s.scope);
  byId('scope-select').value = s.scope;
  renderAgents(s);
  fig('demo-badge').hidden = !s.demo;
  setWarning('scan-error', s.freshness.scanError && t('header.scanError', { error: s.freshness.scanError }));
  setWarning('config-error', s.configError && t('header.configError', { error: s.configError }));
  byId('freshness-box').title = t(health.scanning ? 'header.fetchedScanning' : 'header.fetched', { ms: Math.round(fetchMs) });
  tick();
}

/**
 * The agent picker: all, each agent, and the budget's set (the default view) and the one
 * shown when they are several. The budget's is marked, since its total is what is budgeted.
 */
function renderAgents(s) {
  setFigure('agent', s.agent === 'all' ? t('header.agentsAll') : s.agent, s.agent);
  const choices = [...new Set(['all', ...s.agentNames, s.budgetAgents, s.agent])];
  const select = byId('agent-select');
  select.replaceChildren(...choices.map((value) => {
    const name = value === 'all' ? t('header.allAgents') : value.split(',').join(' + ');
    return new Option(value === s.budgetAgents ? t('header.budgetAgents', { name }) : name, value);
  }));
  select.value = s.agent;
}

/** Links to the neighbouring periods, keeping the scope and agents: the previous period is one click away. */
function renderNavigation(view) {
  const link = (testid, period) => {
    const el = fig(testid);
    const url = new URL(location.href);
    if (period) url.searchParams.set('period', period);
    else url.searchParams.delete('period');
    el.href = url.search || '?';
    return el;
  };
  link('period-previous', view.previous);
  link('period-next', view.next).hidden = view.current;
  link('period-current', null).hidden = view.current;
}

/** A warning banner, shown only when there is something to say. */
function setWarning(testid, text) {
  const el = setFigure(testid, text || '');
  el.hidden = !text;
}

/** How old the data is, and when an agent last got a response. */
export function tick() {
  if (!shown) return;
  const { freshness, generatedAt } = shown;
  const updatedAt = freshness.lastScanAt ?? generatedAt;
  const el = setFigure('freshness', t('header.updated', { ago: ago(updatedAt) }), updatedAt);
  el.title = formatInstant(updatedAt);
  const latest = freshness.latestResponseAt;
  const latestEl = setFigure('latest-response', latest ? t('header.lastResponse', { ago: ago(latest) }) : t('header.noResponses'), latest);
  latestEl.title = latest ? t('header.latestTitle', { time: formatInstant(latest) }) : '';
}
