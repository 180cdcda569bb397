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
  status            this period at a glance: spend vs budget, pace, burn, runway, projection
  serve             the dashboard on http://127.0.0.1:8099 (--port N, --demo, --no-open)
  start             scan, then serve the dashboard (what npm start runs)
  budget [AMOUNT|off]
                    set the monthly budget ($500, 500.50; with --tokens 50M); no AMOUNT: show it
  scope [all|interactive|programmatic]
                    set which usage reports count by default; no argument: show it
  currency [CODE|off] --rate R [--symbol S]
                    show costs in a second currency too, at a fixed rate; no CODE: show it
  config            the config file, every effective setting, database, prices and log roots

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
  --tokens                budget: the amount is tokens (k, M, B suffixes), not dollars
  --reset-day N           budget: day of the month the budget period starts (1–31)
  --rate R                currency: units of CODE per US dollar (display only, never fetched)
  --symbol S              currency: its symbol, such as €
  --port N                serve: the port on 127.0.0.1 (default: config "port", else 8099)
  --demo                  serve: generated usage in a throwaway database (the real one is untouched)
  --no-open               serve: do not open a browser
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
  tokens: { type: 'boolean' },
  'reset-day': { type: 'string' },
  rate: { type: 'string' },
  symbol: { type: 'string' },
  port: { type: 'string' },
  demo: { type: 'boolean' },
  'no-open': { type: 'boolean' },
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
  if (values.version) return version();
  const [command, ...rest] = positionals;
  if (values.help || !command) return HELP;
  // The settings commands take one argument, every other command none.
  const allowed = ['budget', 'scope', 'currency'].includes(command) ? 1 : 0;
  if (rest.length > allowed) throw new UserError(`unexpected argument ${JSON.stringify(rest[allowed])} (see runway --help)`);
  const [arg] = rest;
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
    case 'status': {
      const { statusCommand } = await import('./status.js');
      return statusCommand(openContext(flags));
    }
    case 'serve':
    case 'start': {
      const { serveCommand } = await import('./serve.js');
      return serveCommand(openContext(flags), values, await version());
    }
    case 'budget': {
      const { budget } = await import('./settings.js');
      return budget(values, arg);
    }
    case 'scope': {
      const { scope } = await import('./settings.js');
      return scope(flags, arg);
    }
    case 'currency': {
      const { currency } = await import('./settings.js');
      return currency(values, arg);
    }
    case 'config': {
      const { configCommand } = await import('./settings.js');
      return configCommand(flags);
    }
    default:
      throw new UserError(`unknown command ${JSON.stringify(command)} (see runway --help)`);
  }
}

async function version(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { packageRoot } = await import('../core/paths.js');
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
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
