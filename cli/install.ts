// `runway statusline --install|--uninstall` and `runway hook install|uninstall`: edit
// Claude Code's settings.json through core/claude-settings (backup, atomic write, other keys kept).
import {
  changes,
  defaultSettingsPath,
  installHooks,
  installStatusLine,
  readSettings,
  runwayCommand,
  same,
  SettingsError,
  uninstallHooks,
  uninstallStatusLine,
  writeSettings,
  type LoadedSettings,
  type Settings,
} from '../sources/claude-code/settings.js';
import { resolve } from 'node:path';
import { loadConfig } from '../core/config.js';
import { defaultConfigPath } from '../lib/paths.js';
import { UserError, type CommandResult } from './context.js';

type Env = Record<string, string | undefined>;

export interface InstallFlags {
  settings?: string;
  force?: boolean;
  'dry-run'?: boolean;
  mode?: string;
  daily?: boolean;
  config?: string;
  db?: string;
  caps?: boolean;
  strict?: boolean;
  'on-loop'?: string;
}

const MODES = {
  block: 'refuses a prompt once the monthly budget is spent',
  warn: 'lets every prompt through, with a warning once the monthly budget is spent',
} as const;

const UNDO_STATUSLINE = 'Undo: runway statusline --uninstall';

export function statuslineInstall(flags: InstallFlags, action: 'install' | 'uninstall', env: Env = process.env): CommandResult {
  const path = flags.settings ?? defaultSettingsPath(env);
  const loaded = load(path);
  const command = runwayCommand(['statusline']);
  if (action === 'uninstall') {
    const r = guarded(path, () => uninstallStatusLine(loaded.settings));
    if (r.outcome === 'absent') return `No status line in ${path}; nothing changed.`;
    if (r.outcome === 'foreign') return `The status line in ${path} is not Runway's, so it was left as it is:\n  ${r.previous}`;
    return save(flags, path, loaded, r.settings, [`Status line removed from ${path}.`], 'Put it back: runway statusline --install');
  }
  const r = guarded(path, () => installStatusLine(loaded.settings, command, flags.force ?? false));
  switch (r.outcome) {
    case 'unchanged':
      return `The Runway status line is already installed in ${path}; nothing changed.`;
    case 'foreign':
      throw new UserError(
        `${path} already has a status line (${JSON.stringify(r.previous)}); --force replaces it (after a backup); nothing was changed`,
      );
    case 'replaced':
      return save(flags, path, loaded, r.settings, [
        `Status line installed in ${path}:`,
        `  ${command}`,
        'It replaced this status line (put it back under "statusLine" to restore it):',
        `  ${r.previous}`,
      ], UNDO_STATUSLINE);
    default:
      return save(flags, path, loaded, r.settings, [
        `Status line ${r.outcome === 'updated' ? 'updated (it ran Runway from another path)' : 'installed'} in ${path}:`,
        `  ${command}`,
        'Claude Code shows it under the prompt (restart a running session if it does not appear).',
      ], UNDO_STATUSLINE);
  }
}

export function hookCommand(flags: InstallFlags, sub: string | undefined, env: Env = process.env): CommandResult {
  if (sub !== 'install' && sub !== 'uninstall') {
    throw new UserError(`hook ${sub === undefined ? 'needs' : `${JSON.stringify(sub)}: expected`} install or uninstall, such as: runway hook install --mode warn`);
  }
  const mode = flags.mode ?? 'block';
  if (sub === 'uninstall' && (flags.mode !== undefined || flags.daily || flags.caps || flags.strict || flags['on-loop'] !== undefined)) {
    throw new UserError('--mode, --daily, --caps, --strict and --on-loop go with runway hook install');
  }
  if (!Object.hasOwn(MODES, mode)) throw new UserError(`--mode ${JSON.stringify(mode)}: expected warn or block`);
  if ((flags.strict || flags['on-loop'] !== undefined) && !flags.caps) throw new UserError('--strict and --on-loop go with --caps: runway hook install --caps --strict');
  const onLoop = flags['on-loop'] ?? 'warn';
  if (onLoop !== 'stop' && onLoop !== 'warn') throw new UserError(`--on-loop ${JSON.stringify(onLoop)}: expected stop or warn`);
  const path = flags.settings ?? defaultSettingsPath(env);
  const loaded = load(path);
  if (sub === 'uninstall') {
    const r = guarded(path, () => uninstallHooks(loaded.settings));
    if (!r.removed) return `No Runway hook in ${path}; nothing changed.`;
    return save(flags, path, loaded, r.settings, [`Runway hook removed from ${path}.`], 'Put it back: runway hook install');
  }
  // A hook runs without our flags: pass on the config and database this install was given.
  const daily = [...(flags.daily ? ['--daily'] : []), ...(flags.config ? ['--config', resolve(flags.config)] : []), ...(flags.db ? ['--db', resolve(flags.db)] : [])];
  // The cap hooks' choices are baked into their commands, as the hooks run without our flags.
  const caps = [...(flags.strict ? ['--strict'] : []), ...(onLoop === 'stop' ? ['--on-loop', 'stop'] : [])];
  const r = guarded(path, () =>
    installHooks(loaded.settings, {
      UserPromptSubmit: runwayCommand(['check', '--hook', mode, ...(flags.caps ? ['--caps', ...caps] : []), ...daily]),
      SessionStart: runwayCommand(['check', '--hook', 'session', ...daily]),
      ...(flags.caps && {
        Stop: runwayCommand(['check', '--hook', 'stop', ...caps, ...daily]),
        PreToolUse: runwayCommand(['check', '--hook', 'tool', ...caps, ...daily]),
      }),
    }),
  );
  const what = MODES[mode as keyof typeof MODES] + (flags.daily ? " (or once today's daily budget is spent)" : '');
  const shown = `mode ${mode}${flags.caps ? `, caps${flags.strict ? ' strict' : ''}, on loop ${onLoop}` : ''}`;
  if (same(r.settings, loaded.settings)) return `The Runway hook is already installed in ${path} (${shown}); nothing changed.`;
  return save(flags, path, loaded, r.settings, [
    `Runway hook ${r.existed ? 'updated' : 'installed'} in ${path} (${shown}).`,
    `Before each prompt it checks the budget and ${what};`,
    'at the start of each session it warns when the budget is spent or on course to run over. New Claude Code sessions run it (see /hooks).',
    ...(flags.caps ? capsNote(flags, onLoop, env) : []),
    ...noBudgetNote(flags, env),
  ], 'Undo: runway hook uninstall');
}

/** What the cap hooks do, and whether any cap is set for them to enforce. */
function capsNote(flags: InstallFlags, onLoop: string, env: Env): string[] {
  const lines = [
    `The caps (runway cap status) are checked before each prompt, before each tool call and when Claude stops; ${onLoop === 'stop' ? 'a tool call repeated' : 'a warning for a tool call repeated'} caps.loop_repeats times in a row${onLoop === 'stop' ? ' is refused' : ''}.`,
    flags.strict ? 'When the usage data cannot be read they refuse (--strict).' : 'When the usage data cannot be read they warn and let the session go on.',
  ];
  try {
    const { config } = loadConfig(flags.config ?? defaultConfigPath(env));
    const set = config.caps.session !== undefined || config.caps.daily !== undefined || Object.keys(config.caps.projects).length > 0;
    if (!set) lines.push('No cap is set yet: runway cap set --session 5 --daily 20');
  } catch {
    // noBudgetNote reports a config that cannot be read.
  }
  return lines;
}

/** A guard without a budget lets everything through: say so while it can be fixed. */
function noBudgetNote(flags: InstallFlags, env: Env): string[] {
  try {
    const { config } = loadConfig(flags.config ?? defaultConfigPath(env));
    return config.monthly_budget === null ? ['No budget is set yet, so it lets every prompt through until one is: runway budget 500'] : [];
  } catch (e) {
    return [`Note: ${(e as Error).message}; until that is fixed the hook only warns that it cannot check.`];
  }
}

function load(path: string): LoadedSettings {
  return fsGuarded(path, 'read', () => guarded(path, () => readSettings(path)));
}

/** Runs a settings edit, turning what the file holds wrong into a one-line user error. */
function guarded<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SettingsError) throw refusal(path, e.message, e.remedy);
    throw e;
  }
}

/** One line: the file, what is wrong, that nothing was changed, and what to do. */
function refusal(path: string, what: string, remedy?: string): UserError {
  return new UserError(`${path}: ${what}; nothing was changed${remedy ? `; ${remedy}` : ''}`);
}

/** What a file system error means for the settings file, and what to do about it. */
const FS_ERRORS: Record<string, [meaning: string, remedy: string]> = {
  EACCES: ['permission denied', 'make the file and its folder writable for you, or pick another file with --settings'],
  EPERM: ['not permitted', 'the file or its folder may be immutable: chattr -i (chflags nouchg on macOS) clears that'],
  EROFS: ['a read-only file system', 'pick another file with --settings'],
  EISDIR: ['it is a folder, not a file', 'move the folder away, or pick another file with --settings'],
  ENOTDIR: ['a part of the path is a file, not a folder', 'fix the path, or pick another file with --settings'],
  ELOOP: ['a loop of symlinks', 'point the link at a file'],
  ENOSPC: ['no space left on the device', 'free some space and run the command again'],
};

/** Runs file I/O on the settings, turning a file system error into one line: the file, the error, what to do. */
function fsGuarded<T>(path: string, doing: 'read' | 'write', f: () => T): T {
  try {
    return f();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    const [meaning, remedy] = FS_ERRORS[code] ?? [];
    const why = meaning ? `${code}, ${meaning}` : code;
    throw refusal(path, `cannot ${doing} the settings file (${why})`, remedy);
  }
}

/** Writes the new settings (or, with --dry-run, shows what would change) and reports it. */
function save(flags: InstallFlags, path: string, loaded: LoadedSettings, next: Settings, report: string[], undo: string): string {
  if (flags['dry-run']) {
    const lines = [`--dry-run: nothing written. ${path} would change:`];
    for (const c of changes(loaded.settings, next)) lines.push(`${c.key} before: ${json(c.before)}`, `${c.key} after:  ${json(c.after)}`);
    return lines.join('\n');
  }
  const backup = fsGuarded(path, 'write', () => guarded(path, () => writeSettings(loaded, next)));
  return [...report, backup ? `Backup of the previous file: ${backup}` : `(${path} did not exist: created it)`, undo].join('\n');
}

/** A value as indented JSON; an absent key as "(not set)". */
function json(value: unknown): string {
  return value === undefined ? '(not set)' : JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
}
