// One device's changes pushed to the team database: batches in the order of the local change
// log, each in one transaction under the device's lock, merged with the local rule (the
// sighting with the most usage wins, its metadata with it), and the device's high-water mark
// moved in the same transaction, so a sync stopped at any point goes on where it stopped.
import { createHmac } from 'node:crypto';
import type pg from 'pg';
import type { Db } from '../db.js';
import { changesAfter, changesBatch, lastSeq, SYNC_COLUMNS, type SyncValues } from '../sync-log.js';
import { checkTeamSchema, teamMigrations, teamTrouble } from './connect.js';
import { TeamError } from './error.js';

export interface Device {
  id: string;
  person: string;
  label: string;
}

export interface PushOptions {
  /** Responses per transaction. */
  batch: number;
  /** Send a keyed name instead of each project path (team.hide_paths). */
  hidePaths: boolean;
  onProgress?: (sent: number, total: number) => void;
}

export interface PushReport {
  /** Responses sent (each a new row or a newer sighting of one). */
  sent: number;
  /** The device's high-water mark in the team database after the push. */
  highWater: number;
}

const TYPES: Record<(typeof SYNC_COLUMNS)[number], string> = {
  key: 'text', agent: 'text', message_id: 'text', request_id: 'text', ts: 'bigint', session_id: 'text', agent_id: 'text',
  sidechain: 'boolean', project: 'text', git_branch: 'text', entrypoint: 'text', version: 'text', model: 'text',
  input_tokens: 'bigint', output_tokens: 'bigint', cache_write_5m_tokens: 'bigint', cache_write_1h_tokens: 'bigint',
  cache_read_tokens: 'bigint', web_search_requests: 'bigint', reasoning_tokens: 'bigint', premium_requests: 'bigint',
  speed: 'text', inference_geo: 'text', service_tier: 'text', cost_usd: 'double precision', agent_type: 'text', skill: 'text',
  mcp_server: 'text', mcp_tool: 'text', plugin: 'text', tools: 'text', turn_id: 'text', topic: 'text', actions: 'text',
  run_name: 'text', user_id: 'text',
};

const TOKENS = ['output_tokens', 'input_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens'];
const prompt = (t: string) => `${t}.input_tokens + ${t}.cache_write_5m_tokens + ${t}.cache_write_1h_tokens + ${t}.cache_read_tokens`;
/** store/writer.ts USAGE_WINS: more output, or as much output and a larger prompt. */
const USAGE_WINS = `(excluded.output_tokens > r.output_tokens OR (excluded.output_tokens = r.output_tokens AND ${prompt('excluded')} > ${prompt('r')}))`;
const OTHERS = SYNC_COLUMNS.filter((c) => c !== 'key' && !TOKENS.includes(c));

// With as much usage, a change of metadata alone (a later origin, tools merged, a topic) is
// taken too; less usage never is, so an older copy of a row arriving late changes nothing.
// The batch is one jsonb array of rows (arrays in SYNC_COLUMNS order): JSON.stringify is
// native and an eighth of the cost of pg's array literals, which took longer than the statement itself.
const UPSERT = `INSERT INTO responses AS r (device_id, ${SYNC_COLUMNS.join(', ')})
  SELECT $1::uuid, ${SYNC_COLUMNS.map((c, i) => (TYPES[c] === 'text' ? `e->>${i}` : `(e->>${i})::${TYPES[c]}`)).join(', ')}
  FROM jsonb_array_elements($2::jsonb) AS e
  ON CONFLICT (device_id, key) DO UPDATE SET ${SYNC_COLUMNS.filter((c) => c !== 'key').map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE ${USAGE_WINS} OR ((${TOKENS.map((c) => `excluded.${c}`).join(', ')}) = (${TOKENS.map((c) => `r.${c}`).join(', ')})
    AND (${OTHERS.map((c) => `excluded.${c}`).join(', ')}) IS DISTINCT FROM (${OTHERS.map((c) => `r.${c}`).join(', ')}))`;

// One round trip says hello, records the contact, and reads what the device needs: its
// high-water mark, the key of the keyed names and the schema version.
const HELLO = `INSERT INTO devices AS d (device_id, person, label) VALUES ($1, $2, $3)
  ON CONFLICT (device_id) DO UPDATE SET person = excluded.person, label = excluded.label, last_sync_at = now()
  RETURNING d.high_water, (SELECT value FROM team_meta WHERE key = 'name_key') AS name_key, (SELECT max(version) FROM team_schema) AS schema`;

const LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('runway device ' || $1, 0))";
const ADVANCE = 'UPDATE devices SET high_water = greatest(high_water, $2), last_sync_at = now() WHERE device_id = $1';

/** A project path as team.hide_paths sends it: the same folder gets the same name on every device of the team. */
export function keyedProject(nameKey: string, path: string): string {
  return `p-${createHmac('sha256', nameKey).update(path).digest('hex').slice(0, 16)}`;
}

/** Pushes what changed on this device since the team's high-water mark for it. */
export async function pushChanges(client: pg.Client, url: string, db: Db, device: Device, opts: PushOptions): Promise<PushReport> {
  let hello: { high_water: string; name_key: string | null; schema: number | null };
  try {
    hello = (await client.query(HELLO, [device.id, device.person, device.label])).rows[0];
  } catch (e) {
    // A table missing: the schema is not there, or not this version's; say which.
    if ((e as { code?: string }).code === '42P01') await checkTeamSchema(client, url);
    throw teamTrouble(e, url);
  }
  if (Number(hello.schema) !== teamMigrations().at(-1)?.version) await checkTeamSchema(client, url);
  const nameKey = hello.name_key;
  if (opts.hidePaths && !nameKey) throw new TeamError('the team database has no name_key in team_meta: run runway team init again');
  let after = Number(hello.high_water);
  if (!Number.isSafeInteger(after) || after < 0) throw new TeamError(`the team database holds a high-water mark of ${hello.high_water} for this device: expected a count`);
  if (lastSeq(db) <= after) return { sent: 0, highWater: after };

  const total = changesAfter(db, after);
  const names = new Map<string, string>();
  const project = (p: string | null) => {
    if (p === null || !opts.hidePaths) return p;
    let name = names.get(p);
    if (name === undefined) names.set(p, (name = keyedProject(nameKey!, p)));
    return name;
  };
  let sent = 0;
  for (;;) {
    const { rows, maxSeq } = changesBatch(db, after, opts.batch);
    if (maxSeq === after) break;
    try {
      await client.query('BEGIN');
      await client.query(LOCK, [device.id]);
      if (rows.length) await client.query(UPSERT, [device.id, batchJson(rows, project)]);
      await client.query(ADVANCE, [device.id, maxSeq]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw teamTrouble(e, url);
    }
    sent += rows.length;
    after = maxSeq;
    opts.onProgress?.(sent, total);
  }
  return { sent, highWater: after };
}

const KEY = SYNC_COLUMNS.indexOf('key');
const SIDECHAIN = SYNC_COLUMNS.indexOf('sidechain');
const PROJECT = SYNC_COLUMNS.indexOf('project');

// Text PostgreSQL refuses (NUL, a lone surrogate from a damaged name) would stop every sync
// at that row: it goes as the nearest text it takes.
const REFUSED = /[\0\uD800-\uDFFF]/;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const acceptable = (_: string, v: unknown) => (typeof v === 'string' && REFUSED.test(v) ? v.replace(LONE, '\uFFFD').replaceAll('\0', '') : v);

/** The batch as JSON; a key twice in one statement is refused by ON CONFLICT, so the last sighting stands. */
function batchJson(rows: SyncValues[], project: (p: string | null) => string | null): string {
  const byKey = new Map<unknown, SyncValues>();
  for (const r of rows) {
    r[SIDECHAIN] = r[SIDECHAIN] !== 0;
    r[PROJECT] = project(r[PROJECT] as string | null);
    byKey.set(r[KEY], r);
  }
  return JSON.stringify([...byKey.values()], acceptable);
}
