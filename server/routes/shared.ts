// What the route files share: what each is handed when registered, the query
// parameters (a bad one is a 400) and the one error answer.
import type { FromSchema } from 'json-schema-to-ts';
import type { DashboardState } from '../../figures/state.js';
import { object, str } from '../../figures/schema.js';
import type { LiveUpdates } from '../live.js';

/** The options every route plugin is registered with. */
export interface RouteOptions {
  state: DashboardState;
  live: LiveUpdates;
  version: string;
}

const scope = { type: 'string', enum: ['all', 'interactive', 'programmatic'] } as const;

/** ?scope=all|interactive|programmatic; absent, the config's scope. */
export const scopeQuery = { type: 'object', properties: { scope }, additionalProperties: false } as const;
export type ScopeQuery = FromSchema<typeof scopeQuery>;

/** ?scope, and ?period=YYYY-MM-DD: the billing period holding that date (absent, or later than today: the current one). */
export const viewQuery = { type: 'object', properties: { scope, period: { type: 'string', format: 'date' } }, additionalProperties: false } as const;
export type ViewQuery = FromSchema<typeof viewQuery>;

/** ?scope and ?limit=1..max, `dflt` when absent (the validator fills it in). */
export function limitQuery<const Max extends number, const Dflt extends number>(max: Max, dflt: Dflt) {
  return {
    type: 'object',
    properties: { scope, limit: { type: 'integer', minimum: 1, maximum: max, default: dflt } },
    additionalProperties: false,
  } as const;
}
export type LimitQuery = FromSchema<ReturnType<typeof limitQuery<number, number>>>;

export const error = object({ error: str });
