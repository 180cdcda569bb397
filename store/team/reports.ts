// The team reports' reads: the team rollup summed in SQL per device, model, project and the
// keys that change a price (and per local day when asked), and the small devices table.
// Never the responses: a report reads a few rows per device and day however busy it was.
import type pg from 'pg';
import type { RollupRow } from '../rollups.js';
import { TeamError } from './error.js';

/** A rollup group of one device: what figures/team.ts prices. */
export interface TeamRollupRow extends RollupRow {
  deviceId: string;
  /** The local calendar date (YYYY-MM-DD) in the zone asked, or '' for a window. */
  date: string;
}

export interface TeamDevice {
  deviceId: string;
  person: string;
  label: string;
  firstSyncMs: number;
  lastSyncMs: number;
}

const SUMS = `sum(responses) AS responses, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
  sum(cache_write_5m_tokens) AS cache_write_5m_tokens, sum(cache_write_1h_tokens) AS cache_write_1h_tokens,
  sum(cache_read_tokens) AS cache_read_tokens, sum(web_search_requests) AS web_search_requests,
  sum(reasoning_tokens) AS reasoning_tokens, sum(premium_requests) AS premium_requests, sum(cost_usd) AS cost_usd`;
const KEYS = 'device_id, agent, model, project, prompt_band, fast, logged_cost, us_only, batch';

/**
 * Session settings for the reports' reads: PostgreSQL plans their GROUP BY over the rollup as
 * a sort of every row (on disk, under the default work_mem) when a hash of the groups is 2–3×
 * faster (measured at 1M rollup rows: 6.6 s sorted, 2.6 s hashed); the hash spills to disk
 * itself when the groups outgrow its memory.
 */
export async function readingReports(client: pg.Client): Promise<void> {
  await client.query("SET work_mem = '64MB'; SET enable_sort = off");
}

/**
 * The rollup between two instants (seconds, bucket-aligned by the caller), per device and
 * priced group, and per local date in `tz` when given. Groups never span two UTC days, as
 * locally: each is priced at its first bucket, and prices change at UTC midnight.
 */
export async function teamRollupRows(client: pg.Client, fromS: number, toS: number, tz: string | null): Promise<TeamRollupRow[]> {
  // Every real zone's offset is a whole number of 15 minutes, so a bucket lies on one local date.
  const day = tz === null ? "''" : "to_char(to_timestamp(bucket) AT TIME ZONE $3, 'YYYY-MM-DD')";
  const sql = `SELECT ${day} AS date, ${KEYS}, min(bucket) AS bucket, ${SUMS}
    FROM usage_rollup WHERE bucket >= $1 AND bucket < $2
    GROUP BY 1, bucket / 86400, ${KEYS}`;
  const r = await client.query<Record<string, unknown>>(sql, tz === null ? [fromS, toS] : [fromS, toS, tz]);
  return r.rows.map(rowOf);
}

export async function teamDevices(client: pg.Client): Promise<TeamDevice[]> {
  const r = await client.query<Record<string, unknown>>(`SELECT device_id, person, label,
    extract(epoch FROM first_sync_at) * 1000 AS first_ms, extract(epoch FROM last_sync_at) * 1000 AS last_ms
    FROM devices ORDER BY person, label, device_id`);
  return r.rows.map((d) => ({
    deviceId: text(d.device_id, 'device_id'),
    person: text(d.person, 'person'),
    label: text(d.label, 'label'),
    firstSyncMs: Math.round(count(d.first_ms, 'first_sync_at')),
    lastSyncMs: Math.round(count(d.last_ms, 'last_sync_at')),
  }));
}

function rowOf(d: Record<string, unknown>): TeamRollupRow {
  return {
    date: text(d.date, 'date'),
    deviceId: text(d.device_id, 'device_id'),
    agent: text(d.agent, 'agent'),
    model: text(d.model, 'model'),
    project: text(d.project, 'project'),
    prompt_band: count(d.prompt_band, 'prompt_band'),
    fast: d.fast === true ? 1 : 0,
    logged_cost: d.logged_cost === true ? 1 : 0,
    us_only: d.us_only === true ? 1 : 0,
    batch: d.batch === true ? 1 : 0,
    bucket: count(d.bucket, 'bucket'),
    responses: count(d.responses, 'responses'),
    inputTokens: count(d.input_tokens, 'input_tokens'),
    outputTokens: count(d.output_tokens, 'output_tokens'),
    cacheWrite5mTokens: count(d.cache_write_5m_tokens, 'cache_write_5m_tokens'),
    cacheWrite1hTokens: count(d.cache_write_1h_tokens, 'cache_write_1h_tokens'),
    cacheReadTokens: count(d.cache_read_tokens, 'cache_read_tokens'),
    webSearchRequests: count(d.web_search_requests, 'web_search_requests'),
    reasoningTokens: count(d.reasoning_tokens, 'reasoning_tokens'),
    premiumRequests: count(d.premium_requests, 'premium_requests'),
    cost_usd: count(d.cost_usd, 'cost_usd'),
  };
}

// pg returns bigint and numeric sums as text: each is checked to be a finite number, so a
// damaged or hostile database gives one line, never a NaN in a report.
function count(v: unknown, what: string): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(x) || Math.abs(x) > Number.MAX_SAFE_INTEGER) throw new TeamError(`the team database holds a ${what} that is not a number Runway can count: ${String(v).slice(0, 40)}`);
  return x;
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new TeamError(`the team database holds a ${what} that is not text`);
  return v;
}
