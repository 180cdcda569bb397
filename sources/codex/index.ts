// Source adapter for OpenAI Codex CLI rollouts (${CODEX_HOME:-~/.codex}/sessions/**/rollout-*.jsonl,
// and archived_sessions/ beside it). A rollout logs cumulative token totals, not responses:
// each `token_count` row's total minus the previous one is what one model call used. The
// totals reached, the model in force and the session's fields are kept in the file's memo,
// so a rescan that resumes mid-file goes on from where the last one stopped. README.md
// beside this file says what is counted and why.
import { homedir } from 'node:os';
import { basename, join, resolve, sep } from 'node:path';
import { Origin, type EventSink, type FileKind, type FileMemo, type QuotaWindow, type Source, type UsageEvent } from '../types.js';
import { MAX_TS, MIN_TS, readText, validCount, validText, validTimestamp } from '../limits.js';
import { isRecord } from '../../lib/record.js';
import { noteCall, openTurn, takeCalls, type TurnMemo } from './turns.js';

type Rec = Record<string, unknown>;

/**
 * How long after a fork's creation its `token_count` rows are still the copied parent's.
 * A fork or subagent rollout starts with a copy of its parent's history, token_count rows
 * included, written when the fork is made and re-stamped to that moment (all within a second
 * or so; older versions kept the parent's earlier timestamps). The fork's own first
 * token_count follows a model round trip, 6 seconds or more in every real rollout seen.
 */
export const REPLAY_WINDOW_MS = 5_000;

/**
 * The counter of rows without `rate_limits.limit_id` (before ~0.100, and API-key sessions):
 * Codex's own pool, which later versions call "codex". Other ids are separate buckets
 * (research previews such as "codex_bengalfox"), each with its own cumulative total.
 */
export const DEFAULT_COUNTER = 'codex';

/** More counters than this in one file is not a real rollout: a row of a new one beyond it is refused. */
const MAX_COUNTERS = 16;

/** Half of a UTF-16 surrogate pair without its other half: text no real counter id holds. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The largest cumulative total read. A session's running total passes MAX_COUNT (10⁹, the
 * bound of one response) in long sessions (3·10⁹ has been reported), so totals get a bound
 * of their own; every delta, what is stored, is still checked with validCount. Sums of
 * totals this size stay exact in a double.
 */
const MAX_TOTAL = 1e15;

/** A cumulative total: [input (incl. cached and cache writes), cached, cache writes, output (incl. reasoning), reasoning]. */
type Total = [number, number, number, number, number];
const IN = 0;
const CACHED = 1;
const CW = 2;
const OUT = 3;
const REASONING = 4;

/**
 * The memo of one file (FileMemo), short names since it is saved with every file state:
 * f      1 once the first useful line was a Codex record, 0 when it was not (the file is ignored)
 * m      1 once the file's own (first) session_meta has been read
 * sid, cwd, br, ver, ep, sub   the session's id, working directory, git branch, CLI version, entrypoint, subagent flag
 * until  a fork's end of the copied prefix (ms); gone once a row past it is seen
 * model  the model of the latest turn_context
 * c      the counters: [[limit id, ...Total]], in first-seen order
 */
interface Memo extends TurnMemo {
  f?: 0 | 1;
  m?: 1;
  sid?: string;
  cwd?: string;
  br?: string;
  ver?: string;
  ep?: string;
  sub?: 1;
  until?: number;
  model?: string;
  c?: unknown[];
}

/** Codex's home: CODEX_HOME, else ~/.codex. */
function roots(env: Record<string, string | undefined>): string[] {
  const home = env.HOME || homedir();
  const configured = env.CODEX_HOME?.trim();
  return [resolve(configured ? configured : join(home, '.codex'))];
}

/** `rollout-*.jsonl` under a sessions/ or archived_sessions/ folder (sessions/YYYY/MM/DD/ today). */
function fileKind(path: string): FileKind | null {
  const name = basename(path);
  if (!name.startsWith('rollout-') || !name.endsWith('.jsonl')) return null;
  const dirs = path.split(sep).slice(0, -1);
  return dirs.includes('sessions') || dirs.includes('archived_sessions') ? 'lines' : null;
}

function parse(text: string, origin: Origin, sink: EventSink, raw: FileMemo): void {
  const memo = raw as Memo;
  if (memo.f === 0) return;
  let rec: unknown;
  try {
    rec = JSON.parse(text);
  } catch {
    sink.issue('malformed_json');
    return;
  }
  const codexShaped = isRecord(rec) && typeof rec.type === 'string' && isRecord(rec.payload);
  if (memo.f === undefined) {
    // The first useful line decides the file: a rollout-named file of another format is
    // counted once and never read again.
    if (!codexShaped) {
      memo.f = 0;
      sink.issue('wrong_format');
      return;
    }
    memo.f = 1;
  }
  if (!isRecord(rec)) {
    sink.issue('malformed_json');
    return;
  }
  if (!codexShaped) return;
  const payload = rec.payload as Rec;
  if (rec.type === 'session_meta') fromMeta(rec, payload, memo, sink);
  else if (rec.type === 'turn_context') fromTurnContext(payload, memo, sink);
  else if (rec.type === 'event_msg' && payload.type === 'token_count') fromTokenCount(rec, payload, memo, origin, sink);
  else if (rec.type === 'event_msg' && payload.type === 'user_message') openTurn(rec, payload, memo);
  else if (rec.type === 'response_item' && CALLS.has(payload.type as string)) noteCall(payload, memo, sink);
}

const CALLS = new Set(['function_call', 'custom_tool_call', 'web_search_call', 'local_shell_call']);

/**
 * The file's own session: its first session_meta. A fork copies its parent's history, and
 * with it the parent's session_meta (the parent's id): later ones are not this file's.
 */
function fromMeta(rec: Rec, p: Rec, memo: Memo, sink: EventSink): void {
  if (memo.m) return;
  memo.m = 1;
  const bad = () => sink.issue('bad_field');
  const sid = readText(p.id, bad);
  const cwd = readText(p.cwd, bad);
  const br = isRecord(p.git) ? readText(p.git.branch, bad) : null;
  const ver = readText(p.cli_version, bad);
  // `source` is "cli", "vscode", "exec" (codex exec), "mcp", … or, for a subagent thread,
  // an object ({"subagent": {...}}).
  const subagent = (isRecord(p.source) && p.source.subagent !== undefined) || p.thread_source === 'subagent';
  const ep = subagent ? 'subagent' : typeof p.source === 'string' ? readText(p.source, bad) : null;
  if (sid) memo.sid = sid;
  if (cwd) memo.cwd = cwd;
  if (br) memo.br = br;
  if (ver) memo.ver = ver;
  if (ep) memo.ep = ep;
  if (subagent) memo.sub = 1;
  if (p.forked_from_id !== undefined && p.forked_from_id !== null) {
    // The fork's creation: the later of the time the meta names and the time its line was
    // written. Codex writes a rollout's first lines (its meta, and a fork's copied history
    // with it) when the session first needs them, up to half a minute after the time the
    // meta names, and the copy is stamped with that write.
    const created = Math.max(validTimestamp(p.timestamp) ?? -Infinity, validTimestamp(rec.timestamp) ?? -Infinity);
    if (Number.isFinite(created)) memo.until = created + REPLAY_WINDOW_MS;
  }
}

/** The model in force from here on; a turn_context without one leaves the previous model. */
function fromTurnContext(p: Rec, memo: Memo, sink: EventSink): void {
  const bad = () => sink.issue('bad_field');
  const model = readText(p.model, bad);
  if (model) memo.model = model;
  if (!memo.cwd) {
    const cwd = readText(p.cwd, bad);
    if (cwd) memo.cwd = cwd;
  }
}

function fromTokenCount(rec: Rec, p: Rec, memo: Memo, origin: Origin, sink: EventSink): void {
  const ts = validTimestamp(rec.timestamp);
  if (ts === null) {
    sink.issue('missing_timestamp');
    return;
  }
  const limits = isRecord(p.rate_limits) ? p.rate_limits : null;
  let counter = DEFAULT_COUNTER;
  if (limits && limits.limit_id !== undefined && limits.limit_id !== null) {
    const id = validText(limits.limit_id);
    // The id goes into the key through encodeURIComponent, which throws on a lone surrogate (JSON can write "\ud800").
    if (id === null || id.length > 128 || LONE_SURROGATE.test(id)) {
      sink.issue('bad_field');
      return;
    }
    counter = id;
  }
  // A fork's copied prefix: its rows set each counter's baseline and count nothing.
  let replay = false;
  if (memo.until !== undefined) {
    if (typeof memo.until === 'number' && ts < memo.until) replay = true;
    else delete memo.until;
  }
  // A copied row's reading is the parent's, old, under a new time; another bucket's is not Codex's own quota.
  if (limits && !replay && counter === DEFAULT_COUNTER) readQuota(limits, ts, sink);

  const info = p.info;
  if (info === null || info === undefined) return; // a reading of the limits alone, normal before the first call
  if (!isRecord(info) || !isRecord(info.total_token_usage)) {
    sink.issue('bad_usage');
    return;
  }
  const total = readTotal(info.total_token_usage);
  if (total === null) {
    sink.issue('bad_field');
    return;
  }
  const counters = memoCounters(memo);
  const slot = counters.find((c) => c[0] === counter);
  const prev = slot ? (slot.slice(1) as Total) : null;
  if (replay) {
    if (slot) slot.splice(1, 5, ...total);
    else if (counters.length < MAX_COUNTERS) counters.push([counter, ...total]);
    return;
  }
  // About half of real rows repeat the previous total: nothing was used between them.
  if (prev && total.every((v, i) => v === prev[i])) return;
  if (!slot && counters.length >= MAX_COUNTERS) {
    sink.issue('bad_field');
    return;
  }
  let delta: Total;
  if (prev && total.some((v, i) => v < prev[i]!)) {
    // A counter that went backwards restarted: its new total is all new.
    sink.issue('counter_reset');
    delta = total;
  } else {
    delta = prev ? (total.map((v, i) => v - prev[i]!) as Total) : total;
  }
  if (delta[CACHED] + delta[CW] > delta[IN] || delta[REASONING] > delta[OUT]) {
    // Parts larger than their whole between two rows: the row is doubted, and the next
    // row's delta, from the same baseline, covers what it used.
    sink.issue('bad_field');
    return;
  }
  if (slot) slot.splice(1, 5, ...total);
  else counters.push([counter, ...total]);
  // A first total (or a restart) of nothing is no call either: stored, it would be a response of
  // zero tokens whose key, wherever the session id is lost, every such file shares.
  if (delta.every((v) => v === 0)) return;
  if (!delta.every((v) => validCount(v) !== null)) {
    // More than one response can use: not a real call (a copy of history no rule caught).
    // The baseline moves on, so the rows after it count from here.
    sink.issue('bad_field');
    return;
  }

  const event: UsageEvent = {
    key: `codex:${memo.sid ?? '-'}:${encodeURIComponent(counter)}:${total.join(':')}`,
    messageId: null,
    requestId: null,
    ts,
    sessionId: memo.sid ?? null,
    agentId: null,
    sidechain: memo.sub === 1,
    project: memo.cwd ?? null,
    gitBranch: memo.br ?? null,
    entrypoint: memo.ep ?? null,
    version: memo.ver ?? null,
    // No turn_context yet: the model is unknown and the response unpriced, never guessed.
    model: memo.model ?? null,
    // input_tokens includes the cached input and the cache writes; output_tokens includes the reasoning.
    inputTokens: delta[IN] - delta[CACHED] - delta[CW],
    cacheReadTokens: delta[CACHED],
    cacheWrite5mTokens: delta[CW],
    cacheWrite1hTokens: 0,
    outputTokens: delta[OUT],
    reasoningTokens: delta[REASONING],
    webSearchRequests: 0,
    premiumRequests: 0,
    speed: null,
    inferenceGeo: null,
    serviceTier: null,
    costUsd: null,
    agentType: null,
    skill: null,
    mcpServer: null,
    mcpTool: null,
    plugin: null,
    ...takeCalls(memo),
    origin,
    agent: codex.name,
  };
  sink.event(event);
}

/**
 * `total_token_usage`, checked: input and output must be there; cached input, reasoning and
 * (from ~0.146) cache writes are 0 when absent. Parts larger than their whole are refused.
 */
function readTotal(u: Rec): Total | null {
  const input = validTotal(u.input_tokens);
  const output = validTotal(u.output_tokens);
  const cached = optional(u.cached_input_tokens);
  const writes = optional(u.cache_write_input_tokens);
  const reasoning = optional(u.reasoning_output_tokens);
  if (input === null || output === null || cached === null || writes === null || reasoning === null) return null;
  if (cached + writes > input || reasoning > output) return null;
  return [input, cached, writes, output, reasoning];
}

function optional(v: unknown): number | null {
  return v === undefined || v === null ? 0 : validTotal(v);
}

/** A cumulative count: what validCount accepts, or a whole number up to MAX_TOTAL. */
function validTotal(v: unknown): number | null {
  const n = validCount(v);
  if (n !== null) return n;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_TOTAL ? v : null;
}

/** The memo's counters, rebuilt when they are not what this code wrote. */
function memoCounters(memo: Memo): [string, ...number[]][] {
  const ok = (c: unknown): boolean =>
    Array.isArray(c) && c.length === 6 && typeof c[0] === 'string' && c.slice(1).every((n) => validTotal(n) !== null);
  if (!Array.isArray(memo.c) || !memo.c.every(ok)) memo.c = [];
  return memo.c as [string, ...number[]][];
}

const WINDOWS: Readonly<Record<number, QuotaWindow>> = { 300: 'codex_five_hour', 10080: 'codex_seven_day' };

/** `rate_limits.primary` / `.secondary`: the 5-hour and weekly windows (others are not Codex's two). */
function readQuota(limits: Rec, ts: number, sink: EventSink): void {
  for (const w of [limits.primary, limits.secondary]) {
    if (w === undefined || w === null) continue;
    if (!isRecord(w)) {
      sink.issue('bad_field');
      continue;
    }
    const window = typeof w.window_minutes === 'number' ? WINDOWS[w.window_minutes] : undefined;
    if (!window) continue;
    const used = w.used_percent;
    if (typeof used !== 'number' || !Number.isFinite(used) || used < 0 || used > 100) {
      sink.issue('bad_field');
      continue;
    }
    // resets_at is epoch seconds; versions before it wrote resets_in_seconds.
    let resetsAt: number | null = null;
    const at = w.resets_at ?? null;
    const inSeconds = w.resets_in_seconds ?? null;
    if (at !== null) resetsAt = typeof at === 'number' ? at * 1000 : NaN;
    else if (inSeconds !== null) resetsAt = typeof inSeconds === 'number' ? ts + inSeconds * 1000 : NaN;
    if (resetsAt !== null && !(Number.isFinite(resetsAt) && resetsAt >= MIN_TS && resetsAt <= MAX_TS)) {
      sink.issue('bad_field');
      resetsAt = null;
    }
    sink.quota({ window, ts, usedPercentage: used, resetsAt: resetsAt === null ? null : Math.round(resetsAt) });
  }
}

export const codex: Source = {
  name: 'codex',
  markers: [Buffer.from('"session_meta"'), Buffer.from('"turn_context"'), Buffer.from('"token_count"')],
  // Prompts and tool calls, read for the turns and labels when they fit in a line's buffer.
  // Codex writes a payload's type first, so the five share one search for `"payload":{"type":"`.
  contextMarkers: ['user_message', 'function_call', 'custom_tool_call', 'web_search_call', 'local_shell_call'].map((t) => Buffer.from(`"payload":{"type":"${t}"`)),
  roots,
  // The home itself: sessions/ and archived_sessions/ are both under it (fileKind picks the rollouts).
  logDir: (root) => root,
  fileKind,
  // Only the two log folders: the home also holds worktrees, caches and config.
  enters: (dir, logDir) => {
    const top = dir.slice(logDir.length + 1).split(sep)[0];
    return top === 'sessions' || top === 'archived_sessions';
  },
  fileOrigin: () => Origin.Direct,
  parse,
  // `codex exec` sessions (session_meta.payload.source "exec") have entrypoint "exec"; no
  // other Codex entrypoint ("cli", "vscode", "mcp", "subagent") or Claude Code one starts so.
  programmaticEntrypoint: 'exec',
  priceProviders: ['openai'],
  // gpt-5.3-codex → gpt-5, o4-mini → o4; anything else (Claude's models among them) → null.
  modelFamily: (model) => {
    const m = /^(?:openai\/)?(gpt-\d+|o\d+)/i.exec(model);
    return m ? m[1]!.toLowerCase() : null;
  },
};
