import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { cliEnv, run, runAsync } from '../helpers/cli.js';

/** 1,000 of each token kind and 10,000 cache reads on claude-opus-4-5 ($5 in / $25 out per MTok):
 *  0.005 + 0.025 + 0.00625 (5m write, 1.25×) + 0.010 (1h write, 2×) + 0.005 (read, 0.1×) = $0.05125 */
const OPUS_USAGE = { input: 1000, output: 1000, cw5m: 1000, cw1h: 1000, cacheRead: 10_000 };
const OPUS_COST = 0.05125;

function setup(records: Record<string, unknown>[], extraEnv: Record<string, string> = {}) {
  const logs = logRoot();
  logs.write('-home-dev-api/sess-1.jsonl', jsonl(records));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, ...extraEnv });
  return { logs, env };
}

function writeConfig(env: Record<string, string>, config: unknown): string {
  const path = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

const json = (args: string[], env: Record<string, string>) => {
  const r = run([...args, '--json'], env);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};

describe('runway daily --json', () => {
  it('prints the ccusage daily shape with exact tokens and hand-computed cost', () => {
    const { env } = setup([
      assistant({ id: 'msg_1', ts: '2026-08-24T10:00:00.000Z', usage: OPUS_USAGE }),
      assistant({ id: 'msg_1', ts: '2026-08-24T10:00:00.000Z', usage: { ...OPUS_USAGE, output: 1 } }),
      assistant({ id: 'msg_2', ts: '2026-08-25T10:00:00.000Z', usage: OPUS_USAGE }),
    ]);
    const out = json(['daily', '--tz', 'UTC'], env);
    expect(out.daily.map((d: { date: string }) => d.date)).toEqual(['2026-08-24', '2026-08-25']);
    const day = out.daily[0];
    expect(day).toMatchObject({
      date: '2026-08-24', inputTokens: 1000, outputTokens: 1000, cacheCreationTokens: 2000, cacheReadTokens: 10_000,
      totalTokens: 14_000, modelsUsed: ['claude-opus-4-5-20251101'],
      cacheWrite5mTokens: 1000, cacheWrite1hTokens: 1000, responses: 1, unpricedResponses: 0,
    });
    expect(day.totalCost).toBeCloseTo(OPUS_COST, 10);
    expect(day.modelBreakdowns).toHaveLength(1);
    expect(day.modelBreakdowns[0]).toMatchObject({ modelName: 'claude-opus-4-5-20251101', inputTokens: 1000, outputTokens: 1000, cacheCreationTokens: 2000, cacheReadTokens: 10_000 });
    expect(day.modelBreakdowns[0].cost).toBeCloseTo(OPUS_COST, 10);
    expect(out.totals).toMatchObject({ inputTokens: 2000, outputTokens: 2000, cacheCreationTokens: 4000, cacheReadTokens: 20_000, totalTokens: 28_000 });
    expect(out.totals.totalCost).toBeCloseTo(2 * OPUS_COST, 10);
    expect(out.priceSource).toMatch(/genai-prices/);
  });

  it('places responses on calendar days of the asked time zone, across midnight and DST', () => {
    const { env } = setup([
      assistant({ id: 'ny_before', ts: '2026-03-08T04:30:00.000Z', usage: { output: 1 } }), // 23:30 EST on Mar 7
      assistant({ id: 'ny_after', ts: '2026-03-08T07:30:00.000Z', usage: { output: 2 } }), // 03:30 EDT on Mar 8
      assistant({ id: 'in_late', ts: '2026-08-24T18:20:00.000Z', usage: { output: 4 } }), // 23:50 IST Aug 24, 00:05 NPT Aug 25
      assistant({ id: 'in_next', ts: '2026-08-24T18:40:00.000Z', usage: { output: 8 } }), // 00:10 IST Aug 25
    ]);
    const days = (tz: string) =>
      Object.fromEntries(json(['daily', '--tz', tz], env).daily.map((d: { date: string; outputTokens: number }) => [d.date, d.outputTokens]));
    expect(days('America/New_York')).toEqual({ '2026-03-07': 1, '2026-03-08': 2, '2026-08-24': 12 });
    expect(days('Asia/Kolkata')).toEqual({ '2026-03-08': 3, '2026-08-24': 4, '2026-08-25': 8 });
    expect(days('Asia/Kathmandu')).toEqual({ '2026-03-08': 3, '2026-08-25': 12 });
  });

  it('filters by --since/--until, --project and --scope', () => {
    const { env } = setup([
      assistant({ id: 'a', ts: '2026-08-20T10:00:00.000Z', usage: { output: 1 }, cwd: '/home/dev/api' }),
      assistant({ id: 'b', ts: '2026-08-21T10:00:00.000Z', usage: { output: 2 }, cwd: '/home/dev/web', entrypoint: 'sdk-ts' }),
      assistant({ id: 'c', ts: '2026-08-22T10:00:00.000Z', usage: { output: 4 }, cwd: '/home/dev/api', entrypoint: 'claude-vscode' }),
      assistant({ id: 'd', ts: '2026-08-23T10:00:00.000Z', usage: { output: 8 }, cwd: '/home/dev/web', entrypoint: 'sdk-cli' }),
    ]);
    const out = (args: string[]) => json(['daily', '--tz', 'UTC', ...args], env).totals.outputTokens;
    expect(out([])).toBe(15);
    expect(out(['--since', '2026-08-21', '--until', '2026-08-22'])).toBe(6);
    expect(out(['--project', 'web'])).toBe(10);
    expect(out(['--scope', 'programmatic'])).toBe(10);
    expect(out(['--scope', 'interactive'])).toBe(5);
    expect(out(['--scope', 'interactive', '--project', 'api', '--since', '2026-08-22'])).toBe(4);
  });

  it('reports an unknown model as unpriced, never as $0, until the config prices it', () => {
    const { env } = setup([
      assistant({ id: 'a', ts: '2026-08-24T10:00:00.000Z', usage: OPUS_USAGE }),
      assistant({ id: 'b', ts: '2026-08-24T11:00:00.000Z', model: 'claude-nova-9', usage: { input: 100, output: 200 } }),
    ]);
    const out = json(['daily', '--tz', 'UTC'], env);
    expect(out.totals.totalCost).toBeCloseTo(OPUS_COST, 10);
    expect(out.totals.unpricedResponses).toBe(1);
    expect(out.totals.unpricedTokens).toBe(300);
    expect(out.unpriced).toEqual([{ agent: 'claude-code', model: 'claude-nova-9', reason: 'no price for model claude-nova-9', responses: 1, tokens: 300 }]);
    const human = run(['daily', '--tz', 'UTC', '--no-scan'], env);
    expect(human.stdout).toContain('+?');
    expect(human.stdout).toMatch(/claude-nova-9 \(claude-code\): 1 responses, 300 tokens/);

    writeConfig(env, { prices: { 'claude-nova-9': { input: 2, output: 10 } } });
    const priced = json(['daily', '--tz', 'UTC', '--no-scan'], env);
    // 100 × $2/M + 200 × $10/M = 0.0002 + 0.002
    expect(priced.totals.totalCost).toBeCloseTo(OPUS_COST + 0.0022, 10);
    expect(priced.totals.unpricedResponses).toBe(0);
  });

  it('uses logged costUSD in auto mode, tokens in calculate mode, and only logged costs in display mode', () => {
    const { env } = setup([
      assistant({ id: 'old', ts: '2026-08-24T10:00:00.000Z', usage: OPUS_USAGE, costUSD: 1.25, version: '1.0.98' }),
      assistant({ id: 'new', ts: '2026-08-24T11:00:00.000Z', usage: OPUS_USAGE }),
    ]);
    const cost = (mode: string) => json(['daily', '--tz', 'UTC', '--cost-mode', mode], env).totals;
    expect(cost('auto').totalCost).toBeCloseTo(1.25 + OPUS_COST, 10);
    expect(cost('calculate').totalCost).toBeCloseTo(2 * OPUS_COST, 10);
    expect(cost('display')).toMatchObject({ totalCost: 1.25, unpricedResponses: 1 });
  });
});

describe('runway today / week / stats', () => {
  it('report the day and week around a pinned now, and all-time stats', () => {
    const { env } = setup(
      [
        assistant({ id: 'old', ts: '2026-08-01T10:00:00.000Z', usage: { output: 1 }, cwd: '/home/dev/api' }),
        assistant({ id: 'wk', ts: '2026-08-20T10:00:00.000Z', usage: { output: 2 }, cwd: '/home/dev/web' }),
        assistant({ id: 'now', ts: '2026-08-24T09:00:00.000Z', usage: { output: 4 }, cwd: '/home/dev/web' }),
      ],
      { RUNWAY_NOW: '2026-08-24T12:00:00.000Z' },
    );
    expect(json(['today', '--tz', 'UTC'], env).totals.outputTokens).toBe(4);
    const week = json(['week', '--tz', 'UTC'], env);
    expect(week.daily.map((d: { date: string }) => d.date)).toEqual(['2026-08-20', '2026-08-24']);
    const stats = json(['stats', '--tz', 'UTC'], env);
    expect(stats).toMatchObject({ firstDate: '2026-08-01', lastDate: '2026-08-24', activeDays: 3 });
    expect(stats.totals.outputTokens).toBe(7);
    expect(stats.projects.map((p: { project: string; outputTokens: number }) => [p.project, p.outputTokens])).toEqual([
      ['/home/dev/web', 6],
      ['/home/dev/api', 1],
    ]);
  });

  it('prints tables that fit 80 columns, in colour only when allowed', () => {
    const { env } = setup([
      assistant({ id: 'a', ts: '2026-08-24T10:00:00.000Z', usage: { input: 123_456_789, output: 98_765_432, cw5m: 55_555_555, cacheRead: 987_654_321 }, cwd: '/home/dev/a/very/long/project/path/that/keeps/going/and/going' }),
      assistant({ id: 'b', ts: '2026-08-24T10:00:00.000Z', model: 'claude-sonnet-4-5-20250929-experimental-long-name', usage: { output: 5 } }),
    ]);
    for (const cmd of ['daily', 'stats', 'week', 'scan']) {
      // scan has no calendar days, so it takes no --tz.
      const out = run([cmd, ...(cmd === 'scan' ? [] : ['--tz', 'UTC'])], env).stdout;
      for (const line of out.split('\n')) expect(line.length, `${cmd}: ${line}`).toBeLessThanOrEqual(80);
      expect(out).not.toMatch(/\x1b\[/);
    }
    const { NO_COLOR: _, ...colourEnv } = env;
    expect(run(['daily', '--tz', 'UTC', '--no-scan'], { ...colourEnv, FORCE_COLOR: '1' }).stdout).toMatch(/\x1b\[/);
    expect(run(['daily', '--tz', 'UTC', '--no-scan'], { ...colourEnv, FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(/\x1b\[/);
  });
});

describe('runway scan', () => {
  it('reports files, responses and skipped lines per reason, with file:line under --verbose', () => {
    const { env, logs } = setup([assistant({ id: 'a', ts: '2026-08-24T10:00:00.000Z', usage: { output: 1 } })]);
    logs.append('-home-dev-api/sess-1.jsonl', '{"broken": \n\n');
    const r = run(['scan', '--verbose'], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Read 1 of 1 files');
    expect(r.stdout).toContain('Responses: 1 added, 0 updated, 1 in the database');
    expect(r.stdout).toContain(`1 × not a JSON object (malformed or cut short)  e.g. ${logs.path('-home-dev-api/sess-1.jsonl')}:2`);
    expect(r.stdout).toContain(`1 × blank line  e.g. ${logs.path('-home-dev-api/sess-1.jsonl')}:3`);
    const again = run(['scan'], env);
    expect(again.stdout).toContain('Read 0 of 1 files');
  });

  it('says where it looked when there are no logs', () => {
    const env = cliEnv();
    const r = run(['scan'], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^claude-code  not found \\(${env.CLAUDE_CONFIG_DIR}/projects\\)$`, 'm'));
    expect(r.stdout).toContain('No agent logs found');
  });

  it('gives two concurrent scans the same totals as one', async () => {
    const logs = logRoot();
    for (let f = 0; f < 40; f++) {
      logs.write(`p${f % 4}/s${f}.jsonl`, jsonl(Array.from({ length: 150 }, (_, i) =>
        assistant({ id: `msg_${f}_${i}`, ts: '2026-08-24T10:00:00.000Z', usage: { input: i, output: f + i, cacheRead: 1000 } }))));
    }
    const shared = cliEnv({ CLAUDE_CONFIG_DIR: logs.root });
    const [a, b] = await Promise.all([runAsync(['scan'], shared), runAsync(['scan'], shared)]);
    expect([a.status, b.status, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const alone = cliEnv({ CLAUDE_CONFIG_DIR: logs.root });
    run(['scan'], alone);
    const both = json(['daily', '--tz', 'UTC', '--no-scan'], shared).totals;
    expect(both).toEqual(json(['daily', '--tz', 'UTC', '--no-scan'], alone).totals);
    expect(both.responses).toBe(6000);
  });
});

describe('user mistakes', () => {
  it.each([
    [{ reset_day: 40 }, /config\.json: key "reset_day" is 40, expected a day of the month \(integer 1–31\)/],
    [{ cost_mode: 'cheap' }, /key "cost_mode" is "cheap", expected one of "auto", "calculate", "display"/],
    [{ holidays: ['2026-12-25', 'xmas'] }, /key "holidays\.1" is "xmas", expected a date YYYY-MM-DD/],
    [{ prices: { 'claude-x': { input: -1 } } }, /key "prices\.claude-x\.input" is -1, expected a price/],
    ['{ "monthly_budget": 100, }', /config\.json: not valid JSON/],
    // JSON.parse turns 1e400 into Infinity, which JSON.stringify would show as null.
    ['{ "monthly_budget": 1e400 }', /key "monthly_budget" is Infinity, expected an amount ≥ 0 \(up to 1,000,000,000 dollars/],
    [{ monthly_budget: 1e23 }, /key "monthly_budget" is 1e\+23, expected an amount ≥ 0 \(up to 1,000,000,000 dollars/],
    [{ holidays: ['2026-02-30'] }, /key "holidays\.0" is "2026-02-30", expected a date YYYY-MM-DD that exists/],
  ])('a bad config value stops with the file, key, value and what was expected: %j', (config, message) => {
    const env = cliEnv();
    const path = writeConfig(env, config);
    const r = run(['daily'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['daily', '--since', '2026-13-01'], '--since "2026-13-01": expected a date YYYY-MM-DD or YYYYMMDD'],
    [['daily', '--since', '2026-08-02', '--until', '2026-08-01'], '--since 2026-08-02 is after --until 2026-08-01'],
    [['daily', '--tz', 'Mars/Olympus'], '--tz "Mars/Olympus": expected an IANA time zone'],
    [['daily', '--scope', 'everything'], '--scope "everything": expected one of all, interactive, programmatic'],
    [['daily', '--bogus'], 'daily: unknown option --bogus (its options: --json, --since,'],
    [['fly'], 'unknown command "fly"'],
  ])('a bad flag gets one clear line: %j', (args, message) => {
    const r = run(args, cliEnv());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names a prices override that lacks a required key', () => {
    const env = cliEnv();
    writeConfig(env, { prices: { 'claude-nova-9': { input: 2 } } });
    const r = run(['daily'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/key "prices".*claude-nova-9.*output/);
  });
});

describe('over budget on every surface', () => {
  // Mon 2026-08-24; $2 a month, $1.50 spent last week, $0.10 today (4,000 Opus 4.5 output
  // tokens), against a daily budget of ($2 − $1.50) ÷ 6 workdays left: over today by the
  // difference, and the budget never negative.
  const records = [
    assistant({ id: 'msg_old', ts: '2026-08-17T10:00:00.000Z', model: 'claude-opus-4-5-20251101', usage: { input: 0, output: 60_000 } }),
    assistant({ id: 'msg_today', ts: '2026-08-24T10:00:00.000Z', model: 'claude-opus-4-5-20251101', usage: { input: 0, output: 4000 } }),
  ];
  const daily = (2 - 1.5) / 6;
  const today = 0.1;

  it('status --json, status and the status line agree: today over by the same amount, no negative budget', () => {
    const { env } = setup(records, { RUNWAY_NOW: '2026-08-24T12:00:00.000Z', TZ: 'UTC' });
    writeConfig(env, { monthly_budget: 2, timezone: 'UTC' });
    const s = json(['status'], env);
    expect(s.dailyBudget).toBeCloseTo(daily, 12);
    expect(s.todaysRunway).toBe(0);
    expect(s.todaysOverBy).toBeCloseTo(today - daily, 12);
    const text = run(['status'], env).stdout;
    expect(text).toContain(`$0.10 of $${daily.toFixed(2)} daily budget · over by $${(today - daily).toFixed(2)}`);
    const line = run(['statusline', '--no-scan'], env).stdout;
    expect(line).toContain(`$0.10/$${daily.toFixed(2)} today`);
    expect(text).not.toMatch(/-\$/);

    // Over the whole budget: the daily budget is 0, never negative.
    writeConfig(env, { monthly_budget: 1, timezone: 'UTC' });
    const over = json(['status'], env);
    expect([over.dailyBudget, over.todaysRunway]).toEqual([0, 0]);
    expect(over.todaysOverBy).toBeCloseTo(today, 12);
    expect(run(['status'], env).stdout).not.toMatch(/-\$/);
    expect(run(['statusline', '--no-scan'], env).stdout).toContain('$0.10/$0.00 today');
  });
});

describe("Node's compile cache", () => {
  const supported = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  it(`is kept in Runway's cache folder where Node has one (this Node: ${supported ? 'yes' : 'no'}), and not with NODE_DISABLE_COMPILE_CACHE`, () => {
    const env = cliEnv();
    expect(run(['--version'], env).status).toBe(0);
    const dir = join(env.XDG_CACHE_HOME!, 'runway', 'compile');
    expect(existsSync(dir) && readdirSync(dir).length > 0).toBe(supported);
    const off = cliEnv({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(run(['--version'], off).status).toBe(0);
    expect(existsSync(join(off.XDG_CACHE_HOME!, 'runway', 'compile'))).toBe(false);
  });
});
