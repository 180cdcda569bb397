// Drill-through: the sessions behind one total of the period (a day, a model, a project, an
// activity or an agent) in a modal panel, the most expensive first, each opening to its turns
// and their responses. A <dialog>: Esc closes it and focus goes back to what opened it.
import { byId, cell, element, fillTable, nameCell, openingRow, setTone } from './dom.js';
import { compact, costText, formatInstant, lastPathPart, money, shortModel, thousands } from './format.js';
import { t } from './i18n.js';

// The activities core/activity.ts names, in the page's words.
const ACTIVITY_KEYS = {
  Coding: 'activity.coding', Debugging: 'activity.debugging', 'Feature Dev': 'activity.featureDev',
  Refactoring: 'activity.refactoring', Testing: 'activity.testing', Exploration: 'activity.exploration',
  Planning: 'activity.planning', Delegation: 'activity.delegation', 'Git Ops': 'activity.gitOps',
  'Build/Deploy': 'activity.buildDeploy', Brainstorming: 'activity.brainstorming',
  Conversation: 'activity.conversation', General: 'activity.general',
};

/** An activity's name in the page's language; one this page does not know keeps the server's. */
export function activityName(name) {
  return name in ACTIVITY_KEYS ? t(ACTIVITY_KEYS[name]) : name;
}

let viewOf = () => ({}); // the filter and period the cards show, handed over by live.js
let asked = 0; // bumped per request, so an answer overtaken by another is dropped
let shown = null; // the list on screen ({ title, drill }), to come back to from a session
let opener = null; // what had focus when the panel opened

/** How the panel learns the view (scope, agent, period) it drills into. */
export function setDrillView(view) {
  viewOf = view;
}

const panel = () => byId('drill');

/** The panel's wiring, once: its close and back buttons, and focus handed back on closing (Esc too). */
function wire(dialog) {
  if (dialog.dataset.wired) return;
  dialog.dataset.wired = 'true';
  byId('drill-close').addEventListener('click', () => dialog.close());
  byId('drill-back').addEventListener('click', () => showList(shown));
  // A click on the backdrop lands on the dialog itself.
  dialog.addEventListener('click', (event) => event.target === dialog && dialog.close());
  dialog.addEventListener('close', () => {
    asked++;
    opener?.focus?.();
    opener = null;
  });
}

/** The view's query with `query` on top: a row's agent narrows the view's. The session endpoint takes no period. */
function url(endpoint, query, withPeriod = true) {
  const { period, ...filter } = viewOf();
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(withPeriod ? { ...filter, period } : filter)) if (value) params.set(name, value);
  for (const [name, value] of Object.entries(query)) params.set(name, value);
  return `/api/${endpoint}?${params}`;
}

/** Fetches one answer for the panel; null when a later request overtook it. */
async function load(href) {
  const mine = ++asked;
  byId('drill').dataset.loading = 'true';
  setBody(element('p', 'drill-note', t('drill.loading')));
  let body;
  try {
    const res = await fetch(href, { cache: 'no-store', headers: { accept: 'application/json' } });
    body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body?.error ?? String(res.status));
  } catch (error) {
    if (mine === asked) setBody(element('p', 'drill-note tone-bad', t('drill.failed', { error: error.message })));
    return null;
  } finally {
    if (mine === asked) delete byId('drill').dataset.loading;
  }
  return mine === asked ? body : null;
}

function setBody(...children) {
  byId('drill-body').replaceChildren(...children);
}

function setHead(title, sub, back) {
  byId('drill-title').textContent = title;
  byId('drill-sub').textContent = sub;
  byId('drill-back').hidden = !back;
}

/**
 * Opens the panel on the sessions behind a total: `query` is the /api/drill key (day, model,
 * project, activity, or an agent alone), `what` names the total in the title.
 */
export async function openDrill(query, what) {
  const dialog = panel();
  wire(dialog);
  if (!dialog.open) {
    opener = document.activeElement;
    dialog.showModal();
  }
  const title = t('drill.title', { what });
  setHead(title, '', false);
  const drill = await load(url('drill', query));
  if (drill) showList({ title, drill });
}

/** The sessions of a drill, the most expensive first (as the server sorts them). */
function showList(list) {
  shown = list;
  const { title, drill } = list;
  const { total } = drill;
  setHead(title, [t('drill.sessions', { n: drill.sessions.length }), t('drill.calls', { n: total.calls }), costText(total.cost, total.unpricedCalls)].join(' · '), false);
  byId('drill-sub').dataset.value = String(total.cost);
  const table = element('table', 'table');
  table.dataset.testid = 'drill-sessions';
  table.createTHead().append(headRow([['drill.project'], ['drill.agent', 'hide-sm'], ['drill.when'], ['drill.callsHead', 'num'], ['drill.cost', 'num']]));
  table.createTBody();
  fillTable(table, drill.sessions.map((s) => {
    const tr = element('tr');
    tr.dataset.session = s.sessionId;
    const project = nameCell(lastPathPart(s.project) || t('drill.noProject'), `${s.project}\n${s.sessionId} · ${s.models.map(shortModel).join(', ')}`);
    const when = cell(formatInstant(s.firstAt, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), 'nowrap');
    when.title = `${formatInstant(s.firstAt)} – ${formatInstant(s.lastAt)}`;
    const cost = cell(costText(s.cost, s.unpricedCalls), 'num');
    cost.dataset.value = String(s.cost);
    setTone(cost, s.unpricedCalls ? 'warn' : null);
    tr.append(project, cell(s.agent, 'hide-sm nowrap'), when, cell(thousands(s.calls), 'num'), cost);
    return openingRow(tr, () => openSession(s.sessionId));
  }), t('drill.none'));
  const wrap = element('div', 'table-wrap');
  wrap.append(table);
  setBody(wrap);
  table.tBodies[0].rows[0]?.focus();
}

function headRow(columns) {
  const tr = element('tr');
  for (const [key, className] of columns) tr.append(element('th', className, t(key)));
  return tr;
}

/** One session: its turns, oldest first, each with its responses. */
async function openSession(id) {
  const list = shown;
  setHead(list.title, '', true);
  const session = await load(url('session', { id }, false));
  if (!session) return;
  const cost = session.turns.reduce((sum, turn) => sum + turn.cost, 0);
  const unpriced = session.turns.reduce((sum, turn) => sum + turn.unpricedCalls, 0);
  setHead(t('drill.sessionTitle', { project: lastPathPart(session.project) || t('drill.noProject') }),
    [session.sessionId, formatInstant(session.turns[0].firstAt, { dateStyle: 'medium' }), t('drill.turns', { n: session.turns.length }), costText(cost, unpriced)].join(' · '), true);
  setBody(...session.turns.map(turnBlock));
  byId('drill-back').focus();
}

const TOKEN_KINDS = [['inputTokens', 'drill.input'], ['outputTokens', 'drill.output'], ['cacheWriteTokens', 'drill.cacheWrite'], ['cacheReadTokens', 'drill.cacheRead']];

function turnBlock(turn) {
  const block = element('section', 'drill-turn');
  block.dataset.testid = 'drill-turn';
  block.dataset.activity = turn.activity;
  const head = element('div', 'drill-turn-head');
  head.append(element('strong', '', activityName(turn.activity)),
    element('span', 'muted', formatInstant(turn.firstAt, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  if (turn.retried) {
    const mark = element('span', 'badge badge-retried', t('drill.retried'));
    mark.title = t('drill.retriedTitle');
    mark.dataset.testid = 'drill-retried';
    head.append(mark);
  }
  const cost = element('span', 'drill-turn-cost', costText(turn.cost, turn.unpricedCalls));
  setTone(cost, turn.unpricedCalls ? 'warn' : null);
  head.append(cost);

  const table = element('table', 'table drill-responses');
  table.createTHead().append(headRow([['drill.time'], ['drill.model'], ...TOKEN_KINDS.map(([, key]) => [key, 'num']), ['drill.cost', 'num'], ['drill.tools']]));
  const body = table.createTBody();
  for (const r of turn.responses) {
    const tr = element('tr');
    const model = cell(shortModel(r.model), 'nowrap');
    model.title = `${r.model} · ${r.agent}`;
    const cost = cell(r.cost === null ? t('format.unpriced') : money(r.cost), 'num');
    setTone(cost, r.cost === null ? 'warn' : null);
    tr.append(cell(formatInstant(r.ts, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }), 'nowrap'), model,
      ...TOKEN_KINDS.map(([kind]) => {
        const td = cell(compact(r[kind]), 'num');
        td.title = thousands(r[kind]);
        return td;
      }),
      cost, cell(r.tools.join(', '), 'muted'));
    body.append(tr);
  }
  const wrap = element('div', 'table-wrap');
  wrap.append(table);
  block.append(head, wrap);
  return block;
}
