// `runway prices`: the effective table for the models in the database, each rate with its
// source and dates, and an unpriced model with the config lines that would price it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assistant, budgetUsd, jsonl, logRoot } from '../helpers/logs.js';
import { cliEnv, run } from '../helpers/cli.js';

function setup() {
  const logs = logRoot();
  logs.write('-home-dev-app/s.jsonl', jsonl([
    assistant({ id: 'msg_1', ts: '2026-11-02T10:00:00.000Z', model: 'claude-sonnet-5-5-20260928', usage: { input: 10, output: 10 } }),
    assistant({ id: 'msg_2', ts: '2026-11-02T11:00:00.000Z', model: 'claude-sonnet-5-5-20260928', usage: { input: 10, output: 10 } }),
    assistant({ id: 'msg_3', ts: '2026-11-02T12:00:00.000Z', model: 'claude-nova-9', usage: { input: 10, output: 10 } }),
  ]));
  return cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-12-01T12:00:00Z' });
}

describe('runway prices', () => {
  it("checks the table against Claude Code's own running totals, and status and the JSON say the same", () => {
    const logs = logRoot();
    // Sonnet 5.5 on 2026-11-02: 10 input at $2 and 10 output at $10 per million = $0.00012 a response.
    const model = 'claude-sonnet-5-5';
    logs.write('-home-dev-app/s.jsonl', jsonl([
      assistant({ id: 'msg_1', ts: '2026-11-02T10:00:00.000Z', model, usage: { input: 10, output: 10 } }),
      budgetUsd('2026-11-02T10:00:05.000Z', 0.00012),
      assistant({ id: 'msg_2', ts: '2026-11-02T11:00:00.000Z', model, usage: { input: 10, output: 10 } }),
      budgetUsd('2026-11-02T11:00:05.000Z', 0.00024),
      assistant({ id: 'msg_3', ts: '2026-11-02T12:00:00.000Z', model, usage: { input: 10, output: 10 } }),
      // Claude Code says $0.0004 where the three responses cost $0.00036: Runway is 10% lower.
      budgetUsd('2026-11-02T12:00:05.000Z', 0.0004),
    ]));
    const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-11-20T12:00:00Z' });
    const out = JSON.parse(run(['prices', '--json'], env).stdout) as { ledger: { checkpoints: number; agreeing: number; disagreements: { sessionId: string; difference: number; models: string[] }[] } };
    expect(out.ledger).toMatchObject({ checkpoints: 3, agreeing: 2, disagreements: [{ sessionId: 'sess-1', models: [model] }] });
    expect(out.ledger.disagreements[0]!.difference).toBeCloseTo(-0.1, 9);
    const note = "Claude Code's own figures differ on 1 of 3 checkpoints; most in session sess-1 (claude-sonnet-5-5): Runway −10.00%";
    const text = run(['prices', '--no-scan'], env).stdout;
    expect(text).toContain(`Check: ${note}.\n  session sess-1 at 2026-11-02T12:00:05.000Z: Claude Code $0.000400, Runway $0.000360 (−10.000%; claude-sonnet-5-5)`);
    const status = run(['status', '--no-scan'], env);
    expect(status.stdout).toMatch(new RegExp(`ledger\\s+${note.replace(/[().$]/g, '\\$&')}`));
  });

  it('lists each model in the database with its dated rates and their source, and how to price one without', () => {
    const env = setup();
    const r = run(['prices', '--json'], env);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { priceSource: string; models: { model: string; responses: number; spans: { from: string | null; until: string | null; matched: string; source: string; rates: { cacheRead: number; input: number } }[]; configSnippet: string | null }[] };
    expect(out.priceSource).toMatch(/^@pydantic\/genai-prices \S+ \+ runway fills \d{4}-\d{2}/);
    expect(out.models.map((m) => [m.model, m.responses])).toEqual([['claude-sonnet-5-5-20260928', 2], ['claude-nova-9', 1]]);
    const [sonnet, nova] = out.models;
    expect(sonnet!.spans.map((s) => [s.from, s.until, s.matched, s.rates.input, s.rates.cacheRead])).toEqual([
      [null, '2026-10-06', 'claude-sonnet-5-5', 2, 0.2],
      ['2026-10-07', null, 'claude-sonnet-5-5', 2, 0.1],
    ]);
    expect(sonnet!.spans[0]!.source).toMatch(/^runway fill, https:\/\/\S+ \(checked \d{4}-\d{2}-\d{2}\)$/);
    expect(nova).toMatchObject({ spans: [], configSnippet: '"prices": { "claude-nova-9": { "input": 0, "output": 0 } }' });

    const text = run(['prices'], env).stdout;
    expect(text).toContain('claude-sonnet-5-5-20260928 (2 responses)\n  until 2026-10-06: as claude-sonnet-5-5, runway fill');
    expect(text).toContain('read $0.20');
    expect(text).toContain('read $0.10');
    expect(text).toContain('claude-nova-9 (1 response): no price');
  });

  it('shows a config override as the source, and a model asked for by name', () => {
    const env = setup();
    const config = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(config, JSON.stringify({ prices: { 'claude-nova-9': { input: 1, output: 2 } } }));
    const out = JSON.parse(run(['prices', 'claude-nova-9', '--json'], env).stdout);
    expect(out.models).toEqual([expect.objectContaining({ model: 'claude-nova-9', configSnippet: null })]);
    expect(out.models[0].spans[0]).toMatchObject({ source: 'config', rates: { input: 1, output: 2, cacheRead: 0.1 } });
    const opus = JSON.parse(run(['prices', 'claude-opus-4-5', '--json', '--no-scan'], env).stdout).models[0].spans[0];
    expect(opus).toMatchObject({ source: 'price package', rates: { input: 5, output: 25 }, fastMultiplier: null });
  });

  it('--all lists every model it knows, our fills included', () => {
    const ids = JSON.parse(run(['prices', '--all', '--json'], setup()).stdout).models.map((m: { model: string }) => m.model);
    for (const id of ['claude-haiku-5-5', 'claude-mythos-5-1', 'claude-opus-4-6', 'claude-fable-5-1']) expect(ids).toContain(id);
  });

  it('refuses an option it does not take', () => {
    const r = run(['prices', '--since', '2026-11-01'], setup());
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
