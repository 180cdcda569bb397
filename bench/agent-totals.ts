// What Runway's database holds per agent, in the units of bench/agent-logs.ts's reference.
import type { Db } from '../store/db.js';
import { AGENTS, COUNT_KINDS, type Agent, type AgentCounts } from './agent-logs.js';

/** Sums of the responses table per agent (every agent of AGENTS present, zeros when it has none). */
export function agentTotals(db: Db): Record<Agent, AgentCounts> {
  const rows = db.prepare(`SELECT agent, count(*) AS responses, sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
    sum(cache_read_tokens) AS cacheReadTokens, sum(cache_write_5m_tokens) AS cacheWrite5mTokens, sum(cache_write_1h_tokens) AS cacheWrite1hTokens,
    sum(reasoning_tokens) AS reasoningTokens, sum(premium_requests) AS premiumRequests FROM responses GROUP BY agent`).all() as (AgentCounts & { agent: string })[];
  const out = {} as Record<Agent, AgentCounts>;
  for (const a of AGENTS) {
    const row = rows.find((x) => x.agent === a);
    out[a] = Object.fromEntries(COUNT_KINDS.map((k) => [k, row ? Number(row[k]) : 0])) as AgentCounts;
  }
  return out;
}
