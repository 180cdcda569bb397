// What the server reads its figures from: the database kept fresh by incremental scans,
// and the config re-read when its file changes (so `runway budget 600` in another
// terminal shows on the next refresh).
import { statSync } from 'node:fs';
import { loadConfig, type Config } from '../core/config.js';
import { loadCalibration, type CalibrationState } from '../core/calibration-file.js';
import type { Pricing } from './usage.js';
import type { KeptDays } from './day-rows.js';
import { dataVersionReader, type Db } from '../store/db.js';
import type { RootReport, ScanReport } from '../scanner/scan.js';

export interface StateOptions {
  db: Db;
  config: Config;
  configPath: string;
  tz: string;
  pricing: Pricing;
  /** The incremental scan; null serves the database as it is. */
  scan: (() => ScanReport) | null;
  /** Roots to name in the empty state before any scan has run. */
  roots?: RootReport[];
  now?: () => number;
  /** Scans closer together than this reuse the last one. */
  minScanIntervalMs?: number;
  demo?: boolean;
  /** The database has the rollup and no responses (`serve --team`): its counts come from the rollup. */
  rollupOnly?: boolean;
}

export class DashboardState {
  readonly db: Db;
  readonly tz: string;
  readonly pricing: Pricing;
  readonly demo: boolean;
  readonly rollupOnly: boolean;
  readonly now: () => number;
  config: Config;
  configError: string | null = null;
  /** The file is null in the demo, whose throwaway folder is never shown. */
  calibration: Omit<CalibrationState, 'file'> & { file: string | null };
  lastScanAt: number | null = null;
  scanError: string | null = null;
  roots: RootReport[];
  /** Full rescans closer together than this reuse the last one; a file watcher lengthens it. */
  minScanIntervalMs: number;
  private configMtime: number;
  // Answers computed since the data last changed: a quiet database costs one lookup.
  private changes = 0;
  private memoVersion = '';
  private readonly memos = new Map<string, unknown>();
  // Past days' priced rows, kept across changes: a commit re-reads only the days it touched.
  private readonly kept = new Map<string, KeptDays>();
  private readonly dataVersion;

  constructor(private readonly opts: StateOptions) {
    this.db = opts.db;
    this.tz = opts.tz;
    this.pricing = opts.pricing;
    this.demo = opts.demo ?? false;
    this.rollupOnly = opts.rollupOnly ?? false;
    this.now = opts.now ?? Date.now;
    this.config = opts.config;
    this.roots = opts.roots ?? [];
    this.minScanIntervalMs = opts.minScanIntervalMs ?? 1000;
    this.configMtime = mtimeOf(opts.configPath);
    this.calibration = this.demo ? DEMO_CALIBRATION : loadCalibration(opts.configPath);
    this.dataVersion = dataVersionReader(opts.db);
  }

  /**
   * A result kept until the data changes: a scan here that changed rows, or a commit from
   * another connection (such as \`runway scan\` in a terminal), which data_version reports.
   */
  memo<T>(key: string, compute: () => T): T {
    const version = `${this.dataVersion()}:${this.changes}`;
    if (version !== this.memoVersion) {
      this.memos.clear();
      this.memoVersion = version;
    }
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** The days kept for one reader (zone, filter, projects or not). */
  keptDays(reader: string): KeptDays {
    let k = this.kept.get(reader);
    if (!k) {
      // A reader per filter and zone asked for: a long-running server sees a handful.
      if (this.kept.size >= 32) this.kept.clear();
      this.kept.set(reader, (k = new Map()));
    }
    return k;
  }

  /**
   * Brings the database and config up to date before an API answers. Synchronous, so two
   * requests can never scan at once; a scan that just ran is reused.
   */
  refresh(): void {
    const now = this.now();
    if (this.lastScanAt !== null && now - this.lastScanAt < this.minScanIntervalMs) return;
    this.reloadConfig();
    if (this.opts.scan) this.runScan(this.opts.scan);
    this.lastScanAt = now;
  }

  /** Runs a scan (all files, or the few a watcher saw change). True when it changed rows. */
  runScan(scan: () => ScanReport, partial = false): boolean {
    try {
      const report = scan();
      // A scan of a few files counts none of the roots' files: keep the last full scan's.
      if (!partial) this.roots = report.roots;
      this.scanError = null;
      if (report.responsesAdded + report.responsesUpdated === 0) return false;
      this.changes++;
      return true;
    } catch (e) {
      // Serve the last good figures and say why they are stale.
      this.scanError = `scan failed: ${(e as Error).message}`;
      return false;
    }
  }

  /** Re-reads the config and calibration when their files changed. True when the config did. */
  reloadConfig(): boolean {
    // The demo's settings are its own: no file beside them to follow.
    if (this.demo) return false;
    this.calibration = loadCalibration(this.opts.configPath);
    const mtime = mtimeOf(this.opts.configPath);
    if (mtime === this.configMtime) return false;
    this.configMtime = mtime;
    try {
      const loaded = loadConfig(this.opts.configPath);
      this.config = loaded.config;
      this.configError = null;
    } catch (e) {
      this.configError = `${(e as Error).message} (still using the settings loaded before)`;
    }
    return true;
  }

  /** The database's commit counter as this connection sees others' commits. */
  dataVersionNow(): number {
    return this.dataVersion();
  }
}

const DEMO_CALIBRATION = { file: null, note: null, error: null, entries: 0 };

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
