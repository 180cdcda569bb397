// Turns and what their tool calls did, from a Codex rollout: a `user_message` event opens a
// turn; the `function_call`, `custom_tool_call` and `web_search_call` items after it are
// what the next model call asked for, so they ride on the next token_count's event. Commands
// and patches are looked at here and reduced to labels (sources/labels.ts) and fingerprints.
import type { EventSink } from '../types.js';
import { commandLabels, promptTopic } from '../labels.js';
import { MAX_ACTIONS, MAX_TOOLS, validText } from '../limits.js';
import { isRecord } from '../../lib/record.js';

type Rec = Record<string, unknown>;

/** The memo's part for turns: t the turn's id, tp its topic, pt / pa the pending tool names and labels. */
export interface TurnMemo {
  t?: string;
  tp?: string;
  pt?: string[];
  pa?: string[];
}

/** A prompt: a turn of its own, keyed by its time (a rollout's user messages carry no id). */
export function openTurn(rec: Rec, p: Rec, memo: TurnMemo): void {
  const ts = validText(rec.timestamp);
  const text = typeof p.message === 'string' ? p.message : null;
  if (ts === null || text === null) return;
  memo.t = `codex-turn:${ts}`;
  const topic = promptTopic(text);
  if (topic) memo.tp = topic;
  else delete memo.tp;
}

/** A tool call of the model's: its name and labels wait for the token_count that bills it. */
export function noteCall(p: Rec, memo: TurnMemo, sink: EventSink): void {
  const name = p.type === 'web_search_call' ? 'web_search' : p.type === 'local_shell_call' ? 'exec_command' : validText(p.name);
  if (name === null || name.length > 128) return;
  const tools = (memo.pt ??= []);
  if (!tools.includes(name) && tools.length < MAX_TOOLS) tools.push(name);
  const labels = (memo.pa ??= []);
  const add = (l: string) => {
    if (!labels.includes(l) && labels.length < MAX_ACTIONS) labels.push(l);
  };
  if (name === 'apply_patch') {
    const patch = typeof p.input === 'string' ? p.input : argument(p.arguments, 'input');
    if (typeof patch === 'string') for (const file of patchedFiles(patch)) add(`edit:${sink.fingerprint(file)}`);
  } else if (name === 'exec_command' || name === 'shell' || name === 'container.exec') {
    const command = p.type === 'local_shell_call' && isRecord(p.action) ? p.action.command : argument(p.arguments, 'cmd') ?? argument(p.arguments, 'command');
    const script = shellScript(command);
    if (script) for (const l of commandLabels(script)) add(l);
  }
}

/** What the pending calls were, taken for the event that bills them. */
export function takeCalls(memo: TurnMemo): { turnId: string | null; topic: string | null; tools: string | null; actions: string | null } {
  const out = { turnId: memo.t ?? null, topic: memo.tp ?? null, tools: memo.pt?.length ? memo.pt.join(',') : null, actions: memo.pa?.length ? memo.pa.join(',') : null };
  delete memo.pt;
  delete memo.pa;
  return out;
}

/** One field of a call's JSON arguments (a string in the log). */
function argument(args: unknown, key: string): unknown {
  if (typeof args !== 'string' || args.length > 1 << 20) return undefined;
  try {
    const v: unknown = JSON.parse(args);
    return isRecord(v) ? v[key] : undefined;
  } catch {
    return undefined;
  }
}

/** A command as a shell would run it: a string, or an argv whose `bash -lc SCRIPT` form holds the script. */
function shellScript(command: unknown): string | null {
  if (typeof command === 'string') return command;
  if (!Array.isArray(command) || !command.every((w) => typeof w === 'string')) return null;
  const words = command as string[];
  const shell = words[0]?.slice(words[0].lastIndexOf('/') + 1);
  if ((shell === 'bash' || shell === 'sh' || shell === 'zsh') && /^-\w*c$/.test(words[1] ?? '')) return words[2] ?? null;
  return words.join(' ');
}

/** The files a patch touches: its `*** Add|Update|Delete File:` and `*** Move to:` lines. */
function patchedFiles(patch: string): string[] {
  const files: string[] = [];
  for (const m of patch.matchAll(/^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/gm)) {
    if (files.length >= MAX_ACTIONS) break;
    files.push(m[1]!.trim());
  }
  return files;
}
