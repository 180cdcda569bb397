import { afterEach, describe, expect, it } from 'vitest';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pollingReason } from '../../server/live.js';
import { MAX_EVENT_STREAMS } from '../../server/routes/events.js';
import { openDb, type Db } from '../../store/db.js';
import { logRoots, scan, watchRules } from '../../scanner/scan.js';
import { writeFileSync } from 'node:fs';
import { assistant, jsonl, logRoot, tempDb } from '../helpers/logs.js';
import { build } from '../helpers/app.js';
import { sseParser } from '../../bench/surfaces.js';

// The test prices: 1M output tokens = $10, so 100,000 output tokens are $1.
// The server's clock is pinned; every response is logged an hour before it.
const NOW = Date.parse('2026-11-18T12:00:00Z');
const line = (id: string, dollars: number, session = 'live-1') =>
  jsonl([assistant({ id, requestId: `req_${id}`, ts: '2026-11-18T11:00:00Z', model: 'claude-test-1', session, usage: { input: 0, output: dollars * 100_000 } })]);

interface Sse {
  events: { event: string; data: any }[];
  next(event: string, timeoutMs?: number): Promise<any>;
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** A minimal EventSource: collects events and waits for the next one of a kind. */
function openEvents(port: number, path = '/api/events'): Promise<Sse> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, (res: IncomingMessage) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      const events: Sse['events'] = [];
      // Each event is handed out once, in order, whether it came before or after the wait began.
      let taken = 0;
      const waiters: { event: string; resolve: (d: any) => void }[] = [];
      const take = (event: string) => {
        const i = events.findIndex((e, j) => j >= taken && e.event === event);
        if (i < 0) return undefined;
        taken = i + 1;
        return events[i]!.data;
      };
      res.setEncoding('utf8');
      res.on('data', sseParser((event, data) => {
        events.push({ event, data: JSON.parse(data) });
        const w = waiters[0];
        if (w) {
          const d = take(w.event);
          if (d !== undefined) {
            waiters.shift();
            w.resolve(d);
          }
        }
      }));
      const ended = new Promise<void>((done) => res.once('close', () => done()));
      resolve({
        ended,
        events,
        next(event, timeoutMs = 3000) {
          const ready = take(event);
          if (ready !== undefined) return Promise.resolve(ready);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no "${event}" event within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({ event, resolve: (d) => (clearTimeout(timer), ok(d)) });
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

const apps: FastifyInstance[] = [];
const streams: Sse[] = [];
afterEach(async () => {
  while (streams.length) streams.pop()!.close();
  while (apps.length) await apps.pop()!.close();
});

async function serve(opts: { watch?: 'auto' | 'poll'; files?: number; noLogDir?: boolean; agents?: boolean } = {}) {
  const logs = logRoot();
  const logDir = join(logs.root, 'projects');
  if (opts.noLogDir) rmSync(logDir, { recursive: true });
  const db: Db = openDb(tempDb());
  const scanAll = () => scan(db, { env: logs.env });
  // Every agent's folders, as serve watches them; only Claude Code's exists until a test makes another.
  const roots = logRoots(logs.env).filter((r) => r.source === 'claude-code' || opts.agents);
  if (opts.agents) mkdirSync(join(logs.root, '.codex', 'sessions'), { recursive: true });
  const port = await freePort();
  const watch = opts.watch ?? 'auto';
  const app = await build({
    db, config: { monthly_budget: 100, watch }, configPath: join(logs.root, 'none.json'), costMode: 'calculate',
    scan: scanAll, port, version: 'test', now: () => NOW,
    live: {
      dirs: roots.map((r) => r.logDir), rules: watchRules(roots), scanAll, mode: watch, pollMs: 200, files: opts.files ?? 0,
      scanFiles: (only) => scan(db, { env: logs.env, only }),
    },
  });
  apps.push(app);
  await app.listen({ host: '127.0.0.1', port });
  return { logs, db, app, port, host: { host: `127.0.0.1:${port}` } };
}

describe('live updates over Server-Sent Events', () => {
  it('pushes the new summary when a line is appended to a session file', async () => {
    const { logs, app, host } = await serve();
    const health = (await app.inject({ url: '/api/health', headers: host })).json();
    expect(health.watch).toEqual({ mode: 'events', reason: null });
    const sse = await openEventsOn(app);
    const hello = await sse.next('hello');
    expect(hello.watch.mode).toBe('events');

    logs.write('proj/s1.jsonl', line('m1', 2));
    const first = await sse.next('update', 3000);
    expect(first.summary.spentToDate).toBeCloseTo(2, 10);
    const started = Date.now();
    logs.append('proj/s1.jsonl', line('m2', 3));
    const update = await sse.next('update', 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(update.summary.spentToDate).toBeCloseTo(5, 10);
    expect(update.summary.totals.responses).toBe(2);
    expect(update.seq).toBeGreaterThan(hello.seq);
  });

  it("pushes another agent's usage too: a Codex rollout written in its home", async () => {
    const { logs, app } = await serve({ agents: true });
    const dir = join(logs.root, '.codex', 'sessions', '2026', '09', '01');
    mkdirSync(dir, { recursive: true });
    const sse = await openEventsOn(app);
    await sse.next('hello');
    const total = { input_tokens: 1_000_000, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 1_000_000 };
    writeFileSync(join(dir, 'rollout-2026-09-01T10-00-00-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl'), jsonl([
      { timestamp: '2026-09-01T10:00:00.000Z', type: 'session_meta', payload: { id: '019c8a4c-ed82-79a1-aa28-7738fc5ab61a', cwd: '/work', cli_version: '0.104.0', source: 'cli' } },
      { timestamp: '2026-09-01T10:00:01.000Z', type: 'turn_context', payload: { model: 'gpt-5.3-codex' } },
      { timestamp: new Date(NOW - 60_000).toISOString(), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: total } } },
    ]));
    const update = await sse.next('update', 3000);
    expect(update.summary.totals.responses).toBe(1);
  });

  it('picks up a new project folder and a new session file in it', async () => {
    const { logs, app } = await serve();
    const sse = await openEventsOn(app);
    await sse.next('hello');
    mkdirSync(logs.path('new-project'), { recursive: true });
    await new Promise((r) => setTimeout(r, 300));
    logs.write('new-project/s2.jsonl', line('n1', 1.5, 'live-2'));
    const update = await sse.next('update', 4000);
    expect(update.summary.spentToDate).toBeCloseTo(1.5, 10);
  });

  it('starts watching a log folder created after the server started (first use of Claude Code)', async () => {
    const { logs, app, host } = await serve({ noLogDir: true });
    expect((await app.inject({ url: '/api/health', headers: host })).json().watch.mode).toBe('events');
    const sse = await openEventsOn(app);
    await sse.next('hello');
    mkdirSync(logs.path('first-project'), { recursive: true });
    // The folder is noticed within a tick (1 s); a file written after that is seen by the watcher.
    await new Promise((r) => setTimeout(r, 1500));
    logs.write('first-project/s1.jsonl', line('f1', 2.25));
    const update = await sse.next('update', 4000);
    expect(update.summary.spentToDate).toBeCloseTo(2.25, 10);
  });

  it('leaves a half-written last line for the next change, then counts it once', async () => {
    const { logs, app } = await serve();
    logs.write('proj/s1.jsonl', '');
    const sse = await openEventsOn(app);
    await sse.next('hello');
    const full = line('h1', 4);
    logs.append('proj/s1.jsonl', full.slice(0, 40));
    await new Promise((r) => setTimeout(r, 400));
    expect(sse.events.filter((e) => e.event === 'update')).toHaveLength(0);
    logs.append('proj/s1.jsonl', full.slice(40));
    const update = await sse.next('update', 3000);
    expect(update.summary.spentToDate).toBeCloseTo(4, 10);
    expect(update.summary.totals.responses).toBe(1);
  });

  it('keeps answering when a FIFO or a link to a device named *.jsonl appears in the logs', async () => {
    const { logs, app, host } = await serve();
    const sse = await openEventsOn(app);
    await sse.next('hello');
    mkdirSync(logs.path('proj'), { recursive: true });
    execFileSync('mkfifo', [logs.path('proj/fifo.jsonl')]);
    symlinkSync('/dev/zero', logs.path('proj/zero.jsonl'));
    await new Promise((r) => setTimeout(r, 300));
    logs.write('proj/s1.jsonl', line('f1', 1.25));
    const update = await sse.next('update', 4000);
    expect(update.summary.spentToDate).toBeCloseTo(1.25, 10);
    const res = await app.inject({ url: '/api/summary', headers: host });
    expect(res.statusCode).toBe(200);
  });

  it('tells the page about commits from other processes (a status line storing a quota reading)', async () => {
    const { app, db } = await serve();
    const sse = await openEventsOn(app);
    await sse.next('hello');
    const other = openDb(db.name);
    other.prepare("INSERT INTO quota_snapshots VALUES ('five_hour', ?, 50, ?, 's')").run(NOW, NOW + 3_600_000);
    other.close();
    await sse.next('update', 3000);
  });

  it('falls back to polling when the config asks for it, and says so in /api/health', async () => {
    const { logs, app, host } = await serve({ watch: 'poll' });
    const health = (await app.inject({ url: '/api/health', headers: host })).json();
    expect(health.watch.mode).toBe('polling');
    expect(health.watch.reason).toMatch(/config "watch" is "poll"; scanning every 0.2 s/);
    const sse = await openEventsOn(app);
    expect((await sse.next('hello')).watch.mode).toBe('polling');
    logs.write('proj/s1.jsonl', line('p1', 2.5));
    const update = await sse.next('update', 3000);
    expect(update.summary.spentToDate).toBeCloseTo(2.5, 10);
  });

  it('polls when there are more log files than the system lets one process watch', async () => {
    const { app, host } = await serve({ files: 50_000_000 });
    const health = (await app.inject({ url: '/api/health', headers: host })).json();
    // Linux names its limit; elsewhere there is none and file events are used.
    if (process.platform === 'linux') {
      expect(health.watch.mode).toBe('polling');
      expect(health.watch.reason).toMatch(/50000000 log files exceed .*max_user_watches/);
    } else expect(health.watch.mode).toBe('events');
  });

  it('rejects an event stream asked for under a foreign Host (DNS rebinding)', async () => {
    const { app } = await serve();
    const res = await app.inject({ url: '/api/events', headers: { host: 'evil.example' } });
    expect(res.statusCode).toBe(403);
  });

  it('answers HEAD /api/events with the stream headers, and ends', async () => {
    const { app, host } = await serve();
    const res = await app.inject({ method: 'HEAD', url: '/api/events', headers: host });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.body).toBe('');
  });

  it(`keeps at most ${MAX_EVENT_STREAMS} streams open, answers 503 beyond, and frees a slot when one closes`, async () => {
    const { app, host, port } = await serve();
    const open = await Promise.all(Array.from({ length: MAX_EVENT_STREAMS }, () => openEventsOn(app)));
    await Promise.all(open.map((sse) => sse.next('hello')));
    const refused = await app.inject({ url: '/api/events', headers: host });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toEqual({ error: `too many open event streams (at most ${MAX_EVENT_STREAMS}); close other dashboard tabs` });
    expect(refused.headers['retry-after']).toBe('30');

    open[0]!.close();
    await open[0]!.ended;
    // The server sees the socket close a moment after the client does.
    let status = 503;
    for (let tries = 0; status === 503 && tries < 100; tries++) {
      status = await eventsStatus(port);
      if (status === 503) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(200);
  });

  it('closes open streams when the server stops', async () => {
    const { app } = await serve();
    const sse = await openEventsOn(app);
    await sse.next('hello');
    let ended = false;
    void sse.ended.then(() => (ended = true));
    // close() waits for open connections: it only returns because the stream was ended.
    await app.close();
    apps.length = 0;
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).toBe(true);
  });
});

describe('pollingReason', () => {
  it('accepts a local folder with few files', () => {
    expect(pollingReason([logRoot().root], 10)).toBeNull();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The status /api/events answers now; a stream that opens is closed again at once. */
async function eventsStatus(port: number): Promise<number> {
  const abort = new AbortController();
  const res = await fetch(`http://127.0.0.1:${port}/api/events`, { signal: abort.signal });
  if (res.status === 200) abort.abort();
  else await res.text();
  return res.status;
}

function openEventsOn(app: FastifyInstance): Promise<Sse> {
  const port = (app.server.address() as AddressInfo).port;
  return openEvents(port).then((s) => (streams.push(s), s));
}
