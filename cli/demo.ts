// The demo `runway serve --demo` and `runway watch --demo` both show: generated usage, the
// demo's own settings and quota readings, in a throwaway database. One opening for both,
// so the two commands show the same figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import type { StateOptions } from '../figures/state.js';
import type { Pricing } from '../figures/usage.js';
import { nowMs } from '../lib/clock.js';
import { openDb, type Db } from '../store/db.js';
import { recordReadings } from '../store/quota.js';
import { demoConfig, demoReadings, generateDemo } from '../server/demo.js';
import type { Context } from './context.js';

export interface Demo {
  db: Db;
  dbPath: string;
  config: Config;
  /** A file that does not exist in the throwaway folder: the demo reads no config, and never shows it. */
  configPath: string;
  tz: string;
  /** What the dashboard state reads the demo with. */
  state: StateOptions;
  /** Closes the database and deletes the folder. */
  cleanup: () => void;
}

/** Opens a fresh demo at the context's "now" and time zone, priced from the table given. */
export function openDemo(ctx: Pick<Context, 'env' | 'tz' | 'config'>, p: Pricing): Demo {
  const dir = mkdtempSync(join(tmpdir(), 'runway-demo-'));
  const dbPath = join(dir, 'demo.db');
  let db: Db | undefined;
  const cleanup = () => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    db = openDb(dbPath);
    const now = () => nowMs(ctx.env);
    const tz = ctx.tz;
    const at = now();
    generateDemo(db, { nowMs: at, tz });
    recordReadings(db, demoReadings(at), null);
    const config = demoConfig(ctx.config);
    const configPath = join(dir, 'config.json');
    // The demo has no cost in its logs: the user's cost mode would only hide its prices.
    const pricing: Pricing = { table: p.table, mode: 'auto' };
    const state: StateOptions = { db, config, configPath, tz, pricing, scan: null, demo: true, now };
    return { db, dbPath, config, configPath, tz, state, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
