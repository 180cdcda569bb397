// Priced rows per local day, kept between reads: a day's rows are read from the rollup and
// priced again only when a commit changed one of the UTC days they come from (the rollup's
// day versions), so after a new response only today is summed, not the whole period.
import type { Db } from '../store/db.js';
import { dataDays, dayVersions, keepDays, keptDays } from '../store/day-figures.js';
import { addDays, dateInZone } from '../core/calendar.js';
import { packageVersion } from '../lib/paths.js';
import { filterKey } from './filter.js';
import { localMidnight, zoneOffset } from '../core/zones.js';
import { pricedRows, type PricedRow, type Pricing, type UsageQuery } from './usage.js';

const DAY_MS = 86_400_000;

/** Per local date, its rows and the versions of the UTC days they were read from. */
export type KeptDays = Map<string, { stamp: string; rows: PricedRow[] }>;

/** pricedRows for `since`..`until` (both required), reading again only the days whose stamp moved; `kept` is updated. */
export function pricedDays(db: Db, q: UsageQuery & { since: string; until: string }, pricing: Pricing, kept: KeptDays): { rows: PricedRow[]; read: string[] } {
  const dates: string[] = [];
  for (let d = q.since; d <= q.until; d = addDays(d, 1)) dates.push(d);
  const spans = dates.map((d) => utcDays(d, q.tz));
  // Versions first, rows after: a commit between the two leaves an old stamp on new rows
  // (read again next time), never a new stamp on old rows.
  const versions = dayVersions(db, Math.min(...spans.map((s) => s[0])), Math.max(...spans.map((s) => s[1])));
  const stamps = spans.map(([lo, hi]) => {
    const parts: number[] = [];
    for (let day = lo; day <= hi; day++) parts.push(versions.get(day) ?? 0);
    return `${lo}:${parts.join(',')}`;
  });
  const stampOf = new Map(dates.map((d, i) => [d, stamps[i]!]));
  const stale = dates.filter((d) => kept.get(d)?.stamp !== stampOf.get(d));
  // Consecutive stale dates are read in one query.
  for (let i = 0; i < stale.length; ) {
    let j = i;
    while (j + 1 < stale.length && stale[j + 1] === addDays(stale[j]!, 1)) j++;
    const fresh = new Map<string, PricedRow[]>(stale.slice(i, j + 1).map((d) => [d, []]));
    for (const r of pricedRows(db, { ...q, since: stale[i]!, until: stale[j]! }, pricing)) fresh.get(r.date)?.push(r);
    for (const [d, rows] of fresh) kept.set(d, { stamp: stampOf.get(d)!, rows });
    i = j + 1;
  }
  return { rows: dates.flatMap((d) => kept.get(d)!.rows), read: stale };
}

/**
 * The UTC days (since 1970-01-01) whose buckets can fall on a local date: exact on a day
 * of one offset, an hour of margin either side on a day the offset changes.
 */
function utcDays(date: string, tz: string): [number, number] {
  const start = localMidnight(date, tz);
  const end = localMidnight(addDays(date, 1), tz);
  const margin = zoneOffset(start, tz) === zoneOffset(end, tz) ? 0 : 3_600_000;
  return [Math.floor((start - margin) / DAY_MS), Math.floor((end + margin - 1) / DAY_MS)];
}

/** What kept rows depend on besides the data: Runway's version, the prices and how they apply. */
export function keptName(pricing: Pricing, overrides: unknown): string {
  return `${packageVersion()}|${pricing.table.source}|${pricing.mode}|${JSON.stringify(overrides ?? {})}`;
}

/** Spans longer than this are read whole: keeping a row per day of years of history is not worth it. */
const MAX_KEPT_DAYS = 400;

/**
 * pricedRows with the days kept in the database, for a reader that is a new process each
 * time (the status line, a report): `name` is keptName's. Without dates, the data's own.
 */
export function pricedRowsKept(db: Db, q: UsageQuery, pricing: Pricing, name: string): PricedRow[] {
  const span = dataDays(db);
  if (q.project || !span) return pricedRows(db, q, pricing);
  // A day either side: a UTC day's buckets fall on two local dates.
  const first = addDays(dateInZone(span.first * DAY_MS, q.tz), -1);
  const last = addDays(dateInZone((span.last + 1) * DAY_MS - 1, q.tz), 1);
  const since = q.since && q.since > first ? q.since : first;
  const until = q.until && q.until < last ? q.until : last;
  if (since > until) return [];
  if (Date.parse(until) - Date.parse(since) > MAX_KEPT_DAYS * DAY_MS) return pricedRows(db, q, pricing);
  const reader = `${name}|${q.tz}|${filterKey({ scope: q.scope, agents: q.agents ?? 'all' })}|${q.byProject === true}`;
  const kept: KeptDays = new Map();
  for (const [date, k] of keptDays(db, reader, since, until)) {
    const rows = parseRows(k.rows);
    if (rows) kept.set(date, { stamp: k.stamp, rows });
  }
  const { rows, read } = pricedDays(db, { ...q, since, until }, pricing, kept);
  try {
    keepDays(db, reader, read.map((d) => ({ date: d, stamp: kept.get(d)!.stamp, rows: JSON.stringify(kept.get(d)!.rows) })));
  } catch {
    // Keeping is a saving, not a need: a busy or read-only database still gets its figures.
  }
  return rows;
}

const COUNTS = ['responses', 'inputTokens', 'outputTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'cacheReadTokens', 'webSearchRequests', 'reasoningTokens', 'premiumRequests', 'bucketMs'] as const;

/** Kept rows as written, or null for anything else (then the day is read again). */
function parseRows(json: string): PricedRow[] | null {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(v)) return null;
  const ok = v.every((r: Partial<Record<keyof PricedRow, unknown>> | null) =>
    typeof r === 'object' && r !== null && typeof r.date === 'string' && typeof r.model === 'string' && typeof r.agent === 'string' && typeof r.project === 'string'
    && COUNTS.every((k) => Number.isFinite(r[k]))
    && (r.cost === null || Number.isFinite(r.cost)) && (r.cacheWriteCost === null || Number.isFinite(r.cacheWriteCost))
    && (r.unpricedReason === null || typeof r.unpricedReason === 'string'));
  return ok ? (v as PricedRow[]) : null;
}
