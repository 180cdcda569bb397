// Raw response rows, for what needs one row per response (export) rather than the rollups.
import type { Db } from './db.js';
import { filterSql, PRICE_KEYS, type ExtraCounts, type PriceableRow, type RollupFilter, type UsageFilter } from './rollups.js';

// The row is shaped as a PriceableRow of one response: the flags are the generated columns
// the rollups are keyed by, so each row is priced exactly as reports price it.
export interface ResponseRow extends PriceableRow, ExtraCounts {
  ts: number;
  session_id: string | null;
  project: string | null;
  entrypoint: string | null;
  agent_id: string | null;
  sidechain: number;
  speed: string | null;
  message_id: string | null;
  request_id: string | null;
  agent: string;
}

const SELECT = `SELECT ts, session_id, project, coalesce(model, '') AS model, entrypoint, agent_id, sidechain,
    1 AS responses, input_tokens AS inputTokens, output_tokens AS outputTokens,
    cache_write_5m_tokens AS cacheWrite5mTokens, cache_write_1h_tokens AS cacheWrite1hTokens,
    cache_read_tokens AS cacheReadTokens, web_search_requests AS webSearchRequests, speed,
    ${PRICE_KEYS}, coalesce(cost_usd, 0) AS cost_usd,
    reasoning_tokens AS reasoningTokens, premium_requests AS premiumRequests,
    message_id, request_id, agent
  FROM responses`;

/**
 * The responses in [fromMs, toMs) the filter selects, oldest first, one at a time from the
 * statement's iterator so a million rows take constant memory.
 */
export function responseRows(db: Db, f: Pick<RollupFilter, 'scope' | 'agents' | 'project'>, fromMs: number, toMs: number): IterableIterator<ResponseRow> {
  // The rollups' rules on raw rows: a missing entrypoint or project is ''.
  const where = ['ts >= @from', 'ts < @to', ...filterSql(f, "coalesce(entrypoint, '')")];
  if (f.project) where.push("instr(coalesce(project, ''), @project) > 0");
  return db.prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY ts, id`).iterate({ from: fromMs, to: toMs, project: f.project }) as IterableIterator<ResponseRow>;
}

/**
 * Every response of the given sessions up to `toMs`, per session, oldest first. The sessions'
 * first responses (kept by session_usage, keyed by session) bound the time range read, so
 * the responses are found by time: an index by session would slow every insert of a scan.
 */
export function sessionResponseRows(db: Db, sessionIds: string[], toMs: number, f: UsageFilter = {}): IterableIterator<ResponseRow> {
  const ids = JSON.stringify(sessionIds);
  const from = db.prepare('SELECT min(first_ts) FROM session_usage WHERE session_id IN (SELECT value FROM json_each(?))').pluck().get(ids) as number | null;
  const filtered = filterSql(f, "coalesce(entrypoint, '')").map((c) => ` AND ${c}`).join('');
  return db.prepare(`${SELECT} WHERE ts >= ? AND ts <= ? AND session_id IN (SELECT value FROM json_each(?))${filtered} ORDER BY session_id, ts, id`)
    .iterate(from ?? toMs + 1, toMs, ids) as IterableIterator<ResponseRow>;
}

/** A response and the labels of its work (migrations/010_work_labels.sql): what attribution reads. */
export interface WorkRow extends ResponseRow {
  id: number;
  git_branch: string | null;
  tools: string | null;
  actions: string | null;
  turn_id: string | null;
  topic: string | null;
  agent_type: string | null;
  skill: string | null;
  mcp_server: string | null;
  mcp_tool: string | null;
  plugin: string | null;
}

/** The responses in [fromMs, toMs) the filter selects with their labels, oldest first (file order breaks ties), one at a time. */
export function workRows(db: Db, f: Pick<RollupFilter, 'scope' | 'agents' | 'project'> & { session?: string }, fromMs: number, toMs: number): IterableIterator<WorkRow> {
  const where = ['ts >= @from', 'ts < @to', ...filterSql(f, "coalesce(entrypoint, '')")];
  if (f.project) where.push("instr(coalesce(project, ''), @project) > 0");
  if (f.session !== undefined) where.push('session_id = @session');
  const columns = 'id, git_branch, tools, actions, turn_id, topic, agent_type, skill, mcp_server, mcp_tool, plugin';
  return db.prepare(`${SELECT.replace(' FROM responses', `, ${columns} FROM responses`)} WHERE ${where.join(' AND ')} ORDER BY ts, id`)
    .iterate({ from: fromMs, to: toMs, project: f.project, session: f.session }) as IterableIterator<WorkRow>;
}

/** How many responses the database holds, and the newest one's time. */
export function responseStats(db: Db): { count: number; latest: number | null } {
  // The count from the rollup's day totals (a hundred rows, not a million); the time from the index.
  return db.prepare('SELECT (SELECT coalesce(sum(responses), 0) FROM rollup_days) AS count, (SELECT max(ts) FROM responses) AS latest').get() as { count: number; latest: number | null };
}

/** The newest response in [fromMs, toMs) the filter selects, or null: read backwards along the ts index. */
export function latestResponse(db: Db, f: UsageFilter, fromMs: number, toMs: number): ResponseRow | null {
  const where = ['ts >= ?', 'ts < ?', ...filterSql(f, "coalesce(entrypoint, '')")];
  return (db.prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT 1`).get(fromMs, toMs) as ResponseRow | undefined) ?? null;
}
