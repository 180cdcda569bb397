import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../lib/paths.js';
import { dataVersionReader, type Db } from './db.js';
import type { LedgerEntry, UsageEvent } from '../sources/types.js';
import { mergeLabels, mergeToolLists } from './merge.js';
import { MAX_ACTIONS } from '../sources/limits.js';

/** An event as the scan writes it: with files.id of the log it was read from (null: not known). */
export type StoredEvent = UsageEvent & { fileId?: number | null };

export interface FileState {
  /** files.id, for a state read from the database. */
  id?: number;
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  offset: number;
  lines: number;
  /** Keyed hash of the bytes before offset (see file-check.ts); null when not known. */
  checksum: string | null;
  /** Bytes after offset without a newline that have not been read yet (0: none, or read). */
  tail: number;
  /** The source's own state at offset (JSON, see FileMemo), or a database's high-water mark; null: none. */
  cursor: string | null;
}

// Usage follows the sighting with the most output tokens (the final line of a stream; see USAGE_WINS);
// metadata follows the most trustworthy origin. The WHERE clause skips no-op updates,
// so a rescan of lines already stored writes nothing.
// A sighting's usage wins when it has more output or, as much output and a larger prompt (an
// agent that logs whole-session totals grows them with calls that produced no output).
const USAGE_WINS = '(excluded.output_tokens > output_tokens OR (excluded.output_tokens = output_tokens AND excluded.input_tokens + excluded.cache_write_5m_tokens + excluded.cache_write_1h_tokens + excluded.cache_read_tokens > input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens))';

const UPSERT = `
INSERT INTO responses (key, agent, message_id, request_id, ts, session_id, agent_id, sidechain, project,
  git_branch, entrypoint, version, model, input_tokens, output_tokens, cache_write_5m_tokens,
  cache_write_1h_tokens, cache_read_tokens, web_search_requests, speed, cost_usd, agent_type, skill,
  mcp_server, mcp_tool, plugin, tools, origin, inference_geo, service_tier, file_id, reasoning_tokens, premium_requests,
  turn_id, topic, actions)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (key) DO UPDATE SET
  input_tokens = iif(${USAGE_WINS}, excluded.input_tokens, input_tokens),
  cache_write_5m_tokens = iif(${USAGE_WINS}, excluded.cache_write_5m_tokens, cache_write_5m_tokens),
  cache_write_1h_tokens = iif(${USAGE_WINS}, excluded.cache_write_1h_tokens, cache_write_1h_tokens),
  cache_read_tokens = iif(${USAGE_WINS}, excluded.cache_read_tokens, cache_read_tokens),
  web_search_requests = iif(${USAGE_WINS}, excluded.web_search_requests, web_search_requests),
  speed = iif(${USAGE_WINS}, excluded.speed, speed),
  inference_geo = iif(${USAGE_WINS}, excluded.inference_geo, inference_geo),
  service_tier = iif(${USAGE_WINS}, excluded.service_tier, service_tier),
  cost_usd = iif(${USAGE_WINS}, excluded.cost_usd, cost_usd),
  reasoning_tokens = iif(${USAGE_WINS}, excluded.reasoning_tokens, reasoning_tokens),
  premium_requests = iif(${USAGE_WINS}, excluded.premium_requests, premium_requests),
  output_tokens = max(output_tokens, excluded.output_tokens),
  message_id = iif(excluded.origin > origin, excluded.message_id, message_id),
  request_id = iif(excluded.origin > origin, excluded.request_id, request_id),
  ts = iif(excluded.origin > origin, excluded.ts, ts),
  session_id = iif(excluded.origin > origin, excluded.session_id, session_id),
  agent_id = iif(excluded.origin > origin, excluded.agent_id, agent_id),
  sidechain = iif(excluded.origin > origin, excluded.sidechain, sidechain),
  project = iif(excluded.origin > origin, excluded.project, project),
  git_branch = iif(excluded.origin > origin, excluded.git_branch, git_branch),
  entrypoint = iif(excluded.origin > origin, excluded.entrypoint, entrypoint),
  version = iif(excluded.origin > origin, excluded.version, version),
  model = CASE WHEN excluded.origin > origin THEN excluded.model WHEN excluded.origin < origin THEN model
    ELSE coalesce(min(model, excluded.model), model, excluded.model) END,
  agent_type = iif(excluded.origin > origin, excluded.agent_type, agent_type),
  skill = iif(excluded.origin > origin, excluded.skill, skill),
  mcp_server = iif(excluded.origin > origin, excluded.mcp_server, mcp_server),
  mcp_tool = iif(excluded.origin > origin, excluded.mcp_tool, mcp_tool),
  plugin = iif(excluded.origin > origin, excluded.plugin, plugin),
  file_id = iif(excluded.origin > origin, excluded.file_id, file_id),
  tools = merge_tools(tools, excluded.tools),
  actions = merge_actions(actions, excluded.actions),
  topic = CASE WHEN excluded.origin > origin AND excluded.turn_id IS NOT NULL THEN excluded.topic WHEN turn_id IS NULL THEN excluded.topic ELSE topic END,
  turn_id = CASE WHEN excluded.origin > origin AND excluded.turn_id IS NOT NULL THEN excluded.turn_id ELSE coalesce(turn_id, excluded.turn_id) END,
  origin = max(origin, excluded.origin)
WHERE ${USAGE_WINS} OR excluded.origin > origin
  OR (excluded.origin = origin AND excluded.model IS NOT NULL AND (model IS NULL OR excluded.model < model))
  OR merge_tools(tools, excluded.tools) IS NOT tools
  OR merge_actions(actions, excluded.actions) IS NOT actions
  OR (turn_id IS NULL AND excluded.turn_id IS NOT NULL)`;

const SAVE_FILE = `
INSERT INTO files (path, dev, ino, size, mtime_ms, offset, lines, checksum, tail, cursor, scanned_at)
VALUES (@path, @dev, @ino, @size, @mtimeMs, @offset, @lines, @checksum, @tail, @cursor, @scannedAt)
ON CONFLICT (path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size,
  mtime_ms = excluded.mtime_ms, offset = excluded.offset, lines = excluded.lines, checksum = excluded.checksum,
  tail = excluded.tail, cursor = excluded.cursor, scanned_at = excluded.scanned_at`;

export class Store {
  private readonly upsert;
  private readonly saveFile;
  private readonly saveLedger;
  private readonly findFile;
  private readonly addFile;
  private readonly countRows;
  private readonly dataVersion;
  private readonly writeBatch;
  /** The database's random key for file checks. */
  readonly fileKey: Buffer;
  /** The database's random key for fingerprints (scanner/fingerprint.ts). */
  readonly fingerprintKey: Buffer;
  private writes = 0;
  private counted: { version: number; writes: number; n: number } | null = null;

  constructor(private readonly db: Db) {
    db.function('merge_tools', { deterministic: true }, (a: unknown, b: unknown) =>
      mergeToolLists((a as string | null) ?? null, (b as string | null) ?? null),
    );
    db.function('merge_actions', { deterministic: true }, (a: unknown, b: unknown) =>
      mergeLabels((a as string | null) ?? null, (b as string | null) ?? null, MAX_ACTIONS),
    );
    this.fileKey = Buffer.from(db.prepare("SELECT value FROM meta WHERE key = 'file_check_key'").pluck().get() as string, 'hex');
    this.fingerprintKey = Buffer.from(db.prepare("SELECT value FROM meta WHERE key = 'fingerprint_key'").pluck().get() as string, 'hex');
    this.upsert = db.prepare(UPSERT);
    this.saveFile = db.prepare(SAVE_FILE);
    this.saveLedger = db.prepare('INSERT OR IGNORE INTO ledger (session_id, ts, used_usd, agent) VALUES (?, ?, ?, ?)');
    this.findFile = db.prepare('SELECT id FROM files WHERE path = ?').pluck();
    // A file seen for the first time gets its row now, so its events can name it; size -1
    // marks the state unfinished, so a scan stopped before saving it reads the file from the start.
    this.addFile = db.prepare(`INSERT INTO files (path, dev, ino, size, mtime_ms, offset, lines, checksum, tail, scanned_at)
      VALUES (?, ?, ?, -1, ?, 0, 0, NULL, 0, ?) ON CONFLICT (path) DO NOTHING`);
    // The rollup's day totals count every response (migration 012): far fewer rows to add up.
    this.countRows = db.prepare('SELECT coalesce(sum(responses), 0) FROM rollup_days').pluck();
    this.dataVersion = dataVersionReader(db);
    // One transaction per batch: rows and the file offsets that cover them commit together,
    // so a crash leaves the previous state and the next scan reads the same lines again.
    this.writeBatch = db.transaction((events: Iterable<StoredEvent>, files: FileState[], ledger: LedgerEntry[]) => {
      let changed = 0;
      // Positional parameters, in the column order above: binding 33 named ones costs more than the insert.
      for (const e of events) {
        changed += this.upsert.run(
          e.key, e.agent, e.messageId, e.requestId, e.ts, e.sessionId, e.agentId, e.sidechain ? 1 : 0, e.project,
          e.gitBranch, e.entrypoint, e.version, e.model, e.inputTokens, e.outputTokens, e.cacheWrite5mTokens,
          e.cacheWrite1hTokens, e.cacheReadTokens, e.webSearchRequests, e.speed, e.costUsd, e.agentType, e.skill,
          e.mcpServer, e.mcpTool, e.plugin, e.tools, e.origin, e.inferenceGeo, e.serviceTier, e.fileId ?? null,
          e.reasoningTokens, e.premiumRequests, e.turnId ?? null, e.topic ?? null, e.actions ?? null,
        ).changes;
      }
      for (const l of ledger) this.saveLedger.run(l.sessionId, l.ts, l.usedUsd, l.agent);
      const scannedAt = Date.now();
      for (const f of files) this.saveFile.run({ ...f, scannedAt });
      return changed;
    });
  }

  fileStates(): Map<string, FileState> {
    // Arrays, not objects: a warm scan reads a row per log file, and each object costs.
    const rows = this.db.prepare('SELECT id, path, dev, ino, size, mtime_ms, offset, lines, checksum, tail, cursor FROM files').raw().all() as [number, string, number, number, number, number, number, number, string | null, number, string | null][];
    const out = new Map<string, FileState>();
    for (const [id, path, dev, ino, size, mtimeMs, offset, lines, checksum, tail, cursor] of rows) out.set(path, { id, path, dev, ino, size, mtimeMs, offset, lines, checksum, tail, cursor });
    return out;
  }

  /** Responses per agent, from the rollup (far fewer rows than responses). */
  responsesByAgent(): Map<string, number> {
    const rows = this.db.prepare('SELECT agent, sum(responses) FROM usage_rollup GROUP BY agent').raw().all() as [string, number][];
    return new Map(rows);
  }

  /** files.id of a log file, adding its row when it has none: a lookup per file read, never per line. */
  fileId(path: string, stat: { dev: number; ino: number; mtimeMs: number }): number {
    const id = this.findFile.get(path) as number | undefined;
    if (id !== undefined) return id;
    this.addFile.run(path, stat.dev, stat.ino, stat.mtimeMs, Date.now());
    return this.findFile.get(path) as number;
  }

  /**
   * Rows in the database. Counting a million rows takes milliseconds, so the count is kept
   * until this store writes or another connection commits (data_version tells).
   */
  responseCount(): number {
    const version = this.dataVersion();
    const c = this.counted;
    if (c && c.version === version && c.writes === this.writes) return c.n;
    const n = this.countRows.get() as number;
    this.counted = { version, writes: this.writes, n };
    return n;
  }

  /**
   * Runs `load` (a first scan into an empty database) with the rollup triggers off, then
   * builds the rollups from the rows in one GROUP BY: per-row trigger upserts cost a third
   * of a cold scan. One transaction, triggers dropped and restored inside it, so a crash
   * leaves the database as it was and the next scan starts over.
   */
  bulk<T>(load: () => T): T {
    const rebuild = readFileSync(join(packageRoot(), 'migrations', 'rebuild_rollups.sql'), 'utf8');
    return this.db.transaction(() => {
      // The rollup's own triggers (its day versions) too: the rebuild sets every day at the end.
      const triggers = this.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('responses', 'usage_rollup')").all() as { name: string; sql: string }[];
      for (const t of triggers) this.db.exec(`DROP TRIGGER "${t.name}"`);
      const result = load();
      this.db.exec(rebuild);
      for (const t of triggers) this.db.exec(t.sql);
      return result;
    }).immediate();
  }

  /** Writes events, ledger entries and file states in one transaction; returns responses inserted or changed. */
  write(events: Iterable<StoredEvent>, files: FileState[], ledger: LedgerEntry[] = []): number {
    const changed = this.writeBatch.immediate(events, files, ledger) as number;
    if (changed > 0) this.writes++;
    return changed;
  }
}
