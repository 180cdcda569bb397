// One OpenCode assistant message as a usage event: the part every layout shares (the JSON
// storage tree, the `message` table's JSON and OpenCode 2's `session_message` rows). The
// readers hand over the message's fields as they found them; every one is checked here.
import { Origin, type EventSink, type UsageEvent } from '../types.js';
import { MAX_COUNT, MAX_TS, MIN_TS, validCost, validCount, validText, validTimestamp } from '../limits.js';

/** Which writer's conventions a message follows (see outputSplit). */
export type Layout = 'v1' | 'v2';

/** A message's fields as read, unchecked. Only numbers, ids and names: never text. */
export interface MessageFields {
  id: unknown;
  sessionId: unknown;
  providerId: unknown;
  modelId: unknown;
  cost: unknown;
  input: unknown;
  output: unknown;
  reasoning: unknown;
  cacheRead: unknown;
  cacheWrite: unknown;
  /** tokens.total, written by OpenCode from February 2026 on (see outputSplit). */
  total: unknown;
  created: unknown;
  completed: unknown;
  /** path.cwd, path.root, or the session's directory: the first usable one is the project. */
  projects: unknown[];
  agent: unknown;
  /** The message ended in an error (aborted, API error): its name only, never its message. */
  error: unknown;
}

/** What became of a message: counted, not finished yet (its tokens may still grow), or neither. */
export type Outcome = 'usage' | 'pending' | 'none';

/** An unfinished message older than this is not waited for any longer (OpenCode died mid-stream). */
export const PENDING_FOR_MS = 24 * 3_600_000;

export const AGENT = 'opencode';

/**
 * Emits the message's usage, if it has any. `now` dates the wait for an unfinished message.
 * A message with an error still counts the tokens it reports: they were billed, and
 * OpenCode's own `stats` and session totals add them too. One with no tokens adds nothing.
 */
export function emitMessage(f: MessageFields, layout: Layout, sink: EventSink, now: number): Outcome {
  let badField = false;
  const text = (v: unknown): string | null => {
    const t = validText(v);
    if (t === null && v !== undefined && v !== null && v !== '') badField = true;
    return t;
  };
  const count = (v: unknown): number => {
    if (v === undefined || v === null) return 0;
    const n = validCount(v);
    if (n === null) badField = true;
    return n ?? 0;
  };

  const id = text(f.id);
  if (id === null) {
    sink.issue(f.id === undefined || f.id === null ? 'wrong_format' : 'bad_field');
    return 'none';
  }
  const input = count(f.input);
  const output = count(f.output);
  const reasoning = count(f.reasoning);
  const cacheRead = count(f.cacheRead);
  const cacheWrite = count(f.cacheWrite);
  const total = f.total === undefined || f.total === null ? null : validCount(f.total);
  if (total === null && f.total !== undefined && f.total !== null) badField = true;
  const failed = f.error !== undefined && f.error !== null;
  const finished = failed || (f.completed !== undefined && f.completed !== null);
  const created = millis(f.created);

  if (input + output + reasoning + cacheRead + cacheWrite === 0) {
    if (badField) sink.issue('bad_field');
    // A message being streamed is written before its tokens are: it is asked again until it finishes.
    return !finished && created !== null && now - created < PENDING_FOR_MS ? 'pending' : 'none';
  }
  if (created === null) {
    sink.issue('missing_timestamp');
    return 'none';
  }
  const costUsd = f.cost === undefined || f.cost === null ? null : validCost(f.cost);
  if (costUsd === null && f.cost !== undefined && f.cost !== null) badField = true;
  const split = outputSplit({ input, output, reasoning, cacheRead, cacheWrite, total }, layout, text(f.providerId));

  const event: UsageEvent = {
    key: `${AGENT}:${id}`,
    messageId: id,
    requestId: null,
    ts: created,
    sessionId: text(f.sessionId),
    agentId: null,
    // A child session (a subagent's task) is a session of its own, never folded into its parent.
    sidechain: false,
    project: firstText(f.projects, () => (badField = true)),
    gitBranch: null,
    entrypoint: null,
    version: null,
    model: text(f.modelId),
    inputTokens: input,
    outputTokens: split.outputTokens,
    cacheWrite5mTokens: cacheWrite,
    cacheWrite1hTokens: 0,
    cacheReadTokens: cacheRead,
    webSearchRequests: 0,
    speed: null,
    inferenceGeo: null,
    serviceTier: null,
    costUsd,
    agentType: text(f.agent),
    skill: null,
    mcpServer: null,
    mcpTool: null,
    plugin: null,
    tools: null,
    reasoningTokens: split.reasoningTokens,
    premiumRequests: 0,
    origin: Origin.Direct,
    agent: AGENT,
  };
  if (badField) sink.issue('bad_field');
  sink.event(event);
  return finished || now - created >= PENDING_FOR_MS ? 'usage' : 'pending';
}

interface Counts {
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite: number;
  total: number | null;
}

/**
 * Runway's output (everything billed at the output rate, reasoning included) and its
 * reasoning part, from OpenCode's `output` and `reasoning`, which are disjoint in some
 * versions and not in others (sources/opencode/README.md, "Token units"):
 * - since OpenCode's fix for reasoning counted twice (2026, AI SDK 6; and every OpenCode 2
 *   message), `output` is the visible output alone and `reasoning` comes on top;
 * - before, `output` was the AI SDK's output count as the provider gave it: reasoning
 *   included for OpenAI and the OpenAI-compatible providers, excluded for Gemini.
 * `tokens.total` (the provider's total, written since February 2026) tells which, when it
 * adds up one way and not the other; without it, the version's rule decides.
 */
export function outputSplit(c: Counts, layout: Layout, provider: string | null): { outputTokens: number; reasoningTokens: number } {
  if (c.reasoning === 0) return { outputTokens: c.output, reasoningTokens: 0 };
  const base = c.input + c.cacheRead + c.cacheWrite;
  let apart: boolean;
  // Reasoning larger than the output cannot be a part of it, whatever a total says.
  if (c.reasoning > c.output) apart = true;
  else if (c.total !== null && c.total === base + c.output + c.reasoning) apart = true;
  else if (c.total !== null && c.total === base + c.output) apart = false;
  else if (layout === 'v2') apart = true;
  else apart = provider !== null && /^google/i.test(provider);
  return apart
    ? { outputTokens: Math.min(c.output + c.reasoning, MAX_COUNT), reasoningTokens: c.reasoning }
    : { outputTokens: c.output, reasoningTokens: c.reasoning };
}

/** Milliseconds since the epoch: OpenCode writes whole numbers; an ISO string is read too. */
export function millis(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= MIN_TS && v <= MAX_TS ? v : null;
  return validTimestamp(v);
}

function firstText(values: unknown[], bad: () => void): string | null {
  for (const v of values) {
    if (v === undefined || v === null || v === '') continue;
    const t = validText(v);
    if (t !== null) return t;
    bad();
  }
  return null;
}
