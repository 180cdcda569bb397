// `runway where [--by …]`: where the money of a range went, as one table that adds up to
// the range's total (figures/where.ts), with one-shot rates where groups hold whole turns.
import { configuredMcpServers } from '../sources/claude-code/mcp-config.js';
import { WHERE_BY, whereReport, type WhereBy, type WhereReport, type WhereRow } from '../figures/where.js';
import { UserError, type Context } from './context.js';
import { n, pc, table, tail, usd } from './format.js';
import { rangeWork } from './work.js';

export function whereBy(value: string | undefined): WhereBy {
  const by = value ?? 'activity';
  if (!(WHERE_BY as readonly string[]).includes(by)) throw new UserError(`--by ${JSON.stringify(by)}: expected one of ${WHERE_BY.join(', ')}`);
  return by as WhereBy;
}

export interface WhereAnswer extends WhereReport {
  since: string;
  until: string;
  /** --by mcp: servers in Claude Code's config that no response of the range called. */
  unusedMcpServers: string[];
}

export interface WhereFlags {
  by?: string;
}

export async function whereCommand(ctx: Context, values: WhereFlags): Promise<string> {
  const by = whereBy(values.by);
  const { range, work } = await rangeWork(ctx);
  const report = whereReport(work, by);
  const unused = by === 'mcp' ? unusedServers(ctx, report, work.turns.map((t) => t.project)) : [];
  const answer: WhereAnswer = { since: range.since, until: range.until, ...report, unusedMcpServers: unused };
  if (ctx.flags.json) return JSON.stringify(answer, null, 2);
  return render(answer);
}

function unusedServers(ctx: Context, report: WhereReport, projects: string[]): string[] {
  const used = new Set(report.rows.map((r) => r.name));
  return configuredMcpServers(ctx.env, new Set(projects.filter(Boolean))).filter((s) => !used.has(s));
}

export const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)}%`);
export const costText = (cost: number | null, unpriced: number) =>
  cost === null ? pc.yellow('unpriced') : unpriced > 0 ? `${usd(cost)} ${pc.yellow(`+${n(unpriced)} unpriced`)}` : usd(cost);

async function render(a: WhereAnswer): Promise<string> {
  const turns = a.rows.some((r) => r.turns !== null);
  const head = [{ head: a.by, align: 'left' as const }, { head: 'calls', align: 'right' as const }, ...(turns ? [{ head: 'turns', align: 'right' as const }] : []),
    { head: 'cost', align: 'right' as const }, { head: 'share', align: 'right' as const },
    ...(turns ? [{ head: 'one-shot', align: 'right' as const }, { head: 'retry', align: 'right' as const }] : [])];
  const line = (r: Pick<WhereRow, 'calls' | 'cost' | 'unpricedCalls' | 'share' | 'turns' | 'oneShotRate' | 'retryRate'>, name: string) => [
    name, n(r.calls), ...(turns ? [r.turns === null ? '' : n(r.turns)] : []), costText(r.cost, r.unpricedCalls), pct(r.share),
    ...(turns ? [pct(r.oneShotRate), pct(r.retryRate)] : []),
  ];
  const rows = a.rows.flatMap((r) => [
    line(r, tail(r.name, 48)),
    ...r.tools.map((t) => [`  ${tail(t.name, 46)}`, n(t.calls), ...(turns ? [''] : []), costText(t.cost, 0), '', ...(turns ? ['', ''] : [])]),
  ]);
  rows.push(line({ ...a.total, share: a.total.calls ? 1 : null }, pc.bold('Total')));
  const out = [`Where the money went, ${a.since} – ${a.until}, by ${a.by}`, await table(head, rows)];
  if (a.by === 'tool' || a.by === 'program' || a.by === 'mcp') {
    out.push(pc.dim('A call that used several counts under each; its cost is split evenly between them, so the costs add up to the total.'));
  }
  for (const u of a.unlabelled) {
    out.push(pc.dim(`${u.agent}: ${n(u.calls)} calls without turns or tool labels in its logs: counted as General, with no one-shot figure.`));
  }
  if (a.unusedMcpServers.length) out.push(`Configured but not called in this range: ${a.unusedMcpServers.join(', ')}`);
  return out.join('\n');
}
