// A home with all five agents' logs, in the shapes their sources read (see sources/*/README.md
// and the fixtures of test/sources/*): Claude Code's projects tree (bench/gen-logs.ts), Codex
// rollouts, Gemini CLI chats (.jsonl and the older .json documents), OpenCode's SQLite database
// beside its older JSON message files, and Copilot CLI's session event logs beside its session
// store. Deterministic for a seed; it keeps what it wrote, per agent, in Runway's units (the
// reference the scan is checked against).
//   node dist/bench/agent-logs.js --out DIR [--mb 300] [--seed 1]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { generateLogs } from './gen-logs.js';

export const AGENTS = ['claude-code', 'codex', 'gemini', 'opencode', 'copilot'] as const;
export type Agent = (typeof AGENTS)[number];
export const COUNT_KINDS = ['responses', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'reasoningTokens', 'premiumRequests'] as const;
export type AgentCounts = Record<(typeof COUNT_KINDS)[number], number>;

export interface AgentHome {
  /** The environment that points every agent's source at this home and nowhere else. */
  env: Record<string, string>;
  bytes: number;
  /** Log files (each database counted once, its -wal and -shm not). */
  files: number;
  /** The databases, each with the table its usage rows are in. */
  databases: { path: string; table: string }[];
  truth: Record<Agent, AgentCounts>;
}

const MB = 1024 * 1024;
/** Shares of the bytes: Claude Code the most, as on most machines that run several agents. */
const SHARE: Record<Agent, number> = { 'claude-code': 0.4, codex: 0.25, gemini: 0.12, opencode: 0.13, copilot: 0.1 };
const START = Date.UTC(2026, 8, 1); // the first day of the logs: 1 September 2026
const DAYS = 90;
const WORDS = 'the a fix test build read write module config error value table query index route cache parse token file line session model'.split(' ');

const zero = (): AgentCounts => ({ responses: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0, premiumRequests: 0 });
const iso = (ms: number) => new Date(ms).toISOString();

/** mulberry32: small, fast, and the same on every machine. */
function rng(seed: number): { next: () => number; int: (lo: number, hi: number) => number; pick: <T>(a: readonly T[]) => T; text: (bytes: number) => string } {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(a: readonly T[]) => a[Math.floor(next() * a.length)]!;
  const text = (bytes: number) => {
    const out: string[] = [];
    for (let n = 0; n < bytes; ) {
      const w = pick(WORDS);
      out.push(w);
      n += w.length + 1;
    }
    return out.join(' ');
  };
  return { next, int, pick, text };
}
type Rng = ReturnType<typeof rng>;

const hex = (r: Rng, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[r.int(0, 15)]).join('');
const uuid = (r: Rng) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`;
/** A session's start: a workday-ish hour of one of the DAYS. */
const sessionStart = (r: Rng) => START + r.int(0, DAYS - 1) * 86_400_000 + r.int(7 * 3600, 20 * 3600) * 1000;

/** What one agent's files add up to, counted as they are written. */
class Files {
  bytes = 0;
  files = 0;
  write(path: string, text: string): void {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    this.bytes += Buffer.byteLength(text);
    this.files++;
  }
}

const jsonl = (records: unknown[]) => records.map((x) => JSON.stringify(x)).join('\n') + '\n';

// ---- Codex CLI: one rollout per session, cumulative token_count totals ----

function codex(root: string, budget: number, r: Rng, t: AgentCounts, f: Files): void {
  const models = ['gpt-5.2-codex', 'gpt-5.3-codex', 'gpt-5.2'];
  while (f.bytes < budget) {
    const id = uuid(r);
    let at = sessionStart(r);
    const d = new Date(at);
    const dir = join(root, 'sessions', String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0'));
    const cwd = `/home/dev/project-${r.int(0, 11)}`;
    // The first line is large in real rollouts (the base instructions: 20–30 KB).
    const lines: unknown[] = [{
      timestamp: iso(at), type: 'session_meta',
      payload: { id, timestamp: iso(at), cwd, originator: 'codex_cli_rs', cli_version: '0.104.0', source: r.next() < 0.1 ? 'exec' : 'cli', model_provider: 'openai',
        base_instructions: { text: r.text(r.int(20_000, 30_000)) }, git: { commit_hash: hex(r, 40), branch: 'main', repository_url: 'git@example.com:dev/app.git' } },
    }];
    const rate = (used: number) => ({ limit_id: 'codex', limit_name: null, primary: { used_percent: used, window_minutes: 300, resets_at: Math.floor(at / 1000) + 9000 },
      secondary: { used_percent: used / 3, window_minutes: 10080, resets_at: Math.floor(at / 1000) + 400_000 }, credits: { has_credits: false, unlimited: false, balance: null }, plan_type: null });
    lines.push({ timestamp: iso(at), type: 'event_msg', payload: { type: 'token_count', info: null, rate_limits: rate(1) } });
    const total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
    const turns = r.int(3, 40);
    const model = r.pick(models);
    for (let turn = 0; turn < turns; turn++) {
      at += r.int(20, 300) * 1000;
      lines.push({ timestamp: iso(at), type: 'turn_context', payload: { turn_id: uuid(r), cwd, approval_policy: 'on-request', model, effort: 'medium', summary: 'auto' } });
      lines.push({ timestamp: iso(at), type: 'event_msg', payload: { type: 'user_message', message: r.text(r.int(40, 400)), images: [] } });
      lines.push({ timestamp: iso(at), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: r.text(r.int(40, 400)) }] } });
      for (let call = r.int(1, 4); call > 0; call--) {
        at += r.int(3, 30) * 1000;
        lines.push({ timestamp: iso(at), type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', 'npm test'] }), call_id: `call_${hex(r, 8)}` } });
        lines.push({ timestamp: iso(at), type: 'response_item', payload: { type: 'function_call_output', call_id: `call_${hex(r, 8)}`, output: r.text(r.int(200, 6000)) } });
        const input = r.int(8_000, 120_000);
        const cached = Math.floor(input * r.next() * 0.9);
        const output = r.int(50, 4000);
        const reasoning = Math.floor(output * r.next() * 0.6);
        total.input_tokens += input;
        total.cached_input_tokens += cached;
        total.output_tokens += output;
        total.reasoning_output_tokens += reasoning;
        total.total_tokens = total.input_tokens + total.output_tokens;
        const last = { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output };
        const row = { timestamp: iso(at), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: { ...total }, last_token_usage: last, model_context_window: 258400 }, rate_limits: rate(r.int(1, 90)) } };
        lines.push(row);
        // About half of real rows repeat the previous total seconds later: they add nothing.
        if (r.next() < 0.5) lines.push({ ...row, timestamp: iso(at + 2000) });
        t.responses++;
        t.inputTokens += input - cached;
        t.cacheReadTokens += cached;
        t.outputTokens += output;
        t.reasoningTokens += reasoning;
      }
      lines.push({ timestamp: iso(at), type: 'event_msg', payload: { type: 'agent_message', message: r.text(r.int(100, 1500)) } });
    }
    f.write(join(dir, `rollout-${iso(START).slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`), jsonl(lines));
  }
}

// ---- Gemini CLI: chats under tmp/<project>/chats/, newer .jsonl and older .json documents ----

function gemini(root: string, budget: number, r: Rng, t: AgentCounts, f: Files): void {
  const models = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-3-flash-preview'];
  const projects = Array.from({ length: 8 }, () => hex(r, 64));
  let n = 0;
  while (f.bytes < budget) {
    const sessionId = uuid(r);
    const projectHash = r.pick(projects);
    let at = sessionStart(r);
    const head = { sessionId, projectHash, startTime: iso(at), lastUpdated: iso(at + 3_600_000) };
    const records: unknown[] = [];
    const messages: unknown[] = [];
    const model = r.pick(models);
    for (let m = r.int(3, 40); m > 0; m--) {
      at += r.int(20, 300) * 1000;
      const user = { id: uuid(r), timestamp: iso(at), type: 'user', content: [{ text: r.text(r.int(40, 600)) }] };
      const input = r.int(5_000, 200_000);
      const cached = Math.floor(input * r.next() * 0.8);
      const output = r.int(20, 3000);
      const thoughts = r.int(0, 2000);
      const tokens = { input, output, cached, thoughts, tool: 0, total: input + output + thoughts };
      const reply = { id: uuid(r), timestamp: iso(at + 4000), type: 'gemini', content: r.text(r.int(200, 4000)), model,
        thoughts: [{ subject: 'Plan', description: r.text(r.int(50, 500)), timestamp: iso(at + 1000) }] };
      // A message is appended again when its counts arrive (same id): counted once.
      records.push(user, reply, { ...reply, tokens });
      messages.push(user, { ...reply, tokens });
      t.responses++;
      t.inputTokens += input - cached;
      t.cacheReadTokens += cached;
      t.outputTokens += output + thoughts;
      t.reasoningTokens += thoughts;
    }
    const chats = join(root, 'tmp', projectHash, 'chats');
    const name = `session-${iso(at).slice(0, 16).replace(/:/g, '-')}-${sessionId.slice(0, 8)}`;
    if (n++ % 4 === 3) f.write(join(chats, `${name}.json`), JSON.stringify({ ...head, messages }, null, 2));
    else f.write(join(chats, `${name}.jsonl`), jsonl([{ ...head, kind: 'main' }, ...records]));
  }
}

// ---- OpenCode: opencode.db (1.2 on), and the older storage/message JSON files ----

const OPENCODE_SCHEMA = `
CREATE TABLE project (id text PRIMARY KEY, worktree text NOT NULL, vcs text, name text, time_created integer NOT NULL, time_updated integer NOT NULL, sandboxes text NOT NULL);
CREATE TABLE session (id text PRIMARY KEY, project_id text NOT NULL, workspace_id text, parent_id text, slug text NOT NULL,
  directory text NOT NULL, path text, title text NOT NULL, version text NOT NULL, share_url text, summary_additions integer,
  summary_deletions integer, summary_files integer, summary_diffs text, revert text, permission text,
  time_created integer NOT NULL, time_updated integer NOT NULL, time_compacting integer, time_archived integer);
CREATE TABLE message (id text PRIMARY KEY, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
CREATE TABLE part (id text PRIMARY KEY, message_id text NOT NULL, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
CREATE INDEX message_session_time_created_id_idx ON message (session_id, time_created, id);
CREATE INDEX part_message_id_id_idx ON part (message_id, id);
CREATE INDEX session_parent_idx ON session (parent_id);`;

function opencode(root: string, budget: number, r: Rng, t: AgentCounts, f: Files): string {
  const path = join(root, 'opencode.db');
  mkdirSync(root, { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(OPENCODE_SCHEMA);
  db.prepare("INSERT INTO project VALUES ('prj_1', '/home/dev', 'git', NULL, ?, ?, '[]')").run(START, START);
  const putSession = db.prepare(`INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, time_created, time_updated) VALUES (?, 'prj_1', NULL, 'slug', ?, ?, '1.3.2', ?, ?)`);
  const putMessage = db.prepare('INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)');
  const putPart = db.prepare('INSERT INTO part (id, message_id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?)');
  const providers = [['anthropic', 'claude-sonnet-4-5'], ['openai', 'gpt-5.2'], ['anthropic', 'claude-opus-4-5']] as const;
  let dbBytes = 0;
  let n = 0;
  const write = db.transaction((inDb: boolean) => {
    const session = `ses_${hex(r, 24)}`;
    const cwd = `/home/dev/project-${r.int(0, 11)}`;
    let at = sessionStart(r);
    if (inDb) putSession.run(session, cwd, r.text(40), at, at);
    const [providerID, modelID] = r.pick(providers);
    for (let m = r.int(3, 40); m > 0; m--) {
      at += r.int(20, 300) * 1000;
      const user = `msg_${hex(r, 24)}`;
      const reply = `msg_${hex(r, 24)}`;
      const input = r.int(10, 5000);
      const read = r.int(0, 150_000);
      const cacheWrite = r.int(0, 20_000);
      const output = r.int(20, 3000);
      const reasoning = providerID === 'openai' ? r.int(0, 1500) : 0;
      // tokens.total as OpenCode writes it since February 2026: reasoning apart from the output.
      const tokens = { input, output, reasoning, cache: { read, write: cacheWrite }, total: input + output + reasoning + read + cacheWrite };
      const info = { role: 'assistant', time: { created: at, completed: at + 5000 }, parentID: user, modelID, providerID, mode: 'build', agent: 'build',
        path: { cwd, root: cwd }, cost: Math.round((output * 15 + input * 3) / 1000) / 1000, tokens, finish: 'stop' };
      const userInfo = { role: 'user', time: { created: at - 1000 }, agent: 'build', model: { providerID, modelID }, summary: { title: r.text(40), diffs: [] } };
      const text = r.text(r.int(200, 5000));
      if (inDb) {
        putMessage.run(user, session, at - 1000, at - 1000, JSON.stringify(userInfo));
        putMessage.run(reply, session, at, at + 5000, JSON.stringify(info));
        putPart.run(`prt_${hex(r, 24)}`, reply, session, at, at, JSON.stringify({ type: 'text', text }));
        dbBytes += text.length + 600;
      } else {
        const folder = join(root, 'storage', 'message', session);
        f.write(join(folder, `${user}.json`), JSON.stringify({ id: user, sessionID: session, ...userInfo }));
        f.write(join(folder, `${reply}.json`), JSON.stringify({ id: reply, sessionID: session, ...info }));
        // The part (the text) is in its own tree, which the source never enters.
        mkdirSync(join(root, 'storage', 'part', reply), { recursive: true });
        writeFileSync(join(root, 'storage', 'part', reply, `prt_${hex(r, 8)}.json`), JSON.stringify({ type: 'text', text }));
        f.bytes += text.length;
      }
      t.responses++;
      t.inputTokens += input;
      t.cacheReadTokens += read;
      t.cacheWrite5mTokens += cacheWrite;
      t.outputTokens += output + reasoning;
      t.reasoningTokens += reasoning;
    }
  });
  // One session in six from before 1.2, kept as JSON files.
  while (f.bytes + dbBytes < budget) write(n++ % 6 !== 5);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  f.bytes += dbBytes;
  f.files++;
  return path;
}

// ---- Copilot CLI: session-state/<id>/events.jsonl and session-store.db ----

/** Copilot CLI's session store (schema version 8), as the tests write it too. */
export const COPILOT_SCHEMA = `
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (8);
CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, host_type TEXT, branch TEXT, summary TEXT, created_at TEXT, updated_at TEXT);
CREATE TABLE turns (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT, turn_index INTEGER, user_message TEXT, assistant_response TEXT, timestamp TEXT);
CREATE TABLE assistant_usage_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, turn_index INTEGER, agent_id TEXT, parent_tool_call_id TEXT,
  model TEXT NOT NULL, input_tokens INTEGER, output_tokens INTEGER, cache_read_tokens INTEGER, cache_write_tokens INTEGER,
  reasoning_tokens INTEGER, total_nano_aiu INTEGER, request_multiplier REAL, duration_ms INTEGER, time_to_first_token_ms INTEGER,
  inter_token_latency_ms REAL, initiator TEXT, api_endpoint TEXT, reasoning_effort TEXT, finish_reason TEXT,
  content_filter_triggered INTEGER, token_details_json TEXT, created_at TEXT DEFAULT (datetime('now')), output_ttft_ms INTEGER,
  copilot_usage_model TEXT);`;

function copilot(root: string, budget: number, r: Rng, t: AgentCounts, f: Files): string {
  const path = join(root, 'session-store.db');
  mkdirSync(root, { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(COPILOT_SCHEMA);
  const putSession = db.prepare('INSERT INTO sessions (id, cwd, repository, host_type, branch, summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const putTurn = db.prepare('INSERT INTO turns (session_id, turn_index, user_message, assistant_response, timestamp) VALUES (?, ?, ?, ?, ?)');
  const putUsage = db.prepare(`INSERT INTO assistant_usage_events (session_id, turn_index, model, input_tokens, output_tokens, cache_read_tokens,
    cache_write_tokens, reasoning_tokens, total_nano_aiu, request_multiplier, api_endpoint, finish_reason, token_details_json, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, 'ws:/responses', 'tool_calls', '[]', ?)`);
  const models = ['claude-sonnet-4.5', 'gpt-5-mini', 'claude-opus-4.5'];
  let e = 0;
  const ev = (type: string, at: number, data: Record<string, unknown>) => ({ type, data, id: `00000000-0000-4000-8000-${String(++e).padStart(12, '0')}`, timestamp: iso(at), parentId: null });
  let n = 0;
  const session = db.transaction(() => {
    const sid = uuid(r);
    const cwd = `/home/dev/project-${r.int(0, 11)}`;
    let at = sessionStart(r);
    const start = at;
    putSession.run(sid, cwd, 'acme/app', 'local', 'main', r.text(60), iso(at), iso(at + 3_600_000));
    const events: unknown[] = [ev('session.start', at, { sessionId: sid, version: 1, producer: 'copilot-agent', copilotVersion: '1.0.40', startTime: iso(at), context: { cwd, gitRoot: cwd, branch: 'main', repository: 'acme/app' } })];
    const metrics: Record<string, { requests: { count: number; cost: number }; usage: Record<string, number> }> = {};
    for (let turn = 0, turns = r.int(2, 30); turn < turns; turn++) {
      at += r.int(20, 300) * 1000;
      const model = r.pick(models);
      const words = r.text(r.int(40, 600));
      const answer = r.text(r.int(200, 4000));
      events.push(ev('user.message', at, { content: words, transformedContent: words, attachments: [] }));
      events.push(ev('assistant.message', at + 3000, { messageId: uuid(r), content: answer, model, toolRequests: [] }));
      putTurn.run(sid, turn, words, answer, iso(at));
      const m = (metrics[model] ??= { requests: { count: 0, cost: 0 }, usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } });
      m.requests.count++;
      m.requests.cost += model === 'gpt-5-mini' ? 0 : 1;
      for (let call = r.int(1, 3); call > 0; call--) {
        const cr = r.int(0, 80_000);
        const cw = model.startsWith('claude') ? r.int(0, 10_000) : 0;
        const input = cr + cw + r.int(10, 5000);
        const output = r.int(20, 3000);
        const reasoning = Math.floor(output * r.next() * 0.3);
        putUsage.run(sid, turn, model, input, output, cr, cw, reasoning, iso(at + 2000));
        m.usage.inputTokens! += input;
        m.usage.outputTokens! += output;
        m.usage.cacheReadTokens! += cr;
        m.usage.cacheWriteTokens! += cw;
        m.usage.reasoningTokens! += reasoning;
      }
    }
    // A session left with /new writes no shutdown: the store alone has its usage.
    const shutdown = n++ % 5 !== 4;
    for (const [, m] of Object.entries(metrics)) {
      t.responses++;
      t.inputTokens += m.usage.inputTokens! - m.usage.cacheReadTokens! - m.usage.cacheWriteTokens!;
      t.cacheReadTokens += m.usage.cacheReadTokens!;
      t.cacheWrite5mTokens += m.usage.cacheWriteTokens!;
      t.outputTokens += m.usage.outputTokens!;
      t.reasoningTokens += m.usage.reasoningTokens!;
      // Each shutdown's premium requests are a row of their own, per model.
      if (shutdown && m.requests.cost > 0) {
        t.responses++;
        t.premiumRequests += m.requests.cost;
      }
    }
    if (shutdown) {
      const premium = Object.values(metrics).reduce((s, m) => s + m.requests.cost, 0);
      events.push(ev('session.shutdown', at + 60_000, { shutdownType: 'routine', totalApiDurationMs: at - start, sessionStartTime: start, modelMetrics: metrics, totalPremiumRequests: premium, currentModel: models[0] }));
    }
    f.write(join(root, 'session-state', sid, 'events.jsonl'), jsonl(events));
  });
  while (f.bytes < budget) session();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  f.files++;
  return path;
}

/** Writes the five agents' logs under `out`, about `mb` MB in all. */
export function generateAgentHome(o: { out: string; mb: number; seed: number }): AgentHome {
  const budget = (a: Agent) => o.mb * MB * SHARE[a];
  const truth = Object.fromEntries(AGENTS.map((a) => [a, zero()])) as Record<Agent, AgentCounts>;
  const claude = generateLogs({ out: join(o.out, 'claude'), mb: Math.max(1, Math.round(o.mb * SHARE['claude-code'])), seed: o.seed });
  const c = claude.truth;
  Object.assign(truth['claude-code'], {
    responses: c.responses, inputTokens: c.inputTokens, outputTokens: c.outputTokens, cacheReadTokens: c.cacheReadTokens,
    cacheWrite5mTokens: c.cacheWrite5mTokens, cacheWrite1hTokens: c.cacheWrite1hTokens,
  });
  const files = { codex: new Files(), gemini: new Files(), opencode: new Files(), copilot: new Files() };
  codex(join(o.out, 'codex'), budget('codex'), rng(o.seed * 7 + 1), truth.codex, files.codex);
  gemini(join(o.out, 'gemini-home', '.gemini'), budget('gemini'), rng(o.seed * 7 + 2), truth.gemini, files.gemini);
  const databases = [
    { path: opencode(join(o.out, 'xdg-data', 'opencode'), budget('opencode'), rng(o.seed * 7 + 3), truth.opencode, files.opencode), table: 'message' },
    { path: copilot(join(o.out, 'copilot'), budget('copilot'), rng(o.seed * 7 + 4), truth.copilot, files.copilot), table: 'assistant_usage_events' },
  ];
  mkdirSync(join(o.out, 'home'), { recursive: true });
  const env = {
    HOME: join(o.out, 'home'), CLAUDE_CONFIG_DIR: join(o.out, 'claude'), CODEX_HOME: join(o.out, 'codex'),
    GEMINI_CLI_HOME: join(o.out, 'gemini-home'), XDG_DATA_HOME: join(o.out, 'xdg-data'), COPILOT_HOME: join(o.out, 'copilot'),
  };
  const others = Object.values(files);
  return {
    env, databases, truth,
    bytes: claude.bytes + others.reduce((s, x) => s + x.bytes, 0),
    files: claude.files + others.reduce((s, x) => s + x.files, 0),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, mb: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' } } });
  if (!values.out) throw new Error('--out DIR: where to write the home');
  const home = generateAgentHome({ out: values.out, mb: Number(values.mb), seed: Number(values.seed) });
  console.log(JSON.stringify({ env: home.env, bytes: home.bytes, files: home.files, databases: home.databases, truth: home.truth }, null, 2));
}
