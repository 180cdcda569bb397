// Which usage a surface counts: a scope and a set of agents. Every surface's default is the
// config's, `scope` and `budget_agents`, the usage the budget covers, so with no flag the
// total shown is the total budgeted; --scope/--agent and ?scope=/?agent= pick another view,
// and the budget figures then compare that view's spend with the budget.
import { agentsText, type AgentSet, type Config, type Scope } from '../core/config.js';

export interface Filter {
  scope: Scope;
  agents: AgentSet;
}

/** What a caller asked for: each part it leaves out is the config's. */
export type FilterParams = Partial<Filter>;

export function filterOf(config: Config, asked: FilterParams = {}): Filter {
  return { scope: asked.scope ?? config.scope, agents: asked.agents ?? config.budget_agents };
}

/** The filter in a cache key. */
export function filterKey(f: Filter): string {
  return `${f.scope}|${agentsText(f.agents)}`;
}
