// GET /api/quota: the 5h/7d quota readings and the 5-hour blocks estimated from the logs.
import type { FastifyPluginAsync } from 'fastify';
import { Quota } from '../../figures/answers.js';
import { quotaOf } from '../../figures/summary.js';
import { filterParams, filterQuery, type FilterQuery, type RouteOptions } from './shared.js';

export const quotaRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: FilterQuery; Reply: Quota }>(
    '/api/quota',
    { schema: { querystring: filterQuery, response: { 200: Quota } } },
    async (req) => quotaOf(state, filterParams(req.query)),
  );
};
