// `runway status`: the one-shot terminal snapshot. It prints the very figures
// /api/summary serves, from the same builder.
import { topProjects } from '../figures/dashboard.js';
import { lastDays, quotaOf, summaryOf, usageFor, withBudget } from '../figures/summary.js';
import type { Quota, Summary } from '../figures/answers.js';
import { agentNote, noUsage, quotaLines, runOut } from './watch-render.js';
import { pricing, scanFirst, snapshotState, usageFilter, type Context } from './context.js';
import { converted, monthDay, n, pc, short, sparkline, tail, usd } from './format.js';

const BAR_WIDTH = 28;

export async function statusCommand(ctx: Context): Promise<string> {
  const filter = usageFilter(ctx);
  const report = scanFirst(ctx);
  const p = await pricing(ctx);
  const state = snapshotState(ctx, p, report?.roots);
  const summary = summaryOf(state, filter);
  const projects = topProjects(usageFor(state, filter).u, 5);
  const last14 = lastDays(ctx.db, summary, filter, 14, p);
  const quota = quotaOf(state, filter);
  if (ctx.flags.json) return JSON.stringify({ ...summary, topProjects: projects, last14Days: last14, quota }, null, 2);
  return render(summary, projects, last14, quota);
}

function bar(fraction: number, marker: number | null): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  const cells: string[] = Array.from({ length: BAR_WIDTH }, (_, i) => (i < filled ? '█' : '░'));
  // The pace marker: where spend would be if it followed the workdays.
  if (marker !== null) cells[Math.min(BAR_WIDTH - 1, Math.round(marker * BAR_WIDTH))] = '│';
  return cells.join('');
}

function render(s: Summary, projects: ReturnType<typeof topProjects>, last14: { date: string; spend: number }[], quota: Quota): string {
  const money = (v: number) => (s.unit === 'tokens' ? `${short(v)} tokens` : usd(v, s.currency.symbol));
  const second = (v: number) => {
    const c = s.currency.secondary;
    return c && s.unit === 'usd' ? pc.dim(` (${converted(v, c)})`) : '';
  };
  const label = (text: string) => `  ${text.padEnd(12)}`;
  const lines = [
    `${pc.bold('RUNWAY')}   ${s.period.start} – ${s.period.lastDay} · resets on day ${s.period.resetDay} · scope ${s.scope}${agentNote(s)} · ${s.timezone}${s.demo ? ' · demo' : ''}`,
    '',
  ];
  const b = withBudget(s);
  const colour = b ? { green: pc.green, yellow: pc.yellow, red: pc.red }[b.status] : pc.dim;
  if (!b) {
    lines.push(
      `  ${pc.bold(money(s.spentToDate))} spent this period${second(s.spentToDate)}`,
      `  ${pc.yellow('no monthly budget set')}: ${pc.cyan('runway budget 500')} sets one and turns on pacing`,
      '',
    );
  } else {
    lines.push(
      `  ${pc.bold(money(b.spentToDate))} / ${money(b.budget)}${second(b.spentToDate)}   ${colour(bar(b.consumedFraction, b.expectedFraction))}  ${Math.round(b.consumedFraction * 100)}%`,
      `  ${pc.dim(`│ = where the workdays say spend should be (${Math.round(b.expectedFraction * 100)}%)`)}`,
      '',
      `${label('today')}${money(b.spentToday)} of ${money(b.dailyBudget)} daily budget · ${b.todaysOverBy > 0 ? pc.red(`over by ${money(b.todaysOverBy)}`) : `${money(b.todaysRunway)} left`}${b.todayIsWorkday ? '' : pc.dim(' (not a workday)')}`,
      `${label('workdays')}${b.workdaysRemaining} of ${b.totalWorkdays} left`,
    );
  }
  lines.push(`${label('burn rate')}${money(s.burn.ratePerDay)}/day (last 24h)   avg ${money(s.burn.avgPerDay)}/day this period`);
  if (b) {
    lines.push(`${label('forecast')}${money(b.projectedSpend)} by ${monthDay(b.period.lastDay)} · ${colour(`${b.projectedSurplus >= 0 ? 'surplus' : 'short by'} ${money(Math.abs(b.projectedSurplus))} [${b.status}]`)} · ${runOut(pc, b)}`);
  } else {
    lines.push(`${label('forecast')}${money(s.projectedSpend)} by ${monthDay(s.period.lastDay)}`);
  }
  lines.push(`${' '.repeat(14)}${pc.dim(`each workday left at ${s.forecast.method} (${money(s.avgWorkdaySpend)} a workday)`)}`);
  lines.push(`${label('sessions')}${n(s.sessions)} this period`, '');
  lines.push(...quotaLines(pc, quota, { money, now: s.generatedAt, tz: s.timezone, label, indent: ' '.repeat(14), barWidth: BAR_WIDTH }));
  if (s.calibration.note) lines.push(`${label('calibration')}${s.calibration.note}`);
  if (s.calibration.error) lines.push(pc.yellow(`  calibration file not used: ${s.calibration.error}`));
  if (s.ledger.note) lines.push(`${label('ledger')}${s.ledger.agreeing === s.ledger.checkpoints ? s.ledger.note : pc.yellow(s.ledger.note)}`);
  if (projects.length) {
    lines.push('', '  top projects');
    for (const p of projects) lines.push(`    ${tail(p.name, 26).padEnd(26)} ${money(p.cost).padStart(12)}  ${pc.dim(`${Math.round(p.share * 100)}%`)}`);
  }
  lines.push('', `${label('last 14d')}${sparkline(last14.map((d) => d.spend))}   ${pc.dim(`max ${money(Math.max(...last14.map((d) => d.spend)))}/day`)}`, '');
  for (const u of s.unpriced) lines.push(pc.yellow(`  +? ${u.model}: ${n(u.responses)} responses, ${n(u.tokens)} tokens not priced (${u.reason})`));
  lines.push(pc.dim(`  ${n(s.totals.responses)} responses · ${n(s.totals.tokens)} tokens this period · prices: ${s.priceSource} · nothing leaves this machine`));
  if (s.data.responses === 0) lines.push(pc.yellow(`  ${noUsage(s)}`));
  return lines.join('\n');
}
