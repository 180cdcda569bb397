// The JSON APIs. Each answer starts with an incremental scan (reused when one just ran),
// then reads the rollups: no request ever scans raw rows.
import type { FastifyInstance } from 'fastify';
import type { Scope } from '../core/config.js';
import { modelBreakdown, periodDays, recentSessions, topProjects } from '../figures/dashboard.js';
import type { ServerResponse } from 'node:http';
import type { LiveUpdates } from './live.js';
import { HEADERS } from './security.js';
import type { DashboardState } from '../figures/state.js';
import { dataFigures, quotaOf, summaryOf, usageFor } from '../figures/summary.js';
import * as schemas from './schemas.js';

type Query = { scope?: Scope; limit?: number };

/** Open /api/events streams at most: one per dashboard tab, with room for many. */
export const MAX_EVENT_STREAMS = 32;

export function registerApi(app: FastifyInstance, state: DashboardState, live: LiveUpdates, version: string): void {
  const streams = new Set<ServerResponse>();
  app.get<{ Querystring: Query }>('/api/summary', { schema: schemas.summary }, async (req) => summaryOf(state, req.query.scope));

  app.get<{ Querystring: Query }>('/api/quota', { schema: schemas.quota }, async (req) => quotaOf(state, req.query.scope));

  app.get<{ Querystring: Query }>('/api/daily', { schema: schemas.daily }, async (req) => {
    const { u } = usageFor(state, req.query.scope);
    return { period: u.budget.period, unit: u.budget.unit, days: periodDays(u) };
  });

  app.get<{ Querystring: Query }>('/api/models', { schema: schemas.models }, async (req) => modelBreakdown(usageFor(state, req.query.scope).u));

  app.get<{ Querystring: Query }>('/api/projects', { schema: schemas.projects }, async (req) => {
    const { u } = usageFor(state, req.query.scope);
    return { projects: topProjects(u, req.query.limit ?? 10) };
  });

  app.get<{ Querystring: Query }>('/api/sessions', { schema: schemas.sessions }, async (req) => {
    state.refresh();
    const scope = req.query.scope ?? state.config.scope;
    const limit = req.query.limit ?? 20;
    return { sessions: state.memo(`recent|${scope}|${limit}`, () => recentSessions(state.db, limit, scope, state.pricing)) };
  });

  app.get('/api/health', { schema: schemas.health }, async () => {
    state.refresh();
    return {
      ok: state.scanError === null, version, responses: dataFigures(state).count, lastScanAt: state.lastScanAt,
      scanError: state.scanError, demo: state.demo, watch: live.status,
    };
  });

  // Server-Sent Events: a `hello`, then an `update` with the new summary whenever the data changes.
  app.get<{ Querystring: Query }>('/api/events', { schema: schemas.events }, (req, reply) => {
    const scope = req.query.scope;
    const head = { ...HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' };
    // HEAD gets the headers a stream would have; it must not stay open as one.
    if (req.method === 'HEAD') return reply.headers(head).send();
    // Each stream holds a socket and a subscription: a runaway page must not exhaust them.
    if (streams.size >= MAX_EVENT_STREAMS) {
      return reply.code(503).header('retry-after', '30').send({ error: `too many open event streams (at most ${MAX_EVENT_STREAMS}); close other dashboard tabs` });
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...head, connection: 'keep-alive' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write('retry: 3000\n\n');
    send('hello', { seq: live.seq, watch: live.status });
    const unsubscribe = live.subscribe(() => {
      try {
        send('update', { seq: live.seq, summary: summaryOf(state, scope) });
      } catch (e) {
        send('error', { error: (e as Error).message });
      }
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    const stop = () => {
      clearInterval(ping);
      unsubscribe();
    };
    res.on('close', stop);
    streams.add(res);
    res.on('close', () => streams.delete(res));
  });
  // Open streams would keep the server from closing.
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    await live.close();
  });
}
