// Turns and what their tool calls did, from Claude Code's records. A prompt (a user record
// someone typed) opens a turn; the assistant responses after it in the same file answer it.
// The prompt's words, a command's text and a file's path are looked at here and reduced to
// labels (sources/labels.ts) and fingerprints; none of them is kept.
import type { EventSink, FileMemo } from '../types.js';
import { commandLabels, promptTopic } from '../labels.js';
import { MAX_ACTIONS, validText } from '../limits.js';
import { isRecord } from '../../lib/record.js';

/** Tools that change a file, and the input field naming it. */
const EDITS: Record<string, string> = { Edit: 'file_path', MultiEdit: 'file_path', Write: 'file_path', NotebookEdit: 'notebook_path' };

/**
 * A user record: a prompt opens a new turn in the file's memo (its record's uuid, and the
 * topic of its words). Tool results, meta records, compaction summaries and the text Claude
 * Code adds itself (system reminders, task notifications, local command output) open none.
 */
export function openTurn(rec: Record<string, unknown>, memo: FileMemo): void {
  if (rec.isMeta === true || rec.isCompactSummary === true || rec.isVisibleInTranscriptOnly === true) return;
  const msg = rec.message;
  if (!isRecord(msg)) return;
  const text = promptText(msg.content);
  if (text === null || /^\s*<(system-reminder|task-notification|local-command-|bash-stdout|bash-stderr)/.test(text) || text.startsWith('Caveat:')) return;
  const uuid = validText(rec.uuid);
  if (uuid === null) return;
  memo.turn = uuid;
  const topic = promptTopic(text);
  if (topic) memo.topic = topic;
  else delete memo.topic;
}

/** The words of a prompt: a string, or its text blocks; null when it holds a tool result. */
function promptText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  let text = '';
  for (const block of content) {
    if (!isRecord(block) || block.type === 'tool_result') return null;
    if (block.type === 'text' && typeof block.text === 'string') text += `${block.text}\n`;
  }
  return text || null;
}

/** The labels of a response's tool calls (see UsageEvent.actions), or null when it made none worth labelling. */
export function turnActions(content: unknown, sink: EventSink): string | null {
  if (!Array.isArray(content)) return null;
  const labels: string[] = [];
  const add = (l: string) => {
    if (labels.length < MAX_ACTIONS && !labels.includes(l)) labels.push(l);
  };
  for (const block of content) {
    if (!isRecord(block) || block.type !== 'tool_use' || typeof block.name !== 'string' || !isRecord(block.input)) continue;
    const input = block.input;
    const field = EDITS[block.name];
    if (field !== undefined) {
      if (typeof input[field] === 'string' && input[field]) add(`edit:${sink.fingerprint(input[field])}`);
    } else if (block.name === 'Read') {
      if (typeof input.file_path === 'string' && input.file_path) add(`read:${sink.fingerprint(input.file_path)}`);
    } else if (block.name === 'Bash') {
      if (typeof input.command === 'string') for (const l of commandLabels(input.command)) add(l);
    }
  }
  return labels.length ? labels.join(',') : null;
}
