// The public types of runway-budget/sdk. Self-contained (no imports), so the published type
// declarations need nothing outside dist/sdk/.

/** Per-model prices in USD per million tokens: the same shape as the `prices` key of Runway's config. */
export interface PriceOverride {
  /** The first day (UTC, YYYY-MM-DD) the override applies. Absent: always. */
  from?: string;
  input?: number;
  output?: number;
  cache_write_5m?: number;
  cache_write_1h?: number;
  cache_read?: number;
  web_search_per_1k?: number;
  fast_multiplier?: number;
  long_context?: {
    threshold?: number;
    input?: number;
    output?: number;
    cache_write_5m?: number;
    cache_write_1h?: number;
    cache_read?: number;
  };
}

export type Period = 'run' | 'day' | 'week' | 'month';

export interface LoopOptions {
  /** The same request sent this many times within `windowMs` is refused (the last one). Default 5. */
  repeats?: number;
  /** Default 60,000 (one minute). */
  windowMs?: number;
  /** A prompt at least this many times the previous one counts as a growth step. Default 1.5. */
  growth?: number;
  /** This many growth steps in a row are refused (the last one). Default 5. */
  growthCalls?: number;
}

export interface RunOptions {
  /** USD, finite, ≥ 0. Per run, or with `userId` per user and period. */
  budget: number;
  /** Makes the budget the user's, shared by every run with this id, per `period`. */
  userId?: string;
  /** `run` (the default), or with `userId` `day` (its default), `week` (from Monday) or `month`. */
  period?: Period;
  /** IANA zone of the period's edges. Default UTC. */
  timeZone?: string;
  /** Refuse a call whose worst case would cross the budget, and reserve it while in flight. Default true. */
  estimate?: boolean;
  /** Write each call to Runway's database: `true` for its default path, or a file path. Default off. */
  record?: boolean | string;
  /** `false` switches loop detection off. */
  loop?: false | LoopOptions;
  /** Prices for models the price data lacks, or that you pay otherwise. */
  prices?: Record<string, PriceOverride>;
}

/** Tokens of one call, by kind. */
export interface CallTokens {
  /** Uncached input (OpenAI: prompt tokens minus cached ones). */
  input: number;
  /** Output, reasoning included. */
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  webSearches: number;
  /** The part of `output` that was reasoning (thinking), when the vendor says. */
  reasoning: number;
}

export interface CallReport {
  provider: 'anthropic' | 'openai' | 'claude-agent-sdk';
  model: string;
  /** The provider's response id, when it gave one. */
  id: string | null;
  tokens: CallTokens;
  /** USD. */
  cost: number;
  /** USD counted against the budget after this call. */
  total: number;
  /** Wall-clock time of the call. */
  ms: number;
  /** `usage` when the response said what it used; `estimate` when it did not (a stream left early or failed), counted at the pre-call worst case. */
  from: 'usage' | 'estimate';
}

export interface RunReport {
  readonly name: string;
  readonly userId: string | null;
  /** This run's calls, in the order they finished. */
  readonly calls: readonly CallReport[];
  /** USD counted against the budget: this run's calls, or with a user budget the user's spend in the period. */
  readonly spent: number;
  readonly budget: number;
  /** budget − spent, never below 0. */
  readonly remaining: number;
  /** One line: `Run 'name': 3 calls, $0.0842 of $2.00 (4.2%), 1.23 s`. */
  summary(): string;
}

/** What the callback of run() gets. */
export interface RunContext {
  readonly report: RunReport;
}
