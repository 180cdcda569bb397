// What a response says it used, read from the vendors' own shapes and checked: a count that
// is missing, negative, fractional or absurd is refused, never turned into NaN or $0.
import type { CallTokens } from './types.js';

export interface Usage {
  tokens: CallTokens;
  /** usage.speed "fast" (Anthropic's fast mode). */
  fast: boolean;
  /** usage.inference_geo "us" (US-only inference). */
  usOnly: boolean;
  /** usage.service_tier "batch". */
  batch: boolean;
}

/** The largest count one response can hold: far above any real one. */
const MAX_COUNT = 1e9;
type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A token count, or null when it is not one. */
function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT ? v : null;
}
/** An optional count: absent is 0, present and broken is null. */
function optional(v: unknown): number | null {
  return v === undefined || v === null ? 0 : count(v);
}

/**
 * Anthropic's `usage` (a response's, or a stream's message_start merged with its last
 * message_delta). Cache writes are the larger of the flat field and the nested 5m + 1h sum
 * (some responses had one without the other); the 1-hour part is the nested figure.
 */
export function anthropicUsage(u: unknown): Usage | null {
  if (!isRec(u)) return null;
  const input = count(u.input_tokens);
  const output = count(u.output_tokens);
  const flat = optional(u.cache_creation_input_tokens);
  const read = optional(u.cache_read_input_tokens);
  const nested = isRec(u.cache_creation) ? u.cache_creation : {};
  const w5 = optional(nested.ephemeral_5m_input_tokens);
  const w1 = optional(nested.ephemeral_1h_input_tokens);
  const searches = optional(isRec(u.server_tool_use) ? u.server_tool_use.web_search_requests : undefined);
  const thinking = optional(isRec(u.output_tokens_details) ? u.output_tokens_details.thinking_tokens : undefined);
  if (input === null || output === null || flat === null || read === null || w5 === null || w1 === null || searches === null) return null;
  const writes = Math.max(flat, w5 + w1);
  return {
    tokens: { input, output, cacheWrite5m: writes - w1, cacheWrite1h: w1, cacheRead: read, webSearches: searches, reasoning: Math.min(thinking ?? 0, output) },
    fast: u.speed === 'fast',
    usOnly: u.inference_geo === 'us',
    batch: u.service_tier === 'batch',
  };
}

/** A stream's usage so far: message_start's, with every field a later message_delta gives (its output is cumulative). */
export function mergeAnthropicDelta(start: unknown, delta: unknown): unknown {
  if (!isRec(delta)) return start;
  const merged: Rec = { ...(isRec(start) ? start : {}) };
  for (const [k, v] of Object.entries(delta)) if (v !== null && v !== undefined) merged[k] = v;
  return merged;
}

/**
 * OpenAI's usage, of the Responses API (input_tokens, output_tokens) or of Chat Completions
 * (prompt_tokens, completion_tokens). The input figure includes the cached tokens, which are
 * billed at the cached rate, so they are taken out of it; reasoning is part of output.
 */
export function openaiUsage(u: unknown): Usage | null {
  if (!isRec(u)) return null;
  const chat = 'prompt_tokens' in u;
  const prompt = count(chat ? u.prompt_tokens : u.input_tokens);
  const output = count(chat ? u.completion_tokens : u.output_tokens);
  const inDetails = u[chat ? 'prompt_tokens_details' : 'input_tokens_details'];
  const outDetails = u[chat ? 'completion_tokens_details' : 'output_tokens_details'];
  const cached = optional(isRec(inDetails) ? inDetails.cached_tokens : undefined);
  const reasoning = optional(isRec(outDetails) ? outDetails.reasoning_tokens : undefined);
  if (prompt === null || output === null || cached === null || reasoning === null || cached > prompt || reasoning > output) return null;
  return {
    tokens: { input: prompt - cached, output, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: cached, webSearches: 0, reasoning },
    fast: false,
    usOnly: false,
    batch: false,
  };
}
