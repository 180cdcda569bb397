// GET /api/health: the version, the row count, whether the last scan worked and how the logs are followed.
import type { FastifyPluginAsync } from 'fastify';
import { Health } from '../../figures/answers.js';
import { healthOf } from '../../figures/views.js';
import type { RouteOptions } from './shared.js';

export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state, live, version }) => {
  app.get<{ Reply: Health }>('/api/health', { schema: { response: { 200: Health } } }, async () => healthOf(state, version, live.status));
};
