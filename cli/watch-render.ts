// The `runway watch` screen as lines of text: pure (size, time and colour are inputs), so
// tests can hold every frame to the terminal's width and height.
import type { QuotaFigures } from '../core/quota.js';
import { zoneOffset } from '../core/zones.js';
import type { Quota, Summary } from '../figures/answers.js';
import { withBudget, type BudgetedSummary } from '../figures/summary.js';
import { converted, countdown, monthDay, n, pc, short, sparkline, usd } from './format.js';
import { shortModel } from './reports.js';
import { ENGLISH, words, type Say, type WatchLang } from './watch-strings.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface ModelToday {
  model: string;
  cost: number;
  tokens: number;
  responses: number;
  unpricedResponses: number;
}

export interface WatchData {
  summary: Summary;
  quota: Quota;
  /** Today's usage per model, costliest first. */
  models: ModelToday[];
  last14: { date: string; spend: number }[];
  intervalSeconds: number;
  /** False for --demo and --no-scan: the footer then has no scan time to show. */
  scanning: boolean;
  /** Why the figures on screen are from an earlier refresh: the error's message. */
  refreshError?: string | null;
}

export interface RenderOptions {
  width: number;
  height: number;
  now: number;
  color: boolean;
  /** English unless said otherwise. */
  lang?: WatchLang;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const ANSI_AT = /\x1b\[[0-9;?]*[A-Za-z]/y;
// Bars start in this column, so the budget and quota bars line up.
const LABEL_WIDTH = 10;

/** Columns a line takes on screen: every character drawn here is one column wide. */
export function visibleWidth(line: string): number {
  return [...line.replace(ANSI, '')].length;
}

/** Cuts a line to `width` columns, keeping its colour codes whole and closing them. */
export function fit(line: string, width: number): string {
  if (visibleWidth(line) <= width) return line;
  let out = '';
  let cols = 0;
  for (let i = 0; i < line.length; ) {
    ANSI_AT.lastIndex = i;
    const esc = ANSI_AT.exec(line);
    if (esc) {
      out += esc[0];
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    if (cols === width - 1) break;
    out += ch;
    cols++;
    i += ch.length;
  }
  return `${out}…${line.includes('\x1b') ? '\x1b[0m' : ''}`;
}

/** Wall-clock time of an instant in the zone: HH:MM:SS. */
export function clock(ms: number, tz: string): string {
  return new Date(ms + zoneOffset(ms, tz)).toISOString().slice(11, 19);
}

const germanDay = new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A calendar date, 'Nov 24' or '24. Nov.': the month's name in the frame's language. */
function dayName(date: string, w: Say): string {
  return w === ENGLISH ? monthDay(date) : germanDay.format(Date.parse(`${date}T00:00:00Z`));
}

/** A time to come: "at HH:MM" today, "on Nov 24 10:35" another day. */
function at(ms: number, nowMs: number, tz: string, w: Say): string {
  const local = new Date(ms + zoneOffset(ms, tz)).toISOString();
  const today = new Date(nowMs + zoneOffset(nowMs, tz)).toISOString().slice(0, 10);
  const time = local.slice(11, 16);
  return local.slice(0, 10) === today ? w('at.today', { time }) : w('at.day', { day: dayName(local.slice(0, 10), w), time });
}

/** The forecast's end, as status and watch say it: it lasts the period, or the day it runs dry. */
export function runOut(c: Colors, b: BudgetedSummary, w: Say = ENGLISH): string {
  if (b.dryDate === null) return c.green(w('runOut.lasts'));
  if (b.dryDate === b.today) return c.red(w('runOut.today'));
  return c.red(w('runOut.on', { day: dayName(b.dryDate, w), n: b.forecast.runwayDays ?? 0 }));
}

/** The agents in a title, when not all of them: every character counts in 80 columns. */
export function agentNote(s: Summary, w: Say = ENGLISH): string {
  return s.agent === 'all' ? '' : ` · ${w('title.agent', { agent: s.agent })}`;
}

/** No usage at all yet: where each agent's logs were looked for, as status and watch say it. */
export function noUsage(s: Summary, w: Say = ENGLISH): string {
  const roots = s.data.roots.map((r) => `${r.source} ${r.path}${r.exists ? '' : ` ${w('noUsage.notFound')}`}`);
  return w('noUsage.line', { roots: roots.join(', ') || w('noUsage.noFolders') });
}

/** The forecast's method as the summary states it, in the frame's language. */
function method(s: Summary, w: Say): string {
  const f = s.forecast;
  return f.workdays === 0 ? w('forecast.methodNoWorkday') : w('forecast.method', { n: String(f.workdays), from: f.from });
}

/** Filled cells in the level's colour, markers (pace, thresholds) drawn over the rest. */
function bar(c: Colors, width: number, fraction: number, markers: number[], colour: (s: string) => string): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  const cells: string[] = Array.from({ length: width }, (_, i) => (i < filled ? '█' : '░'));
  for (const m of markers) cells[Math.min(width - 1, Math.max(0, Math.round(m * width)))] = '│';
  const head = cells.slice(0, filled).join('');
  const rest = cells.slice(filled).join('');
  return `${head ? colour(head) : ''}${rest ? c.dim(rest) : ''}`;
}

export function render(d: WatchData, o: RenderOptions): string[] {
  const c = pc.createColors(o.color);
  const w = o.lang && o.lang !== 'en' ? words(o.lang) : ENGLISH;
  const s = d.summary;
  const tz = s.timezone;
  const money = (v: number) => (s.unit === 'tokens' ? w('amount.tokens', { n: short(v) }) : usd(v, s.currency.symbol));
  const label = (text: string) => `  ${text.padEnd(LABEL_WIDTH)}`;
  const indent = ' '.repeat(LABEL_WIDTH + 2);
  const barWidth = Math.min(50, Math.max(16, o.width - 48));
  const day = (date: string) => dayName(date, w);

  const title = `${c.bold('RUNWAY')}  ${day(s.period.start)} – ${day(s.period.lastDay)} · ${w('title.scope', { scope: s.scope })}${agentNote(s, w)} · ${tz}${s.demo ? ` · ${c.magenta(w('title.demo'))}` : ''}`;
  const time = clock(o.now, tz);
  const gap = o.width - visibleWidth(title) - time.length;
  const head = [gap >= 2 ? `${title}${' '.repeat(gap)}${time}` : title, ''];

  const b = withBudget(s);
  const sec = s.currency.secondary && s.unit === 'usd' ? s.currency.secondary : null;
  const second = (v: number) => (sec ? c.dim(` (${converted(v, sec)})`) : '');
  const burn = `${label(w('label.burn'))}${w('burn.line', { rate: money(s.burn.ratePerDay), avg: money(s.burn.avgPerDay), sessions: w('burn.sessions', { n: s.sessions }) })}`;
  const methodLine = `${indent}${c.dim(method(s, w))}`;
  if (b) {
    const status = { green: c.green, yellow: c.yellow, red: c.red }[b.status];
    const left = b.remaining >= 0 ? w('spent.left', { amount: money(b.remaining) }) : c.red(w('spent.over', { amount: money(-b.remaining) }));
    const todayColour = b.todaysOverBy > 0 || b.todaysRunwayFraction < 0.33 ? c.red : b.todaysRunwayFraction < 0.66 ? c.yellow : c.green;
    const todayLeft = b.todaysOverBy > 0 ? w('today.overBy', { amount: money(b.todaysOverBy) }) : w('spent.left', { amount: money(b.todaysRunway) });
    const surplus = w(b.projectedSurplus >= 0 ? 'forecast.surplus' : 'forecast.short', { amount: money(Math.abs(b.projectedSurplus)), status: w(`status.${b.status}`) });
    head.push(
      `${label(w('label.spent'))}${w('spent.ofBudget', { spent: `${c.bold(money(b.spentToDate))}${second(b.spentToDate)}`, budget: money(b.budget), left })}`,
      `${label(w('label.budget'))}${bar(c, barWidth, b.consumedFraction, [b.expectedFraction], status)}  ${Math.round(b.consumedFraction * 100)}%  ${c.dim(w('budget.pace', { pct: Math.round(b.expectedFraction * 100) }))}`,
      `${label(w('label.today'))}${w('today.line', { spent: money(b.spentToday), daily: money(b.dailyBudget), left: todayColour(todayLeft) })}${b.todayIsWorkday ? '' : c.dim(` ${w('today.notWorkday')}`)}`,
      burn,
      `${label(w('label.forecast'))}${w('forecast.by', { amount: money(b.projectedSpend), day: day(b.period.lastDay) })} · ${status(surplus)} · ${runOut(c, b, w)}`,
      methodLine,
    );
  } else {
    head.push(
      `${label(w('label.spent'))}${w('spent.period', { spent: `${c.bold(money(s.spentToDate))}${second(s.spentToDate)}` })}`,
      `  ${c.yellow(w('noBudget.title'))} · ${w('noBudget.hint', { command: c.cyan('runway budget 500') })}`,
      burn,
      `${label(w('label.forecast'))}${w('forecast.by', { amount: money(s.projectedSpend), day: day(s.period.lastDay) })}`,
      methodLine,
    );
  }
  head.push('');

  head.push(...quotaLines(c, d.quota, { money, now: o.now, tz, label, indent, barWidth, w }));
  head.push('');

  const tail = ['', `${label(w('label.last14'))}${sparkline(d.last14.map((x) => x.spend))}  ${c.dim(w('last14.max', { amount: money(Math.max(...d.last14.map((x) => x.spend))) }))}`];
  if (s.unpriced.length) {
    const responses = s.unpriced.reduce((sum, u) => sum + u.responses, 0);
    const what = s.unpriced.length === 1 ? s.unpriced[0]!.model : w('unpriced.models', { n: String(s.unpriced.length) });
    tail.push(c.yellow(`  ${w('unpriced.line', { what, n: n(responses) })}`));
  }
  if (s.data.responses === 0) tail.push(c.yellow(`  ${noUsage(s, w)}`));
  for (const e of [s.freshness.scanError, s.configError]) if (e) tail.push(c.yellow(`  ${e}`));
  if (d.refreshError) tail.push(c.yellow(`  ${w('refresh.failed', { error: d.refreshError })}`));
  const scanned = s.demo ? w('footer.demo') : !d.scanning ? w('footer.noScan') : s.freshness.lastScanAt === null ? w('footer.notScanned') : w('footer.lastScan', { time: clock(s.freshness.lastScanAt, tz) });
  const footer = c.dim(`  ${w('footer.keys', { other: w('footer.otherLanguage'), seconds: `${d.intervalSeconds}s`, scanned })}`);

  // Today's models fill whatever rows are left; a short terminal drops them first.
  const rows = o.height - head.length - tail.length - 2;
  const models: string[] = [];
  if (rows >= 1) {
    const nameWidth = Math.min(40, Math.max(16, o.width - 46));
    models.push(c.dim(`  ${w('models.head').padEnd(nameWidth + 2)} ${w('models.cost').padStart(12)} ${w('models.tokens').padStart(10)} ${w('models.responses').padStart(10)}`));
    const shown = d.models.length > rows ? d.models.slice(0, rows - 1) : d.models;
    for (const m of shown) {
      const cost = m.unpricedResponses > 0 ? `${m.cost > 0 ? usd(m.cost) : ''} ${c.yellow('+?')}` : usd(m.cost);
      models.push(`    ${shortModel(m.model).slice(0, nameWidth).padEnd(nameWidth)} ${' '.repeat(Math.max(0, 12 - visibleWidth(cost)))}${cost} ${short(m.tokens).padStart(10)} ${n(m.responses).padStart(10)}`);
    }
    if (shown.length < d.models.length) models.push(c.dim(`    ${w('models.more', { n: String(d.models.length - shown.length) })}`));
    if (!d.models.length) models.push(c.dim(`    ${w('models.none')}`));
  }
  let lines = [...head, ...models, ...tail, footer];
  if (lines.length > o.height) lines = [...lines.slice(0, Math.max(0, o.height - 1)), footer];
  return lines.map((l) => fit(l, o.width));
}

/** The 5h/7d quota bars with their details, or the estimated 5-hour block without readings. */
export function quotaLines(
  c: Colors,
  q: Quota,
  o: { money: (v: number) => string; now: number; tz: string; label: (t: string) => string; indent: string; barWidth: number; w?: Say },
): string[] {
  const w = o.w ?? ENGLISH;
  if (!q.windows.length) return blockLines(c, q, o.money, o.now, o.tz, o.label, o.indent, w);
  const { warn, alarm } = q.thresholds;
  const out: string[] = [];
  for (const win of q.windows) {
    const colour = { ok: c.green, warn: c.yellow, alarm: c.red }[win.level];
    const reset = win.expired ? c.dim(w('quota.resetSince')) : win.resetInMs === null ? c.dim(w('quota.resetUnknown')) : w('quota.resetsIn', { time: countdown(win.resetInMs) });
    out.push(
      `${o.label(w('label.quota', { window: win.label }))}${bar(c, o.barWidth, win.usedPercentage / 100, [warn / 100, alarm / 100], colour)}  ${colour(`${Math.round(win.usedPercentage)}%`)}  ${reset}`,
      `${o.indent}${quotaDetail(c, win, o.now, o.tz, w)}`,
    );
  }
  return out;
}

function quotaDetail(c: Colors, q: QuotaFigures, nowMs: number, tz: string, w: Say): string {
  if (q.expired) return c.dim(w('quota.expired', { pct: Math.round(q.usedPercentage), at: at(q.observedAt, nowMs, tz, w) }));
  if (q.burnRate === null || q.exhaustsAt === null) return c.dim(w('quota.notBurning'));
  const rate = w(q.rateUnit === 'hour' ? 'quota.perHour' : 'quota.perDay', { rate: q.burnRate.toFixed(1) });
  const full = q.exhaustsAt <= nowMs ? w('quota.fullNow') : w('quota.full', { at: at(q.exhaustsAt, nowMs, tz, w) });
  if (q.reserveMs === null) return `${rate} · ${full}`;
  const reserve = q.reserveMs >= 0 ? c.green(w('quota.spare', { time: countdown(q.reserveMs) })) : c.red(w('quota.short', { time: countdown(q.reserveMs) }));
  return `${rate} · ${full} · ${reserve}`;
}

/** Without quota readings: the current 5-hour block as the logs show it. */
function blockLines(c: Colors, q: Quota, money: (v: number) => string, nowMs: number, tz: string, label: (t: string) => string, indent: string, w: Say): string[] {
  const b = q.blocks.find((x) => x.active);
  const note = c.dim(w('block.note'));
  if (!b) return [`${label(w('label.block'))}${w('block.idle')}`, `${indent}${note}`];
  const projected = b.projection ? w('block.projected', { cost: money(b.projection.cost), at: at(b.end, nowMs, tz, w) }) : '';
  return [`${label(w('label.block'))}${w('block.line', { cost: money(b.cost), projected, left: countdown(b.end - nowMs) })}`, `${indent}${note}`];
}

/**
 * What to write to move the screen from one frame to the next: only the rows that changed,
 * each cleared to its end, so an unchanged screen costs nothing and nothing flickers.
 * `prev` null repaints every row (the first frame, or after a resize).
 */
export function frameUpdate(prev: string[] | null, next: string[], width: number, height: number): string {
  let out = '';
  next.forEach((line, i) => {
    if (prev && prev[i] === line) return;
    // A full-width row is left alone: clearing from the last column would erase its last cell.
    out += `\x1b[${i + 1};1H${line}${visibleWidth(line) < width ? '\x1b[K' : ''}`;
  });
  if (next.length < height && (!prev || prev.length > next.length)) out += `\x1b[${next.length + 1};1H\x1b[J`;
  return out;
}
