// runway team daily|monthly|where|status on a real team database: every figure is the sum of
// the inserted responses at the published rates, per New York day, across the month's turn;
// each --by adds up to the total; the budget paces as core/budget does for the same days;
// a device silent exactly team.stale_after is not stale, a second more is.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { cliEnv, run } from '../helpers/cli.js';
import { describePg, freshDatabase } from '../helpers/pg.js';
import { A, B, C, D, DAY, fillTeam, localDate, NOW, NOW_MS, personOf, RESPONSES, sums, TZ, UNPRICED_MODEL, expectedBudget, type Resp } from './views-fixture.js';

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-9);

function configFile(team: Record<string, unknown>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'runway-team-')), 'config.json');
  writeFileSync(path, JSON.stringify({ timezone: TZ, team }));
  return path;
}

describePg('runway team reports', () => {
  let env: Record<string, string>;
  let config: string;
  const BUDGETS = { alice: 40, bob: 5, dave: 10 };
  beforeAll(async () => {
    const url = await freshDatabase();
    await fillTeam(url);
    env = cliEnv({ RUNWAY_NOW: NOW, RUNWAY_TEAM_URL: url });
    config = configFile({ monthly_budget: 100, budgets: BUDGETS, stale_after: '7d' });
  });
  const team = (...args: string[]) => {
    const r = run(['team', ...args, '--config', config], env);
    if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
    return r.stdout;
  };
  const json = (...args: string[]) => JSON.parse(team(...args, '--json'));

  it('daily: each New York day the sum of its responses, the 22:00 one on November 30, unpriced kept apart', () => {
    const report = json('daily');
    const dates = [...new Set(RESPONSES.map((r) => localDate(r.ts)))].sort();
    expect(report.daily.map((d: { date: string }) => d.date)).toEqual(dates);
    expect(localDate(Date.UTC(2026, 11, 1, 3))).toBe('2026-11-30');
    for (const d of report.daily) {
      const want = sums((r) => localDate(r.ts) === d.date);
      expect([d.inputTokens, d.outputTokens, d.cacheCreationTokens, d.cacheReadTokens, d.responses, d.unpricedResponses])
        .toEqual([want.input, want.output, want.cacheWrite, want.cacheRead, want.responses, want.unpriced]);
      close(d.totalCost, want.cost);
    }
    const all = sums(() => true);
    expect(report.totals.totalTokens).toBe(all.tokens);
    close(report.totals.totalCost, all.cost);
    // One entry per agent that used it.
    const unpriced = report.unpriced as { model: string; reason: string; responses: number; tokens: number }[];
    expect(unpriced.map((u) => [u.model, u.reason])).toEqual(unpriced.map(() => [UNPRICED_MODEL, `no price for model ${UNPRICED_MODEL}`]));
    expect(unpriced.reduce((s, u) => s + u.responses, 0)).toBe(all.unpriced);
    expect(unpriced.reduce((s, u) => s + u.tokens, 0)).toBe(sums((r) => r.model === UNPRICED_MODEL).tokens);
    expect(all.unpriced).toBeGreaterThan(0);
    expect(report).toMatchObject({ timezone: TZ, costMode: 'auto', priceSource: expect.stringMatching(/genai-prices/), by: null, since: null, until: null });
  });

  it('daily --since/--until keep those New York days only', () => {
    const report = json('daily', '--since', '2026-11-30', '--until', '2026-12-01');
    expect(report.daily.map((d: { date: string }) => d.date)).toEqual(['2026-11-30', '2026-12-01']);
    close(report.totals.totalCost, sums((r) => localDate(r.ts) >= '2026-11-30' && localDate(r.ts) <= '2026-12-01').cost);
  });

  it('--tz UTC: the same responses on UTC days, the 22:00 one now on December 1', () => {
    const report = json('daily', '--tz', 'UTC', '--since', '2026-11-30', '--until', '2026-12-01');
    const utc = (r: Resp) => new Date(r.ts).toISOString().slice(0, 10);
    for (const d of report.daily) close(d.totalCost, sums((r) => utc(r) === d.date).cost);
    expect(report.daily.find((d: { date: string }) => d.date === '2026-12-01').responses).toBe(sums((r) => utc(r) === '2026-12-01').responses);
    expect(sums((r) => utc(r) === '2026-12-01').responses).not.toBe(sums((r) => localDate(r.ts) === '2026-12-01').responses);
  });

  it('monthly: November and December on the New York calendar', () => {
    const report = json('monthly');
    expect(report.monthly.map((m: { month: string }) => m.month)).toEqual(['2026-11', '2026-12']);
    for (const m of report.monthly) {
      const want = sums((r) => localDate(r.ts).slice(0, 7) === m.month);
      expect(m.totalTokens).toBe(want.tokens);
      close(m.totalCost, want.cost);
    }
  });

  const dims: [string, (r: Resp) => string][] = [
    ['person', (r) => personOf(r.device)],
    ['device', (r) => ({ [A]: 'laptop (alice)', [B]: 'desktop', [C]: 'laptop (bob)', [D]: 'ci' })[r.device]!],
    ['project', (r) => r.project],
    ['model', (r) => r.model],
    ['agent', (r) => r.agent],
  ];

  it.each(dims)('monthly --by %s: each month\'s groups are the sums of their responses and add up to the month', (by, key) => {
    const report = json('monthly', '--by', by);
    for (const m of report.monthly) {
      const names = [...new Set(RESPONSES.filter((r) => localDate(r.ts).slice(0, 7) === m.month).map(key))].sort();
      expect(m.breakdown.map((g: { name: string }) => g.name).sort()).toEqual(names);
      for (const g of m.breakdown) {
        const want = sums((r) => localDate(r.ts).slice(0, 7) === m.month && key(r) === g.name);
        expect([g.totalTokens, g.responses, g.unpricedResponses]).toEqual([want.tokens, want.responses, want.unpriced]);
        close(g.totalCost, want.cost);
      }
      close(m.breakdown.reduce((s: number, g: { totalCost: number }) => s + g.totalCost, 0), m.totalCost);
      expect(m.breakdown.reduce((s: number, g: { totalTokens: number }) => s + g.totalTokens, 0)).toBe(m.totalTokens);
    }
  });

  it('daily --by device: every day\'s devices add up to the day', () => {
    const report = json('daily', '--by', 'device');
    for (const d of report.daily) {
      close(d.breakdown.reduce((s: number, g: { totalCost: number }) => s + g.totalCost, 0), d.totalCost);
      expect(d.breakdown.reduce((s: number, g: { responses: number }) => s + g.responses, 0)).toBe(d.responses);
    }
  });

  it.each(dims)('where --by %s: this period\'s groups, with calls, cost and share adding up to the total', (by, key) => {
    const report = json('where', '--by', by);
    expect([report.since, report.until]).toEqual(['2026-12-01', '2026-12-10']);
    const inPeriod = (r: Resp) => localDate(r.ts) >= '2026-12-01';
    const total = sums(inPeriod);
    expect(report.total.calls).toBe(total.responses);
    close(report.total.cost, total.cost);
    for (const row of report.rows) {
      const want = sums((r) => inPeriod(r) && key(r) === row.name);
      expect([row.calls, row.unpricedCalls]).toEqual([want.responses, want.unpriced]);
      if (want.unpriced === want.responses) expect(row.cost).toBeNull();
      else close(row.cost, want.cost);
      close(row.share, want.cost / total.cost);
    }
    expect(report.rows.reduce((s: number, r: { calls: number }) => s + r.calls, 0)).toBe(total.responses);
    close(report.rows.reduce((s: number, r: { share: number }) => s + r.share, 0), 1);
  });

  it('where: by person by default, as a table with a total', () => {
    expect(json('where').by).toBe('person');
    const out = team('where');
    expect(out).toMatch(/Where the team's money went, 2026-12-01 – 2026-12-10, by person/);
    expect(out).toMatch(/alice/);
    expect(out).toMatch(/Total/);
  });

  it("status: the team budget paces as core/budget does for the same days; people, devices, stale flag", () => {
    const s = json('status');
    const want = expectedBudget(100);
    const last24h = sums((r) => r.ts >= NOW_MS - DAY && r.ts < NOW_MS).cost;
    for (const k of ['spentToDate', 'spentToday', 'remaining', 'dailyBudget', 'projectedSpend', 'avgWorkdaySpend'] as const) close(s.budget[k], want[k]);
    close(s.budget.burn.ratePerDay, last24h);
    expect([s.budget.status, s.budget.dryDate, s.budget.period.start, s.budget.period.end]).toEqual([want.status, want.dryDate, '2026-12-01', '2027-01-01']);
    expect(last24h).toBeGreaterThan(0);

    const persons = Object.fromEntries(s.persons.map((p: { person: string }) => [p.person, p]));
    expect(Object.keys(persons)).toEqual(['alice', 'bob', 'carol', 'dave']);
    for (const name of ['alice', 'bob', 'carol']) close(persons[name].spent, sums((r) => localDate(r.ts) >= '2026-12-01' && personOf(r.device) === name).cost);
    expect(persons.dave).toMatchObject({ spent: 0, budget: 10, devices: 0 });
    expect(persons.carol.budget).toBeNull();
    expect(persons.carol.pacing).toBeNull();
    expect(persons.alice.budget).toBe(40);
    close(persons.alice.pacing.spentToDate, persons.alice.spent);
    close(persons.alice.pacing.remaining, 40 - persons.alice.spent);
    // A person's budget paces as the team's does, over that person's days.
    const alice = expectedBudget(40, (r) => personOf(r.device) === 'alice');
    for (const k of ['spentToDate', 'dailyBudget', 'projectedSpend', 'avgWorkdaySpend'] as const) close(persons.alice.pacing[k], alice[k]);
    expect(persons.alice.pacing.dryDate).toBe(alice.dryDate);

    const devices = Object.fromEntries(s.devices.map((d: { deviceId: string }) => [d.deviceId, d]));
    expect([A, B, C, D].map((id) => devices[id].stale)).toEqual([false, false, true, false]);
    expect(devices[B].silentMs).toBe(7 * DAY);
    expect(devices[C].lastSyncAt).toBe(new Date(NOW_MS - 7 * DAY - 1000).toISOString());
    // A stale device's spend still counts, in its person's and in the team's.
    close(devices[C].spent, sums((r) => localDate(r.ts) >= '2026-12-01' && r.device === C).cost);
    expect(devices[C].spent).toBeGreaterThan(0);
    close(s.devices.reduce((t: number, d: { spent: number }) => t + d.spent, 0), s.totals.totalCost);
    close(s.totals.totalCost, s.budget.spentToDate);
  });

  it('status as text: pacing, people, devices and the stale one flagged', () => {
    const out = team('status');
    expect(out).toMatch(/of \$100\.00/);
    expect(out).toMatch(/By person/);
    expect(out).toMatch(/laptop \(bob\).*stale \(7d silent\)/);
    expect(out.match(/stale \(/g)).toHaveLength(1);
    expect(out).toMatch(/1 device\(s\) silent for longer than team\.stale_after \(7d\)/);
    expect(out).toMatch(new RegExp(`${UNPRICED_MODEL}.*no price`));
  });

  it('daily as text: the local table, with unpriced usage marked, never $0', () => {
    const out = team('daily', '--by', 'person');
    expect(out).toMatch(/Team daily usage, by person/);
    expect(out).toMatch(/2026-11-30/);
    expect(out).toMatch(/Not priced/);
  });

  it('a stale_after of a week and a second turns the stale device fresh again', () => {
    const r = run(['team', 'status', '--json', '--config', configFile({ stale_after: `${7 * 24 + 1}h` })], env);
    const s = JSON.parse(r.stdout);
    expect(s.devices.filter((d: { stale: boolean }) => d.stale)).toEqual([]);
    expect(s.budget).toBeNull();
  });
});

describePg('runway team: mistakes and trouble in one line', () => {
  const env = cliEnv({ RUNWAY_NOW: NOW });
  it('without a URL, names --url, team.url and RUNWAY_TEAM_URL', () => {
    const r = run(['team', 'daily'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`runway: no team database: pass --url postgres://user@host:port/name, set team.url in ${join(env.XDG_CONFIG_HOME!, 'runway', 'config.json')}, or set RUNWAY_TEAM_URL\n`);
  });

  it('a URL that is not postgres://, or a --by it does not know, is refused naming the flag', () => {
    expect(run(['team', 'status', '--url', 'mysql://db/x'], env).stderr).toBe('runway: --url: expected a postgres:// URL, got mysql://…\n');
    const r = run(['team', 'where', '--by', 'branch', '--url', 'postgres://db/x'], env);
    expect([r.status, r.stderr]).toEqual([2, 'runway: --by "branch": expected one of person, device, project, model, agent\n']);
  });

  it('a database that does not answer: one line, exit 4, never the password', () => {
    const r = run(['team', 'status', '--url', 'postgres://runway:s3cret@127.0.0.1:1/team'], env);
    expect(r.status).toBe(4);
    expect(r.stderr).toBe('runway: team database runway@127.0.0.1:1/team: nothing answers there: is PostgreSQL running, and are the host and port right?\n');
  });

  it('a database without the schema says to run team init', async () => {
    const r = run(['team', 'daily', '--url', await freshDatabase()], env);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^runway: team database .* has no Runway schema yet: run runway team init --url …\n$/);
  });
});
