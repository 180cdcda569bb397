// What could be spent less, from a range's Work and a few facts about the set-up (passed in,
// so this stays free of I/O): findings, each with what was measured, the saving at the price
// table's rates (null when a model has no price, never $0) and a fix to paste, rolled up into
// a grade. Savings are estimates of the same work done the cheaper way; README "runway
// optimize" documents every threshold and the rubric.
import type { PriceTable } from '../../core/pricing.js';
import type { Work } from '../where.js';
import { contextBloat, expensiveShortTurns, largeClaudeMd, lowCacheHit, outliers, rereads, uncappedBash, unusedMcp } from './findings.js';
import { sessionsOf } from './measure.js';
import { GRADE_BANDS, type Finding, type Grade, type OptimizeFacts, type OptimizeReport, type Severity } from './rules.js';

export type { Finding, OptimizeFacts, OptimizeReport } from './rules.js';

/** Each point of spend share saved costs two points of score: 1% → 98, 5% → 90, 30% → 40. */
export function gradeOf(savedShare: number): { score: number; grade: Grade } {
  const score = Math.max(0, Math.round(100 - 200 * savedShare));
  return { score, grade: GRADE_BANDS.find(([, min]) => score >= min)?.[0] ?? 'F' };
}

export function optimize(work: Work, table: PriceTable, facts: OptimizeFacts): OptimizeReport {
  const sessions = sessionsOf(work);
  let spend = 0;
  let unpricedCalls = 0;
  for (const r of work.responses) {
    if (r.cost === null) unpricedCalls++;
    else spend += r.cost;
  }
  const found = [
    lowCacheHit(sessions, table),
    ...expensiveShortTurns(work, table),
    contextBloat(sessions, table),
    rereads(sessions, table),
    uncappedBash(work, table, facts),
    ...largeClaudeMd(sessions, table, facts),
    unusedMcp(work, facts),
    outliers(sessions, spend),
  ].filter((f): f is Omit<Finding, 'severity'> => f !== null);
  const findings = found.map((f) => ({ ...f, savingTokens: f.savingTokens === null ? null : Math.round(f.savingTokens), severity: severity(f.savingUsd, spend) }));
  findings.sort((a, b) => (b.savingUsd ?? -1) - (a.savingUsd ?? -1) || a.id.localeCompare(b.id));
  const savedShare = spend > 0 ? 1 - findings.reduce((left, f) => left * (1 - Math.min(1, Math.max(0, f.savingUsd ?? 0) / spend)), 1) : null;
  const graded = savedShare === null ? null : gradeOf(savedShare);
  return {
    grade: graded?.grade ?? null,
    score: graded?.score ?? null,
    findings,
    totals: { spend, calls: work.responses.length, unpricedCalls, sessions: sessions.length, turns: work.turns.length, savedShare },
  };
}

function severity(saving: number | null, spend: number): Severity {
  const share = saving === null || spend <= 0 ? 0 : saving / spend;
  return share >= 0.05 ? 'high' : share >= 0.01 ? 'medium' : 'low';
}
