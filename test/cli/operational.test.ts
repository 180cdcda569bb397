// Trouble with the database or the disk is the user's to fix, not a bug: one line naming
// the file and what to do, exit 4, and never a stack trace.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, closeSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI, cliEnv, run, runAsync } from '../helpers/cli.js';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { operationalMessage } from '../../cli/context.js';
import { openDb } from '../../store/db.js';

const NOW = '2026-11-18T12:00:00Z';
const ROOT = join(import.meta.dirname, '..', '..');

function home() {
  const logs = logRoot();
  logs.write('p/s.jsonl', jsonl([assistant({ id: 'msg_1', ts: '2026-11-18T10:00:00Z', usage: { output: 100 } })]));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: NOW, TZ: 'UTC' });
  const db = join(env.HOME!, 'usage.db');
  return { env: { ...env, RUNWAY_DB: db }, db, logs };
}

function oneLine(r: { status: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.status).toBe(4);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('database trouble', () => {
  it('a database from a newer Runway names the file and says to upgrade', () => {
    const { env, db } = home();
    const d = new Database(db);
    d.pragma('user_version = 999');
    d.close();
    oneLine(run(['daily'], env), new RegExp(`^runway: ${db}: it was written by a newer Runway \\(schema 999; this one knows \\d+\\): upgrade Runway`));
  });

  it('a file that is not a database, or one with a damaged page, says to move it aside and rebuild', () => {
    const { env, db } = home();
    writeFileSync(db, 'not a database at all, but long enough to look like a header. '.repeat(40));
    oneLine(run(['daily'], env), new RegExp(`^runway: ${db} is damaged or not a Runway database: move it aside and run again to rebuild it from the logs`));

    rmSync(db);
    expect(run(['scan'], env).status).toBe(0);
    // Garble every page after the header page: the file opens, its tables do not read.
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    closeSync(fd);
    oneLine(run(['daily', '--no-scan'], env), /is damaged or not a Runway database/);
  });

  it('a database locked by another writer waits, then says to try again', async () => {
    const { env, db } = home();
    expect(run(['scan'], env).status).toBe(0);
    const holder = new Database(db);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      // New lines to store, so the scan needs the write lock.
      const second = logRoot();
      second.write('p/t.jsonl', jsonl([assistant({ id: 'msg_2', ts: '2026-11-18T10:00:00Z', usage: { output: 1 } })]));
      env.CLAUDE_CONFIG_DIR = second.root;
      oneLine(await runAsync(['scan'], env), new RegExp(`^runway: ${db} is locked by another process \\(waited 10 s\\): try again`));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 40_000);

  it('a read-only database still answers reports with --no-scan, and says what to do without it', () => {
    const { env, db, logs } = home();
    expect(run(['scan'], env).status).toBe(0);
    chmodSync(db, 0o444);
    // A new response, so a scan would have to write.
    logs.append('p/s.jsonl', jsonl([assistant({ id: 'msg_2', ts: '2026-11-18T10:00:00Z', usage: { output: 1 } })]));
    // Root writes anything: run the command as an unprivileged user, as people do.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      for (const top of [env.HOME!, logs.root]) {
        chmodSync(top, 0o755);
        for (const f of readdirSync(top, { recursive: true }) as string[]) {
          if (statSync(join(top, f)).isDirectory()) chmodSync(join(top, f), 0o755);
        }
      }
      chownSync(dirname(db), 65534, 65534);
    }
    const as = (args: string[]) => run(args, env, asRoot ? { uid: 65534, gid: 65534 } : {});
    const report = as(['daily', '--json', '--no-scan']);
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    expect(JSON.parse(report.stdout).totals.outputTokens).toBe(100);
    oneLine(as(['daily']), new RegExp(`^runway: ${db} cannot be written: fix its permissions, or add --no-scan to report from it as it is`));
  });

  it.each([
    [{ code: 'SQLITE_FULL' }, /^the disk holding \/x\/usage\.db is full: free some space/],
    [{ code: 'SQLITE_IOERR_WRITE' }, /^\/x\/usage\.db: the disk reported an error \(SQLITE_IOERR_WRITE\)/],
    [{ code: 'SQLITE_BUSY_SNAPSHOT' }, /is locked by another process/],
    [{ code: 'ENOSPC', path: '/out/report.html', syscall: 'write' }, /^\/out\/report\.html: the disk is full/],
    [{ code: 'EACCES', path: '/out/report.html', syscall: 'open' }, /^\/out\/report\.html: cannot open \(EACCES\)/],
  ])('names %j and what to do', (error, pattern) => {
    expect(operationalMessage(Object.assign(new Error('x'), error), '/x/usage.db')).toMatch(pattern);
  });

  it('a bug is not dressed up as trouble', () => {
    expect(operationalMessage(new TypeError('undefined is not a function'))).toBeNull();
  });
});

describe('status lines against a steady writer', () => {
  it('never fail with "database is locked": every write takes its lock up front and waits', async () => {
    const { env, db } = home();
    expect(run(['scan'], env).status).toBe(0);
    // Another process committing as fast as it can, as a scan or a second status line does.
    const writer = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(process.argv[1]);
      db.pragma('busy_timeout = 10000');
      const bump = db.prepare('UPDATE files SET scanned_at = scanned_at + 1');
      const tx = db.transaction(() => { bump.run(); });
      for (;;) tx.immediate();
    `, db], { cwd: ROOT, stdio: 'ignore' });
    try {
      for (let i = 0; i < 20; i++) {
        const input = JSON.stringify({ session_id: 's', rate_limits: { five_hour: { used_percentage: i, resets_at: Date.parse(NOW) / 1000 + 3600 } } });
        const r = await runAsync(['statusline', '--no-scan'], { ...env, RUNWAY_NOW: new Date(Date.parse(NOW) + i * 1000).toISOString() }, input);
        expect(r.stdout).not.toMatch(/locked|internal error/);
        expect(r.stdout).toMatch(/^runway /);
      }
    } finally {
      writer.kill('SIGKILL');
    }
    const d = openDb(db);
    expect(d.prepare("SELECT count(*) FROM quota_snapshots WHERE window = 'five_hour'").pluck().get()).toBe(20);
  }, 120_000);
});
