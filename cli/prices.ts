// `runway prices [MODEL]`: the effective price table for the models in the database (or every
// model it knows, --all): each rate, where it comes from and the days it applies, and for a
// model without a price the config lines that would price it.
import type { ModelPricing, PriceTable, Rates } from '../core/pricing.js';
import { addDays, dateInZone } from '../core/calendar.js';
import { modelsSeen } from '../store/rollups.js';
import { ledgerCheck, type LedgerCheck } from '../figures/ledger.js';
import { nowMs } from '../lib/clock.js';
import { pricing, scanFirst, type CommandResult, type Context } from './context.js';
import { n } from './format.js';

export interface PriceRow {
  model: string;
  responses: number | null;
  /** One entry per span of days with the same rates, oldest first; empty when unpriced. */
  spans: PriceSpan[];
  /** For a model without a price: the config entry that would give it one. */
  configSnippet: string | null;
}

export interface PriceSpan {
  /** First day (UTC) the rates apply; null: from the start of the data. */
  from: string | null;
  /** Last day they apply; null: still in force. */
  until: string | null;
  matched: string;
  source: string;
  /** USD per million tokens. */
  rates: Rates;
  longContext: { above: number; rates: Rates } | null;
  fastMultiplier: number | null;
  usOnlyMultiplier: number;
  webSearchPer1k: number;
}

export async function pricesCommand(ctx: Context, values: { all?: boolean }, model: string | undefined): Promise<CommandResult> {
  if (!model && !values.all) scanFirst(ctx);
  const p = await pricing(ctx);
  const { table } = p;
  const now = nowMs(ctx.env);
  const seen = new Map(modelsSeen(ctx.db).map((m) => [m.model, m.responses]));
  const names = model ? [model] : values.all ? table.knownIds().sort() : [...seen.keys()];
  const rows = names.map((name) => priceRow(table, name, seen.get(name) ?? null, now));
  // Every record the logs hold: the check is of the table, not of a period.
  const ledger = ledgerCheck(ctx.db, p, 0, now + 1);
  if (ctx.flags.json) return JSON.stringify({ priceSource: table.source, models: rows, ledger }, null, 2);
  const check = ledger.note ? [`Check: ${ledger.note}.`, ...ledger.disagreements.map(disagreement), ''] : [];
  if (!rows.length) return `No models in the database yet. Prices: ${table.source}. \`runway prices --all\` lists every model Runway knows.`;
  return [`Prices: ${table.source} (USD per million tokens)`, ...check, '', ...rows.flatMap(render)].join('\n');
}

function priceRow(table: PriceTable, model: string, responses: number | null, now: number): PriceRow {
  const today = dateInZone(now, 'UTC');
  const starts = table.changes(model);
  const spans: PriceSpan[] = [];
  const bounds: (string | null)[] = [null, ...starts];
  bounds.forEach((from, i) => {
    const next = bounds[i + 1] ?? null;
    // Each span is read on its first day; the first one on the day before the first change (or today).
    const day = from ?? (next ? addDays(next, -1) : today);
    const p = table.lookup(model, new Date(`${day}T12:00:00Z`));
    if (p) spans.push(span(p, from, next ? addDays(next, -1) : null));
  });
  const configSnippet = spans.length ? null : `"prices": { ${JSON.stringify(model)}: { "input": 0, "output": 0 } }`;
  return { model, responses, spans, configSnippet };
}

function span(p: ModelPricing, from: string | null, until: string | null): PriceSpan {
  return {
    from, until, matched: p.modelId, source: p.from, rates: p.base,
    longContext: p.longContext ? { above: p.longContextThreshold, rates: p.longContext } : null,
    fastMultiplier: p.fastMultiplier, usOnlyMultiplier: p.usOnlyMultiplier, webSearchPer1k: p.webSearchPer1k,
  };
}

function disagreement(d: LedgerCheck['disagreements'][number]): string {
  const by = d.difference === null ? 'against $0' : `${d.difference > 0 ? '+' : '−'}${(Math.abs(d.difference) * 100).toFixed(3)}%`;
  return `  session ${d.sessionId} at ${new Date(d.ts).toISOString()}: Claude Code $${d.claudeCodeUsd.toFixed(6)}, Runway $${d.runwayUsd.toFixed(6)} (${by}; ${d.models.join(', ') || 'no model'})`;
}

// Cents as money is written; a rate finer than a cent ($0.125) keeps its digits.
const rate = (v: number) => `$${Number.isInteger(Math.round(v * 1e6) / 1e4) ? v.toFixed(2) : String(Number(v.toFixed(6)))}`;
const rateLine = (r: Rates) => `in ${rate(r.input)} · out ${rate(r.output)} · 5m write ${rate(r.cacheWrite5m)} · 1h write ${rate(r.cacheWrite1h)} · read ${rate(r.cacheRead)}`;

function render(row: PriceRow): string[] {
  const seen = row.responses === null ? '' : ` (${n(row.responses)} ${row.responses === 1 ? 'response' : 'responses'})`;
  if (!row.spans.length) {
    return [`${row.model}${seen}: no price, so its usage is reported unpriced. To price it, add to the config (USD per million tokens):`, `  ${row.configSnippet}`, ''];
  }
  const lines = [`${row.model}${seen}`];
  for (const s of row.spans) {
    const when = [s.from ? `from ${s.from}` : '', s.until ? `until ${s.until}` : ''].filter(Boolean).join(' ');
    lines.push(`  ${when ? `${when}: ` : ''}${s.matched === row.model.toLowerCase() ? '' : `as ${s.matched}, `}${s.source}`);
    lines.push(`    ${rateLine(s.rates)}`);
    if (s.longContext) lines.push(`    prompt over ${n(s.longContext.above)} tokens, the whole request: ${rateLine(s.longContext.rates)}`);
    const extras = [
      s.fastMultiplier === null ? 'fast mode: no price (unpriced)' : `fast mode ${s.fastMultiplier}×`,
      s.usOnlyMultiplier !== 1 ? `US-only inference ${s.usOnlyMultiplier}×` : null,
      `web search $${s.webSearchPer1k} per 1,000`,
    ].filter(Boolean);
    lines.push(`    ${extras.join(' · ')}`);
  }
  lines.push('');
  return lines;
}
