import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verdict } from '../../core/guard.js';
import { computeBudget } from '../../core/budget.js';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { CLI, cliEnv, runAsync } from '../helpers/cli.js';

// Wednesday 18 November 2026, noon UTC. November has 21 workdays (Mon–Fri): 12 lie before
// the 18th, 9 from it to the 30th (today included), 8 after it.
const NOW = '2026-11-18T12:00:00Z';
const HOOK_INPUT = JSON.stringify({ session_id: 's', prompt: 'hi', hook_event_name: 'UserPromptSubmit' });

const run = (args: string[], env: Record<string, string>, input = '') => runAsync(args, env, input);

// A model priced in the config: 1M output tokens = $10, so $d is d × 100,000 output tokens.
const rec = (id: string, ts: string, dollars: number) =>
  assistant({ id, requestId: `req_${id}`, ts, model: 'claude-test-1', usage: { input: 0, output: dollars * 100_000 } });

/** A private home with these responses in its logs, the test model priced, days in UTC. */
function setup(records: Record<string, unknown>[], monthlyBudget: number | null = null) {
  const logs = logRoot();
  logs.write('-home-dev-api/sess-1.jsonl', jsonl(records));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: NOW });
  const configPath = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', monthly_budget: monthlyBudget, prices: { 'claude-test-1': { input: 1, output: 10 } } }));
  return { env, configPath };
}

// $60 on Monday 2 November: $5 per elapsed workday, so $60 + $5 today + $5 × 8 = $105 projected.
const PACE_60 = [rec('m1', '2026-11-02T10:00:00Z', 60)];
// Nothing before today and $12 today: the projection is $12, today's budget $90 ÷ 9 = $10.
const TODAY_12 = [rec('t1', '2026-11-18T10:00:00Z', 12)];

async function checkJson(env: Record<string, string>, extra: string[] = []) {
  const r = await run(['check', '--json', ...extra], env);
  expect(r.stderr).toBe('');
  return { status: r.status, body: JSON.parse(r.stdout) };
}

/** Runs the hook; every hook run exits 0 and prints one JSON object or nothing. */
async function hook(env: Record<string, string>, mode: string, extra: string[] = []): Promise<Record<string, string> | null> {
  const r = await run(['check', '--hook', mode, ...extra], env, HOOK_INPUT);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  if (r.stdout === '') return null;
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout);
}

const MODES = ['block', 'warn', 'session'];

describe('verdict', () => {
  const summary = (budget: number, daily: Record<string, number>) => {
    const { days: _days, ...b } = computeBudget({
      today: '2026-11-18', daily: new Map(Object.entries(daily)), last24h: 0,
      config: { monthlyBudget: budget, unit: 'usd', resetDay: 1, workdays: [1, 2, 3, 4, 5], holidays: [], thresholds: { green: 0.1, yellow: 0 } },
    });
    return b;
  };
  const opts = { budgetConfigured: true, daily: false, money: (v: number) => `$${v.toFixed(2)}` };

  it.each([
    // budget, spend per day, --daily, code, state
    [200, { '2026-11-02': 60 }, false, 0, 'ok'],
    [105, { '2026-11-02': 60 }, false, 0, 'ok'], // projected exactly at the budget
    [104.99, { '2026-11-02': 60 }, false, 1, 'projected_over'],
    [60.01, { '2026-11-02': 60 }, false, 1, 'projected_over'],
    [60, { '2026-11-02': 60 }, false, 2, 'spent'], // spent exactly
    [50, { '2026-11-02': 60 }, true, 2, 'spent'],
    [90, { '2026-11-18': 12 }, false, 0, 'ok'], // $10 a day allowed, $12 spent today
    [90, { '2026-11-18': 12 }, true, 2, 'daily_spent'],
    [90, { '2026-11-18': 10 }, true, 2, 'daily_spent'], // exactly today's budget
    [90, { '2026-11-18': 9.99 }, true, 0, 'ok'],
  ] as const)('budget %s, spend %j, daily %s → %s %s', (budget, daily, withDaily, code, state) => {
    const v = verdict(summary(budget, daily), { ...opts, daily: withDaily });
    expect([v.code, v.state]).toEqual([code, state]);
  });

  it('no budget configured: 0, whatever was spent', () => {
    const v = verdict(summary(0, { '2026-11-02': 60 }), { ...opts, budgetConfigured: false, daily: true });
    expect(v).toMatchObject({ code: 0, state: 'no_budget' });
    expect(v.reason).toContain('no budget set');
    expect(v.reason).toContain('$60.00');
  });

  it('the reasons carry the figures', () => {
    expect(verdict(summary(90, { '2026-11-02': 60 }), opts).reason).toBe(
      'at this pace the period ends at $105.00, $15.00 over the budget of $90.00; it runs dry on 2026-11-26',
    );
    expect(verdict(summary(50, { '2026-11-02': 60 }), opts).reason).toBe('the budget of $50.00 is spent: $60.00 this period; it resets on 2026-12-01');
    expect(verdict(summary(90, { '2026-11-18': 12 }), { ...opts, daily: true }).reason).toBe(
      "today's budget of $10.00 is spent: $12.00 today; $78.00 of $90.00 is left for 8 more workday(s)",
    );
    expect(verdict(summary(90, { '2026-11-02': 60 }), { ...opts, unpricedNote: 'at least' }).reason).toContain('(at least)');
  });
});

// Each test spawns the CLI a few times in its own home: they run side by side.
describe.concurrent('runway check', () => {
  it('exits 0 with a note when no budget is set', async () => {
    const { env } = setup(PACE_60);
    const [r, j] = await Promise.all([run(['check'], env), checkJson(env)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('ok: no budget set, nothing to guard (runway budget 500 sets one); $60.00 spent this period\n');
    expect(j.status).toBe(0);
    expect(j.body).toMatchObject({ exitCode: 0, state: 'no_budget', spentToDate: 60 });
  });

  it('exits 0 on budget, 1 projected over, 2 spent, with budgets set by runway budget', async () => {
    const { env } = setup(PACE_60);
    const steps: [string, number, RegExp][] = [
      ['200', 0, /^ok: on budget: \$60\.00 of \$200\.00 spent, \$105\.00 projected by 2026-11-30\n$/],
      ['90', 1, /^over: at this pace the period ends at \$105\.00, \$15\.00 over the budget of \$90\.00; it runs dry on 2026-11-26\n$/],
      ['60', 2, /^spent: the budget of \$60\.00 is spent: \$60\.00 this period; it resets on 2026-12-01\n$/],
    ];
    for (const [amount, code, out] of steps) {
      expect((await run(['budget', amount], env)).status).toBe(0);
      const r = await run(['check'], env);
      expect(r.stdout).toMatch(out);
      expect(r.status).toBe(code);
    }
  });

  it('--json: exit code, state, reason and the figures', async () => {
    const { env } = setup(PACE_60, 90);
    const { status, body } = await checkJson(env);
    expect(status).toBe(1);
    expect(body).toMatchObject({
      exitCode: 1, state: 'projected_over', unit: 'usd', budget: 90, spentToDate: 60, spentToday: 0, projectedSpend: 105,
      unpricedResponses: 0, daily: false, period: { start: '2026-11-01', end: '2026-12-01', lastDay: '2026-11-30' },
    });
    expect(body.dailyBudget).toBeCloseTo(30 / 9, 10);
    expect(body.reason).toContain('$105.00');
  });

  it("--daily: exit 2 once today's daily budget is spent, 0 without it on the same data", async () => {
    const { env } = setup(TODAY_12, 90);
    const [plain, daily, text] = await Promise.all([checkJson(env), checkJson(env, ['--daily']), run(['check', '--daily'], env)]);
    expect(plain.status).toBe(0);
    expect(plain.body).toMatchObject({ exitCode: 0, state: 'ok', spentToday: 12, dailyBudget: 10, projectedSpend: 12 });
    expect(daily.status).toBe(2);
    expect(daily.body).toMatchObject({ exitCode: 2, state: 'daily_spent', daily: true });
    expect(text.status).toBe(2);
    expect(text.stdout).toBe("spent: today's budget of $10.00 is spent: $12.00 today; $78.00 of $90.00 is left for 8 more workday(s)\n");
  });

  it("pins the day with RUNWAY_NOW: the day after, today's spend is yesterday's", async () => {
    const { env } = setup(TODAY_12, 90);
    const next = await checkJson({ ...env, RUNWAY_NOW: '2026-11-19T12:00:00Z' }, ['--daily']);
    expect(next.status).toBe(0);
    expect(next.body).toMatchObject({ spentToday: 0, spentToDate: 12 });
    expect(next.body.dailyBudget).toBeCloseTo(78 / 8, 10);
  });

  it('says "at least" when responses could not be priced', async () => {
    const mystery = assistant({ id: 'u1', requestId: 'req_u1', ts: '2026-11-17T10:00:00Z', model: 'claude-mystery-9', usage: { output: 10 } });
    const { env } = setup([...PACE_60, mystery], 60);
    const { status, body } = await checkJson(env);
    expect(status).toBe(2);
    expect(body.unpricedResponses).toBe(1);
    expect(body.reason).toContain('at least: 1 responses have no price');
  });

  type Broken = { env: Record<string, string>; configPath: string };
  it.each([
    ['an invalid config file', 'block', (c: Broken) => {
      writeFileSync(c.configPath, '{ "monthly_budget": 90, ');
      return c.env;
    }, /config\.json/],
    ['a config value out of range', 'warn', (c: Broken) => {
      writeFileSync(c.configPath, JSON.stringify({ monthly_budget: -5 }));
      return c.env;
    }, /monthly_budget/],
    ['a database path that is a directory', 'session', (c: Broken) => {
      const dir = join(c.env.HOME!, 'a-dir.db');
      mkdirSync(dir);
      return { ...c.env, RUNWAY_DB: dir };
    }, /a-dir\.db/],
    ['a corrupt database file', 'block', (c: Broken) => {
      const file = join(c.env.HOME!, 'corrupt.db');
      writeFileSync(file, 'this is not a database, just text long enough to fill a page header '.repeat(20));
      return { ...c.env, RUNWAY_DB: file };
    }, /corrupt\.db/],
  ])('exits 3 with one line when the data cannot be read: %s; the %s hook fails open', async (_what, mode, breakIt, names) => {
    const env = breakIt(setup(PACE_60, 60));
    const [r, j, answer] = await Promise.all([run(['check'], env), run(['check', '--json'], env), hook(env, mode)]);
    expect(r.stdout).toMatch(/^runway check: cannot read the usage data: /);
    expect(r.stdout).toMatch(names);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.status).toBe(3);
    expect(j.status).toBe(3);
    expect(JSON.parse(j.stdout)).toMatchObject({ exitCode: 3, state: 'unreadable', reason: expect.stringMatching(names) });
    // A spent budget would block, but an unreadable one must never stop anyone's work.
    expect(Object.keys(answer!)).toEqual(['systemMessage']);
    expect(answer!.systemMessage).toMatch(/could not read the usage data/);
  });
});

describe.concurrent('runway check --hook', () => {
  it('on budget, or with no budget: every mode prints nothing and lets the prompt through', async () => {
    const onBudget = setup(PACE_60, 200).env;
    const none = setup(PACE_60).env;
    const answers = await Promise.all([...MODES.map((m) => hook(onBudget, m)), hook(none, 'block')]);
    expect(answers).toEqual([null, null, null, null]);
  });

  it('spent: block refuses the prompt with the reason; warn and session only warn', async () => {
    const { env } = setup(PACE_60, 60);
    const [blocked, ...warned] = await Promise.all(MODES.map((m) => hook(env, m)));
    expect(Object.keys(blocked!).sort()).toEqual(['decision', 'reason']);
    expect(blocked!.decision).toBe('block');
    expect(blocked!.reason).toContain('Runway: the budget of $60.00 is spent: $60.00 this period');
    expect(blocked!.reason).toContain('runway budget N');
    for (const w of warned) {
      expect(Object.keys(w!)).toEqual(['systemMessage']);
      expect(w!.systemMessage).toContain('the budget of $60.00 is spent');
    }
  });

  it('projected over: a warning, never a block', async () => {
    const { env } = setup(PACE_60, 90);
    for (const answer of await Promise.all(['block', 'session'].map((m) => hook(env, m)))) {
      expect(Object.keys(answer!)).toEqual(['systemMessage']);
      expect(answer!.systemMessage).toContain('$15.00 over the budget of $90.00');
    }
  });

  it("--daily: block refuses once today's budget is spent", async () => {
    const { env } = setup(TODAY_12, 90);
    const [plain, blocked, warned] = await Promise.all([hook(env, 'block'), hook(env, 'block', ['--daily']), hook(env, 'warn', ['--daily'])]);
    expect(plain).toBeNull();
    expect(blocked).toEqual({ decision: 'block', reason: expect.stringContaining("today's budget of $10.00 is spent") });
    expect(warned).toEqual({ systemMessage: expect.stringContaining("today's budget of $10.00 is spent") });
  });

  it('answers with no stdin at all', () => {
    const { env } = setup(PACE_60, 60);
    const r = spawnSync(process.execPath, [CLI, 'check', '--hook', 'block'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).decision).toBe('block');
  });

  it('an unknown mode is a usage error: exit 2, one line', async () => {
    const { env } = setup(PACE_60);
    const r = await run(['check', '--hook', 'nonsense'], env, HOOK_INPUT);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('runway: --hook "nonsense": expected one of block, warn, session, stop, tool\n');
  });
});

describe('the guard never turns permissive on data it cannot read', () => {
  const onDb = (env: Record<string, string>) => ({ ...env, RUNWAY_DB: join(env.HOME!, 'u.db') });
  const damage = (env: Record<string, string>) => {
    for (const suffix of ['-wal', '-shm']) rmSync(`${env.RUNWAY_DB}${suffix}`, { force: true });
    writeFileSync(env.RUNWAY_DB!, 'not a database any more. '.repeat(300));
  };

  it('keeps refusing after a refusal, however the data broke, until the period it was for is over', async () => {
    const { env: base, configPath } = setup(PACE_60, 60);
    const env = onDb(base);
    expect((await hook(env, 'block'))!.decision).toBe('block');
    damage(env);
    const blocked = await hook(env, 'block');
    expect(blocked).toEqual({
      decision: 'block',
      reason: expect.stringMatching(/^Runway cannot read the usage data \(.*u\.db is damaged.*\), and its last check, at 2026-11-18T12:00:00\.000Z, refused prompts: the budget of \$60\.00 is spent/),
    });
    writeFileSync(configPath, '{ "monthly_budget": ');
    expect((await hook(env, 'block'))!.decision).toBe('block');
    // The other modes never refuse, and a refusal for November ends with November.
    expect(Object.keys((await hook(env, 'warn'))!)).toEqual(['systemMessage']);
    const december = await hook({ ...env, RUNWAY_NOW: '2026-12-01T00:00:01Z' }, 'block');
    expect(Object.keys(december!)).toEqual(['systemMessage']);
  });

  it("a refusal of today's budget holds for today only; one the data lifts is forgotten", async () => {
    const { env: base } = setup(TODAY_12, 90);
    const env = onDb(base);
    expect((await hook(env, 'block', ['--daily']))!.decision).toBe('block');
    damage(env);
    expect((await hook(env, 'block', ['--daily']))!.decision).toBe('block');
    expect(Object.keys((await hook({ ...env, RUNWAY_NOW: '2026-11-19T00:00:01Z' }, 'block', ['--daily']))!)).toEqual(['systemMessage']);

    const lifted = onDb(setup(PACE_60, 60).env);
    expect((await hook(lifted, 'block'))!.decision).toBe('block');
    writeFileSync(join(lifted.XDG_CONFIG_HOME!, 'runway', 'config.json'), JSON.stringify({ timezone: 'UTC', monthly_budget: 500, prices: { 'claude-test-1': { input: 1, output: 10 } } }));
    expect(await hook(lifted, 'block')).toBeNull();
    damage(lifted);
    expect(Object.keys((await hook(lifted, 'block'))!)).toEqual(['systemMessage']);
  });

  it('hostile lines cannot lift a spent budget: a negative logged cost, absurd counts', async () => {
    const hostile = (id: string, patch: Record<string, unknown>, top: Record<string, unknown> = {}) => {
      const r = rec(id, '2026-11-18T11:00:00Z', 0) as { message: { usage: Record<string, unknown> } };
      Object.assign(r.message.usage, patch);
      return { ...r, ...top };
    };
    const { env } = setup([rec('spent', '2026-11-18T10:00:00Z', 2), hostile('neg', {}, { costUSD: -100 }), hostile('inf', { output_tokens: 1e308 }), hostile('huge', { input_tokens: 5e18 })], 1);
    const blocked = await hook(env, 'block');
    expect(blocked).toEqual({ decision: 'block', reason: expect.stringContaining('the budget of $1.00 is spent: $2.00 this period') });
    const { body } = await checkJson(env);
    expect(body).toMatchObject({ exitCode: 2, spentToDate: 2 });
  });
});
