// What the findings measure with: a range's sessions, the calls and prompts of a response,
// and a saving priced at the table's rates the cheaper way (null when a model has no price).
import type { PriceTable } from '../../core/pricing.js';
import type { WorkRow } from '../../store/responses.js';
import { priceRow } from '../usage.js';
import type { Work, WorkResponse } from '../where.js';

export interface Session {
  id: string;
  agent: string;
  project: string;
  responses: WorkResponse[];
  cost: number;
  unpriced: number;
  prompt: number;
  read: number;
  output: number;
}

export const promptOf = (r: WorkRow) => r.inputTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens + r.cacheReadTokens;
export const newPrompt = (r: WorkRow) => r.inputTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens;

export function sessionsOf(work: Work): Session[] {
  const byKey = new Map<string, Session>();
  for (const r of work.responses) {
    const row = r.row;
    if (row.session_id === null) continue;
    const key = `${row.agent}\0${row.session_id}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { id: row.session_id, agent: row.agent, project: row.project ?? '', responses: [], cost: 0, unpriced: 0, prompt: 0, read: 0, output: 0 }));
    s.responses.push(r);
    if (r.cost === null) s.unpriced++;
    else s.cost += r.cost;
    s.prompt += promptOf(row);
    s.read += row.cacheReadTokens;
    s.output += row.outputTokens;
  }
  return [...byKey.values()];
}

export const list = (v: string | null) => (v ? v.split(',') : []);
export const pctText = (v: number) => `${(v * 100).toFixed(1)}%`;
export const usdText = (v: number) => `$${v.toFixed(2)}`;
export const count = (v: number) => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The response that carries a response's tool results: the next one of the same thread in its turn. */
export function nextInTurn(r: WorkResponse): WorkRow | null {
  const rs = r.turn.responses;
  for (let i = rs.indexOf(r) + 1; i < rs.length; i++) if (rs[i]!.row.agent_id === r.row.agent_id) return rs[i]!.row;
  return null;
}

/** The calls a response made that return a result: its action labels but checks (a check labels a run). */
export const callsOf = (row: WorkRow) => Math.max(1, list(row.actions).filter((a) => !a.startsWith('check:')).length, list(row.tools).length);


/** A row's cost at the table's rates with some of its fields changed; null when unpriced. */
export function calc(row: WorkRow, table: PriceTable, change: Partial<WorkRow> = {}): number | null {
  return priceRow({ ...row, ...change }, row.ts, { table, mode: 'calculate' }).cost;
}

/** Known dollars and tokens, and how many parts could not be priced. */
export interface Saving {
  usd: number;
  tokens: number;
  known: number;
  unknown: number;
}
export const saving = (): Saving => ({ usd: 0, tokens: 0, known: 0, unknown: 0 });

export function addSaving(s: Saving, row: WorkRow, table: PriceTable, change: Partial<WorkRow>, tokens: number): void {
  const before = calc(row, table);
  const after = calc(row, table, change);
  s.tokens += tokens;
  if (before === null || after === null) s.unknown++;
  else {
    s.usd += before - after;
    s.known++;
  }
}

/** A part of a row's new prompt (uncached input and cache writes) priced alone, e.g. one tool's result. */
export function addNewPrompt(s: Saving, row: WorkRow, table: PriceTable, share: number): void {
  const cost = calc(row, table, { outputTokens: 0, cacheReadTokens: 0, webSearchRequests: 0 });
  s.tokens += newPrompt(row) * share;
  if (cost === null) s.unknown++;
  else {
    s.usd += cost * share;
    s.known++;
  }
}

/** Unknown when any part was unpriced and none known; a known part is never hidden. */
export const usdOf = (s: Saving) => (s.known === 0 && s.unknown > 0 ? null : s.usd);
export const unknownNote = (s: Saving) => (s.unknown ? ` ${s.unknown} of them on a model without a price, so that part of the saving is unknown.` : '');
