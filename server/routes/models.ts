// GET /api/models: cost and share per model and per family, the unpriced models apart.
import type { FastifyPluginAsync } from 'fastify';
import { Models } from '../../figures/answers.js';
import { modelsOf } from '../../figures/views.js';
import { scopeQuery, type RouteOptions, type ScopeQuery } from './shared.js';

export const modelsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: ScopeQuery; Reply: Models }>(
    '/api/models',
    { schema: { querystring: scopeQuery, response: { 200: Models } } },
    async (req) => modelsOf(state, req.query.scope),
  );
};
