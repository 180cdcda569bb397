// GET /api/sessions?limit=: the most recently active sessions, newest first.
import type { FastifyPluginAsync } from 'fastify';
import { Sessions } from '../../figures/answers.js';
import { sessionsOf } from '../../figures/views.js';
import { filterParams, limitQuery, type LimitQuery, type RouteOptions } from './shared.js';

const querystring = limitQuery(500, 20);

export const sessionsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: LimitQuery; Reply: Sessions }>(
    '/api/sessions',
    { schema: { querystring, response: { 200: Sessions } } },
    async (req) => sessionsOf(state, filterParams(req.query), req.query.limit),
  );
};
