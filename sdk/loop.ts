// Loop detection for one run: the same request sent again and again, or prompts that keep
// growing geometrically (an agent feeding its whole history back each turn). Requests are
// compared by a keyed hash made in memory with a key of this process's own: never stored.
import { createHmac, randomBytes } from 'node:crypto';
import type { LoopOptions } from './types.js';

const KEY = randomBytes(32);

/** Settings that change the request but not what it asks (a stream of the same request is the same request). */
const IGNORED = new Set(['stream', 'stream_options']);

/** The request's keyed hash: model, messages, system, tools and every other parameter, in a stable order. */
export function requestHash(body: Record<string, unknown>): string {
  const h = createHmac('sha256', KEY);
  const seen = new Set<object>();
  const feed = (v: unknown): void => {
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return void h.update('~');
      seen.add(v);
      if (Array.isArray(v)) {
        h.update('[');
        for (const x of v) (feed(x), h.update(','));
        h.update(']');
      } else {
        h.update('{');
        for (const k of Object.keys(v).sort()) (h.update(JSON.stringify(k)), h.update(':'), feed((v as Record<string, unknown>)[k]), h.update(','));
        h.update('}');
      }
      seen.delete(v);
    } else h.update(`${typeof v}:${String(v)}`);
  };
  feed(Object.fromEntries(Object.entries(body).filter(([k]) => !IGNORED.has(k))));
  return h.digest('base64');
}

export type LoopVerdict = { kind: 'repeat'; count: number } | { kind: 'growth'; steps: number } | null;

export class LoopDetector {
  private readonly sent = new Map<string, number[]>();
  private lastSize: number | null = null;
  private streak = 0;

  constructor(private readonly o: Required<LoopOptions>) {}

  /** Whether sending this request now would be a loop. Looks only; note() records a request that was sent. */
  check(hash: string, size: number, now: number): LoopVerdict {
    const recent = (this.sent.get(hash) ?? []).filter((t) => now - t < this.o.windowMs);
    if (recent.length + 1 >= this.o.repeats) return { kind: 'repeat', count: recent.length + 1 };
    const grows = this.lastSize !== null && size >= this.lastSize * this.o.growth && size > this.lastSize;
    if (grows && this.streak + 1 >= this.o.growthCalls) return { kind: 'growth', steps: this.streak + 1 };
    return null;
  }

  note(hash: string, size: number, now: number): void {
    const recent = (this.sent.get(hash) ?? []).filter((t) => now - t < this.o.windowMs);
    recent.push(now);
    this.sent.set(hash, recent);
    const grows = this.lastSize !== null && size >= this.lastSize * this.o.growth && size > this.lastSize;
    this.streak = grows ? this.streak + 1 : 0;
    this.lastSize = size;
  }
}
