// Claude Code's own ledger against Runway's prices: from 2.1.200 a transcript records the
// session's list-price spend so far (budget_usd). Pricing the same session's responses up
// to each record with Runway's table is an independent check of that table on the user's
// own data: agreement means every rate and rule that session touched is right.
import type { Db } from '../store/db.js';
import { ledgerRows, type LedgerRow } from '../store/ledger.js';
import { sessionResponseRows } from '../store/responses.js';
import { priceRow, type Pricing } from './usage.js';

/** Differences below this share of Claude Code's figure (0.01%) are agreement. */
export const LEDGER_TOLERANCE = 1e-4;
/** Or below a millionth of a dollar, for the first cents of a session. */
const ABSOLUTE_TOLERANCE = 1e-6;
/** The disagreements listed, largest first. */
const LISTED = 5;

export interface LedgerDisagreement {
  sessionId: string;
  ts: number;
  claudeCodeUsd: number;
  runwayUsd: number;
  /** (Runway − Claude Code) / Claude Code; null when Claude Code's figure is 0. */
  difference: number | null;
  /** The models the session used up to the record. */
  models: string[];
}

export interface LedgerCheck {
  /** Records compared (those whose responses could all be priced). */
  checkpoints: number;
  sessions: number;
  agreeing: number;
  /** Records not compared: a response before them has no price. */
  unpriced: number;
  /** The largest difference, as a share of Claude Code's figure; null with nothing compared. */
  worst: number | null;
  disagreements: LedgerDisagreement[];
  /** One line for the screen; null when the logs carry no such records. */
  note: string | null;
}

/**
 * Compares each ledger record written in [fromMs, toMs) with Runway's list-price cost of the
 * same session's responses up to the record's time. Logged costs are ignored: Claude Code's
 * figure is a list price, so the check is of the price table alone.
 */
export function ledgerCheck(db: Db, pricing: Pricing, fromMs: number, toMs: number): LedgerCheck {
  const entries = ledgerRows(db, fromMs, toMs);
  const bySession = new Map<string, LedgerRow[]>();
  for (const e of entries) {
    const list = bySession.get(e.sessionId);
    if (list) list.push(e);
    else bySession.set(e.sessionId, [e]);
  }
  const listPrice: Pricing = { table: pricing.table, mode: 'calculate' };
  const check: LedgerCheck = { checkpoints: 0, sessions: 0, agreeing: 0, unpriced: 0, worst: null, disagreements: [], note: null };
  const disagreements: (LedgerDisagreement & { gap: number })[] = [];
  const last = entries.reduce((m, e) => Math.max(m, e.ts), 0);

  let session: string | null = null;
  let cost = 0;
  let unpriced = false;
  let models = new Set<string>();
  let pending: LedgerRow[] = [];
  let next = 0;
  const settle = (upTo: number) => {
    // Every record up to `upTo` has seen all responses before it.
    for (; next < pending.length && pending[next]!.ts < upTo; next++) {
      const e = pending[next]!;
      if (unpriced) {
        check.unpriced++;
        continue;
      }
      check.checkpoints++;
      const gap = Math.abs(cost - e.usedUsd);
      const difference = e.usedUsd > 0 ? (cost - e.usedUsd) / e.usedUsd : null;
      // Against a figure of $0, any cost is all of it: 100%, never an infinite share.
      const share = difference === null ? (gap > ABSOLUTE_TOLERANCE ? 1 : 0) : Math.abs(difference);
      if (check.worst === null || share > check.worst) check.worst = share;
      if (gap <= ABSOLUTE_TOLERANCE || share <= LEDGER_TOLERANCE) check.agreeing++;
      else disagreements.push({ sessionId: e.sessionId, ts: e.ts, claudeCodeUsd: e.usedUsd, runwayUsd: cost, difference, models: [...models].sort(), gap: share });
    }
  };
  const start = (id: string) => {
    settle(Infinity);
    session = id;
    cost = 0;
    unpriced = false;
    models = new Set();
    pending = bySession.get(id) ?? [];
    next = 0;
    if (pending.length) check.sessions++;
  };

  const sessions = [...bySession.keys()];
  const visited = new Set<string>();
  for (const r of sessions.length ? sessionResponseRows(db, sessions, last) : []) {
    if (r.session_id !== session) {
      start(r.session_id!);
      visited.add(r.session_id!);
    }
    // A record written at the same millisecond as a response follows it.
    settle(r.ts);
    const priced = priceRow(r, r.ts, listPrice);
    if (priced.cost === null) unpriced = true;
    else cost += priced.cost;
    if (r.model) models.add(r.model);
  }
  // Sessions with records and no response in the database: compared with $0.
  for (const id of sessions) if (!visited.has(id)) start(id);
  settle(Infinity);

  check.disagreements = disagreements.sort((a, b) => b.gap - a.gap).slice(0, LISTED).map(({ gap: _gap, ...d }) => d);
  check.note = noteFor(check);
  return check;
}

function noteFor(c: LedgerCheck): string | null {
  if (c.checkpoints === 0 && c.unpriced === 0) return null;
  const records = `${c.checkpoints} checkpoint${c.checkpoints === 1 ? '' : 's'}`;
  const skipped = c.unpriced ? ` (${c.unpriced} not compared: unpriced usage)` : '';
  if (c.checkpoints === 0) return `Claude Code's own figures: none compared, every session holds unpriced usage${skipped}`;
  const disagreeing = c.checkpoints - c.agreeing;
  if (disagreeing === 0) return `Claude Code's own figures agree within 0.01% over ${records}${skipped}`;
  const d = c.disagreements[0]!;
  const by = d.difference === null ? `$${d.runwayUsd.toFixed(4)} against $0` : `${d.difference > 0 ? '+' : '−'}${(Math.abs(d.difference) * 100).toFixed(2)}%`;
  return `Claude Code's own figures differ on ${disagreeing} of ${records}${skipped}; most in session ${d.sessionId.slice(0, 8)} (${d.models.join(', ') || 'no model'}): Runway ${by}`;
}
