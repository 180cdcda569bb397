import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Db } from '../store/db.js';
import { SOURCES } from '../sources/index.js';
import type { FileKind, FileMemo, LedgerEntry, QuotaReading, Source } from '../sources/types.js';
import { MAX_DOCUMENT_BYTES } from '../sources/limits.js';
import { recordReadings } from '../store/quota.js';
import { mergeEvents } from '../store/merge.js';
import { fileCheck } from './file-check.js';
import { fingerprinter } from './fingerprint.js';
import { readLines } from './lines.js';
import type { Issue } from './issues.js';
import { Store, type FileState, type StoredEvent } from '../store/writer.js';

/**
 * Events held in memory before they are written. Events that live through two young-generation
 * collections are moved to the old one, which V8 collects late: at 2,000 the heap of a 3 GB
 * first scan grew to 108 MB before its first full collection (peak RSS 162 MB at 1 GB, 187 MB
 * at 3 GB on Node 20). At 200 events die young: 127 and 148 MB on Node 24 (500: 144 and 182),
 * 142 MB at 3 GB on Node 20, at the same speed.
 */
const BATCH = 200;
/**
 * A last line without a newline is read once its file has stopped changing: unchanged
 * since the previous scan, or untouched for this long. Live Claude Code ends every line.
 */
const SETTLED_MS = 5 * 60_000;

export interface ScanOptions {
  env?: Record<string, string | undefined>;
  /** Per source name, roots added to the ones the source finds by itself (config `sources`, `roots`). */
  extraRoots?: Record<string, string[]>;
  sources?: readonly Source[];
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  /** Events per transaction. */
  batchSize?: number;
  /**
   * Read only these files (those under a log root; others are ignored) instead of walking
   * every root: what a watcher or the status line knows has changed.
   */
  only?: string[];
  /** Fill `agents` (two rollup queries): what `runway scan` prints, and no other scan needs. */
  countAgents?: boolean;
}

export interface RootReport {
  source: string;
  root: string;
  logDir: string;
  exists: boolean;
  files: number;
}

export interface ScanReport {
  roots: RootReport[];
  filesSeen: number;
  filesRead: number;
  bytesRead: number;
  linesRead: number;
  responsesAdded: number;
  responsesUpdated: number;
  responsesTotal: number;
  /** Per source, with `countAgents` and when the scan read any file: its responses in the database after the scan, and how many this scan added. */
  agents: Record<string, { responses: number; added: number }>;
  issues: Partial<Record<Issue, { count: number; example: string }>>;
  /** Files whose last line has no newline yet: left for the next scan. */
  partialLines: { file: string; bytes: number }[];
  durationMs: number;
}

interface Job {
  source: Source;
  kind: FileKind;
  path: string;
  stat: Stats;
  prev: FileState | undefined;
}

const stores = new WeakMap<Db, Store>();

/** Reads what is new in every log file into the database. Never aborts on one bad file. */
export function scan(db: Db, opts: ScanOptions = {}): ScanReport {
  // Date.now, not performance.now: the latter loads perf_hooks (~3 ms), which the status line's scan would pay.
  const started = Date.now();
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new Store(db)));
  const env = opts.env ?? process.env;
  const batchSize = opts.batchSize ?? BATCH;
  const sources = opts.sources ?? SOURCES;
  const report: ScanReport = {
    roots: [],
    filesSeen: 0,
    filesRead: 0,
    bytesRead: 0,
    linesRead: 0,
    responsesAdded: 0,
    responsesUpdated: 0,
    responsesTotal: 0,
    agents: {},
    issues: {},
    partialLines: [],
    durationMs: 0,
  };
  const note = (reason: Issue, where: string) => {
    const seen = report.issues[reason];
    if (seen) seen.count++;
    else report.issues[reason] = { count: 1, example: where };
  };

  const states = store.fileStates();
  const jobs: Job[] = [];
  let totalBytes = 0;
  const only = opts.only?.map((p) => resolve(p));
  for (const rootReport of logRoots(env, opts.extraRoots, sources)) {
    const source = sources.find((src) => src.name === rootReport.source)!;
    report.roots.push(rootReport);
    if (!rootReport.exists) continue;
    const kindOf = (p: string) => fileKindOf(source, p);
    const enters = source.enters?.bind(source);
    const paths = only ? only.filter((p) => kindOf(p) !== null && isInside(p, rootReport.logDir)) : listFiles(rootReport.logDir, kindOf, note, enters && ((d) => enters(d, rootReport.logDir)));
    for (const path of paths) {
      const kind = kindOf(path)!;
      rootReport.files++;
      report.filesSeen++;
      let stat: Stats;
      try {
        stat = statSync(path);
      } catch {
        note('unreadable_file', path);
        continue;
      }
      // A FIFO or device would block the read or never end.
      if (!stat.isFile()) {
        note('not_a_file', path);
        continue;
      }
      const prev = states.get(path);
      // A database is asked on every scan: its writes may sit in its -wal file, leaving its own stat unchanged.
      if (kind !== 'database' && prev && unchanged(prev, stat) && prev.tail === 0) continue;
      jobs.push({ source, kind, path, stat, prev });
      totalBytes += kind === 'lines' ? Math.max(0, stat.size - (prev?.offset ?? 0)) : prev && unchanged(prev, stat) ? 0 : stat.size;
    }
  }

  const before = store.responseCount();
  const perAgent = () => store.responsesByAgent();
  const agentsBefore = opts.countAgents && jobs.length ? perAgent() : null;
  const quota = new Map<string, QuotaReading>();
  const read = () => readJobs(store, jobs, totalBytes, batchSize, opts, report, note, quota);
  // The first scan loads everything at once: rows first, rollups after (see Store.bulk).
  const changed = before === 0 && jobs.length > 0 ? store.bulk(read) : read();
  // Only each window's latest reading matters; older ones met on the way add nothing.
  if (quota.size) recordReadings(db, [...quota.values()], null);

  report.responsesTotal = store.responseCount();
  // Asked only when a file was read: a scan that read nothing changed nothing, and stays a stat per file.
  if (agentsBefore) {
    const after = perAgent();
    for (const name of new Set(report.roots.map((r) => r.source))) {
      const now = after.get(name) ?? 0;
      report.agents[name] = { responses: now, added: now - (agentsBefore.get(name) ?? 0) };
    }
  }
  report.responsesAdded = report.responsesTotal - before;
  report.responsesUpdated = Math.max(0, changed - report.responsesAdded);
  report.durationMs = Date.now() - started;
  return report;
}

/** Reads each job's new lines, writing a transaction per batch; returns rows inserted or changed. */
function readJobs(store: Store, jobs: Job[], totalBytes: number, batchSize: number, opts: ScanOptions, report: ScanReport, note: (reason: Issue, where: string) => void, quota: Map<string, QuotaReading>): number {
  let changed = 0;
  let batch = new Map<string, StoredEvent>();
  let ledger: LedgerEntry[] = [];
  let doneFiles: FileState[] = [];
  const flush = () => {
    changed += store.write(batch.values(), doneFiles, ledger);
    batch = new Map();
    ledger = [];
    doneFiles = [];
  };

  let doneBytes = 0;
  const now = Date.now();
  const fingerprint = fingerprinter(store.fingerprintKey);
  for (const job of jobs) {
    // A database is opened by its source's own SQLite connection (which checks its companion
    // files first): opening it here as well would be a second open on every scan.
    let fd = -1;
    if (job.kind !== 'database') {
      try {
        // Non-blocking, so a path swapped for a FIFO since the stat cannot hang the open.
        fd = openSync(job.path, constants.O_RDONLY | constants.O_NONBLOCK);
      } catch {
        note('unreadable_file', job.path);
        continue;
      }
    }
    try {
      if (fd !== -1 && !fstatSync(fd).isFile()) {
        note('not_a_file', job.path);
        continue;
      }
      const fileId = job.prev?.id ?? store.fileId(job.path, job.stat);
      let line = 0;
      const sink = {
        event: (e: StoredEvent) => {
          e.fileId = fileId;
          const kept = batch.get(e.key);
          if (kept && kept.model !== null && e.model !== null && kept.model !== e.model) note('model_conflict', `${job.path}:${line}`);
          // The merge copies fileId with the metadata it keeps (spread from the more trustworthy sighting).
          batch.set(e.key, kept ? (mergeEvents(kept, e) as StoredEvent) : e);
        },
        ledger: (entry: LedgerEntry) => ledger.push(entry),
        quota: (r: QuotaReading) => {
          const kept = quota.get(r.window);
          if (!kept || r.ts > kept.ts) quota.set(r.window, r);
        },
        issue: (reason: Issue) => note(reason, line > 0 ? `${job.path}:${line}` : job.path),
        fingerprint,
      };
      if (job.kind !== 'lines') {
        const whole = (cursor: string | null): FileState => ({
          path: job.path, dev: job.stat.dev, ino: job.stat.ino, size: job.stat.size, mtimeMs: job.stat.mtimeMs,
          offset: 0, lines: 0, checksum: null, tail: 0, cursor,
        });
        if (job.kind === 'document') {
          const text = readDocument(fd, job.stat.size);
          if (text === null) sink.issue('file_too_large');
          else job.source.parseDocument?.(text, job.path, sink);
          doneFiles.push(whole(null));
        } else {
          let cursor = job.prev?.cursor ?? null;
          try {
            cursor = job.source.readDatabase?.(job.path, cursor, sink) ?? null;
          } catch {
            // A locked, corrupt or unknown database is the agent's trouble: this scan skips it and the next asks again.
            sink.issue('unreadable_database');
          }
          doneFiles.push(whole(cursor));
        }
        report.filesRead++;
        report.bytesRead += job.kind === 'document' ? job.stat.size : 0;
        if (batch.size >= batchSize) flush();
        continue;
      }
      const { offset, lines, memo } = resumeAt(job, fd, store.fileKey);
      const origin = job.source.fileOrigin(job.path);
      const settled = now - job.stat.mtimeMs >= SETTLED_MS || (job.prev !== undefined && job.prev.tail > 0 && unchanged(job.prev, job.stat));
      line = lines;
      const state = (off: number, ln: number, size: number, tail: number): FileState => ({
        path: job.path,
        dev: job.stat.dev,
        ino: job.stat.ino,
        size,
        mtimeMs: job.stat.mtimeMs,
        offset: off,
        lines: ln,
        checksum: fileCheck(fd, off, store.fileKey),
        tail,
        cursor: Object.keys(memo).length ? JSON.stringify(memo) : null,
      });
      let lastProgress = offset;
      const markers = job.source.contextMarkers ? [...job.source.markers, ...job.source.contextMarkers] : job.source.markers;
      const result = readLines(fd, offset, lines, markers, {
        candidate: (text, n, tail) => {
          line = n;
          // The offset stays before a settled tail, so it will be read again: its effect on the
          // file's state must not be saved with that offset.
          job.source.parse(text, origin, sink, tail ? structuredClone(memo) : memo);
        },
        issue: (reason, n) => note(reason, `${job.path}:${n}`),
        progress: (off, ln) => {
          doneBytes += off - lastProgress;
          lastProgress = off;
          opts.onProgress?.(doneBytes, totalBytes);
          // A big file commits as it goes; size -1 marks the state unfinished so it is resumed.
          if (batch.size >= batchSize) {
            doneFiles.push(state(off, ln, -1, 0));
            flush();
          }
        },
      }, settled, job.source.markers.length);
      report.filesRead++;
      report.bytesRead += result.offset - offset;
      report.linesRead += result.lines - lines;
      // A settled last line has been read; one still being written waits for its newline.
      const tail = settled ? 0 : result.pendingBytes;
      if (tail > 0) report.partialLines.push({ file: job.path, bytes: tail });
      doneFiles.push(state(result.offset, result.lines, job.stat.size, tail));
    } catch (e) {
      // A read error skips the file; anything else (the database) must stop the scan.
      if (!isFsError(e)) throw e;
      note('unreadable_file', job.path);
    } finally {
      if (fd !== -1) closeSync(fd);
    }
    if (batch.size >= batchSize) flush();
  }
  if (batch.size || doneFiles.length) flush();

  return changed;
}

/** Size, mtime and identity as they were: the file need not be opened. */
function unchanged(prev: FileState, stat: Stats): boolean {
  return prev.dev === stat.dev && prev.ino === stat.ino && prev.size === stat.size && prev.mtimeMs === stat.mtimeMs;
}

/**
 * Where to resume a file: at the offset read up to, with the source's state there, when the
 * bytes before it are provably the bytes that were read; else from the start with no state
 * (new, shrunk, replaced or rewritten in place). Reading again is always safe: upserts are idempotent.
 */
function resumeAt(job: Job, fd: number, key: Buffer): { offset: number; lines: number; memo: FileMemo } {
  const prev = job.prev;
  const fresh = { offset: 0, lines: 0, memo: {} };
  if (!prev || prev.offset === 0 || prev.checksum === null || job.stat.size < prev.offset) return fresh;
  if (fileCheck(fd, prev.offset, key) !== prev.checksum) return fresh;
  const memo = prev.cursor === null ? {} : parseMemo(prev.cursor);
  // A state that cannot be read back means the lines before the offset must be read again to rebuild it.
  return memo ? { offset: prev.offset, lines: prev.lines, memo } : fresh;
}

function parseMemo(text: string): FileMemo | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as FileMemo) : null;
  } catch {
    return null;
  }
}

/** A whole file as text, or null when it is larger than a document may be. */
function readDocument(fd: number, size: number): string | null {
  if (size > MAX_DOCUMENT_BYTES) return null;
  const buf = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, buf, n, size - n, n);
    if (got === 0) break;
    n += got;
  }
  return buf.toString('utf8', 0, n);
}

/** How `source` reads the file at `path`: its own rule, else JSONL lines. */
export function fileKindOf(source: Source, path: string): FileKind | null {
  return source.fileKind ? source.fileKind(path) : path.endsWith('.jsonl') ? 'lines' : null;
}

/** Folders deeper than this below a log folder are not walked: Claude Code's own layout needs 5 levels. */
const MAX_DEPTH = 16;

/**
 * Every file under dir that `accept` gives a kind, following linked directories. Each real directory is walked
 * once, so a link loop ends and a directory linked twice is not read twice. A link to a
 * folder that holds the log folder itself (/, the home folder) is not followed, and the
 * walk stops MAX_DEPTH levels down: a stray link cannot make a scan walk the whole disk.
 * Unreadable directories are noted, not fatal.
 */
export function listFiles(
  dir: string,
  accept: (path: string) => FileKind | null,
  note: (reason: Issue, where: string) => void = () => {},
  enters: (dir: string) => boolean = () => true,
): string[] {
  const out: string[] = [];
  const walked = new Set<string>();
  // `real` is the directory's resolved path: computed from its parent's for a plain
  // subdirectory, asked of the system (one call) only for the root and for linked ones.
  // Paths are joined by hand: path.join normalizes every time, and these are already clean.
  const walk = (d: string, real: string, depth: number) => {
    if (walked.has(real)) return;
    walked.add(real);
    if (depth > MAX_DEPTH) {
      note('too_deep', d);
      return;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      note('unreadable_dir', d);
      return;
    }
    for (const e of entries) {
      const p = d + sep + e.name;
      if (e.isDirectory()) {
        if (enters(p)) walk(p, real + sep + e.name, depth + 1);
      }
      else if (e.isFile()) {
        if (accept(p)) out.push(p);
      } else if (!e.isSymbolicLink()) {
        if (accept(p)) note('not_a_file', p);
      } else {
        let st: Stats;
        let target: string;
        try {
          st = statSync(p);
          target = realpathSync.native(p);
        } catch {
          if (accept(p)) note('unreadable_file', p); // a dangling or looping link
          continue;
        }
        if (st.isDirectory()) {
          if (!enters(p)) continue;
          if (target === root || isInside(root, target)) note('link_to_parent', p);
          else walk(p, target, depth + 1);
        } else if (accept(p)) {
          if (st.isFile()) out.push(p);
          else note('not_a_file', p);
        }
      }
    }
  };
  let root: string;
  try {
    root = realpathSync.native(dir);
  } catch {
    note('unreadable_dir', dir);
    return out;
  }
  walk(resolve(dir), root, 0);
  return out;
}

/**
 * For a watcher of the log folders: `file(path)` is the file a change at `path` means to
 * scan (a database's `-wal` stands for the database; null: no source reads it), and
 * `dir(path)` whether a folder is walked at all (see Source.enters).
 */
export function watchRules(roots: RootReport[], sources: readonly Source[] = SOURCES): { file(path: string): string | null; dir(path: string): boolean } {
  const owner = (path: string) => {
    let best: RootReport | undefined;
    for (const r of roots) if ((path === r.logDir || isInside(path, r.logDir)) && (!best || r.logDir.length > best.logDir.length)) best = r;
    const source = best && sources.find((s) => s.name === best.source);
    return best && source ? { root: best, source } : null;
  };
  return {
    file(path) {
      const o = owner(path);
      if (!o) return null;
      if (fileKindOf(o.source, path)) return path;
      const db = path.endsWith('-wal') ? path.slice(0, -4) : null;
      return db && fileKindOf(o.source, db) === 'database' ? db : null;
    },
    dir(path) {
      const o = owner(path);
      return !o || path === o.root.logDir || !o.source.enters || o.source.enters(path, o.root.logDir);
    },
  };
}

/** The log folders a scan reads: each source's own roots, then the ones configured for it. */
export function logRoots(env: Record<string, string | undefined>, extraRoots: Record<string, string[]> = {}, sources: readonly Source[] = SOURCES): RootReport[] {
  const out: RootReport[] = [];
  for (const source of sources) {
    for (const root of unique([...source.roots(env), ...(extraRoots[source.name] ?? []).map((r) => resolve(r))])) {
      const logDir = source.logDir(root);
      out.push({ source: source.name, root, logDir, exists: existsSync(logDir), files: 0 });
    }
  }
  return out;
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function isFsError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
