// Reads for the ledger check: Claude Code's running totals and the responses they cover.
import type { Db } from './db.js';

export interface LedgerRow {
  sessionId: string;
  ts: number;
  usedUsd: number;
}

/** The ledger entries written in [fromMs, toMs), per session, oldest first. */
export function ledgerRows(db: Db, fromMs: number, toMs: number): LedgerRow[] {
  return db.prepare(`SELECT session_id AS sessionId, ts, used_usd AS usedUsd FROM ledger
    WHERE ts >= ? AND ts < ? ORDER BY session_id, ts, used_usd`).all(fromMs, toMs) as LedgerRow[];
}
