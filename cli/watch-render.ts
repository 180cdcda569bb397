// The `runway watch` screen as lines of text: pure (size, time and colour are inputs), so
// tests can hold every frame to the terminal's width and height.
import type { QuotaFigures } from '../core/quota.js';
import { zoneOffset } from '../core/zones.js';
import type { Quota, Summary } from '../figures/answers.js';
import { withBudget, type BudgetedSummary } from '../figures/summary.js';
import type { WhereRow, WhereTotals } from '../figures/where.js';
import { converted, countdown, monthDay, n, pc, short, sparkline, tail, usd } from './format.js';
import { shortModel } from './reports.js';
import { ENGLISH, words, type Say, type WatchLang, type WatchLookup } from './watch-strings.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface ModelToday {
  model: string;
  cost: number;
  tokens: number;
  responses: number;
  unpricedResponses: number;
}

/** The second view's ranges, in the order of their keys 1–5; each ends today. */
export const WHERE_RANGES = ['today', 'week', 'month', 'period', 'all'] as const;
export type WhereRange = (typeof WHERE_RANGES)[number];

/** Where a range's money went: figures/where.ts's rows, costliest first, each list adding up to `total`. */
export interface WhereFigures {
  range: WhereRange;
  /** The range's first day: for all time the first response's, null with no usage at all. */
  since: string | null;
  /** Inclusive: today. */
  until: string;
  total: WhereTotals;
  activities: WhereRow[];
  models: WhereRow[];
  projects: WhereRow[];
  /** Agents whose logs carry no turns: their calls count as General. */
  unlabelled: { agent: string; calls: number }[];
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
  /** Present when the second view is on screen: its figures. */
  where?: WhereFigures;
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

/** The title with the clock at the right edge, when both fit. */
function titleLine(title: string, time: string, width: number): string {
  const gap = width - visibleWidth(title) - time.length;
  return gap >= 2 ? `${title}${' '.repeat(gap)}${time}` : title;
}

/** What the title says after the range: scope, agents, zone, demo. */
function titleTail(c: Colors, s: Summary, w: Say): string {
  return `${w('title.scope', { scope: s.scope })}${agentNote(s, w)} · ${s.timezone}${s.demo ? ` · ${c.magenta(w('title.demo'))}` : ''}`;
}

/** The footer's last part: how fresh the figures are. */
function scanned(d: WatchData, w: Say): string {
  const s = d.summary;
  if (s.demo) return w('footer.demo');
  if (!d.scanning) return w('footer.noScan');
  return s.freshness.lastScanAt === null ? w('footer.notScanned') : w('footer.lastScan', { time: clock(s.freshness.lastScanAt, s.timezone) });
}

/** Problems either view says above its footer: errors of the scan, the config and the refresh. */
function problems(c: Colors, d: WatchData, w: Say): string[] {
  const out: string[] = [];
  for (const e of [d.summary.freshness.scanError, d.summary.configError]) if (e) out.push(c.yellow(`  ${e}`));
  if (d.refreshError) out.push(c.yellow(`  ${w('refresh.failed', { error: d.refreshError })}`));
  return out;
}

/** The lines cut to the screen, the footer always last. */
function framed(lines: string[], footer: string, o: RenderOptions): string[] {
  const all = [...lines, footer];
  const kept = all.length > o.height ? [...all.slice(0, Math.max(0, o.height - 1)), footer] : all;
  return kept.map((l) => fit(l, o.width));
}

export function render(d: WatchData, o: RenderOptions): string[] {
  const c = pc.createColors(o.color);
  const w = o.lang && o.lang !== 'en' ? words(o.lang) : ENGLISH;
  if (d.where) return whereFrame(c, d, d.where, o, w);
  const s = d.summary;
  const tz = s.timezone;
  const money = (v: number) => (s.unit === 'tokens' ? w('amount.tokens', { n: short(v) }) : usd(v, s.currency.symbol));
  const label = (text: string) => `  ${text.padEnd(LABEL_WIDTH)}`;
  const indent = ' '.repeat(LABEL_WIDTH + 2);
  const barWidth = Math.min(50, Math.max(16, o.width - 48));
  const day = (date: string) => dayName(date, w);

  const title = `${c.bold('RUNWAY')}  ${day(s.period.start)} – ${day(s.period.lastDay)} · ${titleTail(c, s, w)}`;
  const head = [titleLine(title, clock(o.now, tz), o.width), ''];

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
  tail.push(...problems(c, d, w));
  const footer = c.dim(`  ${w('footer.keys', { other: w('footer.otherLanguage'), seconds: `${d.intervalSeconds}s`, scanned: scanned(d, w) })}`);

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
  return framed([...head, ...models, ...tail], footer, o);
}

const RANGE_NAMES: Record<WhereRange, { title: WatchLookup; tab: WatchLookup }> = {
  today: { title: 'range.today', tab: 'tab.today' },
  week: { title: 'range.week', tab: 'tab.week' },
  month: { title: 'range.month', tab: 'tab.month' },
  period: { title: 'range.period', tab: 'tab.period' },
  all: { title: 'range.all', tab: 'tab.all' },
};

/** A range's days: 'Nov 12 – Nov 18', one day alone, the first one's year when the range crosses one. */
function daySpan(since: string, until: string, w: Say): string {
  if (since === until) return dayName(until, w);
  const year = since.slice(0, 4) === until.slice(0, 4) ? '' : ` ${since.slice(0, 4)}`;
  return `${dayName(since, w)}${year} – ${dayName(until, w)}`;
}

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
const right = (text: string, width: number) => `${' '.repeat(Math.max(0, width - visibleWidth(text)))}${text}`;

/** A cost as every surface says it: unpriced is never $0, a partly unpriced one is marked +?. */
function costCell(c: Colors, cost: number | null, unpricedCalls: number, w: Say): string {
  if (cost === null) return c.yellow(w('where.unpriced'));
  return unpricedCalls > 0 ? `${usd(cost)} ${c.yellow('+?')}` : usd(cost);
}

interface WhereList {
  head: string;
  rows: WhereRow[];
  name: (r: WhereRow) => string;
  /** Activities: one-shot rate and turns beside cost and share. */
  rates: boolean;
}

/** A list in `lines` lines at most, its heading included. */
function listLines(c: Colors, l: WhereList, width: number, lines: number, w: Say): string[] {
  if (lines < 2) return [];
  // One-shot and turns only where the names keep a dozen columns; a column stays free on the right.
  const rates = l.rates && width - 44 >= 12;
  const nameWidth = Math.max(8, Math.min(30, width - 25 - (rates ? 19 : 0)));
  const cols = (name: string, cost: string, share: string, oneShot: string, turns: string) =>
    `${name.padEnd(nameWidth)} ${right(cost, 12)} ${right(share, 6)}${rates ? ` ${right(oneShot, 10)} ${right(turns, 7)}` : ''}`;
  const out = [c.dim(`  ${cols(l.head.padEnd(nameWidth + 2), w('where.cost'), w('where.share'), w('where.oneShot'), w('where.turns'))}`)];
  if (!l.rows.length) return [...out, c.dim(`    ${w('where.none')}`)];
  // Rows that do not fit are summed in the last line, unless it is the only one: then the top row.
  const shown = l.rows.length <= lines - 1 ? l.rows : l.rows.slice(0, Math.max(1, lines - 2));
  for (const r of shown) {
    out.push(`    ${cols(tail(l.name(r), nameWidth), costCell(c, r.cost, r.unpricedCalls, w), percent(r.share), percent(r.oneShotRate), r.turns === null ? '' : n(r.turns))}`);
  }
  const rest = l.rows.slice(shown.length);
  if (rest.length && out.length < lines) out.push(c.dim(`    ${w('where.more', { n: rest.length, cost: usd(rest.reduce((sum, r) => sum + (r.cost ?? 0), 0)) })}`));
  return out;
}

/**
 * Lines for each list, in order: every list gets its heading and a row before any gets
 * more, then the rest go round one row at a time; a blank line parts the lists shown.
 */
export function allot(needs: number[], rows: number): number[] {
  const got = needs.map(() => 0);
  let left = rows;
  needs.forEach((_, i) => {
    const cost = got.some((g) => g > 0) ? 3 : 2;
    if (cost <= left) {
      got[i] = 2;
      left -= cost;
    }
  });
  for (let grew = true; grew && left > 0; ) {
    grew = false;
    got.forEach((g, i) => {
      if (g > 0 && g < needs[i]! && left > 0) {
        got[i] = g + 1;
        left--;
        grew = true;
      }
    });
  }
  return got;
}

/** Two lists side by side, the left one in `width` columns. */
function beside(left: string[], right: string[], width: number): string[] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
    const l = fit(left[i] ?? '', width - 1);
    return `${l}${' '.repeat(width - visibleWidth(l))}${right[i] ?? ''}`;
  });
}

/** The range's total: cost, calls and how often edits held; unpriced calls last, where a narrow screen cuts first. */
function totalLine(c: Colors, t: WhereTotals, label: string, w: Say): string {
  const cost = t.calls > 0 && t.unpricedCalls === t.calls ? c.yellow(w('where.unpriced')) : c.bold(usd(t.cost));
  const rates = t.editTurns ? w('where.rates', { oneShot: percent(t.oneShotRate), retry: percent(t.retryRate) }) : w('where.noEdits');
  const unpriced = t.unpricedCalls > 0 && t.unpricedCalls < t.calls ? ` · ${c.yellow(w('where.unpricedCalls', { n: t.unpricedCalls }))}` : '';
  return `${label}${cost} · ${w('where.calls', { n: t.calls })} · ${rates}${unpriced}`;
}

/** The second view: where the range's money went, by activity, then by model and project. */
function whereFrame(c: Colors, d: WatchData, f: WhereFigures, o: RenderOptions, w: Say): string[] {
  const s = d.summary;
  const names = RANGE_NAMES[f.range];
  const days = f.since === null ? '' : ` · ${daySpan(f.since, f.until, w)}`;
  const title = `${c.bold('RUNWAY')}  ${w(names.title)}${days} · ${titleTail(c, s, w)}`;
  const tabs = WHERE_RANGES.map((r, i) => {
    const tab = `${i + 1} ${w(RANGE_NAMES[r].tab)}`;
    return r === f.range ? c.bold(c.cyan(`[${tab}]`)) : ` ${tab} `;
  });
  const head = [
    titleLine(title, clock(o.now, s.timezone), o.width),
    `  ${c.bold(w('where.head'))}  ${tabs.join(' ')}`.trimEnd(),
    '',
    totalLine(c, f.total, `  ${w('label.total').padEnd(LABEL_WIDTH)}`, w),
  ];
  if (f.unlabelled.length) head.push(c.dim(`  ${w('where.unlabelled', { agents: f.unlabelled.map((u) => u.agent).join(', ') })}`));
  head.push('');
  const tail = problems(c, d, w);
  if (tail.length) tail.unshift('');
  const footer = c.dim(`  ${w('footer.whereKeys', { other: w('footer.otherLanguage'), scanned: scanned(d, w) })}`);

  const activities: WhereList = { head: w('where.byActivity'), rows: f.activities, name: (r) => r.name, rates: true };
  const models: WhereList = { head: w('where.byModel'), rows: f.models, name: (r) => shortModel(r.name), rates: false };
  const projects: WhereList = { head: w('where.byProject'), rows: f.projects, name: (r) => r.name.split('/').pop() || r.name, rates: false };
  const need = (l: WhereList) => 1 + Math.max(1, l.rows.length);
  // The footer's blank line is the last list's separator.
  const rows = o.height - head.length - tail.length - 2;
  const body: string[] = [];
  const add = (lines: string[]) => {
    if (!lines.length) return;
    if (body.length) body.push('');
    body.push(...lines);
  };
  // 80 columns hold models and projects side by side; a narrower screen lists them one under the other.
  if (o.width >= 80) {
    const half = Math.floor(o.width / 2);
    const [a, mp] = allot([need(activities), Math.max(need(models), need(projects))], rows) as [number, number];
    add(listLines(c, activities, o.width, a, w));
    add(beside(listLines(c, models, half, mp, w), listLines(c, projects, o.width - half, mp, w), half));
  } else {
    const [a, m, p] = allot([need(activities), need(models), need(projects)], rows) as [number, number, number];
    add(listLines(c, activities, o.width, a, w));
    add(listLines(c, models, o.width, m, w));
    add(listLines(c, projects, o.width, p, w));
  }
  return framed([...head, ...body, ...tail, ''], footer, o);
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
