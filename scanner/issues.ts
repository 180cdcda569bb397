// Everything a scan reports about lines, files and folders it skipped or doubted.
import type { ParseIssue } from '../sources/types.js';
import type { LineIssue } from './lines.js';

export type Issue = LineIssue | ParseIssue | 'model_conflict' | 'unreadable_file' | 'not_a_file' | 'unreadable_dir' | 'link_to_parent' | 'too_deep';

/** What each issue means for the line (or file) it names. */
export const ISSUES: Record<Issue, { skipped: boolean; text: string }> = {
  blank_line: { skipped: true, text: 'blank line' },
  malformed_json: { skipped: true, text: 'not a JSON object (malformed or cut short)' },
  invalid_utf8: { skipped: false, text: 'invalid UTF-8 (bad bytes replaced, rest of the line read)' },
  line_too_long: { skipped: true, text: 'line with usage longer than 4 MiB (not parsed)' },
  bad_usage: { skipped: true, text: 'usage is not an object' },
  bad_field: { skipped: false, text: 'a count that is not a whole number from 0 to 10⁹, a logged cost that is not from $0 to $1,000,000, or a text field over 4,096 characters or with control characters (that value ignored, response kept)' },
  missing_timestamp: { skipped: true, text: 'usage record without a valid timestamp (missing, unreadable, or outside the years 1970–9999)' },
  api_error: { skipped: true, text: 'API error record (never billed)' },
  counter_reset: { skipped: false, text: 'a cumulative usage counter that went backwards (counted again from zero)' },
  wrong_format: { skipped: true, text: "a file in the agent's folder that is not in the agent's format" },
  file_too_large: { skipped: true, text: 'a whole-document log larger than 64 MiB (not read)' },
  unreadable_database: { skipped: true, text: 'an agent database that could not be opened or read (locked, damaged or of an unknown schema; asked again next scan)' },
  model_conflict: { skipped: false, text: 'one response id logged with two different models (the same model is kept whatever the order of the files)' },
  unreadable_file: { skipped: true, text: 'file could not be read' },
  not_a_file: { skipped: true, text: 'not a regular file (a FIFO, device or socket named like a log; never opened)' },
  unreadable_dir: { skipped: true, text: 'directory could not be listed' },
  link_to_parent: { skipped: true, text: 'a link to a folder that holds the log folder itself, such as / or the home folder (not followed)' },
  too_deep: { skipped: true, text: 'a folder more than 16 levels below the log folder (not walked)' },
};
