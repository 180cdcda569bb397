// What a session's spend led to in its project's git history: commits kept, commits
// reverted or dropped, none, or no repository to look in. Pure: the git facts come in.
import type { GitCommit } from '../lib/git-log.js';

/** Commits up to an hour after a session's last response are still its work (committing after the agent stops). */
export const GRACE_MS = 3_600_000;

export const LABELS = ['kept', 'reverted', 'no commit', 'not a repository', 'gone', 'unreadable'] as const;
export type Label = (typeof LABELS)[number];

export interface YieldSession {
  id: string;
  project: string;
  firstMs: number;
  lastMs: number;
  /** null: nothing of it could be priced (never $0). */
  cost: number | null;
  unpricedResponses: number;
  tokens: number;
}

/** One project folder as git sees it; folders of one repository share its root. */
export type ProjectGit =
  | { status: 'repository'; root: string; email: string | null; commits: GitCommit[] }
  | { status: 'not a repository' }
  | { status: 'gone' }
  | { status: 'unreadable'; reason: string };

export interface YieldEntry extends YieldSession {
  label: Label;
  kept: number;
  reverted: number;
}

export interface LabelTotal {
  sessions: number;
  /** Priced cost; sessions with unpriced responses are counted in `unpricedSessions`. */
  cost: number;
  unpricedSessions: number;
  tokens: number;
  /** Of the period's priced cost, 0..1. */
  share: number;
}

export interface YieldReport {
  sessions: YieldEntry[];
  totals: Record<Label, LabelTotal>;
  pricedCost: number;
}

/** The shas undone: named by a revert on a branch that is itself not undone (newest first, so a revert of a revert counts). */
function revertedShas(commits: GitCommit[]): Set<string> {
  const undone = new Set<string>();
  const newestFirst = [...commits].sort((a, b) => b.at - a.at);
  for (const c of newestFirst) if (c.onBranch && !undone.has(c.sha)) for (const sha of c.reverts) undone.add(sha);
  return undone;
}

/** Each commit to the session of the latest first activity at or before it whose window holds it. */
function attribute(commits: GitCommit[], undone: Set<string>, sessions: YieldSession[], counts: Map<string, { kept: number; reverted: number }>): void {
  const byStart = [...sessions].sort((a, b) => b.firstMs - a.firstMs || a.id.localeCompare(b.id));
  for (const c of commits) {
    const s = byStart.find((x) => x.firstMs <= c.at && c.at <= x.lastMs + GRACE_MS);
    if (!s) continue;
    const count = counts.get(s.id)!;
    if (c.onBranch && !undone.has(c.sha)) count.kept++;
    else count.reverted++;
  }
}

export function yieldReport(sessions: YieldSession[], projects: Map<string, ProjectGit>): YieldReport {
  const counts = new Map(sessions.map((s) => [s.id, { kept: 0, reverted: 0 }]));
  // Sessions grouped by repository root: folders inside one repository see the same commits once.
  const byRoot = new Map<string, { git: ProjectGit & { status: 'repository' }; sessions: YieldSession[] }>();
  for (const s of sessions) {
    const git = projects.get(s.project);
    if (git?.status !== 'repository') continue;
    const group = byRoot.get(git.root) ?? { git, sessions: [] };
    group.sessions.push(s);
    byRoot.set(git.root, group);
  }
  for (const { git, sessions: group } of byRoot.values()) {
    const email = git.email?.trim().toLowerCase();
    const mine = email ? git.commits.filter((c) => c.email.trim().toLowerCase() === email) : git.commits;
    attribute(mine, revertedShas(git.commits), group, counts);
  }
  const entries = sessions.map((s): YieldEntry => {
    const { kept, reverted } = counts.get(s.id)!;
    const status = projects.get(s.project)?.status ?? 'unreadable';
    const label: Label = status !== 'repository' ? status : kept ? 'kept' : reverted ? 'reverted' : 'no commit';
    return { ...s, label, kept, reverted };
  });
  const pricedCost = entries.reduce((sum, e) => sum + (e.cost ?? 0), 0);
  const totals = Object.fromEntries(LABELS.map((l) => [l, { sessions: 0, cost: 0, unpricedSessions: 0, tokens: 0, share: 0 }])) as Record<Label, LabelTotal>;
  for (const e of entries) {
    const t = totals[e.label];
    t.sessions++;
    t.cost += e.cost ?? 0;
    t.unpricedSessions += e.unpricedResponses > 0 ? 1 : 0;
    t.tokens += e.tokens;
  }
  for (const t of Object.values(totals)) t.share = pricedCost > 0 ? t.cost / pricedCost : 0;
  return { sessions: entries, totals, pricedCost };
}
