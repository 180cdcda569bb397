// The dashboard server: an app factory so tests drive it with inject(), no socket.
import Fastify, { type FastifyInstance } from 'fastify';
import { DashboardState, type StateOptions } from '../figures/state.js';
import { registerSecurity } from './security.js';
import { registerStatic } from './static.js';
import { LiveUpdates, type LiveOptions } from './live.js';
import type { RouteOptions } from './routes/shared.js';
import { summaryRoutes } from './routes/summary.js';
import { quotaRoutes } from './routes/quota.js';
import { dailyRoutes } from './routes/daily.js';
import { modelsRoutes } from './routes/models.js';
import { agentsRoutes } from './routes/agents.js';
import { projectsRoutes } from './routes/projects.js';
import { sessionsRoutes } from './routes/sessions.js';
import { lastRequestRoutes } from './routes/last-request.js';
import { healthRoutes } from './routes/health.js';
import { whereRoutes } from './routes/where.js';
import { drillRoutes } from './routes/drill.js';
import { eventsRoutes } from './routes/events.js';
import { teamRoutes } from './routes/team.js';
import type { Team } from '../figures/answers.js';

export interface AppOptions extends StateOptions {
  /** The port the server listens on: part of every allowed Host header. */
  port: number;
  version: string;
  webDir?: string;
  /** Watch the logs and push updates; absent, the page refreshes on its timer only. */
  live?: LiveOptions;
  /** `serve --team`: the team's people and devices for /api/team. */
  team?: () => Team['team'];
}

/**
 * The JSON APIs, one file per resource, each holding its route's schema. Each answer
 * starts with an incremental scan (reused when one just ran), then reads the rollups:
 * no request ever scans raw rows.
 */
const ROUTES = [summaryRoutes, quotaRoutes, dailyRoutes, modelsRoutes, agentsRoutes, projectsRoutes, sessionsRoutes, lastRequestRoutes, whereRoutes, drillRoutes, teamRoutes, healthRoutes, eventsRoutes];

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const state = new DashboardState(opts);
  registerSecurity(app, opts.port);

  // Every error is JSON with one message: a bad query names the parameter and what it expected.
  app.setErrorHandler((err: { statusCode?: number; validation?: unknown; message: string }, _request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const message = err.validation ? `bad query: ${err.message.replace(/^querystring\/?/, '')}` : status === 500 ? `internal error: ${err.message}` : err.message;
    return reply.code(status).send({ error: message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no such page: ${request.url}` }));

  const live = new LiveUpdates(state, opts.live ?? null);
  await live.start();
  // The watcher and its timers stop when the server closes; routes/events.ts ends the open streams.
  app.addHook('preClose', () => live.close());
  const routeOptions: RouteOptions = { state, live, version: opts.version, team: opts.team };
  for (const routes of ROUTES) app.register(routes, routeOptions);
  registerStatic(app, opts.webDir);
  await app.ready();
  return app;
}
