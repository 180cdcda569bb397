import { readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { MAX_LINE_BYTES } from '../sources/limits.js';

const NL = 0x0a;
const CR = 0x0d;

export type LineIssue = 'blank_line' | 'malformed_json' | 'invalid_utf8' | 'line_too_long';

export interface LineHandler {
  /**
   * A complete line that contains one of the source's markers: worth parsing. `tail`: the
   * settled last line without a newline, read while the offset stays before it.
   */
  candidate(text: string, line: number, tail: boolean): void;
  /** A line that cannot be read as a JSON record, or could only be read with bytes replaced. */
  issue(reason: LineIssue, line: number): void;
  /** Every complete line up to `offset` (lines `line` and before) has been handled. */
  progress(offset: number, line: number): void;
}

export interface ReadResult {
  /** Byte offset after the last complete line: a half-written last line is left for the next scan. */
  offset: number;
  lines: number;
  /** Bytes after `offset` that do not end in a newline. */
  pendingBytes: number;
}

// One buffer for every file, the size of the longest line parsed (plus a byte for the
// newline a final line lacks): fresh allocations cost a page fault per 4 KB touched, and a
// fixed size means no line, however long, makes Runway hold more than this.
let shared: Buffer | undefined;

/**
 * Reads complete lines of a JSONL file from `offset`, as bytes. Only lines containing one
 * of `markers` are decoded and handed on; the rest (most bytes: tool results, file contents)
 * get a cheap shape check so that damage is still counted. Lines longer than
 * MAX_LINE_BYTES are passed over. With `final` (the file has stopped changing), bytes
 * after the last newline are read as a last line too, but the offset stays before them,
 * so that if the file grows the line is read again and dedupe keeps one row.
 */
export function readLines(fd: number, offset: number, lines: number, markers: readonly Buffer[], h: LineHandler, final = false, loud = markers.length): ReadResult {
  // A line too long to read is reported only when it holds one of the first `loud` markers
  // (usage); the others mark lines worth reading when they fit (a prompt), passed over when not.
  const reported = loud === markers.length ? markers : markers.slice(0, loud);
  const finds = finders(markers, loud);
  const buf = (shared ??= Buffer.allocUnsafe(MAX_LINE_BYTES + 1));
  let base = offset; // file offset of buf[0]
  let have = 0;
  let line = lines;
  for (;;) {
    if (have === MAX_LINE_BYTES) {
      // One line fills the buffer: pass over the rest of it without holding it.
      const held = buf.subarray(0, have);
      const first = held.find((b) => !isSpace(b));
      const skip = skipLine(fd, base + have, buf, have, reported, reported.some((m) => held.indexOf(m) >= 0));
      const reason = skip.marker ? 'line_too_long' : first !== 0x7b || skip.last !== 0x7d ? 'malformed_json' : null;
      if (skip.end < 0) {
        if (final && reason) h.issue(reason, line + 1);
        return { offset: base, lines: line, pendingBytes: skip.eof - base };
      }
      line++;
      if (reason) h.issue(reason, line);
      base = skip.end + 1;
      h.progress(base, line);
      have = 0;
      continue;
    }
    const n = readSync(fd, buf, have, MAX_LINE_BYTES - have, base + have);
    if (n === 0) break;
    have += n;
    const last = buf.lastIndexOf(NL, have - 1);
    if (last < 0) continue;
    const end = last + 1;
    line = handleRegion(buf, end, finds, line, h, false);
    base += end;
    h.progress(base, line);
    have -= end;
    buf.copy(buf, 0, end, end + have);
  }
  if (final && have > 0) {
    buf[have] = NL;
    handleRegion(buf, have + 1, finds, line, h, true);
  }
  return { offset: base, lines: line, pendingBytes: have };
}

/** Handles the complete lines in buf[0, end); returns the last line number. */
function handleRegion(whole: Buffer, end: number, finds: readonly Find[], line: number, h: LineHandler, tail: boolean): number {
  const buf = whole.subarray(0, end);
  const checkEachLine = !isUtf8(buf);
  // Where each marker next occurs, searched again only once passed: a rare marker costs one
  // search per region, not one per line.
  const at = finds.map((find) => find(buf, 0));
  let next = nearest(at);
  let start = 0;
  while (start < end) {
    const nl = buf.indexOf(NL, start);
    line++;
    let s = start;
    let e = nl;
    while (s < e && isSpace(buf[s]!)) s++;
    while (e > s && (isSpace(buf[e - 1]!) || buf[e - 1] === CR)) e--;
    if (s === e) {
      h.issue('blank_line', line);
    } else {
      if (checkEachLine && !isUtf8(buf.subarray(s, e))) h.issue('invalid_utf8', line);
      if (next !== -1 && next < nl) {
        h.candidate(buf.toString('utf8', s, e), line, tail);
      } else if (buf[s] !== 0x7b || buf[e - 1] !== 0x7d) {
        h.issue('malformed_json', line);
      }
    }
    if (next !== -1 && next < nl) {
      for (let i = 0; i < at.length; i++) if (at[i] !== -1 && at[i]! < nl) at[i] = finds[i]!(buf, nl + 1);
      next = nearest(at);
    }
    start = nl + 1;
  }
  return line;
}

/** Where a marker next occurs in a buffer from a position, or -1. */
export type Find = (buf: Buffer, from: number) => number;

/**
 * A search per marker; the quiet markers (after the first `loud`), when they share a prefix
 * of 8 bytes or more, as one search for the prefix with the rest checked at each hit: one
 * pass over the bytes instead of one per marker (each pass costs as much as the others).
 * A hit that is none of them passes over the rest of its line: a quote inside a JSON string is
 * escaped, so the prefix is the line's own structure, and its first is the line's record (Claude
 * Code's message, Codex's payload), written before any nested one. The rest of such a line (a
 * tool result) is most of a log's bytes.
 */
export function finders(markers: readonly Buffer[], loud: number): Find[] {
  const plain = (m: Buffer): Find => (buf, from) => buf.indexOf(m, from);
  const quiet = markers.slice(loud);
  let n = quiet.length > 1 ? Math.min(...quiet.map((m) => m.length)) : 0;
  for (const m of quiet) while (n > 0 && m.compare(quiet[0]!, 0, n, 0, n) !== 0) n--;
  if (n < 8) return markers.map(plain);
  const prefix = quiet[0]!.subarray(0, n);
  const group: Find = (buf, from) => {
    for (let at = buf.indexOf(prefix, from); at !== -1; ) {
      for (const m of quiet) if (at + m.length <= buf.length && buf.compare(m, n, m.length, at + n, at + m.length) === 0) return at;
      const nl = buf.indexOf(NL, at + n);
      if (nl === -1) return -1;
      at = buf.indexOf(prefix, nl + 1);
    }
    return -1;
  };
  return [...markers.slice(0, loud).map(plain), group];
}

/** The smallest position found, or -1 when none is. */
function nearest(at: number[]): number {
  let min = -1;
  for (const p of at) if (p !== -1 && (min === -1 || p < min)) min = p;
  return min;
}

/**
 * Reads on from `from` to the end of the current line, using `buf` as scratch space: where
 * the newline is (-1 at the end of the file, with its size), whether a marker occurs in
 * the line, and the line's last byte that is not a space or CR. The line's first `have`
 * bytes are in buf; whether they hold a marker is `seen`.
 */
function skipLine(fd: number, from: number, buf: Buffer, have: number, markers: readonly Buffer[], seen: boolean): { end: number; eof: number; marker: boolean; last: number } {
  // The last bytes already held may hold the start of a marker.
  const keep = Math.max(...markers.map((m) => m.length)) - 1;
  const holds = (b: Buffer) => markers.some((m) => b.indexOf(m) >= 0);
  let carry = Buffer.from(buf.subarray(have - keep, have));
  let last = lastNonSpace(buf, have, -1);
  let found = seen;
  for (let pos = from; ; ) {
    const n = readSync(fd, buf, 0, MAX_LINE_BYTES, pos);
    if (n === 0) return { end: -1, eof: pos, marker: found, last };
    const nl = buf.indexOf(NL, 0);
    const end = nl >= 0 && nl < n ? nl : n;
    if (!found) {
      const seam = Buffer.concat([carry, buf.subarray(0, Math.min(end, keep))]);
      found = holds(seam) || holds(buf.subarray(0, end));
    }
    last = lastNonSpace(buf, end, last);
    if (end < n) return { end: pos + end, eof: 0, marker: found, last };
    carry = Buffer.from(buf.subarray(n - keep, n));
    pos += n;
  }
}

function lastNonSpace(buf: Buffer, end: number, fallback: number): number {
  for (let i = end - 1; i >= 0; i--) {
    const b = buf[i]!;
    if (!isSpace(b) && b !== CR) return b;
  }
  return fallback;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09;
}
