// GET /api/last-request: the newest response of the view beside the period's totals.
import type { FastifyPluginAsync } from 'fastify';
import { LastRequest } from '../../figures/answers.js';
import { lastRequestOf } from '../../figures/last-request.js';
import { filterParams, viewQuery, type RouteOptions, type ViewQuery } from './shared.js';

export const lastRequestRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: ViewQuery; Reply: LastRequest }>(
    '/api/last-request',
    { schema: { querystring: viewQuery, response: { 200: LastRequest } } },
    async (req) => lastRequestOf(state, filterParams(req.query), req.query.period),
  );
};
