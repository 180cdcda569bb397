// Source adapter for Claude Code transcripts (~/.claude/projects/**/*.jsonl).
// Turns one line's JSON into usage events; knows nothing of storage or prices.
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Origin, type EventSink, type FileMemo, type Source, type TokenCounts, type UsageEvent } from '../types.js';
import { MAX_COUNT, MAX_TOOLS, validCost, validCount, validText, validTimestamp } from '../limits.js';
import { isRecord } from '../../lib/record.js';
import { openTurn, turnActions } from './turns.js';

type Rec = Record<string, unknown>;

/** The folders CLAUDE_CONFIG_DIR names: a comma-separated list. */
export function configuredDirs(env: Record<string, string | undefined>): string[] {
  return (env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Roots as Claude Code finds them: CLAUDE_CONFIG_DIR, else both default homes. */
function roots(env: Record<string, string | undefined>, home = env.HOME || homedir()): string[] {
  const configured = configuredDirs(env);
  const dirs = configured.length ? configured : [join(home, '.config', 'claude'), join(home, '.claude')];
  return dirs.map((d) => resolve(d));
}

/** Compaction and aside-question subagent files copy the parent's history, ids unchanged. */
function fileOrigin(path: string): Origin {
  const name = basename(path);
  return name.startsWith('agent-acompact-') || name.startsWith('agent-aside_question-') ? Origin.Copy : Origin.Direct;
}

function parse(text: string, origin: Origin, sink: EventSink, memo: FileMemo): void {
  refusedText = false;
  let rec: unknown;
  try {
    rec = JSON.parse(text);
  } catch {
    sink.issue('malformed_json');
    return;
  }
  if (!isRecord(rec)) {
    sink.issue('malformed_json');
    return;
  }
  if (rec.type === 'assistant') {
    fromAssistant(rec, rec, origin, sink, undefined, memo);
  } else if (rec.type === 'user') {
    openTurn(rec, memo);
  } else if (rec.type === 'attachment' && isRecord(rec.attachment) && rec.attachment.type === 'budget_usd') {
    fromBudget(rec, rec.attachment, sink);
  } else if (rec.type === 'progress' && isRecord(rec.data) && isRecord(rec.data.message)) {
    // 2.1.x progress lines embed a subagent's assistant record, usage included.
    const inner = rec.data.message;
    if (inner.type === 'assistant') {
      const agentId = typeof rec.data.agentId === 'string' ? rec.data.agentId : null;
      fromAssistant(inner, rec, Origin.Embedded, sink, agentId);
    }
  }
}

/**
 * `rec` is the assistant record; `outer` the line it came in (itself, or the progress line
 * that embeds it), which carries the session context an embedded record lacks.
 */
function fromAssistant(rec: Rec, outer: Rec, origin: Origin, sink: EventSink, embeddedAgentId?: string | null, memo?: FileMemo): void {
  const msg = rec.message;
  if (!isRecord(msg) || msg.usage === undefined) return;
  const usage = msg.usage;
  if (!isRecord(usage)) {
    sink.issue('bad_usage');
    return;
  }
  const model = str(msg.model);
  if (rec.isApiErrorMessage === true || model === '<synthetic>') {
    sink.issue('api_error');
    return;
  }
  const ts = validTimestamp(rec.timestamp) ?? validTimestamp(outer.timestamp);
  if (ts === null) {
    sink.issue('missing_timestamp');
    return;
  }
  // A count that is not a whole number in bounds is read as 0: the response's other
  // counts and its metadata are still right, and nothing absurd reaches a sum.
  let badField = false;
  const count = (v: unknown): number => {
    if (v === undefined || v === null) return 0;
    const n = validCount(v);
    if (n !== null) return n;
    badField = true;
    return 0;
  };

  const top = readCounts(usage, count);
  const serverTools = usage.server_tool_use;
  const webSearch = isRecord(serverTools) ? count(serverTools.web_search_requests) : 0;

  const messageId = str(msg.id);
  const requestId = str(rec.requestId);
  const uuid = str(rec.uuid);
  const sessionId = str(outer.sessionId) ?? str(rec.sessionId);
  // Without any id, the parts every streamed line shares still identify the response across copies.
  const key =
    messageId ??
    (requestId
      ? `req:${requestId}`
      : uuid
        ? `uuid:${uuid}`
        : `anon:${sessionId}:${ts}:${model}:${top.inputTokens}:${top.cacheWrite5mTokens + top.cacheWrite1hTokens}:${top.cacheReadTokens}`);
  // Nearly every response has no steps of its own (an empty list): no array is made for it.
  const steps = usage.iterations;
  const parts = Array.isArray(steps) && steps.length ? iterationParts(steps, model, top, count, () => (badField = true)) : null;
  const first = parts?.[0] ?? { model, counts: top };
  // A logged cost out of bounds is ignored: the response is priced from its tokens instead.
  const costRaw = rec.costUSD;
  const costUsd = costRaw === undefined || costRaw === null ? null : validCost(costRaw);
  if (costRaw !== undefined && costRaw !== null && costUsd === null) badField = true;

  const event: UsageEvent = {
    key,
    messageId,
    requestId,
    ts,
    sessionId,
    agentId: embeddedAgentId ?? str(rec.agentId) ?? str(outer.agentId),
    sidechain: embeddedAgentId != null || rec.isSidechain === true,
    project: str(outer.cwd) ?? str(rec.cwd),
    gitBranch: str(outer.gitBranch) ?? str(rec.gitBranch),
    entrypoint: str(outer.entrypoint) ?? str(rec.entrypoint),
    version: str(outer.version) ?? str(rec.version),
    model: first.model,
    inputTokens: first.counts.inputTokens,
    outputTokens: first.counts.outputTokens,
    cacheWrite5mTokens: first.counts.cacheWrite5mTokens,
    cacheWrite1hTokens: first.counts.cacheWrite1hTokens,
    cacheReadTokens: first.counts.cacheReadTokens,
    webSearchRequests: webSearch,
    speed: str(usage.speed),
    inferenceGeo: str(usage.inference_geo),
    serviceTier: str(usage.service_tier),
    costUsd,
    agentType: str(rec.attributionAgent) ?? str(outer.attributionAgent),
    skill: str(rec.attributionSkill) ?? str(outer.attributionSkill),
    mcpServer: str(rec.attributionMcpServer) ?? str(outer.attributionMcpServer),
    mcpTool: str(rec.attributionMcpTool) ?? str(outer.attributionMcpTool),
    plugin: str(rec.attributionPlugin) ?? str(outer.attributionPlugin),
    tools: toolNames(msg.content),
    // A record embedded in another file's line belongs to a turn of that other file's.
    turnId: memo && typeof memo.turn === 'string' ? memo.turn : null,
    topic: memo && typeof memo.topic === 'string' ? memo.topic : null,
    actions: turnActions(msg.content, sink),
    // Claude's thinking is counted inside output_tokens and not reported apart.
    reasoningTokens: 0,
    premiumRequests: 0,
    origin,
    agent: claudeCode.name,
  };
  if (badField || refusedText) sink.issue('bad_field');
  sink.event(event);
  // The part of one request served by another model: its own row, priced at that model.
  for (const part of parts?.slice(1) ?? []) {
    sink.event({ ...event, key: `${key}@${part.model}`, model: part.model, ...part.counts, webSearchRequests: 0, costUsd: null, tools: null, actions: null });
  }
}

type Counts = Omit<TokenCounts, 'webSearchRequests'>;

/** The token counts of a usage object (the response's, or one iteration's). */
function readCounts(u: Record<string, unknown>, count: (v: unknown) => number): Counts {
  // What was billed is the larger of the flat total and the nested split's sum: up to 2.1.150
  // some transcripts wrote a flat 0 beside the real split. The split says which part was
  // written for 1 hour; without one, every write is a 5-minute write.
  const flat = count(u.cache_creation_input_tokens);
  const split = isRecord(u.cache_creation) ? u.cache_creation : null;
  const nested5m = split ? count(split.ephemeral_5m_input_tokens) : 0;
  const nested1h = split ? count(split.ephemeral_1h_input_tokens) : 0;
  const cacheWrites = Math.max(flat, nested5m + nested1h);
  const cw1h = Math.min(nested1h, cacheWrites);
  return {
    inputTokens: count(u.input_tokens),
    outputTokens: count(u.output_tokens),
    cacheWrite5mTokens: cacheWrites - cw1h,
    cacheWrite1hTokens: cw1h,
    cacheReadTokens: count(u.cache_read_input_tokens),
  };
}

/** More iterations than this in one request is not a real log: the response's own counts are used. */
const MAX_ITERATIONS = 64;
const KINDS = ['inputTokens', 'outputTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'cacheReadTokens'] as const;

/**
 * What one request billed, per model. `usage.iterations[]` lists each sampling step of a
 * request with its own usage: a compaction step (which the response's own counts leave
 * out), an advisor or a refusal fallback (each with its own model). Each is billed at its
 * model; a step that ended with no output while another followed it (a refusal) is not
 * billed. Without usable iterations, the response's own counts at its model; the first
 * part is always the response's.
 */
function iterationParts(raw: unknown[], model: string | null, top: Counts, count: (v: unknown) => number, bad: () => void): { model: string | null; counts: Counts }[] {
  const own = [{ model, counts: top }];
  if (raw.length > MAX_ITERATIONS || !raw.every(isRecord)) {
    bad();
    return own;
  }
  const byModel = new Map<string | null, Counts>();
  raw.forEach((it, i) => {
    const c = readCounts(it, count);
    if (c.outputTokens === 0 && i < raw.length - 1) return;
    const m = str(it.model) ?? model;
    const sum = byModel.get(m);
    if (!sum) byModel.set(m, { ...c });
    else for (const k of KINDS) sum[k] += c[k];
  });
  // Iterations that say less than the response's own counts do not describe it.
  const total = { inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0 };
  for (const c of byModel.values()) for (const k of KINDS) total[k] += c[k];
  if (KINDS.every((k) => total[k] === 0) || KINDS.some((k) => total[k] < top[k] && byModel.size === 1)) return own;
  const parts = [...byModel].map(([m, counts]) => ({ model: m, counts }));
  // The response's own model first, so its row keeps the response's key.
  const first = parts.findIndex((p) => p.model === model);
  if (first > 0) parts.unshift(...parts.splice(first, 1));
  return parts.map((p) => ({ model: p.model, counts: clamp(p.counts) }));
}

/** Sums of iterations stay within the bounds of one stored count. */
function clamp(c: Counts): Counts {
  return Object.fromEntries(KINDS.map((k) => [k, Math.min(c[k], MAX_COUNT)])) as Counts;
}

/** 2.1.200+: the session's list-price spend so far, Claude Code's own figure. */
function fromBudget(rec: Record<string, unknown>, attachment: Record<string, unknown>, sink: EventSink): void {
  const sessionId = str(rec.sessionId);
  const ts = validTimestamp(rec.timestamp);
  const usedUsd = validCost(attachment.used);
  if (sessionId === null || ts === null || usedUsd === null) {
    sink.issue(ts === null ? 'missing_timestamp' : 'bad_field');
    return;
  }
  sink.ledger({ sessionId, ts, usedUsd, agent: claudeCode.name });
}

/** Names only: tool inputs are content and never leave this function. */
function toolNames(content: unknown): string | null {
  if (!Array.isArray(content)) return null;
  const names: string[] = [];
  for (const block of content) {
    if (!isRecord(block) || (block.type !== 'tool_use' && block.type !== 'server_tool_use')) continue;
    const name = str(block.name);
    if (name && !names.includes(name)) names.push(name);
    if (names.length === MAX_TOOLS) break;
  }
  return names.length ? names.join(',') : null;
}

/** Set when a text field was refused, so the record is counted as having a bad field. */
let refusedText = false;

/** A text field as read; a refused non-empty string marks the record. */
function str(v: unknown): string | null {
  const text = validText(v);
  if (text === null && typeof v === 'string' && v !== '') refusedText = true;
  return text;
}

export const claudeCode: Source = {
  name: 'claude-code',
  // `_usd"` finds "budget_usd" four times faster than the whole word: an underscore is rare in
  // a log and a quote is not, and the search stops at every candidate first byte.
  markers: [Buffer.from('"usage"'), Buffer.from('_usd"')],
  // A prompt's line is read for the turn it opens (tool results, most of a log's bytes, are not).
  contextMarkers: [Buffer.from('"role":"user","content":"'), Buffer.from('"role":"user","content":[{"type":"text"')],
  roots,
  logDir: (root) => join(root, 'projects'),
  fileOrigin,
  parse,
  // claude -p and the Agent SDK: sdk-cli, sdk-ts, sdk-py.
  programmaticEntrypoint: 'sdk-',
  priceProviders: ['anthropic'],
  modelFamily: (model) => /(opus|sonnet|haiku)/i.exec(model)?.[1]!.toLowerCase() ?? null,
};
