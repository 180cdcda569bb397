import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import * as v from 'valibot';
import { isCalendarDate } from './calendar.js';
import { isTimeZone } from './zones.js';
import { PROMPT_BANDS } from './pricing.js';
import { SOURCES } from '../sources/index.js';

export { isTimeZone };

// Sanity bounds, far above any real figure: a value past them is a typo (an extra digit
// group, 1e23), and keeping money below 1e21 keeps every figure printable in plain digits.
/** The largest dollar amount the config takes: a budget, a price. */
export const MAX_USD = 1_000_000_000;
/** The largest token budget: a thousand times a very heavy team's month, still an exact integer. */
export const MAX_TOKENS = 1_000_000_000_000_000;
/** The largest exchange rate, in units per US dollar: above every currency in use. */
export const MAX_RATE = 10_000_000;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const nonNeg = (what: string) => v.pipe(v.number(what), v.finite(what), v.minValue(0, what));
const upTo = (max: number, what: string) => v.pipe(nonNeg(what), v.maxValue(max, what));
const int = (min: number, max: number, what: string) =>
  v.pipe(v.number(what), v.integer(what), v.minValue(min, what), v.maxValue(max, what));
// valibot's isoDate takes 2026-02-30; a holiday must be a day the calendar has.
const date = v.pipe(v.string('a date YYYY-MM-DD'), v.check(isCalendarDate, 'a date YYYY-MM-DD that exists in the calendar'));

const price = () => v.optional(upTo(MAX_USD, 'a price in USD per million tokens (number 0–1,000,000,000)'));
const rates = { input: price(), output: price(), cache_write_5m: price(), cache_write_1h: price(), cache_read: price() };

const PriceOverride = v.strictObject(
  {
    from: v.optional(date),
    ...rates,
    web_search_per_1k: v.optional(upTo(MAX_USD, 'USD per 1,000 web searches (number 0–1,000,000,000)')),
    fast_multiplier: v.optional(upTo(1000, 'a multiplier (number 0–1000)')),
    long_context: v.optional(
      v.strictObject(
        { ...rates, threshold: v.optional(v.picklist(PROMPT_BANDS, `one of ${PROMPT_BANDS.join(', ')} (the prompt sizes Runway keeps apart)`)) },
        'an object of long-context rates',
      ),
    ),
  },
  'an object with from, input, output, cache_write_5m, cache_write_1h, cache_read, web_search_per_1k, fast_multiplier, long_context',
);

const dirs = v.array(v.string('a directory path'), 'a list of directory paths');
const SOURCE_NAMES = SOURCES.map((s) => `"${s.name}"`).join(', ');
// Per agent, the homes to read besides the ones the agent's adapter finds by itself.
const SourcesConfig = v.strictObject(
  Object.fromEntries(SOURCES.map((s) => [s.name, v.optional(v.strictObject({ roots: v.optional(dirs, []) }, 'an object { "roots": [...] }'))])),
  `an object keyed by agent (${SOURCE_NAMES})`,
);

/**
 * The agents Runway knows by name: the five it reads, `sdk` (calls that runway/sdk recorded
 * from the user's own code), then any other registered source. Read when asked, not at
 * load, so a source registered later counts.
 */
const KNOWN_AGENTS = ['claude-code', 'codex', 'gemini', 'opencode', 'copilot', 'sdk'];
export function agentNames(): string[] {
  return [...new Set([...KNOWN_AGENTS, ...SOURCES.map((s) => s.name)])];
}

/** Some agents, in agentNames() order, or all of them (those registered later too). */
export type AgentSet = 'all' | readonly string[];

/** Names (or "all") as a set; null when one is not an agent's name. */
function agentSet(names: readonly string[]): AgentSet | null {
  const known = agentNames();
  if (!names.length || names.some((n) => n !== 'all' && !known.includes(n))) return null;
  return names.includes('all') ? 'all' : known.filter((n) => names.includes(n));
}

/** `claude-code,codex` or `all`, as --agent and ?agent= take it; null when a name is not an agent's. */
export function parseAgents(text: string): AgentSet | null {
  return agentSet(text.split(',').map((n) => n.trim()));
}

/** A set as --agent and ?agent= take it: the inverse of parseAgents. */
export function agentsText(agents: AgentSet): string {
  return agents === 'all' ? 'all' : agents.join(',');
}

/** What an agent set may be, for messages: all, or names. */
export function agentsExpected(): string {
  return `all, or one or more of ${agentNames().join(', ')}`;
}

const AGENTS_LIST = () => `"all" or a list of agent names (${agentNames().map((n) => `"${n}"`).join(', ')})`;
const BudgetAgents = v.pipe(
  v.unknown(),
  v.check((x) => x === 'all' || (Array.isArray(x) && x.every((n) => typeof n === 'string') && agentSet(x) !== null), AGENTS_LIST),
  v.transform((x) => agentSet(x === 'all' ? ['all'] : (x as string[]))!),
);

const BUDGET_EXPECTED = 'an amount ≥ 0 (up to 1,000,000,000 dollars, or 1,000,000,000,000,000 tokens) or null';
const RATE_EXPECTED = 'units per USD (number > 0, up to 10,000,000)';

const CAP_EXPECTED = 'dollars above 0, up to 1,000,000,000';
const capUsd = v.optional(v.pipe(v.number(CAP_EXPECTED), v.finite(CAP_EXPECTED), v.gtValue(0, CAP_EXPECTED), v.maxValue(MAX_USD, CAP_EXPECTED)));
const CapPair = v.strictObject({ session: capUsd, daily: capUsd }, 'an object { "session": 2, "daily": 10 }');
/** Per-session and per-day dollar caps the Claude Code hooks enforce; a project's apply in its folder and below. */
const Caps = v.strictObject(
  {
    session: capUsd,
    daily: capUsd,
    projects: v.optional(
      v.record(v.pipe(v.string(), v.check((p) => isAbsolute(p), 'an absolute folder path')), CapPair, 'an object keyed by absolute folder path'),
      {},
    ),
    loop_repeats: v.optional(int(2, 1000, 'a number of identical tool calls in a row (integer 2–1000)'), 5),
  },
  'an object { "session": 5, "daily": 20, "projects": { "/abs/path": { "session": 2 } }, "loop_repeats": 5 }',
);

const TEAM_URL_EXPECTED = 'a PostgreSQL URL such as "postgres://runway@db.example.com/runway"';
const STALE_EXPECTED = 'a duration such as "7d", "36h" or a number of days (1 hour to 3,650 days)';
/** A duration as the config writes it: "7d", "36h", or days; in milliseconds. */
export function staleAfterMs(value: string | number): number | null {
  const m = typeof value === 'number' ? [String(value), String(value), 'd'] : /^(\d+(?:\.\d+)?)\s*([dh])$/.exec(value.trim());
  const n = m ? Number(m[1]) : NaN;
  const ms = m?.[2] === 'h' ? n * 3_600_000 : n * 86_400_000;
  return Number.isFinite(ms) && ms >= 3_600_000 && ms <= 3650 * 86_400_000 ? ms : null;
}
/** The team database and what this machine sends to it (README "Team"). */
const Team = v.strictObject(
  {
    url: v.optional(v.pipe(v.string(TEAM_URL_EXPECTED), v.regex(/^postgres(ql)?:\/\//, TEAM_URL_EXPECTED))),
    person: v.optional(v.pipe(v.string('a short name such as "alice"'), v.minLength(1, 'a short name such as "alice"'), v.maxLength(100, 'a name of at most 100 characters'))),
    hide_paths: v.optional(v.boolean('true or false'), false),
    monthly_budget: v.optional(v.nullable(upTo(MAX_USD, 'dollars from 0 to 1,000,000,000, or null')), null),
    stale_after: v.optional(v.pipe(v.union([v.string(), v.number()], STALE_EXPECTED), v.check((x) => staleAfterMs(x) !== null, STALE_EXPECTED)), '7d'),
    budgets: v.optional(v.record(v.string(), upTo(MAX_USD, 'dollars from 0 to 1,000,000,000'), 'an object keyed by person, such as { "alice": 200 }'), {}),
  },
  'an object { "url": "postgres://…", "person": "alice", "monthly_budget": 2000 }',
);

const ConfigObject = v.object(
  {
    /** Claude Code's extra homes, from before per-agent `sources`. */
    roots: v.optional(dirs, []),
    sources: v.optional(SourcesConfig, {}),
    timezone: v.optional(
      v.pipe(
        v.string('an IANA time zone name such as "Europe/Berlin"'),
        v.check(isTimeZone, 'an IANA time zone name such as "Europe/Berlin"'),
      ),
    ),
    cost_mode: v.optional(v.picklist(['auto', 'calculate', 'display'], 'one of "auto", "calculate", "display"'), 'auto'),
    prices: v.optional(v.record(v.string(), PriceOverride, 'an object keyed by model name'), {}),
    monthly_budget: v.optional(v.nullable(upTo(MAX_TOKENS, BUDGET_EXPECTED)), null),
    budget_unit: v.optional(v.picklist(['usd', 'tokens'], 'one of "usd", "tokens"'), 'usd'),
    reset_day: v.optional(int(1, 31, 'a day of the month (integer 1–31)'), 1),
    workdays: v.optional(
      v.array(v.picklist(WEEKDAYS, `one of ${WEEKDAYS.map((d) => `"${d}"`).join(', ')}`), 'a list of weekday names'),
      ['mon', 'tue', 'wed', 'thu', 'fri'],
    ),
    holidays: v.optional(v.array(date, 'a list of dates YYYY-MM-DD'), []),
    currency_symbol: v.optional(v.string('a short string such as "$"'), '$'),
    secondary_currency: v.optional(
      v.nullable(
        v.strictObject(
          {
            code: v.pipe(v.string('a currency code such as "EUR"'), v.regex(/^[A-Za-z]{3}$/, 'a currency code such as "EUR"')),
            rate: v.pipe(v.number(RATE_EXPECTED), v.finite(RATE_EXPECTED), v.gtValue(0, RATE_EXPECTED), v.maxValue(MAX_RATE, RATE_EXPECTED)),
            symbol: v.optional(v.string('a short string such as "€"')),
          },
          'an object { "code": "EUR", "rate": 0.92 }',
        ),
      ),
      null,
    ),
    status_thresholds: v.optional(
      v.strictObject(
        {
          green: v.optional(nonNeg('a fraction of the budget such as 0.1'), 0.1),
          yellow: v.optional(v.pipe(v.number('a fraction of the budget such as 0'), v.finite('a fraction of the budget such as 0')), 0),
        },
        'an object { "green": 0.1, "yellow": 0 }',
      ),
      { green: 0.1, yellow: 0 },
    ),
    quota_thresholds: v.optional(
      v.pipe(
        v.strictObject(
          { warn: v.optional(int(0, 100, 'a percentage (integer 0–100)'), 75), alarm: v.optional(int(0, 100, 'a percentage (integer 0–100)'), 90) },
          'an object { "warn": 75, "alarm": 90 }',
        ),
        v.check((t) => t.warn <= t.alarm, 'warn at or below alarm, such as { "warn": 75, "alarm": 90 }'),
      ),
      { warn: 75, alarm: 90 },
    ),
    scope: v.optional(v.picklist(['all', 'interactive', 'programmatic'], 'one of "all", "interactive", "programmatic"'), 'all'),
    /** Whose spend the budget covers, and so what every surface counts unless told otherwise. */
    budget_agents: v.optional(BudgetAgents, 'all'),
    caps: v.optional(Caps, { projects: {}, loop_repeats: 5 }),
    team: v.optional(Team, { hide_paths: false, monthly_budget: null, stale_after: '7d', budgets: {} }),
    watch: v.optional(v.picklist(['auto', 'poll'], 'one of "auto", "poll"'), 'auto'),
    refresh_interval_seconds: v.optional(int(1, 86_400, 'seconds (integer 1–86400)'), 30),
    port: v.optional(int(1, 65_535, 'a TCP port (integer 1–65535)'), 8099),
  },
  'a JSON object',
);

// The budget's bound depends on its unit, so it is checked on the whole object and reported on the budget.
const ConfigSchema = v.pipe(
  ConfigObject,
  v.forward(
    v.partialCheck(
      [['monthly_budget'], ['budget_unit']],
      (c) => c.budget_unit !== 'usd' || c.monthly_budget === null || c.monthly_budget <= MAX_USD,
      'dollars from 0 to 1,000,000,000 (budget_unit "usd"), or null',
    ),
    ['monthly_budget'],
  ),
);

export type Config = v.InferOutput<typeof ConfigSchema>;
export type CostMode = Config['cost_mode'];
export type Scope = Config['scope'];
export type CapsConfig = Config['caps'];
export type TeamConfig = Config['team'];

/** Every key the config file knows. */
export const CONFIG_KEYS = Object.keys(ConfigObject.entries);

/** A config problem the user can fix: the message names the file, the key, the value and what was expected. */
export class ConfigError extends Error {}

export interface LoadedConfig {
  config: Config;
  path: string;
  exists: boolean;
  /** Keys this version does not know: kept in the file, listed so a typo is noticed. */
  unknownKeys: string[];
}

export function loadConfig(path: string): LoadedConfig {
  if (!existsSync(path)) return { config: parseConfig({}, path), path, exists: false, unknownKeys: [] };
  const raw = readRaw(path);
  const known = new Set(CONFIG_KEYS);
  const unknownKeys = Object.keys(raw).filter((k) => !known.has(k) && !k.startsWith('_') && k !== '$schema');
  return { config: parseConfig(raw, path), path, exists: true, unknownKeys };
}

export function parseConfig(raw: unknown, file: string): Config {
  const result = v.safeParse(ConfigSchema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const key = v.getDotPath(issue);
  const value = shownValue(issue.path?.at(-1)?.value ?? issue.input);
  throw new ConfigError(
    key ? `${file}: key "${key}" is ${value}, expected ${issue.message}` : `${file}: expected ${issue.message}, got ${value}`,
  );
}

/** A value as the message shows it: JSON, except that 1e400 (parsed as Infinity) would print as null. */
function shownValue(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

/** Keys the file itself sets (every other key has its default); none when there is no file. */
export function fileKeys(path: string): string[] {
  return existsSync(path) ? Object.keys(readRaw(path)) : [];
}

function readRaw(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SyntaxError('the top level is not an object');
    return raw as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Sets keys in the config file and writes it atomically (temp file, then rename),
 * keeping every key it does not touch, unknown ones included. Validates before writing.
 */
export function updateConfig(path: string, patch: Record<string, unknown>): Config {
  const raw = existsSync(path) ? readRaw(path) : {};
  const next = { ...raw, ...patch };
  const config = parseConfig(next, path);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
  renameSync(tmp, path);
  return config;
}

/** The homes configured per agent: `sources.<name>.roots`, with the old `roots` counted as Claude Code's. */
export function configuredRoots(config: Config): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, entry] of Object.entries(config.sources)) out[name] = [...((entry as { roots?: string[] } | undefined)?.roots ?? [])];
  out['claude-code'] = [...config.roots, ...(out['claude-code'] ?? [])];
  return out;
}

/** Weekday numbers (0 = Sunday) of the configured workdays. */
export function workdayNumbers(config: Config): number[] {
  return config.workdays.map((d) => WEEKDAYS.indexOf(d));
}
