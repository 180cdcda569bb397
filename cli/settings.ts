// Commands that show and change the config file: budget, scope, currency, config.
// Writes go through updateConfig: atomic, validated, every other key (comments, unknown keys) kept.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { sep } from 'node:path';
import { CONFIG_KEYS, ConfigError, fileKeys, loadConfig, MAX_RATE, MAX_TOKENS, MAX_USD, updateConfig, type Config, type Scope } from '../core/config.js';
import { defaultConfigPath } from '../lib/paths.js';
import { systemZone } from '../core/zones.js';
import { fileKindOf, listFiles } from '../scanner/scan.js';
import { SOURCES } from '../sources/index.js';
import { contextRoots, openContext, pricing, UserError, type Flags } from './context.js';
import { n, pc, usd } from './format.js';

type Env = Record<string, string | undefined>;

export interface SettingsFlags extends Flags {
  tokens?: boolean;
  'reset-day'?: string;
  rate?: string;
  symbol?: string;
}

const isOff = (arg: string) => arg === 'off' || arg === 'none';

const SCOPES: Record<Scope, string> = {
  all: 'every response, interactive and programmatic',
  interactive: 'the CLI, IDEs and the desktop app (entrypoints not starting with sdk-)',
  programmatic: "the Agent SDK and claude -p (entrypoint sdk-*), metered from Anthropic's credit pool",
};

const TOKEN_SUFFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

export function budget(flags: SettingsFlags, amount: string | undefined, env: Env = process.env): string {
  const path = configPath(flags, env);
  const off = amount !== undefined && isOff(amount);
  // Switching the unit alone would silently reinterpret the stored number.
  if (flags.tokens && (amount === undefined || off)) throw new UserError('--tokens goes with an amount, such as: runway budget 50M --tokens');
  const patch: Record<string, unknown> = {};
  if (off) patch.monthly_budget = null;
  else if (amount !== undefined) {
    patch.monthly_budget = budgetAmount(amount, flags.tokens ?? false);
    patch.budget_unit = flags.tokens ? 'tokens' : 'usd';
  }
  if (flags['reset-day'] !== undefined) patch.reset_day = resetDay(flags['reset-day']);
  if (!Object.keys(patch).length) return `Monthly budget: ${budgetText(read(path))} (${tilde(path, env)})`;
  return `Monthly budget set to ${budgetText(write(path, patch))} (${tilde(path, env)})`;
}

export function scope(flags: Flags, value: string | undefined, env: Env = process.env): string {
  const path = configPath(flags, env);
  if (value === undefined) {
    const current = read(path).scope;
    return `Scope: ${current}, reports count ${SCOPES[current]}; --scope overrides it per report (${tilde(path, env)})`;
  }
  if (!Object.hasOwn(SCOPES, value)) throw new UserError(`scope ${JSON.stringify(value)}: expected one of all, interactive, programmatic`);
  const set = write(path, { scope: value }).scope;
  return `Scope set to ${set}: reports count ${SCOPES[set]} (${tilde(path, env)})`;
}

export function currency(flags: SettingsFlags, code: string | undefined, env: Env = process.env): string {
  const path = configPath(flags, env);
  if ((code === undefined || isOff(code)) && (flags.rate !== undefined || flags.symbol !== undefined)) {
    throw new UserError('--rate and --symbol go with a currency code, such as: runway currency EUR --rate 0.92');
  }
  if (code === undefined) return `Secondary currency: ${currencyText(read(path))} (${tilde(path, env)})`;
  const secondary = isOff(code) ? null : secondaryCurrency(code, flags);
  return `Secondary currency set to ${currencyText(write(path, { secondary_currency: secondary }))} (${tilde(path, env)})`;
}

/** Everything Runway would use right now, and where it comes from. */
export async function configCommand(flags: Flags): Promise<string> {
  const ctx = openContext(flags);
  const { exists, unknownKeys } = configured(() => loadConfig(ctx.configPath));
  const inFile = new Set(configured(() => fileKeys(ctx.configPath)));
  const settings = Object.fromEntries(
    CONFIG_KEYS.map((key) => [key, { value: effective(ctx.config, key), default: !inFile.has(key) }]),
  );
  const kinds = new Map<string, { databases: number }>();
  const roots = contextRoots(ctx).map((r) => {
    const source = SOURCES.find((src) => src.name === r.source)!;
    const files = r.exists ? listFiles(r.logDir, (p) => fileKindOf(source, p), undefined, source.enters && ((d) => source.enters!(d, r.logDir))) : [];
    kinds.set(r.logDir, { databases: files.filter((p) => fileKindOf(source, p) === 'database').length });
    return { ...r, files: files.length };
  });
  const stored = storedByAgent(ctx);
  const sources = SOURCES.map((src) => {
    const mine = roots.filter((r) => r.source === src.name);
    return {
      name: src.name,
      found: mine.some((r) => r.exists),
      files: mine.reduce((sum, r) => sum + r.files, 0),
      databases: mine.reduce((sum, r) => sum + (kinds.get(r.logDir)?.databases ?? 0), 0),
      responsesStored: stored.get(src.name) ?? 0,
    };
  });
  const priceSource = (await pricing(ctx)).table.source;
  if (flags.json) {
    return JSON.stringify(
      { configFile: ctx.configPath, configFileExists: exists, settings, unknownKeys, database: ctx.dbPath, priceSource, sources, logRoots: roots },
      null,
      2,
    );
  }
  const width = Math.max(...CONFIG_KEYS.map((k) => k.length)) + 2;
  const agentWidth = Math.max(0, ...roots.map((r) => r.source.length));
  const lines = [
    `Config file  ${tilde(ctx.configPath, ctx.env)}${exists ? '' : pc.dim(' (not created yet: every setting is a default)')}`,
    `Database     ${tilde(ctx.dbPath, ctx.env)}`,
    `Prices       ${priceSource}`,
    '',
    'Settings',
    ...Object.entries(settings).map(([k, s]) => `  ${k.padEnd(width)}${shown(k, s.value)}${s.default ? pc.dim('  (default)') : ''}`),
    '',
    'Sources (where each agent writes; "sources": {"<agent>": {"roots": [...]}} in the config adds folders)',
    ...roots.map((r, i) => {
      const first = roots.findIndex((o) => o.source === r.source) === i;
      const label = (first ? r.source : '').padEnd(agentWidth);
      const dbs = kinds.get(r.logDir)?.databases ?? 0;
      const files = `${n(r.files)} ${r.files === 1 ? 'file' : 'files'}${dbs ? ` (${n(dbs)} ${dbs === 1 ? 'database' : 'databases'})` : ''}`;
      const count = stored.get(r.source);
      // The agent's stored responses go on its first folder that exists (else its first line).
      const mine = roots.filter((o) => o.source === r.source);
      const carrier = mine.find((o) => o.exists) ?? mine[0];
      const rows = carrier === r && count ? ` · ${n(count)} responses stored` : '';
      return `  ${label}  ${tilde(r.logDir, ctx.env)}  ${r.exists ? files : pc.dim('not found')}${rows}`;
    }),
  ];
  if (unknownKeys.length) lines.push('', pc.yellow(`Unknown keys in the file (kept, but ignored): ${unknownKeys.join(', ')}`));
  return lines.join('\n');
}

/** Responses in the database per agent; none when there is no database yet (config never creates one) or it cannot be read. */
function storedByAgent(ctx: ReturnType<typeof openContext>): Map<string, number> {
  if (!existsSync(ctx.dbPath)) return new Map();
  try {
    return new Map(ctx.db.prepare('SELECT agent, sum(responses) FROM usage_rollup GROUP BY agent').raw().all() as [string, number][]);
  } catch {
    return new Map();
  }
}

function configPath(flags: Flags, env: Env): string {
  return flags.config ?? defaultConfigPath(env);
}

/** Runs a config read or write, turning its errors into one-line user errors. */
function configured<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ConfigError) throw new UserError(e.message);
    throw e;
  }
}

const read = (path: string) => configured(() => loadConfig(path).config);
const write = (path: string, patch: Record<string, unknown>) => configured(() => updateConfig(path, patch));

/** A plain decimal such as 500, 500.50 or .5; thousands separators are refused as ambiguous across locales. */
function decimal(text: string): number {
  return /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
}

function budgetAmount(text: string, tokens: boolean): number {
  if (tokens) {
    const m = /^(.*?)([kmb]?)$/i.exec(text)!;
    const count = Math.round(decimal(m[1]!) * TOKEN_SUFFIX[m[2]!.toLowerCase()]!);
    if (!Number.isFinite(count)) throw new UserError(`amount ${JSON.stringify(text)}: expected a token count such as 50000000, 50M or 1.5B, or off`);
    if (count > MAX_TOKENS) throw new UserError(`amount ${JSON.stringify(text)}: expected a token count up to ${n(MAX_TOKENS)}`);
    return count;
  }
  const dollars = decimal(text.replace(/^\$/, ''));
  if (!Number.isFinite(dollars)) throw new UserError(`amount ${JSON.stringify(text)}: expected dollars such as 500, 500.50 or $500, or off (--tokens for tokens)`);
  if (dollars > MAX_USD) throw new UserError(`amount ${JSON.stringify(text)}: expected dollars up to ${usd(MAX_USD)}`);
  return dollars;
}

function resetDay(text: string): number {
  const day = /^\d+$/.test(text) ? Number(text) : NaN;
  if (day >= 1 && day <= 31) return day;
  throw new UserError(`--reset-day ${JSON.stringify(text)}: expected a day of the month (integer 1–31)`);
}

function secondaryCurrency(code: string, flags: SettingsFlags): NonNullable<Config['secondary_currency']> {
  if (!/^[A-Za-z]{3}$/.test(code)) throw new UserError(`currency ${JSON.stringify(code)}: expected a three-letter code such as EUR, or off`);
  const upper = code.toUpperCase();
  const perUsd = `units of ${upper} per US dollar, such as --rate 0.92 (a fixed rate for display; Runway never fetches rates)`;
  if (flags.rate === undefined) throw new UserError(`--rate: required, the ${perUsd}`);
  const rate = decimal(flags.rate);
  if (!(rate > 0 && rate <= MAX_RATE)) throw new UserError(`--rate ${JSON.stringify(flags.rate)}: expected a number > 0 and up to ${n(MAX_RATE)}, the ${perUsd}`);
  if (flags.symbol === undefined) return { code: upper, rate };
  if (!flags.symbol.trim()) throw new UserError(`--symbol ${JSON.stringify(flags.symbol)}: expected a short symbol such as €`);
  return { code: upper, rate, symbol: flags.symbol };
}

function budgetText(c: Config): string {
  if (c.monthly_budget === null) return 'none';
  const amount = c.budget_unit === 'tokens' ? `${n(c.monthly_budget)} tokens` : usd(c.monthly_budget, c.currency_symbol);
  // A period starting on the 31st starts on the last day of shorter months.
  return `${amount}, resetting on day ${c.reset_day}${c.reset_day > 28 ? " or the month's last day" : ''}`;
}

function currencyText(c: Config): string {
  const s = c.secondary_currency;
  if (!s) return 'none';
  const example = `${usd(100, c.currency_symbol)} shows as ${usd(100 * s.rate, s.symbol ?? `${s.code} `)}`;
  return `${s.code} at ${s.rate} per US dollar (${example}); a fixed rate for display only, never fetched`;
}

/** The value Runway uses: an unset time zone means the system's. */
function effective(config: Config, key: string): unknown {
  return key === 'timezone' ? (config.timezone ?? systemZone()) : config[key as keyof Config];
}

/** One line per value; price overrides are listed by model, their rates are in the file. */
function shown(key: string, value: unknown): string {
  if (key !== 'prices') return JSON.stringify(value);
  const models = Object.keys(value as object);
  return models.length ? `overrides for ${models.join(', ')}` : 'no overrides';
}

/** ~/… for paths under the home directory, as people write them. */
function tilde(path: string, env: Env): string {
  const home = env.HOME || homedir();
  return path.startsWith(home + sep) ? `~${path.slice(home.length)}` : path;
}
