// The dashboard app over a database, for app.inject() tests: fixed prices, a pinned clock.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { parseConfig } from '../../core/config.js';
import { buildPriceTable } from '../../core/pricing.js';
import type { Db } from '../../scanner/db.js';

export { FIGURE_ROUTES, numbersIn } from '../../bench/surfaces.js';

export const PORT = 8099;
export const HOST = { host: `127.0.0.1:${PORT}` };

// Round prices, so expected figures are plain arithmetic: 1M output tokens = $10.
export const TEST_PRICES = { 'claude-test-1': { input: 1, output: 10, cache_write_5m: 1.25, cache_write_1h: 2, cache_read: 0.1 } };

export async function build(db: Db, nowMs: number, config: Record<string, unknown> = { monthly_budget: 200 }): Promise<FastifyInstance> {
  const configPath = '/nonexistent/runway/config.json';
  return buildApp({
    db, port: PORT, version: '0.0.0', tz: 'UTC', configPath,
    config: parseConfig(config, configPath),
    pricing: { table: buildPriceTable([], 'test prices', TEST_PRICES), mode: 'auto' },
    scan: null,
    now: () => nowMs,
  });
}
