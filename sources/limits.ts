// What a value read from a log may be. Logs are written by other programs and sometimes
// damaged or absurd: anything outside these bounds is reported and never stored, so no
// sum in the database can overflow and no figure can stop being finite.

/** The largest token or request count of one kind in one response: a request of more than 10⁹ tokens is not real. */
export const MAX_COUNT = 1_000_000_000;

/** The largest cost a log may record for one response, in dollars. */
export const MAX_LOGGED_COST = 1_000_000;

/** Lines longer than this (4 MiB) are not parsed. Real usage lines are a few KB; the longest seen is 35 KB. */
export const MAX_LINE_BYTES = 4 << 20;

/** Whole-document files (a Gemini CLI chat, an OpenCode message) larger than this (64 MiB) are not read. */
export const MAX_DOCUMENT_BYTES = 64 << 20;

/** The longest text field read (ids, models, paths, tool names): a path is at most 4,096 bytes. */
export const MAX_TEXT = 4096;

/** The most tool names kept per response: one response calls a handful; a list of thousands would be quadratic to merge. */
export const MAX_TOOLS = 64;

/** The most action labels kept per response (UsageEvent.actions), for the same reason: a response with more tool calls is not one to label whole. */
export const MAX_ACTIONS = 128;

/** Timestamps are accepted from 1970 to 9999: a calendar date must have four digits. */
export const MIN_TS = 0;
export const MAX_TS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A count as stored: a whole number from 0 to MAX_COUNT (a string of digits is read as one), else null. */
export function validCount(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_COUNT ? n : null;
}

/** A logged cost as stored: finite, from 0 to MAX_LOGGED_COST, else null. */
export function validCost(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_LOGGED_COST ? v : null;
}

/** An ISO timestamp as milliseconds, when it is a real instant in years 1970–9999. */
export function validTimestamp(v: unknown): number | null {
  if (typeof v !== 'string' || v.length > 40) return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) && ms >= MIN_TS && ms <= MAX_TS ? ms : null;
}

// Control characters in a name would reach terminals as escape sequences (ESC, CSI) or
// cut strings short (NUL). Tabs and line breaks are legal in paths and harmless.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

// Half of a surrogate pair is no character: SQLite would store it as ill-formed UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A text field (id, model, path, name) as read: a non-empty string of at most MAX_TEXT characters, without control characters or lone surrogates. */
export function validText(v: unknown): string | null {
  return typeof v === 'string' && v !== '' && v.length <= MAX_TEXT && !CONTROL.test(v) && !LONE_SURROGATE.test(v) ? v : null;
}

/** A text field as read: absent or empty is null; present and refused is null and reported through `bad`. */
export function readText(v: unknown, bad: () => void): string | null {
  if (v === undefined || v === null || v === '') return null;
  const t = validText(v);
  if (t === null) bad();
  return t;
}
