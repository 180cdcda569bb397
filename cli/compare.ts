// `runway compare [MODEL...]`: models side by side over the range (figures/compare.ts); the
// models named, in that order, else all of them; as columns, four to a table.
import { compareModels, type ModelFigures } from '../figures/compare.js';
import { UserError, type Context } from './context.js';
import { n, table, tail, usd } from './format.js';
import { costText, pct } from './where.js';
import { rangeWork } from './work.js';

export interface CompareAnswer {
  since: string;
  until: string;
  models: ModelFigures[];
}

export async function compareCommand(ctx: Context, models: string[]): Promise<string> {
  const { range, work } = await rangeWork(ctx);
  const all = compareModels(work);
  const missing = models.filter((m) => !all.some((f) => f.model === m));
  if (missing.length) {
    const there = all.length ? `the models there are: ${all.map((f) => f.model).join(', ')}` : 'it has no usage';
    throw new UserError(`${missing.map((m) => JSON.stringify(m)).join(', ')} not in ${range.since} – ${range.until}; ${there}`);
  }
  const picked = models.length ? [...new Set(models)].map((m) => all.find((f) => f.model === m)!) : all;
  const answer: CompareAnswer = { since: range.since, until: range.until, models: picked };
  return ctx.flags.json ? JSON.stringify(answer, null, 2) : render(answer);
}

const PER_TABLE = 4;
const money = (v: number | null) => (v === null ? '—' : usd(v));
const FIGURES: [string, (m: ModelFigures) => string][] = [
  ['calls', (m) => n(m.calls)],
  ['cost', (m) => costText(m.cost, m.unpricedCalls)],
  ['turns', (m) => n(m.turns)],
  ['one-shot', (m) => pct(m.oneShotRate)],
  ['retry', (m) => pct(m.retryRate)],
  ['$/edit turn', (m) => money(m.costPerEditTurn)],
  ['$/call', (m) => money(m.costPerCall)],
  ['out/call', (m) => n(m.outputPerCall)],
  ['cache hit', (m) => pct(m.cacheHit)],
  ['delegation', (m) => pct(m.delegationShare)],
  ['planning', (m) => pct(m.planningShare)],
];

async function render(a: CompareAnswer): Promise<string> {
  const title = `Models compared, ${a.since} – ${a.until}`;
  if (!a.models.length) return `${title}: no usage in this range.`;
  // Eleven figures do not fit 80 columns as a row: more than four models take several tables.
  const tables: string[] = [];
  for (let i = 0; i < a.models.length; i += PER_TABLE) {
    const models = a.models.slice(i, i + PER_TABLE);
    tables.push(await table([{ head: '', align: 'left' }, ...models.map((m) => ({ head: tail(m.model, 14) }))], FIGURES.map(([name, f]) => [name, ...models.map(f)])));
  }
  return [title, ...tables, 'One-shot, retry, $/edit turn, delegation and planning: the turns each model led;\nthe rest: the calls it made.'].join('\n');
}
