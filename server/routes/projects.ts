// GET /api/projects?limit=: the projects that cost the most in the period shown.
import type { FastifyPluginAsync } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import { Projects } from '../../figures/answers.js';
import { projectsOf } from '../../figures/views.js';
import { filterParams, limitQuery, viewQuery, type RouteOptions } from './shared.js';

const limited = limitQuery(100, 10);
const querystring = { ...limited, properties: { ...limited.properties, ...viewQuery.properties } } as const;

export const projectsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: FromSchema<typeof querystring>; Reply: Projects }>(
    '/api/projects',
    { schema: { querystring, response: { 200: Projects } } },
    async (req) => projectsOf(state, filterParams(req.query), req.query.limit, req.query.period),
  );
};
