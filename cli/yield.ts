// `runway yield`: each session's spend beside what its project's git history kept of it.
// git is only read (lib/git-log.ts); commit messages never leave memory, only counts print.
import { isAbsolute } from 'node:path';
import { sessionListReport, type SessionEntry } from '../figures/session-report.js';
import type { UnpricedModel } from '../figures/usage.js';
import { GRACE_MS, LABELS, yieldReport, type Label, type ProjectGit, type YieldEntry, type YieldReport, type YieldSession } from '../figures/yield.js';
import { commitsSince, folder, GitError, userEmail, type Folder } from '../lib/git-log.js';
import { nowMs } from '../lib/clock.js';
import { pricing, scanFirst, usageQuery, type Context } from './context.js';
import { costCell, n, pc, short, table, tail } from './format.js';
import { jsonFooter, unpricedLines } from './reports.js';

export async function yieldCommand(ctx: Context): Promise<string> {
  const q = usageQuery(ctx);
  scanFirst(ctx);
  const p = await pricing(ctx);
  const list = sessionListReport(ctx.db, q, p, nowMs(ctx.env));
  const sessions = list.sessions.map(yieldSession);
  const projects = readProjects(sessions);
  const report = yieldReport(sessions, projects);
  const day = new Map(list.sessions.map((s) => [s.sessionId, s.lastActivity]));
  if (ctx.flags.json) {
    return JSON.stringify({
      sessions: report.sessions.map((s) => ({
        sessionId: s.id, projectPath: s.project, firstActivityAt: new Date(s.firstMs).toISOString(), lastActivityAt: new Date(s.lastMs).toISOString(),
        lastActivity: day.get(s.id), totalCost: s.cost, unpricedResponses: s.unpricedResponses, totalTokens: s.tokens,
        commitsKept: s.kept, commitsReverted: s.reverted, label: s.label,
      })),
      totals: report.totals,
      pricedCost: report.pricedCost,
      projects: [...projects].map(([project, g]) => ({ project, status: g.status, ...(g.status === 'unreadable' ? { reason: g.reason } : {}) })),
      unpriced: list.unpriced,
      ...jsonFooter(q, p, ctx.tz),
    }, null, 2);
  }
  return render(report, day, projects, list.unpriced, ctx.tz);
}

function yieldSession(s: SessionEntry): YieldSession {
  return {
    id: s.sessionId, project: s.projectPath, firstMs: Date.parse(s.firstActivityAt), lastMs: Date.parse(s.lastActivityAt),
    cost: s.unpricedResponses >= s.responses ? null : s.totalCost, unpricedResponses: s.unpricedResponses, tokens: s.totalTokens,
  };
}

/** Each project folder's git facts; one repository is read once, from the earliest session window in it. */
function readProjects(sessions: YieldSession[]): Map<string, ProjectGit> {
  const folders = new Map<string, Folder>();
  for (const s of sessions) {
    if (folders.has(s.project)) continue;
    folders.set(s.project, isAbsolute(s.project) ? folder(s.project) : { status: 'unreadable', reason: 'no project folder recorded' });
  }
  const since = new Map<string, number>();
  for (const s of sessions) {
    const f = folders.get(s.project)!;
    if (f.status === 'repository') since.set(f.root, Math.min(since.get(f.root) ?? Infinity, s.firstMs));
  }
  const roots = new Map<string, ProjectGit>();
  for (const [root, from] of since) {
    try {
      roots.set(root, { status: 'repository', root, email: userEmail(root), commits: commitsSince(root, from) });
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      roots.set(root, { status: 'unreadable', reason: e.message });
    }
  }
  return new Map([...folders].map(([project, f]) => [project, f.status === 'repository' ? roots.get(f.root)! : f]));
}

const COLOUR: Record<Label, (s: string) => string> = {
  kept: pc.green, reverted: pc.red, 'no commit': pc.yellow, 'not a repository': pc.dim, gone: pc.dim, unreadable: pc.dim,
};

const cost = (s: YieldEntry) => (s.cost === null ? pc.yellow('unpriced') : costCell(s.cost, s.unpricedResponses));

async function render(report: YieldReport, day: Map<string, string>, projects: Map<string, ProjectGit>, unpriced: UnpricedModel[], tz: string): Promise<string> {
  const lines = [`${pc.bold('Yield: sessions and the commits they left')} ${pc.dim(`(${tz})`)}`];
  if (!report.sessions.length) return [...lines, 'No sessions in this range.'].join('\n');
  const rows = report.sessions.map((s) => [
    tail(s.project || '(unknown project)', 18), day.get(s.id) ?? '', cost(s), n(s.kept), n(s.reverted), COLOUR[s.label](s.label),
  ]);
  lines.push(await table([{ head: 'Project', align: 'left' }, { head: 'Last active', align: 'left' }, { head: 'Cost' }, { head: 'Kept' }, { head: 'Rev' }, { head: 'Label', align: 'left' }], rows));
  const totals = LABELS.filter((l) => report.totals[l].sessions > 0).map((l) => {
    const t = report.totals[l];
    return [COLOUR[l](l), n(t.sessions), short(t.tokens), costCell(t.cost, t.unpricedSessions), `${(t.share * 100).toFixed(1)}%`];
  });
  const all = report.sessions.reduce((sum, s) => sum + s.tokens, 0);
  const unpricedSessions = report.sessions.filter((s) => s.unpricedResponses > 0).length;
  totals.push([pc.bold('Total'), n(report.sessions.length), short(all), pc.bold(costCell(report.pricedCost, unpricedSessions)), '']);
  lines.push(await table([{ head: 'Label', align: 'left' }, { head: 'Sessions' }, { head: 'Tokens' }, { head: 'Cost' }, { head: 'Share' }], totals));
  for (const [project, g] of projects) if (g.status === 'unreadable') lines.push(pc.yellow(`⚠ ${project || '(unknown project)'}: unreadable (${g.reason})`));
  lines.push(pc.dim(`Commits from a session's first response to ${GRACE_MS / 3_600_000} h after its last; only user.email's where set.`));
  lines.push(...unpricedLines(unpriced));
  return lines.join('\n');
}
