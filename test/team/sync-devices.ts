// Simulated devices for the sync tests: each its own home, config, local database and
// Claude Code logs (generated, deterministic), running the built CLI against one team database.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { cliEnv, run, runAsync, type RunResult } from '../helpers/cli.js';

export const PROJECTS = ['/home/dev/api', '/home/dev/web-shop', '/srv/work/secret-client-x'];
const MODELS = ['claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'];

/** Every figure a device's totals and the team's are compared on. */
export interface Totals {
  responses: number;
  input: number;
  output: number;
  cw5m: number;
  cw1h: number;
  cacheRead: number;
  webSearch: number;
  cost: number;
}

export interface Device {
  name: string;
  env: Record<string, string>;
  dbPath: string;
  logs: ReturnType<typeof logRoot>;
  /** Writes `count` more responses into a new session file. */
  write(count: number): void;
  sync(args?: string[], extra?: Record<string, string>): RunResult;
  syncAsync(args?: string[]): Promise<RunResult>;
  /** The local totals, as `runway stats --json` reports them. */
  totals(): Totals;
  deviceId(): string;
}

let seed = 1;
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed;
};

export function makeDevice(name: string, url: string, team: Record<string, unknown> = {}): Device {
  const logs = logRoot(`runway-${name}-`);
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-12-01T12:00:00Z' });
  mkdirSync(join(env.XDG_CONFIG_HOME!, 'runway'), { recursive: true });
  writeFileSync(join(env.XDG_CONFIG_HOME!, 'runway', 'config.json'), JSON.stringify({ team: { url, person: name, ...team } }));
  const dbPath = join(env.XDG_DATA_HOME!, 'runway', 'usage.db');
  let files = 0;
  return {
    name, env, dbPath, logs,
    write(count) {
      const session = `${name}-s${++files}`;
      const records = [];
      for (let i = 0; i < count; i++) {
        const r = next();
        records.push(assistant({
          id: `msg_${session}_${i}`, requestId: `req_${session}_${i}`, session,
          ts: new Date(Date.UTC(2026, 10, 1 + (r % 28), r % 24, i % 60)).toISOString(),
          model: MODELS[r % 3], cwd: PROJECTS[(r >> 3) % 3],
          usage: {
            input: 1 + (r % 5000), output: 1 + ((r >> 4) % 3000), cw5m: (r >> 2) % 700, cw1h: (r >> 5) % 300,
            cacheRead: (r >> 1) % 250_000, webSearch: r % 7 === 0 ? 1 : 0, speed: r % 11 === 0 ? 'fast' : undefined,
          },
          costUSD: ((r % 10_000) + 1) / 10_000,
        }));
      }
      logs.write(`p${files}/${session}.jsonl`, jsonl(records));
    },
    sync: (args = [], extra = {}) => run(['sync', ...args], { ...env, ...extra }),
    syncAsync: (args = []) => runAsync(['sync', ...args], env),
    totals() {
      const r = run(['stats', '--json'], env);
      if (r.status !== 0) throw new Error(`stats failed: ${r.stderr}`);
      const t = JSON.parse(r.stdout).totals;
      return {
        responses: t.responses, input: t.inputTokens, output: t.outputTokens, cw5m: t.cacheWrite5mTokens, cw1h: t.cacheWrite1hTokens,
        cacheRead: t.cacheReadTokens, webSearch: t.webSearchRequests, cost: t.totalCost,
      };
    },
    deviceId() {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get() as string;
      } finally {
        db.close();
      }
    },
  };
}

export function sumTotals(all: Totals[]): Totals {
  const s: Totals = { responses: 0, input: 0, output: 0, cw5m: 0, cw1h: 0, cacheRead: 0, webSearch: 0, cost: 0 };
  for (const t of all) for (const k of Object.keys(s) as (keyof Totals)[]) s[k] += t[k];
  return s;
}

const SUMS = `sum(input_tokens)::float8 AS input, sum(output_tokens)::float8 AS output, sum(cache_write_5m_tokens)::float8 AS cw5m,
  sum(cache_write_1h_tokens)::float8 AS cw1h, sum(cache_read_tokens)::float8 AS "cacheRead", sum(web_search_requests)::float8 AS "webSearch",
  sum(coalesce(cost_usd, 0))::float8 AS cost`;

/** The team's totals, from the rollup and from the rows, optionally of one device. */
export async function teamTotals(client: pg.Client, device?: string): Promise<{ rollup: Totals; rows: Totals }> {
  const where = device ? 'WHERE device_id = $1' : '';
  const params = device ? [device] : [];
  const rollup = (await client.query(`SELECT coalesce(sum(responses), 0)::float8 AS responses, ${SUMS} FROM usage_rollup ${where}`, params)).rows[0];
  const rows = (await client.query(`SELECT count(*)::float8 AS responses, ${SUMS} FROM responses ${where}`, params)).rows[0];
  const clean = (t: Record<string, number | null>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v ?? 0])) as unknown as Totals;
  return { rollup: clean(rollup), rows: clean(rows) };
}

/** Equal on every count, and on cost to the last cent's millionth (sums of doubles in another order). */
export function expectTotals(got: Totals, want: Totals): void {
  const { cost, ...counts } = got;
  const { cost: wantCost, ...wantCounts } = want;
  expect(counts).toEqual(wantCounts);
  expect(cost).toBeCloseTo(wantCost, 8);
}
