// GET /api/where?by=activity|tool|…: where the period's money went, one breakdown at a time.
import type { FastifyPluginAsync } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import { Where } from '../../figures/answers.js';
import { whereOf } from '../../figures/views.js';
import { WHERE_BY } from '../../figures/where.js';
import { filterParams, viewQuery, type RouteOptions } from './shared.js';

const whereQuery = {
  ...viewQuery,
  properties: { ...viewQuery.properties, by: { type: 'string', enum: WHERE_BY, default: 'activity' } },
} as const;
type WhereQuery = FromSchema<typeof whereQuery>;

export const whereRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: WhereQuery; Reply: Where }>(
    '/api/where',
    { schema: { querystring: whereQuery, response: { 200: Where } } },
    async (req) => whereOf(state, filterParams(req.query), req.query.by ?? 'activity', req.query.period),
  );
};
