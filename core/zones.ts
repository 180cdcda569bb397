import { dateInZone } from './calendar.js';

const WINDOW_MS = 6 * 3_600_000;
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

/**
 * A fast instant → local calendar date function for reports that convert thousands of
 * buckets: the zone's offset is looked up once per six-hour window, and windows in which
 * it changes (DST) fall back to the exact conversion.
 */
export function localDayOf(tz: string): (ms: number) => string {
  const offsets = new Map<number, number | null>();
  return (ms) => {
    const w = Math.floor(ms / WINDOW_MS);
    let off = offsets.get(w);
    if (off === undefined) {
      const a = zoneOffset(w * WINDOW_MS, tz);
      off = a === zoneOffset((w + 1) * WINDOW_MS - 1000, tz) ? a : null;
      offsets.set(w, off);
    }
    return off === null ? dateInZone(ms, tz) : new Date(ms + off).toISOString().slice(0, 10);
  };
}
