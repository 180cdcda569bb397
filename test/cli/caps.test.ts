import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { cliEnv, run } from '../helpers/cli.js';

// Wednesday 18 November 2026, noon UTC.
const NOW = '2026-11-18T12:00:00Z';
const TODAY = '2026-11-18T10:00:00Z';
const YESTERDAY = '2026-11-17T10:00:00Z';
/** A string only a tool's input holds: it must never reach a file the hooks write. */
const TOOL_SECRET = 'TOOL-INPUT-MARKER-91c2e';

type Env = Record<string, string>;
type Rec = Record<string, unknown>;

// A model priced in the config: 1M output tokens = $10, so $d is d × 100,000 output tokens.
let n = 0;
const rec = (session: string, ts: string, dollars: number, cwd = '/w/api', extra: Partial<Parameters<typeof assistant>[0]> = {}) => {
  const id = `m${++n}`;
  return assistant({ id, requestId: `req_${id}`, ts, session, cwd, model: 'claude-test-1', usage: { input: 0, output: dollars * 100_000 }, ...extra });
};

interface Home {
  env: Env;
  logs: ReturnType<typeof logRoot>;
  settings: string;
  configPath: string;
  /** Each event's installed command. */
  hooks: Record<string, string>;
}

/** A private home: these transcripts, the caps in the config, the hooks installed with the real `hook install --caps`. */
function setup(files: Record<string, Rec[]>, caps: Rec, installArgs: string[] = []): Home {
  const logs = logRoot();
  for (const [rel, records] of Object.entries(files)) logs.write(rel, jsonl(records));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: NOW });
  const configPath = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', prices: { 'claude-test-1': { input: 1, output: 10 } }, caps }));
  const settings = join(env.HOME!, 'claude-settings.json');
  const r = run(['hook', 'install', '--caps', '--settings', settings, ...installArgs], env);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { env, logs, settings, configPath, hooks: installed(settings) };
}

function installed(settings: string): Record<string, string> {
  const hooks = JSON.parse(readFileSync(settings, 'utf8')).hooks as Record<string, { hooks: { command: string }[] }[]>;
  return Object.fromEntries(Object.entries(hooks).map(([event, groups]) => [event, groups.at(-1)!.hooks.at(-1)!.command]));
}

/** Runs an installed command as Claude Code does: sh -c, the event's JSON on stdin. It always exits 0 and prints one JSON object or nothing. */
function fire(h: Home, event: string, input: Rec | string, env: Env = h.env): Rec | null {
  const r = spawnSync('sh', ['-c', h.hooks[event]!], { env, input: typeof input === 'string' ? input : JSON.stringify(input), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  if (r.stdout === '') return null;
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout);
}

const base = (session: string, cwd = '/w/api') => ({ session_id: session, cwd, transcript_path: `/logs/${session}.jsonl` });
const stopIn = (session: string, cwd?: string) => ({ ...base(session, cwd), hook_event_name: 'Stop', stop_hook_active: false });
const promptIn = (session: string, cwd?: string) => ({ ...base(session, cwd), hook_event_name: 'UserPromptSubmit', prompt: 'go on' });
const toolIn = (session: string, command = 'npm test', cwd?: string) => ({
  ...base(session, cwd), hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command, description: TOOL_SECRET }, tool_use_id: 'toolu_1',
});

const ok = (r: { status: number | null; stderr: string }) => expect([r.status, r.stderr]).toEqual([0, '']);
const stop = (reason: string) => ({ continue: false, stopReason: reason });
const deny = (reason: string) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } });
const block = (reason: string) => ({ decision: 'block', reason });

/** Every refusal of the three hooks, for one reason; `more` goes into each input. */
function expectRefused(h: Home, session: string, reason: string, cwd?: string, more: Rec = {}) {
  expect(fire(h, 'Stop', { ...stopIn(session, cwd), ...more })).toEqual(stop(reason));
  expect(fire(h, 'PreToolUse', { ...toolIn(session, `echo ${n++}`, cwd), ...more })).toEqual(deny(reason));
  expect(fire(h, 'UserPromptSubmit', { ...promptIn(session, cwd), ...more })).toEqual(block(reason));
}

function expectQuiet(h: Home, session: string, cwd?: string, more: Rec = {}) {
  expect(fire(h, 'Stop', { ...stopIn(session, cwd), ...more })).toBeNull();
  expect(fire(h, 'PreToolUse', { ...toolIn(session, `echo ${n++}`, cwd), ...more })).toBeNull();
  expect(fire(h, 'UserPromptSubmit', { ...promptIn(session, cwd), ...more })).toBeNull();
}

const sessionOver = (id: string, cap: string, spent: string, project = '') =>
  `Runway: this session's cap of ${cap}${project ? ` for ${project}` : ''} is reached: ${spent} spent in it, subagents included. `
  + `Go on in this session only: runway cap allow --session ${id}; raise the cap: runway cap set --session N${project ? ` --project ${project}` : ''}; `
  + `remove it: runway cap off --session${project ? ` --project ${project}` : ''}.`;

describe('the cap hooks, as Claude Code runs them', () => {
  const MAIN = '-w-api/sess-1.jsonl';
  const SUB = '-w-api/sess-1/subagents/agent-a1.jsonl';
  const subagent = (dollars: number) => rec('sess-1', TODAY, dollars, '/w/api', { sidechain: true, agentId: 'a1', attributionAgent: 'Explore' });

  it('install --caps adds Stop and PreToolUse hooks running check --hook stop|tool', () => {
    const h = setup({}, {});
    expect(Object.keys(h.hooks)).toEqual(['UserPromptSubmit', 'SessionStart', 'Stop', 'PreToolUse']);
    expect(h.hooks.UserPromptSubmit).toMatch(/ check --hook block --caps$/);
    expect(h.hooks.Stop).toMatch(/ check --hook stop$/);
    expect(h.hooks.PreToolUse).toMatch(/ check --hook tool$/);
    expect(JSON.parse(readFileSync(h.settings, 'utf8')).hooks.PreToolUse[0].matcher).toBe('*');
  });

  it('the prompt hook installed without --caps leaves the caps alone, as before', () => {
    const h = setup({ [MAIN]: [rec('sess-1', TODAY, 9)] }, { session: 5 });
    expect(fire(h, 'UserPromptSubmit', promptIn('sess-1'))).not.toBeNull();
    ok(run(['hook', 'install', '--settings', h.settings], h.env));
    const plain = { ...h, hooks: installed(h.settings) };
    expect(Object.keys(plain.hooks)).toEqual(['UserPromptSubmit', 'SessionStart']);
    expect(fire(plain, 'UserPromptSubmit', promptIn('sess-1'))).toBeNull();
  });

  it("the session cap counts the session's subagents: only with their file is it over", () => {
    const h = setup({ [MAIN]: [rec('sess-1', TODAY, 3)] }, { session: 5 });
    expectQuiet(h, 'sess-1');
    h.logs.write(SUB, jsonl([subagent(2.5)]));
    expectRefused(h, 'sess-1', sessionOver('sess-1', '$5.00', '$5.50'));
    // Another session is not this one's spend.
    expectQuiet(h, 'sess-2');
  });

  it('with its transcript path, the session cap reads only that session\'s files, its subagents\' included', () => {
    const h = setup({ [MAIN]: [rec('sess-1', TODAY, 3)], '-w-api/sess-9.jsonl': [rec('sess-9', TODAY, 1)] }, { session: 5 });
    const own = { transcript_path: h.logs.path(MAIN) };
    expectQuiet(h, 'sess-1', undefined, own);
    h.logs.write('-w-api/sess-1/subagents/workflows/wf_1/agent-a2.jsonl', jsonl([rec('sess-1', TODAY, 1.5, '/w/api', { sidechain: true, agentId: 'a2' })]));
    h.logs.write(SUB, jsonl([subagent(0.5)]));
    // Another session's new spend is not read by this session's Stop and PreToolUse hooks.
    h.logs.append('-w-api/sess-9.jsonl', jsonl([rec('sess-9', TODAY, 9)]));
    const reason = sessionOver('sess-1', '$5.00', '$5.00');
    expect(fire(h, 'Stop', { ...stopIn('sess-1'), ...own })).toEqual(stop(reason));
    expect(fire(h, 'PreToolUse', { ...toolIn('sess-1'), ...own })).toEqual(deny(reason));
    const spentBy9 = () => (JSON.parse(run(['cap', 'status', '--json', '--no-scan'], h.env).stdout) as { sessions: { sessionId: string; spent: number }[] })
      .sessions.find((x) => x.sessionId === 'sess-9')!.spent;
    expect(spentBy9()).toBe(1);
    // The prompt hook checks the budget too, which reads every log.
    expect(fire(h, 'UserPromptSubmit', { ...promptIn('sess-1'), ...own })).toEqual(block(reason));
    expect(spentBy9()).toBe(10);
  });

  it("the daily cap counts today's spend of every session, not yesterday's", () => {
    const files = {
      '-w-api/s-a.jsonl': [rec('s-a', TODAY, 8)],
      '-w-web/s-b.jsonl': [rec('s-b', TODAY, 8, '/w/web')],
      '-w-api/s-old.jsonl': [rec('s-old', YESTERDAY, 30)],
    };
    expectQuiet(setup(files, { daily: 16.01 }), 's-new');
    const h = setup(files, { daily: 16 });
    expectRefused(h, 's-new', "Runway: today's cap of $16.00 is reached: $16.00 spent today. "
      + 'Go on in this session only: runway cap allow --session s-new; raise the cap: runway cap set --daily N; remove it: runway cap off --daily.');
  });

  it("a project's caps win over the global ones in its folder, and its daily cap counts only its own spend", () => {
    const files = {
      '-w-api/s-api.jsonl': [rec('s-api', TODAY, 3)],
      '-w-web/s-web.jsonl': [rec('s-web', TODAY, 3, '/w/web')],
    };
    const h = setup(files, { session: 100, daily: 100, projects: { '/w/api': { session: 2 }, '/w/web': { daily: 3 } } });
    expectRefused(h, 's-api', sessionOver('s-api', '$2.00', '$3.00', '/w/api'), '/w/api/src');
    // /w/web spent $3 today of its own $3: a new session there is refused, one elsewhere is not.
    expectRefused(h, 's-new', "Runway: today's cap of $3.00 for /w/web is reached: $3.00 spent today there. "
      + 'Go on in this session only: runway cap allow --session s-new; raise the cap: runway cap set --daily N --project /w/web; remove it: runway cap off --daily --project /w/web.', '/w/web');
    expectQuiet(h, 's-new', '/w/other');
  });

  it('cap allow --session lets that one session go on; another is still refused', () => {
    const h = setup({ '-w-api/s-1.jsonl': [rec('s-1', TODAY, 6)], '-w-api/s-2.jsonl': [rec('s-2', TODAY, 7)] }, { session: 5 });
    expect(fire(h, 'Stop', stopIn('s-2'))).toEqual(stop(sessionOver('s-2', '$5.00', '$7.00')));
    expect(fire(h, 'Stop', stopIn('s-1'))).toEqual(stop(sessionOver('s-1', '$5.00', '$6.00')));
    // Without an ID: the session refused last.
    const r = run(['cap', 'allow', '--session'], h.env);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', 'Session s-1 may go on past its caps (the daily cap too, for this session only).\n']);
    expectQuiet(h, 's-1');
    expectRefused(h, 's-2', sessionOver('s-2', '$5.00', '$7.00'));
    expect(run(['cap', 'allow', '--session', 's-2'], h.env).status).toBe(0);
    expectQuiet(h, 's-2');
  });

  it('the same tool call 5 times in a row is reported; another call in between starts the count again', () => {
    const h = setup({}, {});
    const warning = { systemMessage: 'Runway: the same Bash call 5 times in a row in this session: it may be going round in circles' };
    for (let i = 0; i < 4; i++) expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toBeNull();
    expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toEqual(warning);
    // The same input with its keys in another order is the same call.
    const reordered = { ...base('s-1'), tool_name: 'Bash', tool_input: { description: TOOL_SECRET, command: 'make' } };
    expect(fire(h, 'PreToolUse', reordered)).toEqual({ systemMessage: warning.systemMessage.replace('5 times', '6 times') });
    // Warn only: the session is never stopped for it.
    expect(fire(h, 'Stop', stopIn('s-1'))).toBeNull();
    expect(fire(h, 'PreToolUse', toolIn('s-1', 'make test'))).toBeNull();
    for (let i = 0; i < 4; i++) expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toBeNull();
    // Another session's calls are counted apart.
    for (let i = 0; i < 4; i++) expect(fire(h, 'PreToolUse', toolIn('s-2', 'make'))).toBeNull();
  });

  it('--on-loop stop denies the repeated call and stops the session, until cap allow --session', () => {
    const h = setup({}, { loop_repeats: 3 }, ['--on-loop', 'stop']);
    expect(h.hooks.PreToolUse).toMatch(/ check --hook tool --on-loop stop$/);
    expect(h.hooks.UserPromptSubmit).toMatch(/ check --hook block --caps --on-loop stop$/);
    const reason = 'Runway: the same Bash call 3 times in a row in this session. Go on in this session only: runway cap allow --session s-1; only warn about loops: runway hook install --caps --on-loop warn.';
    expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toBeNull();
    expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toBeNull();
    expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toEqual(deny(reason));
    expect(fire(h, 'Stop', stopIn('s-1'))).toEqual(stop(reason));
    // Stopped once for it: the next turn is not stopped again.
    expect(fire(h, 'Stop', stopIn('s-1'))).toBeNull();
    for (let i = 0; i < 2; i++) fire(h, 'PreToolUse', toolIn('s-1', 'make'));
    expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toEqual(deny(reason));
    expect(run(['cap', 'allow', '--session', 's-1'], h.env).status).toBe(0);
    for (let i = 0; i < 2; i++) expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toBeNull();
    // Allowed: still reported, never refused.
    expect(fire(h, 'PreToolUse', toolIn('s-1', 'make'))).toEqual({ systemMessage: 'Runway: the same Bash call 3 times in a row in this session: it may be going round in circles' });
  });

  describe('a database it cannot read', () => {
    const corrupt = (h: Home) => {
      const db = join(h.env.XDG_DATA_HOME!, 'runway', 'usage.db');
      mkdirSync(dirname(db), { recursive: true });
      writeFileSync(db, 'this is not a database, and it is long enough to be read as one\n'.repeat(100));
      return db;
    };
    const damaged = (db: string) => `${db} is damaged or not a Runway database: move it aside and run again to rebuild it from the logs (usage whose logs are already deleted is lost), or restore a backup`;

    it('warns and lets the session go on', () => {
      const h = setup({}, { session: 5 });
      const db = corrupt(h);
      const warning = { systemMessage: `Runway could not read the usage data, so the caps were not checked: ${damaged(db)}` };
      expect(fire(h, 'Stop', stopIn('s-1'))).toEqual(warning);
      expect(fire(h, 'PreToolUse', toolIn('s-1'))).toEqual(warning);
      // The prompt hook's budget check says it first.
      expect(fire(h, 'UserPromptSubmit', promptIn('s-1'))).toEqual({ systemMessage: `Runway could not read the usage data, so this prompt was not checked: ${damaged(db)}` });
    });

    it('with --strict, refuses, naming the trouble and how to go on', () => {
      const h = setup({}, { session: 5 }, ['--strict']);
      expect(h.hooks.Stop).toMatch(/ check --hook stop --strict$/);
      const db = corrupt(h);
      const reason = `Runway cannot read the usage data (${damaged(db)}), so the caps cannot be checked, and its hooks were installed with --strict: `
        + 'go on in this session only: runway cap allow --session s-1, or remove them with runway hook uninstall.';
      expectRefused(h, 's-1', reason);
      // The allowance is kept beside the database, not in it: an allowed session is not refused, only warned
      // that loops and the budget were not checked.
      expect(run(['cap', 'allow', '--session'], h.env).status).toBe(0);
      expect(fire(h, 'Stop', stopIn('s-1'))).toBeNull();
      expect(fire(h, 'PreToolUse', toolIn('s-1'))).toEqual({ systemMessage: `Runway could not read the usage data, so the caps were not checked: ${damaged(db)}` });
      expect(fire(h, 'UserPromptSubmit', promptIn('s-1'))).toEqual({ systemMessage: `Runway could not read the usage data, so this prompt was not checked: ${damaged(db)}` });
      expect(fire(h, 'Stop', stopIn('s-2'))).toEqual(stop(reason.replace('session s-1', 'session s-2')));
    });
  });

  it('a config it cannot read: --strict refuses, an allowed session is only warned', () => {
    const h = setup({}, { session: 5 }, ['--strict']);
    writeFileSync(h.configPath, '{"caps": {"session": "five"}}');
    const why = `${h.configPath}: key "caps.session" is "five", expected dollars above 0, up to 1,000,000,000`;
    expect(fire(h, 'Stop', stopIn('s-1'))).toEqual(stop(`Runway cannot read the usage data (${why}), so the caps cannot be checked, and its hooks were installed with --strict: `
      + 'go on in this session only: runway cap allow --session s-1, or remove them with runway hook uninstall.'));
    ok(run(['cap', 'allow', '--session'], h.env));
    expect(fire(h, 'Stop', stopIn('s-1'))).toEqual({ systemMessage: `Runway could not read the usage data, so the caps were not checked: ${why}` });
  });

  it('malformed or missing input is never a crash: the session cap needs a session, the daily cap does not', () => {
    const h = setup({ [MAIN]: [rec('sess-1', TODAY, 9)] }, { session: 5 });
    for (const input of ['', 'not json', '[1,2]', '{"session_id": 42, "cwd": ["/w"]}', JSON.stringify({ ...toolIn('sess-1'), session_id: '../../etc' }), '{"session_id":"sess-1"'.repeat(3)]) {
      expect(fire(h, 'Stop', input)).toBeNull();
      expect(fire(h, 'PreToolUse', input)).toBeNull();
      expect(fire(h, 'UserPromptSubmit', input)).toBeNull();
    }
    // No cwd, no transcript path, no tool: the session's own cap still holds.
    expect(fire(h, 'PreToolUse', { session_id: 'sess-1' })).toEqual(deny(sessionOver('sess-1', '$5.00', '$9.00')));
    const daily = setup({ [MAIN]: [rec('sess-1', TODAY, 9)] }, { daily: 5 });
    expect(fire(daily, 'Stop', 'not json')).toEqual(stop("Runway: today's cap of $5.00 is reached: $9.00 spent today. Raise the cap: runway cap set --daily N; remove it: runway cap off --daily."));
  });

  it('a Write of megabytes is read whole; stdin never closed does not hang; no stdin at all answers', async () => {
    const h = setup({}, {});
    const big = { ...toolIn('s-1'), tool_name: 'Write', tool_input: { file_path: '/w/api/big.txt', content: 'x'.repeat(8 << 20) } };
    for (let i = 0; i < 4; i++) expect(fire(h, 'PreToolUse', big)).toBeNull();
    expect(fire(h, 'PreToolUse', big)).toEqual({ systemMessage: 'Runway: the same Write call 5 times in a row in this session: it may be going round in circles' });
    const none = spawnSync('sh', ['-c', h.hooks.Stop!], { env: h.env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    expect([none.status, none.stdout, none.stderr]).toEqual([0, '', '']);
    const started = Date.now();
    const open = await new Promise<{ status: number | null; out: string }>((resolve) => {
      const child = spawn('sh', ['-c', h.hooks.PreToolUse!], { env: h.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stdin.write('{"session_id":');
      child.on('close', (status) => resolve({ status, out }));
    });
    expect(open).toEqual({ status: 0, out: '' });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('tool inputs never reach a file: only a keyed hash and the tool name are kept', () => {
    const h = setup({ [MAIN]: [rec('sess-1', TODAY, 1)] }, { session: 5, daily: 50 });
    for (let i = 0; i < 6; i++) fire(h, 'PreToolUse', toolIn('sess-1', `cat ${TOOL_SECRET}`));
    fire(h, 'Stop', stopIn('sess-1'));
    fire(h, 'UserPromptSubmit', promptIn('sess-1'));
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const written = files(h.env.HOME!);
    expect(written.some((f) => f.endsWith('usage.db.caps.json'))).toBe(true);
    for (const f of written) expect(readFileSync(f).includes(TOOL_SECRET), f).toBe(false);
    const state = JSON.parse(readFileSync(written.find((f) => f.endsWith('.caps.json'))!, 'utf8'));
    expect(state.loops['sess-1']).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{16}$/), tool: 'Bash', count: 6, at: Date.parse(NOW) });
  });
});

describe('runway cap set / status / off / allow', () => {
  const home = (config: Rec = {}) => {
    const logs = logRoot();
    logs.write('-w-api/s-1.jsonl', jsonl([rec('s-1', TODAY, 6), rec('s-1', TODAY, 1, '/w/api', { sidechain: true, agentId: 'a9' })]));
    logs.write('-w-web/s-2.jsonl', jsonl([rec('s-2', '2026-11-18T10:30:00Z', 1, '/w/web')]));
    logs.write('-w-web/s-0.jsonl', jsonl([rec('s-0', YESTERDAY, 40, '/w/web')]));
    const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: NOW });
    const path = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ timezone: 'UTC', prices: { 'claude-test-1': { input: 1, output: 10 } }, ...config }));
    return { env, path, caps: () => JSON.parse(readFileSync(path, 'utf8')).caps };
  };
  const oneLine = (r: { status: number | null; stderr: string; stdout: string }, line: string) => {
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `runway: ${line}\n`]);
  };

  it('set takes 5, 5.00 and $5, globally or for a project (an absolute path), keeping the other keys', () => {
    const h = home({ monthly_budget: 300 });
    ok(run(['cap', 'set', '--session', '5'], h.env));
    ok(run(['cap', 'set', '--daily', '$20.50'], h.env));
    const r = run(['cap', 'set', '--session', '2.00', '--project', '/w/api/'], h.env);
    ok(r);
    expect(r.stdout).toBe(`Cap set in /w/api and below: $2.00 a session (in ${h.path}).\nThe hooks enforce it once installed: runway hook install --caps\n`);
    expect(h.caps()).toEqual({ session: 5, daily: 20.5, projects: { '/w/api': { session: 2 } } });
    expect(JSON.parse(readFileSync(h.path, 'utf8')).monthly_budget).toBe(300);
  });

  it.each([
    [['--session', 'abc'], '--session "abc"'],
    [['--session', '0'], '--session "0"'],
    [['--daily', '-5'], null],
    [['--daily', '1e3'], '--daily "1e3"'],
    [['--session', ''], '--session ""'],
    [['--session', '2000000000'], '--session "2000000000"'],
    [['--session', 'Infinity'], '--session "Infinity"'],
    [['--session', '1,000'], '--session "1,000"'],
  ])('set %j is one line naming the flag', (args, flag) => {
    const h = home();
    const r = run(['cap', 'set', ...args], h.env);
    if (flag) oneLine(r, `${flag}: expected dollars above 0, up to $1,000,000,000.00, such as 5, 5.00 or '$5' (quoted: the shell expands an unquoted $5)`);
    else expect([r.status, r.stderr.split('\n').length]).toEqual([2, 2]);
    expect(h.caps()).toBeUndefined();
  });

  it('refuses what a sub-command does not take, and a missing or unknown sub-command', () => {
    const h = home();
    oneLine(run(['cap', 'set'], h.env), 'cap set needs --session N or --daily N (dollars), such as: runway cap set --session 5 --daily 20');
    oneLine(run(['cap', 'status', '--session', '5'], h.env), 'cap status does not take --session (its options: --json, --tz, --no-scan, --db, --config; see runway help cap status)');
    oneLine(run(['cap', 'off', '--session=3'], h.env), 'cap off: --session takes no value (see runway help cap off)');
    oneLine(run(['cap', 'allow'], h.env), 'cap allow needs --session: runway cap allow --session [ID]');
    oneLine(run(['cap', 'allow', '--session'], h.env), 'no session was refused yet: name one, runway cap allow --session ID (runway cap status lists them)');
    oneLine(run(['cap', 'allow', '--session', 'a b'], h.env), 'session "a b": expected a session id such as 65aaa23f-…');
    oneLine(run(['cap', 'raise'], h.env), 'cap "raise": expected one of set, status, off, allow (see runway help cap)');
    oneLine(run(['cap'], h.env), 'cap needs one of set, status, off, allow, such as: runway cap set --session 5 (see runway help cap)');
    oneLine(run(['hook', 'install', '--strict'], h.env), '--strict and --on-loop go with --caps: runway hook install --caps --strict');
    oneLine(run(['hook', 'install', '--caps', '--on-loop', 'halt'], h.env), '--on-loop "halt": expected stop or warn');
    oneLine(run(['check', '--hook', 'session', '--caps'], h.env), '--caps goes with --hook block or --hook warn (stop and tool check the caps anyway)');
    oneLine(run(['check', '--strict'], h.env), '--strict and --on-loop go with the cap hooks: --hook stop, --hook tool, or --caps');
    const help = run(['help', 'cap', 'allow'], h.env);
    ok(help);
    expect(help.stdout).toContain('Usage: runway cap allow --session [ID] [options]');
  });

  it('a wrong caps value in the file is one line naming the key', () => {
    const h = home({ caps: { session: -1 } });
    oneLine(run(['cap', 'status'], h.env), `${h.path}: key "caps.session" is -1, expected dollars above 0, up to 1,000,000,000`);
    oneLine(run(['cap', 'set', '--daily', '3'], h.env), `${h.path}: key "caps.session" is -1, expected dollars above 0, up to 1,000,000,000`);
    // Lifting a refusal needs no config: it works while the config is broken.
    ok(run(['cap', 'allow', '--session', 's-1'], h.env));
  });

  it("status: the caps, today's spend against the daily cap, today's sessions against theirs, how to lift each", () => {
    const h = home({ caps: { session: 5, daily: 10, projects: { '/w/web': { session: 0.5, daily: 0.75 } } } });
    const r = run(['cap', 'status', '--json'], h.env);
    ok(r);
    expect(JSON.parse(r.stdout)).toEqual({
      caps: { session: 5, daily: 10, projects: { '/w/web': { session: 0.5, daily: 0.75 } }, loopRepeats: 5 },
      today: { date: '2026-11-18', spent: 8, unpricedResponses: 0 },
      daily: [
        { project: null, cap: 10, spent: 8, unpricedResponses: 0, over: false },
        { project: '/w/web', cap: 0.75, spent: 1, unpricedResponses: 0, over: true },
      ],
      // Most recent first; s-1's $7 includes its subagent's $1.
      sessions: [
        { sessionId: 's-2', project: '/w/web', spent: 1, unpricedResponses: 0, cap: 0.5, capProject: '/w/web', over: true, allowed: false },
        { sessionId: 's-1', project: '/w/api', spent: 7, unpricedResponses: 0, cap: 5, capProject: null, over: true, allowed: false },
      ],
      loops: [],
      lastRefused: null,
    });
    const text = run(['cap', 'status'], h.env);
    ok(text);
    expect(text.stdout).toContain('  s-1  /w/api  $7.00 of $5.00, over\n');
    expect(text.stdout).toContain('  /w/web: $1.00 of $0.75, over (raise: runway cap set --daily N --project /w/web; remove: runway cap off --daily --project /w/web)\n');
    expect(text.stdout).toContain('Lift a refusal: runway cap allow --session ID');
  });

  it('off removes the named caps, a project\'s, or every cap', () => {
    const h = home({ caps: { session: 5, daily: 10, projects: { '/w/web': { session: 1, daily: 2 }, '/w/api': { daily: 3 } }, loop_repeats: 4 } });
    ok(run(['cap', 'off', '--daily', '--project', '/w/web'], h.env));
    expect(h.caps()).toEqual({ session: 5, daily: 10, projects: { '/w/web': { session: 1 }, '/w/api': { daily: 3 } }, loop_repeats: 4 });
    ok(run(['cap', 'off', '--project', '/w/web'], h.env));
    expect(h.caps()).toEqual({ session: 5, daily: 10, projects: { '/w/api': { daily: 3 } }, loop_repeats: 4 });
    ok(run(['cap', 'off', '--session'], h.env));
    expect(h.caps()).toEqual({ daily: 10, projects: { '/w/api': { daily: 3 } }, loop_repeats: 4 });
    const none = run(['cap', 'off', '--session'], h.env);
    expect(none.stdout).toBe('No session cap is set; nothing changed.\n');
    ok(run(['cap', 'off'], h.env));
    expect(h.caps()).toEqual({ loop_repeats: 4 });
  });
});
