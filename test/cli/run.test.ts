import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assistant, jsonl } from '../helpers/logs.js';
import { CLI, cliEnv, run, type RunResult } from '../helpers/cli.js';
import { summary, withClaudeBudget } from '../../cli/run.js';

/** 10,000 input and 20,000 output tokens on claude-sonnet-4-5 ($3 in / $15 out per MTok): $0.03 + $0.30. */
const MODEL = 'claude-sonnet-4-5-20250929';
const USAGE = { input: 10_000, output: 20_000 };
const COST = 0.33;
const TEMPLATE = assistant({ ts: '2026-01-01T00:00:00.000Z', model: MODEL, usage: USAGE, entrypoint: 'sdk-cli' });

// A stand-in for `claude -p`: opens a new session file under $CLAUDE_CONFIG_DIR/projects, named
// for its cwd as Claude Code names them, and appends a response every 100 ms.
const AGENT = `
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
writeFileSync(cfg.pidFile, String(process.pid));
if (cfg.ignoreTerm) process.on('SIGTERM', () => appendFileSync(cfg.termFile, 'TERM\\n'));
if (cfg.grandchildPidFile) {
  const g = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
  writeFileSync(cfg.grandchildPidFile, String(g.pid));
}
const file = (cwd, session) => {
  const dir = join(process.env.CLAUDE_CONFIG_DIR, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
  mkdirSync(dir, { recursive: true });
  return join(dir, session + '.jsonl');
};
const line = (cwd, session, model = cfg.template.message.model) => JSON.stringify({
  ...cfg.template, cwd, sessionId: session, timestamp: new Date().toISOString(), uuid: randomUUID(),
  requestId: 'req_' + randomUUID(), message: { ...cfg.template.message, id: 'msg_' + randomUUID(), model },
}) + '\\n';
const own = randomUUID();
let written = 0;
const tick = () => {
  appendFileSync(file(process.cwd(), own), line(process.cwd(), own, written === cfg.unpricedAt ? 'claude-unknown-model-9' : undefined));
  for (const o of cfg.others ?? []) appendFileSync(file(o.cwd, o.session), line(o.cwd, o.session));
  if (++written === cfg.count) process.exit(cfg.exitCode ?? 0);
  setTimeout(tick, 100);
};
tick();
`;

interface AgentConfig {
  count: number;
  exitCode?: number;
  ignoreTerm?: boolean;
  grandchild?: boolean;
  unpricedAt?: number;
  others?: { cwd: string; session: string }[];
}

const started: number[] = [];

afterEach(() => {
  // A failed test must not leave its agents running.
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  }
});

function setup(cfg: AgentConfig) {
  const dir = mkdtempSync(join(tmpdir(), 'runway-run-'));
  const cwd = join(dir, 'project');
  mkdirSync(cwd);
  const files = { pidFile: join(dir, 'agent.pid'), termFile: join(dir, 'term'), grandchildPidFile: join(dir, 'grandchild.pid') };
  const config = { ...cfg, template: TEMPLATE, pidFile: files.pidFile, termFile: files.termFile, grandchildPidFile: cfg.grandchild ? files.grandchildPidFile : undefined };
  writeFileSync(join(dir, 'agent.mjs'), AGENT);
  writeFileSync(join(dir, 'agent.json'), JSON.stringify(config));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: join(dir, 'claude'), RUNWAY_RUN_POLL_MS: '200' });
  return { dir, cwd, env, files, agent: [process.execPath, join(dir, 'agent.mjs'), join(dir, 'agent.json')] };
}

/** The built CLI in `cwd`, killed if it outlives the timeout. */
function runway(args: string[], env: Record<string, string>, cwd: string, timeoutMs = 12_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Gone: no such process, or a zombie nobody has reaped yet (dead all the same). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const stat = `/proc/${pid}/stat`;
  return existsSync(stat) && /\) Z /.test(readFileSync(stat, 'utf8'));
}

async function waitGone(pid: number, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!gone(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

const readPid = (file: string) => {
  const pid = Number(readFileSync(file, 'utf8'));
  started.push(pid);
  return pid;
};

/** The dollars of the summary's spend line. */
const summarySpend = (stderr: string) => Number(/^ {2}spend +\$([\d,.]+) of/m.exec(stderr)?.[1]);

describe('runway run', () => {
  it('--kill stops the command and everything it started once the budget is passed, exit 124', async () => {
    const t = setup({ count: -1, ignoreTerm: true, grandchild: true });
    const began = Date.now();
    const r = await runway(['run', '--budget', '1', '--kill', '--grace', '1', '--', ...t.agent], t.env, t.cwd);
    const agentPid = readPid(t.files.pidFile);
    const grandchildPid = readPid(t.files.grandchildPidFile);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(124);
    expect(Date.now() - began).toBeLessThan(8000);
    expect(r.stderr).toMatch(/over budget: \$1\.\d\d of \$1\.00; stopping the command \(SIGTERM, then SIGKILL after 1 s\)/);
    // It ignored SIGTERM (and said so), so only the SIGKILL after the grace stopped it.
    expect(readFileSync(t.files.termFile, 'utf8')).toContain('TERM');
    expect(r.stderr).toContain('still running 1 s after SIGTERM: SIGKILL');
    expect(await waitGone(agentPid)).toBe(true);
    expect(await waitGone(grandchildPid)).toBe(true);
    expect(r.stderr).toMatch(/^runway: stopped .*agent\.mjs .* · exit 124 \(stopped for budget\)$/m);
    const spend = summarySpend(r.stderr);
    expect(spend).toBeGreaterThan(1);
    // Whole responses only: a multiple of one response's cost.
    expect(spend / COST).toBeCloseTo(Math.round(spend / COST), 6);
    expect(r.stderr).toContain('over budget');
  });

  it('without --kill warns once, lets the command finish, and exits with its status', async () => {
    const t = setup({ count: 10, exitCode: 7 });
    const r = await runway(['run', '--budget', '$1', '--', ...t.agent], t.env, t.cwd);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(7);
    const warnings = r.stderr.match(/over budget: \$\d+\.\d\d of \$1\.00; the command keeps running \(add --kill to stop it\)/g) ?? [];
    expect(warnings).toHaveLength(1);
    expect(r.stderr).toMatch(/^runway: \$\d+\.\d\d of \$1\.00 \(\d+%\) · \d+ responses? · 1 session$/m);
    // The reference: the same logs priced by `runway daily`.
    const daily = JSON.parse(run(['daily', '--json', '--no-scan'], t.env).stdout);
    expect(daily.totals.totalCost).toBeCloseTo(10 * COST, 9);
    expect(summarySpend(r.stderr)).toBe(Number(daily.totals.totalCost.toFixed(2)));
    expect(r.stderr).toContain('  spend      $3.30 of $1.00 (330%) · over budget');
    expect(r.stderr).toContain('  responses  10 in 1 session');
    expect(r.stderr).toContain('  tokens     100,000 input · 200,000 output · 0 cache write · 0 cache read');
    expect(r.stderr).toMatch(/^ {2}by model {3}sonnet-4-5 +\$3\.30 +10 responses$/m);
    expect(r.stderr).toMatch(/^runway: ran .*agent\.mjs .* · exit 7$/m);
    expect(r.stderr).not.toContain('stopped');
  });

  it('counts only new sessions in its own directory, and unpriced responses apart', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'runway-other-'));
    const oldSession = 'aaaaaaaa-0000-4000-8000-000000000001';
    const t = setup({
      count: 4,
      unpricedAt: 1,
      others: [{ cwd: otherDir, session: 'bbbbbbbb-0000-4000-8000-000000000002' }],
    });
    // A session in the same directory from before the start, which goes on during the run.
    const oldTs = new Date(Date.now() - 60_000).toISOString();
    const slug = t.cwd.replace(/[^a-zA-Z0-9]/g, '-');
    mkdirSync(join(t.env.CLAUDE_CONFIG_DIR!, 'projects', slug), { recursive: true });
    writeFileSync(
      join(t.env.CLAUDE_CONFIG_DIR!, 'projects', slug, `${oldSession}.jsonl`),
      jsonl([assistant({ id: 'msg_old', requestId: 'req_old', ts: oldTs, model: MODEL, usage: USAGE, cwd: t.cwd, session: oldSession })]),
    );
    const cfg = JSON.parse(readFileSync(join(t.dir, 'agent.json'), 'utf8'));
    cfg.others.push({ cwd: t.cwd, session: oldSession });
    writeFileSync(join(t.dir, 'agent.json'), JSON.stringify(cfg));

    const r = await runway(['run', '--budget', '100', '--', ...t.agent], t.env, t.cwd);
    expect(r.status).toBe(0);
    // Everything was read: 1 old + 4 of its own + 4 in the other directory + 4 more in the old session.
    const daily = JSON.parse(run(['daily', '--json', '--no-scan'], t.env).stdout);
    expect(daily.totals.responses).toBe(13);
    // …but the run's are its own four, one of them on a model without a price.
    expect(r.stderr).toContain('  spend      $0.99 of $100.00 (1%)');
    expect(r.stderr).toContain('  responses  4 in 1 session');
    expect(r.stderr).toContain('+? claude-unknown-model-9: 1 response, 30,000 tokens not priced, not in the spend (no price for model claude-unknown-model-9)');
    expect(r.stderr).toMatch(/^runway: \$\d\.\d\d of \$100\.00 \(\d+%\) · \d responses? · 1 session · \+\? 1 response not priced$/m);
    expect(r.stderr).not.toContain('over budget');
  });

  it.each([
    [['run', '--', 'node', '-e', '0'], /^runway: --budget is required/],
    [['run', '--budget', 'abc', '--', 'node'], /^runway: --budget "abc": expected a positive dollar amount/],
    [['run', '--budget', '0', '--', 'node'], /^runway: --budget "0": expected a positive dollar amount/],
    [['run', '--budget', '100000000000000000000000', '--', 'node'], /^runway: --budget "100000000000000000000000": expected a positive dollar amount up to 1,000,000,000/],
    [['run', '--budget', '5', '--grace=-1', '--', 'node'], /^runway: --grace "-1": expected seconds/],
    [['run', '--budget', '5'], /^runway: no command to run: put it after --/],
    [['run', '--budget', '5', '--', 'runway-no-such-command-3f9'], /^runway: cannot run "runway-no-such-command-3f9": command not found$/],
  ])('refuses %j with one line', (args, message) => {
    const r = run(args, cliEnv());
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});

describe('claude -p gets the budget as its own limit', () => {
  it.each<[string[], string[]]>([
    [['claude', '-p', 'fix the tests'], ['claude', '--max-budget-usd', '5', '-p', 'fix the tests']],
    [['/usr/local/bin/claude', '--print', '--model', 'opus', 'hi'], ['/usr/local/bin/claude', '--max-budget-usd', '5', '--print', '--model', 'opus', 'hi']],
    // Set by the user: theirs stands. Interactive claude, another program, or -p after --: as given.
    [['claude', '-p', '--max-budget-usd', '2', 'hi'], ['claude', '-p', '--max-budget-usd', '2', 'hi']],
    [['claude', '-p', '--max-budget-usd=2', 'hi'], ['claude', '-p', '--max-budget-usd=2', 'hi']],
    [['claude', 'fix the tests'], ['claude', 'fix the tests']],
    [['claude', '--', '-p'], ['claude', '--', '-p']],
    [['claude-code', '-p', 'hi'], ['claude-code', '-p', 'hi']],
    [['node', 'claude', '-p'], ['node', 'claude', '-p']],
  ])('%j → %j', (command, expected) => {
    expect(withClaudeBudget(command, 5)).toEqual(expected);
  });

  it('runs claude with --max-budget-usd and says so on stderr', () => {
    const bin = mkdtempSync(join(tmpdir(), 'runway-bin-'));
    const argsFile = join(bin, 'args.json');
    writeFileSync(join(bin, 'claude'), `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));\n`, { mode: 0o755 });
    const env = cliEnv();
    const r = run(['run', '--budget', '2.5', '--', 'claude', '-p', 'fix the tests'], { ...env, PATH: `${bin}:${env.PATH}` });
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(argsFile, 'utf8'))).toEqual(['--max-budget-usd', '2.5', '-p', 'fix the tests']);
    expect(r.stderr).toContain('runway: claude -p stops itself at the budget too: --max-budget-usd 2.5 passed on');
  });
});

describe('the summary', () => {
  it('prints the command quoted for sh: pasted, it runs the same words and expands nothing', () => {
    const words = ['$HOME', '`id`', 'a b', "it's", '', '!!', '*', '"q"', 'plain-arg_1.txt', '--flag=x,y:z@1%'];
    const command = ['printf', '%s|', ...words];
    const head = summary({ command, durationMs: 1500, budget: 5, exitCode: 0, stopped: false, cwd: '/w', spend: null }).split('\n')[0]!;
    expect(head).toBe(`runway: ran printf '%s|' '$HOME' '\`id\`' 'a b' 'it'\\''s' '' '!!' '*' '"q"' plain-arg_1.txt --flag=x,y:z@1% · 1.5 s · exit 0`);
    const typed = /^runway: ran (.*) · 1\.5 s · exit 0$/.exec(head)![1]!;
    const r = spawnSync('sh', ['-c', typed], { encoding: 'utf8' });
    expect(r.stdout).toBe(words.map((w) => `${w}|`).join(''));
  });
});
