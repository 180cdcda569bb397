// runway-budget/sdk: budgets enforced inside the caller's own code. The signatures are
// declared here, with types from ./types.ts and ./errors.ts only, so the published
// declarations need nothing outside dist/sdk/.
import { guardAgentQuery } from './agent-sdk.js';
import { guardClient } from './guard.js';
import { startRun } from './run.js';
import type { RunContext, RunOptions } from './types.js';

export { BudgetExceededError, LoopDetectedError, UnpricedModelError, type BudgetErrorInfo } from './errors.js';
export type { CallReport, CallTokens, LoopOptions, Period, PriceOverride, RunContext, RunOptions, RunReport } from './types.js';

/**
 * Runs `fn` under a budget: every guarded call made inside it (Promise.all, nested functions,
 * timers started there) is checked before it is sent and counted when it ends. Resolves to
 * what `fn` returns. A bad option throws a TypeError here, before anything runs.
 */
export function run<T>(name: string, options: RunOptions, fn: (r: RunContext) => Promise<T> | T): Promise<T> {
  return startRun(name, options, fn);
}

/**
 * The same client, typed as given, whose calls are held to the current run's budget: an
 * `@anthropic-ai/sdk` client (messages.create, messages.stream, beta.messages.*) or an
 * `openai` one (responses.create, chat.completions.create, their streams). Outside any
 * run() a guarded call goes through unguarded.
 */
export function guard<T>(client: T): T {
  return guardClient(client);
}

/**
 * `@anthropic-ai/claude-agent-sdk`'s `query`, held to the current run's budget: refused up
 * front when it is spent, given `maxBudgetUsd` = what is left (or the caller's, when
 * smaller), and its result's cost counted in the run's report.
 */
export function guardQuery<Q extends (params: { prompt: any; options?: any }) => any>(query: Q): Q {
  return guardAgentQuery(query);
}
