// Runway dashboard: fills every figure from the local API and updates the charts in place,
// when the server pushes a change (Server-Sent Events) and on a timer as the fallback.
// Text from the API only ever goes in through textContent.

// Everything but the summary and health: what a pushed update refetches.
const DETAIL_ENDPOINTS = ['daily', 'models', 'projects', 'sessions', 'quota'];
const ENDPOINTS = ['summary', 'health', ...DETAIL_ENDPOINTS];
const ENDPOINT_QUERY = { projects: { limit: '10' }, sessions: { limit: '10' } };
const DEFAULT_REFRESH_SECONDS = 30;
// Focus often follows a timer refresh closely; don't scan twice in a row.
const FOCUS_MIN_GAP_MS = 2000;
const STATUS_TEXT = { green: 'On track', yellow: 'Tight', red: 'Over pace' };
const TONE_BY_STATUS = { green: 'good', yellow: 'warn', red: 'bad' };
const FAMILY_VARS = { opus: '--fam-opus', sonnet: '--fam-sonnet', haiku: '--fam-haiku' };
const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)');
const darkScheme = matchMedia('(prefers-color-scheme: dark)');

const state = {
  data: null, // the last complete set of responses; kept when a refresh fails
  charts: {},
  refreshes: 0,
  timer: 0,
  inFlight: false,
  generation: 0, // bumped per refresh, so a superseded response is dropped
  lastAttemptAt: 0,
  lastOkAt: 0,
  fetchMs: 0,
  scope: new URLSearchParams(location.search).get('scope') ?? '',
  source: null, // the EventSource of live updates
  live: false,
  wasLive: false, // a hello after a lost stream means changes may have been missed
  seq: -1, // the last update applied, so a repeated one is ignored
  updates: 0,
  watch: null, // { mode, reason } from hello or /api/health
  clockSkew: 0, // server clock − browser clock: quota times are the server's
  activeBlock: null, // the estimated 5-hour block now under way, for its countdown
  pendingUpdate: false, // an update arrived while the tab was hidden
};

// Formatting context from the latest summary: unit, currency and time zone.
const view = { unit: 'usd', symbol: '$', secondary: null, timezone: undefined };

// ---------- formatting ----------

function thousands(digits) {
  return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Money: 2 decimals under 1,000, whole units from there, thousands separators. */
function money(value, symbol = view.symbol) {
  const abs = Math.abs(value);
  const [whole, cents] = abs.toFixed(abs < 1000 ? 2 : 0).split('.');
  const sign = value < 0 && Number(`${whole}.${cents ?? 0}`) !== 0 ? '-' : '';
  return `${sign}${symbol}${thousands(whole)}${cents ? `.${cents}` : ''}`;
}

/** Token counts: 950, 12.3k, 4.5M, 1.23B. */
function compact(value) {
  const abs = Math.abs(value);
  if (abs < 1000) return thousands(Math.round(value));
  if (abs < 1e6) return `${(value / 1e3).toFixed(1)}k`;
  if (abs < 1e9) return `${(value / 1e6).toFixed(1)}M`;
  return `${(value / 1e9).toFixed(2)}B`;
}

/** A budget amount in the budget's unit. */
function amount(value) {
  return view.unit === 'tokens' ? `${compact(value)} tokens` : money(value);
}

/** Axis ticks: short, unit-aware. */
function axisAmount(value) {
  if (view.unit === 'tokens') return compact(value);
  return Math.abs(value) >= 1000 ? `${view.symbol}${compact(value)}` : `${view.symbol}${thousands(Math.round(value))}`;
}

/** The amount in the secondary currency, or '' when there is none (or the unit is tokens). */
function secondaryText(value) {
  const sec = view.secondary;
  if (!sec || view.unit === 'tokens') return '';
  return `≈ ${money(value * sec.rate, sec.symbol)} ${sec.code}`;
}

function percent(fraction) {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A dollar cost that never shows unpriced usage as $0. */
function costText(cost, unpricedResponses) {
  if (!unpricedResponses) return money(cost);
  return cost > 0 ? `${money(cost)}+?` : 'unpriced';
}

function plural(count, word) {
  return `${thousands(count)} ${word}${count === 1 ? '' : 's'}`;
}

// Calendar dates are zone-free 'YYYY-MM-DD': format them at UTC so they never shift.
const dayShort = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayWeekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayYear = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

function calendarDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function formatDay(iso, formatter = dayShort) {
  return formatter.format(calendarDay(iso));
}

/** An instant in the configured zone; the browser's zone if that name is unknown here. */
function formatInstant(ms, options = { dateStyle: 'medium', timeStyle: 'medium' }) {
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: view.timezone }).format(ms);
  } catch {
    return new Intl.DateTimeFormat('en-US', options).format(ms);
  }
}

function ago(ms, now = Date.now()) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

function duration(ms) {
  const min = Math.round(ms / 60000);
  if (min < 1) return '<1 min';
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

/** A countdown or a margin: '45 s', '4 min 05 s' (close to zero), '1 h 40 min', '3 d 4 h', '3 d'. */
function span(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  if (s < 600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  if (min < 1440) return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
  const h = Math.round(min / 60);
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** A time of day, with the weekday and date when it is further than a day off (the 7-day window). */
function clockTime(ms, withDate = false) {
  const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return formatInstant(ms, withDate ? { weekday: 'short', month: 'short', day: 'numeric', ...time } : time);
}

/** 'claude-opus-4-5-20251101' → 'opus-4-5': the date suffix adds nothing in a narrow cell. */
function shortModel(model) {
  return model.replace(/^claude-/, '').replace(/-\d{8}$/, '');
}

function lastPathPart(path) {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

// ---------- DOM helpers ----------

const byId = (id) => document.getElementById(id);
const fig = (testid) => document.querySelector(`[data-testid="${testid}"]`);

/** Sets an element's text and, when given, its raw API value for tests. */
function setValue(el, text, raw) {
  el.textContent = text;
  if (raw !== undefined) el.dataset.value = raw === null ? '' : String(raw);
  return el;
}

function setFigure(testid, text, raw) {
  return setValue(fig(testid), text, raw);
}

/** A budget amount plus its secondary-currency line (altValue: what the text shows, e.g. "over by"). */
function setAmount(testid, value, text = amount(value), altValue = value) {
  const el = setFigure(testid, text, value);
  // "12.3M tokens": the unit word is set smaller so big figures stay on one line.
  if (text.endsWith(' tokens')) el.replaceChildren(text.slice(0, -7), element('span', 'unit', ' tokens'));
  const alt = document.querySelector(`[data-alt-for="${testid}"]`);
  if (!alt) return;
  alt.textContent = secondaryText(altValue);
  alt.hidden = !alt.textContent;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function cell(text, className) {
  return element('td', className, text);
}

/** Replaces a table body with rows, or one muted row when there are none. */
function fillTable(table, rows, emptyText) {
  if (rows.length) {
    table.tBodies[0].replaceChildren(...rows);
    return;
  }
  const td = cell(emptyText, 'empty-row');
  td.colSpan = table.tHead.rows[0].cells.length;
  const tr = element('tr');
  tr.append(td);
  table.tBodies[0].replaceChildren(tr);
}

/** A share bar and its percentage; the width is set from JS (CSP forbids style attributes in HTML). */
function shareCell(share, colour) {
  const track = element('span', 'share-bar');
  const fill = element('span', 'share-fill');
  fill.style.width = `${Math.min(100, Math.max(0, share * 100))}%`;
  fill.style.background = colour;
  track.append(fill);
  const box = element('div', 'share');
  box.append(track, element('span', 'share-text', percent(share)));
  const td = cell('', 'share-col');
  td.append(box);
  return td;
}

/** A name that truncates with an ellipsis, optionally after a colour dot; the full text is its title. */
function nameCell(text, title, colour) {
  const box = element('div', 'name');
  if (colour) {
    const dot = element('span', 'dot');
    dot.style.background = colour;
    box.append(dot);
  }
  box.append(element('span', 'truncate', text));
  const td = cell('', 'name-col');
  td.title = title;
  td.append(box);
  return td;
}

function setTone(el, tone) {
  el.classList.remove('tone-good', 'tone-warn', 'tone-bad');
  if (tone) el.classList.add(`tone-${tone}`);
}

// ---------- theme ----------

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Chart colours come from CSS variables so both themes share one source. */
function palette() {
  const names = ['text', 'muted', 'grid', 'track', 'good', 'warn', 'bad', 'accent', 'bar', 'bar-dim', 'bar-over',
    'bar-today', 'bar-today-border', 'line', 'band', 'surface', 'font', 'fam-other'];
  return Object.fromEntries(names.map((n) => [n.replace(/-(\w)/g, (_, c) => c.toUpperCase()), cssVar(`--${n}`)]));
}

/** Today's donut: green above 0.66, yellow 0.33–0.66, red below. */
function runwayTone(fraction) {
  if (fraction > 0.66) return 'good';
  return fraction >= 0.33 ? 'warn' : 'bad';
}

// ---------- charts ----------

const hasCharts = () => typeof globalThis.Chart === 'function';

/**
 * Draws a chart: created with its first data (so bars grow from their own places), then
 * updated in place. `apply` works on a config or a live chart alike: both have data and options.
 */
function drawChart(canvasId, buildConfig, apply) {
  if (!hasCharts()) return;
  const chart = state.charts[canvasId];
  const target = chart ?? buildConfig();
  apply(target);
  target.options.animation = animation();
  if (chart) chart.update();
  else state.charts[canvasId] = new Chart(byId(canvasId), target);
}

function applyChartDefaults(p) {
  if (!hasCharts()) return;
  Chart.defaults.color = p.muted;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.font.family = p.font;
}

function animation() {
  return reduceMotion.matches ? false : { duration: 450 };
}

function gaugeConfig() {
  return {
    type: 'doughnut',
    data: { labels: ['value', 'rest'], datasets: [{ data: [0, 1], borderWidth: 0, spacing: 0 }] },
    options: {
      cutout: '80%',
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    },
  };
}

function drawGauge(canvasId, fraction, colour, p) {
  const f = Math.min(1, Math.max(0, fraction));
  drawChart(canvasId, gaugeConfig, (chart) => {
    const dataset = chart.data.datasets[0];
    dataset.data = [f, 1 - f];
    dataset.backgroundColor = [colour, p.track];
  });
}

/** Shades weekends and holidays behind the bars so they read as such even with no spend. */
const nonWorkdayBands = {
  id: 'nonWorkdayBands',
  beforeDatasetsDraw(chart, _args, options) {
    const flags = options.nonWorkdays ?? [];
    const { ctx, chartArea, scales } = chart;
    if (!flags.length || !chartArea) return;
    const slot = chartArea.width / flags.length;
    ctx.save();
    ctx.fillStyle = options.colour;
    flags.forEach((nonWorkday, i) => {
      if (nonWorkday) ctx.fillRect(scales.x.getPixelForValue(i) - slot / 2, chartArea.top, slot, chartArea.height);
    });
    ctx.restore();
  },
};

/** A budget point with no workday beside it draws no segment, so it is drawn as a short dash. */
function isolatedDash(ctx) {
  const data = ctx.dataset.data;
  const i = ctx.dataIndex;
  if (data[i] == null || data[i - 1] != null || data[i + 1] != null) return 0;
  const area = ctx.chart.chartArea;
  return area ? (area.width / data.length) * 0.45 : 0;
}

function dayTitle(day) {
  const notes = [day.isToday && 'today', day.holiday && 'holiday', !day.workday && !day.holiday && 'weekend',
    day.isFuture && 'upcoming'].filter(Boolean);
  return [formatDay(day.date, dayWeekday), ...notes].join(' · ');
}

function dayDetails(day) {
  if (day.isFuture) return [];
  const lines = [
    `Input ${thousands(day.inputTokens)}`,
    `Output ${thousands(day.outputTokens)}`,
    `Cache write ${thousands(day.cacheWriteTokens)}`,
    `Cache read ${thousands(day.cacheReadTokens)}`,
    `Total ${thousands(day.tokens)} tokens`,
    `${plural(day.responses, 'response')}`,
  ];
  if (view.unit === 'tokens') lines.push(`Cost ${costText(day.cost, day.unpricedResponses)}`);
  return lines;
}

function dailyConfig() {
  const days = () => state.data.daily.days;
  return {
    data: {
      labels: [],
      datasets: [
        { type: 'bar', label: 'Spend', data: [], borderRadius: 4, borderSkipped: 'bottom', maxBarThickness: 30, order: 2 },
        {
          type: 'line', label: 'Daily budget', data: [], borderWidth: 1.5, borderDash: [6, 4], stepped: 'middle',
          spanGaps: false, pointStyle: 'line', pointRadius: isolatedDash, pointBorderWidth: 1.5,
          pointHoverRadius: 0, pointHitRadius: 0, order: 1,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      // The budget dashes fit their day's slot; auto padding would shift the axis once they appear.
      layout: { autoPadding: false, padding: { top: 4 } },
      scales: {
        x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 6 } },
        y: { beginAtZero: true, border: { display: false }, grid: {}, ticks: { maxTicksLimit: 6, callback: axisAmount } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => item.raw != null,
          callbacks: {
            title: (items) => dayTitle(days()[items[0].dataIndex]),
            label: (item) => {
              const day = days()[item.dataIndex];
              if (item.datasetIndex === 1) return `Daily budget ${amount(item.raw)}`;
              const suffix = view.unit === 'usd' && day.unpricedResponses ? '+?' : '';
              return `Spend ${amount(day.spend)}${suffix}`;
            },
            afterBody: (items) => dayDetails(days()[items[0].dataIndex]),
          },
        },
      },
    },
    plugins: [nonWorkdayBands],
  };
}

function barColour(day, p) {
  if (day.isToday) return p.barToday;
  if (!day.workday) return p.barDim;
  return day.dailyBudgetLine != null && day.spend > day.dailyBudgetLine ? p.barOver : p.bar;
}

function drawDailyChart(days, budgetConfigured, p) {
  drawChart('chart-daily', dailyConfig, (chart) => {
    const [bars, line] = chart.data.datasets;
    chart.data.labels = days.map((d) => String(Number(d.date.slice(8))));
    bars.data = days.map((d) => (d.isFuture ? null : d.spend));
    bars.backgroundColor = days.map((d) => barColour(d, p));
    bars.borderColor = days.map((d) => (d.isToday ? p.barTodayBorder : 'transparent'));
    bars.borderWidth = days.map((d) => (d.isToday ? 2 : 0));
    line.data = budgetConfigured ? days.map((d) => d.dailyBudgetLine) : [];
    line.borderColor = p.line;
    line.pointBorderColor = p.line;
    const { x, y } = chart.options.scales;
    x.ticks.color = days.map((d) => (d.isToday ? p.text : p.muted));
    y.ticks.color = p.muted;
    y.grid.color = p.grid;
    chart.options.plugins.nonWorkdayBands = { nonWorkdays: days.map((d) => !d.workday), colour: p.band };
  });
}

function familyColour(family, p, index) {
  const name = FAMILY_VARS[family];
  if (name) return cssVar(name);
  const extras = [cssVar('--fam-4'), cssVar('--fam-5'), p.famOther];
  return extras[index % extras.length];
}

function modelsConfig() {
  return {
    type: 'doughnut',
    data: { labels: [], datasets: [{ data: [], borderWidth: 2 }] },
    options: {
      cutout: '62%',
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: { label: (item) => ` ${money(item.raw)} · ${percent(state.data.models.families[item.dataIndex].share)}` },
        },
      },
    },
  };
}

/** Cost per family; an empty period shows a plain track ring. */
function drawModelsChart(families, colours, p) {
  const empty = families.every((f) => !f.cost);
  drawChart('chart-models', modelsConfig, (chart) => {
    const dataset = chart.data.datasets[0];
    chart.data.labels = empty ? [''] : families.map((f) => f.family);
    dataset.data = empty ? [1] : families.map((f) => f.cost);
    dataset.backgroundColor = empty ? [p.track] : colours;
    dataset.borderColor = p.surface;
    chart.options.plugins.tooltip.enabled = !empty;
  });
}

// ---------- quota ----------

const QUOTA_WINDOWS = { five_hour: '5-hour window', seven_day: '7-day window' };
const LEVEL_TONE = { ok: 'good', warn: 'warn', alarm: 'bad' };
const quotaEls = new Map(); // window → its elements, built once so updates change them in place

/** The server's clock: quota times are the server's, whatever this browser's clock says. */
function serverNow() {
  return Date.now() + state.clockSkew;
}

function quotaPercent(value) {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** One window's bar and facts, appended in a fixed order and hidden until it has a reading. */
function buildQuotaWindow(key) {
  const root = element('article', 'quota-window');
  root.hidden = true;
  const used = element('span', 'quota-used');
  used.dataset.testid = `quota-used-${key}`;
  const top = element('div', 'quota-top');
  top.append(element('h3', 'quota-name', QUOTA_WINDOWS[key]), used);
  const bar = element('div', 'quota-bar');
  bar.dataset.testid = `quota-bar-${key}`;
  bar.setAttribute('role', 'img');
  const fill = element('div', 'quota-fill');
  const warnTick = element('span', 'quota-tick tick-warn');
  const alarmTick = element('span', 'quota-tick tick-alarm');
  bar.append(fill, warnTick, alarmTick);
  const reset = element('p', 'quota-reset');
  reset.dataset.testid = `quota-reset-${key}`;
  const facts = element('ul', 'quota-facts');
  const fact = (name) => {
    const li = element('li');
    li.dataset.testid = `quota-${name}-${key}`;
    facts.append(li);
    return li;
  };
  const els = { root, used, bar, fill, warnTick, alarmTick, reset, facts, burn: fact('burn'), exhausts: fact('exhausts'), reserve: fact('reserve'), data: null };
  root.append(top, bar, reset, facts);
  byId('quota-windows').append(root);
  quotaEls.set(key, els);
  return els;
}

function renderQuota(quota) {
  state.clockSkew = quota.generatedAt - Date.now();
  const readings = quota.windows.length > 0;
  fig('quota').dataset.mode = readings ? 'readings' : 'estimated';
  byId('quota-windows').hidden = !readings;
  byId('quota-legend').hidden = !readings;
  fig('quota-estimated').hidden = readings;
  setFigure('quota-warn', `warn ${quota.thresholds.warn}%`, quota.thresholds.warn);
  setFigure('quota-alarm', `alarm ${quota.thresholds.alarm}%`, quota.thresholds.alarm);
  for (const key of Object.keys(QUOTA_WINDOWS)) {
    const els = quotaEls.get(key) ?? buildQuotaWindow(key);
    const w = quota.windows.find((x) => x.window === key);
    els.data = w ?? null;
    els.root.hidden = !w;
    if (w) renderQuotaWindow(els, w, quota.thresholds);
  }
  renderBlocks(quota);
  renderQuotaClock();
}

function renderQuotaWindow(els, w, thresholds) {
  const weekly = w.rateUnit === 'day';
  setValue(els.used, '', w.usedPercentage).replaceChildren(element('strong', '', quotaPercent(w.usedPercentage)), ' used');
  setTone(els.used, w.expired ? null : LEVEL_TONE[w.level]);
  els.bar.classList.remove('level-ok', 'level-warn', 'level-alarm');
  els.bar.classList.add(`level-${w.level}`);
  els.bar.dataset.value = w.level;
  els.bar.setAttribute('aria-label', `${QUOTA_WINDOWS[w.window]}: ${quotaPercent(w.usedPercentage)} used`);
  els.fill.style.width = `${Math.min(100, Math.max(0, w.usedPercentage))}%`;
  els.warnTick.style.left = `${thresholds.warn}%`;
  els.warnTick.title = `warn at ${thresholds.warn}%`;
  els.alarmTick.style.left = `${thresholds.alarm}%`;
  els.alarmTick.title = `alarm at ${thresholds.alarm}%`;

  setValue(els.burn, w.burnRate === null ? 'burn —' : `burn ${w.burnRate.toFixed(1)} %/${weekly ? 'day' : 'h'}`, w.burnRate);
  els.burn.title = w.burnRate === null ? 'No burn rate: nothing used yet in this window, or no reset time known'
    : 'Used so far ÷ time since the window opened';

  els.exhausts.hidden = w.exhaustsAt === null;
  if (w.exhaustsAt !== null) {
    const before = w.resetsAt === null || w.exhaustsAt < w.resetsAt;
    const text = w.usedPercentage >= 100 ? 'limit reached'
      : `${before ? 'runs out' : 'would run out'} at ${clockTime(w.exhaustsAt, weekly || w.exhaustsAt - w.observedAt > 86_400_000)}`;
    setValue(els.exhausts, text, w.exhaustsAt);
    setTone(els.exhausts, before ? 'bad' : null);
  }

  els.reserve.hidden = w.reserveMs === null;
  if (w.reserveMs !== null) {
    const safe = w.reserveMs >= 0;
    setValue(els.reserve, `reserve ${safe ? '+' : '−'}${span(w.reserveMs)}`, w.reserveMs);
    setTone(els.reserve, safe ? 'good' : 'bad');
    els.reserve.title = safe ? `At this pace the limit would be hit ${span(w.reserveMs)} after the reset`
      : `At this pace the limit is hit ${span(w.reserveMs)} before the reset`;
  }
}

/** Ticks every second: the countdowns, and a window that has reset since its reading turns grey. */
function renderQuotaClock() {
  const now = serverNow();
  let newest = null;
  for (const els of quotaEls.values()) {
    const w = els.data;
    if (!w) continue;
    newest = Math.max(newest ?? 0, w.observedAt);
    const expired = w.expired || (w.resetsAt !== null && w.resetsAt <= now);
    els.bar.classList.toggle('is-expired', expired);
    els.facts.hidden = expired;
    if (expired) setTone(els.used, null);
    let text = 'reset time unknown';
    if (expired) text = `reset since the last reading at ${clockTime(w.observedAt, w.rateUnit === 'day')}`;
    else if (w.resetsAt !== null) text = `resets in ${span(w.resetsAt - now)} · ${clockTime(w.resetsAt, w.rateUnit === 'day')}`;
    // The raw value is the live countdown: ms to the reset on the server's clock.
    setValue(els.reset, text, expired || w.resetsAt === null ? null : w.resetsAt - now);
  }
  const source = fig('quota-source');
  source.hidden = newest === null;
  if (newest !== null) {
    source.textContent = `reading from ${ago(newest, now)} via the Claude Code status line`;
    source.title = formatInstant(newest);
  }
  renderBlockClock(now);
}

function blockAmount(value, unpricedResponses, unit) {
  if (unit === 'tokens') return `${compact(value)} tokens`;
  if (!unpricedResponses) return money(value);
  return value > 0 ? `${money(value)}+?` : '+?';
}

function blockRange(b) {
  return `${formatInstant(b.start, { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}–${clockTime(b.end)}`;
}

/** Without readings: the 5-hour blocks of the last day, the active one with its projection. */
function renderBlocks(quota) {
  const active = quota.blocks.find((b) => b.active) ?? null;
  state.activeBlock = active;
  const unit = quota.unit;
  byId('block-now').hidden = !active;
  byId('block-idle').hidden = Boolean(active);
  if (active) {
    const unpricedTitle = active.unpricedResponses ? `${plural(active.unpricedResponses, 'response')} without a price are not included` : '';
    setFigure('block-range', `${clockTime(active.start)}–${clockTime(active.end)}`, active.start);
    setFigure('block-cost', blockAmount(active.cost, active.unpricedResponses, unit), active.cost).title = unpricedTitle;
    const projection = active.projection;
    setFigure('block-projection', projection ? blockAmount(projection.cost, active.unpricedResponses, unit) : '—', projection?.cost ?? null)
      .title = unpricedTitle;
    setFigure('block-projection-sub', `by ${clockTime(active.end)} at this pace`);
    const rate = projection ? `${unit === 'tokens' ? `${compact(projection.costPerHour)} tokens` : money(projection.costPerHour)}/h` : '—';
    setFigure('block-rate', rate, projection?.costPerHour ?? null);
    setFigure('block-responses', `${plural(active.responses, 'response')} · ${compact(active.tokens)} tokens`);
  }
  const peak = Math.max(0, ...quota.blocks.map((b) => Math.max(b.cost, b.projection?.cost ?? 0)));
  const rows = [...quota.blocks].reverse().map((b) => {
    const li = element('li', b.active ? 'is-active' : '');
    const when = element('span', 'block-when', blockRange(b));
    when.title = `first activity ${formatInstant(b.firstTs)}, last ${formatInstant(b.lastTs)}`;
    const track = element('span', 'block-track');
    const scale = (v) => `${peak > 0 ? Math.min(100, (v / peak) * 100) : 0}%`;
    if (b.projection) {
      const projected = element('span', 'block-projected');
      projected.style.width = scale(b.projection.cost);
      track.append(projected);
      track.title = `${blockAmount(b.projection.cost, b.unpricedResponses, unit)} by ${clockTime(b.end)} at this pace`;
    }
    const fill = element('span', 'block-fill');
    fill.style.width = scale(b.cost);
    track.append(fill);
    const cost = element('span', 'block-cost', blockAmount(b.cost, b.unpricedResponses, unit));
    setTone(cost, b.unpricedResponses && unit !== 'tokens' ? 'warn' : null);
    li.append(when, track, cost, element('span', 'block-responses', b.active ? 'now' : plural(b.responses, 'response')));
    return li;
  });
  const list = fig('blocks');
  list.replaceChildren(...rows);
  list.hidden = rows.length === 0;
}

function renderBlockClock(now) {
  const active = state.activeBlock;
  if (!active || fig('quota-estimated').hidden) return;
  setFigure('block-time-left', active.end > now ? span(active.end - now) : 'ended', active.end - now);
}

// ---------- sections ----------

function renderHeader(s, health) {
  setFigure('period', `${formatDay(s.period.start)} – ${formatDay(s.period.lastDay, dayYear)} · resets on day ${s.period.resetDay}`);
  setFigure('scope', s.scope, s.scope);
  byId('scope-select').value = s.scope;
  fig('demo-badge').hidden = !s.demo;
  setWarning('scan-error', s.freshness.scanError && `The last log scan failed: ${s.freshness.scanError}`);
  setWarning('config-error', s.configError && `The config file has a problem: ${s.configError}`);
  byId('freshness-box').title = `Fetched in ${Math.round(state.fetchMs)} ms${health.scanning ? ' · scanning logs…' : ''}`;
  renderFreshness();
}

/** A warning banner, shown only when there is something to say. */
function setWarning(testid, text) {
  const el = setFigure(testid, text || '');
  el.hidden = !text;
}

/** Ticks every second: how old the data is, and when Claude Code last answered. */
function renderFreshness() {
  if (!state.data) return;
  const { freshness, generatedAt } = state.data.summary;
  const updatedAt = freshness.lastScanAt ?? generatedAt;
  const el = setFigure('freshness', `updated ${ago(updatedAt)}`, updatedAt);
  el.title = formatInstant(updatedAt);
  const latest = freshness.latestResponseAt;
  const latestEl = setFigure('latest-response', latest ? `last response ${ago(latest)}` : 'no responses yet', latest);
  latestEl.title = latest ? `Latest Claude response: ${formatInstant(latest)}` : '';
}

function renderEmptyState(s) {
  const items = s.data.roots.map((root) => {
    const li = element('li');
    li.append(element('code', '', root.path), element('span', `badge ${root.exists ? 'badge-ok' : 'badge-missing'}`,
      root.exists ? 'found, no usage' : 'not found'));
    return li;
  });
  byId('roots').replaceChildren(...items);
}

/** Without a budget the pacing figures are meaningless (computed against 0), so they are hidden. */
function renderBudgetMode(configured) {
  document.querySelectorAll('[data-pacing]').forEach((el) => { el.hidden = !configured; });
  fig('no-budget').hidden = configured;
}

function overOr(value) {
  return value < 0 ? `over by ${amount(-value)}` : amount(value);
}

function renderToday(s, p) {
  // Once over, the ring is empty whatever the ratio of two negatives says.
  const fraction = s.todaysRunway > 0 ? s.todaysRunwayFraction : 0;
  const tone = s.todaysRunway < 0 ? 'bad' : runwayTone(fraction);
  setAmount('todays-runway', s.todaysRunway, overOr(s.todaysRunway), Math.abs(s.todaysRunway));
  const figure = fig('todays-runway');
  setTone(figure, tone);
  figure.classList.toggle('is-long', figure.textContent.length > 10);
  setFigure('todays-runway-caption', s.dailyBudget > 0 ? `of ${amount(s.dailyBudget)} today` : 'no daily budget left');
  setFigure('spent-today', amount(s.spentToday), s.spentToday);
  fig('not-workday').hidden = s.todayIsWorkday;
  drawGauge('chart-today', fraction, p[tone], p);
}

function renderPeriodRemaining(s, p) {
  const over = s.remaining < 0;
  const tone = over ? 'bad' : TONE_BY_STATUS[s.status];
  setAmount('remaining', s.remaining, overOr(s.remaining), Math.abs(s.remaining));
  const figure = fig('remaining');
  setTone(figure, over ? 'bad' : null);
  figure.classList.toggle('is-long', figure.textContent.length > 10);
  setFigure('remaining-caption', over ? `budget ${amount(s.budget)}` : `left of ${amount(s.budget)}`);
  setFigure('workdays-remaining', String(s.workdaysRemaining), s.workdaysRemaining);
  setFigure('workdays-remaining-label', s.workdaysRemaining === 1 ? 'workday left' : 'workdays left');
  setFigure('day-of-period', `day ${s.period.dayIndex + 1} of ${s.period.days}`);
  drawGauge('chart-period', s.consumedFraction, p[tone], p);
}

function renderSpent(s) {
  setAmount('spent-to-date', s.spentToDate);
  if (view.unit === 'usd' && s.totals.unpricedResponses > 0) {
    const mark = element('span', 'unpriced-mark', '+?');
    mark.title = `${plural(s.totals.unpricedResponses, 'response')} without a price are not included`;
    fig('spent-to-date').append(mark);
  }
  setAmount('budget', s.budget);
  const status = setFigure('status', STATUS_TEXT[s.status] ?? s.status, s.status);
  setTone(status, TONE_BY_STATUS[s.status]);
  status.title = 'From the projected surplus at period end';
  renderPace(s);
  renderCalibration(s.calibration);
  setFigure('period-totals', [
    `${thousands(s.totals.responses)} responses`,
    `${compact(s.totals.tokens)} tokens`,
    view.unit === 'tokens' ? `${costText(s.totals.cost, s.totals.unpricedResponses)} at list prices` : null,
  ].filter(Boolean).join(' · '));
}

function renderPace(s) {
  const consumed = s.consumedFraction;
  const pace = byId('pace');
  byId('pace-fill').style.width = `${Math.min(1, Math.max(0, consumed)) * 100}%`;
  pace.classList.toggle('is-over', consumed > 1);
  pace.classList.toggle('is-ahead', consumed <= 1 && consumed > s.expectedFraction);
  const marker = byId('pace-marker');
  marker.style.left = `${Math.min(1, Math.max(0, s.expectedFraction)) * 100}%`;
  // Keep the marker's label inside the bar near either end.
  marker.classList.toggle('label-left', s.expectedFraction > 0.8);
  marker.classList.toggle('label-right', s.expectedFraction < 0.2);
  const gap = (consumed - s.expectedFraction) * 100;
  const verdict = Math.abs(gap) < 0.05 ? 'right on pace'
    : gap > 0 ? `${gap.toFixed(1)} pts ahead of pace` : `${(-gap).toFixed(1)} pts under pace`;
  setFigure('pace-legend', `${percent(consumed)} spent · ${percent(s.expectedFraction)} expected by now · ${verdict}`,
    consumed);
  pace.setAttribute('aria-label', `${percent(consumed)} of the budget spent; ${percent(s.expectedFraction)} expected by now`);
}

function renderCalibration(calibration) {
  const el = fig('calibration-note');
  el.classList.toggle('is-error', Boolean(calibration.error));
  if (calibration.error) {
    el.textContent = `Calibration file unusable: ${calibration.error}`;
  } else if (calibration.note) {
    el.textContent = `Calibration: ${calibration.note} (${plural(calibration.entries, 'invoice')}).`;
  } else {
    el.textContent = `No calibration yet: add invoice totals to ${calibration.file ?? 'calibration.json'} to see how local estimates drift.`;
  }
  el.title = calibration.file ?? '';
}

function renderStats(s) {
  // A negative daily budget means the period's budget is gone: show 0, not a negative allowance.
  const dailyLeft = Math.max(0, s.dailyBudget);
  setAmount('daily-budget', s.dailyBudget, amount(dailyLeft), dailyLeft);
  setTone(fig('daily-budget'), dailyLeft > 0 ? null : 'bad');
  setFigure('daily-budget-sub', dailyLeft > 0
    ? `per workday for the ${plural(s.workdaysRemaining, 'workday')} left` : "the period's budget is spent");
  setAmount('avg-workday-spend', s.avgWorkdaySpend);
  setFigure('avg-workday-sub', `over ${plural(s.workdaysElapsed, 'workday')} so far`);
  setAmount('burn-rate', s.burn.ratePerDay);
  setFigure('burn-avg', `avg ${amount(s.burn.avgPerDay)}/day this period`);
  renderRunway(s.burn, s.remaining);
  setFigure('sessions', thousands(s.sessions), s.sessions);
  setAmount('projected-spend', s.projectedSpend);
  setFigure('projected-spend-sub', `by ${formatDay(s.period.lastDay)} at your workday average`);
  renderSurplus(s);
}

function runwayText(burn, remaining) {
  if (remaining <= 0) return { days: '0 days', date: 'budget used up', tone: 'bad' };
  if (burn.runwayDays == null) return { days: '∞', date: 'no spend in the last 24 h', tone: null };
  const days = `${burn.runwayDays.toFixed(1)} days`;
  if (burn.lastsPeriod) return { days, date: '✓ lasts the period', tone: 'good' };
  return { days, date: burn.runwayDate ? `until ${formatDay(burn.runwayDate)}` : '', tone: null };
}

function renderRunway(burn, remaining) {
  const text = runwayText(burn, remaining);
  const days = setFigure('runway-days', text.days, burn.runwayDays);
  days.title = burn.runwayEndsAtMs ? `At this rate the budget ends ${formatInstant(burn.runwayEndsAtMs)}` : '';
  setTone(setFigure('runway-date', text.date, burn.runwayDate), text.tone);
}

function renderSurplus(s) {
  const tone = TONE_BY_STATUS[s.status];
  setAmount('projected-surplus', s.projectedSurplus);
  setTone(fig('projected-surplus'), tone);
  const dry = s.status === 'red' && s.dryDate ? ` · runs dry ${formatDay(s.dryDate, dayWeekday)}` : '';
  const lead = s.projectedSurplus < 0 ? 'short at period end' : 'to spare at period end';
  const sub = setFigure('projected-surplus-sub', lead + dry, s.dryDate);
  setTone(sub, s.status === 'red' ? 'bad' : null);
}

function renderUnpriced(unpriced) {
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

function renderModels(models, p) {
  const colours = models.families.map((f, i) => familyColour(f.family, p, i));
  drawModelsChart(models.families, colours, p);
  // Families carry no unpriced count of their own: sum their models'.
  const unpricedByFamily = new Map();
  for (const m of models.models) unpricedByFamily.set(m.family, (unpricedByFamily.get(m.family) ?? 0) + m.unpricedResponses);
  const unpricedTotal = models.models.reduce((sum, m) => sum + m.unpricedResponses, 0);
  const total = models.families.reduce((sum, f) => sum + f.cost, 0);
  setFigure('models-total', `${costText(total, unpricedTotal)} this period`, total);

  fig('families').replaceChildren(...models.families.map((f, i) => {
    const li = element('li');
    const dot = element('span', 'dot');
    dot.style.background = colours[i];
    const name = element('span', 'family-name truncate', f.family);
    name.title = f.family;
    const unpriced = unpricedByFamily.get(f.family);
    const cost = element('span', 'family-cost', costText(f.cost, unpriced));
    setTone(cost, unpriced ? 'warn' : null);
    li.append(dot, name, cost, element('span', 'family-share', percent(f.share)));
    return li;
  }));

  const colourOf = new Map(models.families.map((f, i) => [f.family, colours[i]]));
  fillTable(fig('models'), models.models.map((m) => {
    const tr = element('tr');
    const name = nameCell(m.model, `${m.model} · ${plural(m.responses, 'response')}`, colourOf.get(m.family) ?? p.famOther);
    const cost = cell(costText(m.cost, m.unpricedResponses), 'num');
    setTone(cost, m.unpricedResponses ? 'warn' : null);
    tr.append(name, cost, cell(percent(m.share), 'num'), cell(compact(m.tokens), 'num hide-sm'));
    return tr;
  }), 'No usage this period yet.');
}

function renderProjects(projects, p) {
  fillTable(fig('projects'), projects.map((proj) => {
    const tr = element('tr');
    tr.append(nameCell(proj.name || lastPathPart(proj.project), proj.project), shareCell(proj.share, p.accent),
      cell(costText(proj.cost, proj.unpricedResponses), 'num'), cell(compact(proj.tokens), 'num hide-sm'));
    return tr;
  }), 'No projects this period yet.');
}

function renderSessions(sessions) {
  fillTable(fig('recent-sessions'), sessions.map((sess) => {
    const tr = element('tr');
    const when = cell(ago(sess.lastAt), 'nowrap');
    when.title = formatInstant(sess.lastAt);
    const project = nameCell(lastPathPart(sess.project), `${sess.project}\nsession ${sess.sessionId}`);
    const models = cell(sess.models.map(shortModel).join(', '), 'hide-sm muted nowrap');
    tr.append(when, project, models, cell(duration(sess.lastAt - sess.firstAt), 'num hide-sm'),
      cell(thousands(sess.responses), 'num hide-sm'), cell(costText(sess.cost, sess.unpricedResponses), 'num'));
    return tr;
  }), 'No sessions yet.');
}

function renderFooter(s, health) {
  setFigure('price-source', s.priceSource);
  setFigure('cost-mode', s.costMode, s.costMode);
  setFigure('timezone', s.timezone, s.timezone);
  setFigure('version', `Runway ${health.version}`);
  renderWatch();
}

/** What keeps the figures current: file events, polling, or nothing (the page's timer only). */
function renderWatch() {
  const watch = state.watch ?? state.data?.health.watch;
  const el = fig('watch');
  el.hidden = !watch;
  if (!watch) return;
  const folders = state.data?.summary.data.roots.filter((r) => r.exists).length ?? 0;
  const every = /every ([\d.]+ s)/.exec(watch.reason ?? '')?.[1];
  const text = watch.mode === 'events' ? `live: watching ${folders ? plural(folders, 'log folder') : 'the log folders'}`
    : watch.mode === 'polling' ? `live: polling${every ? ` every ${every}` : ''}`
    : `not watching${state.data?.summary.demo ? ' (demo data)' : ''}`;
  setFigure('watch', text, watch.mode).title = watch.reason ?? '';
}

/** The summary's figures: all a pushed update needs to show at once. Returns false for the empty state. */
function renderSummary(s, health) {
  Object.assign(view, { unit: s.unit, symbol: s.currency.symbol, secondary: s.currency.secondary, timezone: s.timezone });
  renderHeader(s, health);
  renderFooter(s, health);
  const empty = s.data.responses === 0;
  fig('empty-state').hidden = !empty;
  byId('content').hidden = empty;
  if (empty) {
    renderEmptyState(s);
    return false;
  }
  const p = palette();
  applyChartDefaults(p);
  renderBudgetMode(s.budgetConfigured);
  renderToday(s, p);
  renderPeriodRemaining(s, p);
  renderSpent(s);
  renderStats(s);
  renderUnpriced(s.unpriced);
  return true;
}

/** Everything from the other endpoints: the daily chart, the lists and the quota. */
function renderDetails(data) {
  const p = palette();
  drawDailyChart(data.daily.days, data.summary.budgetConfigured, p);
  renderModels(data.models, p);
  renderProjects(data.projects.projects, p);
  renderSessions(data.sessions.sessions);
  renderQuota(data.quota);
}

function render(data) {
  if (renderSummary(data.summary, data.health)) renderDetails(data);
}

// ---------- refresh loop ----------

function scopeParams(extra) {
  const params = new URLSearchParams(extra);
  if (state.scope) params.set('scope', state.scope);
  return params.toString();
}

async function getJson(name) {
  const query = name === 'health' ? '' : scopeParams(ENDPOINT_QUERY[name]);
  const url = `/api/${name}${query ? `?${query}` : ''}`;
  let res;
  try {
    res = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    throw new Error('the Runway server is not answering');
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${url} answered ${res.status}${body?.error ? `: ${body.error}` : ''}`);
  return body;
}

function pulse() {
  const dot = byId('pulse');
  dot.classList.remove('is-pulsing');
  void dot.offsetWidth; // restart the CSS animation
  dot.classList.add('is-pulsing');
}

function showError(error) {
  const since = state.lastOkAt ? ` Showing figures from ${formatInstant(state.lastOkAt, { timeStyle: 'medium' })}.` : '';
  byId('error-text').textContent = `Couldn't refresh: ${error.message}.${since} Retrying every ${refreshSeconds()} s.`;
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
async function refresh(force = false) {
  if (state.inFlight && !force) return;
  const generation = ++state.generation;
  state.inFlight = true;
  state.lastAttemptAt = Date.now();
  clearTimeout(state.timer);
  try {
    const started = performance.now();
    const responses = await Promise.all(ENDPOINTS.map(getJson));
    if (generation !== state.generation) return; // superseded, e.g. by a scope change
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
  const content = renderSummary(summary, state.data.health);
  markApplied();
  state.updates += 1;
  document.body.dataset.updates = String(state.updates);
  try {
    if (!content) return;
    const responses = await Promise.all(DETAIL_ENDPOINTS.map(getJson));
    if (generation !== state.generation) return;
    state.data = { ...state.data, ...Object.fromEntries(DETAIL_ENDPOINTS.map((name, i) => [name, responses[i]])) };
    renderDetails(state.data);
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

// A hidden tab need not make the server scan; focus catches it up.
function onTimer() {
  if (document.hidden) return schedule();
  // A stream the server refused (or a server restarted without one) is retried here.
  if (!state.source || state.source.readyState === EventSource.CLOSED) openStream();
  refresh();
}

// ---------- live updates ----------

function setLive(open) {
  state.live = open;
  document.body.dataset.live = open ? 'open' : 'closed';
  const dot = byId('pulse');
  dot.classList.toggle('is-offline', !open);
  dot.title = open
    ? state.watch?.mode === 'off' ? `not watching the logs: refreshing every ${refreshSeconds()} s` : 'live: updates as the logs change'
    : `live updates lost, refreshing every ${refreshSeconds()} s`;
}

/** One stream per page, for the current scope; EventSource reconnects by itself after an error. */
function openStream() {
  state.source?.close();
  const query = scopeParams();
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
    renderWatch();
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

function onScopeChange(event) {
  state.scope = event.target.value;
  const url = new URL(location.href);
  url.searchParams.set('scope', state.scope);
  history.replaceState(null, '', url);
  setFigure('scope', state.scope, state.scope);
  state.seq = -1;
  state.wasLive = false;
  openStream();
  refresh(true);
}

function start() {
  byId('scope-select').addEventListener('change', onScopeChange);
  byId('retry').addEventListener('click', () => refresh());
  window.addEventListener('focus', () => {
    if (Date.now() - state.lastAttemptAt > FOCUS_MIN_GAP_MS) refresh();
  });
  // Updates pushed while the tab was hidden are caught up with one refresh.
  document.addEventListener('visibilitychange', () => {
    if (document.hidden || !state.pendingUpdate) return;
    state.pendingUpdate = false;
    refresh(true);
  });
  darkScheme.addEventListener('change', () => state.data && render(state.data));
  setInterval(() => {
    renderFreshness();
    if (state.data) renderQuotaClock();
  }, 1000);
  document.body.dataset.updates = '0';
  document.body.dataset.live = 'closed';
  openStream();
  refresh();
}

start();
