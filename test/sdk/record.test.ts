// Per-user budgets, within a process and (with `record`) across processes sharing Runway's
// database; recorded calls as agent `sdk` in `runway daily --json`; no message text stored.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExceededError, guard, run } from '../../sdk/index.js';
import { cliEnv, run as cli } from '../helpers/cli.js';
import { encodings, storedTexts } from '../helpers/privacy.js';
import { fakeApi, hi, PER_M, SONNET_45 } from './env.js';

const ROOT = join(import.meta.dirname, '..', '..');
const api = fakeApi();
const CALL = (1000 * SONNET_45.input + 100 * SONNET_45.output) / PER_M;
const NOW = '2026-12-01T12:00:00.000Z';
const tempDb = () => join(mkdtempSync(join(tmpdir(), 'runway-sdk-db-')), 'usage.db');

beforeAll(() => {
  process.env.RUNWAY_NOW = NOW;
});
afterAll(() => {
  delete process.env.RUNWAY_NOW;
});

/** A second process: the built runway-budget/sdk, one user's calls against the same database. */
function otherProcess(db: string, calls: number): Promise<{ sent: number; refused: { spentSoFar: number } | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'runway-sdk-proc-'));
  const script = join(dir, 'calls.mjs');
  writeFileSync(script, `
    import { run, guard, BudgetExceededError } from ${JSON.stringify(join(ROOT, 'dist', 'sdk', 'index.js'))};
    import Anthropic from ${JSON.stringify(join(ROOT, 'node_modules', '@anthropic-ai', 'sdk', 'index.mjs'))};
    const client = guard(new Anthropic({ apiKey: 'k', baseURL: process.env.FAKE_URL, maxRetries: 0 }));
    let sent = 0, refused = null;
    await run('worker', { budget: 0.01, userId: 'u1', record: ${JSON.stringify(db)}, estimate: false, loop: false }, async () => {
      for (let i = 0; i < ${calls}; i++) {
        try { await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] }); sent++; }
        catch (e) { if (!(e instanceof BudgetExceededError)) throw e; refused = { spentSoFar: e.spentSoFar }; break; }
      }
    });
    console.log(JSON.stringify({ sent, refused }));
  `);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...cliEnv(), FAKE_URL: api.fake().url, RUNWAY_NOW: NOW } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe('per-user budgets', () => {
  it('shares a user\'s budget across runs of one process, per period, and keeps other users apart', async () => {
    const client = guard(api.anthropic());
    const opts = { budget: 0.008, userId: 'alice', estimate: false, loop: false as const };
    await run('first', opts, async () => {
      await client.messages.create(hi());
      await client.messages.create(hi());
    });
    const e = await run('second', opts, (r) => client.messages.create(hi()).catch((x: unknown) => ({ x, spent: r.report.spent })));
    expect((e as { x: unknown }).x).toBeInstanceOf(BudgetExceededError);
    expect(((e as { x: BudgetExceededError }).x).userId).toBe('alice');
    expect((e as { spent: number }).spent).toBeCloseTo(2 * CALL, 12);
    // Another user, and alice's week (a period of its own), start from nothing.
    await run('bob', { ...opts, userId: 'bob' }, () => client.messages.create(hi()));
    await run('week', { ...opts, period: 'week' }, () => client.messages.create(hi()));
  });
});

describe('record', () => {
  it('writes each call as agent sdk, content-blind, and `runway daily --json` shows them', async () => {
    const db = tempDb();
    const client = guard(api.anthropic());
    const openai = guard(api.openai());
    const marker = 'Sphinx-of-black-quartz-judge-my-vow';
    api.fake().reply({ usage: { input_tokens: 1000, output_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 2000, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } } });
    const report = await run('nightly-triage', { budget: 1, userId: 'u-42', record: db }, async (r) => {
      await client.messages.create({ ...hi(), system: marker, messages: [{ role: 'user', content: `${marker} please` }] });
      await openai.responses.create({ model: 'gpt-4o', input: marker, max_output_tokens: 100 });
      return r.report;
    });
    const anthropicCost = (1000 * SONNET_45.input + 100 * SONNET_45.output + 2000 * SONNET_45.read) / PER_M;
    const openaiCost = (1000 * 2.5 + 100 * 10) / PER_M;
    expect(report.spent).toBeCloseTo(anthropicCost + openaiCost, 12);

    const d = new Database(db, { readonly: true });
    const rows = d.prepare('SELECT key, agent, entrypoint, model, input_tokens, output_tokens, cache_read_tokens, cost_usd, run_name, user_id, project, session_id, file_id FROM responses ORDER BY id').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ key: expect.stringMatching(/^sdk:msg_/), agent: 'sdk', entrypoint: 'sdk-api', model: 'claude-sonnet-4-5', input_tokens: 1000, output_tokens: 100, cache_read_tokens: 2000, run_name: 'nightly-triage', user_id: 'u-42', project: process.cwd(), file_id: null });
    expect(rows[0]!.cost_usd).toBeCloseTo(anthropicCost, 12);
    expect(rows[1]).toMatchObject({ key: expect.stringMatching(/^sdk:resp_/), model: 'gpt-4o' });
    expect(rows[0]!.session_id).toBe(rows[1]!.session_id);
    // The per-user query runs along its index.
    const plan = d.prepare('EXPLAIN QUERY PLAN SELECT coalesce(sum(cost_usd), 0) FROM responses WHERE user_id = ? AND ts >= ? AND ts < ?').all('u', 0, 1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX responses_user/);
    const leaks = storedTexts(d).filter(({ text }) => encodings(marker).some((m) => text.includes(m.toString())));
    d.close();
    expect(leaks).toEqual([]);

    const env = cliEnv({ RUNWAY_DB: db, RUNWAY_NOW: NOW });
    const daily = cli(['daily', '--json', '--no-scan', '--tz', 'UTC', '--since', '2026-12-01'], env);
    expect(daily.status, daily.stderr).toBe(0);
    const json = JSON.parse(daily.stdout) as { daily: { date: string; totalCost: number; inputTokens: number; cacheReadTokens: number; agentsUsed: string[] }[]; totals: { totalCost: number; responses: number } };
    expect(json.daily).toHaveLength(1);
    expect(json.daily[0]!.agentsUsed).toEqual(['sdk']);
    expect(json.daily[0]!.inputTokens).toBe(2000);
    expect(json.daily[0]!.cacheReadTokens).toBe(2000);
    expect(json.totals.responses).toBe(2);
    expect(json.totals.totalCost).toBeCloseTo(anthropicCost + openaiCost, 10);
    const only = JSON.parse(cli(['daily', '--json', '--no-scan', '--agent', 'sdk', '--scope', 'programmatic'], env).stdout) as { totals: { responses: number } };
    expect(only.totals.responses).toBe(2);
  });

  it('holds one user to one budget across two processes sharing the database', async () => {
    const db = tempDb();
    const fake = api.fake();
    const client = guard(api.anthropic());
    const opts = { budget: 0.01, userId: 'u1', record: db, estimate: false, loop: false as const };
    await run('here', opts, async () => {
      await client.messages.create(hi());
      await client.messages.create(hi());
    });
    const before = fake.count();
    // $0.009 spent: the other process gets one call ($0.0135), then is refused.
    const other = await otherProcess(db, 5);
    expect(other.sent).toBe(1);
    expect(other.refused!.spentSoFar).toBeCloseTo(3 * CALL, 12);
    expect(fake.count() - before).toBe(1);
    // And this process sees the other's spend.
    const e = await run('here-again', opts, () => client.messages.create(hi()).catch((x: unknown) => x));
    expect(e).toBeInstanceOf(BudgetExceededError);
    expect((e as BudgetExceededError).spentSoFar).toBeCloseTo(3 * CALL, 12);
    expect(fake.count() - before).toBe(1);
  }, 30_000);
});
