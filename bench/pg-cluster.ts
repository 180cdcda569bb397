// A throwaway PostgreSQL cluster of this machine's binaries for the team benchmarks, as the
// tests make one: in a temp folder, on a free port, owned by the postgres user when run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A throwaway cluster of this machine's binaries (as the tests make one); its URL and how to stop it. */
export async function cluster(): Promise<{ url: string; stop: () => void }> {
  const debian = '/usr/lib/postgresql';
  const fromPath = (process.env.PATH ?? '').split(':').find((d) => d && existsSync(join(d, 'initdb')));
  const version = existsSync(debian) ? readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  const bin = fromPath ?? (version ? join(debian, version, 'bin') : null);
  if (!bin) throw new Error('no PostgreSQL binaries (initdb, pg_ctl): pass --url postgres://… of an empty database');
  // A folder of its own: the postgres user must be able to enter it.
  const dir = mkdtempSync(join(tmpdir(), 'runway-bench-pg-'));
  // PostgreSQL refuses to run as root: the cluster then belongs to the postgres user.
  const as = process.getuid?.() === 0
    ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) }
    : null;
  if (as) chownSync(dir, as.uid, as.gid);
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const tool = (name: string, args: string[]) => {
    const r = spawnSync(join(bin, name), args, { cwd: dir, encoding: 'utf8', ...(as ?? {}) });
    if (r.status !== 0) throw new Error(`${name} failed: ${(r.stderr || r.stdout).trim()}`);
  };
  const data = join(dir, 'data');
  tool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // Durable as a real server would be: fsync stays on.
  tool('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE runway_bench');
  await admin.end();
  return { url: `postgres://postgres@127.0.0.1:${port}/runway_bench`, stop: () => {
      tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
