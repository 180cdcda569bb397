// runway yield on real git repositories in temp folders, commits dated at the sessions' times:
// kept, reverted by `git revert`, dropped with a deleted branch, another author's commit, the
// grace hour's edge, overlapping sessions, a plain folder, a gone one, an unpriced session,
// git missing; and the repository is left as it was, no message, file name or sha printed.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDb } from '../../store/db.js';
import { AGENT_PRICES, writeAgentRows, type AgentRow } from '../helpers/agents.js';
import { cliEnv, run } from '../helpers/cli.js';
import { tempDb } from '../helpers/logs.js';

const ME = 'me@example.com';
const SECRET = 'SECRET-SUBJECT';

function repository(dir: string): (args: string[], date?: string, email?: string) => string {
  mkdirSync(dir);
  const env = { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  const git = (args: string[], date?: string, email = ME) => execFileSync('git', ['-C', dir, '-c', `user.email=${email}`, '-c', 'user.name=Dev', ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
  });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.email', ME]);
  return git;
}

/** A commit adding a file, the message and the file name things yield must never print. */
function commit(git: ReturnType<typeof repository>, dir: string, name: string, date: string, email = ME): void {
  writeFileSync(join(dir, `${SECRET}-${name}.txt`), name);
  git(['add', '--', `${SECRET}-${name}.txt`], date, email);
  git(['commit', '-q', '-m', `${SECRET} ${name}`], date, email);
}

/** Every file under .git with its size and mtime: what a read-only git leaves alone. */
function snapshot(dir: string): string[] {
  return (readdirSync(join(dir, '.git'), { recursive: true }) as string[]).sort().map((f) => {
    const s = statSync(join(dir, '.git', f));
    return `${f} ${s.size} ${s.mtimeMs}`;
  });
}

/**
 * In /app (user.email me@example.com), all on November 2026 mornings, UTC:
 * k1 10th 09–10 ($10): my commit 09:30, another author's 09:40, mine at 11:00:00 (grace edge) → kept 2;
 * r1 11th ($20): my commit 09:30, `git revert`ed on the 12th → reverted 1;
 * d1 13th ($4): a commit on a branch deleted after → reverted 1;
 * n1 14th ($6): a commit at 11:00:01, a second past the grace hour → no commit;
 * o1 15th 09–10 ($1) and o2 10:30–11:30 ($2): commits 09:15 and 10:45, the second in both
 * windows and o2's (started later) → kept 1 each; u1 16th unpriced → no commit.
 * p1 ($3) in a folder that is no repository; g1 ($2) in one that is gone.
 */
function setup() {
  const home = mkdtempSync(join(tmpdir(), 'runway-yield-'));
  const app = join(home, 'app');
  const plain = join(home, 'plain');
  mkdirSync(plain);
  const git = repository(app);
  commit(git, app, 'k1', '2026-11-10T09:30:00Z');
  commit(git, app, 'k1-other', '2026-11-10T09:40:00Z', 'other@example.com');
  commit(git, app, 'k1-edge', '2026-11-10T11:00:00Z');
  commit(git, app, 'r1', '2026-11-11T09:30:00Z');
  git(['revert', '--no-edit', 'HEAD'], '2026-11-12T15:00:00Z');
  git(['switch', '-q', '-c', 'spike'], '2026-11-13T09:20:00Z');
  commit(git, app, 'd1', '2026-11-13T09:30:00Z');
  git(['switch', '-q', 'main']);
  git(['branch', '-q', '-D', 'spike']);
  commit(git, app, 'n1', '2026-11-14T11:00:01Z');
  commit(git, app, 'o1', '2026-11-15T09:15:00Z');
  commit(git, app, 'o2', '2026-11-15T10:45:00Z');

  const rows: AgentRow[] = [];
  const session = (id: string, project: string, first: string, last: string, usd: number | null) => {
    for (const [i, ts] of [first, last].entries()) {
      rows.push({ agent: 'claude-code', id: `${id}-${i}`, ts, session: id, project, ...(usd === null ? { model: 'gpt-mystery', usd: null, output: 1000 } : { model: 'claude-test-1', usd: usd / 2 }) });
    }
  };
  session('k1', app, '2026-11-10T09:00:00Z', '2026-11-10T10:00:00Z', 10);
  session('r1', app, '2026-11-11T09:00:00Z', '2026-11-11T10:00:00Z', 20);
  session('d1', app, '2026-11-13T09:00:00Z', '2026-11-13T10:00:00Z', 4);
  session('n1', app, '2026-11-14T09:00:00Z', '2026-11-14T10:00:00Z', 6);
  session('o1', app, '2026-11-15T09:00:00Z', '2026-11-15T10:00:00Z', 1);
  session('o2', app, '2026-11-15T10:30:00Z', '2026-11-15T11:30:00Z', 2);
  session('u1', app, '2026-11-16T09:00:00Z', '2026-11-16T10:00:00Z', null);
  session('p1', plain, '2026-11-16T09:00:00Z', '2026-11-16T10:00:00Z', 3);
  session('g1', join(home, 'gone'), '2026-11-17T09:00:00Z', '2026-11-17T10:00:00Z', 2);
  const db = tempDb();
  const opened = openDb(db);
  writeAgentRows(opened, rows);
  opened.close();

  const env = cliEnv({ RUNWAY_DB: db, RUNWAY_NOW: '2026-11-18T12:00:00Z' });
  const configPath = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', prices: AGENT_PRICES }));
  const yieldRun = (args: string[] = [], extra: Record<string, string> = {}) => {
    const r = run(['yield', '--no-scan', ...args], { ...env, ...extra });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };
  const shas = git(['log', '--all', '--reflog', '--format=%H']).trim().split('\n');
  return { app, plain, home, yieldRun, shas };
}

describe('runway yield', () => {
  it('labels each session from the repository, counts commits, totals per label, and leaves the repository alone', () => {
    const { app, plain, home, yieldRun, shas } = setup();
    const before = snapshot(app);
    const out = JSON.parse(yieldRun(['--json']));
    expect(snapshot(app)).toEqual(before);
    expect(out.sessions.map((s: { sessionId: string; label: string; commitsKept: number; commitsReverted: number }) => [s.sessionId, s.label, s.commitsKept, s.commitsReverted])).toEqual([
      ['k1', 'kept', 2, 0], ['r1', 'reverted', 0, 1], ['d1', 'reverted', 0, 1], ['n1', 'no commit', 0, 0],
      ['o1', 'kept', 1, 0], ['o2', 'kept', 1, 0], ['p1', 'not a repository', 0, 0], ['u1', 'no commit', 0, 0], ['g1', 'gone', 0, 0],
    ]);
    expect(out.sessions.find((s: { sessionId: string }) => s.sessionId === 'u1').totalCost).toBeNull();
    expect(out.pricedCost).toBeCloseTo(48, 9);
    expect(out.totals.kept).toMatchObject({ sessions: 3, unpricedSessions: 0 });
    expect(out.totals.kept.cost).toBeCloseTo(13, 9);
    expect(out.totals.kept.share).toBeCloseTo(13 / 48, 9);
    expect(out.totals.reverted.cost).toBeCloseTo(24, 9);
    expect(out.totals.reverted.share).toBeCloseTo(0.5, 9);
    expect(out.totals['no commit']).toMatchObject({ sessions: 2, unpricedSessions: 1 });
    expect(out.totals['no commit'].cost).toBeCloseTo(6, 9);
    expect(out.totals['not a repository'].sessions).toBe(1);
    expect(out.totals.gone.sessions).toBe(1);
    expect(out.projects).toEqual([
      { project: app, status: 'repository' }, { project: plain, status: 'not a repository' }, { project: join(home, 'gone'), status: 'gone' },
    ]);
    const table = yieldRun();
    for (const printed of [JSON.stringify(out), table]) {
      expect(printed).not.toContain(SECRET);
      for (const sha of shas) expect(printed).not.toContain(sha.slice(0, 7));
    }
    expect(table).toMatch(/│ …[^│]*app\s+│ 2026-11-16\s+│\s+unpriced │\s+0 │\s+0 │ no commit/);
    expect(table).toMatch(/│ kept\s+│\s+3 │[^│]+│\s+\$13\.00 │\s+27\.1% │/);
    expect(table).toMatch(/│ reverted\s+│\s+2 │[^│]+│\s+\$24\.00 │\s+50\.0% │/);
    expect(table).toMatch(/│ Total\s+│\s+9 │[^│]+│\s+\$48\.00 \+\? │/);
  });

  it('--since leaves earlier sessions out; a commit still goes to one session only', () => {
    const { yieldRun } = setup();
    const out = JSON.parse(yieldRun(['--json', '--since', '2026-11-15']));
    expect(out.sessions.map((s: { sessionId: string; label: string; commitsKept: number }) => [s.sessionId, s.label, s.commitsKept])).toEqual([
      ['o1', 'kept', 1], ['o2', 'kept', 1], ['p1', 'not a repository', 0], ['u1', 'no commit', 0], ['g1', 'gone', 0],
    ]);
    expect(out.pricedCost).toBeCloseTo(8, 9);
  });

  it('without git every repository is unreadable, in one reason, never a crash', () => {
    const { app, yieldRun } = setup();
    const out = JSON.parse(yieldRun(['--json'], { PATH: join(tmpdir(), 'runway-no-git') }));
    expect(out.projects[0]).toEqual({ project: app, status: 'unreadable', reason: 'git is not installed' });
    expect(out.totals.unreadable.sessions).toBe(8);
    expect(out.totals.gone.sessions).toBe(1);
    expect(yieldRun([], { PATH: join(tmpdir(), 'runway-no-git') })).toContain(`${app}: unreadable (git is not installed)`);
  });
});
