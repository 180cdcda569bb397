// A request's worst case, before it is sent: an upper bound on its input tokens, its output
// cap, and the dearest rates that could apply to them.
//
// Input bound: byte-level BPE tokenizers (Anthropic's and OpenAI's) never make a token of
// less than one byte, so the UTF-8 bytes of a text bound its tokens. Every key, string,
// number and boolean of the request's prompt-bearing fields is counted, plus a fixed
// overhead per request, per message and per tool set (the role markers and the tool-use
// instructions the vendor adds) and a fixed count per image. On ordinary English this is
// about 4× the real count (a token averages ~4 bytes); on code ~3×; on CJK text ~1.5×.
// Not bounded: files referenced by id, previous_response_id / conversation state, and PDF
// documents (counted by their bytes, but a page can tokenize to more).
import type { ModelPricing, TokenGroup } from '../core/pricing.js';

/** Fixed counts, each above what the vendors document. */
export const OVERHEAD = {
  request: 32,
  message: 8,
  /** Anthropic's tool-use system prompt is 313–346 tokens; OpenAI's function preamble is smaller. */
  tools: 1_000,
  /** Anthropic: at most ~1,600 tokens at standard resolution, ~4,800 at high resolution; OpenAI: at most ~2,500 for high detail. */
  image: 5_000,
} as const;

/** Top-level request fields that are settings, not prompt. */
const NOT_PROMPT = new Set(['model', 'max_tokens', 'max_output_tokens', 'max_completion_tokens', 'stream', 'stream_options', 'metadata', 'user', 'store', 'service_tier', 'safety_identifier', 'prompt_cache_key', 'temperature', 'top_p', 'top_k', 'n', 'seed']);
const IMAGE_TYPES = new Set(['image', 'image_url', 'input_image']);

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** An upper bound on the input tokens of a request body (Anthropic Messages, OpenAI Responses or Chat Completions). */
export function inputUpperBound(body: Record<string, unknown>): number {
  let total = OVERHEAD.request;
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') total += bytes(v);
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') total += String(v).length;
    else if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return;
      seen.add(v);
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string' && IMAGE_TYPES.has(o.type)) {
        total += OVERHEAD.image;
        return;
      }
      if (Array.isArray(v)) for (const x of v) walk(x);
      else for (const [k, x] of Object.entries(o)) {
        total += bytes(k);
        walk(x);
      }
    }
  };
  for (const [k, v] of Object.entries(body)) {
    if (NOT_PROMPT.has(k) || v === undefined) continue;
    if ((k === 'messages' || k === 'input') && Array.isArray(v)) total += OVERHEAD.message * v.length;
    if (k === 'tools' && Array.isArray(v) && v.length > 0) total += OVERHEAD.tools;
    total += bytes(k);
    walk(v);
  }
  return total;
}

/** The output cap a request sets, or null when it sets none. */
export function outputCap(body: Record<string, unknown>): number | null {
  for (const k of ['max_tokens', 'max_output_tokens', 'max_completion_tokens']) {
    const v = body[k];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1e9) return v;
  }
  return null;
}

/** Whether anything in the request asks for a cache write, and the longest lifetime asked for. */
export function cacheWriteAsked(body: Record<string, unknown>): '1h' | '5m' | null {
  let found: '1h' | '5m' | null = null;
  const walk = (v: unknown, depth: number): void => {
    if (typeof v !== 'object' || v === null || depth > 64 || found === '1h') return;
    const o = v as Record<string, unknown>;
    if (!Array.isArray(v) && 'cache_control' in o && typeof o.cache_control === 'object' && o.cache_control !== null) {
      found = (o.cache_control as Record<string, unknown>).ttl === '1h' ? '1h' : '5m';
    }
    for (const x of Array.isArray(v) ? v : Object.values(o)) walk(x, depth + 1);
  };
  walk(body, 0);
  return found;
}

/** Web searches the request allows at most (the web search tool's max_uses); 0 without the tool. */
export function webSearchCap(body: Record<string, unknown>): number {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  let n = 0;
  for (const t of tools) {
    if (typeof t !== 'object' || t === null) continue;
    const { type, max_uses } = t as Record<string, unknown>;
    if (typeof type === 'string' && type.startsWith('web_search_') && typeof max_uses === 'number' && Number.isInteger(max_uses) && max_uses > 0) n += max_uses;
  }
  return n;
}

/**
 * The tokens of the worst case, as one group to price: every input token at the dearest
 * input rate the request could be billed (a cache write when it asks for one), at the
 * long-context rates when the bound crosses the model's threshold.
 */
export function worstCaseGroup(body: Record<string, unknown>, pricing: ModelPricing, input: number, output: number): TokenGroup {
  const cache = cacheWriteAsked(body);
  const rates = (input > pricing.longContextThreshold && pricing.longContext) || pricing.base;
  // The dearest of the kinds a cached request's input can be billed as.
  const kind = cache === '1h' && rates.cacheWrite1h >= Math.max(rates.input, rates.cacheWrite5m) ? 'cacheWrite1hTokens'
    : cache && rates.cacheWrite5m >= rates.input ? 'cacheWrite5mTokens' : 'inputTokens';
  return {
    inputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0,
    [kind]: input,
    outputTokens: output,
    webSearchRequests: webSearchCap(body),
    longContext: input > pricing.longContextThreshold,
    fast: body.speed === 'fast',
    usOnly: body.inference_geo === 'us',
    batch: false,
  };
}
