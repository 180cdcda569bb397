// A deliberately plain token counter, slow but easy to audit, used to cross-check the scanner.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokens } from '../figures/usage.js';

export interface ReferenceCounts {
  responses: number;
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  webSearch: number;
}

export interface ReferenceResult extends Tokens {
  byDayModel: Record<string, Record<string, ReferenceCounts>>;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

// Files before subfolders, both sorted: a main transcript is read before its subagents' copies.
function listJsonl(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) if (e.isFile() && e.name.endsWith('.jsonl')) out.push(join(dir, e.name));
  for (const e of entries) if (e.isDirectory()) listJsonl(join(dir, e.name), out);
  return out;
}

// The assistant record a line carries: the line itself, or one embedded by a `progress` line
// as data.message = { type: 'assistant', message: { id, model, usage, … }, requestId, uuid, timestamp }.
function assistantRecord(line: Json): Json | undefined {
  if (line.type === 'assistant') return line;
  if (line.type !== 'progress') return undefined;
  const inner = obj(obj(line.data)?.message);
  if (inner?.type !== 'assistant') return undefined;
  // Embedded records may lack a timestamp of their own; the progress line's is the same moment.
  return inner.timestamp === undefined ? { ...inner, timestamp: line.timestamp } : inner;
}

interface Kept {
  output: number;
  record: Json;
}

export function referenceTotals(root: string, opts: { tz?: string } = {}): ReferenceResult {
  const kept = new Map<string, Kept>();
  for (const file of listJsonl(join(root, 'projects'))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.pop(); // text after the last newline is a line still being written
    for (const text of lines) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        continue;
      }
      const line = obj(parsed);
      const record = line && assistantRecord(line);
      const message = obj(record?.message);
      const usage = obj(message?.usage);
      if (!record || !message || !usage) continue;
      if (record.isApiErrorMessage === true || message.model === '<synthetic>') continue;
      const key = str(message.id) ?? str(record.requestId) ?? str(record.uuid);
      if (key === undefined) continue;
      const output = num(usage.output_tokens);
      const prev = kept.get(key);
      if (!prev || output > prev.output) kept.set(key, { output, record });
    }
  }

  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: opts.tz ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const result: ReferenceResult = {
    responses: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
    webSearchRequests: 0,
    byDayModel: {},
  };
  for (const { record } of kept.values()) {
    const message = obj(record.message) ?? {};
    const usage = obj(message.usage) ?? {};
    const writes = num(usage.cache_creation_input_tokens);
    const split = obj(usage.cache_creation);
    const c: ReferenceCounts = {
      responses: 1,
      input: num(usage.input_tokens),
      output: num(usage.output_tokens),
      cacheWrite5m: split ? num(split.ephemeral_5m_input_tokens) : writes,
      cacheWrite1h: split ? num(split.ephemeral_1h_input_tokens) : 0,
      cacheRead: num(usage.cache_read_input_tokens),
      webSearch: num(obj(usage.server_tool_use)?.web_search_requests),
    };
    result.responses += 1;
    result.inputTokens += c.input;
    result.outputTokens += c.output;
    result.cacheWrite5mTokens += c.cacheWrite5m;
    result.cacheWrite1hTokens += c.cacheWrite1h;
    result.cacheReadTokens += c.cacheRead;
    result.webSearchRequests += c.webSearch;

    const when = new Date(typeof record.timestamp === 'string' ? record.timestamp : NaN);
    const d = Number.isNaN(when.getTime()) ? 'unknown' : day.format(when);
    const model = str(message.model) ?? 'unknown';
    const models = (result.byDayModel[d] ??= {});
    const into = models[model];
    if (!into) {
      models[model] = c;
      continue;
    }
    for (const k of Object.keys(c) as (keyof ReferenceCounts)[]) into[k] += c[k];
  }
  return result;
}
