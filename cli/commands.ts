// The one table of Runway's commands: name, usage, summary, help, the options each takes,
// its arguments and its handler. The global help, each command's help and each command's
// parsing are generated from it, so they cannot drift apart. Handlers are imported lazily:
// the CLI is bundled into chunks, and a command loads only its own.
import { parseArgs } from 'node:util';
import { openContext, operationalMessage, UserError, type CommandResult, type Context, type Flags } from './context.js';
import { agentNames } from '../core/config.js';
import type { CapFlags } from './cap.js';
import type { CheckFlags } from './check.js';
import type { InstallFlags } from './install.js';
import type { RunFlags } from './run.js';
import type { ServeFlags } from './serve.js';
import type { SettingsFlags } from './settings.js';
import type { SyncFlags } from './sync.js';
import type { TeamFlags } from './team.js';
import type { WatchFlags } from './watch.js';
import type { WhereFlags } from './where.js';
import type { ListFlags } from './report-options.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What the value is, as help shows it: --since YYYY-MM-DD. */
  value?: string;
  description: string;
}

export type OptionSet = Record<string, OptionSpec>;

/** Every option a command may get, typed as the handlers read them. */
export type Values = Flags & CheckFlags & SettingsFlags & InstallFlags & RunFlags & ServeFlags & WatchFlags & ListFlags & WhereFlags & SyncFlags & TeamFlags & {
  html?: string;
  format?: string;
  output?: string;
  install?: boolean;
  uninstall?: boolean;
  all?: boolean;
  help?: boolean;
};

export interface Invocation {
  values: Values;
  /** The command's argument, for the commands that take one. */
  arg: string | undefined;
  /** Every argument, for the commands that take several (compare MODEL…). */
  args: string[];
  /** `run … -- COMMAND…`: everything after --, untouched. */
  child: string[];
}

export interface Command {
  name: string;
  /** After `runway `: the command and what it takes, such as `budget [AMOUNT|off]`. */
  usage: string;
  summary: string;
  /** More lines for `runway help <command>`. */
  help?: string;
  options: OptionSet;
  /** How many arguments it takes at most (each command's are optional). */
  args: number;
  handler: (inv: Invocation) => Promise<CommandResult>;
  /** Sub-commands (`cap set`), each with its own options and help; the handler runs without one. */
  subcommands?: Command[];
}

// Shared options, defined once.
const DB: OptionSet = {
  db: { type: 'string', value: 'FILE', description: 'database (default: $RUNWAY_DB, else ~/.local/share/runway/usage.db)' },
};
const CONFIG: OptionSet = {
  config: { type: 'string', value: 'FILE', description: 'config (default: $RUNWAY_CONFIG, else ~/.config/runway/config.json)' },
};
const STORE: OptionSet = { ...DB, ...CONFIG };
const JSON_OUT: OptionSet = { json: { type: 'boolean', description: 'machine-readable output' } };
const RANGE: OptionSet = {
  since: { type: 'string', value: 'YYYY-MM-DD', description: 'first day to include (YYYYMMDD too)' },
  until: { type: 'string', value: 'YYYY-MM-DD', description: 'last day to include (YYYYMMDD too)' },
};
const TZ: OptionSet = {
  tz: { type: 'string', value: 'ZONE', description: 'time zone for calendar days (default: config "timezone", else the system\'s)' },
};
const PROJECT: OptionSet = {
  project: { type: 'string', value: 'TEXT', description: 'only projects whose path contains TEXT' },
};
const SCOPE: OptionSet = {
  scope: {
    type: 'string', value: 'all|interactive|programmatic',
    description: 'which usage counts (default: config "scope"); programmatic = Agent SDK and claude -p (entrypoint sdk-*)',
  },
};
const AGENT: OptionSet = {
  agent: {
    type: 'string', value: ['all', ...agentNames()].join('|'),
    description: 'which agents count, several joined by commas (default: config "budget_agents", the agents the budget covers)',
  },
};
const COST_MODE: OptionSet = {
  'cost-mode': { type: 'string', value: 'auto|calculate|display', description: 'auto: logged costUSD when present, else calculated from tokens' },
};
const NO_SCAN: OptionSet = {
  'no-scan': { type: 'boolean', description: 'report from the database without scanning the logs first' },
};
/** What every report takes: --json --since --until --tz --project --scope --agent --cost-mode --no-scan --db --config. */
const REPORT: OptionSet = { ...JSON_OUT, ...RANGE, ...TZ, ...PROJECT, ...SCOPE, ...AGENT, ...COST_MODE, ...NO_SCAN, ...STORE };
/** What ccusage's reports share: --last, --order, --breakdown. */
const LIST: OptionSet = {
  ...JSON_OUT, ...RANGE,
  last: { type: 'string', value: 'N', description: 'the last N days, ending today (instead of --since and --until)' },
  order: { type: 'string', value: 'asc|desc', description: 'oldest first (asc, the default) or newest first' },
  breakdown: { type: 'boolean', description: 'a row per model (and agent) under each row' },
  ...TZ, ...PROJECT, ...SCOPE, ...AGENT, ...COST_MODE, ...NO_SCAN, ...STORE,
};
const CCUSAGE_JSON = (command: string): OptionSet => ({ json: { type: 'boolean', description: `machine-readable output, the shape of ccusage ${command} --json` } });
/** A report of the current period: no date range or project to choose. */
const PERIOD: OptionSet = { ...JSON_OUT, ...TZ, ...SCOPE, ...AGENT, ...COST_MODE, ...NO_SCAN, ...STORE };
const SETTINGS_FILE: OptionSet = {
  settings: { type: 'string', value: 'FILE', description: "Claude Code's settings (default ~/.claude/settings.json)" },
};
const DRY_RUN: OptionSet = {
  'dry-run': { type: 'boolean', description: 'print the settings change without writing it' },
};
const DEMO = (what: string): OptionSet => ({
  demo: { type: 'boolean', description: `${what} generated usage in a throwaway database (the real one is untouched)` },
});
const SERVE: OptionSet = {
  port: { type: 'string', value: 'N', description: 'the port on 127.0.0.1 (default: config "port", else 8099)' },
  ...DEMO('show'),
  'no-open': { type: 'boolean', description: 'do not open a browser' },
  sync: { type: 'boolean', description: 'push new responses to the team database after each scan that changed something (runway sync)' },
  team: { type: 'boolean', description: 'show the team database instead of this machine: the team budget, people and devices' },
  url: { type: 'string', value: 'URL', description: 'with --team or --sync: the team database (default: $RUNWAY_TEAM_URL, else team.url)' },
  ...TZ, ...COST_MODE, ...NO_SCAN, ...STORE,
};
/** What the team reports read: the team database, and this machine's prices and calendar. */
const TEAM_READ: OptionSet = {
  ...JSON_OUT,
  url: { type: 'string', value: 'URL', description: 'the team database (default: $RUNWAY_TEAM_URL, else team.url)' },
  ...TZ, ...COST_MODE, ...CONFIG,
};
const TEAM_BY: OptionSet = {
  by: { type: 'string', value: 'person|device|project|model|agent', description: 'what to break the spend down by' },
};
const HELP_OPTION: OptionSet = { help: { type: 'boolean', short: 'h', description: 'this help' } };

/** The cap sub-commands' values: their --session and --daily are an amount in one and a switch in another. */
const capValues = (values: Values) => values as unknown as CapFlags;

const daily = (range: 'all' | 'today' | 'week') => async ({ values }: Invocation) => {
  const { daily } = await import('./reports.js');
  return daily(openContext(values), range);
};

/** A ccusage-shaped report: the context and the whole invocation (its --last, --order, …). */
const listReport = (run: (ctx: Context, inv: Invocation) => Promise<string>) => async (inv: Invocation) =>
  run(openContext(inv.values), inv);

const serve = async ({ values }: Invocation) => {
  const { serveCommand } = await import('./serve.js');
  return serveCommand(openContext(values), values, await version());
};

export const COMMANDS: Command[] = [
  {
    name: 'scan', usage: 'scan', summary: "read what is new in every agent's logs into the database",
    help: 'Reports the files read, the responses added and updated, and the lines skipped per reason.',
    options: {
      ...JSON_OUT,
      verbose: { type: 'boolean', short: 'v', description: 'one example file:line per skipped reason' },
      ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      const { scanCommand } = await import('./scan.js');
      return scanCommand(openContext(values));
    },
  },
  {
    name: 'daily', usage: 'daily', summary: 'usage and cost per day (and model, with --breakdown)',
    options: { ...LIST, ...CCUSAGE_JSON('daily') },
    args: 0,
    handler: listReport(async (ctx, { values }) => (await import('./reports.js')).daily(ctx, 'all', values)),
  },
  {
    name: 'weekly', usage: 'weekly', summary: 'usage and cost per calendar week (and model, with --breakdown)',
    options: {
      ...LIST, ...CCUSAGE_JSON('weekly'),
      'start-of-week': { type: 'string', value: 'sunday|monday|…|saturday', description: 'the day weeks start on (default sunday, as ccusage)' },
    },
    args: 0,
    handler: listReport(async (ctx, { values }) => (await import('./ccusage-reports.js')).periodCommand(ctx, 'weekly', values)),
  },
  {
    name: 'monthly', usage: 'monthly', summary: 'usage and cost per calendar month (and model, with --breakdown)',
    options: { ...LIST, ...CCUSAGE_JSON('monthly') },
    args: 0,
    handler: listReport(async (ctx, { values }) => (await import('./ccusage-reports.js')).periodCommand(ctx, 'monthly', values)),
  },
  {
    name: 'session', usage: 'session [ID]', summary: 'usage and cost per session; with ID: that session\'s responses',
    help: 'The list keeps the sessions last active in --since/--until (or --last) whose project path contains --project. '
      + 'With ID: every response of that session, its models and totals.',
    options: { ...LIST, ...CCUSAGE_JSON('session') },
    args: 1,
    handler: listReport(async (ctx, { values, arg }) => (await import('./ccusage-reports.js')).sessionCommand(ctx, values, arg)),
  },
  {
    name: 'blocks', usage: 'blocks', summary: '5-hour billing blocks: usage and cost of each, the active one projected',
    help: 'Blocks are estimated from the logs, as on the dashboard: one opens at the hour of the first response after the previous block.',
    options: {
      ...LIST, ...CCUSAGE_JSON('blocks'),
      active: { type: 'boolean', description: 'only the active block, with its burn rate and projection' },
      'token-limit': { type: 'string', value: 'N|max', description: 'warn when a block passes N tokens (max: the largest past block)' },
    },
    args: 0,
    handler: listReport(async (ctx, { values }) => (await import('./ccusage-reports.js')).blocksCommand(ctx, values)),
  },
  {
    name: 'where', usage: 'where', summary: 'where the money goes: cost, calls and share by activity, tool, program, MCP server, …',
    help: 'Every table adds up to the period\'s total; usage without a price is shown as unpriced, never as $0.',
    options: {
      by: { type: 'string', value: 'activity|tool|program|mcp|skill|agent|project|model|branch', description: 'what to break the spend down by (default activity)' },
      ...REPORT,
    },
    args: 0,
    handler: listReport(async (ctx, { values }) => (await import('./where.js')).whereCommand(ctx, values)),
  },
  {
    name: 'optimize', usage: 'optimize', summary: 'findings that would cut the spend, each with its saving and a fix, graded A–F',
    help: 'Read-only: it measures and suggests; it changes nothing.',
    options: { ...REPORT },
    args: 0,
    handler: listReport(async (ctx) => (await import('./optimize.js')).optimizeCommand(ctx)),
  },
  {
    name: 'compare', usage: 'compare [MODEL...]', summary: 'models side by side: one-shot and retry rate, cost per edit turn and call, cache hit',
    help: 'Without MODEL, every model used in the range.',
    options: { ...REPORT },
    args: 16,
    handler: listReport(async (ctx, { args }) => (await import('./compare.js')).compareCommand(ctx, args)),
  },
  {
    name: 'yield', usage: 'yield', summary: "sessions tied to their project's git history: spend that led to commits kept, reverted, or none",
    help: 'Runs git log (read-only) in each session\'s project folder; folders that are not repositories are reported as such.',
    options: { ...REPORT },
    args: 0,
    handler: listReport(async (ctx) => (await import('./yield.js')).yieldCommand(ctx)),
  },
  {
    name: 'today', usage: 'today', summary: "today's usage per model",
    options: { ...REPORT, json: { type: 'boolean', description: 'machine-readable output, the shape of ccusage daily --json' } },
    args: 0, handler: daily('today'),
  },
  {
    name: 'week', usage: 'week', summary: 'the last 7 days, per day and model',
    options: { ...REPORT, json: { type: 'boolean', description: 'machine-readable output, the shape of ccusage daily --json' } },
    args: 0, handler: daily('week'),
  },
  {
    name: 'stats', usage: 'stats', summary: 'all-time totals, by model, top projects, daily average',
    options: REPORT, args: 0,
    handler: async ({ values }) => {
      const { stats } = await import('./reports.js');
      return stats(openContext(values));
    },
  },
  {
    name: 'status', usage: 'status', summary: 'this period at a glance: spend vs budget, pace, burn, runway, projection',
    help: 'Also what bare `runway` prints. --json: the /api/summary figures, top projects, the last 14 days and the quota.',
    options: PERIOD, args: 0,
    handler: async ({ values }) => {
      const { statusCommand } = await import('./status.js');
      return statusCommand(openContext(values));
    },
  },
  {
    name: 'serve', usage: 'serve', summary: 'the dashboard on http://127.0.0.1:8099',
    help: 'It listens on 127.0.0.1 only, and rescans the logs as they change. Ctrl-C stops it.',
    options: SERVE, args: 0, handler: serve,
  },
  {
    name: 'start', usage: 'start', summary: 'scan, then serve the dashboard (what npm start runs)',
    options: SERVE, args: 0, handler: serve,
  },
  {
    name: 'budget', usage: 'budget [AMOUNT|off]',
    summary: 'set the monthly budget ($500, 500.50; with --tokens 50M); no AMOUNT: show it',
    help: 'off clears it. Amounts are plain numbers with an optional leading $; thousands separators are refused.',
    options: {
      tokens: { type: 'boolean', description: 'the amount is tokens (k, M, B suffixes), not dollars' },
      'reset-day': { type: 'string', value: 'N', description: 'day of the month the budget period starts (1–31)' },
      ...CONFIG,
    },
    args: 1,
    handler: async ({ values, arg }) => {
      const { budget } = await import('./settings.js');
      return budget(values, arg);
    },
  },
  {
    name: 'scope', usage: 'scope [all|interactive|programmatic]',
    summary: 'set which usage reports count by default; no argument: show it',
    help: 'programmatic = the Agent SDK and claude -p (entrypoint sdk-*); a report\'s --scope overrides it.',
    options: CONFIG, args: 1,
    handler: async ({ values, arg }) => {
      const { scope } = await import('./settings.js');
      return scope(values, arg);
    },
  },
  {
    name: 'currency', usage: 'currency [CODE|off] --rate R [--symbol S]',
    summary: 'show costs in a second currency too, at a fixed rate; no CODE: show it',
    help: 'off removes it. The rate is yours to set: Runway never fetches one.',
    options: {
      rate: { type: 'string', value: 'R', description: 'units of CODE per US dollar (display only, never fetched)' },
      symbol: { type: 'string', value: 'S', description: 'its symbol, such as €' },
      ...CONFIG,
    },
    args: 1,
    handler: async ({ values, arg }) => {
      const { currency } = await import('./settings.js');
      return currency(values, arg);
    },
  },
  {
    name: 'config', usage: 'config', summary: 'the config file, every effective setting, database, prices and log roots',
    options: { ...JSON_OUT, ...STORE }, args: 0,
    handler: async ({ values }) => {
      const { configCommand } = await import('./settings.js');
      return configCommand(values);
    },
  },
  {
    name: 'prices', usage: 'prices [MODEL]', summary: 'the price of every model in the database: each rate, its source and its dates',
    help: 'A model without a price is listed with the config lines that would price it. --all lists every model Runway knows.',
    options: { ...JSON_OUT, all: { type: 'boolean', description: 'every model the price data knows, not only those in the database' }, ...NO_SCAN, ...STORE },
    args: 1,
    handler: async ({ values, arg }) => {
      const { pricesCommand } = await import('./prices.js');
      return pricesCommand(openContext(values), values, arg);
    },
  },
  {
    name: 'check', usage: 'check', summary: 'exit 0 on budget, 1 projected over, 2 spent, 3 data unreadable',
    help: 'The guard for scripts, CI and Claude Code hooks. It prints ok, over or spent and the reason.',
    options: {
      ...JSON_OUT,
      daily: { type: 'boolean', description: "also stop once today's daily budget is spent" },
      hook: { type: 'string', value: 'block|warn|session|stop|tool', description: "answer in the JSON Claude Code's hooks expect (what runway hook install sets up); stop and tool check the caps" },
      caps: { type: 'boolean', description: 'with --hook block|warn: also check the caps (runway cap)' },
      strict: { type: 'boolean', description: 'with the cap hooks: refuse when the usage data cannot be read (default: warn and go on)' },
      'on-loop': { type: 'string', value: 'stop|warn', description: 'with the cap hooks: what a tool call repeated caps.loop_repeats times in a row does (default warn)' },
      team: { type: 'boolean', description: 'judge the team budget (team.monthly_budget) from the team database instead of this machine\'s' },
      person: { type: 'string', value: 'P', description: 'with --team: also judge P against team.budgets (default: the config\'s team.person)' },
      url: { type: 'string', value: 'URL', description: 'with --team: the team database (default: $RUNWAY_TEAM_URL, else team.url)' },
      ...TZ, ...SCOPE, ...AGENT, ...COST_MODE, ...NO_SCAN, ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      const { checkCommand } = await import('./check.js');
      // Exit 2 means "budget spent" here, so check reports its own errors (exit 3).
      return checkCommand(values, values, process.stdin);
    },
  },
  {
    name: 'statusline', usage: 'statusline', summary: "one line for Claude Code's status bar; records its 5h/7d quota",
    help: "Claude Code runs it with the session's JSON on stdin. It always prints a line, even about its own trouble.",
    options: {
      install: { type: 'boolean', description: "add it to Claude Code's settings" },
      uninstall: { type: 'boolean', description: "remove it from Claude Code's settings" },
      force: { type: 'boolean', description: 'with --install: replace another status line' },
      ...DRY_RUN, ...SETTINGS_FILE, ...TZ, ...COST_MODE, ...NO_SCAN, ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      if (values.install || values.uninstall) {
        const { statuslineInstall } = await import('./install.js');
        return statuslineInstall(values, values.install ? 'install' : 'uninstall');
      }
      const { statuslineCommand } = await import('./statusline.js');
      try {
        return await statuslineCommand(openContext(values), process.stdin);
      } catch (e) {
        // Claude Code shows stdout only: a blank status bar would hide the problem.
        return `runway: ${e instanceof UserError ? e.message : (operationalMessage(e) ?? `internal error: ${(e as Error).message}`)}`;
      }
    },
  },
  {
    name: 'hook', usage: 'hook install|uninstall',
    summary: 'a Claude Code hook that warns or refuses prompts once the budget is spent',
    help: 'The hook runs runway check --hook before each prompt and at the start of each session; with --caps also before each tool call and when Claude stops. '
      + 'uninstall removes every Runway hook.',
    options: {
      mode: { type: 'string', value: 'warn|block', description: 'install: warn in the session, or refuse the prompt (default block)' },
      daily: { type: 'boolean', description: "install: also once today's daily budget is spent" },
      caps: { type: 'boolean', description: 'install: also enforce the caps (runway cap), with Stop and PreToolUse hooks' },
      strict: { type: 'boolean', description: 'install, with --caps: refuse when the usage data cannot be read (default: warn and go on)' },
      'on-loop': { type: 'string', value: 'stop|warn', description: 'install, with --caps: refuse a tool call repeated caps.loop_repeats times in a row, or only warn (default)' },
      ...DRY_RUN, ...SETTINGS_FILE,
      config: { type: 'string', value: 'FILE', description: 'the config the hook reads (default: $RUNWAY_CONFIG, else ~/.config/runway/config.json)' },
      db: { type: 'string', value: 'FILE', description: 'the database the hook reads (default: $RUNWAY_DB, else ~/.local/share/runway/usage.db)' },
    },
    args: 1,
    handler: async ({ values, arg }) => {
      const { hookCommand } = await import('./install.js');
      return hookCommand(values, arg);
    },
  },
  {
    name: 'cap', usage: 'cap set|status|off|allow',
    summary: "per-session and per-day dollar caps (subagents included) that Claude Code's hooks enforce",
    help: 'The hooks enforce them once installed with runway hook install --caps. N is dollars: 5, 5.00, or \'$5\' in quotes (the shell expands an unquoted $5).',
    options: {}, args: 0,
    subcommands: [
      {
        name: 'set', usage: 'cap set [--session N] [--daily N] [--project P]', summary: 'set a cap for each session, for each day, or both',
        help: 'Without --project the cap holds everywhere; with it, for sessions working in P or a folder inside it (the most specific project wins).',
        options: {
          session: { type: 'string', value: 'N', description: 'dollars a session may spend, its subagents included' },
          daily: { type: 'string', value: 'N', description: 'dollars a day may spend (every session, or the project\'s)' },
          project: { type: 'string', value: 'P', description: 'the cap holds in this folder and below' },
          ...CONFIG,
        },
        args: 0,
        handler: async ({ values }) => (await import('./cap.js')).capSet(capValues(values)),
      },
      {
        name: 'status', usage: 'cap status', summary: "the caps in force, today's spend against them, today's sessions and loops seen",
        options: { ...JSON_OUT, ...TZ, ...NO_SCAN, ...STORE }, args: 0,
        handler: async ({ values }) => (await import('./cap.js')).capStatus(capValues(values)),
      },
      {
        name: 'off', usage: 'cap off [--session] [--daily] [--project P]', summary: 'remove caps: no flag removes every cap (or every cap of P)',
        options: {
          session: { type: 'boolean', description: 'the session cap' },
          daily: { type: 'boolean', description: 'the daily cap' },
          project: { type: 'string', value: 'P', description: 'the caps of this project folder' },
          ...CONFIG,
        },
        args: 0,
        handler: async ({ values }) => (await import('./cap.js')).capOff(capValues(values)),
      },
      {
        name: 'allow', usage: 'cap allow --session [ID]', summary: 'let one session go on past its caps (the daily cap too, for it only)',
        help: 'Without ID, the session the hooks refused last. It also clears that session\'s loop.',
        options: { session: { type: 'boolean', description: 'the session: ID, else the one refused last' }, ...DB },
        args: 1,
        handler: async ({ values, arg }) => (await import('./cap.js')).capAllow(capValues(values), arg),
      },
    ],
    handler: async () => {
      throw new UserError('cap needs one of set, status, off, allow, such as: runway cap set --session 5 (see runway help cap)');
    },
  },
  {
    name: 'run', usage: 'run --budget N [--kill] -- COMMAND...',
    summary: 'run a command (such as claude -p), follow what it spends, warn or stop it at N',
    help: "Everything after -- is the command, passed on untouched. Its stdout is the command's; runway speaks on stderr.",
    options: {
      budget: { type: 'string', value: 'N', description: 'dollars the command may spend' },
      kill: { type: 'boolean', description: 'stop the command (SIGTERM, then SIGKILL) when it passes --budget' },
      grace: { type: 'string', value: 'S', description: 'with --kill: seconds between SIGTERM and SIGKILL (default 5)' },
      ...COST_MODE, ...STORE,
    },
    args: 0,
    handler: async ({ values, child }) => {
      const { runCommand } = await import('./run.js');
      return runCommand(openContext(values), values, child);
    },
  },
  {
    name: 'watch', usage: 'watch', summary: 'a live full-screen terminal dashboard (q quits)',
    help: 'Piped or in a script, it prints one frame and exits.',
    options: {
      interval: { type: 'string', value: 'S', description: 'seconds between redraws when nothing changes (default 2)' },
      lang: { type: 'string', value: 'en|de', description: 'the language (default: the system\'s, from LC_ALL, LC_MESSAGES or LANG)' },
      view: { type: 'string', value: 'now|where', description: 'the view it opens on, and prints when piped (default now; v switches)' },
      range: { type: 'string', value: 'today|week|month|period|all', description: 'the where view\'s range: today, the last 7 (week) or 30 days (month), the billing period (default) or all time' },
      ...DEMO('watch'), ...TZ, ...SCOPE, ...AGENT, ...COST_MODE, ...NO_SCAN, ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      const { watchCommand } = await import('./watch.js');
      return watchCommand(openContext(values), values);
    },
  },
  {
    name: 'report', usage: 'report --html FILE', summary: 'one self-contained HTML report',
    help: 'The period as the dashboard shows it, or the days and projects chosen with --since, --until and --project.',
    options: {
      html: { type: 'string', value: 'FILE', description: 'the HTML file to write' },
      ...RANGE, ...PROJECT, ...SCOPE, ...AGENT, ...TZ, ...COST_MODE, ...NO_SCAN, ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      const { reportCommand } = await import('./report-html.js');
      return reportCommand(openContext(values), values);
    },
  },
  {
    name: 'export', usage: 'export --format csv|json', summary: 'one row per response, streamed',
    options: {
      format: { type: 'string', value: 'csv|json', description: 'the output format' },
      output: { type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
      ...RANGE, ...PROJECT, ...SCOPE, ...AGENT, ...TZ, ...COST_MODE, ...NO_SCAN, ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      const { exportCommand } = await import('./export.js');
      return exportCommand(openContext(values), values);
    },
  },
  {
    name: 'prune', usage: 'prune --missing|--before DATE|--project TEXT [--yes]',
    summary: 'remove responses whose logs are gone, before a date, or of a project',
    help: 'Prints what it would remove, per month and project; --yes removes it. The conditions combine: each given must hold. '
      + 'Responses stored before Runway recorded their file cannot be judged by --missing and are kept.',
    options: {
      missing: { type: 'boolean', description: 'responses whose log file is no longer on the disk' },
      before: { type: 'string', value: 'YYYY-MM-DD', description: 'responses before that day (in --tz)' },
      project: { type: 'string', value: 'TEXT', description: 'responses of projects whose path contains TEXT' },
      yes: { type: 'boolean', description: 'remove them (without it, nothing is removed)' },
      ...TZ, ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      const { pruneCommand } = await import('./prune.js');
      return pruneCommand(openContext(values), values);
    },
  },
  {
    name: 'rebuild', usage: 'rebuild [--yes]',
    summary: 'read every log into a fresh database and show what replacing the current one would lose',
    help: 'The fresh database is built beside the current one; --yes replaces the current one by it (quota readings are copied over). '
      + 'Stop runway serve and runway watch first.',
    options: {
      yes: { type: 'boolean', description: 'replace the database by the rebuilt one (without it, nothing is replaced)' },
      ...TZ, ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      const { rebuildCommand } = await import('./rebuild.js');
      return rebuildCommand(openContext(values), values);
    },
  },
  {
    name: 'sync', usage: 'sync [--to URL] [--watch]',
    summary: "push this machine's responses to the team's PostgreSQL (new and changed ones only)",
    help: 'The URL comes from --to, else $RUNWAY_TEAM_URL, else the config\'s team.url; a password from the URL, PGPASSWORD or ~/.pgpass, never printed. '
      + 'Content-blind: the local database\'s fields, no text; with team.hide_paths a keyed name instead of each project path.',
    options: {
      to: { type: 'string', value: 'URL', description: 'the team database, postgres://user@host:port/name' },
      watch: { type: 'boolean', description: 'keep going: scan and push as new responses arrive (Ctrl-C stops)' },
      ...JSON_OUT, ...STORE,
    },
    args: 0,
    handler: async ({ values }) => {
      const { syncCommand } = await import('./sync.js');
      return syncCommand(openContext(values), values);
    },
  },
  {
    name: 'team', usage: 'team init|daily|monthly|where|status',
    summary: "the team's PostgreSQL: set up its schema; the team's spend per day, month, person, device, and its budget",
    help: 'README "Team" shows the SQL for the database and its roles.',
    options: {},
    args: 0,
    subcommands: [
      {
        name: 'init', usage: 'team init [--url URL]', summary: 'create or bring up to date the team schema (safe to run again)',
        options: {
          url: { type: 'string', value: 'URL', description: 'the team database (default: $RUNWAY_TEAM_URL, else team.url)' },
          ...CONFIG,
        },
        args: 0,
        handler: async ({ values }) => (await import('./sync.js')).teamInitCommand(openContext(values), values),
      },
      {
        name: 'daily', usage: 'team daily [--by DIM]', summary: "the team's usage and cost per day, as runway daily (and per DIM under each day)",
        options: { ...TEAM_BY, ...TEAM_READ, ...RANGE }, args: 0,
        handler: async ({ values }) => (await import('./team.js')).teamCalendarCommand(openContext(values), values, 'daily'),
      },
      {
        name: 'monthly', usage: 'team monthly [--by DIM]', summary: "the team's usage and cost per month, as runway monthly (and per DIM under each month)",
        options: { ...TEAM_BY, ...TEAM_READ, ...RANGE }, args: 0,
        handler: async ({ values }) => (await import('./team.js')).teamCalendarCommand(openContext(values), values, 'monthly'),
      },
      {
        name: 'where', usage: 'team where [--by DIM]', summary: "where the team's money went (default: this period, by person): calls, cost and share",
        options: { ...TEAM_BY, ...TEAM_READ, ...RANGE }, args: 0,
        handler: async ({ values }) => (await import('./team.js')).teamWhereCommand(openContext(values), values),
      },
      {
        name: 'status', usage: 'team status', summary: "the team budget's pacing, each person against theirs, each device's spend and last sync (stale ones flagged)",
        options: TEAM_READ, args: 0,
        handler: async ({ values }) => (await import('./team.js')).teamStatusCommand(openContext(values), values),
      },
    ],
    handler: async () => {
      throw new UserError('team needs a sub-command, such as: runway team init --url postgres://… (see runway help team)');
    },
  },
];

const BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export function commandNamed(name: string): Command | undefined {
  return BY_NAME.get(name);
}

/** Every option some command takes, to tell "not this command's" from "no such option"; a command's type wins over a sub-command's. */
const ALL_OPTIONS: OptionSet = Object.assign({}, ...COMMANDS.flatMap((c) => c.subcommands ?? []).map((c) => c.options), ...COMMANDS.map((c) => c.options), HELP_OPTION);

export const HINT = 'runway help lists every command';

function column(label: string, text: string, width: number): string {
  return label.length <= width - 4 ? `  ${label.padEnd(width - 2)}${text}` : `  ${label}\n${' '.repeat(width)}${text}`;
}

export function globalHelp(): string {
  return [
    'runway — a local budget cockpit for what Claude Code spends',
    '',
    'Usage: runway <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => column(c.usage, c.summary, 20)),
    '',
    'runway help <command> (or runway <command> --help) shows a command\'s options.',
    'runway with no command prints the status.',
    '',
    'Options:',
    column('-h, --help', 'this help; after a command, that command\'s help', 26),
    column('--version', 'the version', 26),
  ].join('\n');
}

function optionLabel(name: string, o: OptionSpec): string {
  return `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
}

export function commandHelp(c: Command): string {
  const options = { ...c.options, ...HELP_OPTION };
  if (c.subcommands) {
    return [
      `Usage: runway ${c.usage} [options]`, '', c.summary, ...(c.help ? [c.help] : []), '', 'Commands:',
      ...c.subcommands.map((s) => column(s.usage, s.summary, 46)),
      '', `runway help ${c.name} <command> (or runway ${c.name} <command> --help) shows a command's options.`,
      '', 'Options:', ...Object.entries(options).map(([name, o]) => column(optionLabel(name, o), o.description, 26)),
    ].join('\n');
  }
  return [
    // run's options go before the -- that starts the command it runs.
    `Usage: runway ${c.usage.includes(' -- ') ? c.usage.replace(' -- ', ' [options] -- ') : `${c.usage} [options]`}`,
    '',
    c.summary,
    ...(c.help ? [c.help] : []),
    '',
    'Options:',
    ...Object.entries(options).map(([name, o]) => column(optionLabel(name, o), o.description, 26)),
  ].join('\n');
}

function optionList(c: Command): string {
  return Object.keys(c.options).map((name) => `--${name}`).join(', ');
}

/** One line: what was wrong, the command's options, and where its help is. */
function refuse(c: Command, what: string, listOptions = true): never {
  throw new UserError(`${what} (${listOptions ? `its options: ${optionList(c)}; ` : ''}see runway help ${c.name})`);
}

/** The option a token names (a long name, or a short alias), among `options`. */
function optionOf(options: OptionSet, token: { name: string; rawName: string }): [string, OptionSpec] | undefined {
  if (token.rawName.startsWith('--')) return Object.hasOwn(options, token.name) ? [token.name, options[token.name]!] : undefined;
  return Object.entries(options).find(([, o]) => o.short === token.name);
}

const parseOptions = (options: OptionSet) =>
  Object.fromEntries(Object.entries(options).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));

/** The command's options and arguments from `args`, refusing in one line what it does not take. */
export function parseCommand(c: Command, args: string[]): { values: Values; positionals: string[] } {
  const options = { ...c.options, ...HELP_OPTION };
  const { tokens } = parseArgs({ args, options: parseOptions(options), allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const own = optionOf(options, t);
    if (!own) {
      const other = optionOf(ALL_OPTIONS, t);
      const shown = other && t.rawName !== `--${other[0]}` ? `${t.rawName} (--${other[0]})` : t.rawName;
      refuse(c, other ? `${c.name} does not take ${shown}` : `${c.name}: unknown option ${t.rawName}`);
    }
    const [name, o] = own;
    const label = optionLabel(name, { ...o, short: undefined });
    if (o.type === 'boolean' && t.inlineValue) refuse(c, `${c.name}: --${name} takes no value`, false);
    if (o.type === 'string' && t.value === undefined) refuse(c, `${c.name}: ${t.rawName} needs a value: ${label}`, false);
    // As parseArgs in strict mode: `--since --until X` is a forgotten value, not the value "--until".
    if (o.type === 'string' && !t.inlineValue && t.value!.length > 1 && t.value!.startsWith('-')) {
      refuse(c, `${c.name}: ${t.rawName} needs a value: ${label}, not ${t.value} (write ${t.rawName}=${t.value} for a value starting with -)`, false);
    }
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: parseOptions(options), allowPositionals: true, strict: true });
  } catch (e) {
    refuse(c, `${c.name}: ${(e as Error).message.split('\n')[0]}`);
  }
  const positionals = parsed.positionals;
  if (positionals.length > c.args) {
    const takes = c.args === 0 ? 'it takes no arguments' : `it takes at most ${c.args === 1 ? 'one' : c.args}: ${c.usage.split(' ').slice(1, 1 + c.args).join(' ')}`;
    throw new UserError(`${c.name}: unexpected argument ${JSON.stringify(positionals[c.args])} (${takes}; see runway help ${c.name})`);
  }
  return { values: parsed.values as Values, positionals };
}

/** Where the command is in `args`: the first word that is not an option or an option's value. */
function commandIndex(args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return -1;
    if (!a.startsWith('-') || a === '-') return i;
    if (a.startsWith('--') && !a.includes('=') && ALL_OPTIONS[a.slice(2)]?.type === 'string') i++;
  }
  return -1;
}

export async function version(): Promise<string> {
  const { packageVersion } = await import('../lib/paths.js');
  return packageVersion();
}

/** Whether `args` hold one of `flags`, before any `--` (what follows it is run's command). */
const asks = (args: string[], ...flags: string[]) => {
  const end = args.indexOf('--');
  return (end >= 0 ? args.slice(0, end) : args).some((a) => flags.includes(a));
};
const wantsHelp = (args: string[]) => asks(args, '--help', '-h');

/** A sub-command named as the user types it (`cap set`), so its messages and help say so. */
const qualified = (c: Command, sub: Command): Command => ({ ...sub, name: `${c.name} ${sub.name}` });

/** Runs the command `argv` names, as `runway` does. */
export async function runCli(argv: string[]): Promise<CommandResult> {
  if (!argv.length) {
    // Bare `runway`: the status, and where to find the rest.
    const status = await commandNamed('status')!.handler({ values: {}, arg: undefined, args: [], child: [] });
    const { pc } = await import('./format.js');
    const out = typeof status === 'string' ? status : status.out;
    const shown = `${out}${out && !out.endsWith('\n') ? '\n' : ''}${pc.dim(HINT)}`;
    return typeof status === 'string' ? shown : { ...status, out: shown };
  }
  // --version goes with any command, as it always has: `<installed command> --version` checks that it starts.
  if (asks(argv, '--version')) return version();
  const at = commandIndex(argv);
  if (at < 0) {
    if (wantsHelp(argv)) return globalHelp();
    const first = argv[0]!;
    const known = first.startsWith('--') && Object.hasOwn(ALL_OPTIONS, first.slice(2).split('=')[0]!);
    throw new UserError(`${known ? `${first} goes with a command, such as runway status --json` : `unknown option ${first}`} (see runway help)`);
  }
  const name = argv[at]!;
  const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  if (name === 'help') {
    const [topic, extra] = rest;
    if (topic === undefined || topic === '--help' || topic === '-h') return globalHelp();
    if (topic.startsWith('-')) throw new UserError(`help: unknown option ${topic} (runway help <command> shows a command's options)`);
    const c = commandNamed(topic);
    if (!c) throw new UserError(`help: unknown command ${JSON.stringify(topic)} (runway help lists every command)`);
    const sub = extra === undefined ? undefined : c.subcommands?.find((s) => s.name === extra);
    if (extra !== undefined && !sub) throw new UserError(`help: unexpected argument ${JSON.stringify(extra)} (runway help ${topic} shows ${topic}'s options)`);
    if (rest.length > 2) throw new UserError(`help: unexpected argument ${JSON.stringify(rest[2])} (runway help ${topic} ${extra} shows its options)`);
    return commandHelp(sub ? qualified(c, sub) : c);
  }
  const c = commandNamed(name);
  if (!c) throw new UserError(`unknown command ${JSON.stringify(name)} (runway help lists every command)`);
  if (c.subcommands) {
    // The sub-command is the word right after the command: runway cap set --session 5.
    const sub = rest[0] === undefined ? undefined : c.subcommands.find((s) => s.name === rest[0]);
    if (!sub) {
      if (wantsHelp(rest)) return commandHelp(c);
      if (rest[0] !== undefined && !rest[0].startsWith('-')) {
        throw new UserError(`${c.name} ${JSON.stringify(rest[0])}: expected one of ${c.subcommands.map((s) => s.name).join(', ')} (see runway help ${c.name})`);
      }
      return c.handler({ values: {}, arg: undefined, args: [], child: [] });
    }
    const full = qualified(c, sub);
    if (wantsHelp(rest)) return commandHelp(full);
    const { values, positionals } = parseCommand(full, rest.slice(1));
    return sub.handler({ values, arg: positionals[0], args: positionals, child: [] });
  }
  if (wantsHelp(rest)) return commandHelp(c);
  // `run … -- COMMAND…`: everything after -- belongs to the child, never to our parser.
  const dashes = c.name === 'run' ? rest.indexOf('--') : -1;
  const child = dashes >= 0 ? rest.slice(dashes + 1) : [];
  const { values, positionals } = parseCommand(c, dashes >= 0 ? rest.slice(0, dashes) : rest);
  return c.handler({ values, arg: positionals[0], args: positionals, child });
}
