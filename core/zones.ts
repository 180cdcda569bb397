const DAY_MS = 86_400_000;
const BUCKET_MS = 900_000;
// Zone arithmetic through Date's local time with process.env.TZ set to the zone: the same
// ICU time-zone data as Intl, without the 30–100 ms Intl spends loading locale data on its
// first use, which a status line refreshed every second cannot afford. The process keeps the
// last zone asked for; nothing here relies on the system's local time.
import { existsSync, readlinkSync } from 'node:fs';

const checked = new Set<string>();
// Region/City names, which ICU and the zoneinfo files agree on (unlike right/…, posix/…).
const CANONICAL = /^(UTC|(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)(\/[A-Za-z0-9_+-]+){1,2})$/;

/** True for a zone name the time-zone data knows, such as "Europe/Berlin". */
export function isTimeZone(tz: string): boolean {
  if (checked.has(tz)) return true;
  // The system's zoneinfo file answers cheaply; without it Intl decides.
  let known = CANONICAL.test(tz) && existsSync(`/usr/share/zoneinfo/${tz}`);
  if (!known) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      known = true;
    } catch {
      return false;
    }
  }
  checked.add(tz);
  return true;
}

/** Points Date's local time at `tz`. Throws RangeError for an unknown zone, as Intl does. */
export function useZone(tz: string): void {
  if (process.env.TZ === tz) return;
  if (!isTimeZone(tz)) throw new RangeError(`Invalid time zone specified: ${tz}`);
  process.env.TZ = tz;
}

/** The system's IANA time zone: $TZ, else where /etc/localtime points, else what Intl says. */
export function systemZone(): string {
  const env = process.env.TZ;
  if (env && !env.startsWith(':') && isTimeZone(env)) return env;
  try {
    const zone = /zoneinfo\/(.+)$/.exec(readlinkSync('/etc/localtime'))?.[1];
    if (zone && isTimeZone(zone)) return zone;
  } catch {
    // Not a link (or not there): ask Intl.
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Milliseconds to add to UTC to get the zone's wall-clock time at `ms`. */
export function zoneOffset(ms: number, tz: string): number {
  useZone(tz);
  return -new Date(ms).getTimezoneOffset() * 60_000 || 0; // never -0
}

/** The instant a local date (YYYY-MM-DD) begins in a zone: its midnight, read at that instant's own offset. */
export function localMidnight(date: string, tz: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  return wall - zoneOffset(wall - zoneOffset(wall, tz), tz);
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
