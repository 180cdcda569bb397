import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cliEnv, run } from '../helpers/cli.js';

const configFile = (env: Record<string, string>) => join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');

function writeConfig(env: Record<string, string>, config: unknown): string {
  const path = configFile(env);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return path;
}

const readConfig = (env: Record<string, string>) => JSON.parse(readFileSync(configFile(env), 'utf8'));

/** Runs a command that must succeed, returning its output. */
function ok(args: string[], env: Record<string, string>): string {
  const r = run(args, env);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Runs a command that must fail as a user mistake: exit 2, one line, no stack trace. */
function refused(args: string[], env: Record<string, string>): string {
  const r = run(args, env);
  expect(r.status, args.join(' ')).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  return r.stderr;
}

describe('runway budget', () => {
  it('sets a dollar budget, with or without "$", and the reset day', () => {
    const env = cliEnv();
    expect(ok(['budget', '500'], env)).toBe('Monthly budget set to $500.00, resetting on day 1 (~/config/runway/config.json)\n');
    expect(readConfig(env)).toEqual({ monthly_budget: 500, budget_unit: 'usd' });
    ok(['budget', '$1250.50', '--reset-day', '15'], env);
    expect(readConfig(env)).toEqual({ monthly_budget: 1250.5, budget_unit: 'usd', reset_day: 15 });
    expect(ok(['budget'], env)).toMatch(/^Monthly budget: \$1,250\.50, resetting on day 15 /);
  });

  it('--tokens stores a token count, with k/M/B suffixes', () => {
    const env = cliEnv();
    expect(ok(['budget', '--tokens', '50M'], env)).toMatch(/set to 50,000,000 tokens/);
    expect(readConfig(env)).toEqual({ monthly_budget: 50_000_000, budget_unit: 'tokens' });
    ok(['budget', '1.5B', '--tokens'], env);
    expect(readConfig(env).monthly_budget).toBe(1_500_000_000);
    ok(['budget', '250k', '--tokens'], env);
    expect(readConfig(env).monthly_budget).toBe(250_000);
    // A dollar amount afterwards switches the unit back.
    ok(['budget', '20'], env);
    expect(readConfig(env)).toEqual({ monthly_budget: 20, budget_unit: 'usd' });
  });

  it('off and none clear the budget; --reset-day alone keeps the amount', () => {
    const env = cliEnv();
    ok(['budget', '300'], env);
    ok(['budget', '--reset-day', '31'], env);
    expect(readConfig(env)).toEqual({ monthly_budget: 300, budget_unit: 'usd', reset_day: 31 });
    expect(ok(['budget', 'off'], env)).toMatch(/^Monthly budget set to none /);
    expect(readConfig(env).monthly_budget).toBeNull();
    ok(['budget', '300'], env);
    ok(['budget', 'none'], env);
    expect(readConfig(env).monthly_budget).toBeNull();
    expect(ok(['budget'], env)).toMatch(/^Monthly budget: none /);
  });

  it('refuses a bad amount or reset day, naming the argument, and writes nothing', () => {
    const env = cliEnv();
    for (const amount of ['abc', '1,500', '50M', '$', '1e3', '']) {
      expect(refused(['budget', amount], env)).toMatch(new RegExp(`^runway: amount "${amount.replace('$', '\\$')}": expected dollars`));
    }
    for (const amount of ['50X', '$50', 'M', '50MM']) {
      expect(refused(['budget', amount, '--tokens'], env)).toMatch(`amount "${amount}": expected a token count`);
    }
    for (const day of ['0', '32', '1.5', 'x']) {
      expect(refused(['budget', '500', '--reset-day', day], env)).toMatch(`--reset-day "${day}": expected a day of the month`);
    }
    expect(refused(['budget', '--tokens'], env)).toMatch(/--tokens goes with an amount/);
    expect(refused(['budget', '1', '2'], env)).toMatch(/unexpected argument "2"/);
    expect(existsSync(configFile(env))).toBe(false);
  });
});

describe('runway scope', () => {
  it('sets the scope and shows it with what it counts', () => {
    const env = cliEnv();
    expect(ok(['scope'], env)).toMatch(/^Scope: all, reports count every response/);
    expect(ok(['scope', 'programmatic'], env)).toMatch(/Agent SDK and claude -p \(entrypoint sdk-\*\)/);
    expect(readConfig(env)).toEqual({ scope: 'programmatic' });
    ok(['scope', 'interactive'], env);
    expect(readConfig(env)).toEqual({ scope: 'interactive' });
    expect(ok(['scope'], env)).toMatch(/^Scope: interactive, /);
  });

  it('refuses an unknown scope', () => {
    const env = cliEnv();
    expect(refused(['scope', 'everything'], env)).toMatch(/^runway: scope "everything": expected one of all, interactive, programmatic/);
    expect(refused(['scope', 'constructor'], env)).toMatch(/scope "constructor"/);
    expect(existsSync(configFile(env))).toBe(false);
  });
});

describe('runway currency', () => {
  it('sets a secondary currency (code uppercased) and removes it with off', () => {
    const env = cliEnv();
    const out = ok(['currency', 'eur', '--rate', '0.92', '--symbol', '€'], env);
    expect(out).toMatch(/EUR at 0\.92 per US dollar \(\$100\.00 shows as €92\.00\)/);
    expect(out).toMatch(/never fetched/);
    expect(readConfig(env)).toEqual({ secondary_currency: { code: 'EUR', rate: 0.92, symbol: '€' } });
    ok(['currency', 'CHF', '--rate', '0.8'], env);
    expect(readConfig(env)).toEqual({ secondary_currency: { code: 'CHF', rate: 0.8 } });
    expect(ok(['currency'], env)).toMatch(/^Secondary currency: CHF at 0\.8 per US dollar/);
    ok(['currency', 'off'], env);
    expect(readConfig(env)).toEqual({ secondary_currency: null });
    expect(ok(['currency'], env)).toMatch(/^Secondary currency: none /);
  });

  it('refuses a bad code or rate, and a missing rate', () => {
    const env = cliEnv();
    for (const rate of ['0', '-1', 'abc', '1,2']) {
      expect(refused(['currency', 'EUR', `--rate=${rate}`], env)).toMatch(`--rate "${rate}": expected a number > 0`);
    }
    expect(refused(['currency', 'EUR'], env)).toMatch(/--rate: required/);
    expect(refused(['currency', 'EURO', '--rate', '1'], env)).toMatch(/currency "EURO": expected a three-letter code/);
    expect(refused(['currency', 'off', '--rate', '1'], env)).toMatch(/--rate and --symbol go with a currency code/);
    expect(existsSync(configFile(env))).toBe(false);
  });
});

describe('writing the config file', () => {
  it('keeps unknown keys and _comment keys', () => {
    const env = cliEnv();
    const before = { _comment: 'my settings', future_key: { nested: [1, 2] }, reset_day: 5, port: 9000 };
    writeConfig(env, before);
    ok(['budget', '200'], env);
    ok(['scope', 'interactive'], env);
    ok(['currency', 'GBP', '--rate', '0.79', '--symbol', '£'], env);
    expect(readConfig(env)).toEqual({
      ...before, monthly_budget: 200, budget_unit: 'usd', scope: 'interactive',
      secondary_currency: { code: 'GBP', rate: 0.79, symbol: '£' },
    });
  });

  it('leaves a config that is not valid JSON byte-identical and exits 2', () => {
    const env = cliEnv();
    const text = '{ "monthly_budget": 100, // a comment JSON does not allow\n}';
    const path = writeConfig(env, text);
    for (const args of [['budget', '500'], ['budget', 'off'], ['scope', 'all'], ['currency', 'EUR', '--rate', '1'], ['currency', 'off'], ['budget'], ['config']]) {
      expect(refused(args, env)).toMatch(`${path}: not valid JSON`);
    }
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('can repair an invalid value it replaces, and refuses to write past one it does not', () => {
    const env = cliEnv();
    const path = writeConfig(env, { reset_day: 40 });
    expect(refused(['scope', 'all'], env)).toMatch(`${path}: key "reset_day" is 40`);
    expect(readConfig(env)).toEqual({ reset_day: 40 });
    ok(['budget', '100', '--reset-day', '3'], env);
    expect(readConfig(env)).toEqual({ reset_day: 3, monthly_budget: 100, budget_unit: 'usd' });
  });
});

describe('runway config', () => {
  /** The fixture tree of the issue, plus a link loop and a second link to a walked directory. */
  function logTree(env: Record<string, string>): string {
    const root = join(env.HOME!, 'claude');
    for (const f of ['projects/a/x.jsonl', 'projects/b/y.jsonl', 'projects/b/sub/agents/z.jsonl', 'projects/b/notes.txt']) {
      mkdirSync(dirname(join(root, f)), { recursive: true });
      writeFileSync(join(root, f), '');
    }
    symlinkSync('..', join(root, 'projects/b/loop'));
    symlinkSync('../a', join(root, 'projects/b/a-again'));
    return root;
  }

  it('--json lists every setting, defaults marked, the paths, the price source and the log roots with file counts', () => {
    const env = cliEnv();
    const root = logTree(env);
    env.CLAUDE_CONFIG_DIR = root;
    // A root whose projects reach their logs through a linked directory: followed.
    const linked = join(env.HOME!, 'linked');
    for (const f of ['elsewhere/p.jsonl', 'elsewhere/q.jsonl']) {
      mkdirSync(dirname(join(linked, f)), { recursive: true });
      writeFileSync(join(linked, f), '');
    }
    mkdirSync(join(linked, 'projects'));
    symlinkSync('../elsewhere', join(linked, 'projects/p'));
    const nowhere = join(env.HOME!, 'nowhere');
    const path = writeConfig(env, { _comment: 'x', monthly_budjet: 5, scope: 'interactive', roots: [nowhere, linked] });
    const r = run(['config', '--json'], env);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.configFile).toBe(path);
    expect(out.configFileExists).toBe(true);
    expect(out.database).toBe(join(env.XDG_DATA_HOME!, 'runway', 'usage.db'));
    expect(out.priceSource).toMatch(/genai-prices/);
    expect(out.unknownKeys).toEqual(['monthly_budjet']);
    expect(out.settings.scope).toEqual({ value: 'interactive', default: false });
    expect(out.settings.reset_day).toEqual({ value: 1, default: true });
    expect(out.settings.monthly_budget).toEqual({ value: null, default: true });
    expect(out.settings.timezone.default).toBe(true);
    expect(out.settings.timezone.value).toEqual(expect.any(String));
    expect(Object.keys(out.settings)).toHaveLength(21);
    expect(out.settings.caps).toEqual({ value: { projects: {}, loop_repeats: 5 }, default: true });
    expect(out.settings.budget_agents).toEqual({ value: 'all', default: true });
    expect(out.logRoots.filter((r: { source: string }) => r.source === 'claude-code')).toEqual([
      { source: 'claude-code', root, logDir: join(root, 'projects'), exists: true, files: 3 },
      { source: 'claude-code', root: nowhere, logDir: join(nowhere, 'projects'), exists: false, files: 0 },
      { source: 'claude-code', root: linked, logDir: join(linked, 'projects'), exists: true, files: 2 },
    ]);
  });

  it('says when there is no config file yet, and marks defaults', () => {
    const env = cliEnv();
    const out = ok(['config'], env);
    expect(out).toMatch(/^Config file {2}~\/config\/runway\/config\.json \(not created yet/);
    expect(out).toMatch(/\n {2}reset_day +1 {2}\(default\)\n/);
    expect(out).toMatch(/\n {2}claude-code {2}~\/no-logs\/projects {2}not found/);
    expect(existsSync(configFile(env))).toBe(false);
  });
});
