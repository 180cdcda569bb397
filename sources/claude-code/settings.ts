// Edits Claude Code's settings.json for `statusline --install` and `hook install`.
// The edits are pure (plain object in, new object out, ours recognised by command);
// the I/O layer reads, backs up and replaces the file atomically, keeping every other key.
import { accessSync, closeSync, constants, fchmodSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { packageRoot } from '../../lib/paths.js';
import { isRecord } from '../../lib/record.js';
import { shQuote, shWord, shWords } from '../../lib/shell.js';
import { configuredDirs } from './index.js';

type Env = Record<string, string | undefined>;
export type Settings = Record<string, unknown>;

/** A settings file Runway will not edit: the message names the key or position and what was expected. */
export class SettingsError extends Error {
  constructor(message: string, readonly remedy?: string) {
    super(message);
  }
}

/** The hook events Runway installs into: Stop and PreToolUse only with the caps. */
export const HOOK_EVENTS = ['UserPromptSubmit', 'SessionStart', 'Stop', 'PreToolUse'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

const HOOK_TIMEOUT_SECONDS = 10;

/**
 * Claude Code's user settings: settings.json in the first folder of $CLAUDE_CONFIG_DIR (a
 * comma-separated list, as the scan reads it), else ~/.claude/settings.json.
 */
export function defaultSettingsPath(env: Env = process.env, home = homedir()): string {
  const [first] = configuredDirs(env);
  return first ? join(resolve(first), 'settings.json') : join(home, '.claude', 'settings.json');
}

/** Runway by absolute paths (this node, this package's main.js), so the command does not depend on PATH. */
export function runwayCommand(args: string[]): string {
  const main = join(packageRoot(), 'dist', 'cli', 'main.js');
  return [shQuote(process.execPath), shQuote(main), ...args.map(shWord)].join(' ');
}

/**
 * True for a command that runs Runway's statusline, or its `check --hook`: a `…/cli/main.js`
 * or `runway` word followed by those arguments. Paths are not compared, so a command written
 * before the package moved is still recognised.
 */
export function isRunwayCommand(command: unknown, kind: 'statusline' | 'hook'): boolean {
  if (typeof command !== 'string') return false;
  const words = shWords(command);
  return words.some((w, i) => {
    if (!/(^|[\\/])cli[\\/]main\.js$/.test(w) && basename(w) !== 'runway') return false;
    return kind === 'statusline' ? words[i + 1] === 'statusline' : words[i + 1] === 'check' && !!words[i + 2]?.startsWith('--hook');
  });
}

// ---- Pure edits ------------------------------------------------------------------

export type StatusLineInstall =
  | { outcome: 'added' | 'updated' | 'unchanged'; settings: Settings }
  /** Another tool's status line: replaced only with force. `previous` is its command (or the whole value). */
  | { outcome: 'replaced' | 'foreign'; settings: Settings; previous: string };

export function installStatusLine(settings: Settings, command: string, force: boolean): StatusLineInstall {
  const current = statusLineOf(settings);
  const next = { ...settings, statusLine: { type: 'command', command, padding: 0 } };
  if (current === undefined) return { outcome: 'added', settings: next };
  if (isRunwayCommand(current.command, 'statusline')) {
    return current.command === command ? { outcome: 'unchanged', settings } : { outcome: 'updated', settings: next };
  }
  const previous = describe(current);
  return force ? { outcome: 'replaced', settings: next, previous } : { outcome: 'foreign', settings, previous };
}

export type StatusLineUninstall =
  | { outcome: 'removed' | 'absent'; settings: Settings }
  | { outcome: 'foreign'; settings: Settings; previous: string };

export function uninstallStatusLine(settings: Settings): StatusLineUninstall {
  const current = statusLineOf(settings);
  if (current === undefined) return { outcome: 'absent', settings };
  if (!isRunwayCommand(current.command, 'statusline')) return { outcome: 'foreign', settings, previous: describe(current) };
  const { statusLine: _, ...rest } = settings;
  return { outcome: 'removed', settings: rest };
}

function statusLineOf(settings: Settings): Record<string, unknown> | undefined {
  const value = settings.statusLine;
  if (value === undefined || isRecord(value)) return value;
  throw new SettingsError(`key "statusLine" is ${kind(value)}, expected an object such as {"type": "command", "command": "…"}`);
}

const describe = (statusLine: Record<string, unknown>) =>
  typeof statusLine.command === 'string' ? statusLine.command : JSON.stringify(statusLine);

/**
 * Puts one hook entry per event running that event's command. An entry of ours already there
 * is replaced in place (a second one, if any, is dropped); otherwise a new group is appended.
 * An event given no command loses ours, as uninstall removes them. `existed` says whether any
 * of ours was found.
 */
export function installHooks(settings: Settings, commands: Partial<Record<HookEvent, string>>): { settings: Settings; existed: boolean } {
  const events = HOOK_EVENTS.filter((e) => commands[e] !== undefined);
  const cleared = uninstallEvents(structuredClone(settings), HOOK_EVENTS.filter((e) => commands[e] === undefined));
  const next = cleared.settings;
  const hooks = hooksOf(next) ?? {};
  let existed = cleared.removed > 0;
  for (const event of events) {
    const entry = { type: 'command', command: commands[event]!, timeout: HOOK_TIMEOUT_SECONDS };
    let placed = false;
    const groups: Record<string, unknown>[] = groupsOf(hooks, event)
      .map((group) => {
        const before = group.hooks;
        const after = before.flatMap((h) => {
          if (!isRunwayCommand(isRecord(h) ? h.command : undefined, 'hook')) return [h];
          existed = true;
          if (placed) return [];
          placed = true;
          return [entry];
        });
        return after.length || !before.length ? { ...group, hooks: after } : null;
      })
      .filter((g) => g !== null);
    // A PreToolUse group without a matcher matches every tool too; "*" says so to the reader.
    if (!placed) groups.push(event === 'PreToolUse' ? { matcher: '*', hooks: [entry] } : { hooks: [entry] });
    hooks[event] = groups;
  }
  next.hooks = hooks;
  return { settings: next, existed };
}

/**
 * Removes our hook entries. A group, an event's list or `hooks` itself is removed when that
 * removal emptied it; one that was empty already is left as it was.
 */
export function uninstallHooks(settings: Settings): { settings: Settings; removed: number } {
  return uninstallEvents(structuredClone(settings), HOOK_EVENTS);
}

/** Removes our entries from these events of `next`, in place. */
function uninstallEvents(next: Settings, events: readonly HookEvent[]): { settings: Settings; removed: number } {
  const hooks = hooksOf(next);
  if (!hooks) return { settings: next, removed: 0 };
  let removed = 0;
  for (const event of events) {
    if (hooks[event] === undefined) continue;
    const before = groupsOf(hooks, event);
    const after = before
      .map((group) => {
        const kept = group.hooks.filter((h) => !isRunwayCommand(isRecord(h) ? h.command : undefined, 'hook'));
        removed += group.hooks.length - kept.length;
        return kept.length === group.hooks.length ? group : kept.length ? { ...group, hooks: kept } : null;
      })
      .filter((g) => g !== null);
    if (after.length || !before.length) hooks[event] = after;
    else delete hooks[event];
  }
  if (removed && !Object.keys(hooks).length) delete next.hooks;
  return { settings: next, removed };
}

function hooksOf(settings: Settings): Record<string, unknown> | undefined {
  const value = settings.hooks;
  if (value === undefined || isRecord(value)) return value;
  throw new SettingsError(`key "hooks" is ${kind(value)}, expected an object keyed by event name`);
}

type Group = Record<string, unknown> & { hooks: unknown[] };

function groupsOf(hooks: Record<string, unknown>, event: HookEvent): Group[] {
  const groups = hooks[event] ?? [];
  if (!Array.isArray(groups)) throw new SettingsError(`key "hooks.${event}" is ${kind(groups)}, expected an array of hook groups`);
  return groups.map((group: unknown, i) => {
    if (isRecord(group) && Array.isArray(group.hooks)) return group as Group;
    const [key, value] = isRecord(group) ? [`hooks.${event}[${i}].hooks`, group.hooks] : [`hooks.${event}[${i}]`, group];
    throw new SettingsError(`key "${key}" is ${kind(value)}, expected ${isRecord(group) ? 'an array of hooks' : 'an object {"hooks": […]}'}`);
  });
}

function kind(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${JSON.stringify(value)})`;
}

export interface Change {
  key: string;
  /** undefined: the key is absent. */
  before: unknown;
  after: unknown;
}

/** The keys whose value differs, one level into objects on both sides ("hooks.SessionStart"). */
export function changes(before: Settings, after: Settings, prefix = ''): Change[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => {
    const [b, a] = [before[key], after[key]];
    if (JSON.stringify(b) === JSON.stringify(a)) return [];
    if (!prefix && isRecord(b) && isRecord(a)) return changes(b, a, `${key}.`);
    return [{ key: prefix + key, before: b, after: a }];
  });
}

export const same = (a: Settings, b: Settings) => JSON.stringify(a) === JSON.stringify(b);

// ---- File I/O ----------------------------------------------------------------------

export interface LoadedSettings {
  /** The file written: the target of a symlinked settings.json (even one not there yet), so the link survives. */
  file: string;
  settings: Settings;
  /** The bytes read; null when there is no file yet. */
  bytes: Buffer | null;
  /** The file's permission bits; null when there is no file yet. */
  mode: number | null;
  /** Device, inode, size and times when read: a rewrite with the same bytes still shows. */
  identity: string | null;
}

/** Reads the settings; a missing file is `{}`. Throws SettingsError for a file that is not a JSON object. */
export function readSettings(path: string): LoadedSettings {
  const file = linkTarget(path);
  const found = readFile(file);
  if (!found) return { file, settings: {}, bytes: null, mode: null, identity: null };
  const text = found.bytes.toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const { line, column, reason } = jsonErrorAt(text);
    throw new SettingsError(`not valid JSON at line ${line}:${column} (${reason})`);
  }
  if (!isRecord(raw)) throw new SettingsError(`expected a JSON object at the top level, got ${kind(raw)}`);
  return { file, settings: raw, ...found };
}

/** As many links as a path may go through (Linux's own limit). */
const MAX_LINKS = 40;

/**
 * Where a path leads through its symlinks, even to a target that does not exist yet: the
 * file to write, so that a link stays a link. Throws ELOOP for a loop of links.
 */
function linkTarget(path: string): string {
  let file = resolve(path);
  for (let links = 0; links <= MAX_LINKS; links++) {
    let target: string;
    try {
      file = join(realpathSync(dirname(file)), basename(file));
      target = readlinkSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // EINVAL: not a link. ENOENT: nothing there (yet), or no such folder, which the write creates.
      if (code === 'EINVAL' || code === 'ENOENT') return file;
      throw e;
    }
    file = resolve(dirname(file), target);
  }
  throw Object.assign(new Error(`${path}: too many symlinks`), { code: 'ELOOP' });
}

/** The file's bytes, mode and identity, all from one open file; null when there is none. */
function readFile(file: string): { bytes: Buffer; mode: number; identity: string } | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    return { bytes: readFileSync(fd), mode: Number(stat.mode & 0o7777n), identity: identityOf(stat) };
  } finally {
    closeSync(fd);
  }
}

const identityOf = (s: BigIntStats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

export interface WriteOptions {
  /** The backup's timestamp. */
  now?: Date;
  /** Called right before the rename; tests play a concurrent writer in it. */
  beforeRename?: () => void;
}

/**
 * Replaces the file atomically with `settings` (2-space JSON): a temp file in the same folder,
 * fsynced, with the old file's mode, renamed over it once the old file is backed up beside it.
 * Right before the rename the file must still be exactly what was read, else nothing is
 * replaced (another program, Claude Code itself, wrote it meanwhile). Any failure removes the
 * temp file and the backup. Returns the backup's path (null when there was no file).
 */
export function writeSettings(loaded: LoadedSettings, settings: Settings, { now = new Date(), beforeRename }: WriteOptions = {}): string | null {
  const { file, bytes, mode } = loaded;
  // The rename would replace a read-only file all the same: refuse, as writing into it would.
  if (bytes) accessSync(file, constants.W_OK);
  else mkdirSync(dirname(file), { recursive: true });
  const tmp = writeTemp(file, JSON.stringify(settings, null, 2) + '\n', mode);
  let backup: string | null = null;
  try {
    if (bytes) backup = backupFile(file, bytes, mode!, now);
    beforeRename?.();
    if (!unchanged(loaded)) throw new SettingsError('changed while Runway was editing it (another program wrote it)', 'run the command again');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (backup) rmSync(backup, { force: true });
    throw e;
  }
  syncFolder(dirname(file));
  return backup;
}

/** A new file beside `file` holding `text`, flushed to disk; removed again if that fails. */
function writeTemp(file: string, text: string, mode: number | null): string {
  const tmp = join(dirname(file), `.${basename(file)}.runway-${process.pid}-${Date.now()}.tmp`);
  const fd = openSync(tmp, 'wx', mode ?? 0o666);
  try {
    try {
      // open() applies the umask to the mode; fchmod sets the old file's mode exactly.
      if (mode !== null) fchmodSync(fd, mode);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return tmp;
}

/** Whether the file is still what was read: the same bytes, then (last, to leave the least time) the same identity. */
function unchanged({ file, bytes, identity }: LoadedSettings): boolean {
  const now = readFile(file);
  if (!now || !bytes) return !now && !bytes;
  return now.bytes.equals(bytes) && identityOf(statSync(file, { bigint: true })) === identity;
}

/** Makes the rename itself durable; some systems cannot open a folder for this, which is harmless. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {}
}

/** settings.json.runway-backup-YYYYMMDD-HHMMSS (local time), with -2, -3… when taken. */
function backupFile(file: string, bytes: Buffer, mode: number, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  for (let n = 1; ; n++) {
    const path = `${file}.runway-backup-${stamp}${n > 1 ? `-${n}` : ''}`;
    try {
      writeFileSync(path, bytes, { flag: 'wx', mode });
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * Where JSON text first goes wrong, as 1-based line:column and a short reason. JSON.parse's
 * messages carry a position only sometimes, and quote the text (newlines included) otherwise.
 */
export function jsonErrorAt(text: string): { line: number; column: number; reason: string } {
  const offset = syntaxErrorOffset(text);
  const lines = text.slice(0, offset).split('\n');
  const reason = offset >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[offset])}`;
  return { line: lines.length, column: lines.at(-1)!.length + 1, reason };
}

function syntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonSyntaxAt(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (c: string) => (text[i] === c ? i++ : fail());
  const literal = (word: string) => {
    for (const c of word) expect(c);
  };
  const string = () => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      i++;
      if (c === '"') return;
      if (c !== '\\') continue;
      if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
      else if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 5;
      else fail();
    }
  };
  const number = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          space();
          string();
          space();
          expect(':');
        }
        value();
        space();
        if (text[i] === ',') i++;
        else return void expect(close);
      }
    }
    if (c === '"') return string();
    if (c === 't' || c === 'f' || c === 'n') return literal(c === 't' ? 'true' : c === 'f' ? 'false' : 'null');
    number.lastIndex = i;
    if (!number.test(text)) fail();
    i = number.lastIndex;
  };
  try {
    value();
    space();
    if (i < text.length) fail();
  } catch (e) {
    if (e instanceof JsonSyntaxAt) return e.offset;
    throw e;
  }
  return text.length;
}

class JsonSyntaxAt {
  constructor(readonly offset: number) {}
}
