// The one clock every command reads.

/** "Now": the wall clock, or RUNWAY_NOW (an ISO instant) so tests and demos can pin it. */
export function nowMs(env: Record<string, string | undefined>): number {
  const pinned = env.RUNWAY_NOW ? Date.parse(env.RUNWAY_NOW) : NaN;
  return Number.isFinite(pinned) ? pinned : Date.now();
}
