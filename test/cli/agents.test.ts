// --agent on every report, and budget_agents as every command's default: each counts exactly
// the rows of the agents asked for, all is the sum of the agents, the guard judges the agent
// set it is given against the budget, the status line and the hook keep the budget's agents,
// and a bad value is one line naming the flag (or the key) and what it takes.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDb } from '../../store/db.js';
import { AGENT_PRICES, sums, writeAgentRows } from '../helpers/agents.js';
import { cliEnv, run, runAsync } from '../helpers/cli.js';
import { tempDb } from '../helpers/logs.js';

const AGENTS = ['claude-code', 'codex', 'copilot'];
const EXPECTED = 'expected all, or one or more of claude-code, codex, gemini, opencode, copilot, sdk, comma-separated';

/** A home whose database holds the three agents' rows, the test models priced, days in UTC. */
function setup(config: Record<string, unknown> = { monthly_budget: 200 }) {
  const db = tempDb();
  const opened = openDb(db);
  writeAgentRows(opened);
  opened.close();
  const env = cliEnv({ RUNWAY_DB: db, RUNWAY_NOW: '2026-11-18T12:00:00Z' });
  const configPath = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', prices: AGENT_PRICES, ...config }));
  const json = (args: string[]) => {
    const r = run([...args, '--json', '--no-scan'], env);
    expect(r.stderr, args.join(' ')).toBe('');
    return JSON.parse(r.stdout);
  };
  return { env, json };
}

describe('--agent on the reports', () => {
  it('daily, week and today count exactly the agent’s rows, reasoning and premium requests included', () => {
    const { json } = setup();
    const codex = json(['daily', '--agent', 'codex', '--since', '2026-11-01']);
    const want = sums(['codex']);
    expect(codex).toMatchObject({ agent: 'codex', scope: 'all' });
    expect(codex.totals.totalCost).toBeCloseTo(want.cost, 9);
    expect(codex.totals).toMatchObject({ responses: want.responses, unpricedResponses: 1, reasoningTokens: 500_000, premiumRequests: 0 });
    for (const day of codex.daily) {
      expect(day.agentsUsed).toEqual(['codex']);
      for (const m of day.modelBreakdowns) expect(m.agent).toBe('codex');
    }
    expect(codex.daily.find((d: { date: string }) => d.date === '2026-11-03')).toMatchObject({ reasoningTokens: 400_000, premiumRequests: 0 });
    expect(json(['today', '--agent', 'copilot']).totals).toMatchObject({ responses: 1, premiumRequests: 3, totalCost: 1 });
    expect(json(['week', '--agent', 'claude-code']).totals.totalCost).toBeCloseTo(35, 9);
    // all is the sum of the agents; a list, the sum of those it names.
    const cost = (agent: string) => json(['daily', '--agent', agent, '--since', '2026-11-01']).totals.totalCost as number;
    expect(cost('all')).toBeCloseTo(sums('all').cost, 9);
    expect(AGENTS.map(cost).reduce((a, b) => a + b, 0)).toBeCloseTo(cost('all'), 9);
    expect(cost('codex,copilot')).toBeCloseTo(29, 9);
  });

  it('stats splits all time per agent, and per agent and model, with shares of the whole', () => {
    const { json } = setup();
    const all = json(['stats']);
    expect(all.agents.map((a: { agent: string }) => a.agent)).toEqual(['claude-code', 'codex', 'copilot']);
    for (const a of all.agents) expect(a.totalCost, a.agent).toBeCloseTo(sums([a.agent], '2026-01-01').cost, 9);
    expect(all.agents.reduce((s: number, a: { share: number }) => s + a.share, 0)).toBeCloseTo(1, 12);
    expect(all.models.filter((m: { model: string }) => m.model === 'claude-test-1').map((m: { agent: string }) => m.agent).sort()).toEqual(['claude-code', 'copilot']);
    expect(all.projects.find((p: { project: string }) => p.project === '/home/dev/web').agents).toEqual(['claude-code', 'codex']);
    const codex = json(['stats', '--agent', 'codex']);
    expect(codex.totals.totalCost).toBeCloseTo(28, 9);
    expect(codex.agents).toMatchObject([{ agent: 'codex', share: 1 }]);
  });

  it('status gives the agent set’s period, its projects and its last 14 days', () => {
    const { json } = setup();
    const codex = json(['status', '--agent', 'codex']);
    expect(codex).toMatchObject({ agent: 'codex', budgetAgents: 'all', budget: 200 });
    expect(codex.spentToDate).toBeCloseTo(28, 9);
    expect(codex.remaining).toBeCloseTo(172, 9);
    expect(codex.last14Days.reduce((s: number, d: { spend: number }) => s + d.spend, 0)).toBeCloseTo(8, 9);
    expect(codex.topProjects.reduce((s: number, p: { cost: number }) => s + p.cost, 0)).toBeCloseTo(28, 9);
    expect(json(['status', '--agent', 'all']).spentToDate).toBeCloseTo(74, 9);
  });

  it('export writes the agent’s responses alone, with their reasoning tokens', () => {
    const { env } = setup();
    const r = run(['export', '--format', 'json', '--agent', 'codex', '--no-scan'], env);
    expect(r.stderr).toBe('');
    const rows = JSON.parse(r.stdout) as { agent: string; reasoning_tokens: number; premium_requests: number }[];
    expect(rows.map((x) => x.agent)).toEqual(['codex', 'codex', 'codex']);
    expect(rows.map((x) => x.reasoning_tokens)).toEqual([400_000, 100_000, 0]);
    const copilot = JSON.parse(run(['export', '--format', 'json', '--agent', 'copilot', '--no-scan'], env).stdout);
    expect(copilot).toMatchObject([{ agent: 'copilot', premium_requests: 3 }]);
  });

  it('watch and the HTML report show the agent set they were given', () => {
    const { env } = setup();
    const frame = run(['watch', '--agent', 'codex', '--no-scan'], env);
    expect(frame.status).toBe(0);
    expect(frame.stdout).toContain('agent codex');
    expect(frame.stdout).toContain('$28.00');
    const file = join(mkdtempSync(join(tmpdir(), 'runway-report-')), 'r.html');
    const report = run(['report', '--html', file, '--agent', 'codex', '--no-scan'], env);
    expect(report.stdout).toMatch(/, scope all, agents codex, UTC\n$/);
    expect(readFileSync(file, 'utf8')).toContain('<span data-testid="agent">codex</span>');
  });

  it('help lists --agent with every agent name', () => {
    const help = run(['help', 'daily'], cliEnv()).stdout;
    expect(help).toContain('--agent all|claude-code|codex|gemini|opencode|copilot|sdk');
    expect(help).toContain('config "budget_agents"');
  });
});

describe('runway check --agent', () => {
  // $50 budget: all agents have spent $74; Claude Code's $45 runs over at its pace; Codex's $28 lasts.
  it('judges the agent set it is given against the budget', async () => {
    const { env } = setup({ monthly_budget: 50 });
    const check = async (...args: string[]) => {
      const r = await runAsync(['check', '--json', '--no-scan', ...args], env);
      return { status: r.status, body: JSON.parse(r.stdout) };
    };
    expect(await check()).toMatchObject({ status: 2, body: { state: 'spent', agent: 'all' } });
    expect(await check('--agent', 'claude-code')).toMatchObject({ status: 1, body: { state: 'projected_over', agent: 'claude-code' } });
    const codex = await check('--agent', 'codex');
    expect(codex).toMatchObject({ status: 0, body: { state: 'ok', agent: 'codex', budget: 50 } });
    expect(codex.body.spentToDate).toBeCloseTo(28, 9);
  });
});

describe('budget_agents', () => {
  it('is what every report counts by default, --agent all showing the rest', () => {
    const { json } = setup({ monthly_budget: 200, budget_agents: ['codex'] });
    expect(json(['daily', '--since', '2026-11-01']).totals.totalCost).toBeCloseTo(28, 9);
    const status = json(['status']);
    expect(status).toMatchObject({ agent: 'codex', budgetAgents: 'codex' });
    expect(status.remaining).toBeCloseTo(172, 9);
    const all = json(['status', '--agent', 'all']);
    expect(all.remaining).toBeCloseTo(126, 9);
  });

  it('is what the status line and the hook judge: they are Claude Code’s, and take no --agent', async () => {
    const budgeted = setup({ monthly_budget: 50, budget_agents: ['codex'] });
    const everyone = setup({ monthly_budget: 50 });
    // Today: Codex's $8; with every agent $14.
    expect((await runAsync(['statusline'], budgeted.env, '{}')).stdout).toMatch(/^runway \$8\.00\//);
    expect((await runAsync(['statusline'], everyone.env, '{}')).stdout).toMatch(/^runway \$14\.00\//);
    const hook = (env: Record<string, string>) => runAsync(['check', '--hook', 'block', '--no-scan'], env, '{}');
    expect((await hook(budgeted.env)).stdout).toBe('');
    expect(JSON.parse((await hook(everyone.env)).stdout).decision).toBe('block');
  });

  it('refuses a wrong value in one line naming the key', () => {
    const { env } = setup({ budget_agents: ['cursor'] });
    const r = run(['daily', '--no-scan'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^runway: .*config\.json: key "budget_agents" is \["cursor"\], expected "all" or a list of agent names \("claude-code", "codex", "gemini", "opencode", "copilot", "sdk"\)\n$/);
  });
});

describe('a bad --agent', () => {
  it.each([
    ['daily'], ['today'], ['week'], ['stats'], ['status'], ['check'], ['watch'], ['export', '--format', 'csv'], ['report', '--html', '/tmp/never.html'],
  ])('%s: one line naming the flag and what it takes, exit 2', (...command) => {
    const { env } = setup();
    for (const bad of ['cursor', 'codex,']) {
      const r = run([...command, '--agent', bad, '--no-scan'], env);
      expect(r.stdout, command.join(' ')).toBe('');
      expect(r.stderr, command.join(' ')).toBe(`runway: --agent ${JSON.stringify(bad)}: ${EXPECTED}\n`);
      expect(r.status).toBe(2);
    }
  });
});
