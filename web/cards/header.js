// The top bar: the period, the scope and agents counted, the demo badge and how fresh the
// figures are, and the banners for a failed scan or a config file with a problem.
import { byId, fig, setFigure } from '../dom.js';
import { ago, DAY_YEAR, formatDay, formatInstant } from '../format.js';

export const fetches = { summary: {}, health: {} };
export const always = true;

let shown = null; // the summary on screen, whose age ticks every second

export function render({ summary: s, health }, { fetchMs }) {
  shown = s;
  setFigure('period', `${formatDay(s.period.start)} – ${formatDay(s.period.lastDay, DAY_YEAR)} · resets on day ${s.period.resetDay}`);
  renderNavigation(s.view);
  setFigure('scope', s.scope, s.scope);
  byId('scope-select').value = s.scope;
  renderAgents(s);
  fig('demo-badge').hidden = !s.demo;
  setWarning('scan-error', s.freshness.scanError && `The last log scan failed: ${s.freshness.scanError}`);
  setWarning('config-error', s.configError && `The config file has a problem: ${s.configError}`);
  byId('freshness-box').title = `Fetched in ${Math.round(fetchMs)} ms${health.scanning ? ' · scanning logs…' : ''}`;
  tick();
}

/**
 * The agent picker: all, each agent, and the budget's set (the default view) and the one
 * shown when they are several. The budget's is marked, since its total is what is budgeted.
 */
function renderAgents(s) {
  setFigure('agent', s.agent, s.agent);
  const choices = [...new Set(['all', ...s.agentNames, s.budgetAgents, s.agent])];
  const select = byId('agent-select');
  select.replaceChildren(...choices.map((value) => {
    const name = value === 'all' ? 'All agents' : value.split(',').join(' + ');
    return new Option(value === s.budgetAgents ? `${name} (budget)` : name, value);
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
  const el = setFigure('freshness', `updated ${ago(updatedAt)}`, updatedAt);
  el.title = formatInstant(updatedAt);
  const latest = freshness.latestResponseAt;
  const latestEl = setFigure('latest-response', latest ? `last response ${ago(latest)}` : 'no responses yet', latest);
  latestEl.title = latest ? `Latest response: ${formatInstant(latest)}` : '';
}
