// Load on a real `runway serve` process, for bench/run.ts: autocannon at a fixed request rate
// against one route, over HTTP on 127.0.0.1, as a browser or a script polling it would be.
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import { percentile } from './measure.js';

export interface Server {
  port: number;
  stop(): Promise<void>;
}

export interface LoadResult {
  path: string;
  connections: number;
  seconds: number;
  /** Responses per second actually received. */
  rate: number;
  requests: number;
  p50: number;
  p975: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns `node <cli> serve --no-open --port <free port> …args` and resolves once it listens. */
export async function startServer(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--no-open', '--port', String(port), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => (out += s));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runway serve did not listen within 120 s: ${out.slice(-2000)}`)), 120_000);
    child.stdout!.on('data', (s: string) => {
      out += s;
      if (out.includes(`http://127.0.0.1:${port}/`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runway serve exited (${code}) before listening: ${out.slice(-2000)}`));
    });
  });
  return {
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `rate` requests per second on `path` for `seconds` over `connections` keep-alive connections.
 * autocannon paces by the second: each connection sends its share of a second back to back,
 * then waits for the next. With one connection no request waits behind another (as in a steady
 * stream of fast requests); with several, that many arrive at once at the top of every second.
 */
export async function load(port: number, path: string, seconds: number, rate: number, connections: number): Promise<LoadResult> {
  const times: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}${path}`,
        // The server answers only its own Host names (a guard against DNS rebinding).
        headers: { host: `127.0.0.1:${port}` },
        connections,
        overallRate: rate,
        duration: seconds,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    // Latencies from the raw times: autocannon's histogram keeps whole milliseconds, and in a
    // rate-limited run adds a made-up sample per millisecond of each response (its correction
    // for coordinated omission takes ceil(1 / requests per second) = 1 ms as the interval).
    (instance as unknown as EventEmitter).on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) times.push(ms);
    });
  });
  times.sort((a, b) => a - b);
  return {
    path,
    connections,
    seconds: r.duration,
    rate: r.requests.total / r.duration,
    requests: r.requests.total,
    p50: percentile(times, 50),
    p975: percentile(times, 97.5),
    p99: percentile(times, 99),
    max: times.at(-1) ?? NaN,
    errors: r.errors, // timeouts included
    non2xx: r.non2xx,
  };
}
