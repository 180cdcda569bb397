// Streams of both vendors: counted once, from their final usage events; a stream left early,
// cut or never read counts what it saw, or its worst case when it saw nothing.
import { describe, expect, it } from 'vitest';
import { guard, run } from '../../sdk/index.js';
import { fakeApi, hi, PER_M, SONNET_45 } from './env.js';

const api = fakeApi();
const CALL = (1000 * SONNET_45.input + 100 * SONNET_45.output) / PER_M;
const GPT_4O = { input: 2.5, output: 10, cached: 1.25 };
const GPT_CALL = (1000 * GPT_4O.input + 100 * GPT_4O.output) / PER_M;

describe('guarded streams', () => {
  it('counts an Anthropic stream from message_start and the cumulative message_delta, once', async () => {
    const client = guard(api.anthropic());
    const report = await run('stream', { budget: 1 }, async (r) => {
      const stream = await client.messages.create({ ...hi(), stream: true });
      const types: string[] = [];
      for await (const e of stream) types.push(e.type);
      expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
      return r.report;
    });
    expect(report.calls).toHaveLength(1);
    expect(report.calls[0]!.tokens.output).toBe(100);
    expect(report.spent).toBeCloseTo(CALL, 12);
  });

  it('guards messages.stream and beta.messages.* through the same create, counting each call once', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    const report = await run('helpers', { budget: 1 }, async (r) => {
      const message = await client.messages.stream(hi()).finalMessage();
      expect(message.usage.output_tokens).toBe(100);
      await client.beta.messages.create(hi());
      const beta = await client.beta.messages.stream(hi()).finalMessage();
      expect(beta.content[0]).toMatchObject({ type: 'text', text: 'ok' });
      return r.report;
    });
    expect(fake.count() - before).toBe(3);
    expect(report.calls).toHaveLength(3);
    expect(report.spent).toBeCloseTo(3 * CALL, 12);
  });

  it('refuses messages.stream past the budget without sending it', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    const before = fake.count();
    await run('spent', { budget: 0 }, async () => {
      await expect(client.messages.stream(hi()).finalMessage()).rejects.toThrow(/budget is spent/);
    });
    expect(fake.count() - before).toBe(0);
  });

  it('counts an OpenAI Responses stream from response.completed, and the stream helper', async () => {
    const client = guard(api.openai());
    const report = await run('responses', { budget: 1 }, async (r) => {
      const stream = await client.responses.create({ model: 'gpt-4o', input: 'hi', max_output_tokens: 100, stream: true });
      let last = '';
      for await (const e of stream) last = e.type;
      expect(last).toBe('response.completed');
      const final = await client.responses.stream({ model: 'gpt-4o', input: 'hi again', max_output_tokens: 100 }).finalResponse();
      expect(final.status).toBe('completed');
      return r.report;
    });
    expect(report.calls.map((c) => c.id)).toEqual([expect.stringMatching(/^resp_/), expect.stringMatching(/^resp_/)]);
    expect(report.spent).toBeCloseTo(2 * GPT_CALL, 12);
  });

  it('asks a chat stream for its usage when the caller did not, and the extra last chunk has no choices', async () => {
    const fake = api.fake();
    const client = guard(api.openai());
    const report = await run('chat', { budget: 1 }, async (r) => {
      const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 100, stream: true });
      const chunks = [];
      for await (const c of stream) chunks.push(c);
      expect(chunks.at(-1)!.choices).toEqual([]);
      expect(chunks.at(-1)!.usage!.prompt_tokens).toBe(1000);
      return r.report;
    });
    expect(fake.received.at(-1)!.body.stream_options).toEqual({ include_usage: true });
    expect(report.spent).toBeCloseTo(GPT_CALL, 12);
    // A caller's own stream_options are kept.
    await run('chat-own', { budget: 1 }, async () => {
      const s = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: 100, stream: true, stream_options: { include_usage: true } });
      for await (const _ of s) void _;
    });
    expect(fake.received.at(-1)!.body.stream_options).toEqual({ include_usage: true });
  });

  it('guards the chat stream helper through the same create', async () => {
    const client = guard(api.openai());
    const report = await run('chat-helper', { budget: 1 }, async (r) => {
      const done = await client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 100 }).finalChatCompletion();
      expect(done.choices[0]!.message.content).toBe('ok');
      return r.report;
    });
    expect(report.calls).toHaveLength(1);
    expect(report.spent).toBeCloseTo(GPT_CALL, 12);
  });

  it('counts a non-streamed chat completion and Responses call from their usage', async () => {
    const client = guard(api.openai());
    const spent = await run('json', { budget: 1 }, async (r) => {
      const c = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 100 });
      expect(c.choices[0]!.message.content).toBe('ok');
      await client.responses.create({ model: 'gpt-4o', input: 'hi', max_output_tokens: 100 });
      return r.report.spent;
    });
    expect(spent).toBeCloseTo(2 * GPT_CALL, 12);
  });

  it('counts what an abandoned Anthropic stream saw: message_start\'s input and first output', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    fake.reply({ stop: 'hang' });
    const report = await run('left', { budget: 1 }, async (r) => {
      const stream = await client.messages.create({ ...hi(), stream: true });
      for await (const e of stream) if (e.type === 'content_block_start') break;
      return r.report;
    });
    expect(report.calls[0]).toMatchObject({ from: 'usage', tokens: expect.objectContaining({ input: 1000, output: 1 }) });
    expect(report.spent).toBeCloseTo((1000 * SONNET_45.input + 1 * SONNET_45.output) / PER_M, 12);
  });

  it('counts the worst case for a stream that saw no usage: left early, or never read', async () => {
    const fake = api.fake();
    const client = guard(api.openai());
    // {model, input: 'hi', max_output_tokens: 100}: 32 + 'input' + 'hi' = 39 input tokens at most, 100 output.
    const worst = (39 * GPT_4O.input + 100 * GPT_4O.output) / PER_M;
    fake.reply({ stop: 'hang' }, { stop: 'hang' });
    const report = await run('nothing-seen', { budget: 1, loop: false }, async (r) => {
      const stream = await client.responses.create({ model: 'gpt-4o', input: 'hi', max_output_tokens: 100, stream: true });
      for await (const e of stream) if (e.type === 'response.output_text.delta') break;
      await client.responses.create({ model: 'gpt-4o', input: 'hi', max_output_tokens: 100, stream: true });
      return r.report;
    });
    expect(report.calls.map((c) => c.from)).toEqual(['estimate', 'estimate']);
    expect(report.calls[0]!.cost).toBeCloseTo(worst, 12);
    expect(report.spent).toBeCloseTo(2 * worst, 12);
  });

  it('counts what a stream cut off mid-way saw, and the caller gets the error', async () => {
    const fake = api.fake();
    const client = guard(api.anthropic());
    fake.reply({ stop: 'cut' });
    const report = await run('cut', { budget: 1 }, async (r) => {
      const stream = await client.messages.create({ ...hi(), stream: true });
      await expect((async () => {
        for await (const _ of stream) void _;
      })()).rejects.toThrow();
      return r.report;
    });
    expect(report.calls).toHaveLength(1);
    expect(report.calls[0]!.tokens.input).toBe(1000);
    expect(report.spent).toBeCloseTo((1000 * SONNET_45.input + 1 * SONNET_45.output) / PER_M, 12);
  });
});
