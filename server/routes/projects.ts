// GET /api/projects?limit=: the projects that cost the most this period.
import type { FastifyPluginAsync } from 'fastify';
import { Projects } from '../../figures/answers.js';
import { projectsOf } from '../../figures/views.js';
import { limitQuery, type LimitQuery, type RouteOptions } from './shared.js';

const querystring = limitQuery(100, 10);

export const projectsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: LimitQuery; Reply: Projects }>(
    '/api/projects',
    { schema: { querystring, response: { 200: Projects } } },
    async (req) => projectsOf(state, req.query.scope, req.query.limit),
  );
};
