// The dashboard server: an app factory so tests drive it with inject(), no socket.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Scope } from '../core/config.js';
import { DashboardState, type StateOptions } from '../figures/state.js';
import { registerSecurity } from './security.js';
import { registerStatic } from './static.js';
import { registerApi } from './api.js';
import { LiveUpdates, type LiveOptions } from './live.js';

export interface AppOptions extends StateOptions {
  /** The port the server listens on: part of every allowed Host header. */
  port: number;
  version: string;
  webDir?: string;
  /** Watch the logs and push updates; absent, the page refreshes on its timer only. */
  live?: LiveOptions;
}

export type ScopeQuery = { scope?: Scope };

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
  registerApi(app, state, live, opts.version);
  registerStatic(app, opts.webDir);
  await app.ready();
  return app;
}
