import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

type Env = Record<string, string | undefined>;

/** Where the database lives: --db, else RUNWAY_DB, else $XDG_DATA_HOME/runway/usage.db. */
export function defaultDbPath(env: Env = process.env, home = homedir()): string {
  if (env.RUNWAY_DB) return resolve(env.RUNWAY_DB);
  const base = env.XDG_DATA_HOME || join(home, '.local', 'share');
  return join(base, 'runway', 'usage.db');
}

/** Where the config lives: --config, else RUNWAY_CONFIG, else $XDG_CONFIG_HOME/runway/config.json. */
export function defaultConfigPath(env: Env = process.env, home = homedir()): string {
  if (env.RUNWAY_CONFIG) return resolve(env.RUNWAY_CONFIG);
  const base = env.XDG_CONFIG_HOME || join(home, '.config');
  return join(base, 'runway', 'config.json');
}

let root: string | undefined;
/** The installed package's root, found from this file whether it runs from source or from dist/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('runway: cannot find the package root');
    dir = up;
  }
  return (root = dir);
}

/** Derived data that can always be rebuilt (the extracted price table): $XDG_CACHE_HOME/runway. */
export function defaultCacheDir(env: Env = process.env, home = homedir()): string {
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'runway');
}

/** This package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Chart.js's own browser build; its exports map hides dist/, so it is found beside the main entry. */
export function chartJsPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}
