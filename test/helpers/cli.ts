import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built CLI, as users run it (npm test builds first).
export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A private home for one test: database, config and price cache all under a temp dir. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'runway-home-'));
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k]!;
  return {
    ...env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    CLAUDE_CONFIG_DIR: join(home, 'no-logs'),
    NO_COLOR: '1',
    ...extra,
  };
}

export function run(args: string[], env: Record<string, string>, opts: Pick<SpawnSyncOptions, 'uid' | 'gid'> = {}): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', ...opts });
  // A child that could not start at all (EACCES as another user) must say so, not look silent.
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI without blocking the test; `input`, when given, is written to its stdin, then closed (as Claude Code runs a hook or the status line). */
export function runAsync(args: string[], env: Record<string, string>, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** `runway serve --no-open …`, resolved once it prints its address; added to `children` for the caller to kill. */
export function startServe(args: string[], env: Record<string, string>, children: ChildProcess[]): Promise<{ child: ChildProcess; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--no-open', ...args], { env });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('dashboard')) resolve({ child, out });
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}
