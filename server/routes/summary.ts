// GET /api/summary: the pacing figures of the period, as `runway status` prints them.
import type { FastifyPluginAsync } from 'fastify';
import { Summary } from '../../figures/answers.js';
import { summaryOf } from '../../figures/summary.js';
import { filterParams, viewQuery, type RouteOptions, type ViewQuery } from './shared.js';

export const summaryRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: ViewQuery; Reply: Summary }>(
    '/api/summary',
    { schema: { querystring: viewQuery, response: { 200: Summary } } },
    async (req) => summaryOf(state, filterParams(req.query), req.query.period),
  );
};
