// The dedupe rule: how sightings of one response in several lines and files merge.
import { MAX_ACTIONS, MAX_TOOLS } from '../sources/limits.js';
import type { UsageEvent } from '../sources/types.js';

/**
 * Merge rule for two sightings of the same response: usage comes from the sighting
 * with the most output tokens (the final one of a stream; on a tie, the larger prompt), metadata from the most
 * trustworthy origin. Ties keep what was seen first, except the model (see mergedModel).
 */
export function mergeEvents(kept: UsageEvent, next: UsageEvent): UsageEvent {
  const usageFromNext = next.outputTokens > kept.outputTokens || (next.outputTokens === kept.outputTokens && prompt(next) > prompt(kept));
  const metaFromNext = next.origin > kept.origin;
  const tools = mergeToolLists(kept.tools, next.tools);
  const actions = mergeLabels(kept.actions ?? null, next.actions ?? null, MAX_ACTIONS);
  const model = mergedModel(kept, next);
  // The turn: the more trustworthy sighting's, else whichever sighting knows one.
  const [turnId, topic] = metaFromNext && next.turnId ? [next.turnId, next.topic] : kept.turnId ? [kept.turnId, kept.topic] : [next.turnId, next.topic];
  if (!usageFromNext && !metaFromNext) {
    return tools === kept.tools && actions === (kept.actions ?? null) && model === kept.model && turnId === kept.turnId ? kept : { ...kept, tools, actions, model, turnId, topic };
  }
  const meta = metaFromNext ? next : kept;
  const usage = usageFromNext ? next : kept;
  return {
    ...meta,
    model,
    turnId,
    topic,
    actions,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheWrite5mTokens: usage.cacheWrite5mTokens,
    cacheWrite1hTokens: usage.cacheWrite1hTokens,
    cacheReadTokens: usage.cacheReadTokens,
    webSearchRequests: usage.webSearchRequests,
    speed: usage.speed,
    inferenceGeo: usage.inferenceGeo,
    serviceTier: usage.serviceTier,
    costUsd: usage.costUsd,
    reasoningTokens: usage.reasoningTokens,
    premiumRequests: usage.premiumRequests,
    tools,
  };
}

/** Everything one request sent: on equal output, the larger prompt is the later total (the store's USAGE_WINS). */
function prompt(e: UsageEvent): number {
  return e.inputTokens + e.cacheWrite5mTokens + e.cacheWrite1hTokens + e.cacheReadTokens;
}

/**
 * The model of two sightings: the more trustworthy origin's; between equals, a named model
 * over none and, when both name one, the one that sorts first, so that the order the files
 * are read in never decides the price. The store's upsert applies the same rule.
 */
export function mergedModel(kept: UsageEvent, next: UsageEvent): string | null {
  if (next.model === kept.model) return kept.model;
  if (next.origin !== kept.origin) return next.origin > kept.origin ? next.model : kept.model;
  if (kept.model === null || next.model === null) return kept.model ?? next.model;
  // Byte order of the UTF-8, as SQLite's min() compares.
  return Buffer.compare(Buffer.from(next.model), Buffer.from(kept.model)) < 0 ? next.model : kept.model;
}

/**
 * Streamed responses log one content block per line: the union of their tool names
 * (comma-separated, first-seen order) is the response's.
 */
export function mergeToolLists(a: string | null, b: string | null): string | null {
  return mergeLabels(a, b, MAX_TOOLS);
}

/** The union of two comma-separated lists, first-seen order, at most `max` entries (tools, actions). */
export function mergeLabels(a: string | null, b: string | null, max: number): string | null {
  if (!a) return b;
  if (!b || a === b) return a;
  const names = a.split(',');
  for (const n of b.split(',')) if (names.length < max && !names.includes(n)) names.push(n);
  return names.join(',');
}
