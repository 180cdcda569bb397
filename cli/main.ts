#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { openContext, operationalMessage, UserError, type CommandResult, type Flags } from './context.js';

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
  check             exit 0 on budget, 1 projected over, 2 spent, 3 data unreadable (--json, --daily)
  statusline        one line for Claude Code's status bar; records its 5h/7d quota
                    (--install / --uninstall edit Claude Code's settings.json; --force, --dry-run)
  hook install|uninstall [--mode warn|block] [--daily] [--dry-run]
                    a Claude Code hook that warns or refuses prompts once the budget is spent
  run --budget N [--kill] -- COMMAND...
                    run a command (such as claude -p), follow what it spends, warn or stop it at N
  watch             a live full-screen terminal dashboard (--interval S; q quits)
  report --html FILE
                    one self-contained HTML report (--since, --until)
  export --format csv|json
                    one row per response, streamed (--since --until --project --scope --output FILE)

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
  --daily                 check, hook: also stop once today's daily budget is spent
  --mode warn|block       hook: warn in the session, or refuse the prompt (default block)
  --dry-run               hook, statusline: print the settings change without writing it
  --settings FILE         hook, statusline: Claude Code settings (default ~/.claude/settings.json)
  --install, --uninstall  statusline: add or remove it in Claude Code's settings
  --force                 statusline --install: replace another status line
  --budget N              run: dollars the command may spend
  --kill                  run: stop the command (SIGTERM, then SIGKILL) when it passes --budget
  --grace S               run --kill: seconds between SIGTERM and SIGKILL (default 5)
  --interval S            watch: seconds between redraws when nothing changes (default 2)
  --html FILE             report: the HTML file to write
  --format csv|json       export: the output format
  --output FILE           export: write to FILE instead of stdout
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
  daily: { type: 'boolean' },
  hook: { type: 'string' },
  mode: { type: 'string' },
  'dry-run': { type: 'boolean' },
  settings: { type: 'string' },
  install: { type: 'boolean' },
  uninstall: { type: 'boolean' },
  force: { type: 'boolean' },
  budget: { type: 'string' },
  kill: { type: 'boolean' },
  grace: { type: 'string' },
  interval: { type: 'string' },
  html: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

async function run(argv: string[]): Promise<CommandResult> {
  // `run … -- COMMAND…`: everything after -- belongs to the child, never to our parser.
  const dashes = argv.indexOf('--');
  const child = dashes >= 0 ? argv.slice(dashes + 1) : [];
  if (dashes >= 0) argv = argv.slice(0, dashes);
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
  const allowed = ['budget', 'scope', 'currency', 'hook'].includes(command) ? 1 : 0;
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
    case 'check': {
      const { checkCommand } = await import('./check.js');
      // Exit 2 means "budget spent" here, so check reports its own errors (exit 3).
      return checkCommand(flags, values, process.stdin);
    }
    case 'statusline': {
      if (values.install || values.uninstall) {
        const { statuslineInstall } = await import('./install.js');
        return statuslineInstall(values, values.install ? 'install' : 'uninstall');
      }
      const { statuslineCommand } = await import('./statusline.js');
      try {
        return await statuslineCommand(openContext(flags), process.stdin);
      } catch (e) {
        // Claude Code shows stdout only: a blank status bar would hide the problem.
        return `runway: ${e instanceof UserError ? e.message : (operationalMessage(e) ?? `internal error: ${(e as Error).message}`)}`;
      }
    }
    case 'hook': {
      const { hookCommand } = await import('./install.js');
      return hookCommand(values, arg);
    }
    case 'run': {
      const { runCommand } = await import('./run.js');
      return runCommand(openContext(flags), values, child);
    }
    case 'watch': {
      const { watchCommand } = await import('./watch.js');
      return watchCommand(openContext(flags), values);
    }
    case 'report': {
      const { reportCommand } = await import('./report-html.js');
      return reportCommand(openContext(flags), values);
    }
    case 'export': {
      const { exportCommand } = await import('./export.js');
      return exportCommand(openContext(flags), values);
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
  (result) => {
    const { out, exitCode } = typeof result === 'string' ? { out: result, exitCode: 0 } : result;
    if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    if (exitCode) process.exitCode = exitCode;
  },
  (e: unknown) => {
    const trouble = operationalMessage(e);
    if (e instanceof UserError) {
      process.stderr.write(`runway: ${e.message}\n`);
      process.exitCode = 2;
    } else if (trouble) {
      process.stderr.write(`runway: ${trouble}\n`);
      process.exitCode = 4;
    } else {
      process.stderr.write(`runway: internal error, please report it:\n${(e as Error).stack ?? e}\n`);
      process.exitCode = 70;
    }
  },
);
