import { defaultCacheDir, defaultConfigPath, defaultDbPath } from '../lib/paths.js';
import { agentsExpected, ConfigError, configuredRoots, isTimeZone, loadConfig, parseAgents, type Config, type CostMode, type Scope } from '../core/config.js';
import { isCalendarDate } from '../core/calendar.js';
import { systemZone } from '../core/zones.js';
import type { Pricing, UsageQuery } from '../figures/usage.js';
import { filterOf, type Filter, type FilterParams } from '../figures/filter.js';
import { DashboardState } from '../figures/state.js';
import { nowMs } from '../lib/clock.js';
import { DatabaseError, openDb, type Db } from '../store/db.js';
import { TeamError } from '../store/team/error.js';
import { logRoots, scan, type RootReport, type ScanOptions, type ScanReport } from '../scanner/scan.js';
import { progressBar } from './progress.js';

/** A mistake the user can fix: printed as one line, never as a stack trace. */
export class UserError extends Error {}

/** The database this process opened, named in messages about trouble with it. */
let dbInUse: string | null = null;

/**
 * Trouble with the database or the disk (locked, full, damaged, read-only, from a newer
 * version) as one line naming the file and what to do; null for anything else, a bug.
 */
export function operationalMessage(e: unknown, dbPath = dbInUse): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  const db = dbPath ?? 'the database';
  if (e instanceof DatabaseError) return `${db}: ${e.message}`;
  if (e instanceof TeamError) return e.message;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `${db} is locked by another process (waited 10 s): try again; if it stays locked, stop the other runway (serve, watch, scan)`;
  }
  if (code === 'SQLITE_FULL') return `the disk holding ${db} is full: free some space, then run again`;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `${db} is damaged or not a Runway database: move it aside and run again to rebuild it from the logs (usage whose logs are already deleted is lost), or restore a backup`;
  }
  if (code.startsWith('SQLITE_READONLY')) return `${db} cannot be written: fix its permissions, or add --no-scan to report from it as it is`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `${db} cannot be opened: check that it and its folder exist and can be read, or choose another with --db FILE`;
  if (code.startsWith('SQLITE_IOERR')) return `${db}: the disk reported an error (${code}): check the disk, then run again`;
  // The file system's own errors name their file.
  const path = (e as NodeJS.ErrnoException).path;
  if (path && code === 'ENOSPC') return `${path}: the disk is full: free some space, then run again`;
  if (path && /^E(ACCES|PERM|ROFS|ISDIR|NOTDIR|IO)$/.test(code)) return `${path}: cannot ${(e as NodeJS.ErrnoException).syscall ?? 'use it'} (${code}): check the path and its permissions`;
  return null;
}

/** What a command prints, and the exit status when it is not 0. */
export type CommandResult = string | { out: string; exitCode: number };

export interface Flags {
  db?: string;
  config?: string;
  json?: boolean;
  since?: string;
  until?: string;
  tz?: string;
  project?: string;
  scope?: string;
  agent?: string;
  'cost-mode'?: string;
  'no-scan'?: boolean;
  verbose?: boolean;
}

export interface Context {
  flags: Flags;
  config: Config;
  configPath: string;
  dbPath: string;
  db: Db;
  tz: string;
  env: Record<string, string | undefined>;
}

export function openContext(flags: Flags, env = process.env): Context {
  const configPath = flags.config ?? defaultConfigPath(env);
  let loaded;
  try {
    loaded = loadConfig(configPath);
  } catch (e) {
    if (e instanceof ConfigError) throw new UserError(e.message);
    throw e;
  }
  for (const k of loaded.unknownKeys) process.stderr.write(`runway: ${configPath}: unknown key "${k}" ignored\n`);
  if (flags.tz !== undefined && !isTimeZone(flags.tz)) {
    throw new UserError(`--tz ${JSON.stringify(flags.tz)}: expected an IANA time zone such as "Europe/Berlin"`);
  }
  const dbPath = flags.db ?? defaultDbPath(env);
  const config = loaded.config;
  let tz: string | undefined;
  let db: Db | undefined;
  return {
    flags, config, configPath, dbPath, env,
    // Opened on first use: `serve --demo` never touches the real database.
    get db() {
      if (!db) {
        dbInUse = dbPath;
        db = openDb(dbPath);
      }
      return db;
    },
    // Resolved on first use: the system zone needs Intl's data, which a scan does not.
    get tz() {
      return (tz ??= flags.tz ?? config.timezone ?? systemZone());
    },
  };
}

/** The log folders this context reads: each source's own roots plus the configured ones. */
export function contextRoots(ctx: Context): RootReport[] {
  return logRoots(ctx.env, configuredRoots(ctx.config));
}

/** A scan of the logs this context reads: each source's own roots plus the configured ones. */
export function scanLogs(ctx: Context, opts: Pick<ScanOptions, 'only' | 'onProgress' | 'countAgents'> = {}): ScanReport {
  return scan(ctx.db, { env: ctx.env, extraRoots: configuredRoots(ctx.config), ...opts });
}

/** Incremental scan before a report, unless --no-scan. Shows a progress bar for a long first scan. */
export function scanFirst(ctx: Context): ScanReport | null {
  if (ctx.flags['no-scan']) return null;
  return scanLogs(ctx, { onProgress: progressBar() });
}

export async function pricing(ctx: Context): Promise<Pricing> {
  const mode = (ctx.flags['cost-mode'] ?? ctx.config.cost_mode) as CostMode;
  if (!['auto', 'calculate', 'display'].includes(mode)) {
    throw new UserError(`--cost-mode ${JSON.stringify(mode)}: expected one of auto, calculate, display`);
  }
  const { loadPriceTable } = await import('../core/price-source.js');
  try {
    const table = await loadPriceTable({ cacheDir: defaultCacheDir(ctx.env), overrides: ctx.config.prices });
    return { table, mode };
  } catch (e) {
    throw new UserError(`${ctx.configPath}: key "prices": ${(e as Error).message}`);
  }
}

/** A --since or --until date as YYYY-MM-DD, from that form or ccusage's YYYYMMDD. */
function isoDate(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const iso = /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : value;
  if (!isCalendarDate(iso)) throw new UserError(`${name} ${JSON.stringify(value)}: expected a date YYYY-MM-DD or YYYYMMDD`);
  return iso;
}

export function usageQuery(ctx: Context, defaults: { since?: string; until?: string } = {}): UsageQuery & Filter {
  const f = ctx.flags;
  const since = isoDate('--since', f.since) ?? defaults.since;
  const until = isoDate('--until', f.until) ?? defaults.until;
  if (since && until && since > until) throw new UserError(`--since ${since} is after --until ${until}`);
  return { tz: ctx.tz, since, until, project: f.project, ...usageFilter(ctx) };
}

/** The usage a command counts: --scope and --agent, else the config's scope and budget_agents. */
export function usageFilter(ctx: Context): Filter {
  return filterOf(ctx.config, filterFlags(ctx.flags));
}

/** --scope and --agent as given, each refused in one line when it is not one; needs no config. */
export function filterFlags(f: Pick<Flags, 'scope' | 'agent'>): FilterParams {
  if (f.scope !== undefined && !['all', 'interactive', 'programmatic'].includes(f.scope)) {
    throw new UserError(`--scope ${JSON.stringify(f.scope)}: expected one of all, interactive, programmatic`);
  }
  const agents = f.agent === undefined ? undefined : parseAgents(f.agent);
  if (agents === null) throw new UserError(`--agent ${JSON.stringify(f.agent)}: expected ${agentsExpected()}, comma-separated`);
  return { scope: f.scope as Scope | undefined, agents };
}

/** The dashboard's state over the database as the scan before left it: what one-shot commands report from. */
export function snapshotState(ctx: Context, p: Pricing, roots: RootReport[] | undefined): DashboardState {
  return new DashboardState({
    db: ctx.db, config: ctx.config, configPath: ctx.configPath, tz: ctx.tz, pricing: p, scan: null, roots, now: () => nowMs(ctx.env),
  });
}
