#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { openContext, UserError, type Flags } from './context.js';

const HELP = `runway — a local budget cockpit for what Claude Code spends

Usage: runway <command> [options]

Commands:
  scan              read new lines of the Claude Code logs into the database
  daily             usage and cost per day and model
  today             today's usage per model
  week              the last 7 days, per day and model
  stats             all-time totals, by model, top projects, daily average
  start             scan, then show stats (what npm start runs)

Options:
  --json                  machine-readable output (daily: the shape of ccusage daily --json)
  --since YYYY-MM-DD      first day to include
  --until YYYY-MM-DD      last day to include
  --tz ZONE               time zone for calendar days (default: config "timezone", else the system's)
  --project TEXT          only projects whose path contains TEXT
  --scope all|interactive|programmatic
                          programmatic = Agent SDK and claude -p (entrypoint sdk-*)
  --cost-mode auto|calculate|display
                          auto: logged costUSD when present, else calculated from tokens
  --no-scan               report from the database without scanning first
  --db FILE               database (default: $RUNWAY_DB, else ~/.local/share/runway/usage.db)
  --config FILE           config (default: $RUNWAY_CONFIG, else ~/.config/runway/config.json)
  -v, --verbose           scan: one example file:line per skipped reason
  -h, --help              this help
  --version               the version`;

const OPTIONS = {
  db: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  since: { type: 'string' },
  until: { type: 'string' },
  tz: { type: 'string' },
  project: { type: 'string' },
  scope: { type: 'string' },
  'cost-mode': { type: 'string' },
  'no-scan': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

async function run(argv: string[]): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(`${(e as Error).message.split('\n')[0]} (see runway --help)`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { packageRoot } = await import('../core/paths.js');
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) return HELP;
  if (rest.length) throw new UserError(`unexpected argument ${JSON.stringify(rest[0])} (see runway --help)`);
  const flags = values as Flags;
  switch (command) {
    case 'scan': {
      const { scanCommand } = await import('./scan.js');
      return scanCommand(openContext(flags));
    }
    case 'daily':
    case 'today':
    case 'week': {
      const { daily } = await import('./reports.js');
      return daily(openContext(flags), command === 'daily' ? 'all' : command);
    }
    case 'stats': {
      const { stats } = await import('./reports.js');
      return stats(openContext(flags));
    }
    case 'start': {
      const { scanCommand } = await import('./scan.js');
      const { stats } = await import('./reports.js');
      const ctx = openContext(flags);
      const scanned = scanCommand(ctx);
      return `${scanned}\n\n${await stats({ ...ctx, flags: { ...flags, 'no-scan': true } })}`;
    }
    default:
      throw new UserError(`unknown command ${JSON.stringify(command)} (see runway --help)`);
  }
}

run(process.argv.slice(2)).then(
  (out) => {
    if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  },
  (e: unknown) => {
    if (e instanceof UserError) {
      process.stderr.write(`runway: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`runway: internal error, please report it:\n${(e as Error).stack ?? e}\n`);
      process.exitCode = 70;
    }
  },
);
