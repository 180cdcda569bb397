// runway check --team: the team budget from the team database, judged by core/guard.ts with
// the exit codes of runway check (0 ok, 1 projected over, 2 spent, 3 unreadable), and a
// person's budget beside it with --person or team.person; the worse of the two is the exit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { cliEnv, run } from '../helpers/cli.js';
import { describePg, freshDatabase } from '../helpers/pg.js';
import { expectedBudget, fillTeam, localDate, NOW, personOf, sums, TZ } from './views-fixture.js';

const inPeriod = (r: { ts: number }) => localDate(r.ts) >= '2026-12-01';
const spent = sums(inPeriod).cost;
const aliceSpent = sums((r) => inPeriod(r) && personOf(r.device) === 'alice').cost;

describePg('runway check --team', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const url = await freshDatabase();
    await fillTeam(url);
    env = cliEnv({ RUNWAY_NOW: NOW, RUNWAY_TEAM_URL: url });
  });
  const check = (team: Record<string, unknown>, ...args: string[]) => {
    const config = join(mkdtempSync(join(tmpdir(), 'runway-team-')), 'config.json');
    writeFileSync(config, JSON.stringify({ timezone: TZ, team }));
    return run(['check', '--team', '--config', config, ...args], env);
  };

  it('the figures differ enough for each verdict', () => {
    const projected = expectedBudget(1000).projectedSpend;
    expect(projected).toBeGreaterThan(spent * 1.5);
    expect(aliceSpent).toBeGreaterThan(0);
  });

  it('exit 0 on budget, 1 projected over, 2 spent', () => {
    const projected = expectedBudget(1000).projectedSpend;
    const ok = check({ monthly_budget: Math.ceil(projected * 2) });
    expect([ok.status, ok.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^ok: team: on budget: \$[\d.,]+ of \$[\d.,]+ spent/)]);
    const over = check({ monthly_budget: Number(((spent + projected) / 2).toFixed(2)) });
    expect(over.status).toBe(1);
    expect(over.stdout).toMatch(/^over: team: at this pace the period ends at /);
    const gone = check({ monthly_budget: Number((spent / 2).toFixed(2)) });
    expect(gone.status).toBe(2);
    expect(gone.stdout).toMatch(/^spent: team: the budget of \$[\d.,]+ is spent: .* it resets on 2027-01-01/);
  });

  it("--daily: also exit 2 once today's daily budget is spent", () => {
    const want = expectedBudget(2);
    expect(want.spentToday).toBeGreaterThan(want.dailyBudget);
    expect(want.spentToDate).toBeLessThan(2);
    const r = check({ monthly_budget: 2 }, '--daily');
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^spent: team: today's budget of \$[\d.]+ is spent/);
    expect(check({ monthly_budget: 2 }).status).toBe(1);
  });

  it('--json: the verdict, the team budget figures, and the stale devices', () => {
    const r = check({ monthly_budget: 1000 }, '--json');
    const j = JSON.parse(r.stdout);
    const want = expectedBudget(1000);
    expect(j).toMatchObject({ exitCode: 0, state: 'ok', today: '2026-12-10', period: { start: '2026-12-01', end: '2027-01-01' }, person: null, staleDevices: ['laptop (bob)'] });
    expect(j.team.budget).toBe(1000);
    expect(Math.abs(j.team.spentToDate - spent)).toBeLessThan(1e-9);
    expect(Math.abs(j.team.projectedSpend - want.projectedSpend)).toBeLessThan(1e-9);
    expect(j.unpricedResponses).toBeGreaterThan(0);
    expect(j.team.reason).toMatch(/at least: \d+ responses have no price/);
  });

  it('--person: that person\'s budget too, the worse verdict wins', () => {
    const r = check({ monthly_budget: 10_000, budgets: { alice: Number((aliceSpent / 2).toFixed(2)) } }, '--person', 'alice', '--json');
    const j = JSON.parse(r.stdout);
    expect(r.status).toBe(2);
    expect(j).toMatchObject({ exitCode: 2, state: 'spent', team: { exitCode: 0, state: 'ok' }, person: { person: 'alice', exitCode: 2, state: 'spent' } });
    expect(Math.abs(j.person.spentToDate - aliceSpent)).toBeLessThan(1e-9);
    const text = check({ monthly_budget: 10_000, budgets: { alice: 10_000 } }, '--person', 'alice');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^ok: team: .*\nok: alice: on budget/);
  });

  it("team.person is the person judged without --person; one without a budget is not judged", () => {
    const bob = check({ person: 'bob', budgets: { bob: 0.01 } });
    expect(bob.status).toBe(2);
    expect(bob.stdout).toMatch(/^ok: team: no team budget set, nothing to guard \(team\.monthly_budget in the config sets one\)/);
    expect(bob.stdout).toMatch(/\nspent: bob: the budget of \$0\.01 is spent/);
    const carol = check({ person: 'carol' });
    expect([carol.status, carol.stdout.split('\n').length]).toEqual([0, 2]);
  });

  it('exit 3 in one line when the team data cannot be read, never with the password', () => {
    const r = check({ monthly_budget: 100 }, '--url', 'postgres://runway:s3cret@127.0.0.1:1/team');
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("runway check --team: cannot read the team's usage: team database runway@127.0.0.1:1/team: nothing answers there: is PostgreSQL running, and are the host and port right?\n");
    const bare = cliEnv({ RUNWAY_NOW: NOW });
    const none = run(['check', '--team', '--json'], bare);
    expect(none.status).toBe(3);
    const config = join(bare.XDG_CONFIG_HOME!, 'runway', 'config.json');
    expect(JSON.parse(none.stdout)).toEqual({ exitCode: 3, state: 'unreadable', reason: `no team database: pass --url postgres://user@host:port/name, set team.url in ${config}, or set RUNWAY_TEAM_URL` });
    const dave = check({ monthly_budget: 100 }, '--person', 'dave');
    expect(dave.status).toBe(3);
    expect(dave.stdout).toMatch(/^runway check --team: cannot read the team's usage: --person "dave": team\.budgets in .* has no budget for them\n$/);
  });

  it('--team answers with its exit status only: no hook mode; --person and --url need --team', () => {
    const hook = check({}, '--hook', 'block');
    expect([hook.status, hook.stderr]).toEqual([2, expect.stringMatching(/^runway: --team goes without --hook, --caps, --strict and --on-loop/)]);
    const alone = run(['check', '--person', 'alice'], env);
    expect([alone.status, alone.stderr]).toEqual([2, 'runway: --person and --url go with --team\n']);
  });
});
