// GET /api/quota: the 5h/7d quota readings and the 5-hour blocks estimated from the logs.
import type { FastifyPluginAsync } from 'fastify';
import { Quota } from '../../figures/answers.js';
import { quotaOf } from '../../figures/summary.js';
import { scopeQuery, type RouteOptions, type ScopeQuery } from './shared.js';

export const quotaRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: ScopeQuery; Reply: Quota }>(
    '/api/quota',
    { schema: { querystring: scopeQuery, response: { 200: Quota } } },
    async (req) => quotaOf(state, req.query.scope),
  );
};
