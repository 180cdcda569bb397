// runway compare through the built CLI: every model of the range or the ones named, --json,
// models as columns up to four, and a model not in the range refused in one line.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDb } from '../../store/db.js';
import { cliEnv, run } from '../helpers/cli.js';
import { tempDb } from '../helpers/logs.js';
import { OPUS, SONNET, writeEvents, type Ev } from '../figures/work-fixture.js';

function setup(more: Ev[] = []) {
  const db = tempDb();
  const opened = openDb(db);
  writeEvents(opened, [...more,
    { session: 's', at: 0, turn: 't1', model: OPUS, output: 1_000, tools: 'Edit', actions: 'edit:a1' },
    { session: 's', at: 1, turn: 't2', model: SONNET, input: 1_000, read: 9_000, output: 1_000, tools: 'TodoWrite' },
    { session: 's', at: 2, turn: 't3', model: 'mystery-model', output: 1_000 },
  ]);
  opened.close();
  const env = cliEnv({ RUNWAY_DB: db, RUNWAY_NOW: '2026-11-18T12:00:00Z' });
  const configPath = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', prices: {
    [OPUS]: { input: 10, output: 50, cache_write_5m: 12.5, cache_write_1h: 20, cache_read: 1 },
    [SONNET]: { input: 2, output: 10, cache_write_5m: 2.5, cache_write_1h: 4, cache_read: 0.2 },
  } }));
  return (args: string[]) => run(['compare', '--no-scan', ...args], env);
}

describe('runway compare', () => {
  it('compares every model of the range, or those named, as JSON', () => {
    const compare = setup();
    const all = compare(['--json']);
    expect(all.stderr).toBe('');
    const out = JSON.parse(all.stdout);
    expect(Object.keys(out)).toEqual(['since', 'until', 'models']);
    expect(out.models.map((m: { model: string }) => m.model)).toEqual([OPUS, SONNET, 'mystery-model']);
    expect(out.models[0]).toMatchObject({ calls: 1, turns: 1, editTurns: 1, oneShotRate: 1, retryRate: 0, outputPerCall: 1_000 });
    expect(out.models[0].costPerEditTurn).toBeCloseTo(0.05, 9);
    expect(out.models[1]).toMatchObject({ planningShare: 1, cacheHit: 0.9, costPerEditTurn: null });
    expect(out.models[2]).toMatchObject({ cost: null, unpricedCalls: 1, costPerCall: null });
    const named = JSON.parse(compare(['--json', SONNET, OPUS]).stdout);
    expect(named.models.map((m: { model: string }) => m.model)).toEqual([SONNET, OPUS]);
  });

  it('shows the models as columns, unpriced ones marked', () => {
    const r = setup()([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Models compared, 2026-11-01 – 2026-11-18');
    expect(r.stdout).toMatch(/│ cost\s+│\s+\$0\.05 │\s+\$0\.01 │\s+unpriced │/);
    expect(r.stdout).toMatch(/│ one-shot\s+│\s+100% │\s+— │\s+— │/);
    expect(r.stdout).toMatch(/│ cache hit\s+│\s+— │\s+90% │\s+— │/);
  });

  it('takes a second table past four models, so each fits 80 columns', () => {
    const r = setup(['a', 'b', 'c'].map((m, i) => ({ session: 'x', at: 10 + i, model: `other-${m}`, output: 10 })))([]);
    expect(r.stdout.match(/┌/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/│\s+│\s+other-b │\s+other-c │\n/);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('refuses a model not in the range in one line, naming those there are', () => {
    const r = setup()(['gpt-nope']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`runway: "gpt-nope" not in 2026-11-01 – 2026-11-18; the models there are: ${OPUS}, ${SONNET}, mystery-model\n`);
  });
});
