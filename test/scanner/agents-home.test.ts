// A home holding all five agents, scanned through the registry as `runway scan` does: each
// agent's usage lands under its own name with its own units converted, the report has a line
// per agent, and a rescan of the unchanged home reads no file again and asks each database
// once.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../store/db.js';
import { logRoots, scan, watchRules } from '../../scanner/scan.js';
import { renderScan } from '../../cli/scan.js';
import { SOURCES } from '../../sources/index.js';
import type { Source } from '../../sources/types.js';
import { assistant, databaseFiles, jsonl, logRoot, SECRET, tempDb } from '../helpers/logs.js';
import { encodings, storedTexts } from '../helpers/privacy.js';

const CODEX_SESSION = '019c8a4c-ed82-79a1-aa28-7738fc5ab61a';
const COPILOT_SESSION = '4f1c2a9e-0b6d-4e8a-9c3f-2d7e5a1b8c04';

/** Writes one small, real-shaped log of every agent under `home`; returns the env that finds them. */
function fiveAgents(): { env: Record<string, string> } {
  const claude = logRoot();
  claude.write('-work-api/s1.jsonl', jsonl([assistant({ id: 'msg_c1', ts: '2026-09-01T09:00:00.000Z', usage: { input: 10, output: 20, cacheRead: 300 } })]));
  const home = claude.root;
  const put = (path: string, text: string) => {
    mkdirSync(join(home, path, '..'), { recursive: true });
    writeFileSync(join(home, path), text);
  };

  // Codex: cumulative totals; the second row repeats the first (adds nothing), the third adds.
  const total = (input: number, cached: number, output: number, reasoning: number) => ({
    input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output,
  });
  const tokenCount = (ts: string, t: ReturnType<typeof total>) => ({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: t, last_token_usage: t }, rate_limits: null } });
  put(`.codex/sessions/2026/09/01/rollout-2026-09-01T10-00-00-${CODEX_SESSION}.jsonl`, jsonl([
    { timestamp: '2026-09-01T10:00:01.000Z', type: 'session_meta', payload: { id: CODEX_SESSION, timestamp: '2026-09-01T10:00:00.000Z', cwd: '/work/api', originator: 'codex_cli_rs', cli_version: '0.104.0', source: 'cli', model_provider: 'openai', base_instructions: { text: SECRET } } },
    { timestamp: '2026-09-01T10:00:02.000Z', type: 'turn_context', payload: { cwd: '/work/api', model: 'gpt-5.3-codex', effort: 'medium' } },
    { timestamp: '2026-09-01T10:00:03.000Z', type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: SECRET }] } },
    tokenCount('2026-09-01T10:00:10.000Z', total(1000, 600, 50, 20)),
    tokenCount('2026-09-01T10:00:11.000Z', total(1000, 600, 50, 20)),
    tokenCount('2026-09-01T10:01:00.000Z', total(2500, 1800, 90, 30)),
  ]));

  // Gemini CLI: a session document; `input` includes `cached`, thoughts are output.
  put('.gemini/tmp/0b7dfb12/chats/session-2026-09-01T11-00-aaaa.json', JSON.stringify({
    sessionId: 'gem-1', projectHash: '0b7dfb12', startTime: '2026-09-01T11:00:00.000Z', lastUpdated: '2026-09-01T11:01:00.000Z',
    messages: [
      { id: 'u1', timestamp: '2026-09-01T11:00:00.000Z', type: 'user', content: SECRET },
      { id: 'g1', timestamp: '2026-09-01T11:00:05.000Z', type: 'gemini', content: SECRET, model: 'gemini-2.5-pro', tokens: { input: 4000, output: 100, cached: 3000, thoughts: 40, tool: 0, total: 4140 } },
    ],
  }));

  // OpenCode 1.2: its database, one assistant message.
  mkdirSync(join(home, '.local/share/opencode'), { recursive: true });
  const oc = new Database(join(home, '.local/share/opencode/opencode.db'));
  oc.pragma('journal_mode = WAL');
  oc.exec(`CREATE TABLE session (id text PRIMARY KEY, project_id text NOT NULL, parent_id text, slug text NOT NULL, directory text NOT NULL,
      title text NOT NULL, version text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL);
    CREATE TABLE message (id text PRIMARY KEY, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
    CREATE INDEX message_session_time_created_id_idx ON message (session_id, time_created, id);`);
  const at = Date.parse('2026-09-01T12:00:00.000Z');
  oc.prepare('INSERT INTO session VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)').run('ses_1', 'prj', 'slug', '/work/web', SECRET, '1.2.0', at, at);
  oc.prepare('INSERT INTO message VALUES (?, ?, ?, ?, ?)').run('msg_oc1', 'ses_1', at, at + 5000, JSON.stringify({
    role: 'assistant', time: { created: at, completed: at + 5000 }, modelID: 'claude-sonnet-4-5', providerID: 'anthropic', mode: 'build', agent: 'build',
    path: { cwd: '/work/web', root: '/work/web' }, cost: 0.0123, tokens: { input: 700, output: 80, reasoning: 0, cache: { read: 5000, write: 200 } }, finish: 'stop',
  }));
  oc.close();

  // Copilot CLI: a session's events with its shutdown metrics (input includes the cache).
  const ev = (type: string, timestamp: string, data: Record<string, unknown>, i: number) => ({ type, data, id: `00000000-0000-4000-8000-00000000000${i}`, timestamp, parentId: null });
  put(`.copilot/session-state/${COPILOT_SESSION}/events.jsonl`, jsonl([
    ev('session.start', '2026-09-01T13:00:00.000Z', { sessionId: COPILOT_SESSION, version: 1, producer: 'copilot-agent', copilotVersion: '1.0.40', startTime: '2026-09-01T13:00:00.000Z', context: { cwd: '/work/cli', branch: 'main' } }, 1),
    ev('user.message', '2026-09-01T13:00:01.000Z', { content: SECRET }, 2),
    ev('session.shutdown', '2026-09-01T13:30:00.000Z', {
      shutdownType: 'routine', totalPremiumRequests: 3, sessionStartTime: Date.parse('2026-09-01T13:00:00.000Z'),
      modelMetrics: { 'claude-sonnet-4.5': { requests: { count: 3, cost: 3 }, usage: { inputTokens: 9000, outputTokens: 300, cacheReadTokens: 8000, cacheWriteTokens: 0, reasoningTokens: 0 } } },
    }, 3),
  ]));
  // Claude Code's transcripts are under the same folder's projects/.
  return { env: { HOME: home, CLAUDE_CONFIG_DIR: home } };
}

/** The registry with each database read counted. */
function counted(calls: Map<string, number>): Source[] {
  return SOURCES.map((s) => (s.readDatabase
    ? { ...s, readDatabase: (path: string, cursor: string | null, sink: Parameters<NonNullable<Source['readDatabase']>>[2]) => {
      calls.set(s.name, (calls.get(s.name) ?? 0) + 1);
      return s.readDatabase!(path, cursor, sink);
    } }
    : s));
}

describe('a home with all five agents', () => {
  it('stores each agent under its own name with one meaning per token kind, one report line each', () => {
    const { env } = fiveAgents();
    const path = tempDb();
    const db = openDb(path);
    const report = scan(db, { env, countAgents: true, sources: counted(new Map()) });
    const by = Object.fromEntries((db.prepare(`SELECT agent, count(*) AS n, sum(input_tokens) AS input, sum(cache_read_tokens) AS cr,
      sum(cache_write_5m_tokens) AS cw, sum(output_tokens) AS output, sum(reasoning_tokens) AS reasoning FROM responses
      WHERE input_tokens + output_tokens + cache_read_tokens > 0 GROUP BY agent`).all() as { agent: string }[]).map((r) => [r.agent, r]));
    expect(by['claude-code']).toEqual({ agent: 'claude-code', n: 1, input: 10, cr: 300, cw: 0, output: 20, reasoning: 0 });
    // Two calls: 1000 in (600 cached), then 1500 more (1200 cached); reasoning inside output.
    expect(by.codex).toEqual({ agent: 'codex', n: 2, input: 400 + 300, cr: 1800, cw: 0, output: 90, reasoning: 30 });
    expect(by.gemini).toEqual({ agent: 'gemini', n: 1, input: 1000, cr: 3000, cw: 0, output: 140, reasoning: 40 });
    expect(by.opencode).toEqual({ agent: 'opencode', n: 1, input: 700, cr: 5000, cw: 200, output: 80, reasoning: 0 });
    expect(by.copilot).toEqual({ agent: 'copilot', n: 1, input: 1000, cr: 8000, cw: 0, output: 300, reasoning: 0 });
    expect(db.prepare("SELECT sum(premium_requests) FROM responses WHERE agent = 'copilot'").pluck().get()).toBe(3);

    const text = renderScan(report, false).split('\n');
    for (const agent of ['claude-code', 'codex', 'gemini', 'opencode', 'copilot']) {
      const line = text.filter((l) => l.startsWith(agent + ' '));
      expect(line, agent).toHaveLength(1);
      expect(line[0]).toMatch(/ files? · \d+ responses/);
    }
    expect(report.agents.codex).toEqual({ responses: 2, added: 2 });
    // Nothing of the conversations reached the database, in any encoding, in any table or file.
    for (const { where, text } of storedTexts(db)) expect(text.includes(SECRET), where).toBe(false);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const [f, bytes] of databaseFiles(path)) {
      for (const e of encodings(SECRET)) expect(bytes.includes(e), `${f}: ${e}`).toBe(false);
    }
  });

  it('rescans the unchanged home with no file read again and each database asked once', () => {
    const { env } = fiveAgents();
    const db = openDb(tempDb());
    scan(db, { env, countAgents: true, sources: counted(new Map()) });
    const calls = new Map<string, number>();
    const again = scan(db, { env, countAgents: true, sources: counted(calls) });
    expect(again.bytesRead).toBe(0);
    expect(again.linesRead).toBe(0);
    expect(again.responsesAdded + again.responsesUpdated).toBe(0);
    // Only the databases are opened: their writes may sit in a -wal file their stat does not show.
    expect(again.filesRead).toBe(1);
    expect(Object.fromEntries(calls)).toEqual({ opencode: 1 });
    for (const a of Object.values(again.agents)) expect(a.added).toBe(0);
    // Other scans (reports, the status line) skip the two per-agent queries.
    expect(scan(db, { env }).agents).toEqual({});
  });
});

describe('watch rules', () => {
  it("name the file a change means (a database's -wal stands for it) and keep the watcher out of folders a source never reads", () => {
    const env = { HOME: '/h', CLAUDE_CONFIG_DIR: '/h/claude' };
    const rules = watchRules(logRoots(env));
    expect(rules.file('/h/claude/projects/p/s.jsonl')).toBe('/h/claude/projects/p/s.jsonl');
    expect(rules.file('/h/.codex/sessions/2026/09/01/rollout-2026-09-01T10-00-00-x.jsonl')).toBe('/h/.codex/sessions/2026/09/01/rollout-2026-09-01T10-00-00-x.jsonl');
    expect(rules.file('/h/.codex/config.toml')).toBeNull();
    expect(rules.file('/h/.local/share/opencode/opencode.db-wal')).toBe('/h/.local/share/opencode/opencode.db');
    expect(rules.file('/h/.local/share/opencode/opencode.db-shm')).toBeNull();
    expect(rules.file('/h/.gemini/tmp/abc/logs.json')).toBeNull();
    expect(rules.file('/elsewhere/s.jsonl')).toBeNull();
    expect(rules.dir('/h/.codex/worktrees')).toBe(false);
    expect(rules.dir('/h/.codex/sessions')).toBe(true);
    expect(rules.dir('/h/.codex')).toBe(true);
  });
});
