// What the route files share: what each is handed when registered, the query
// parameters (a bad one is a 400) and the one error answer.
import type { FromSchema } from 'json-schema-to-ts';
import { agentsExpected, parseAgents } from '../../core/config.js';
import type { DashboardState } from '../../figures/state.js';
import type { FilterParams } from '../../figures/filter.js';
import type { Team } from '../../figures/answers.js';
import { object, str } from '../../figures/schema.js';
import type { LiveUpdates } from '../live.js';

/** The options every route plugin is registered with. */
export interface RouteOptions {
  state: DashboardState;
  live: LiveUpdates;
  version: string;
  /** The team's people and devices, under `serve --team`. */
  team?: () => Team['team'];
}

const scope = { type: 'string', enum: ['all', 'interactive', 'programmatic'] } as const;
/** all, or agent names joined by commas; read by filterParams, which names what it takes. */
const agent = { type: 'string' } as const;

/** ?scope=all|interactive|programmatic and ?agent=all|codex|claude-code,codex; absent, the config's scope and budget_agents. */
export const filterQuery = { type: 'object', properties: { scope, agent }, additionalProperties: false } as const;
export type FilterQuery = FromSchema<typeof filterQuery>;

/** The filter, and ?period=YYYY-MM-DD: the billing period holding that date (absent, or later than today: the current one). */
export const viewQuery = { type: 'object', properties: { scope, agent, period: { type: 'string', format: 'date' } }, additionalProperties: false } as const;
export type ViewQuery = FromSchema<typeof viewQuery>;

/** The filter and ?limit=1..max, `dflt` when absent (the validator fills it in). */
export function limitQuery<const Max extends number, const Dflt extends number>(max: Max, dflt: Dflt) {
  return {
    type: 'object',
    properties: { scope, agent, limit: { type: 'integer', minimum: 1, maximum: max, default: dflt } },
    additionalProperties: false,
  } as const;
}
export type LimitQuery = FromSchema<ReturnType<typeof limitQuery<number, number>>>;

/** The filter a query asks for; an agent that is not one is a 400 naming the parameter, as the schema's are. */
export function filterParams(q: FilterQuery): FilterParams {
  if (q.agent === undefined) return { scope: q.scope };
  const agents = parseAgents(q.agent);
  if (agents === null) {
    throw Object.assign(new Error(`bad query: agent ${JSON.stringify(q.agent)}: expected ${agentsExpected()}, comma-separated`), { statusCode: 400 });
  }
  return { scope: q.scope, agents };
}

export const error = object({ error: str });
