// The refresh loop: every card's endpoints fetched and rendered, again whenever the server
// pushes a change (Server-Sent Events from /api/events), and on a timer as the fallback.
import { cards } from './cards/index.js';
import { hasUsage } from './cards/empty-state.js';
import { showWatch } from './cards/footer.js';
import { applyChartDefaults } from './charts.js';
import { byId, setFigure } from './dom.js';
import { setDrillView } from './drill.js';
import { formatInstant, setView } from './format.js';
import { lang, setLang, t } from './i18n.js';
import { palette } from './theme.js';

const DEFAULT_REFRESH_SECONDS = 30;
// Focus often follows a timer refresh closely; don't scan twice in a row.
const FOCUS_MIN_GAP_MS = 2000;

// Each endpoint the cards read, with its query. A pushed update carries the summary, and
// health is the server's own, so an update refetches the rest: the details. An endpoint
// asked with several queries is named with a label, 'where:activity': /api/where.
const QUERIES = {};
const endpointOf = (name) => name.split(':')[0];
for (const card of cards) {
  for (const [endpoint, query] of Object.entries(card.fetches)) {
    if (endpoint in QUERIES && JSON.stringify(QUERIES[endpoint]) !== JSON.stringify(query)) {
      throw new Error(`card ${card.name} asks /api/${endpoint} with another query than an earlier card`);
    }
    QUERIES[endpoint] = query;
  }
}
const ENDPOINTS = Object.keys(QUERIES);
const DETAIL_ENDPOINTS = ENDPOINTS.filter((name) => name !== 'summary' && name !== 'health');
const readsDetails = (card) => Object.keys(card.fetches).some((name) => DETAIL_ENDPOINTS.includes(name));
const SUMMARY_CARDS = cards.filter((card) => !readsDetails(card));
const DETAIL_CARDS = cards.filter(readsDetails);

const state = {
  data: null, // the last complete set of responses; kept when a refresh fails
  refreshes: 0,
  timer: 0,
  inFlight: false,
  generation: 0, // bumped per refresh, so a superseded response is dropped
  lastAttemptAt: 0,
  lastOkAt: 0,
  fetchMs: 0,
  // The usage counted (?scope=, ?agent=); absent, the server's default: the budget's.
  filter: {
    scope: new URLSearchParams(location.search).get('scope') ?? '',
    agent: new URLSearchParams(location.search).get('agent') ?? '',
  },
  // The billing period shown, as any date in it (?period=YYYY-MM-DD); none: the current one.
  period: new URLSearchParams(location.search).get('period') ?? '',
  source: null, // the EventSource of live updates
  live: false,
  wasLive: false, // a hello after a lost stream means changes may have been missed
  seq: -1, // the last update applied, so a repeated one is ignored
  updates: 0,
  watch: null, // { mode, reason } from hello
  pendingUpdate: false, // an update arrived while the tab was hidden
};

/** Renders cards from the responses; without usage only those marked `always`, without a budget none marked `budgeted`. Returns whether there was usage. */
function renderCards(list, data) {
  setView(data.summary);
  const usage = hasUsage(data.summary);
  const p = palette();
  applyChartDefaults(p);
  const budget = data.summary.budgetConfigured;
  for (const card of list) if ((usage || card.always) && (budget || !card.budgeted)) card.render(data, { p, fetchMs: state.fetchMs });
  return usage;
}

function render(data) {
  if (renderCards(SUMMARY_CARDS, data)) renderCards(DETAIL_CARDS, data);
}

/** Draws everything again, e.g. in the colours of a theme just switched to. */
export function rerender() {
  if (state.data) render(state.data);
}

function viewParams(extra) {
  const params = new URLSearchParams(extra);
  for (const [name, value] of Object.entries(state.filter)) if (value) params.set(name, value);
  if (state.period) params.set('period', state.period);
  return params.toString();
}

async function getJson(name) {
  const query = name === 'health' ? '' : viewParams(QUERIES[name]);
  const url = `/api/${endpointOf(name)}${query ? `?${query}` : ''}`;
  let res;
  try {
    res = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    throw new Error(t('live.notAnswering'));
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(t(body?.error ? 'live.answeredError' : 'live.answered', { url, status: String(res.status), error: body?.error }));
  return body;
}

function pulse() {
  const dot = byId('pulse');
  dot.classList.remove('is-pulsing');
  void dot.offsetWidth; // restart the CSS animation
  dot.classList.add('is-pulsing');
}

function showError(error) {
  const since = state.lastOkAt ? t('live.since', { time: formatInstant(state.lastOkAt, { timeStyle: 'medium' }) }) : '';
  byId('error-text').textContent = t('live.error', { error: error.message, since, seconds: refreshSeconds() });
  byId('error-banner').hidden = false;
  byId('pulse').classList.add('is-stale');
}

function clearError() {
  byId('error-banner').hidden = true;
  byId('pulse').classList.remove('is-stale');
}

function refreshSeconds() {
  return state.data?.summary.refreshIntervalSeconds || DEFAULT_REFRESH_SECONDS;
}

/** The timer restarts after every refresh and every pushed update: it fires only after a quiet interval. */
function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(onTimer, refreshSeconds() * 1000);
}

function markApplied() {
  state.lastOkAt = Date.now();
  clearError();
  pulse();
}

/** Fetches everything and renders it; `force` starts over even while a refresh is under way. */
export async function refresh(force = false) {
  if (state.inFlight && !force) return;
  const generation = ++state.generation;
  state.inFlight = true;
  state.lastAttemptAt = Date.now();
  clearTimeout(state.timer);
  try {
    const started = performance.now();
    const responses = await Promise.all(ENDPOINTS.map(getJson));
    if (generation !== state.generation) return; // superseded, e.g. by a filter change
    state.fetchMs = performance.now() - started;
    state.data = Object.fromEntries(ENDPOINTS.map((name, i) => [name, responses[i]]));
    render(state.data);
    markApplied();
    state.refreshes += 1;
    document.body.dataset.refreshes = String(state.refreshes);
    document.body.dataset.loaded = 'true';
  } catch (error) {
    if (generation !== state.generation) return;
    showError(error);
    console.warn('Runway refresh failed:', error);
  } finally {
    if (generation === state.generation) {
      state.inFlight = false;
      schedule();
    }
  }
}

/** A refresh on focus, unless one was attempted a moment ago. */
export function refreshOnFocus() {
  if (Date.now() - state.lastAttemptAt > FOCUS_MIN_GAP_MS) refresh();
}

/**
 * A pushed update: its summary shows at once, then the other endpoints are fetched for the
 * charts and lists. It supersedes a refresh under way, whose answers may predate the change.
 */
async function applyUpdate(summary) {
  if (!state.data) return refresh(true);
  const generation = ++state.generation;
  state.inFlight = true;
  state.lastAttemptAt = Date.now();
  clearTimeout(state.timer);
  state.data = { ...state.data, summary };
  const usage = renderCards(SUMMARY_CARDS, state.data);
  markApplied();
  state.updates += 1;
  document.body.dataset.updates = String(state.updates);
  try {
    if (!usage) return;
    const responses = await Promise.all(DETAIL_ENDPOINTS.map(getJson));
    if (generation !== state.generation) return;
    state.data = { ...state.data, ...Object.fromEntries(DETAIL_ENDPOINTS.map((name, i) => [name, responses[i]])) };
    renderCards(DETAIL_CARDS, state.data);
  } catch (error) {
    if (generation !== state.generation) return;
    showError(error);
    console.warn('Runway update failed:', error);
  } finally {
    if (generation === state.generation) {
      state.inFlight = false;
      schedule();
    }
  }
}

/** Updates pushed while the tab was hidden are caught up with one refresh once it shows. */
export function catchUpWhenShown() {
  if (document.hidden || !state.pendingUpdate) return;
  state.pendingUpdate = false;
  refresh(true);
}

// A hidden tab need not make the server scan; focus catches it up.
function onTimer() {
  if (document.hidden) return schedule();
  // A stream the server refused (or a server restarted without one) is retried here.
  if (!state.source || state.source.readyState === EventSource.CLOSED) openStream();
  refresh();
}

function setLive(open) {
  state.live = open;
  document.body.dataset.live = open ? 'open' : 'closed';
  const dot = byId('pulse');
  dot.classList.toggle('is-offline', !open);
  dot.title = open
    ? state.watch?.mode === 'off' ? t('live.notWatching', { seconds: refreshSeconds() }) : t('live.live')
    : t('live.lost', { seconds: refreshSeconds() });
}

/** One stream per page, for the current filter; EventSource reconnects by itself after an error. */
function openStream() {
  state.source?.close();
  const query = viewParams();
  const source = new EventSource(`/api/events${query ? `?${query}` : ''}`);
  state.source = source;
  source.addEventListener('hello', (event) => {
    if (source !== state.source) return;
    const hello = JSON.parse(event.data);
    // Back after a loss, or a server with other history: what changed meanwhile was never pushed.
    const missed = state.wasLive || (state.seq >= 0 && hello.seq !== state.seq);
    state.seq = hello.seq;
    state.watch = hello.watch;
    state.wasLive = false;
    setLive(true);
    showWatch(hello.watch);
    if (missed) refresh(true);
  });
  source.addEventListener('update', (event) => {
    if (source !== state.source) return;
    const update = JSON.parse(event.data);
    if (update.seq <= state.seq) return;
    state.seq = update.seq;
    if (document.hidden) state.pendingUpdate = true;
    else applyUpdate(update.summary);
  });
  source.addEventListener('error', () => {
    if (source !== state.source) return;
    if (state.live) state.wasLive = true;
    setLive(false);
  });
}

/** Another scope or set of agents (`name` is scope or agent): its own stream and figures, and the URL says which. */
export function changeFilter(name, value) {
  state.filter[name] = value;
  const url = new URL(location.href);
  url.searchParams.set(name, value);
  history.replaceState(null, '', url);
  setFigure(name, value, value);
  state.seq = -1;
  state.wasLive = false;
  openStream();
  refresh(true);
}

/** Another language (en or de): every text at once, the choice stored and in the URL like the filters. */
export function changeLang(code) {
  setLang(code);
  const url = new URL(location.href);
  url.searchParams.set('lang', lang());
  history.replaceState(null, '', url);
  // The live dot says its state in words only once the stream has answered or failed.
  if (byId('pulse').title) setLive(state.live);
  rerender();
}

/** Starts the stream, the first refresh and the cards' clocks (ticking every second). */
export function startLive() {
  setInterval(() => {
    for (const card of cards) card.tick?.();
  }, 1000);
  document.body.dataset.updates = '0';
  document.body.dataset.live = 'closed';
  // The drill-through panel asks for the view the cards show.
  setDrillView(() => ({ ...state.filter, period: state.period }));
  openStream();
  refresh();
}
