// The rollup readers: usage summed in SQL per model, flags and (when asked) project and
// local day, so a report reads a few rows a day however busy the day was.
import type { Db } from './db.js';
import type { TokenCounts } from '../sources/types.js';
import type { AgentSet, Scope } from '../core/config.js';
import { offsetSegments } from '../core/zones.js';
import { SOURCES } from '../sources/index.js';

/** Summed usage that shares one price: a model, and the flags that change its rates. */
export interface PriceableRow extends TokenCounts {
  responses: number;
  model: string;
  /** See PROMPT_BANDS: the largest price threshold the prompt exceeded, or 0. */
  prompt_band: number;
  fast: number;
  logged_cost: number;
  /** Served by US-only inference (usage.inference_geo "us"). */
  us_only: number;
  /** The batch service tier. */
  batch: number;
  cost_usd: number;
}

/** Which usage a read counts: a scope and a set of agents; absent, all of it. */
export interface UsageFilter {
  scope?: Scope;
  agents?: AgentSet;
}

/** What a rollup read selects: the usage filter, a project substring, and whether to keep projects apart. */
export interface RollupFilter extends UsageFilter {
  project?: string;
  byProject?: boolean;
}

/** Figures kept beside the priced counts: reasoning is part of output, premium requests are Copilot's own unit. */
export interface ExtraCounts {
  reasoningTokens: number;
  premiumRequests: number;
}

export interface RollupRow extends PriceableRow, ExtraCounts {
  bucket: number;
  agent: string;
  project: string;
}

/**
 * The SQL condition for a scope, or null for all usage. Programmatic is an entrypoint
 * starting with a source's programmatic prefix (Claude Code's sdk-: claude -p, the Agent
 * SDK). The rollups store a missing entrypoint as ''; raw rows pass
 * `coalesce(entrypoint, '')` so they follow the same rule.
 */
export function scopeSql(scope: Scope | undefined, column = 'entrypoint'): string | null {
  if (scope !== 'programmatic' && scope !== 'interactive') return null;
  // The prefixes are the sources' own constants, never text from a log or the user.
  const prefixes = [...new Set(SOURCES.map((s) => s.programmaticEntrypoint))].filter((p) => /^[\w-]+$/.test(p));
  const programmatic = `(${prefixes.map((p) => `${column} LIKE '${p}%'`).join(' OR ')})`;
  return scope === 'programmatic' ? programmatic : `NOT ${programmatic}`;
}

/** The SQL condition for a set of agents, or null for all of them. */
export function agentSql(agents: AgentSet | undefined): string | null {
  if (agents === undefined || agents === 'all') return null;
  // Names are checked against the known agents before they get here; this keeps SQL out anyway.
  const names = agents.filter((a) => /^[\w-]+$/.test(a)).map((a) => `'${a}'`);
  return `agent IN (${names.join(', ') || 'NULL'})`;
}

/** The conditions a usage filter adds to a WHERE clause; `entrypoint` is the column or expression a scope reads. */
export function filterSql(f: UsageFilter, entrypoint = 'entrypoint'): string[] {
  return [scopeSql(f.scope, entrypoint), agentSql(f.agents)].filter((c) => c !== null);
}

/** The columns that change a response's rates: generated columns of responses, and rollup keys. */
export const PRICE_KEYS = 'prompt_band, fast, logged_cost, us_only, batch';

const statements = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();

/**
 * Sums the rollup per model (and project), and per local day when `dayExpr` is given:
 * grouping in SQL keeps the result to a few rows a day however busy the day was. Rows never
 * span two UTC days either: prices change at UTC midnight, and each row is priced at one
 * instant (its first bucket), so a local day across a price change is two rows.
 */
export function rollupRows(db: Db, q: RollupFilter, fromS: number, toS: number, dayExpr: string | null): RollupRow[] {
  const keys = `agent, model, ${q.byProject ? 'project, ' : ''}${PRICE_KEYS}`;
  const where = ['bucket >= @from', 'bucket < @to', ...filterSql(q)];
  if (q.project) where.push('instr(project, @project) > 0');
  const sql = `SELECT ${dayExpr ? `${dayExpr} AS day, ` : ''}${keys}, min(bucket) AS bucket,
    sum(responses) AS responses, sum(input_tokens) AS inputTokens,
    sum(output_tokens) AS outputTokens, sum(cache_write_5m_tokens) AS cacheWrite5mTokens,
    sum(cache_write_1h_tokens) AS cacheWrite1hTokens, sum(cache_read_tokens) AS cacheReadTokens,
    sum(web_search_requests) AS webSearchRequests, sum(cost_usd) AS cost_usd,
    sum(reasoning_tokens) AS reasoningTokens, sum(premium_requests) AS premiumRequests
    FROM usage_rollup WHERE ${where.join(' AND ')} GROUP BY ${dayExpr ? 'day, ' : ''}bucket / 86400, ${keys}`;
  let cache = statements.get(db);
  // Day expressions carry a zone's offsets, so a long-running server sees a few variants.
  if (!cache || cache.size > 64) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt.all({ from: fromS, to: toS, project: q.project }) as RollupRow[];
}

/** SQL for a bucket's local day number (days since 1970-01-01 on the zone's calendar). */
export function localDaySql(db: Db, tz: string, fromS: number, toS: number): string {
  const span = db.prepare('SELECT min(bucket) AS lo, max(bucket) AS hi FROM usage_rollup WHERE bucket >= ? AND bucket < ?').get(fromS, toS) as { lo: number | null; hi: number | null };
  if (span.lo === null || span.hi === null) return '(bucket / 86400)';
  const segments = offsetSegments(tz, span.lo * 1000, (span.hi + 900) * 1000);
  const offsets = segments.map((seg) => seg.offsetMs / 1000);
  if (segments.length === 1) return `((bucket + ${offsets[0]}) / 86400)`;
  const cases = segments.slice(1).map((seg, i) => `WHEN bucket < ${seg.startMs / 1000} THEN ${offsets[i]}`).join(' ');
  return `((bucket + CASE ${cases} ELSE ${offsets.at(-1)} END) / 86400)`;
}


/** Every model in the rollups, with its responses and tokens, most tokens first. */
export function modelsSeen(db: Db): { model: string; responses: number; tokens: number }[] {
  return db.prepare(`SELECT model, sum(responses) AS responses,
      sum(input_tokens + output_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens) AS tokens
    FROM usage_rollup GROUP BY model HAVING sum(responses) > 0 ORDER BY tokens DESC, model`).all() as { model: string; responses: number; tokens: number }[];
}

/**
 * How many responses the rollup holds, and the start of its newest bucket (ms): the data
 * figures of a database that has the rollup only (`serve --team`'s copy of the team's).
 */
export function rollupStats(db: Db): { count: number; latest: number | null } {
  return db.prepare('SELECT coalesce(sum(responses), 0) AS count, max(bucket) * 1000 AS latest FROM usage_rollup').get() as { count: number; latest: number | null };
}
