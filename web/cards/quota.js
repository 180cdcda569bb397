// Quota: a bar per 5-hour and 7-day window from the status line's readings, or, with none
// yet, the 5-hour blocks estimated from the logs. Countdowns tick every second on the
// server's clock, since quota times are the server's whatever this browser's clock says.
import { byId, element, fig, setFigure, setTone, setValue } from '../dom.js';
import { ago, clockTime, compact, formatInstant, money, plural, quotaPercent, span } from '../format.js';

export const fetches = { quota: {} };

const QUOTA_WINDOWS = { five_hour: '5-hour window', seven_day: '7-day window', codex_five_hour: 'Codex 5-hour window', codex_seven_day: 'Codex 7-day window' };
const LEVEL_TONE = { ok: 'good', warn: 'warn', alarm: 'bad' };
const quotaEls = new Map(); // window → its elements, built once so updates change them in place
let clockSkew = 0; // server clock − browser clock
let activeBlock = null; // the estimated block now under way, for its countdown

const serverNow = () => Date.now() + clockSkew;

export function render({ quota }) {
  clockSkew = quota.generatedAt - Date.now();
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
  tick();
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

/** The countdowns, and a window that has reset since its reading turns grey. */
export function tick() {
  const now = serverNow();
  let newest = null;
  const via = new Set();
  for (const [key, els] of quotaEls) {
    const w = els.data;
    if (!w) continue;
    newest = Math.max(newest ?? 0, w.observedAt);
    via.add(key.startsWith('codex_') ? "Codex's session logs" : 'the Claude Code status line');
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
    source.textContent = `reading from ${ago(newest, now)} via ${[...via].join(' and ')}`;
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
  activeBlock = active;
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
  if (!activeBlock || fig('quota-estimated').hidden) return;
  setFigure('block-time-left', activeBlock.end > now ? span(activeBlock.end - now) : 'ended', activeBlock.end - now);
}
