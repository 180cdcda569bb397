/** A JSON object: not an array, not null. What every reader of a file checks before looking inside. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
