import type { Origin, UsageEvent } from './events.js';
import type { LineIssue } from './lines.js';

export type ParseIssue = 'malformed_json' | 'bad_usage' | 'bad_field' | 'missing_timestamp' | 'api_error';
export type Issue = LineIssue | ParseIssue | 'unreadable_file' | 'unreadable_dir';

/** What each issue means for the line (or file) it names. */
export const ISSUES: Record<Issue, { skipped: boolean; text: string }> = {
  blank_line: { skipped: true, text: 'blank line' },
  malformed_json: { skipped: true, text: 'not a JSON object (malformed or cut short)' },
  invalid_utf8: { skipped: false, text: 'invalid UTF-8 (bad bytes replaced, rest of the line read)' },
  bad_usage: { skipped: true, text: 'usage is not an object' },
  bad_field: { skipped: false, text: 'a token count of unexpected type (read as 0, response kept)' },
  missing_timestamp: { skipped: true, text: 'usage record without a valid timestamp' },
  api_error: { skipped: true, text: 'API error record (never billed)' },
  unreadable_file: { skipped: true, text: 'file could not be read' },
  unreadable_dir: { skipped: true, text: 'directory could not be listed' },
};

export interface EventSink {
  event(e: UsageEvent): void;
  issue(reason: ParseIssue): void;
}

/** One agent's log format. Everything after `parse` is format-agnostic. */
export interface Source {
  name: string;
  /** Bytes every usage-bearing line contains: lines without them are never parsed. */
  marker: Buffer;
  /** Directories the agent writes its config and logs under. */
  roots(env: Record<string, string | undefined>): string[];
  /** Where under a root the JSONL logs live. */
  logDir(root: string): string;
  /** How far a file's records can be trusted for metadata when a response appears in several files. */
  fileOrigin(path: string): Origin;
  parse(text: string, origin: Origin, sink: EventSink): void;
}
