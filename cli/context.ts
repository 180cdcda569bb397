import { defaultCacheDir, defaultConfigPath, defaultDbPath } from '../core/paths.js';
import { ConfigError, isTimeZone, loadConfig, type Config, type CostMode, type Scope } from '../core/config.js';
import { isCalendarDate } from '../core/calendar.js';
import { systemZone } from '../core/zones.js';
import type { Pricing, UsageQuery } from '../core/usage.js';
import { openDb, type Db } from '../scanner/db.js';
import { scan, type ScanReport } from '../scanner/scan.js';
import { progressBar } from './progress.js';

/** A mistake the user can fix: printed as one line, never as a stack trace. */
export class UserError extends Error {}

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
        try {
          db = openDb(dbPath);
        } catch (e) {
          throw new UserError(`${dbPath}: cannot open the database: ${(e as Error).message}`);
        }
      }
      return db;
    },
    // Resolved on first use: the system zone needs Intl's data, which a scan does not.
    get tz() {
      return (tz ??= flags.tz ?? config.timezone ?? systemZone());
    },
  };
}

/** Incremental scan before a report, unless --no-scan. Shows a progress bar for a long first scan. */
export function scanFirst(ctx: Context): ScanReport | null {
  if (ctx.flags['no-scan']) return null;
  return scan(ctx.db, { env: ctx.env, extraRoots: ctx.config.roots, onProgress: progressBar() });
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

export function usageQuery(ctx: Context, defaults: { since?: string; until?: string } = {}): UsageQuery {
  const f = ctx.flags;
  for (const [name, value] of [['--since', f.since], ['--until', f.until]] as const) {
    if (value !== undefined && !isCalendarDate(value)) throw new UserError(`${name} ${JSON.stringify(value)}: expected a date YYYY-MM-DD`);
  }
  const scope = (f.scope ?? ctx.config.scope) as Scope;
  if (!['all', 'interactive', 'programmatic'].includes(scope)) {
    throw new UserError(`--scope ${JSON.stringify(scope)}: expected one of all, interactive, programmatic`);
  }
  const since = f.since ?? defaults.since;
  const until = f.until ?? defaults.until;
  if (since && until && since > until) throw new UserError(`--since ${since} is after --until ${until}`);
  return { tz: ctx.tz, since, until, project: f.project, scope };
}
