// GET /api/daily: every day of the period with its spend, tokens and budget line.
import type { FastifyPluginAsync } from 'fastify';
import { Daily } from '../../figures/answers.js';
import { dailyOf } from '../../figures/views.js';
import { filterParams, viewQuery, type RouteOptions, type ViewQuery } from './shared.js';

export const dailyRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: ViewQuery; Reply: Daily }>(
    '/api/daily',
    { schema: { querystring: viewQuery, response: { 200: Daily } } },
    async (req) => dailyOf(state, filterParams(req.query), req.query.period),
  );
};
