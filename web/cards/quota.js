// Quota: a bar per 5-hour and 7-day window from the status line's readings, or, with none
// yet, the 5-hour blocks estimated from the logs. Countdowns tick every second on the
// server's clock, since quota times are the server's whatever this browser's clock says.
import { byId, element, fig, setFigure, setTone, setValue } from '../dom.js';
import { ago, clockTime, compact, formatInstant, money, quotaPercent, span } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { quota: {} };

const QUOTA_WINDOWS = {
  five_hour: 'quota.window.five_hour', seven_day: 'quota.window.seven_day',
  codex_five_hour: 'quota.window.codex_five_hour', codex_seven_day: 'quota.window.codex_seven_day',
};
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
  setFigure('quota-warn', t('quota.warn', { pct: quota.thresholds.warn }), quota.thresholds.warn);
  setFigure('quota-alarm', t('quota.alarm', { pct: quota.thresholds.alarm }), quota.thresholds.alarm);
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
  const name = element('h3', 'quota-name');
  top.append(name, used);
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
  const els = { root, name, used, bar, fill, warnTick, alarmTick, reset, facts, burn: fact('burn'), exhausts: fact('exhausts'), reserve: fact('reserve'), data: null };
  root.append(top, bar, reset, facts);
  byId('quota-windows').append(root);
  quotaEls.set(key, els);
  return els;
}

function renderQuotaWindow(els, w, thresholds) {
  const weekly = w.rateUnit === 'day';
  // Built once, the window's name follows the language at every render.
  els.name.textContent = t(QUOTA_WINDOWS[w.window]);
  setValue(els.used, '', w.usedPercentage).replaceChildren(element('strong', '', quotaPercent(w.usedPercentage)), ` ${t('quota.used')}`);
  setTone(els.used, w.expired ? null : LEVEL_TONE[w.level]);
  els.bar.classList.remove('level-ok', 'level-warn', 'level-alarm');
  els.bar.classList.add(`level-${w.level}`);
  els.bar.dataset.value = w.level;
  els.bar.setAttribute('aria-label', t('quota.barAria', { window: t(QUOTA_WINDOWS[w.window]), pct: quotaPercent(w.usedPercentage) }));
  els.fill.style.width = `${Math.min(100, Math.max(0, w.usedPercentage))}%`;
  els.warnTick.style.left = `${thresholds.warn}%`;
  els.warnTick.title = t('quota.warnAt', { pct: thresholds.warn });
  els.alarmTick.style.left = `${thresholds.alarm}%`;
  els.alarmTick.title = t('quota.alarmAt', { pct: thresholds.alarm });

  setValue(els.burn, w.burnRate === null ? t('quota.burnNone')
    : t(weekly ? 'quota.burnPerDay' : 'quota.burnPerHour', { rate: w.burnRate.toFixed(1) }), w.burnRate);
  els.burn.title = t(w.burnRate === null ? 'quota.burnNoneTitle' : 'quota.burnTitle');

  els.exhausts.hidden = w.exhaustsAt === null;
  if (w.exhaustsAt !== null) {
    const before = w.resetsAt === null || w.exhaustsAt < w.resetsAt;
    const text = w.usedPercentage >= 100 ? t('quota.limitReached')
      : t(before ? 'quota.runsOut' : 'quota.wouldRunOut', { time: clockTime(w.exhaustsAt, weekly || w.exhaustsAt - w.observedAt > 86_400_000) });
    setValue(els.exhausts, text, w.exhaustsAt);
    setTone(els.exhausts, before ? 'bad' : null);
  }

  els.reserve.hidden = w.reserveMs === null;
  if (w.reserveMs !== null) {
    const safe = w.reserveMs >= 0;
    setValue(els.reserve, t('quota.reserve', { sign: safe ? '+' : '−', span: span(w.reserveMs) }), w.reserveMs);
    setTone(els.reserve, safe ? 'good' : 'bad');
    els.reserve.title = t(safe ? 'quota.reserveSafeTitle' : 'quota.reserveShortTitle', { span: span(w.reserveMs) });
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
    via.add(t(key.startsWith('codex_') ? 'quota.viaCodex' : 'quota.viaStatusLine'));
    const expired = w.expired || (w.resetsAt !== null && w.resetsAt <= now);
    els.bar.classList.toggle('is-expired', expired);
    els.facts.hidden = expired;
    if (expired) setTone(els.used, null);
    let text = t('quota.resetUnknown');
    if (expired) text = t('quota.resetSince', { time: clockTime(w.observedAt, w.rateUnit === 'day') });
    else if (w.resetsAt !== null) text = t('quota.resetsIn', { span: span(w.resetsAt - now), time: clockTime(w.resetsAt, w.rateUnit === 'day') });
    // The raw value is the live countdown: ms to the reset on the server's clock.
    setValue(els.reset, text, expired || w.resetsAt === null ? null : w.resetsAt - now);
  }
  const source = fig('quota-source');
  source.hidden = newest === null;
  if (newest !== null) {
    source.textContent = t('quota.source', { ago: ago(newest, now), via: [...via].join(` ${t('quota.and')} `) });
    source.title = formatInstant(newest);
  }
  renderBlockClock(now);
}

function blockAmount(value, unpricedResponses, unit) {
  if (unit === 'tokens') return t('format.tokens', { n: compact(value) });
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
    const unpricedTitle = active.unpricedResponses ? t('quota.unpricedTitle', { n: active.unpricedResponses }) : '';
    setFigure('block-range', `${clockTime(active.start)}–${clockTime(active.end)}`, active.start);
    setFigure('block-cost', blockAmount(active.cost, active.unpricedResponses, unit), active.cost).title = unpricedTitle;
    const projection = active.projection;
    setFigure('block-projection', projection ? blockAmount(projection.cost, active.unpricedResponses, unit) : '—', projection?.cost ?? null)
      .title = unpricedTitle;
    setFigure('block-projection-sub', t('quota.projectionSub', { time: clockTime(active.end) }));
    const rate = projection
      ? t('quota.perHour', { amount: unit === 'tokens' ? t('format.tokens', { n: compact(projection.costPerHour) }) : money(projection.costPerHour) }) : '—';
    setFigure('block-rate', rate, projection?.costPerHour ?? null);
    setFigure('block-responses', `${t('quota.responses', { n: active.responses })} · ${t('format.tokens', { n: compact(active.tokens) })}`);
  }
  const peak = Math.max(0, ...quota.blocks.map((b) => Math.max(b.cost, b.projection?.cost ?? 0)));
  const rows = [...quota.blocks].reverse().map((b) => {
    const li = element('li', b.active ? 'is-active' : '');
    const when = element('span', 'block-when', blockRange(b));
    when.title = t('quota.blockWhen', { first: formatInstant(b.firstTs), last: formatInstant(b.lastTs) });
    const track = element('span', 'block-track');
    const scale = (v) => `${peak > 0 ? Math.min(100, (v / peak) * 100) : 0}%`;
    if (b.projection) {
      const projected = element('span', 'block-projected');
      projected.style.width = scale(b.projection.cost);
      track.append(projected);
      track.title = t('quota.trackTitle', { amount: blockAmount(b.projection.cost, b.unpricedResponses, unit), time: clockTime(b.end) });
    }
    const fill = element('span', 'block-fill');
    fill.style.width = scale(b.cost);
    track.append(fill);
    const cost = element('span', 'block-cost', blockAmount(b.cost, b.unpricedResponses, unit));
    setTone(cost, b.unpricedResponses && unit !== 'tokens' ? 'warn' : null);
    li.append(when, track, cost, element('span', 'block-responses', b.active ? t('quota.now') : t('quota.responses', { n: b.responses })));
    return li;
  });
  const list = fig('blocks');
  list.replaceChildren(...rows);
  list.hidden = rows.length === 0;
}

function renderBlockClock(now) {
  if (!activeBlock || fig('quota-estimated').hidden) return;
  setFigure('block-time-left', activeBlock.end > now ? span(activeBlock.end - now) : t('quota.ended'), activeBlock.end - now);
}
