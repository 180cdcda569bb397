// Source adapter for Gemini CLI chats: ${GEMINI_CLI_HOME:-~}/.gemini/tmp/<project>/chats/.
// Older versions write one JSON document per session (session-*.json), re-read whole when it
// changes; newer ones append JSONL (a metadata line, message lines, "$set" and "$rewindTo"
// lines). Every `gemini` message with `tokens` is one model response. README.md beside this
// file says where each rule comes from.
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { Origin, type EventSink, type FileKind, type FileMemo, type Source, type UsageEvent } from '../types.js';
import { MAX_COUNT, MAX_TOOLS, readText, validCount, validText, validTimestamp } from '../limits.js';
import { isRecord } from '../../lib/record.js';

type Rec = Record<string, unknown>;

/** More messages than this in one document is not a chat: the rest are not read (a session holds hundreds). */
const MAX_MESSAGES = 200_000;

/**
 * The state of one .jsonl chat kept between scans (FileMemo): sid the session id and ph
 * the project hash of its metadata line, sub 1 for a subagent's chat. Ids and a hash only.
 */
interface Memo {
  sid?: string;
  ph?: string;
  sub?: 1;
}

/** What a message's event takes from the chat around it. */
interface Context {
  sessionId: string | null;
  projectHash: string | null;
  subagent: boolean;
}

/**
 * Gemini CLI's own rule (packages/core/src/utils/paths.ts homedir()): GEMINI_CLI_HOME
 * replaces the home folder, and .gemini is under it; else ~/.gemini.
 */
function roots(env: Record<string, string | undefined>): string[] {
  const home = env.GEMINI_CLI_HOME?.trim() || env.HOME || homedir();
  return [resolve(join(home, '.gemini'))];
}

/**
 * Chats are `<tmp>/<project>/chats/<file>`, and a subagent's `<tmp>/<project>/chats/<parent
 * session>/<file>`: `.jsonl` is read as lines, `.json` as a whole document. Nothing else
 * under tmp/ (logs.json holds the user's prompts, checkpoints hold files) is read.
 */
function fileKind(path: string): FileKind | null {
  const parts = path.split(sep);
  const i = parts.lastIndexOf('chats');
  const below = parts.length - 1 - i;
  if (i < 2 || parts[i - 2] !== 'tmp' || below < 1 || below > 2) return null;
  const name = parts[parts.length - 1]!;
  if (name.endsWith('.jsonl')) return 'lines';
  if (name.endsWith('.json')) return 'document';
  return null;
}

/** One line of a .jsonl chat. */
function parse(text: string, origin: Origin, sink: EventSink, raw: FileMemo): void {
  const memo = raw as Memo;
  const rec = parseObject(text, sink);
  if (!rec) return;
  if (isRecord(rec.$set)) {
    // A metadata update; `messages` in it is a checkpoint that re-lists the conversation.
    readMeta(rec.$set, memo, sink);
    if (Array.isArray(rec.$set.messages)) readMessages(rec.$set.messages, context(memo), origin, sink);
    return;
  }
  // A rewind drops messages from the conversation, not from the bill: they were answered.
  if (rec.$rewindTo !== undefined) return;
  if (typeof rec.sessionId === 'string' && typeof rec.projectHash === 'string') {
    // The first line; a legacy record migrated whole onto one line also carries its messages.
    readMeta(rec, memo, sink);
    if (Array.isArray(rec.messages)) readMessages(rec.messages, context(memo), origin, sink);
    return;
  }
  if (rec.id !== undefined) {
    const e = fromMessage(rec, context(memo), origin, sink);
    if (e) sink.event(e);
  }
}

/** A whole session-*.json document: its messages, the last record of each id. */
function parseDocument(text: string, _path: string, sink: EventSink): void {
  const doc = parseObject(text, sink);
  if (!doc) return;
  if (!Array.isArray(doc.messages)) {
    sink.issue('wrong_format');
    return;
  }
  const bad = () => sink.issue('bad_field');
  const kind = doc.kind;
  readMessages(doc.messages, { sessionId: readText(doc.sessionId, bad), projectHash: readText(doc.projectHash, bad), subagent: kind === 'subagent' }, Origin.Direct, sink);
}

/**
 * A list of messages: each id once, with its last record. Gemini CLI rewrites a message
 * when its tokens or tool calls arrive, and the last record is the message as it ended,
 * even in the rare case where its counts are lower.
 */
function readMessages(list: unknown[], ctx: Context, origin: Origin, sink: EventSink): void {
  const last = new Map<string, Rec>();
  const anonymous: Rec[] = [];
  for (const m of list.slice(0, MAX_MESSAGES)) {
    if (!isRecord(m)) continue;
    const id = typeof m.id === 'string' ? m.id : null;
    if (id === null) anonymous.push(m);
    else {
      last.delete(id);
      last.set(id, m);
    }
  }
  for (const m of [...last.values(), ...anonymous]) {
    const e = fromMessage(m, ctx, origin, sink);
    if (e) sink.event(e);
  }
}

/**
 * One message: a response when it is Gemini's and carries `tokens`
 * ({input, output, cached, thoughts, tool, total}, the API's usageMetadata renamed).
 * `input` (promptTokenCount) includes `cached`; `output` (candidatesTokenCount) leaves out
 * `thoughts`, billed as output; `tool` (toolUsePromptTokenCount, results of server-side
 * tools fed back to the model) is in neither and is billed as input; `total` is their sum.
 */
function fromMessage(m: Rec, ctx: Context, origin: Origin, sink: EventSink): UsageEvent | null {
  if (m.type !== 'gemini' || m.tokens === undefined || m.tokens === null) return null;
  const t = m.tokens;
  if (!isRecord(t)) {
    sink.issue('bad_usage');
    return null;
  }
  const ts = validTimestamp(m.timestamp);
  if (ts === null) {
    sink.issue('missing_timestamp');
    return null;
  }
  let badField = false;
  const bad = () => (badField = true);
  const count = (v: unknown): number => {
    if (v === undefined || v === null) return 0;
    const n = validCount(v);
    if (n === null) bad();
    return n ?? 0;
  };
  const input = count(t.input);
  const output = count(t.output);
  let cached = count(t.cached);
  const thoughts = count(t.thoughts);
  const tool = count(t.tool);
  // Cached tokens are part of the prompt: more of them than the prompt is a damaged record.
  if (cached > input) {
    bad();
    cached = input;
  }
  // The API's total is the sum of the parts; a total that disagrees means a part was lost or
  // altered. The parts are kept as logged (no part is guessed) and the record is reported.
  if (t.total !== undefined && t.total !== null) {
    const total = validCount(t.total);
    if (total === null || total !== input + output + thoughts + tool) bad();
  }
  const inputTokens = Math.min(input - cached + tool, MAX_COUNT);
  const outputTokens = Math.min(output + thoughts, MAX_COUNT);
  if (inputTokens === 0 && outputTokens === 0 && cached === 0) {
    if (badField) sink.issue('bad_field');
    return null;
  }
  const id = readText(m.id, bad);
  const sid = ctx.sessionId;
  const model = readText(m.model, bad);
  const event: UsageEvent = {
    // Without an id, the parts a repeated record shares still identify the response.
    key: id ? `gemini:${sid ?? ''}:${id}` : `gemini:${sid ?? ''}:anon:${ts}:${input}:${output}:${cached}`,
    messageId: id,
    requestId: null,
    ts,
    sessionId: sid,
    // A subagent's chat has its own session id; it is the agent, and its work is a sidechain.
    agentId: ctx.subagent ? sid : null,
    sidechain: ctx.subagent,
    // Gemini CLI records only a hash of the project's path: a stable label, never the path.
    project: ctx.projectHash ? `gemini:${ctx.projectHash}` : null,
    gitBranch: null,
    entrypoint: null,
    version: null,
    model,
    inputTokens,
    outputTokens,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: cached,
    webSearchRequests: 0,
    speed: null,
    inferenceGeo: null,
    serviceTier: null,
    costUsd: null,
    agentType: null,
    skill: null,
    mcpServer: null,
    mcpTool: null,
    plugin: null,
    tools: toolNames(m.toolCalls, bad),
    reasoningTokens: thoughts,
    premiumRequests: 0,
    origin,
    agent: gemini.name,
  };
  if (badField) sink.issue('bad_field');
  return event;
}

/** The metadata line (or a $set) updates the chat's session, project and kind. */
function readMeta(r: Rec, memo: Memo, sink: EventSink): void {
  const bad = () => sink.issue('bad_field');
  const sid = readText(r.sessionId, bad);
  const ph = readText(r.projectHash, bad);
  if (sid) memo.sid = sid;
  if (ph) memo.ph = ph;
  if (r.kind === 'subagent') memo.sub = 1;
  else if (r.kind === 'main') delete memo.sub;
}

/** The chat's context from its memo, which was JSON in the database: every field is checked again. */
function context(memo: Memo): Context {
  return {
    sessionId: validText(memo.sid),
    projectHash: validText(memo.ph),
    subagent: memo.sub === 1,
  };
}

/** Names of the tools a response called: names only, never arguments or results. */
function toolNames(calls: unknown, bad: () => void): string | null {
  if (!Array.isArray(calls)) return null;
  const names: string[] = [];
  for (const c of calls) {
    if (!isRecord(c)) continue;
    const name = readText(c.name, bad);
    if (name && !name.includes(',') && !names.includes(name)) names.push(name);
    if (names.length === MAX_TOOLS) break;
  }
  return names.length ? names.join(',') : null;
}

function parseObject(text: string, sink: EventSink): Rec | null {
  let rec: unknown;
  try {
    rec = JSON.parse(text);
  } catch {
    sink.issue('malformed_json');
    return null;
  }
  if (!isRecord(rec)) {
    sink.issue('malformed_json');
    return null;
  }
  return rec;
}

export const gemini: Source = {
  name: 'gemini',
  // Responses carry "tokens"; the metadata line (and a $set that renames the session) "sessionId".
  markers: [Buffer.from('"tokens"'), Buffer.from('"sessionId"')],
  roots,
  logDir: (root) => join(root, 'tmp'),
  fileKind,
  fileOrigin: () => Origin.Direct,
  parse,
  parseDocument,
  // Chats do not record how Gemini CLI was started (interactive or -p): no entrypoint is ever set.
  programmaticEntrypoint: 'non-interactive',
  priceProviders: ['google'],
  // gemini-2.5-pro → gemini-pro, gemini-3-flash-preview → gemini-flash, …-flash-lite → gemini-flash-lite.
  modelFamily: (model) => {
    const m = /^(?:google\/)?gemini-[\d.]+-(pro|flash-lite|flash)\b/i.exec(model);
    return m ? `gemini-${m[1]!.toLowerCase()}` : null;
  },
};
