// The PostgreSQL the team tests use: RUNWAY_TEST_PG_URL when it is set (.ci/run starts a
// throwaway cluster and sets it), else a throwaway cluster of this machine's PostgreSQL
// binaries, made here and removed at the end. Without either, the team tests skip and say
// why; in CI they fail instead, since CI must run them.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './helpers/cli.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test cluster, or null when there is none. */
    pgUrl: string | null;
    /** Why there is none, for the skip message. */
    pgMissing: string;
  }
}

/** The folder holding initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N/bin. */
function binaries(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(debian, v, 'bin', 'initdb'))) return join(debian, v, 'bin');
  return null;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user. */
function owner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export default async function setup(project: TestProject): Promise<(() => void) | void> {
  const given = process.env.RUNWAY_TEST_PG_URL;
  if (given) {
    project.provide('pgUrl', given);
    project.provide('pgMissing', '');
    return;
  }
  const bin = binaries();
  if (!bin) {
    if (process.env.CI) throw new Error('the team tests need PostgreSQL: set RUNWAY_TEST_PG_URL (.ci/run starts a cluster) or install postgresql');
    project.provide('pgUrl', null);
    project.provide('pgMissing', 'no PostgreSQL binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql, and RUNWAY_TEST_PG_URL is not set');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'runway-pg-'));
  const as = owner();
  if (as) chownSync(dir, as.uid, as.gid);
  const run = (tool: string, args: string[]) => {
    const r = spawnSync(join(bin, tool), args, { cwd: dir, encoding: 'utf8', ...(as ?? {}) });
    if (r.status !== 0) throw new Error(`${tool} failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
  };
  const port = await freePort();
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  project.provide('pgUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  project.provide('pgMissing', '');
  return () => {
    spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { cwd: dir, ...(as ?? {}) });
    rmSync(dir, { recursive: true, force: true });
  };
}
