// The `runway watch` screen as lines of text: pure (size, time and colour are inputs), so
// tests can hold every frame to the terminal's width and height.
import type { QuotaFigures } from '../core/quota.js';
import { zoneOffset } from '../core/zones.js';
import type { Quota, Summary } from '../figures/answers.js';
import { withBudget, type BudgetedSummary } from '../figures/summary.js';
import { converted, countdown, monthDay, n, pc, short, sparkline, usd } from './format.js';
import { shortModel } from './reports.js';

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
  /** Why the figures on screen are from an earlier refresh. */
  refreshError?: string | null;
}

export interface RenderOptions {
  width: number;
  height: number;
  now: number;
  color: boolean;
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

/** A time to come: "at HH:MM" today, "on Nov 24 10:35" another day. */
function at(ms: number, nowMs: number, tz: string): string {
  const local = new Date(ms + zoneOffset(ms, tz)).toISOString();
  const today = new Date(nowMs + zoneOffset(nowMs, tz)).toISOString().slice(0, 10);
  return local.slice(0, 10) === today ? `at ${local.slice(11, 16)}` : `on ${monthDay(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** The forecast's end, as status and watch say it: it lasts the period, or the day it runs dry. */
export function runOut(c: Colors, b: BudgetedSummary): string {
  if (b.dryDate === null) return c.green('✓ lasts the period');
  if (b.dryDate === b.today) return c.red('✗ runs dry today');
  const days = b.forecast.runwayDays;
  return c.red(`✗ runs dry ${monthDay(b.dryDate)}, in ${days} day${days === 1 ? '' : 's'}`);
}

/** The agents in a title, when not all of them: every character counts in 80 columns. */
export function agentNote(s: Summary): string {
  return s.agent === 'all' ? '' : ` · agent ${s.agent}`;
}

/** No usage at all yet: where each agent's logs were looked for, as status and watch say it. */
export function noUsage(s: Summary): string {
  const roots = s.data.roots.map((r) => `${r.source} ${r.path}${r.exists ? '' : ' (not found)'}`);
  return `No usage found yet. Looked in: ${roots.join(', ') || '(no log folders)'}`;
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
  const s = d.summary;
  const tz = s.timezone;
  const money = (v: number) => (s.unit === 'tokens' ? `${short(v)} tokens` : usd(v, s.currency.symbol));
  const label = (text: string) => `  ${text.padEnd(LABEL_WIDTH)}`;
  const indent = ' '.repeat(LABEL_WIDTH + 2);
  const barWidth = Math.min(50, Math.max(16, o.width - 48));

  const title = `${c.bold('RUNWAY')}  ${monthDay(s.period.start)} – ${monthDay(s.period.lastDay)} · scope ${s.scope}${agentNote(s)} · ${tz}${s.demo ? ` · ${c.magenta('demo')}` : ''}`;
  const time = clock(o.now, tz);
  const gap = o.width - visibleWidth(title) - time.length;
  const head = [gap >= 2 ? `${title}${' '.repeat(gap)}${time}` : title, ''];

  const b = withBudget(s);
  const sec = s.currency.secondary && s.unit === 'usd' ? s.currency.secondary : null;
  const second = (v: number) => (sec ? c.dim(` (${converted(v, sec)})`) : '');
  const burn = `${label('burn')}${money(s.burn.ratePerDay)}/day last 24h · avg ${money(s.burn.avgPerDay)}/day · ${n(s.sessions)} sessions`;
  const method = `${indent}${c.dim(`at ${s.forecast.method}`)}`;
  if (b) {
    const status = { green: c.green, yellow: c.yellow, red: c.red }[b.status];
    const left = b.remaining >= 0 ? `${money(b.remaining)} left` : c.red(`${money(-b.remaining)} over`);
    const todayColour = b.todaysOverBy > 0 || b.todaysRunwayFraction < 0.33 ? c.red : b.todaysRunwayFraction < 0.66 ? c.yellow : c.green;
    const todayLeft = b.todaysOverBy > 0 ? `over by ${money(b.todaysOverBy)}` : `${money(b.todaysRunway)} left`;
    head.push(
      `${label('spent')}${c.bold(money(b.spentToDate))}${second(b.spentToDate)} of ${money(b.budget)} · ${left}`,
      `${label('budget')}${bar(c, barWidth, b.consumedFraction, [b.expectedFraction], status)}  ${Math.round(b.consumedFraction * 100)}%  ${c.dim(`pace │ ${Math.round(b.expectedFraction * 100)}%`)}`,
      `${label('today')}${money(b.spentToday)} of ${money(b.dailyBudget)} daily budget · ${todayColour(todayLeft)}${b.todayIsWorkday ? '' : c.dim(' (not a workday)')}`,
      burn,
      `${label('forecast')}${money(b.projectedSpend)} by ${monthDay(b.period.lastDay)} · ${status(`${b.projectedSurplus >= 0 ? 'surplus' : 'short by'} ${money(Math.abs(b.projectedSurplus))} [${b.status}]`)} · ${runOut(c, b)}`,
      method,
    );
  } else {
    head.push(
      `${label('spent')}${c.bold(money(s.spentToDate))}${second(s.spentToDate)} this period`,
      `  ${c.yellow('no monthly budget')} · ${c.cyan('runway budget 500')} sets one and turns on pacing`,
      burn,
      `${label('forecast')}${money(s.projectedSpend)} by ${monthDay(s.period.lastDay)}`,
      method,
    );
  }
  head.push('');

  head.push(...quotaLines(c, d.quota, { money, now: o.now, tz, label, indent, barWidth }));
  head.push('');

  const tail = ['', `${label('last 14d')}${sparkline(d.last14.map((x) => x.spend))}  ${c.dim(`max ${money(Math.max(...d.last14.map((x) => x.spend)))}/day`)}`];
  if (s.unpriced.length) {
    const responses = s.unpriced.reduce((sum, u) => sum + u.responses, 0);
    tail.push(c.yellow(`  +? ${s.unpriced.length === 1 ? s.unpriced[0]!.model : `${s.unpriced.length} models`}: ${n(responses)} responses this period not priced`));
  }
  if (s.data.responses === 0) tail.push(c.yellow(`  ${noUsage(s)}`));
  for (const e of [s.freshness.scanError, s.configError, d.refreshError]) if (e) tail.push(c.yellow(`  ${e}`));
  const seconds = `${d.intervalSeconds}s`;
  const scanned = s.demo ? 'demo data, nothing scanned' : !d.scanning ? 'not scanning (--no-scan)' : s.freshness.lastScanAt === null ? 'not scanned yet' : `last scan ${clock(s.freshness.lastScanAt, tz)}`;
  const footer = c.dim(`  q quit · refreshes every ${seconds} · ${scanned}`);

  // Today's models fill whatever rows are left; a short terminal drops them first.
  const rows = o.height - head.length - tail.length - 2;
  const models: string[] = [];
  if (rows >= 1) {
    const nameWidth = Math.min(40, Math.max(16, o.width - 46));
    models.push(c.dim(`  ${'today by model'.padEnd(nameWidth + 2)} ${'cost'.padStart(12)} ${'tokens'.padStart(10)} ${'responses'.padStart(10)}`));
    const shown = d.models.length > rows ? d.models.slice(0, rows - 1) : d.models;
    for (const m of shown) {
      const cost = m.unpricedResponses > 0 ? `${m.cost > 0 ? usd(m.cost) : ''} ${c.yellow('+?')}` : usd(m.cost);
      models.push(`    ${shortModel(m.model).slice(0, nameWidth).padEnd(nameWidth)} ${' '.repeat(Math.max(0, 12 - visibleWidth(cost)))}${cost} ${short(m.tokens).padStart(10)} ${n(m.responses).padStart(10)}`);
    }
    if (shown.length < d.models.length) models.push(c.dim(`    … and ${d.models.length - shown.length} more`));
    if (!d.models.length) models.push(c.dim('    no usage yet today'));
  }
  let lines = [...head, ...models, ...tail, footer];
  if (lines.length > o.height) lines = [...lines.slice(0, Math.max(0, o.height - 1)), footer];
  return lines.map((l) => fit(l, o.width));
}

/** The 5h/7d quota bars with their details, or the estimated 5-hour block without readings. */
export function quotaLines(
  c: Colors,
  q: Quota,
  o: { money: (v: number) => string; now: number; tz: string; label: (t: string) => string; indent: string; barWidth: number },
): string[] {
  if (!q.windows.length) return blockLines(c, q, o.money, o.now, o.tz, o.label, o.indent);
  const { warn, alarm } = q.thresholds;
  const out: string[] = [];
  for (const w of q.windows) {
    const colour = { ok: c.green, warn: c.yellow, alarm: c.red }[w.level];
    const reset = w.expired ? c.dim('reset since') : w.resetInMs === null ? c.dim('reset time unknown') : `resets in ${countdown(w.resetInMs)}`;
    out.push(
      `${o.label(`${w.label} quota`)}${bar(c, o.barWidth, w.usedPercentage / 100, [warn / 100, alarm / 100], colour)}  ${colour(`${Math.round(w.usedPercentage)}%`)}  ${reset}`,
      `${o.indent}${quotaDetail(c, w, o.now, o.tz)}`,
    );
  }
  return out;
}

function quotaDetail(c: Colors, w: QuotaFigures, nowMs: number, tz: string): string {
  if (w.expired) return c.dim(`the window reset after the last reading (${Math.round(w.usedPercentage)}% ${at(w.observedAt, nowMs, tz)})`);
  if (w.burnRate === null || w.exhaustsAt === null) return c.dim('not burning');
  const rate = `${w.burnRate.toFixed(1)}%/${w.rateUnit === 'hour' ? 'h' : 'day'}`;
  const full = w.exhaustsAt <= nowMs ? 'full now' : `full ${at(w.exhaustsAt, nowMs, tz)}`;
  if (w.reserveMs === null) return `${rate} · ${full}`;
  const reserve = w.reserveMs >= 0 ? c.green(`+${countdown(w.reserveMs)} to spare`) : c.red(`-${countdown(w.reserveMs)}: runs out before the reset`);
  return `${rate} · ${full} · ${reserve}`;
}

/** Without quota readings: the current 5-hour block as the logs show it. */
function blockLines(c: Colors, q: Quota, money: (v: number) => string, nowMs: number, tz: string, label: (t: string) => string, indent: string): string[] {
  const b = q.blocks.find((x) => x.active);
  const note = c.dim('estimated from logs · quota bars: runway statusline --install');
  if (!b) return [`${label('5h block')}no usage in the current 5 hours`, `${indent}${note}`];
  const projected = b.projection ? ` → ${money(b.projection.cost)} ${at(b.end, nowMs, tz)} at this pace` : '';
  return [`${label('5h block')}${money(b.cost)} so far${projected} · ${countdown(b.end - nowMs)} left`, `${indent}${note}`];
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
