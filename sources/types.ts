// What every source adapter produces, and the seam between an agent's log format and
// everything after it (dedupe, storage, pricing, reports). No message text, ever.

/** How trustworthy a record's metadata is when the same response appears in several places. */
export const Origin = {
  /** A copy of another file's history (compaction or aside-question subagent files). */
  Copy: 1,
  /** A record embedded inside another record (progress lines). */
  Embedded: 2,
  /** A record in the transcript that produced it. */
  Direct: 3,
} as const;
export type Origin = (typeof Origin)[keyof typeof Origin];

/** The counts of one response, or summed over many: what every price applies to. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  webSearchRequests: number;
}

export interface UsageEvent extends TokenCounts {
  /** Dedupe key: one API response. */
  key: string;
  messageId: string | null;
  requestId: string | null;
  /** Milliseconds since the epoch (UTC). */
  ts: number;
  sessionId: string | null;
  agentId: string | null;
  sidechain: boolean;
  project: string | null;
  gitBranch: string | null;
  entrypoint: string | null;
  version: string | null;
  model: string | null;
  speed: string | null;
  /** Where the request was served: "us" (US-only inference, billed higher), "global", … */
  inferenceGeo: string | null;
  /** "standard", "priority" or "batch" (half price on input and output). */
  serviceTier: string | null;
  /** Cost the log itself recorded (old Claude Code versions), when present. */
  costUsd: number | null;
  agentType: string | null;
  skill: string | null;
  mcpServer: string | null;
  mcpTool: string | null;
  plugin: string | null;
  /** Names of the tools the response called, comma-separated, in order, no duplicates. */
  tools: string | null;
  /** Reasoning tokens: part of outputTokens and billed with them, kept as a figure of its own. */
  reasoningTokens: number;
  /** Premium requests (GitHub Copilot's own unit of its quota); 0 for other agents. */
  premiumRequests: number;
  /**
   * The turn the response answers: an id of the prompt that opened it (one user message and
   * the responses that answer it). Absent or null: the source does not tell turns apart.
   */
  turnId?: string | null;
  /** The topic of the turn's prompt, from its keywords (sources/labels.ts TOPICS). */
  topic?: string | null;
  /**
   * What the response's tool calls did, as labels (comma-separated, in order, no repeats):
   * `edit:<fingerprint>` and `read:<fingerprint>` of a file, `run:<program>` and
   * `check:test|build|run` of a shell command (sources/labels.ts). Never a path or a command.
   */
  actions?: string | null;
  origin: Origin;
  /** Which adapter produced it. */
  agent: string;
}

/** Why a source skipped or doubted a record (or, for the last three, a whole file). */
export type ParseIssue =
  | 'malformed_json'
  | 'bad_usage'
  | 'bad_field'
  | 'missing_timestamp'
  | 'api_error'
  /** A cumulative counter that went backwards (a Codex counter restarted): its new total is counted from zero. */
  | 'counter_reset'
  /** A file in the source's folder that is not in the source's format. */
  | 'wrong_format'
  /** A whole-document file or database larger than the source reads. */
  | 'file_too_large'
  /** A database that could not be opened or queried (locked, corrupt, unknown schema). */
  | 'unreadable_database';

/** An agent's own running total of a session's spend, written into its log. */
export interface LedgerEntry {
  sessionId: string;
  /** Milliseconds since the epoch (UTC). */
  ts: number;
  /** The session's spend so far at list prices, dollars. */
  usedUsd: number;
  agent: string;
}

export interface EventSink {
  event(e: UsageEvent): void;
  ledger(entry: LedgerEntry): void;
  /** A quota reading found in a log (Codex's rate_limits). */
  quota(r: QuotaReading): void;
  issue(reason: ParseIssue): void;
  /**
   * A keyed hash of a text (a file's path): equal texts give equal fingerprints within one
   * database, and the key, random per database, keeps a dictionary of paths from matching them.
   */
  fingerprint(text: string): string;
}

/**
 * How a source reads one file: `lines` append-only JSONL read from where the last scan
 * stopped; `document` one JSON document re-read whole when its size or time changes;
 * `database` a SQLite database queried (read-only) past a high-water mark on every scan.
 */
export type FileKind = 'lines' | 'document' | 'database';

/**
 * A source's own state for one file, kept with the file's offset so a rescan resumes with it
 * (Codex: the cumulative totals reached, the model in force). JSON-serializable and small;
 * `{}` when a file is read from its start. Content-blind like everything stored.
 */
export type FileMemo = Record<string, unknown>;

/** One agent's log format. Everything after `parse` is format-agnostic. */
export interface Source {
  name: string;
  /** Bytes one of which every line worth parsing contains: lines without any are never parsed. */
  markers: readonly Buffer[];
  /** More markers, of lines read for context (a prompt) when they fit: one too long to read is passed over, not reported. */
  contextMarkers?: readonly Buffer[];
  /** Directories the agent writes its config and logs under. */
  roots(env: Record<string, string | undefined>): string[];
  /** The folder under a root that the scan walks for the source's files. */
  logDir(root: string): string;
  /** Which files under logDir the source reads, and how; null: not its file. Default: `*.jsonl` as lines. */
  fileKind?(path: string): FileKind | null;
  /** Whether the scan walks into a folder below logDir (default: every one): keeps it out of folders that hold no logs. */
  enters?(dir: string, logDir: string): boolean;
  /** How far a file's records can be trusted for metadata when a response appears in several files. */
  fileOrigin(path: string): Origin;
  /** One line of a `lines` file. `memo` is this file's state (see FileMemo); sources that need none ignore it. */
  parse(text: string, origin: Origin, sink: EventSink, memo: FileMemo): void;
  /** A whole `document` file (at most MAX_DOCUMENT_BYTES), as text. */
  parseDocument?(text: string, path: string, sink: EventSink): void;
  /**
   * A `database` file: open it read-only, emit what is new since `cursor` (null: from the
   * start) and return the cursor to resume from. Re-reading rows already seen must be safe
   * (keys make it idempotent). Throwing counts the database as unreadable, never fatal.
   */
  readDatabase?(path: string, cursor: string | null, sink: EventSink): string | null;
  /** The entrypoint prefix of programmatic use, which the vendor meters apart (Claude Code: sdk-). */
  programmaticEntrypoint: string;
  /** The @pydantic/genai-prices providers whose models this agent's logs name (Claude Code: anthropic). */
  priceProviders: readonly string[];
  /** The family a model of this agent's vendor belongs to (opus, sonnet, haiku), or null. */
  modelFamily(model: string): string | null;
}

/** The quota windows an agent reports: Claude Code's 5-hour and 7-day limits, and Codex's (its primary and secondary windows, of the same lengths). */
export type QuotaWindow = 'five_hour' | 'seven_day' | 'codex_five_hour' | 'codex_seven_day';

export const QUOTA_WINDOW_LENGTHS: Readonly<Record<QuotaWindow, number>> = {
  five_hour: 5 * 3_600_000,
  seven_day: 7 * 86_400_000,
  codex_five_hour: 5 * 3_600_000,
  codex_seven_day: 7 * 86_400_000,
};

/** One reading of a quota window, as the agent handed it over. */
export interface QuotaReading {
  window: QuotaWindow;
  /** When it was received, ms. */
  ts: number;
  usedPercentage: number;
  /** When the window resets, ms; null when the agent did not say. */
  resetsAt: number | null;
}
