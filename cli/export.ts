// `runway export`: one row per response, no message text, as CSV or a JSON array. Rows are
// read from a prepared statement's iterator and written in chunks that wait for 'drain', so
// a million responses export in constant memory.
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { addDays, dateInZone } from '../core/calendar.js';
import { startOfDay } from '../figures/dashboard.js';
import { priceRow, type Pricing, type UsageQuery } from '../figures/usage.js';
import { responseRows } from '../store/responses.js';
import { pricing, scanFirst, usageQuery, UserError, type CommandResult, type Context } from './context.js';
import { n } from './format.js';

const EXPORT_COLUMNS = [
  'timestamp', 'date', 'session_id', 'project', 'model', 'entrypoint', 'agent_id', 'sidechain',
  'input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens',
  'web_search_requests', 'speed', 'cost_usd', 'cost_source', 'unpriced_reason', 'message_id', 'request_id', 'agent',
  'reasoning_tokens', 'premium_requests',
] as const;

type Value = string | number | boolean | null;
type Format = 'csv' | 'json';

const CHUNK_CHARS = 64 * 1024;
const DAY_MS = 86_400_000;
const BUCKET_MS = 900_000;

export async function exportCommand(ctx: Context, values: { format?: string; output?: string }): Promise<CommandResult> {
  const format = values.format;
  if (format !== 'csv' && format !== 'json') {
    throw new UserError(`--format ${format === undefined ? 'is required' : JSON.stringify(format)}: expected csv or json`);
  }
  const q = usageQuery(ctx);
  scanFirst(ctx);
  const p = await pricing(ctx);
  const target = values.output === undefined ? null : openOutput(values.output);
  const out = target ?? process.stdout;
  const written = await writeRows(out, rows(ctx, q, p), format);
  if (!target) return '';
  target.end();
  await finished(target);
  const range = q.since && q.until ? `${q.since} – ${q.until}` : q.since ? `from ${q.since}` : q.until ? `through ${q.until}` : 'all dates';
  return `Wrote ${n(written)} responses to ${values.output} (${format.toUpperCase()}, ${range}, ${ctx.tz})`;
}

function openOutput(file: string): Writable {
  try {
    // Opened here, synchronously, so a bad path (such as a missing folder) is a one-line error.
    return createWriteStream(file, { fd: openSync(file, 'w') });
  } catch (e) {
    throw new UserError(`--output ${file}: cannot write it: ${(e as Error).message}`);
  }
}

/** Every response the query selects, oldest first, as output values in EXPORT_COLUMNS order. */
function* rows(ctx: Context, q: UsageQuery, p: Pricing): Generator<Value[]> {
  // Local dates: a day's margin on each side in SQL, then the exact test on each row's own
  // date, so the filter and the date column can never disagree.
  const from = q.since ? startOfDay(q.since, q.tz) - DAY_MS : -8.64e15;
  const to = q.until ? startOfDay(addDays(q.until, 1), q.tz) + DAY_MS : 8.64e15;
  // Rows come sorted and a local date is constant within a 15-minute bucket: one lookup per bucket.
  let bucket = NaN;
  let date = '';
  for (const r of responseRows(ctx.db, q, from, to)) {
    const b = Math.floor(r.ts / BUCKET_MS);
    if (b !== bucket) {
      bucket = b;
      date = dateInZone(b * BUCKET_MS, q.tz);
    }
    if ((q.since && date < q.since) || (q.until && date > q.until)) continue;
    const { cost, reason } = priceRow(r, r.ts, p);
    const source = cost === null ? null : r.logged_cost && p.mode !== 'calculate' ? 'logged' : 'calculated';
    yield [
      new Date(r.ts).toISOString(), date, r.session_id, r.project, r.model, r.entrypoint, r.agent_id, r.sidechain === 1,
      r.inputTokens, r.outputTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens, r.cacheReadTokens,
      r.webSearchRequests, r.speed, cost, source, reason, r.message_id, r.request_id, r.agent,
      r.reasoningTokens, r.premiumRequests,
    ];
  }
}

/** RFC 4180: a field holding a comma, quote, CR or LF is quoted, its quotes doubled. */
function csvField(v: Value): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function jsonLine(values: Value[]): string {
  const o: Record<string, Value> = {};
  EXPORT_COLUMNS.forEach((c, i) => (o[c] = values[i]!));
  return JSON.stringify(o);
}

/** Writes the rows; returns how many. A reader that went away (`| head`) ends it quietly. */
async function writeRows(out: Writable, values: Iterable<Value[]>, format: Format): Promise<number> {
  let failure: NodeJS.ErrnoException | null = null;
  // Left attached: a pipe's error can arrive after the last write, and unheard it would crash.
  out.on('error', (e: NodeJS.ErrnoException) => (failure ??= e));
  let chunk = format === 'csv' ? `${EXPORT_COLUMNS.join(',')}\r\n` : '[';
  let count = 0;
  for (const v of values) {
    chunk += format === 'csv' ? `${v.map(csvField).join(',')}\r\n` : `${count ? ',' : ''}\n${jsonLine(v)}`;
    count++;
    if (chunk.length < CHUNK_CHARS) continue;
    await flush(out, chunk);
    chunk = '';
    if (failure) break;
  }
  if (!failure) await flush(out, format === 'csv' ? chunk : `${chunk}\n]\n`);
  const err = failure as NodeJS.ErrnoException | null;
  if (err && err.code !== 'EPIPE') throw new UserError(`cannot write the export: ${err.message}`);
  return count;
}

/**
 * Hands one chunk to the stream and waits for 'drain' when it is full. Otherwise it still
 * yields once, so an error from a synchronous write (EPIPE on a pipe) arrives before the next chunk.
 */
function flush(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (!chunk || out.destroyed) return resolve();
    if (out.write(chunk)) return setImmediate(resolve);
    const done = () => {
      out.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    out.on('drain', done).on('close', done).on('error', done);
  });
}
