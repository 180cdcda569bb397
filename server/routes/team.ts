// GET /api/team: the team database's people and devices, under `serve --team`; null on a
// single machine's dashboard, so the page hides the card.
import type { FastifyPluginAsync } from 'fastify';
import { Team } from '../../figures/answers.js';
import type { RouteOptions } from './shared.js';

export const teamRoutes: FastifyPluginAsync<RouteOptions> = async (app, { team }) => {
  app.get<{ Reply: Team }>('/api/team', { schema: { response: { 200: Team } } }, async () => ({ team: team?.() ?? null }));
};
