// Live updates: chokidar watches the log folders, a change scans just the changed files
// (coalesced; scans are synchronous, so never two at once) and every open page gets the
// new figures over Server-Sent Events. Where watching is impossible it polls instead.
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import type { FSWatcher } from 'chokidar';
import type { ScanReport } from '../scanner/scan.js';
import type { DashboardState } from '../figures/state.js';
import type { Health } from '../figures/answers.js';

export interface LiveOptions {
  /** The log folders (each root's logDir). */
  dirs: string[];
  /** Which file a changed path means to scan (null: none), and whether a folder is watched (scanner watchRules). */
  rules?: { file(path: string): string | null; dir(path: string): boolean };
  /** Incremental scan of just these files. */
  scanFiles: (paths: string[]) => ScanReport;
  /** Incremental scan of everything: the polling fallback. */
  scanAll: () => ScanReport;
  /** "poll" skips the watcher (config `watch`). */
  mode: 'auto' | 'poll';
  pollMs?: number;
  /** Files seen by the first scan: too many for the system's watch limit means polling. */
  files: number;
}

/** How the logs are followed, as /api/health reports it. */
export type WatchStatus = Health['watch'];

export type Listener = (reason: 'scan' | 'config' | 'database') => void;

/** Changes arriving within this window share one scan. */
const COALESCE_MS = 25;
/** How often the database (other processes' commits) and the config file are checked. */
const TICK_MS = 1000;
/** With events, a full rescan still runs this often, in case the system dropped one. */
const SAFETY_SCAN_MS = 60_000;

// statfs magic numbers of network and FUSE file systems, where inotify sees no remote writes.
const REMOTE_FS: Record<number, string> = {
  0x6969: 'NFS', 0x517b: 'SMB', 0xff534d42: 'CIFS', 0xfe534d42: 'SMB2', 0x65735546: 'FUSE', 0x01021997: '9P', 0x564c: 'NCP', 0x6b414653: 'AFS',
};

export class LiveUpdates {
  status: WatchStatus = { mode: 'off', reason: 'starting' };
  seq = 0;
  private readonly listeners = new Set<Listener>();
  private watcher: FSWatcher | null = null;
  /** The log folders handed to the watcher (one missing at the start is added once it appears). */
  private readonly watched = new Set<string>();
  private pending = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private dataVersion: number;
  private closed = false;

  constructor(private readonly state: DashboardState, private readonly opts: LiveOptions | null) {
    this.dataVersion = state.dataVersionNow();
  }

  async start(): Promise<void> {
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
    this.tickTimer.unref();
    if (!this.opts) {
      this.status = { mode: 'off', reason: this.state.demo ? 'demo data: nothing to watch' : 'not watching the logs (--no-scan)' };
      return;
    }
    const reason = this.opts.mode === 'poll' ? 'config "watch" is "poll"' : pollingReason(this.opts.dirs, this.opts.files);
    if (reason) return this.poll(reason);
    try {
      await this.watch(this.opts.dirs);
      this.state.minScanIntervalMs = SAFETY_SCAN_MS;
      this.status = { mode: 'events', reason: null };
    } catch (e) {
      this.poll(`cannot watch the log folders: ${(e as Error).message}`);
    }
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of [this.flushTimer, this.pollTimer, this.tickTimer]) if (t) clearTimeout(t);
    await this.watcher?.close();
    this.listeners.clear();
  }

  private async watch(dirs: string[]): Promise<void> {
    const { watch } = await import('chokidar');
    const existing = dirs.filter((d) => existsSync(d));
    for (const d of existing) this.watched.add(d);
    const rules = this.opts?.rules ?? { file: (p: string) => (p.endsWith('.jsonl') ? p : null), dir: () => true };
    const watcher = watch(existing, {
      ignoreInitial: true,
      // Only the sources' files matter; folders pass (so new projects are watched) unless a source keeps out of them.
      ignored: (path, stats) => Boolean(stats?.isFile() ? rules.file(path) === null : stats?.isDirectory() && !rules.dir(path)),
    });
    this.watcher = watcher;
    watcher.on('add', (p) => this.changed(p));
    watcher.on('change', (p) => this.changed(p));
    watcher.on('error', (e) => {
      // Out of watches or descriptors (ENOSPC, EMFILE): fall back rather than go blind.
      void watcher.close();
      this.watcher = null;
      this.poll(`watching failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    });
    // With nothing to watch yet chokidar never reports ready; tick() adds folders as they appear.
    if (existing.length) await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  private changed(path: string): void {
    const file = this.opts?.rules ? this.opts.rules.file(path) : path;
    if (file === null) return;
    this.pending.add(file);
    this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    this.flushTimer = null;
    if (this.closed || !this.opts) return;
    const paths = [...this.pending];
    this.pending.clear();
    const opts = this.opts;
    if (this.state.runScan(() => opts.scanFiles(paths), true)) this.emit('scan');
  }

  private poll(reason: string): void {
    const every = this.opts?.pollMs ?? 2000;
    this.status = { mode: 'polling', reason: `${reason}; scanning every ${every / 1000} s` };
    const opts = this.opts!;
    this.pollTimer = setInterval(() => {
      if (this.state.runScan(opts.scanAll)) this.emit('scan');
    }, every);
    this.pollTimer.unref();
  }

  /** Picks up what no file event reports: the config file, and commits by other processes. */
  private tick(): void {
    if (this.state.reloadConfig()) return this.emit('config');
    const version = this.state.dataVersionNow();
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.emit('database');
    }
    // A log folder created after the start (first use of Claude Code) is watched from now on.
    if (!this.watcher || !this.opts) return;
    for (const d of this.opts.dirs) {
      if (this.watched.has(d) || !existsSync(d)) continue;
      this.watched.add(d);
      this.watcher.add(d);
    }
  }

  private emit(reason: 'scan' | 'config' | 'database'): void {
    this.seq++;
    this.dataVersion = this.state.dataVersionNow();
    for (const fn of this.listeners) fn(reason);
  }
}

/** Why these folders cannot be watched with file events, or null when they can. */
export function pollingReason(dirs: string[], files: number): string | null {
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    try {
      const fs = REMOTE_FS[statfsSync(d).type];
      if (fs) return `${d} is on a network file system (${fs}), where file events miss remote writes`;
    } catch {
      // statfs unsupported here: try watching.
    }
  }
  const limit = inotifyLimit();
  // Each watched file and folder takes a watch; leave half for the editor and the rest of the system.
  if (limit !== null && files > limit / 2) return `${files} log files exceed what the system lets one process watch (fs.inotify.max_user_watches = ${limit})`;
  return null;
}

function inotifyLimit(): number | null {
  try {
    const n = Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim());
    return Number.isFinite(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
