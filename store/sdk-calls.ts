// Calls that runway-budget/sdk recorded: one row per response, agent 'sdk', written as each
// call finishes. Content-blind: ids, times, model, tokens, cost, and the run's and user's
// labels; never a prompt or a reply. The insert triggers keep the rollups, as for a scan.
import { openDb, type Db } from './db.js';
import type { TokenCounts } from '../sources/types.js';

export interface SdkCall extends TokenCounts {
  /** The provider's response id, or a local one when it gave none. */
  responseId: string;
  ts: number;
  /** One id per run() invocation. */
  sessionId: string;
  project: string;
  model: string;
  reasoningTokens: number;
  speed: string | null;
  inferenceGeo: string | null;
  serviceTier: string | null;
  /** What the guard charged: reports show it as the call's cost. */
  costUsd: number;
  runName: string;
  userId: string | null;
}

/** The rows agent 'sdk' writes come from no log file: prune --missing and rebuild keep them. */
export const SDK_AGENT = 'sdk';

// A response id is unique: writing one again (a retried write) changes nothing.
const INSERT = `INSERT INTO responses (key, agent, message_id, request_id, ts, session_id, agent_id, sidechain, project,
  git_branch, entrypoint, version, model, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
  cache_read_tokens, web_search_requests, speed, cost_usd, origin, inference_geo, service_tier, file_id,
  reasoning_tokens, premium_requests, run_name, user_id)
VALUES (@key, '${SDK_AGENT}', @responseId, NULL, @ts, @sessionId, NULL, 0, @project, NULL, 'sdk-api', NULL, @model,
  @inputTokens, @outputTokens, @cacheWrite5mTokens, @cacheWrite1hTokens, @cacheReadTokens, @webSearchRequests,
  @speed, @costUsd, 3, @inferenceGeo, @serviceTier, NULL, @reasoningTokens, 0, @runName, @userId)
ON CONFLICT (key) DO NOTHING`;

export class SdkCalls {
  private readonly insert;
  private readonly spend;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(INSERT);
    // Along the partial (user_id, ts) index.
    this.spend = db.prepare('SELECT coalesce(sum(cost_usd), 0) FROM responses WHERE user_id = ? AND ts >= ? AND ts < ?').pluck();
  }

  static open(path: string): SdkCalls {
    return new SdkCalls(openDb(path));
  }

  /** One call, in a transaction of its own that takes the write lock up front. */
  write(call: SdkCall): void {
    this.db.transaction(() => this.insert.run({ ...call, key: `sdk:${call.responseId}` })).immediate();
  }

  /** What a user's recorded calls cost in [fromMs, toMs), every process's. */
  userSpend(userId: string, fromMs: number, toMs: number): number {
    const v = this.spend.get(userId, fromMs, toMs) as number;
    return Number.isFinite(v) && v > 0 ? v : 0;
  }

  close(): void {
    this.db.close();
  }
}
