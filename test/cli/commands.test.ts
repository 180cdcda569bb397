// The command table: help generated per command, each command parsing only its own
// options, and bare `runway` printing the status.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands.js';
import { cliEnv, run } from '../helpers/cli.js';

const NOW = '2026-11-18T12:00:00Z';

/** The options a help text lists: every --name at the start of an option line. */
function listedOptions(help: string): string[] {
  const options = help.slice(help.indexOf('\nOptions:\n'));
  return [...options.matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]!);
}

function refusedInOneLine(args: string[]): string {
  const r = run(args, cliEnv());
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0]!;
}

describe('runway help', () => {
  it('lists every command with its summary, and how to see a command\'s options', () => {
    const env = cliEnv();
    const help = run(['help'], env);
    expect(help.status).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(c.summary);
    expect(help.stdout).toContain('runway help <command>');
    expect(run(['--help'], env).stdout).toBe(help.stdout);
    expect(run(['-h'], env).stdout).toBe(help.stdout);
  });

  // One test per command: every one runs the CLI a few times, and all of them in one test would pass its time limit on a busy machine.
  const seen = new Set<string>();
  it.each(COMMANDS.map((c) => [c.name, c] as const))('shows %s\'s usage, summary and only its own options, the same as <command> --help', (_, c) => {
    const env = cliEnv();
    const help = run(['help', c.name], env);
    expect(help.status, c.name).toBe(0);
    expect(help.stdout).toContain(`Usage: runway ${c.name}`);
    expect(help.stdout).toContain(c.summary);
    expect(listedOptions(help.stdout).sort(), c.name).toEqual([...Object.keys(c.options), 'help'].sort());
    const flag = run([c.name, '--help'], env);
    expect(flag.status).toBe(0);
    expect(flag.stdout, c.name).toBe(help.stdout);
    seen.add(help.stdout);
    // A command of sub-commands lists them; each has its own help and options.
    for (const sub of c.subcommands ?? []) {
      expect(help.stdout).toContain(`  ${sub.usage}`);
      const subHelp = run(['help', c.name, sub.name], env);
      expect(subHelp.status, sub.name).toBe(0);
      expect(subHelp.stdout).toContain(`Usage: runway ${sub.usage} [options]`);
      expect(listedOptions(subHelp.stdout).sort(), sub.name).toEqual([...Object.keys(sub.options), 'help'].sort());
      expect(run([c.name, sub.name, '--help'], env).stdout).toBe(subHelp.stdout);
    }
  });

  it('gives every command a help of its own', () => {
    expect(seen.size).toBe(COMMANDS.length);
  });

  it('differs between commands: daily has the report options, hook its own', () => {
    const env = cliEnv();
    const daily = listedOptions(run(['help', 'daily'], env).stdout);
    const hook = listedOptions(run(['hook', '--help'], env).stdout);
    expect(daily).toEqual(['json', 'since', 'until', 'last', 'order', 'breakdown', 'tz', 'project', 'scope', 'agent', 'cost-mode', 'no-scan', 'db', 'config', 'help']);
    expect(hook).toEqual(['mode', 'daily', 'caps', 'strict', 'on-loop', 'dry-run', 'settings', 'config', 'db', 'help']);
    expect(daily).not.toContain('kill');
  });

  it('refuses an unknown command in one line', () => {
    expect(refusedInOneLine(['help', 'nonsense'])).toBe('runway: help: unknown command "nonsense" (runway help lists every command)');
    expect(refusedInOneLine(['nonsense'])).toMatch(/^runway: unknown command "nonsense"/);
  });
});

describe('options a command does not take', () => {
  it('refuses another command\'s option in one line naming the command and its options', () => {
    expect(refusedInOneLine(['daily', '--kill'])).toBe(
      'runway: daily does not take --kill (its options: --json, --since, --until, --last, --order, --breakdown, --tz, --project, --scope, --agent, --cost-mode, --no-scan, --db, --config; see runway help daily)',
    );
    // Nothing runs: not the daily table, not a server.
    expect(refusedInOneLine(['daily', '--kill', '--port', '3', '--html', 'x'])).toMatch(/^runway: daily does not take --kill /);
    expect(refusedInOneLine(['daily', '-v'])).toMatch(/^runway: daily does not take -v \(--verbose\) \(its options: /);
    expect(refusedInOneLine(['budget', '500', '--json'])).toBe('runway: budget does not take --json (its options: --tokens, --reset-day, --config; see runway help budget)');
  });

  it('refuses an unknown option in one line, never parseArgs\' own text', () => {
    const line = refusedInOneLine(['daily', '--frobnicate']);
    expect(line).toMatch(/^runway: daily: unknown option --frobnicate \(its options: --json, .*; see runway help daily\)$/);
    expect(line).not.toMatch(/positional argument/);
    expect(refusedInOneLine(['--frobnicate'])).toMatch(/^runway: unknown option --frobnicate/);
  });

  it('names the option that lacks its value', () => {
    expect(refusedInOneLine(['daily', '--since'])).toBe('runway: daily: --since needs a value: --since YYYY-MM-DD (see runway help daily)');
    expect(refusedInOneLine(['daily', '--since', '--until', '2026-11-01'])).toMatch(/^runway: daily: --since needs a value: --since YYYY-MM-DD, not --until/);
    expect(refusedInOneLine(['daily', '--json=yes'])).toMatch(/^runway: daily: --json takes no value/);
  });

  it('refuses too many arguments in one line', () => {
    expect(refusedInOneLine(['daily', 'extra'])).toBe('runway: daily: unexpected argument "extra" (it takes no arguments; see runway help daily)');
    expect(refusedInOneLine(['budget', '1', '2'])).toMatch(/^runway: budget: unexpected argument "2" \(it takes at most one/);
  });
});

describe('--version', () => {
  it('prints the version alone or after any command, as an installed command is checked', () => {
    const env = cliEnv();
    const v = run(['--version'], env);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(run(['statusline', '--version'], env).stdout).toBe(v.stdout);
    expect(run(['check', '--hook', 'block', '--version'], env).stdout).toBe(v.stdout);
  });
});

describe('bare runway', () => {
  it('prints the status, then a hint line', () => {
    const env = cliEnv({ RUNWAY_NOW: NOW, TZ: 'UTC' });
    const status = run(['status'], env);
    expect(status.status).toBe(0);
    const bare = run([], env);
    expect(bare.status).toBe(0);
    expect(bare.stderr).toBe(status.stderr);
    expect(bare.stdout).toBe(`${status.stdout}runway help lists every command\n`);
  });
});

describe('run', () => {
  it('leaves everything after -- to the command, options of runway\'s included', () => {
    // The budget is checked before anything runs; the child's --kill and --help are its own.
    expect(refusedInOneLine(['run', '--budget', '0', '--', 'node', '--kill', '--help'])).toMatch(/^runway: --budget "0": expected/);
  });
});
