// The dashboard app for app.inject() tests, and the one set of test prices every test uses.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../server/app.js';
import { parseConfig, type CostMode } from '../../core/config.js';
import { buildPriceTable, type PriceTable } from '../../core/pricing.js';
import type { Db } from '../../store/db.js';

export { FIGURE_ROUTES, numbersIn } from '../../bench/surfaces.js';

export const PORT = 8099;
export const HOST = { host: `127.0.0.1:${PORT}` };

// Round prices, so expected figures are plain arithmetic: 1M output tokens = $10.
export const TEST_PRICES = { 'claude-test-1': { input: 1, output: 10, cache_write_5m: 1.25, cache_write_1h: 2, cache_read: 0.1 } };
export const TEST_TABLE = buildPriceTable([], 'test prices', TEST_PRICES);

export interface BuildOptions extends Partial<Omit<AppOptions, 'config' | 'now' | 'pricing'>> {
  db: Db;
  /** The config as its file would hold it. */
  config?: Record<string, unknown>;
  now: () => number;
  costMode?: CostMode;
  /** Prices other than the test prices. */
  table?: PriceTable;
}

/** What build() hands buildApp: also what a DashboardState needs to read the figures the app serves. */
export function appOptions({ config = { monthly_budget: 200 }, costMode = 'auto', table = TEST_TABLE, configPath = '/nonexistent/runway/config.json', ...opts }: BuildOptions): AppOptions {
  return {
    port: PORT, version: '0.0.0', tz: 'UTC', scan: null, configPath,
    config: parseConfig(config, configPath),
    pricing: { table, mode: costMode },
    ...opts,
  };
}

/** The app on test prices, in UTC, serving the database as it is unless given a scan. */
export async function build(opts: BuildOptions): Promise<FastifyInstance> {
  return buildApp(appOptions(opts));
}
