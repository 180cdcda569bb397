// Quota readings in the database: the status line writes them, every surface reads the latest.
import type { Db } from './db.js';
import { QUOTA_WINDOWS, quotaFigures, type QuotaFigures, type QuotaReading, type QuotaThresholds, type QuotaWindow } from '../core/quota.js';

/** Readings older than this are dropped as new ones arrive: the 7-day window is the longest that matters. */
const KEEP_MS = 35 * 86_400_000;

/** Stores each reading that differs from its window's latest. Returns how many were stored. */
export function recordReadings(db: Db, readings: QuotaReading[], sessionId: string | null): number {
  if (!readings.length) return 0;
  const latest = db.prepare('SELECT used_percentage AS used, resets_at AS resetsAt FROM quota_snapshots WHERE window = ? ORDER BY ts DESC LIMIT 1');
  const insert = db.prepare('INSERT OR REPLACE INTO quota_snapshots (window, ts, used_percentage, resets_at, session_id) VALUES (?, ?, ?, ?, ?)');
  const prune = db.prepare('DELETE FROM quota_snapshots WHERE window = ? AND ts < ?');
  let stored = 0;
  // The write lock is taken up front: a read that later upgrades to a write fails at once
  // (SQLITE_BUSY, no busy timeout) when another process committed in between.
  db.transaction(() => {
    for (const r of readings) {
      const prev = latest.get(r.window) as { used: number; resetsAt: number | null } | undefined;
      if (prev && prev.used === r.usedPercentage && prev.resetsAt === r.resetsAt) continue;
      insert.run(r.window, r.ts, r.usedPercentage, r.resetsAt, sessionId);
      prune.run(r.window, r.ts - KEEP_MS);
      stored++;
    }
  }).immediate();
  return stored;
}

export function latestReading(db: Db, window: QuotaWindow): QuotaReading | null {
  const row = db
    .prepare('SELECT ts, used_percentage AS usedPercentage, resets_at AS resetsAt FROM quota_snapshots WHERE window = ? ORDER BY ts DESC LIMIT 1')
    .get(window) as Omit<QuotaReading, 'window'> | undefined;
  return row ? { window, ...row } : null;
}

/** The figures of each window that has a reading. */
export function quotaNow(db: Db, nowMs: number, t: QuotaThresholds): QuotaFigures[] {
  const out: QuotaFigures[] = [];
  for (const { window } of QUOTA_WINDOWS) {
    const r = latestReading(db, window);
    if (r) out.push(quotaFigures(r, nowMs, t));
  }
  return out;
}
