// Builders for Claude Code log lines shaped like the real ones (field names and nesting
// as in 2.1.x transcripts), and a temporary log root to write them into.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SECRET = 'SECRET-CONTENT-MARKER-7f3a';

export interface Usage {
  input?: number;
  output: number;
  cw5m?: number;
  cw1h?: number;
  cacheRead?: number;
  webSearch?: number;
  speed?: string;
  geo?: string;
  tier?: string;
}

export interface AssistantOpts {
  id?: string | null;
  requestId?: string | null;
  uuid?: string;
  ts: string;
  model?: string;
  usage: Usage;
  session?: string;
  cwd?: string;
  entrypoint?: string;
  sidechain?: boolean;
  agentId?: string;
  attributionAgent?: string;
  tool?: string;
  costUSD?: number | null;
  version?: string;
  noSplit?: boolean;
}

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function usageObject(u: Usage, noSplit = false): Record<string, unknown> {
  const o: Record<string, unknown> = {
    input_tokens: u.input ?? 3,
    cache_creation_input_tokens: (u.cw5m ?? 0) + (u.cw1h ?? 0),
    cache_read_input_tokens: u.cacheRead ?? 0,
    output_tokens: u.output,
    server_tool_use: { web_search_requests: u.webSearch ?? 0, web_fetch_requests: 0 },
    service_tier: u.tier ?? 'standard',
    inference_geo: u.geo ?? 'not_available',
    speed: u.speed ?? 'standard',
  };
  if (!noSplit) o.cache_creation = { ephemeral_5m_input_tokens: u.cw5m ?? 0, ephemeral_1h_input_tokens: u.cw1h ?? 0 };
  return o;
}

export function assistant(o: AssistantOpts): Record<string, unknown> {
  const rec: Record<string, unknown> = {
    parentUuid: uuid(),
    isSidechain: o.sidechain ?? false,
    userType: 'external',
    entrypoint: o.entrypoint ?? 'cli',
    cwd: o.cwd ?? '/home/dev/api',
    sessionId: o.session ?? 'sess-1',
    version: o.version ?? '2.1.39',
    gitBranch: 'main',
  };
  if (o.agentId) rec.agentId = o.agentId;
  if (o.attributionAgent) rec.attributionAgent = o.attributionAgent;
  Object.assign(rec, {
    message: {
      model: o.model ?? 'claude-opus-4-5-20251101',
      ...(o.id === null ? {} : { id: o.id ?? 'msg_1' }),
      type: 'message',
      role: 'assistant',
      content: o.tool
        ? [{ type: 'tool_use', id: 'toolu_1', name: o.tool, input: { command: `echo ${SECRET}` } }]
        : [{ type: 'text', text: `Here is the answer: ${SECRET}` }],
      stop_reason: null,
      stop_sequence: null,
      usage: usageObject(o.usage, o.noSplit),
    },
    ...(o.requestId === null ? {} : { requestId: o.requestId ?? 'req_1' }),
    type: 'assistant',
    uuid: o.uuid ?? uuid(),
    timestamp: o.ts,
  });
  if (o.costUSD !== undefined) rec.costUSD = o.costUSD;
  return rec;
}

export function user(ts: string, text = `please ${SECRET}`, session = 'sess-1'): Record<string, unknown> {
  return {
    parentUuid: null, isSidechain: false, userType: 'external', entrypoint: 'cli', cwd: '/home/dev/api',
    sessionId: session, version: '2.1.39', gitBranch: 'main', type: 'user',
    message: { role: 'user', content: text }, uuid: uuid(), timestamp: ts,
  };
}

/** A 2.1.200+ attachment record: Claude Code's own list-price spend of the session so far. */
export function budgetUsd(ts: string, used: unknown, session = 'sess-1'): Record<string, unknown> {
  return {
    parentUuid: uuid(), isSidechain: false, userType: 'external', entrypoint: 'cli', cwd: '/home/dev/api',
    sessionId: session, version: '2.1.240', gitBranch: 'main', type: 'attachment',
    attachment: { type: 'budget_usd', used, total: null }, uuid: uuid(), timestamp: ts,
  };
}

/** A 2.1.x progress line embedding a subagent's assistant record. */
export function progress(inner: Record<string, unknown>, agentId: string, session = 'sess-1'): Record<string, unknown> {
  return {
    parentUuid: uuid(), isSidechain: false, userType: 'external', cwd: '/home/dev/api', sessionId: session,
    version: '2.1.39', gitBranch: 'main', type: 'progress',
    data: {
      message: { type: 'assistant', timestamp: inner.timestamp, message: inner.message, requestId: inner.requestId, uuid: inner.uuid },
      normalizedMessages: [], type: 'agent_progress', prompt: `sub task ${SECRET}`, agentId,
    },
    toolUseID: 'agent_msg_1', parentToolUseID: 'toolu_9', uuid: uuid(), timestamp: inner.timestamp,
  };
}

export function jsonl(records: (Record<string, unknown> | string)[]): string {
  return records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
}

/** A temporary Claude Code config dir: write(rel, text) puts files under projects/. */
export function logRoot(prefix = 'runway-logs-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(root, 'projects'), { recursive: true });
  const path = (rel: string) => join(root, 'projects', rel);
  return {
    root,
    path,
    // HOME too: the other agents' default homes are under it, so no test reads the real one.
    env: { CLAUDE_CONFIG_DIR: root, HOME: root } as Record<string, string | undefined>,
    write(rel: string, content: string | Buffer) {
      mkdirSync(dirname(path(rel)), { recursive: true });
      writeFileSync(path(rel), content);
    },
    append(rel: string, content: string | Buffer) {
      appendFileSync(path(rel), content);
    },
  };
}

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'runway-db-')), 'usage.db');
}

/** The bytes of a database file and its write-ahead log, as [file, bytes] for those that exist. */
export function databaseFiles(path: string): [string, Buffer][] {
  return [path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => [f, readFileSync(f)]);
}
