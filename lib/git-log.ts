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

/** git failed on this folder: its first stderr line, or why it did not run; `status` is git's exit status. */
export class GitError extends Error {
  constructor(message: string, readonly status: number | null = null) {
    super(message);
  }
}

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
    throw new GitError(line.replace(/^fatal: /, '').slice(0, 200), err.status ?? null);
  }
}

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
    if (e instanceof GitError && e.status === 1) return null;
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
    if (!(e instanceof GitError) || e.status !== 1) throw e;
    head = false;
  }
  const sinceS = Math.max(0, Math.floor(sinceMs / 1000));
  const range = ['--branches', ...(head ? ['HEAD'] : []), `--since=@${sinceS}`];
  const reverts = revertsIn(git(root, ['log', ...range, '--fixed-strings', '--grep=This reverts commit', '--format=%x1e%H%x00%B']));
  const onBranch = lines(git(root, ['log', ...range, '--format=%H%x00%at%x00%ae'])).map((c) => ({ ...c, reverts: reverts.get(c.sha) ?? [], onBranch: true }));
  if (!head) return onBranch;
  const seen = new Set(onBranch.map((c) => c.sha));
  // A revert off every branch undoes nothing: the reflog's commits need no message.
  const gone = lines(git(root, ['log', '--walk-reflogs', 'HEAD', '--format=%H%x00%at%x00%ae'])).filter((c) => c.at >= sinceS * 1000 && !seen.has(c.sha));
  return [...onBranch, ...gone.map((c) => ({ ...c, reverts: [], onBranch: false }))];
}

/** Lines `sha NUL author time NUL email`, once per sha; one that does not parse (absurd dates too) is skipped. */
function lines(out: string): { sha: string; at: number; email: string }[] {
  const commits = new Map<string, { sha: string; at: number; email: string }>();
  for (const line of out.split('\n')) {
    const [sha = '', time = '', email = '', ...rest] = line.split('\x00');
    const at = Number(time) * 1000;
    if (SHA.test(sha) && /^\d{1,15}$/.test(time) && Number.isSafeInteger(at) && !rest.length && !commits.has(sha)) commits.set(sha, { sha, at, email });
  }
  return [...commits.values()];
}

/** The shas each revert names, from the messages of the commits that say "This reverts commit"; only read here, never kept. */
function revertsIn(out: string): Map<string, string[]> {
  const reverts = new Map<string, string[]>();
  for (const record of out.split('\x1e')) {
    const cut = record.indexOf('\x00');
    const sha = record.slice(0, cut);
    if (cut < 0 || !SHA.test(sha) || reverts.has(sha)) continue;
    reverts.set(sha, [...record.slice(cut + 1).matchAll(REVERTS)].map((m) => m[1]!));
  }
  return reverts;
}
