// GET /api/agents: the period per agent (cost, tokens, responses, share of the spend).
import type { FastifyPluginAsync } from 'fastify';
import { Agents } from '../../figures/answers.js';
import { agentsOf } from '../../figures/views.js';
import { filterParams, viewQuery, type RouteOptions, type ViewQuery } from './shared.js';

export const agentsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: ViewQuery; Reply: Agents }>(
    '/api/agents',
    { schema: { querystring: viewQuery, response: { 200: Agents } } },
    async (req) => agentsOf(state, filterParams(req.query), req.query.period),
  );
};
