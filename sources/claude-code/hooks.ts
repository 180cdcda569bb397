// What a Claude Code hook prints on stdout (JSON): `decision: "block"` refuses the prompt and
// shows the reason; `systemMessage` is a warning shown to the user. Printing nothing lets the
// prompt through. A Stop hook ends the session with `continue: false`; a PreToolUse hook
// refuses the tool call with `permissionDecision: "deny"`, its reason shown to the model.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../../lib/record.js';

export function blockAnswer(reason: string): string {
  return JSON.stringify({ decision: 'block', reason });
}

/** Whether an answer refuses the prompt. */
export function isBlock(answer: unknown): boolean {
  return typeof answer === 'string' && answer.startsWith('{"decision":"block"');
}

export function warningAnswer(message: string): string {
  return JSON.stringify({ systemMessage: message });
}

export function stopAnswer(reason: string): string {
  return JSON.stringify({ continue: false, stopReason: reason });
}

export function denyAnswer(reason: string): string {
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } });
}

/** The fields of a hook's input the caps read; each is null when missing or not what Claude Code sends. */
export interface HookInput {
  sessionId: string | null;
  cwd: string | null;
  transcriptPath: string | null;
  toolName: string | null;
  /** The tool's input, only to be hashed: never stored or shown. */
  toolInput: unknown;
}

/** What a session id looks like (Claude Code's are UUIDs). */
export const SESSION_ID = /^[\w.:-]{1,128}$/;
const TOOL = /^[\w.:-]{1,128}$/;
const MAX_PATH = 4096;

/** The hook's input from its stdin text; anything malformed yields nulls, never an error. */
export function parseHookInput(text: string): HookInput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = null;
  }
  const o = isRecord(raw) ? raw : {};
  const str = (x: unknown, ok: (s: string) => boolean) => (typeof x === 'string' && ok(x) ? x : null);
  const path = (s: string) => s.length <= MAX_PATH && !s.includes('\0') && (s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s));
  return {
    sessionId: str(o.session_id, (s) => SESSION_ID.test(s)),
    cwd: str(o.cwd, path),
    transcriptPath: str(o.transcript_path, path),
    toolName: str(o.tool_name, (s) => TOOL.test(s)),
    toolInput: Object.hasOwn(o, 'tool_input') ? o.tool_input : undefined,
  };
}

/** As deep as Claude Code nests a session's files: <session>/subagents/workflows/wf_<id>/agent-<id>.jsonl. */
const SESSION_DEPTH = 4;

/**
 * The files a session writes besides its transcript: its subagents' under the folder named
 * as the transcript (`<session>.jsonl` → `<session>/…/*.jsonl`). None when there is no folder.
 */
export function sessionLogFiles(transcriptPath: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && depth < SESSION_DEPTH) walk(join(dir, e.name), depth + 1);
      else if (e.isFile() && e.name.endsWith('.jsonl')) out.push(join(dir, e.name));
    }
  };
  if (transcriptPath.endsWith('.jsonl')) walk(transcriptPath.slice(0, -'.jsonl'.length), 1);
  return out;
}
