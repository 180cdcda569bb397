const DAY_MS = 86_400_000;
const BUCKET_MS = 900_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The system's IANA time zone. */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Milliseconds to add to UTC to get the zone's wall-clock time at `ms`. */
export function zoneOffset(ms: number, tz: string): number {
  let fmt = offsetFormatters.get(tz);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    offsetFormatters.set(tz, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

export interface OffsetSegment {
  /** Where this offset starts (the first segment starts at the range's start). */
  startMs: number;
  offsetMs: number;
}

/**
 * The zone's UTC offsets over [fromMs, toMs), for grouping by local day in SQL. Offsets
 * are sampled a day apart; where one changes, a bisection finds the 15-minute boundary it
 * changes on (every zone's changes fall on quarter hours, like the rollup's buckets).
 */
export function offsetSegments(tz: string, fromMs: number, toMs: number): OffsetSegment[] {
  const start = Math.floor(fromMs / BUCKET_MS) * BUCKET_MS;
  const segments: OffsetSegment[] = [{ startMs: start, offsetMs: zoneOffset(start, tz) }];
  for (let t = start; t < toMs; t += DAY_MS) {
    const next = Math.min(t + DAY_MS, Math.ceil(toMs / BUCKET_MS) * BUCKET_MS);
    const before = segments.at(-1)!.offsetMs;
    const after = zoneOffset(next, tz);
    if (after === before) continue;
    // Invariant: offset at lo is `before`, at hi it is not.
    let lo = t;
    let hi = next;
    while (hi - lo > BUCKET_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / BUCKET_MS) * BUCKET_MS;
      if (zoneOffset(mid, tz) === before) lo = mid;
      else hi = mid;
    }
    segments.push({ startMs: hi, offsetMs: zoneOffset(hi, tz) });
    // Two changes inside one day (rare): start the day again from the new segment.
    if (zoneOffset(next, tz) !== segments.at(-1)!.offsetMs) t = hi - DAY_MS;
  }
  return segments;
}
