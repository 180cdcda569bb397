// What the SDK's guard adds to a call: the real `@anthropic-ai/sdk` and `openai` clients against
// a fake API on 127.0.0.1, each guarded call (one `run()` with a budget around one
// `guard(client)` call) interleaved with the same call unguarded; target: median overhead
// per call < 1 ms.   node dist/bench/sdk-guard.js [--calls 2000] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { guard, run } from '../sdk/index.js';
import { percentile } from './measure.js';

export const SDK_OVERHEAD_MS = 1;
const WARMUPS = 50;

export interface GuardCase {
  name: string;
  /** Sorted wall times in ms of the calls, warm-ups left out. */
  plain: number[];
  guarded: number[];
  /** Sorted guarded − plain of each interleaved pair, in ms. */
  overhead: number[];
}

type Rec = Record<string, unknown>;
const sse = (event: string | null, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const ANTHROPIC_USAGE = { input_tokens: 1000, output_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
const OPENAI_USAGE = { prompt_tokens: 1000, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens: 100, completion_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1100 };

/** The vendors' answers, as JSON or as their event streams: what the clients parse, nothing more. */
function answer(path: string, body: Rec, id: number): { type: string; text: string } | null {
  const model = String(body.model);
  if (path === '/v1/messages') {
    if (body.stream !== true) {
      return { type: 'application/json', text: JSON.stringify({ id: `msg_${id}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null, usage: ANTHROPIC_USAGE }) };
    }
    return { type: 'text/event-stream', text: [
      sse('message_start', { type: 'message_start', message: { id: `msg_${id}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...ANTHROPIC_USAGE, output_tokens: 1 } } }),
      sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } }),
      sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
      sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: ANTHROPIC_USAGE.output_tokens } }),
      sse('message_stop', { type: 'message_stop' }),
    ].join('') };
  }
  if (path === '/v1/chat/completions') {
    const head = { id: `chatcmpl-${id}`, created: 1_780_000_000, model };
    if (body.stream !== true) {
      return { type: 'application/json', text: JSON.stringify({ ...head, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, finish_reason: 'stop', logprobs: null }], usage: OPENAI_USAGE }) };
    }
    const chunk = (choices: unknown[], extra: Rec = {}) => sse(null, { ...head, object: 'chat.completion.chunk', choices, ...extra });
    const withUsage = (body.stream_options as Rec | undefined)?.include_usage === true;
    return { type: 'text/event-stream', text: [
      chunk([{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: null }]),
      chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
      ...(withUsage ? [chunk([], { usage: OPENAI_USAGE })] : []),
      sse(null, '[DONE]'),
    ].join('') };
  }
  return null;
}

async function fakeApi(): Promise<{ url: string; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c));
    req.on('end', () => {
      const a = answer((req.url ?? '').split('?')[0]!, (text ? JSON.parse(text) : {}) as Rec, ++n);
      if (!a) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': a.type, 'request-id': `req_${n}` }).end(a.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Times `calls` interleaved pairs (plain, guarded) of each case after warm-ups. Prices come from a private cache folder. */
export async function timeGuard(calls: number): Promise<GuardCase[]> {
  const cache = mkdtempSync(join(tmpdir(), 'runway-bench-sdk-'));
  process.env.XDG_CACHE_HOME = cache;
  const api = await fakeApi();
  try {
    const anthropic = new Anthropic({ apiKey: 'bench-key', baseURL: api.url, maxRetries: 0 });
    const openai = new OpenAI({ apiKey: 'bench-key', baseURL: `${api.url}/v1`, maxRetries: 0 });
    const ga = guard(anthropic);
    const go = guard(openai);
    const msg = { model: 'claude-sonnet-4-5', max_tokens: 1000, messages: [{ role: 'user' as const, content: 'hi' }] };
    const chat = { model: 'gpt-5', max_completion_tokens: 1000, messages: [{ role: 'user' as const, content: 'hi' }] };
    const drain = async (s: AsyncIterable<unknown>) => {
      for await (const _ of s);
    };
    const cases: [string, (a: Anthropic, o: OpenAI) => Promise<unknown>][] = [
      ['anthropic messages.create', (a) => a.messages.create(msg)],
      ['anthropic messages.create stream', async (a) => drain(await a.messages.create({ ...msg, stream: true }))],
      ['openai chat.completions.create', (_, o) => o.chat.completions.create(chat)],
      ['openai chat.completions.create stream', async (_, o) => drain(await o.chat.completions.create({ ...chat, stream: true, stream_options: { include_usage: true } }))],
    ];
    const out: GuardCase[] = [];
    for (const [name, call] of cases) {
      const plain: number[] = [];
      const guarded: number[] = [];
      const overhead: number[] = [];
      for (let i = 0; i < calls + WARMUPS; i++) {
        let t = performance.now();
        await call(anthropic, openai);
        const p = performance.now() - t;
        t = performance.now();
        await run('bench', { budget: 1e9 }, () => call(ga, go));
        const g = performance.now() - t;
        if (i < WARMUPS) continue;
        plain.push(p);
        guarded.push(g);
        overhead.push(g - p);
      }
      for (const s of [plain, guarded, overhead]) s.sort((a, b) => a - b);
      out.push({ name, plain, guarded, overhead });
    }
    return out;
  } finally {
    await api.close();
    rmSync(cache, { recursive: true, force: true });
  }
}

/** One line per case: medians of the plain and guarded calls and of their difference. */
export function describeGuard(c: GuardCase): string {
  const m = (s: number[]) => percentile(s, 50).toFixed(3);
  return `${c.name}: plain ${m(c.plain)} ms, guarded ${m(c.guarded)} ms, overhead median ${m(c.overhead)} ms (p95 ${percentile(c.overhead, 95).toFixed(3)})`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '2000' }, json: { type: 'boolean', default: false } } });
  const calls = Number(values.calls);
  if (!Number.isSafeInteger(calls) || calls < 1) throw new Error('--calls: expected a whole number above 0');
  const cases = await timeGuard(calls);
  if (values.json) console.log(JSON.stringify(cases));
  else {
    console.log(`Node ${process.version}; ${calls} interleaved pairs per case after ${WARMUPS} warm-up pairs`);
    for (const c of cases) console.log(`${describeGuard(c)}  ${percentile(c.overhead, 50) < SDK_OVERHEAD_MS ? 'MET' : 'MISSED'}`);
  }
}
