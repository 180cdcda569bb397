// A fake Anthropic and OpenAI API on 127.0.0.1 for the SDK's tests: the real clients point
// their baseURL at it. It counts what it received and answers /v1/messages,
// /v1/responses and /v1/chat/completions, as JSON or as a stream with the vendors' event
// shapes, with the usage each test queues (raw, in the vendor's own shape).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Rec = Record<string, unknown>;

export interface Reply {
  /** The usage object as the vendor sends it. */
  usage?: Rec;
  /** The model the response names (default: the request's). */
  model?: string;
  /** An HTTP error status instead of an answer. */
  status?: number;
  /** Streams only: send the first events (through Anthropic's first delta, OpenAI's first text delta), then hold the connection open (`hang`) or cut it (`cut`). */
  stop?: 'hang' | 'cut';
  delayMs?: number;
}

export interface Received {
  path: string;
  body: Rec;
}

export interface FakeLlm {
  url: string;
  received: Received[];
  /** Requests received on a path (all paths without one). */
  count(path?: string): number;
  /** Answers the next requests with these, in order; then the defaults. */
  reply(...r: Reply[]): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE: Record<string, Rec> = {
  '/v1/messages': { input_tokens: 1000, output_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  '/v1/responses': { input_tokens: 1000, input_tokens_details: { cached_tokens: 0 }, output_tokens: 100, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1100 },
  '/v1/chat/completions': { prompt_tokens: 1000, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens: 100, completion_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1100 },
};

export async function startFakeLlm(): Promise<FakeLlm> {
  const received: Received[] = [];
  const queue: Reply[] = [];
  const open = new Set<ServerResponse>();
  let n = 0;
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const path = (req.url ?? '').split('?')[0]!;
    const body = (text ? JSON.parse(text) : {}) as Rec;
    received.push({ path, body });
    const r = queue.shift() ?? {};
    if (r.delayMs) await new Promise((done) => setTimeout(done, r.delayMs));
    const id = ++n;
    const model = r.model ?? String(body.model);
    if (r.status) {
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'fake error' } }));
      return;
    }
    const usage = r.usage ?? DEFAULT_USAGE[path];
    if (!usage) {
      res.writeHead(404).end();
      return;
    }
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` });
      res.end(JSON.stringify(jsonAnswer(path, id, model, usage)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const events = streamEvents(path, id, model, usage, body);
    // Stopped streams: the first events only (an Anthropic message_start, nothing of OpenAI's final usage).
    const sent = r.stop ? events.slice(0, path === '/v1/chat/completions' ? 1 : 4) : events;
    if (r.stop === 'hang') {
      for (const e of sent) res.write(e);
      open.add(res);
      res.on('close', () => open.delete(res));
      return;
    }
    if (r.stop === 'cut') {
      // Cut once what was sent has left.
      res.write(sent.join(''), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    for (const e of sent) res.write(e);
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    count: (path) => received.filter((r) => path === undefined || r.path === path).length,
    reply: (...r) => void queue.push(...r),
    close: () => {
      for (const res of open) res.socket?.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function jsonAnswer(path: string, id: number, model: string, usage: Rec): Rec {
  if (path === '/v1/messages') {
    return { id: `msg_${id}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null, usage };
  }
  if (path === '/v1/responses') return response(id, model, 'completed', usage);
  return {
    id: `chatcmpl-${id}`, object: 'chat.completion', created: 1_780_000_000, model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage,
  };
}

function response(id: number, model: string, status: string, usage: Rec | null): Rec {
  return {
    id: `resp_${id}`, object: 'response', created_at: 1_780_000_000, status, model,
    output: status === 'completed' ? [{ type: 'message', id: `msg_${id}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'ok', annotations: [] }] }] : [],
    usage,
  };
}

const sse = (event: string | null, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

function streamEvents(path: string, id: number, model: string, usage: Rec, body: Rec): string[] {
  if (path === '/v1/messages') {
    // As the API streams: message_start carries the input side and a first output count,
    // message_delta the cumulative output at the end.
    const startUsage = { ...usage, output_tokens: 1 };
    return [
      sse('message_start', { type: 'message_start', message: { id: `msg_${id}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: startUsage } }),
      sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      sse('ping', { type: 'ping' }),
      sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } }),
      sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
      sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }),
      sse('message_stop', { type: 'message_stop' }),
    ];
  }
  if (path === '/v1/responses') {
    const item = `msg_${id}`;
    const part = { type: 'output_text', text: 'ok', annotations: [] };
    const done = (response(id, model, 'completed', usage).output as Rec[])[0];
    return [
      sse('response.created', { type: 'response.created', sequence_number: 0, response: response(id, model, 'in_progress', null) }),
      sse('response.output_item.added', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { type: 'message', id: item, status: 'in_progress', role: 'assistant', content: [] } }),
      sse('response.content_part.added', { type: 'response.content_part.added', sequence_number: 2, item_id: item, output_index: 0, content_index: 0, part: { ...part, text: '' } }),
      sse('response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 3, item_id: item, output_index: 0, content_index: 0, delta: 'ok' }),
      sse('response.output_text.done', { type: 'response.output_text.done', sequence_number: 4, item_id: item, output_index: 0, content_index: 0, text: 'ok' }),
      sse('response.content_part.done', { type: 'response.content_part.done', sequence_number: 5, item_id: item, output_index: 0, content_index: 0, part }),
      sse('response.output_item.done', { type: 'response.output_item.done', sequence_number: 6, output_index: 0, item: done }),
      sse('response.completed', { type: 'response.completed', sequence_number: 7, response: response(id, model, 'completed', usage) }),
    ];
  }
  const chunk = (choices: unknown[], extra: Rec = {}) => sse(null, { id: `chatcmpl-${id}`, object: 'chat.completion.chunk', created: 1_780_000_000, model, choices, ...extra });
  const events = [
    chunk([{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: null }]),
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
  ];
  const options = body.stream_options as Rec | undefined;
  if (options?.include_usage === true) events.push(chunk([], { usage }));
  events.push(sse(null, '[DONE]'));
  return events;
}
