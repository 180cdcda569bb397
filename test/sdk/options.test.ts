// Bad options fail at run() with a TypeError naming the option and what it takes, before
// anything runs or is sent; guard() takes a client.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guard, run } from '../../sdk/index.js';
import { fakeApi } from './env.js';

const api = fakeApi();
const noop = async () => 'ran';

describe('run() options', () => {
  it.each([
    [{ budget: -1 }, /`budget` must be a finite number of US dollars.*got -1$/],
    [{ budget: Number.NaN }, /`budget` must be a finite number.*got NaN$/],
    [{ budget: Infinity }, /`budget`.*got Infinity$/],
    [{ budget: '2' }, /`budget`.*got "2"$/],
    [{}, /`budget`.*got undefined$/],
    [{ budget: 1, userId: 'u', period: 'year' }, /`period` must be one of 'run', 'day', 'week', 'month', got "year"$/],
    [{ budget: 1, period: 'day' }, /`period` must be 'run' unless `userId` is set/],
    [{ budget: 1, timeZone: 'Mars/Olympus' }, /`timeZone` must be an IANA time zone.*got "Mars\/Olympus"$/],
    [{ budget: 1, estimate: 'yes' }, /`estimate` must be true or false/],
    [{ budget: 1, record: 3 }, /`record` must be true/],
    [{ budget: 1, loop: { repeats: 1 } }, /`loop.repeats` must be a whole number, 2 or more, got 1$/],
    [{ budget: 1, loop: { growth: 1 } }, /`loop.growth` must be a finite number above 1/],
    [{ budget: 1, prices: { m: { input: -3 } } }, /`prices.m.input` must be a number from 0/],
    [{ budget: 1, budgte: 2 }, /`budgte` must be one of budget, userId/],
  ])('refuses %j', (options, message) => {
    let thrown: unknown;
    try {
      void run('x', options as never, noop);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });

  it('refuses a price for an unknown model without input and output, when run() starts', async () => {
    await expect(run('x', { budget: 1, prices: { 'my-model': { input: 1 } } }, noop)).rejects.toThrow(/`prices.my-model.output` is required/);
  });

  it('says which database it cannot record to, when run() starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-sdk-bad-'));
    writeFileSync(join(dir, 'file'), '');
    await expect(run('x', { budget: 1, record: join(dir, 'file', 'usage.db') }, noop)).rejects.toThrow(/^runway-budget: run\(\) option `record`: cannot open .*usage\.db: /);
  });

  it('runs with good options and returns what the callback returns', async () => {
    expect(await run('ok', { budget: 0, userId: 'u', period: 'week', timeZone: 'Europe/Berlin', loop: false }, noop)).toBe('ran');
  });

  it('guard() refuses what is not a client, and returns the client\'s own methods', () => {
    expect(() => guard(null)).toThrow(TypeError);
    const client = api.anthropic();
    const g = guard(client);
    expect(g.baseURL).toBe(client.baseURL);
    expect(g.messages.countTokens).toBeTypeOf('function');
    // Guarding twice would count every call twice.
    expect(guard(g)).toBe(g);
  });

  it('guards the client withOptions() makes', async () => {
    const fake = api.fake();
    const before = fake.count();
    const g = guard(api.anthropic()).withOptions({ timeout: 5000 });
    await run('x', { budget: 0 }, async () => {
      await expect(g.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow(/budget is spent/);
    });
    expect(fake.count() - before).toBe(0);
  });
});
