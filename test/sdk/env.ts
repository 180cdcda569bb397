// What every SDK test shares: a private cache folder for the price table (never the real
// home), the fake API, and real clients pointed at it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';

process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'runway-sdk-cache-'));
delete process.env.RUNWAY_DB;

/** USD per million tokens, as prices.md and the price data list them. */
export const SONNET_45 = { input: 3, output: 15, cw5m: 3.75, cw1h: 6, read: 0.3 };
export const PER_M = 1e6;

export function fakeApi(): { fake: () => FakeLlm; anthropic: () => Anthropic; openai: () => OpenAI } {
  let fake: FakeLlm;
  let anthropic: Anthropic;
  let openai: OpenAI;
  beforeAll(async () => {
    fake = await startFakeLlm();
    anthropic = new Anthropic({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 0 });
    openai = new OpenAI({ apiKey: 'test-key', baseURL: `${fake.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => fake.close());
  return { fake: () => fake, anthropic: () => anthropic, openai: () => openai };
}

/** A small Anthropic request: its input bound is 65 tokens (see estimate.test.ts). */
export const hi = (max_tokens = 1000, model = 'claude-sonnet-4-5') => ({ model, max_tokens, messages: [{ role: 'user' as const, content: 'hi' }] });
