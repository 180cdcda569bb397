// guard(client): the same client, its create methods checked against the current run's
// budget before they send. A Proxy, so every other property and method is the client's own;
// the helpers built on create (messages.stream, responses.stream, chat.completions.stream,
// parse) go through the guarded create, so they are guarded too, once.
import { currentRun, type Pending, type Provider } from './run.js';
import { anthropicUsage, mergeAnthropicDelta, openaiUsage, type Usage } from './usage.js';

type Rec = Record<string, unknown>;
type Api = 'anthropic' | 'openai-responses' | 'openai-chat';

/** The guarded methods, by their path on the client. */
const GUARDED: Record<string, Api> = {
  'messages.create': 'anthropic',
  'beta.messages.create': 'anthropic',
  'responses.create': 'openai-responses',
  'chat.completions.create': 'openai-chat',
};
const PREFIXES = new Set(Object.keys(GUARDED).flatMap((p) => p.split('.').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('.'))));
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null;

/** Clients guard() returned: guarding one again would count its calls twice. */
const guarded = new WeakSet<object>();

export function guardClient<T>(client: T): T {
  if (!isRec(client)) throw new TypeError(`runway-budget: guard() takes an Anthropic or OpenAI client, got ${client === null ? 'null' : typeof client}`);
  if (guarded.has(client)) return client;
  const views = new WeakMap<object, object>();
  let root: object;
  const view = (target: Rec, path: string): object => {
    let v = views.get(target);
    if (v) return v;
    v = new Proxy(target, {
      get(t, key) {
        // Resources reach their client through _client (the stream helpers do): the guarded one.
        if (key === '_client' && path !== '') return root;
        const value = Reflect.get(t, key, t);
        if (typeof key !== 'string') return typeof value === 'function' && path === '' ? value.bind(t) : value;
        const at = path ? `${path}.${key}` : key;
        const api = GUARDED[at];
        if (api && typeof value === 'function') return guardedCreate(api, t, value as (...a: unknown[]) => unknown);
        if (PREFIXES.has(at) && isRec(value)) return view(value, at);
        // The client's own methods touch its private fields: they run on the client itself.
        // A resource's run on the view, so that what they call through `this` is guarded.
        // withOptions() makes another client: guarded too.
        if (path === '' && key === 'withOptions' && typeof value === 'function') return (...a: unknown[]) => guardClient(value.apply(t, a));
        if (typeof value === 'function') return path === '' ? value.bind(t) : value;
        return value;
      },
    });
    views.set(target, v);
    return v;
  };
  root = view(client, '');
  guarded.add(root);
  return root as T;
}

function guardedCreate(api: Api, target: object, create: (...a: unknown[]) => unknown) {
  return function (this: unknown, body: unknown, ...rest: unknown[]): unknown {
    const state = currentRun();
    // Outside run() there is no budget to hold the call to: it goes as it is.
    if (!state || !isRec(body) || Array.isArray(body)) return create.call(target, body, ...rest);
    const streaming = body.stream === true;
    let sent = body;
    if (api === 'openai-chat' && streaming && !(isRec(body.stream_options) && body.stream_options.include_usage === true)) {
      // Without it a chat stream reports no usage. The caller then sees one more chunk, last, with `choices: []`.
      sent = { ...body, stream_options: { ...(isRec(body.stream_options) ? body.stream_options : {}), include_usage: true } };
    }
    const provider: Provider = api === 'anthropic' ? 'anthropic' : 'openai';
    let pending: Pending;
    try {
      pending = state.begin(provider, body);
    } catch (e) {
      return refusal(e);
    }
    let promise: unknown;
    try {
      promise = create.call(target, sent, ...rest);
    } catch (e) {
      pending.failed(e);
      throw e;
    }
    const onData = (data: unknown) => {
      if (streaming) return watchStream(api, data, pending);
      const r = isRec(data) ? data : {};
      pending.finish(usageOf(api, r.usage), str(r.model), str(r.id));
      return data;
    };
    const p = promise as { _thenUnwrap?: (f: (d: unknown) => unknown) => unknown; then?: unknown };
    // The client's own promise type, transformed in its own way, so withResponse() and the
    // stream helpers built on it keep working; its parse runs once, for whoever awaits it.
    const out = typeof p?._thenUnwrap === 'function' ? p._thenUnwrap(onData) : Promise.resolve(promise).then(onData);
    (out as Promise<unknown>).then(undefined, (e: unknown) => pending.failed(e));
    return out;
  };
}

/**
 * A refused call, shaped like the client's own promise: the stream helpers call
 * withResponse() on what create returns, and get the refusal from it.
 */
function refusal(e: unknown): Promise<never> {
  const p = Promise.reject(e);
  // Whoever awaits it gets the error; a helper that only ever calls withResponse() leaves it unread.
  p.catch(() => {});
  return Object.assign(p, { withResponse: () => p, asResponse: () => p, _thenUnwrap: () => refusal(e) });
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length <= 500 ? v : null);

function usageOf(api: Api, u: unknown): Usage | null {
  return api === 'anthropic' ? anthropicUsage(u) : openaiUsage(u);
}

/** The stream, its events read on their way to the caller: the final usage is counted when it ends, what was seen when it is left or fails. */
function watchStream(api: Api, stream: unknown, pending: Pending): unknown {
  if (!isRec(stream) || typeof (stream as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
    pending.finish(null, null, null);
    return stream;
  }
  let start: unknown;
  let delta: unknown;
  let usage: unknown;
  let model: string | null = null;
  let id: string | null = null;
  const see = (e: unknown) => {
    if (!isRec(e)) return;
    if (api === 'anthropic') {
      if (e.type === 'message_start' && isRec(e.message)) {
        start = e.message.usage;
        model = str(e.message.model);
        id = str(e.message.id);
      } else if (e.type === 'message_delta') delta = mergeAnthropicDelta(delta, e.usage);
      usage = mergeAnthropicDelta(start, delta);
    } else if (api === 'openai-responses') {
      const r = e.response;
      if (isRec(r) && (e.type === 'response.completed' || e.type === 'response.incomplete' || e.type === 'response.failed' || e.type === 'response.created')) {
        model = str(r.model) ?? model;
        id = str(r.id) ?? id;
        if (r.usage) usage = r.usage;
      }
    } else {
      model = str(e.model) ?? model;
      id = str(e.id) ?? id;
      if (e.usage) usage = e.usage;
    }
  };
  const settle = () => pending.finish(usage === undefined ? null : usageOf(api, usage), model, id);
  const source = stream as unknown as AsyncIterable<unknown>;
  async function* watched(): AsyncGenerator<unknown> {
    const it = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        see(r.value);
        yield r.value;
      }
    } finally {
      // Ended, left early (break, return) or failed: whatever was seen is what it cost.
      settle();
      if (typeof it.return === 'function') await it.return();
    }
  }
  return new Proxy(stream, {
    get(t, key) {
      if (key === Symbol.asyncIterator) return () => watched();
      return Reflect.get(t, key, t);
    },
  });
}
