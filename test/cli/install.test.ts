import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  changes,
  defaultSettingsPath,
  installHooks,
  installStatusLine,
  isRunwayCommand,
  jsonErrorAt,
  readSettings,
  runwayCommand,
  SettingsError,
  uninstallHooks,
  uninstallStatusLine,
  writeSettings,
  type Settings,
} from '../../sources/claude-code/settings.js';
import { shQuote } from '../../lib/shell.js';
import { CLI, cliEnv, run } from '../helpers/cli.js';

type Env = Record<string, string>;

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const NODE = `'${process.execPath}'`;
const MAIN = `'${CLI}'`;
const STATUSLINE = `${NODE} ${MAIN} statusline`;
const hookCommand = (arg: string, daily = false) => `${NODE} ${MAIN} check --hook ${arg}${daily ? ' --daily' : ''}`;
const ourHook = (arg: string, daily = false) => ({ type: 'command', command: hookCommand(arg, daily), timeout: 10 });

/** Other tools' hooks, as a real settings.json might hold them. */
const OTHER_HOOKS = {
  PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'guard-bash "$CLAUDE_PROJECT_DIR"' }] }],
  UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'prompt-logger --append', timeout: 5 }] }],
  SessionStart: [
    { matcher: 'startup', hooks: [{ type: 'command', command: 'echo hello' }, { type: 'command', command: 'git status -s' }] },
  ],
};

/** Many unrelated keys, in an order that sorting would change. */
const UNRELATED = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test:*)', 'Read(~/src/**)'], deny: ['Read(./.env)'], defaultMode: 'acceptEdits' },
  env: { ANTHROPIC_LOG: 'debug', Z_LAST: '1', A_FIRST: '2' },
  includeCoAuthoredBy: false,
  cleanupPeriodDays: 45,
  apiKeyHelper: '~/bin/key.sh',
  feedbackSurveyState: { lastShownTime: 1_754_000_000_000 },
  enabledPlugins: {},
  spinnerTipsEnabled: null,
};

const tempDir = () => mkdtempSync(join(tmpdir(), 'runway-install-'));
const defaultSettings = (env: Env) => join(env.CLAUDE_CONFIG_DIR!, 'settings.json');

function writeJson(path: string, value: unknown, text = JSON.stringify(value, null, 4)): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Settings;
const backups = (path: string) => readdirSync(dirname(path)).filter((f) => f.includes('.runway-backup-')).sort();

function ok(args: string[], env: Env): string {
  const r = run(args, env);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

function refused(args: string[], env: Env): string {
  const r = run(args, env);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  return r.stderr;
}

/** Asserts the file is byte-for-byte what it was and no backup was made. */
function untouched(path: string, bytes: Buffer, mtimeMs: number): void {
  expect(readFileSync(path).equals(bytes)).toBe(true);
  expect(statSync(path).mtimeMs).toBe(mtimeMs);
  expect(backups(path)).toEqual([]);
}

describe('runway statusline --install / --uninstall', () => {
  it('creates a missing settings file (and its folder) under CLAUDE_CONFIG_DIR, exactly', () => {
    const env = cliEnv();
    const path = defaultSettings(env);
    expect(existsSync(dirname(path))).toBe(false);
    const out = ok(['statusline', '--install'], env);
    expect(out).toContain(`Status line installed in ${path}:\n  ${STATUSLINE}\n`);
    expect(out).toContain('Undo: runway statusline --uninstall');
    expect(readFileSync(path, 'utf8')).toBe(
      JSON.stringify({ statusLine: { type: 'command', command: STATUSLINE, padding: 0 } }, null, 2) + '\n',
    );
    expect(backups(path)).toEqual([]);
  });

  it('keeps every other key, in order; backs the old file up byte for byte; re-install changes nothing', () => {
    const env = cliEnv();
    const path = writeJson(join(tempDir(), 'claude', 'settings.json'), UNRELATED);
    const original = readFileSync(path);
    const out = ok(['statusline', '--install', '--settings', path], env);
    expect(readFileSync(path, 'utf8')).toBe(
      JSON.stringify({ ...UNRELATED, statusLine: { type: 'command', command: STATUSLINE, padding: 0 } }, null, 2) + '\n',
    );
    const [backup] = backups(path);
    expect(backup).toMatch(/^settings\.json\.runway-backup-\d{8}-\d{6}$/);
    expect(out).toContain(`Backup of the previous file: ${join(dirname(path), backup!)}\n`);
    expect(readFileSync(join(dirname(path), backup!)).equals(original)).toBe(true);

    const after = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    expect(ok(['statusline', '--install', '--settings', path], env)).toBe(
      `The Runway status line is already installed in ${path}; nothing changed.\n`,
    );
    expect(readFileSync(path).equals(after)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect(backups(path)).toHaveLength(1);
  });

  it("refuses another tool's status line without --force, and replaces it with --force, printing the old command", () => {
    const env = cliEnv();
    const theirs = { type: 'command', command: "bunx ccstatusline --theme 'dark'", padding: 1 };
    const path = writeJson(defaultSettings(env), { ...UNRELATED, statusLine: theirs });
    const bytes = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const err = refused(['statusline', '--install'], env);
    expect(err).toContain(path);
    expect(err).toContain(JSON.stringify(theirs.command));
    expect(err).toContain('--force replaces it');
    untouched(path, bytes, mtime);

    const out = ok(['statusline', '--install', '--force'], env);
    expect(out).toContain(`It replaced this status line (put it back under "statusLine" to restore it):\n  ${theirs.command}\n`);
    expect(readJson(path)).toEqual({ ...UNRELATED, statusLine: { type: 'command', command: STATUSLINE, padding: 0 } });
    // statusLine kept its place among the keys.
    expect(Object.keys(readJson(path))).toEqual([...Object.keys(UNRELATED), 'statusLine']);
    expect(readFileSync(join(dirname(path), backups(path)[0]!)).equals(bytes)).toBe(true);
  });

  it('updates its own status line written from an older path, and recognises a PATH-based one', () => {
    const env = cliEnv();
    const path = writeJson(defaultSettings(env), { statusLine: { type: 'command', command: "'/usr/bin/node' '/old place/runway/dist/cli/main.js' statusline" } });
    expect(ok(['statusline', '--install'], env)).toMatch(/^Status line updated \(it ran Runway from another path\)/);
    expect(readJson(path).statusLine).toEqual({ type: 'command', command: STATUSLINE, padding: 0 });
    writeJson(path, { statusLine: { type: 'command', command: 'runway statusline' } });
    expect(ok(['statusline', '--install'], env)).toMatch(/^Status line updated/);
  });

  it("uninstall removes only its own status line and leaves another tool's", () => {
    const env = cliEnv();
    const path = writeJson(defaultSettings(env), { model: 'opus', statusLine: { type: 'command', command: 'other-bar' }, z: 1 });
    const bytes = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    expect(ok(['statusline', '--uninstall'], env)).toBe(`The status line in ${path} is not Runway's, so it was left as it is:\n  other-bar\n`);
    untouched(path, bytes, mtime);

    writeJson(path, { model: 'opus', statusLine: { type: 'command', command: STATUSLINE, padding: 0 }, z: 1 });
    expect(ok(['statusline', '--uninstall'], env)).toMatch(/^Status line removed from /);
    expect(readFileSync(path, 'utf8')).toBe('{\n  "model": "opus",\n  "z": 1\n}\n');
    expect(ok(['statusline', '--uninstall'], env)).toBe(`No status line in ${path}; nothing changed.\n`);
  });

  it('keeps the file mode exactly, whatever the umask', () => {
    const env = cliEnv();
    for (const mode of [0o600, 0o664]) {
      const path = writeJson(join(tempDir(), 'settings.json'), { model: 'opus' });
      chmodSync(path, mode);
      ok(['hook', 'install', '--settings', path], env);
      expect(statSync(path).mode & 0o777).toBe(mode);
    }
  });

  it('writes through a symlinked settings.json, keeping the link', () => {
    const env = cliEnv();
    const dir = tempDir();
    const real = writeJson(join(dir, 'dotfiles', 'claude-settings.json'), { model: 'opus' });
    chmodSync(real, 0o640);
    const link = join(dir, 'claude', 'settings.json');
    mkdirSync(dirname(link));
    symlinkSync(real, link);
    ok(['statusline', '--install', '--settings', link], env);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readJson(real)).toEqual({ model: 'opus', statusLine: { type: 'command', command: STATUSLINE, padding: 0 } });
  });

  it('writes the target of a dangling symlinked settings.json, keeping the link', () => {
    const env = cliEnv();
    const dir = tempDir();
    mkdirSync(join(dir, 'dotfiles'));
    mkdirSync(join(dir, 'claude'));
    const link = join(dir, 'claude', 'settings.json');
    const target = join(dir, 'dotfiles', 'claude-settings.json');
    symlinkSync('../dotfiles/claude-settings.json', link);
    expect(ok(['statusline', '--install', '--settings', link], env)).toContain(`(${link} did not exist: created it)`);
    expect(readlinkSync(link)).toBe('../dotfiles/claude-settings.json');
    expect(readJson(target)).toEqual({ statusLine: { type: 'command', command: STATUSLINE, padding: 0 } });
    ok(['statusline', '--uninstall', '--settings', link], env);
    expect(readlinkSync(link)).toBe('../dotfiles/claude-settings.json');
    expect(readJson(target)).toEqual({});
    expect(readdirSync(join(dir, 'claude'))).toEqual(['settings.json']);
  });

  it('refuses a loop of symlinks, leaving the links as they are', () => {
    const env = cliEnv();
    const dir = tempDir();
    const [a, b] = [join(dir, 'settings.json'), join(dir, 'other.json')];
    symlinkSync('other.json', a);
    symlinkSync('settings.json', b);
    expect(refused(['hook', 'install', '--settings', a], env)).toMatch(new RegExp(`^runway: ${a}: cannot read the settings file \\(ELOOP, a loop of symlinks\\); nothing was changed; `));
    expect([readlinkSync(a), readlinkSync(b)]).toEqual(['other.json', 'settings.json']);
    expect(readdirSync(dir).sort()).toEqual(['other.json', 'settings.json']);
  });

  it('--dry-run prints the change and writes nothing, not even a backup or a missing file', () => {
    const env = cliEnv();
    const path = writeJson(defaultSettings(env), { model: 'opus' });
    const bytes = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const out = ok(['statusline', '--install', '--dry-run'], env);
    expect(out).toBe(
      `--dry-run: nothing written. ${path} would change:\n` +
        'statusLine before: (not set)\n' +
        `statusLine after:  {\n    "type": "command",\n    "command": ${JSON.stringify(STATUSLINE)},\n    "padding": 0\n  }\n`,
    );
    untouched(path, bytes, mtime);

    const missing = join(tempDir(), 'none', 'settings.json');
    ok(['statusline', '--install', '--dry-run', '--settings', missing], env);
    expect(existsSync(dirname(missing))).toBe(false);
  });

  it('the installed command runs Runway, even from a package path with a space and a quote', () => {
    const env = cliEnv();
    ok(['statusline', '--install'], env);
    const installed = readJson(defaultSettings(env)).statusLine as { command: string };
    const sh = (command: string) => spawnSync('sh', ['-c', command], { env, encoding: 'utf8' });
    expect(sh(`${installed.command} --version`).stdout).toBe(`${VERSION}\n`);

    // A copy of the package where quoting mistakes would break the command.
    const pkg = join(tempDir(), "it's a dir", 'runway pkg');
    mkdirSync(pkg, { recursive: true });
    cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const settings = join(dirname(pkg), "my 'settings'.json");
    const r = spawnSync(process.execPath, [join(pkg, 'dist', 'cli', 'main.js'), 'hook', 'install', '--settings', settings], { env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const hooks = readJson(settings).hooks as Record<string, { hooks: { command: string }[] }[]>;
    const command = hooks.UserPromptSubmit![0]!.hooks[0]!.command;
    expect(command).toBe(`${NODE} '${join(pkg, 'dist', 'cli', 'main.js').replace("'", "'\\''")}' check --hook block`);
    const v = sh(`${command} --version`);
    expect(v.stderr).toBe('');
    expect(v.stdout).toBe(`${VERSION}\n`);
  });
});

describe('runway hook install / uninstall', () => {
  it("adds its hooks after other tools' hooks, and uninstall restores the file exactly", () => {
    const env = cliEnv();
    const original = { ...UNRELATED, hooks: OTHER_HOOKS, statusLine: { type: 'command', command: 'other-bar' } };
    const path = writeJson(defaultSettings(env), original, JSON.stringify(original, null, 2) + '\n');
    const out = ok(['hook', 'install'], env);
    expect(out).toContain(`Runway hook installed in ${path} (mode block).\n`);
    expect(out).toContain('refuses a prompt once the monthly budget is spent');
    expect(out).toContain('Undo: runway hook uninstall');
    expect(out).toMatch(/Backup of the previous file: .*settings\.json\.runway-backup-\d{8}-\d{6}\n/);
    const installed = readJson(path);
    expect(Object.keys(installed)).toEqual(Object.keys(original));
    expect(installed).toEqual({
      ...original,
      hooks: {
        PreToolUse: OTHER_HOOKS.PreToolUse,
        UserPromptSubmit: [...OTHER_HOOKS.UserPromptSubmit, { hooks: [ourHook('block')] }],
        SessionStart: [...OTHER_HOOKS.SessionStart, { hooks: [ourHook('session')] }],
      },
    });

    expect(ok(['hook', 'uninstall'], env)).toMatch(/^Runway hook removed from /);
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(original, null, 2) + '\n');
    expect(ok(['hook', 'uninstall'], env)).toBe(`No Runway hook in ${path}; nothing changed.\n`);
    expect(backups(path)).toHaveLength(2);
  });

  it('the installed hook refuses a prompt once the budget is spent, as Claude Code runs it (sh -c, JSON on stdin)', () => {
    const logs = mkdtempSync(join(tmpdir(), 'runway-hook-logs-'));
    mkdirSync(join(logs, 'projects', 'p'), { recursive: true });
    // $2 of a model priced in the config at $10 per million output tokens.
    const line = { type: 'assistant', timestamp: '2026-11-18T10:00:00.000Z', sessionId: 's', cwd: '/p', requestId: 'req_1', uuid: 'u1',
      message: { id: 'msg_1', model: 'claude-test-1', role: 'assistant', usage: { input_tokens: 0, output_tokens: 200_000, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } } };
    writeFileSync(join(logs, 'projects', 'p', 's.jsonl'), JSON.stringify(line) + '\n');
    const env = cliEnv({ CLAUDE_CONFIG_DIR: logs, RUNWAY_NOW: '2026-11-18T12:00:00Z' });
    const config = join(env.HOME!, 'runway-config.json');
    writeJson(config, { timezone: 'UTC', prices: { 'claude-test-1': { input: 1, output: 10 } }, monthly_budget: 5 });
    const out = ok(['hook', 'install', '--config', config], env);
    expect(out).not.toContain('No budget is set');
    const command = (readJson(defaultSettings(env)) as any).hooks.UserPromptSubmit[0].hooks[0].command as string;
    expect(command).toMatch(/ --config '?\/tmp\//);
    const prompt = JSON.stringify({ session_id: 's', hook_event_name: 'UserPromptSubmit', prompt: 'go on', cwd: '/p' });
    const fire = () => spawnSync('sh', ['-c', command], { env, input: prompt, encoding: 'utf8' });

    // $2 of $5: the prompt goes ahead (nothing printed).
    let r = fire();
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    // $7 of $5: refused, with the reason Claude Code shows.
    writeFileSync(join(logs, 'projects', 'p', 's.jsonl'), JSON.stringify({ ...line, uuid: 'u2', requestId: 'req_2', message: { ...line.message, id: 'msg_2', usage: { ...line.message.usage, output_tokens: 500_000 } } }) + '\n', { flag: 'a' });
    r = fire();
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout) as { decision: string; reason: string };
    expect(answer.decision).toBe('block');
    expect(answer.reason).toMatch(/^Runway: the budget of \$5\.00 is spent: \$7\.00 this period/);
  });

  it('says so when no budget is set, since the hook then lets everything through', () => {
    expect(ok(['hook', 'install'], cliEnv())).toContain('No budget is set yet, so it lets every prompt through until one is: runway budget 500');
  });

  it('into a missing file, then uninstall leaves an empty object', () => {
    const env = cliEnv();
    const path = join(tempDir(), 'deep', 'er', 'settings.json');
    expect(ok(['hook', 'install', '--settings', path], env)).toContain(`(${path} did not exist: created it)`);
    expect(readJson(path)).toEqual({ hooks: { UserPromptSubmit: [{ hooks: [ourHook('block')] }], SessionStart: [{ hooks: [ourHook('session')] }] } });
    ok(['hook', 'uninstall', '--settings', path], env);
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
  });

  it('re-install is idempotent; a mode switch replaces its entry in place, even inside a shared group', () => {
    const env = cliEnv();
    const shared = {
      hooks: {
        UserPromptSubmit: [
          {
            hooks: [
              { type: 'command', command: 'first-tool' },
              { type: 'command', command: "'/usr/bin/node' '/old/runway/dist/cli/main.js' check --hook warn", timeout: 10 },
              { type: 'command', command: 'last-tool' },
            ],
          },
        ],
      },
    };
    const path = writeJson(defaultSettings(env), shared);
    expect(ok(['hook', 'install', '--mode', 'warn'], env)).toContain('(mode warn)');
    expect(ok(['hook', 'install', '--mode', 'warn'], env)).toBe(`The Runway hook is already installed in ${path} (mode warn); nothing changed.\n`);
    expect(backups(path)).toHaveLength(1);

    const out = ok(['hook', 'install', '--mode', 'block'], env);
    expect(out).toContain(`Runway hook updated in ${path} (mode block).`);
    expect(readJson(path)).toEqual({
      hooks: {
        UserPromptSubmit: [
          { hooks: [{ type: 'command', command: 'first-tool' }, ourHook('block'), { type: 'command', command: 'last-tool' }] },
        ],
        SessionStart: [{ hooks: [ourHook('session')] }],
      },
    });
    expect(backups(path)).toHaveLength(2);
    ok(['hook', 'uninstall'], env);
    expect(readJson(path)).toEqual({
      hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'first-tool' }, { type: 'command', command: 'last-tool' }] }] },
    });
  });

  it('--caps adds Stop and PreToolUse hooks beside the others; a reinstall without it takes them out again; uninstall removes all', () => {
    const env = cliEnv();
    const original = { ...UNRELATED, hooks: OTHER_HOOKS };
    const text = JSON.stringify(original, null, 2) + '\n';
    const path = writeJson(defaultSettings(env), original, text);
    const out = ok(['hook', 'install', '--caps'], env);
    expect(out).toContain(`Runway hook installed in ${path} (mode block, caps, on loop warn).\n`);
    expect(out).toContain('When the usage data cannot be read they warn and let the session go on.');
    expect(out).toContain('No cap is set yet: runway cap set --session 5 --daily 20');
    const withCaps = {
      ...original,
      hooks: {
        PreToolUse: [...OTHER_HOOKS.PreToolUse, { matcher: '*', hooks: [ourHook('tool')] }],
        UserPromptSubmit: [...OTHER_HOOKS.UserPromptSubmit, { hooks: [ourHook('block --caps')] }],
        SessionStart: [...OTHER_HOOKS.SessionStart, { hooks: [ourHook('session')] }],
        Stop: [{ hooks: [ourHook('stop')] }],
      },
    };
    expect(readJson(path)).toEqual(withCaps);
    expect(ok(['hook', 'install', '--caps'], env)).toBe(`The Runway hook is already installed in ${path} (mode block, caps, on loop warn); nothing changed.\n`);

    // --strict and --on-loop are baked into the commands, which are replaced in place.
    expect(ok(['hook', 'install', '--caps', '--strict', '--on-loop', 'stop', '--mode', 'warn'], env)).toContain('(mode warn, caps strict, on loop stop)');
    const strict = readJson(path).hooks as Record<string, unknown[]>;
    expect(strict.PreToolUse).toEqual([...OTHER_HOOKS.PreToolUse, { matcher: '*', hooks: [ourHook('tool --strict --on-loop stop')] }]);
    expect(strict.Stop).toEqual([{ hooks: [ourHook('stop --strict --on-loop stop')] }]);
    expect(strict.UserPromptSubmit).toEqual([...OTHER_HOOKS.UserPromptSubmit, { hooks: [ourHook('warn --caps --strict --on-loop stop')] }]);

    // Without --caps: the Stop and PreToolUse hooks go, the other tools' stay.
    expect(ok(['hook', 'install'], env)).toContain(`Runway hook updated in ${path} (mode block).`);
    expect(readJson(path)).toEqual({
      ...original,
      hooks: {
        PreToolUse: OTHER_HOOKS.PreToolUse,
        UserPromptSubmit: [...OTHER_HOOKS.UserPromptSubmit, { hooks: [ourHook('block')] }],
        SessionStart: [...OTHER_HOOKS.SessionStart, { hooks: [ourHook('session')] }],
      },
    });
    ok(['hook', 'install', '--caps'], env);
    expect(ok(['hook', 'uninstall'], env)).toMatch(/^Runway hook removed from /);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(backups(path)).toHaveLength(5);
  });

  it('--caps --dry-run lists the new events and writes nothing', () => {
    const env = cliEnv();
    const path = writeJson(defaultSettings(env), { hooks: OTHER_HOOKS });
    const { mtimeMs } = statSync(path);
    const bytes = readFileSync(path);
    const out = ok(['hook', 'install', '--caps', '--dry-run'], env);
    expect(out).toContain('hooks.Stop before: (not set)');
    expect(out).toContain(`"command": ${JSON.stringify(hookCommand('tool'))}`);
    untouched(path, bytes, mtimeMs);
  });

  it('--daily adds --daily to both commands; warn mode says it lets prompts through', () => {
    const env = cliEnv();
    const out = ok(['hook', 'install', '--daily', '--mode', 'warn'], env);
    expect(out).toContain("lets every prompt through, with a warning once the monthly budget is spent (or once today's daily budget is spent)");
    expect(readJson(defaultSettings(env))).toEqual({
      hooks: { UserPromptSubmit: [{ hooks: [ourHook('warn', true)] }], SessionStart: [{ hooks: [ourHook('session', true)] }] },
    });
  });

  it('--dry-run shows the changed events and writes nothing', () => {
    const env = cliEnv();
    const path = writeJson(defaultSettings(env), { model: 'opus', hooks: OTHER_HOOKS });
    const bytes = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const out = ok(['hook', 'install', '--dry-run'], env);
    expect(out).toMatch(new RegExp(`^--dry-run: nothing written. ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} would change:\n`));
    expect(out).toContain('hooks.UserPromptSubmit before: [');
    expect(out).toContain('hooks.SessionStart after:  [');
    expect(out).toContain(JSON.stringify(hookCommand('block')));
    expect(out).not.toContain('PreToolUse');
    untouched(path, bytes, mtime);
    expect(ok(['hook', 'uninstall', '--dry-run'], env)).toBe(`No Runway hook in ${path}; nothing changed.\n`);
  });

  it('refuses a sub-command or mode it does not know', () => {
    const env = cliEnv();
    expect(refused(['hook'], env)).toBe('runway: hook needs install or uninstall, such as: runway hook install --mode warn\n');
    expect(refused(['hook', 'add'], env)).toMatch(/^runway: hook "add": expected install or uninstall/);
    expect(refused(['hook', 'install', '--mode', 'loud'], env)).toBe('runway: --mode "loud": expected warn or block\n');
    expect(refused(['hook', 'uninstall', '--daily'], env)).toBe('runway: --mode, --daily, --caps, --strict and --on-loop go with runway hook install\n');
    expect(existsSync(defaultSettings(env))).toBe(false);
  });
});

describe('a settings file Runway will not edit', () => {
  const every = [['hook', 'install'], ['hook', 'uninstall'], ['statusline', '--install', '--force'], ['statusline', '--uninstall']];
  const hooks = every.slice(0, 2);
  const cases: [string, string, RegExp, string[][]][] = [
    ['not JSON', '{\n  "model": "opus",\n  "hooks": }\n', /: not valid JSON at line 3:12 \(unexpected "}"\); nothing was changed$/, every],
    ['cut short', '{\n  "model": "opus"', /: not valid JSON at line 2:18 \(unexpected end of file\); nothing was changed$/, every],
    ['not an object', '["a"]', /: expected a JSON object at the top level, got an array; nothing was changed$/, every],
    ['hooks of the wrong type', '{"hooks": []}', /: key "hooks" is an array, expected an object keyed by event name; nothing was changed$/, hooks],
    ['an event that is not a list', '{"hooks": {"SessionStart": {}}}', /: key "hooks.SessionStart" is an object, expected an array of hook groups;/, hooks],
    ['a group without hooks', '{"hooks": {"UserPromptSubmit": [{"matcher": ""}]}}', /: key "hooks.UserPromptSubmit\[0\].hooks" is missing, expected an array of hooks;/, hooks],
  ];
  for (const [what, text, message, commands] of cases) {
    it(`${what}: exit 2, one line naming the file and what was expected, the file unchanged`, () => {
      const env = cliEnv();
      const path = writeJson(defaultSettings(env), null, text);
      const mtime = statSync(path).mtimeMs;
      for (const args of commands) {
        const err = refused(args, env).trimEnd();
        expect(err.startsWith(`runway: ${path}: `), err).toBe(true);
        expect(err).toMatch(message);
        untouched(path, Buffer.from(text), mtime);
      }
    });
  }

  it('statusLine of the wrong type', () => {
    const env = cliEnv();
    const text = '{"statusLine": "my-bar"}';
    const path = writeJson(defaultSettings(env), null, text);
    const mtime = statSync(path).mtimeMs;
    for (const args of [['statusline', '--install', '--force'], ['statusline', '--uninstall']]) {
      expect(refused(args, env)).toBe(
        `runway: ${path}: key "statusLine" is a string ("my-bar"), expected an object such as {"type": "command", "command": "…"}; nothing was changed\n`,
      );
    }
    untouched(path, Buffer.from(text), mtime);
  });
});

describe('a settings file Runway cannot read or write', () => {
  /** Runs install, which must fail in one line naming the file and what to do, and leave every file under `dir` as it was. */
  function failsCleanly(path: string, message: RegExp, dir = dirname(path)): void {
    const before = readdirSync(dir, { recursive: true }).sort();
    const err = refused(['statusline', '--install', '--settings', path], cliEnv());
    expect(err.startsWith(`runway: ${path}: `), err).toBe(true);
    expect(err).toMatch(message);
    expect(err).toMatch(/; nothing was changed; \S.*\n$/);
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
  }

  it('a folder in place of the file, or a file in place of its folder', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'settings.json'));
    failsCleanly(join(dir, 'settings.json'), /cannot read the settings file \(EISDIR, it is a folder, not a file\)/);
    const file = writeJson(join(tempDir(), 'claude'), {});
    failsCleanly(join(file, 'settings.json'), /cannot read the settings file \(ENOTDIR, a part of the path is a file, not a folder\)/, dirname(file));
  });

  /** chattr +i stops root too; it needs root (or CAP_LINUX_IMMUTABLE) and a file system that has the flag. */
  const immutable = (path: string, on: boolean) => spawnSync('chattr', [on ? '+i' : '-i', path]).status === 0;
  const canImmutable = (() => {
    const probe = writeJson(join(tempDir(), 'probe.json'), {});
    return immutable(probe, true) && immutable(probe, false);
  })();

  it.skipIf(!canImmutable)('an immutable file or folder: no backup or temp file is left behind', () => {
    const file = writeJson(join(tempDir(), 'settings.json'), { model: 'opus' });
    const folder = dirname(writeJson(join(tempDir(), 'settings.json'), { model: 'opus' }));
    for (const locked of [file, folder]) {
      const path = locked === file ? file : join(folder, 'settings.json');
      const bytes = readFileSync(path);
      immutable(locked, true);
      try {
        failsCleanly(path, /cannot write the settings file \(EPERM, not permitted\); nothing was changed; .*immutable/);
      } finally {
        immutable(locked, false);
      }
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
  });

  // File modes do not stop root: as root, the CLI runs as nobody, in folders nobody owns.
  const asRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  const userFolder = () => {
    const dir = tempDir();
    if (asRoot) chownSync(dir, NOBODY, NOBODY);
    return dir;
  };
  const userFile = (path: string, mode: number) => {
    writeJson(path, { model: 'opus' });
    if (asRoot) chownSync(path, NOBODY, NOBODY);
    chmodSync(path, mode);
    return path;
  };
  const runAsUser = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { env: cliEnv(), encoding: 'utf8', ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('a read-only file, or a folder it may not write in: one line, and no backup or temp file left behind', () => {
    const readOnly = userFile(join(userFolder(), 'settings.json'), 0o444);
    const locked = userFile(join(userFolder(), 'settings.json'), 0o644);
    chmodSync(dirname(locked), 0o555);
    for (const path of [readOnly, locked]) {
      const bytes = readFileSync(path);
      const before = readdirSync(dirname(path));
      const r = runAsUser(['statusline', '--install', '--settings', path]);
      expect(r.stderr).toBe(`runway: ${path}: cannot write the settings file (EACCES, permission denied); nothing was changed; make the file and its folder writable for you, or pick another file with --settings\n`);
      expect(r.status).toBe(2);
      expect(readFileSync(path).equals(bytes)).toBe(true);
      expect(readdirSync(dirname(path))).toEqual(before);
    }
  });
});

describe('the settings edits', () => {
  const cmds = { UserPromptSubmit: 'runway check --hook block', SessionStart: 'runway check --hook session' };

  it('recognise Runway commands by what they run, not by where the package is', () => {
    for (const c of [
      STATUSLINE,
      "'/opt/x y/runway/dist/cli/main.js' statusline",
      'node "/a b/dist/cli/main.js" statusline --tz UTC',
      '/usr/local/bin/runway statusline',
      'npx runway statusline',
      String.raw`node C:\runway\dist\cli\main.js statusline`.replaceAll('\\', '\\\\'),
    ]) {
      expect(isRunwayCommand(c, 'statusline'), c).toBe(true);
      expect(isRunwayCommand(c, 'hook'), c).toBe(false);
    }
    for (const c of [hookCommand('warn'), 'runway check --hook session --daily', "'/n' '/p/cli/main.js' check --hook=block"]) {
      expect(isRunwayCommand(c, 'hook'), c).toBe(true);
    }
    for (const c of ['ccstatusline', 'runway-other statusline', 'echo runway statusline-ish', 'runway check', 'node /x/main.js statusline', 42, undefined]) {
      expect(isRunwayCommand(c, 'statusline') || isRunwayCommand(c, 'hook'), String(c)).toBe(false);
    }
  });

  it('finds the settings under CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    expect(defaultSettingsPath({ CLAUDE_CONFIG_DIR: '/cfg/claude' }, '/home/me')).toBe('/cfg/claude/settings.json');
    expect(defaultSettingsPath({}, '/home/me')).toBe('/home/me/.claude/settings.json');
  });

  it('runwayCommand quotes both paths for sh', () => {
    const command = runwayCommand(['check', '--hook', 'block']);
    expect(command).toBe(hookCommand('block'));
    const words = ["it's", 'a b', '$HOME', '`x`', '"q"', '\\n', ''];
    const r = spawnSync('sh', ['-c', `printf '%s\\n' ${words.map(shQuote).join(' ')}`], { encoding: 'utf8' });
    expect(r.stdout).toBe(words.map((w) => `${w}\n`).join(''));
  });

  it('install and uninstall of hooks never change the object given, nor what is not theirs', () => {
    const before: Settings = {
      a: 1,
      hooks: {
        Stop: [{ hooks: [] }],
        UserPromptSubmit: [{ hooks: [] }, { hooks: [{ type: 'command', command: 'x' }, 'odd'] }],
        SessionStart: [],
      },
    };
    const frozen = JSON.stringify(before);
    const { settings: installed, existed } = installHooks(before, cmds);
    expect(existed).toBe(false);
    expect(JSON.stringify(before)).toBe(frozen);
    expect(installed.hooks).toEqual({
      Stop: [{ hooks: [] }],
      UserPromptSubmit: [{ hooks: [] }, { hooks: [{ type: 'command', command: 'x' }, 'odd'] }, { hooks: [{ type: 'command', command: cmds.UserPromptSubmit, timeout: 10 }] }],
      SessionStart: [{ hooks: [{ type: 'command', command: cmds.SessionStart, timeout: 10 }] }],
    });
    // Empty groups and lists that were empty before stay; only what our removal emptied goes.
    const { settings: removed, removed: count } = uninstallHooks(installed);
    expect(count).toBe(2);
    // SessionStart was empty before, but it is our removal that empties it now.
    expect(removed).toEqual({ a: 1, hooks: { Stop: (before.hooks as Settings).Stop, UserPromptSubmit: (before.hooks as Settings).UserPromptSubmit } });
    expect(uninstallHooks({ hooks: {} })).toEqual({ settings: { hooks: {} }, removed: 0 });
    const empties = { hooks: { SessionStart: [], UserPromptSubmit: [{ hooks: [] }] } };
    expect(uninstallHooks(empties)).toEqual({ settings: empties, removed: 0 });
    expect(uninstallHooks({ hooks: { SessionStart: [{ hooks: [{ command: cmds.SessionStart }] }] } }).settings).toEqual({});
  });

  it('an event given no command loses its Runway entry and keeps the rest', () => {
    const ours = (c: string) => ({ type: 'command', command: c, timeout: 10 });
    const all = { ...cmds, Stop: 'runway check --hook stop', PreToolUse: 'runway check --hook tool' };
    const other = { matcher: 'Bash', hooks: [{ type: 'command', command: 'guard' }] };
    const { settings: withCaps, existed } = installHooks({ hooks: { PreToolUse: [other] } }, all);
    expect(existed).toBe(false);
    expect(withCaps.hooks).toEqual({
      PreToolUse: [other, { matcher: '*', hooks: [ours(all.PreToolUse)] }],
      UserPromptSubmit: [{ hooks: [ours(cmds.UserPromptSubmit)] }],
      SessionStart: [{ hooks: [ours(cmds.SessionStart)] }],
      Stop: [{ hooks: [ours(all.Stop)] }],
    });
    const again = installHooks(withCaps, cmds);
    expect(again.existed).toBe(true);
    expect(again.settings.hooks).toEqual({
      PreToolUse: [other],
      UserPromptSubmit: [{ hooks: [ours(cmds.UserPromptSubmit)] }],
      SessionStart: [{ hooks: [ours(cmds.SessionStart)] }],
    });
    expect(uninstallHooks(withCaps)).toEqual({ settings: { hooks: { PreToolUse: [other] } }, removed: 4 });
  });

  it('install drops a duplicate of its own entry, keeping the first in place', () => {
    const dup = { type: 'command', command: 'runway check --hook warn' };
    const { settings } = installHooks({ hooks: { UserPromptSubmit: [{ hooks: [dup, { command: 'y' }] }, { hooks: [dup] }] } }, cmds);
    expect((settings.hooks as Settings).UserPromptSubmit).toEqual([
      { hooks: [{ type: 'command', command: cmds.UserPromptSubmit, timeout: 10 }, { command: 'y' }] },
    ]);
  });

  it('status line outcomes', () => {
    const ours = { type: 'command', command: 'runway statusline', padding: 0 };
    expect(installStatusLine({}, 'runway statusline', false).outcome).toBe('added');
    expect(installStatusLine({ statusLine: ours }, 'runway statusline', false)).toEqual({ outcome: 'unchanged', settings: { statusLine: ours } });
    expect(installStatusLine({ statusLine: { command: 'other' } }, 'c', false)).toEqual({ outcome: 'foreign', settings: { statusLine: { command: 'other' } }, previous: 'other' });
    expect(installStatusLine({ statusLine: {} }, 'c', true)).toMatchObject({ outcome: 'replaced', previous: '{}' });
    expect(uninstallStatusLine({ a: 1, statusLine: ours, b: 2 })).toEqual({ outcome: 'removed', settings: { a: 1, b: 2 } });
    expect(() => uninstallStatusLine({ statusLine: [] })).toThrow(SettingsError);
  });

  it('changes lists the keys that differ, one level into objects', () => {
    expect(changes({ a: 1, hooks: { X: [1], Y: [2] }, s: 'x' }, { a: 1, hooks: { X: [1], Y: [3], Z: [] }, t: 2 })).toEqual([
      { key: 'hooks.Y', before: [2], after: [3] },
      { key: 'hooks.Z', before: undefined, after: [] },
      { key: 's', before: 'x', after: undefined },
      { key: 't', before: undefined, after: 2 },
    ]);
  });

  it('jsonErrorAt finds the line and column where the JSON goes wrong', () => {
    expect(jsonErrorAt('{"a": 1,}')).toEqual({ line: 1, column: 9, reason: 'unexpected "}"' });
    expect(jsonErrorAt('{\n  "a": tru\n}')).toEqual({ line: 2, column: 11, reason: 'unexpected "\\n"' });
    expect(jsonErrorAt("{\n\n  'a': 1}")).toEqual({ line: 3, column: 3, reason: 'unexpected "\'"' });
    expect(jsonErrorAt('{"a": [1, 2}')).toEqual({ line: 1, column: 12, reason: 'unexpected "}"' });
    expect(jsonErrorAt('{"a": "x\\q"}')).toEqual({ line: 1, column: 10, reason: 'unexpected "q"' });
    expect(jsonErrorAt('{} {}')).toEqual({ line: 1, column: 4, reason: 'unexpected "{"' });
    expect(jsonErrorAt('')).toEqual({ line: 1, column: 1, reason: 'unexpected end of file' });
  });

  it('numbers backups taken in the same second', () => {
    const path = writeJson(join(tempDir(), 'settings.json'), { n: 0 });
    const now = new Date(2026, 2, 4, 5, 6, 7);
    for (let n = 1; n <= 3; n++) {
      const loaded = readSettings(path);
      writeSettings(loaded, { n }, { now });
    }
    expect(backups(path)).toEqual([
      'settings.json.runway-backup-20260304-050607',
      'settings.json.runway-backup-20260304-050607-2',
      'settings.json.runway-backup-20260304-050607-3',
    ]);
    expect(readJson(join(dirname(path), 'settings.json.runway-backup-20260304-050607-3'))).toEqual({ n: 2 });
    expect(readFileSync(path, 'utf8')).toBe('{\n  "n": 3\n}\n');
    expect(readdirSync(dirname(path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to rename over a file another program wrote after the read, removing its temp file and backup', () => {
    const dir = tempDir();
    const path = join(dir, 'settings.json');
    // Another program's own atomic write: a temp file renamed over settings.json.
    const theirs = (text: string) => {
      writeFileSync(`${path}.theirs`, text);
      renameSync(`${path}.theirs`, path);
    };
    const writers: [string, () => void, string | null][] = [
      ['replaced', () => theirs('{"n": 0, "counter": 1}'), '{"n": 0, "counter": 1}'],
      ['replaced by the same bytes', () => theirs('{"n": 0}'), '{"n": 0}'],
      ['rewritten in place', () => writeFileSync(path, '{"n": 7}'), '{"n": 7}'],
      ['deleted', () => rmSync(path), null],
    ];
    for (const [what, writer, expected] of writers) {
      writeJson(path, null, '{"n": 0}');
      const loaded = readSettings(path);
      expect(() => writeSettings(loaded, { n: 1 }, { beforeRename: writer }), what).toThrow(/^changed while Runway was editing it/);
      expect(existsSync(path) ? readFileSync(path, 'utf8') : null, what).toBe(expected);
      expect(readdirSync(dir).filter((f) => f !== 'settings.json'), what).toEqual([]);
    }
    // A file that appeared where there was none is not replaced either.
    rmSync(path, { force: true });
    const none = readSettings(path);
    expect(() => writeSettings(none, { n: 1 }, { beforeRename: () => theirs('{"theirs": true}') })).toThrow(/^changed while Runway was editing it/);
    expect(readFileSync(path, 'utf8')).toBe('{"theirs": true}');
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('refuses to overwrite a file changed since it was read', () => {
    const path = writeJson(join(tempDir(), 'settings.json'), { n: 0 });
    const loaded = readSettings(path);
    writeFileSync(path, '{"n": "theirs"}');
    expect(() => writeSettings(loaded, { n: 1 })).toThrow(/changed while Runway was editing it/);
    expect(readFileSync(path, 'utf8')).toBe('{"n": "theirs"}');
    expect(backups(path)).toEqual([]);
  });
});
