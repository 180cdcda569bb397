// GET /api/drill?day=|model=|project=|activity=|by=&name=: the period's sessions behind one total;
// GET /api/session?id=: one session opened to its turns and responses.
import type { FastifyPluginAsync } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import { Drill, SessionTurns } from '../../figures/answers.js';
import { drillOf, sessionOf } from '../../figures/views.js';
import { ACTIVITIES } from '../../core/activity.js';
import { WHERE_BY } from '../../figures/where.js';
import { error, filterParams, filterQuery, viewQuery, type RouteOptions } from './shared.js';

const text = { type: 'string', minLength: 1, maxLength: 4096 } as const;
const drillQuery = {
  ...viewQuery,
  properties: {
    ...viewQuery.properties, day: { type: 'string', format: 'date' }, model: text, project: text, activity: { type: 'string', enum: ACTIVITIES },
    by: { type: 'string', enum: WHERE_BY }, name: text,
  },
  dependencies: { by: ['name'], name: ['by'] },
} as const;
type DrillQuery = FromSchema<typeof drillQuery>;

const sessionQuery = { ...filterQuery, properties: { ...filterQuery.properties, id: text }, required: ['id'] } as const;
type SessionQuery = FromSchema<typeof sessionQuery>;

export const drillRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state }) => {
  app.get<{ Querystring: DrillQuery; Reply: Drill }>(
    '/api/drill',
    { schema: { querystring: drillQuery, response: { 200: Drill } } },
    async (req) => {
      const { day, model, project, activity, by, name, period } = req.query;
      return drillOf(state, filterParams(req.query), { day, model, project, activity, by, name }, period);
    },
  );
  app.get<{ Querystring: SessionQuery; Reply: SessionTurns | { error: string } }>(
    '/api/session',
    { schema: { querystring: sessionQuery, response: { 200: SessionTurns, 404: error } } },
    async (req, reply) => sessionOf(state, filterParams(req.query), req.query.id) ?? reply.code(404).send({ error: 'no such session in the view' }),
  );
};
