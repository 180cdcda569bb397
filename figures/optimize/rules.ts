// What optimize looks for and reports: its thresholds (README "runway optimize" documents each)
// and the shapes of a finding, the facts it is given and its report.
export const THRESHOLDS = {
  /** Low cache hit: below this share, on sessions with at least `cacheMinPrompt` prompt tokens. */
  cacheHitBelow: 0.6,
  cacheMinPrompt: 200_000,
  /** The hit a healthy Claude Code session reaches: the saving is the way there. */
  cacheHitTarget: 0.9,
  /** A short turn: no edit and at most this many output tokens. */
  shortTurnOutput: 1_000,
  /** Context bloat: prompt tokens at least this many times the output, on sessions of at least `bloatMinPrompt`. */
  bloatRatio: 400,
  bloatMinPrompt: 1_000_000,
  /** The same file read this many times in one session. */
  rereads: 3,
  /** The output cap the Bash fix sets, and that many characters as tokens (÷ 4). */
  bashCapChars: 16_000,
  /** CLAUDE.md larger than this is worth trimming; a byte is about a quarter token. */
  claudeMdBytes: 10_000,
  /** Session outliers: above median + 5 × MAD and above 3 × median, among at least 5 priced sessions. */
  outlierMads: 5,
  outlierMedians: 3,
  outlierMinSessions: 5,
} as const;

export interface OptimizeFacts {
  /** BASH_MAX_OUTPUT_LENGTH is set in the environment or in Claude Code's settings.json `env`. */
  bashOutputCapped: boolean;
  /** The CLAUDE.md files that exist, sized: the user's (project null) and each project's. */
  claudeMd: { label: string; project: string | null; bytes: number }[];
  /** MCP servers named in Claude Code's config. */
  mcpServers: string[];
}

export type Severity = 'high' | 'medium' | 'low';

export interface Finding {
  id: string;
  title: string;
  measured: string;
  /** Dollars the range would have cost less; null when a model involved has no price. */
  savingUsd: number | null;
  /** Tokens no longer sent, or billed the cheaper way (moved to cache reads, to the cheaper model); null when unknown. */
  savingTokens: number | null;
  fix: string;
  severity: Severity;
}

export interface OptimizeTotals {
  /** The range's priced spend, what savings are weighed against. */
  spend: number;
  calls: number;
  unpricedCalls: number;
  sessions: number;
  turns: number;
  /** The known savings combined as if applied one after another: 1 − Π(1 − share). */
  savedShare: number | null;
}

export interface OptimizeReport {
  grade: Grade | null;
  score: number | null;
  findings: Finding[];
  totals: OptimizeTotals;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';
/** The lowest score of each grade; below the last, F. */
export const GRADE_BANDS: readonly [Grade, number][] = [['A', 90], ['B', 80], ['C', 70], ['D', 60]];
