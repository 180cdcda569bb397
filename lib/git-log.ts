// Read-only git for `runway yield`: whether a folder is a work tree, its user.email, and
// the commits since an instant. Nothing is written into the repository (no optional locks),
// and a repository's own config cannot make git run a program (signature checks off).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

export interface GitCommit {
  sha: string;
  /** Author time, ms. */
  at: number;
  email: string;
  /** Full shas named by "This reverts commit <sha>" in its message. */
  reverts: string[];
  /** Reachable from a branch or HEAD; false: only in HEAD's reflog (a deleted branch, an amend). */
  onBranch: boolean;
}

export type Folder =
  | { status: 'repository'; root: string }
  | { status: 'not a repository' }
  | { status: 'gone' }
  | { status: 'unreadable'; reason: string };

/** git failed on this folder: its first stderr line, or why it did not run. */
export class GitError extends Error {}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const REVERTS = /This reverts commit ([0-9a-f]{40}(?:[0-9a-f]{24})?)/g;

function git(dir: string, args: string[]): string {
  // GIT_DIR and the like from a calling hook must not point git at another repository.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  try {
    return execFileSync('git', ['--no-optional-locks', '-c', 'log.showSignature=false', '-c', 'core.fsmonitor=false', '-C', dir, ...args], {
      timeout: 10_000, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string; signal?: string | null; status?: number | null };
    if (err.code === 'ENOENT') throw new GitError('git is not installed');
    if (err.code === 'ENOBUFS') throw new GitError('git printed more than 64 MiB');
    if (err.signal) throw new GitError('git took more than 10 s');
    const line = String(err.stderr ?? '').split('\n').find((l) => l.trim()) ?? `git exited ${err.status ?? '?'}`;
    throw new GitError(line.replace(/^fatal: /, '').slice(0, 200), { cause: { status: err.status } });
  }
}

const statusOf = (e: GitError) => (e.cause as { status?: number | null } | undefined)?.status;

export function folder(dir: string): Folder {
  try {
    if (!statSync(dir).isDirectory()) return { status: 'not a repository' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'gone' };
    return { status: 'unreadable', reason: `cannot read the folder (${code ?? 'error'})` };
  }
  try {
    const [inside, root] = git(dir, ['rev-parse', '--is-inside-work-tree', '--show-toplevel']).split('\n');
    return inside === 'true' && root ? { status: 'repository', root } : { status: 'not a repository' };
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (e.message.startsWith('not a git repository')) return { status: 'not a repository' };
    return { status: 'unreadable', reason: e.message };
  }
}

/** user.email as git resolves it for this repository (its config, else the global one); null when unset. */
export function userEmail(root: string): string | null {
  try {
    return git(root, ['config', '--get', 'user.email']).trim() || null;
  } catch (e) {
    if (e instanceof GitError && statusOf(e) === 1) return null;
    throw e;
  }
}

/** The commits whose committer time is at or after `sinceMs`: those on a branch or HEAD, then those only in HEAD's reflog. */
export function commitsSince(root: string, sinceMs: number): GitCommit[] {
  let head = true;
  try {
    git(root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  } catch (e) {
    // An unborn HEAD (a repository with no commit yet) is not trouble.
    if (!(e instanceof GitError) || statusOf(e) !== 1) throw e;
    head = false;
  }
  const since = `--since=@${Math.max(0, Math.floor(sinceMs / 1000))}`;
  const onBranch = parse(git(root, ['log', '--branches', ...(head ? ['HEAD'] : []), since, '--format=%H%x00%at%x00%ae%x00%B%x1e']), true);
  if (!head) return onBranch;
  const seen = new Set(onBranch.map((c) => c.sha));
  // Reflog entries repeat commits and carry no revert that counts (a revert off every branch is undone).
  const reflog = parse(git(root, ['log', '--walk-reflogs', 'HEAD', '--format=%H%x00%at%x00%ae%x00%x1e']), false);
  return [...onBranch, ...reflog.filter((c) => c.at >= sinceMs - 999 && !seen.has(c.sha))];
}

/** Records `sha NUL time NUL email NUL message RS`; one that does not parse is skipped, a sha seen before too (a message can hold RS). */
function parse(out: string, onBranch: boolean): GitCommit[] {
  const commits: GitCommit[] = [];
  const seen = new Set<string>();
  for (const record of out.split('\x1e')) {
    const [sha = '', time = '', email = '', ...message] = record.replace(/^\n/, '').split('\x00');
    const at = Number(time) * 1000;
    if (!SHA.test(sha) || !/^\d{1,15}$/.test(time) || !Number.isSafeInteger(at) || seen.has(sha)) continue;
    seen.add(sha);
    const reverts = onBranch ? [...message.join('\x00').matchAll(REVERTS)].map((m) => m[1]!) : [];
    commits.push({ sha, at, email, reverts, onBranch });
  }
  return commits;
}
