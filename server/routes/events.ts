// GET /api/events: Server-Sent Events, a `hello`, then an `update` with the new summary
// whenever the data changes (server/live.ts says when).
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { summaryOf } from '../../figures/summary.js';
import { HEADERS } from '../security.js';
import { error, filterParams, viewQuery, type RouteOptions, type ViewQuery } from './shared.js';

/** Open /api/events streams at most: one per dashboard tab, with room for many. */
export const MAX_EVENT_STREAMS = 32;

export const eventsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { state, live }) => {
  const streams = new Set<ServerResponse>();
  app.get<{ Querystring: ViewQuery }>('/api/events', { schema: { querystring: viewQuery, response: { 503: error } } }, (req, reply) => {
    // Read before the stream opens, so a bad one is a 400.
    const filter = filterParams(req.query);
    const { period } = req.query;
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
        send('update', { seq: live.seq, summary: summaryOf(state, filter, period) });
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
  });
};
