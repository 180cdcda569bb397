// Lays an `opencode export` document out as the JSON tree OpenCode kept before 1.2, so the
// OpenCode source can read it: storage/message/<sessionID>/<messageID>.json, one file per
// message holding the message's info. Parts (the text) are not written.
// An export is {info: session, messages: [{info, parts}]}; OpenCode 1.1.x writes it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../lib/record.js';

/** An id usable as one path segment: OpenCode's ids are letters, digits and underscores. */
const SEGMENT = /^[A-Za-z0-9_.-]{1,200}$/;

function segment(v: unknown, what: string): string {
  if (typeof v !== 'string' || !SEGMENT.test(v) || v === '.' || v === '..') throw new Error(`opencode export: ${what} is not a usable id: ${JSON.stringify(v)}`);
  return v;
}

/** Writes `dir/storage/message/<sessionID>/<msgID>.json` for every message of the export. */
export function exportToStorage(exportJsonText: string, dir: string): void {
  const doc: unknown = JSON.parse(exportJsonText);
  if (!isRecord(doc) || !Array.isArray(doc.messages)) throw new Error('opencode export: expected {info, messages: [...]}');
  const sessionFallback = isRecord(doc.info) ? doc.info.id : undefined;
  for (const m of doc.messages) {
    if (!isRecord(m) || !isRecord(m.info)) throw new Error('opencode export: a message without info');
    const info = m.info;
    const session = segment(info.sessionID ?? sessionFallback, 'sessionID');
    const id = segment(info.id, 'message id');
    const folder = join(dir, 'storage', 'message', session);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${id}.json`), JSON.stringify(info));
  }
}
