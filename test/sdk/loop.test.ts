// Loop detection: the same request the Nth time within the window, or prompts growing
// geometrically call after call, are refused before sending with a LoopDetectedError (a
// BudgetExceededError); loop: false switches it off.
import { describe, expect, it } from 'vitest';
import { BudgetExceededError, guard, LoopDetectedError, run } from '../../sdk/index.js';
import { fakeApi, hi } from './env.js';

const api = fakeApi();

describe('loop detection', () => {
  it('refuses the 5th identical request within a minute, streamed or not, and not a different one', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    const e = await run('repeat', { budget: 5 }, async () => {
      for (let i = 0; i < 3; i++) await client.messages.create(hi());
      // The same request as a stream is the same request.
      const s = await client.messages.create({ ...hi(), stream: true });
      for await (const _ of s) void _;
      const refused = await client.messages.create(hi()).catch((x: unknown) => x);
      await client.messages.create({ ...hi(), messages: [{ role: 'user', content: 'something else' }] });
      return refused;
    });
    expect(e).toBeInstanceOf(LoopDetectedError);
    expect(e).toBeInstanceOf(BudgetExceededError);
    expect((e as LoopDetectedError).kind).toBe('repeat');
    expect((e as LoopDetectedError).callCount).toBe(4);
    expect((e as Error).message).toMatch(/5th time within 60 s/);
    expect(fake.count() - before).toBe(5);
  });

  it('forgets repeats older than the window', async () => {
    const client = guard(api.anthropic());
    // The clock pinned, so the window is exact whatever the machine's load.
    const at = (iso: string) => (process.env.RUNWAY_NOW = iso);
    try {
      const sent = await run('window', { budget: 5, loop: { repeats: 2 } }, async (r) => {
        at('2026-12-01T12:00:00.000Z');
        await client.messages.create(hi());
        at('2026-12-01T12:01:00.000Z');
        await client.messages.create(hi());
        at('2026-12-01T12:01:59.999Z');
        await expect(client.messages.create(hi())).rejects.toBeInstanceOf(LoopDetectedError);
        return r.report.calls.length;
      });
      expect(sent).toBe(2);
    } finally {
      delete process.env.RUNWAY_NOW;
    }
  });

  it('refuses the call that makes five geometric growth steps in a row', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    const grow = (n: number) => ({ ...hi(), messages: [{ role: 'user' as const, content: 'x'.repeat(n) }] });
    const e = await run('growth', { budget: 5 }, async () => {
      // Bounds of 57 + n tokens: 1000 → 2000 → 4000 … each more than 1.5× the last.
      for (let i = 0; i < 5; i++) await client.messages.create(grow(1000 * 2 ** i));
      return client.messages.create(grow(1000 * 2 ** 5)).catch((x: unknown) => x);
    });
    expect(e).toBeInstanceOf(LoopDetectedError);
    expect((e as LoopDetectedError).kind).toBe('growth');
    expect(fake.count() - before).toBe(5);
    // A step below 1.5× breaks the streak.
    const ok = await run('steady', { budget: 5 }, async (r) => {
      for (const n of [1000, 2000, 4000, 5000, 10_000, 20_000, 40_000]) await client.messages.create(grow(n));
      return r.report.calls.length;
    });
    expect(ok).toBe(7);
  });

  it('is off with loop: false', async () => {
    const client = guard(api.anthropic());
    const n = await run('off', { budget: 5, loop: false }, async (r) => {
      for (let i = 0; i < 8; i++) await client.messages.create(hi());
      return r.report.calls.length;
    });
    expect(n).toBe(8);
  });
});
