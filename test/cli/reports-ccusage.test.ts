// weekly, monthly, session and blocks as users run them, in ccusage's --json shapes: week and
// month edges on a non-UTC calendar, totals that are the sum of the rows, one session's
// responses, the active block and --token-limit, and the shared --last, --order and dates.
import { describe, expect, it } from 'vitest';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { cliEnv, run } from '../helpers/cli.js';

/** claude-opus-4-5 at $5 in / $25 out per MTok: 1,000 of each kind and 10,000 cache reads cost $0.05125. */
const USAGE = { input: 1000, output: 1000, cw5m: 1000, cw1h: 1000, cacheRead: 10_000 };
const COST = 0.05125;
const TZ = 'America/New_York';

/**
 * Now: Wednesday 26 August 2026, 10:00 in New York (14:00 UTC).
 * s1: Sunday 23 August 23:30 local (Monday in UTC), and Tuesday 25th 06:00 local.
 * s2: Friday 31 July 23:30 local (1 August in UTC); s3: today 09:00 and 09:30 local, the
 *     second on a model without a price (100 in, 200 out).
 */
function setup() {
  const logs = logRoot();
  logs.write('-home-dev-api/s1.jsonl', jsonl([
    assistant({ id: 'a1', ts: '2026-08-24T03:30:00.000Z', session: 's1', cwd: '/home/dev/api', usage: USAGE }),
    assistant({ id: 'a2', ts: '2026-08-25T10:00:00.000Z', session: 's1', cwd: '/home/dev/api', usage: USAGE }),
  ]));
  logs.write('-home-dev-web/s2.jsonl', jsonl([
    assistant({ id: 'b1', ts: '2026-08-01T03:30:00.000Z', session: 's2', cwd: '/home/dev/web', usage: USAGE }),
  ]));
  logs.write('-home-dev-web/s3.jsonl', jsonl([
    assistant({ id: 'c1', ts: '2026-08-26T13:00:00.000Z', session: 's3', cwd: '/home/dev/web', usage: USAGE }),
    assistant({ id: 'c2', ts: '2026-08-26T13:30:00.000Z', session: 's3', cwd: '/home/dev/web', model: 'claude-nova-9', usage: { input: 100, output: 200 } }),
  ]));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-08-26T14:00:00Z' });
  // The first run scans; the rest read the database as it left it.
  expect(run(['scan'], env).status).toBe(0);
  const json = (args: string[]) => {
    // The zone first: a test's own --tz comes later and wins.
    const r = run(['--tz', TZ, ...args, '--json', '--no-scan'], env);
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout);
  };
  return { env, json };
}

const KINDS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'totalTokens', 'totalCost', 'responses', 'unpricedResponses', 'unpricedTokens'] as const;

/** Every token kind, the cost and the counts of the totals are the sum of the rows. */
function expectTotalsAreSums(rows: Record<string, number>[], totals: Record<string, number>) {
  for (const k of KINDS) expect(totals[k], k).toBeCloseTo(rows.reduce((s, r) => s + r[k]!, 0), 10);
}

describe('runway weekly', () => {
  it('puts Sunday 23:30 local in the week starting that Sunday, or in the week before with monday', () => {
    const { json } = setup();
    const sunday = json(['weekly', '--start-of-week', 'sunday']);
    expect(sunday.weekly.map((w: { week: string; responses: number }) => [w.week, w.responses])).toEqual([['2026-07-26', 1], ['2026-08-23', 4]]);
    expect(sunday.startOfWeek).toBe('sunday');
    const monday = json(['weekly', '--start-of-week', 'monday']);
    expect(monday.weekly.map((w: { week: string; responses: number }) => [w.week, w.responses])).toEqual([['2026-07-27', 1], ['2026-08-17', 1], ['2026-08-24', 3]]);
    expectTotalsAreSums(monday.weekly, monday.totals);
    expect(monday.weekly[2]).toMatchObject({ modelsUsed: ['claude-opus-4-5-20251101', 'claude-nova-9'], agentsUsed: ['claude-code'], unpricedResponses: 1 });
    expect(monday.weekly[2].totalCost).toBeCloseTo(2 * COST, 10);
    // The default is sunday, as ccusage's.
    expect(json(['weekly']).weekly.map((w: { week: string }) => w.week)).toEqual(['2026-07-26', '2026-08-23']);
  });

  it('shows unpriced usage as unpriced, never as $0, and model rows only with --breakdown', () => {
    const { env } = setup();
    const plain = run(['weekly', '--no-scan', '--tz', TZ], env).stdout;
    expect(plain).toContain('+? Not priced');
    expect(plain).toMatch(/claude-nova-9 \(claude-code\): 1 responses, 300 tokens/);
    expect(plain).not.toContain('opus-4-5');
    expect(run(['weekly', '--no-scan', '--tz', TZ, '--breakdown'], env).stdout).toContain('opus-4-5');
  });
});

describe('runway monthly', () => {
  it('puts 31 July 23:30 local in July, though it is August in UTC', () => {
    const { json } = setup();
    const out = json(['monthly']);
    expect(out.monthly.map((m: { month: string; responses: number }) => [m.month, m.responses])).toEqual([['2026-07', 1], ['2026-08', 4]]);
    expect(json(['monthly', '--tz', 'UTC']).monthly.map((m: { month: string }) => m.month)).toEqual(['2026-08']);
    expectTotalsAreSums(out.monthly, out.totals);
    expect(out.totals.totalCost).toBeCloseTo(4 * COST, 10);
    expect(out.monthly[1].modelBreakdowns.map((m: { modelName: string; agent: string }) => [m.modelName, m.agent]))
      .toEqual([['claude-opus-4-5-20251101', 'claude-code'], ['claude-nova-9', 'claude-code']]);
  });
});

describe('runway session', () => {
  it('lists each session with its project, last activity, tokens per kind, cost and models', () => {
    const { json } = setup();
    const out = json(['session']);
    expect(out.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['s2', 's1', 's3']);
    const [s2, s1, s3] = out.sessions;
    expect(s1).toMatchObject({
      projectPath: '/home/dev/api', lastActivity: '2026-08-25', lastActivityAt: '2026-08-25T10:00:00.000Z',
      inputTokens: 2000, outputTokens: 2000, cacheCreationTokens: 4000, cacheReadTokens: 20_000, totalTokens: 28_000,
      modelsUsed: ['claude-opus-4-5-20251101'], agentsUsed: ['claude-code'],
    });
    expect(s1.totalCost).toBeCloseTo(2 * COST, 10);
    expect(s2).toMatchObject({ lastActivity: '2026-07-31', projectPath: '/home/dev/web' });
    expect(s3).toMatchObject({ inputTokens: 1100, outputTokens: 1200, unpricedResponses: 1, unpricedTokens: 300 });
    expect(s3.totalCost).toBeCloseTo(COST, 10);
    expectTotalsAreSums(out.sessions, out.totals);
    expect(json(['session', '--order', 'desc']).sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['s3', 's1', 's2']);
    expect(json(['session', '--project', 'api']).sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['s1']);
  });

  it('shows one session: its responses, models and totals', () => {
    const { json, env } = setup();
    const s = json(['session', 's3']);
    expect(s).toMatchObject({ sessionId: 's3', projectPath: '/home/dev/web', modelsUsed: ['claude-opus-4-5-20251101', 'claude-nova-9'], agentsUsed: ['claude-code'] });
    expect(s.entries).toHaveLength(2);
    expect(s.entries[0]).toMatchObject({
      timestamp: '2026-08-26T13:00:00.000Z', agent: 'claude-code', model: 'claude-opus-4-5-20251101',
      inputTokens: 1000, outputTokens: 1000, cacheCreationTokens: 2000, cacheReadTokens: 10_000, totalTokens: 14_000,
    });
    expect(s.entries[0].costUSD).toBeCloseTo(COST, 10);
    expect(s.entries[1]).toMatchObject({ model: 'claude-nova-9', costUSD: null, totalTokens: 300 });
    expect(s).toMatchObject({ inputTokens: 1100, outputTokens: 1200, cacheCreationTokens: 2000, cacheReadTokens: 10_000, totalTokens: 14_300, unpricedResponses: 1 });
    expect(s.totalCost).toBeCloseTo(COST, 10);
    expect(run(['session', 's3', '--no-scan', '--tz', TZ], env).stdout).toMatch(/2026-08-26 09:00:00/);
  });

  it('refuses a session that does not exist in one line', () => {
    const { env } = setup();
    const r = run(['session', 'nope', '--no-scan'], env);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('runway: session "nope": no such session among the usage counted (runway session lists them)');
  });
});

describe('runway blocks', () => {
  it('lists the 5-hour blocks with tokens per kind, and totals that are their sum', () => {
    const { json } = setup();
    const out = json(['blocks']);
    const used = out.blocks.filter((b: { isGap: boolean }) => !b.isGap);
    expect(used.map((b: { startTime: string; isActive: boolean; entries: number }) => [b.startTime, b.isActive, b.entries])).toEqual([
      ['2026-08-01T03:00:00.000Z', false, 1], ['2026-08-24T03:00:00.000Z', false, 1], ['2026-08-25T10:00:00.000Z', false, 1], ['2026-08-26T13:00:00.000Z', true, 2],
    ]);
    // Between blocks more than 5 hours apart, a gap as ccusage lists it: from 5 hours after the last activity to the next.
    expect(out.blocks.map((b: { isGap: boolean }) => b.isGap)).toEqual([false, true, false, true, false, true, false]);
    out.blocks.forEach((b: { isGap: boolean; id: string; startTime: string; endTime: string; entries: number; totalTokens: number; actualEndTime: string | null }, i: number) => {
      if (!b.isGap) return;
      const before = out.blocks[i - 1];
      expect(b.startTime).toBe(new Date(Date.parse(before.actualEndTime) + 5 * 3_600_000).toISOString());
      expect(b.id).toBe(`gap-${b.startTime}`);
      expect(Date.parse(b.endTime)).toBeGreaterThanOrEqual(Date.parse(out.blocks[i + 1].startTime));
      expect(b).toMatchObject({ entries: 0, totalTokens: 0, costUSD: 0, actualEndTime: null, isActive: false });
    });
    expect(out.blocks[0]).toMatchObject({
      endTime: '2026-08-01T08:00:00.000Z', isGap: false, totalTokens: 14_000, models: ['claude-opus-4-5-20251101'], agentsUsed: ['claude-code'],
      tokenCounts: { inputTokens: 1000, outputTokens: 1000, cacheCreationInputTokens: 2000, cacheReadInputTokens: 10_000 },
      projection: null,
    });
    expect(out.blocks[0].costUSD).toBeCloseTo(COST, 10);
    const sums = used.map((b: Record<string, number>) => ({ totalTokens: b.totalTokens, totalCost: b.costUSD, responses: b.entries, unpricedResponses: b.unpricedResponses }));
    for (const k of ['totalTokens', 'totalCost', 'responses', 'unpricedResponses']) {
      expect(out.totals[k], k).toBeCloseTo(sums.reduce((s: number, b: Record<string, number>) => s + b[k]!, 0), 10);
    }
  });

  it('--active: only the active block, with its burn rate and projection; --token-limit max: the largest past block', () => {
    const { json, env } = setup();
    const out = json(['blocks', '--active', '--token-limit', 'max']);
    expect(out.blocks).toHaveLength(1);
    const b = out.blocks[0];
    expect(b).toMatchObject({ isActive: true, entries: 2, totalTokens: 14_300, unpricedResponses: 1, models: ['claude-opus-4-5-20251101', 'claude-nova-9'] });
    // The burn since the first bucket (13:00) over the hour to now, on to the block's end at 18:00.
    expect(b.projection).toEqual({ totalTokens: 14_300 * 5, totalCost: expect.closeTo(COST * 5, 10), remainingMinutes: 240 });
    expect(b.burnRate.costPerHour).toBeCloseTo(COST, 10);
    expect(b.burnRate.tokensPerMinute).toBeCloseTo(14_300 / 60, 10);
    expect(out.tokenLimit).toBe(14_000);
    expect(b.tokenLimitStatus).toEqual({ limit: 14_000, projectedUsage: 71_500, percentUsed: expect.closeTo(71_500 / 140, 10), status: 'exceeds' });
    expect(json(['blocks', '--active', '--token-limit', '100000']).blocks[0].tokenLimitStatus.status).toBe('ok');
    expect(json(['blocks', '--active', '--token-limit', '80000']).blocks[0].tokenLimitStatus.status).toBe('warning');
    const human = run(['blocks', '--active', '--token-limit', 'max', '--no-scan', '--tz', TZ], env).stdout;
    expect(human).toMatch(/⚠ block 2026-08-26 09:00: 71,500 tokens projected, 511% of the limit 14,000 \(over it\)/);
  });
});

describe('the options ccusage reports share', () => {
  it('--last N: the last N days ending today, on daily, weekly and session', () => {
    const { json } = setup();
    expect(json(['daily', '--last', '3']).daily.map((d: { date: string }) => d.date)).toEqual(['2026-08-25', '2026-08-26']);
    expect(json(['daily', '--last', '4']).daily.map((d: { date: string }) => d.date)).toEqual(['2026-08-23', '2026-08-25', '2026-08-26']);
    expect(json(['session', '--last', '2']).sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['s1', 's3']);
    expect(json(['blocks', '--last', '1']).blocks).toHaveLength(1);
  });

  it('--order desc: newest first', () => {
    const { json } = setup();
    expect(json(['daily', '--order', 'desc']).daily.map((d: { date: string }) => d.date)).toEqual(['2026-08-26', '2026-08-25', '2026-08-23', '2026-07-31']);
    expect(json(['monthly', '--order', 'desc']).monthly.map((m: { month: string }) => m.month)).toEqual(['2026-08', '2026-07']);
    expect(json(['blocks', '--order', 'desc']).blocks[0].isActive).toBe(true);
  });

  it('takes dates as YYYYMMDD as well as YYYY-MM-DD', () => {
    const { json } = setup();
    const compact = json(['daily', '--since', '20260801', '--until', '20260825']);
    expect(compact.daily.map((d: { date: string }) => d.date)).toEqual(['2026-08-23', '2026-08-25']);
    expect(json(['daily', '--since', '2026-08-01', '--until', '2026-08-25'])).toEqual(compact);
    expect(json(['weekly', '--since', '20260801']).weekly.map((w: { week: string }) => w.week)).toEqual(['2026-08-23']);
    // Every command that takes a date range reads both forms, not only the ccusage-shaped ones.
    expect(json(['stats', '--since', '20260824'])).toEqual(json(['stats', '--since', '2026-08-24']));
  });

  it.each([
    [['daily', '--since', '20261301'], '--since "20261301": expected a date YYYY-MM-DD or YYYYMMDD'],
    [['monthly', '--until', '2026/08/01'], '--until "2026/08/01": expected a date YYYY-MM-DD or YYYYMMDD'],
    [['weekly', '--start-of-week', 'funday'], '--start-of-week "funday": expected one of sunday, monday, tuesday, wednesday, thursday, friday, saturday'],
    [['session', '--order', 'up'], '--order "up": expected asc or desc'],
    [['daily', '--last', '0'], '--last "0": expected a whole number of days, 1 or more'],
    [['daily', '--last', '3', '--since', '2026-08-01'], '--last goes without --since and --until: it sets both'],
    [['blocks', '--token-limit', 'lots'], '--token-limit "lots": expected a whole number of tokens, or max'],
    [['monthly', '--start-of-week', 'monday'], 'monthly does not take --start-of-week'],
    [['weekly', '--active'], 'weekly does not take --active'],
    [['blocks', 'x'], 'blocks: unexpected argument "x"'],
  ])('refuses a bad value in one line: %j', (args, message) => {
    const r = run([...args, '--no-scan'], cliEnv());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
