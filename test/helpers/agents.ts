// Responses of three agents written straight into a database (no parser needed), and what
// each agent set's rows add up to: what the agent filter is tested on. Prices are round:
// claude-test-1 costs $10 and gpt-test-1 $20 per million output tokens; gpt-mystery has none.
import { buildPriceTable } from '../../core/pricing.js';
import { demoEvent } from '../../server/demo.js';
import type { Db } from '../../store/db.js';
import { Store } from '../../store/writer.js';
import { TEST_PRICES } from './app.js';

export const AGENT_PRICES = { ...TEST_PRICES, 'gpt-test-1': { input: 2, output: 20 } };
export const AGENT_TABLE = buildPriceTable([], 'test prices', AGENT_PRICES);
const PER_MILLION: Record<string, number> = { 'claude-test-1': 10, 'gpt-test-1': 20 };

export interface AgentRow {
  agent: string;
  id: string;
  ts: string;
  model: string;
  /** Dollars, or null for a model without a price (then `output` tokens). */
  usd: number | null;
  output?: number;
  session: string;
  project: string;
  entrypoint?: string;
  reasoning?: number;
  premium?: number;
}

/**
 * Wednesday 18 November 2026, noon UTC, in a period from the 1st: Claude Code spends $45
 * ($30 of it programmatic), Codex $28 and an unpriced response, Copilot $1 in 3 premium
 * requests on the model Claude Code uses too. October's $50 is before the period.
 */
export const NOW = Date.parse('2026-11-18T12:00:00Z');
export const AGENT_ROWS: AgentRow[] = [
  { agent: 'claude-code', id: 'c0', ts: '2026-10-20T10:00:00Z', model: 'claude-test-1', usd: 50, session: 'cc-old', project: '/home/dev/api' },
  { agent: 'claude-code', id: 'c1', ts: '2026-11-02T10:00:00Z', model: 'claude-test-1', usd: 10, session: 'cc-a', project: '/home/dev/api' },
  { agent: 'claude-code', id: 'c2', ts: '2026-11-17T14:00:00Z', model: 'claude-test-1', usd: 30, session: 'cc-b', project: '/home/dev/web', entrypoint: 'sdk-cli' },
  { agent: 'claude-code', id: 'c3', ts: '2026-11-18T08:00:00Z', model: 'claude-test-1', usd: 5, session: 'cc-b', project: '/home/dev/web', entrypoint: 'sdk-cli' },
  { agent: 'codex', id: 'x1', ts: '2026-11-03T09:00:00Z', model: 'gpt-test-1', usd: 20, session: 'cx-a', project: '/home/dev/api', reasoning: 400_000 },
  { agent: 'codex', id: 'x2', ts: '2026-11-18T09:00:00Z', model: 'gpt-test-1', usd: 8, session: 'cx-b', project: '/home/dev/web', reasoning: 100_000 },
  { agent: 'codex', id: 'x3', ts: '2026-11-18T10:00:00Z', model: 'gpt-mystery', usd: null, output: 1000, session: 'cx-b', project: '/home/dev/web' },
  { agent: 'copilot', id: 'p1', ts: '2026-11-18T11:00:00Z', model: 'claude-test-1', usd: 1, session: 'cp-a', project: '/home/dev/api', premium: 3 },
];

const outputOf = (r: AgentRow) => (r.usd === null ? r.output! : Math.round((r.usd / PER_MILLION[r.model]!) * 1e6));

export function writeAgentRows(db: Db, rows: AgentRow[] = AGENT_ROWS): void {
  new Store(db).write(rows.map((r) => ({
    ...demoEvent(`${r.agent}-${r.id}`, Date.parse(r.ts), r.session, r.project, r.entrypoint ?? 'cli', r.model, { input: 0, output: outputOf(r), write: 0, read: 0 }),
    agent: r.agent,
    reasoningTokens: r.reasoning ?? 0,
    premiumRequests: r.premium ?? 0,
  })), []);
}

export interface Sums {
  cost: number;
  tokens: number;
  responses: number;
  unpricedResponses: number;
  reasoningTokens: number;
  premiumRequests: number;
}

/** What the rows of these agents (all: every row) from `since` on add up to, worked out here, not by Runway. */
export function sums(agents: string[] | 'all', since = '2026-11-01', rows: AgentRow[] = AGENT_ROWS): Sums {
  const s: Sums = { cost: 0, tokens: 0, responses: 0, unpricedResponses: 0, reasoningTokens: 0, premiumRequests: 0 };
  for (const r of rows) {
    if ((agents !== 'all' && !agents.includes(r.agent)) || r.ts.slice(0, 10) < since) continue;
    s.cost += r.usd ?? 0;
    s.tokens += outputOf(r);
    s.responses += 1;
    s.unpricedResponses += r.usd === null ? 1 : 0;
    s.reasoningTokens += r.reasoning ?? 0;
    s.premiumRequests += r.premium ?? 0;
  }
  return s;
}
