// GET /api/models: cost and share per model and per family, the unpriced models apart.
import type { FastifyPluginAsync } from 'fastify';
import { Models } from '../../figures/answers.js';
import { modelsOf } from '../../figures/views.js';
import { filterParams, viewQuery, type RouteOptions, type ViewQuery } from './shared.js';

export const modelsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: ViewQuery; Reply: Models }>(
    '/api/models',
    { schema: { querystring: viewQuery, response: { 200: Models } } },
    async (req) => modelsOf(state, filterParams(req.query), req.query.period),
  );
};
