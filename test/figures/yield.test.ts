// yieldReport on explicit dates: each label, the one-commit-one-session rule for overlapping
// sessions, the grace hour's edge, the author rule, a revert of a revert, and unpriced sessions.
import { describe, expect, it } from 'vitest';
import { yieldReport, type ProjectGit, type YieldSession } from '../../figures/yield.js';
import type { GitCommit } from '../../lib/git-log.js';

const at = (iso: string) => Date.parse(iso);
const sha = (c: string) => c.repeat(40);
const ME = 'me@example.com';

/** A session in /repo, $10 and 1,000 tokens unless told. */
const session = (id: string, first: string, last: string, more: Partial<YieldSession> = {}): YieldSession => ({
  id, project: '/repo', firstMs: at(first), lastMs: at(last), cost: 10, unpricedResponses: 0, tokens: 1000, ...more,
});
const commit = (c: string, time: string, more: Partial<GitCommit> = {}): GitCommit => ({
  sha: sha(c), at: at(time), email: ME, reverts: [], onBranch: true, ...more,
});
const repo = (commits: GitCommit[], email: string | null = ME): Map<string, ProjectGit> =>
  new Map([['/repo', { status: 'repository', root: '/repo', email, commits }]]);

const S1 = session('s1', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z');

describe('yieldReport: one session, one project', () => {
  const cases: { name: string; commits: GitCommit[]; email?: string | null; label: string; kept: number; reverted: number }[] = [
    { name: 'a commit in the session: kept', commits: [commit('a', '2026-03-02T09:30:00Z')], label: 'kept', kept: 1, reverted: 0 },
    {
      name: 'its only commit reverted later: reverted',
      commits: [commit('a', '2026-03-02T09:30:00Z'), commit('b', '2026-03-05T12:00:00Z', { reverts: [sha('a')] })],
      label: 'reverted', kept: 0, reverted: 1,
    },
    { name: 'its only commit off every branch: reverted', commits: [commit('a', '2026-03-02T09:30:00Z', { onBranch: false })], label: 'reverted', kept: 0, reverted: 1 },
    {
      name: 'one kept, one reverted: kept, both counted',
      commits: [commit('a', '2026-03-02T09:10:00Z'), commit('b', '2026-03-02T09:50:00Z'), commit('c', '2026-03-04T08:00:00Z', { reverts: [sha('b')] })],
      label: 'kept', kept: 1, reverted: 1,
    },
    {
      name: 'a revert that is itself off every branch undoes nothing',
      commits: [commit('a', '2026-03-02T09:30:00Z'), commit('b', '2026-03-04T08:00:00Z', { onBranch: false, reverts: [sha('a')] })],
      label: 'kept', kept: 1, reverted: 0,
    },
    {
      name: 'a revert reverted: the commit is back',
      commits: [commit('a', '2026-03-02T09:30:00Z'), commit('b', '2026-03-04T08:00:00Z', { reverts: [sha('a')] }), commit('c', '2026-03-05T08:00:00Z', { reverts: [sha('b')] })],
      label: 'kept', kept: 1, reverted: 0,
    },
    { name: 'commits only before it: no commit', commits: [commit('a', '2026-03-02T08:59:59Z')], label: 'no commit', kept: 0, reverted: 0 },
    { name: 'grace edge: last + 1 h exactly is in', commits: [commit('a', '2026-03-02T11:00:00Z')], label: 'kept', kept: 1, reverted: 0 },
    { name: 'grace edge: last + 1 h + 1 s is out', commits: [commit('a', '2026-03-02T11:00:01Z')], label: 'no commit', kept: 0, reverted: 0 },
    { name: 'another author’s commit is not this user’s', commits: [commit('a', '2026-03-02T09:30:00Z', { email: 'other@example.com' })], label: 'no commit', kept: 0, reverted: 0 },
    { name: 'the author rule ignores case and spaces', commits: [commit('a', '2026-03-02T09:30:00Z', { email: ' Me@Example.COM' })], label: 'kept', kept: 1, reverted: 0 },
    { name: 'no user.email: every author counts', email: null, commits: [commit('a', '2026-03-02T09:30:00Z', { email: 'other@example.com' })], label: 'kept', kept: 1, reverted: 0 },
    {
      name: 'another author’s revert still undoes the commit',
      commits: [commit('a', '2026-03-02T09:30:00Z'), commit('b', '2026-03-05T12:00:00Z', { email: 'other@example.com', reverts: [sha('a')] })],
      label: 'reverted', kept: 0, reverted: 1,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = yieldReport([S1], repo(c.commits, c.email === undefined ? ME : c.email));
      expect(r.sessions[0]).toMatchObject({ id: 's1', label: c.label, kept: c.kept, reverted: c.reverted });
    });
  }
});

describe('yieldReport: several sessions', () => {
  it('a commit in two windows goes to the latest session started at or before it, once', () => {
    // s1 09:00–10:00 (grace to 11:00); s2 10:30–12:00; s3 starts 13:00, after the commit at 10:45.
    const s2 = session('s2', '2026-03-02T10:30:00Z', '2026-03-02T12:00:00Z');
    const s3 = session('s3', '2026-03-02T13:00:00Z', '2026-03-02T14:00:00Z');
    const r = yieldReport([S1, s2, s3], repo([commit('a', '2026-03-02T10:45:00Z'), commit('b', '2026-03-02T10:15:00Z')]));
    expect(r.sessions.map((s) => [s.id, s.label, s.kept])).toEqual([['s1', 'kept', 1], ['s2', 'kept', 1], ['s3', 'no commit', 0]]);
  });

  it('two folders of one repository share its commits, counted once', () => {
    const sub = session('s2', '2026-03-02T09:20:00Z', '2026-03-02T09:40:00Z', { project: '/repo/web' });
    const git: ProjectGit = { status: 'repository', root: '/repo', email: ME, commits: [commit('a', '2026-03-02T09:30:00Z')] };
    const r = yieldReport([S1, sub], new Map([['/repo', git], ['/repo/web', git]]));
    expect(r.sessions.map((s) => [s.id, s.kept])).toEqual([['s1', 0], ['s2', 1]]);
  });

  it('folders without a repository keep their status; totals per label with shares of the priced cost', () => {
    const sessions = [
      S1,
      session('s2', '2026-03-03T09:00:00Z', '2026-03-03T10:00:00Z', { cost: 30, tokens: 3000 }),
      session('s3', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z', { project: '/plain', cost: 20 }),
      session('s4', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z', { project: '/gone', cost: 40 }),
      session('s5', '2026-03-04T09:00:00Z', '2026-03-04T10:00:00Z', { project: '/locked', cost: null, unpricedResponses: 2, tokens: 500 }),
      session('s6', '2026-03-05T09:00:00Z', '2026-03-05T10:00:00Z', { cost: 5, unpricedResponses: 1 }),
    ];
    const projects = new Map<string, ProjectGit>([
      ...repo([commit('a', '2026-03-02T09:30:00Z')]),
      ['/plain', { status: 'not a repository' }],
      ['/gone', { status: 'gone' }],
      ['/locked', { status: 'unreadable', reason: 'git took more than 10 s' }],
    ]);
    const r = yieldReport(sessions, projects);
    expect(r.sessions.map((s) => s.label)).toEqual(['kept', 'no commit', 'not a repository', 'gone', 'unreadable', 'no commit']);
    expect(r.pricedCost).toBe(105);
    expect(r.totals.kept).toEqual({ sessions: 1, cost: 10, unpricedSessions: 0, tokens: 1000, share: 10 / 105 });
    expect(r.totals['no commit']).toEqual({ sessions: 2, cost: 35, unpricedSessions: 1, tokens: 4000, share: 35 / 105 });
    expect(r.totals.unreadable).toEqual({ sessions: 1, cost: 0, unpricedSessions: 1, tokens: 500, share: 0 });
    expect(r.totals.reverted).toEqual({ sessions: 0, cost: 0, unpricedSessions: 0, tokens: 0, share: 0 });
    expect(r.sessions[4]!.cost).toBeNull();
  });

  it('nothing priced: every share is 0, not NaN', () => {
    const r = yieldReport([session('s1', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', { cost: null, unpricedResponses: 1 })], repo([]));
    expect(r.totals['no commit']).toEqual({ sessions: 1, cost: 0, unpricedSessions: 1, tokens: 1000, share: 0 });
  });
});
