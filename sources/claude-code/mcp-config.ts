// The MCP servers Claude Code is configured with, by name only: read-only looks at
// ~/.claude.json (user and per-project servers; inside CLAUDE_CONFIG_DIR when that is set)
// and each project's .mcp.json. A missing, unreadable, huge or malformed file names none.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isRecord } from '../../lib/record.js';
import { validText } from '../limits.js';
import { configuredDirs } from './index.js';

/** ~/.claude.json grows with history: a file past this is not read. */
const MAX_CONFIG_BYTES = 16 << 20;
/** A server name longer than this is not a name. */
const MAX_NAME = 200;

export function configuredMcpServers(env: Record<string, string | undefined>, projects: Iterable<string>): string[] {
  const home = env.HOME || homedir();
  const configured = configuredDirs(env);
  const files = [...(configured.length ? configured.map((d) => join(d, '.claude.json')) : [join(home, '.claude.json')])];
  const names = new Set<string>();
  for (const file of files) {
    const doc = readJson(file);
    if (!doc) continue;
    addNames(names, doc.mcpServers);
    if (isRecord(doc.projects)) for (const p of Object.values(doc.projects)) if (isRecord(p)) addNames(names, p.mcpServers);
  }
  for (const project of projects) addNames(names, readJson(join(project, '.mcp.json'))?.mcpServers);
  return [...names].sort();
}

function addNames(into: Set<string>, servers: unknown): void {
  if (!isRecord(servers)) return;
  for (const name of Object.keys(servers)) if (name.length <= MAX_NAME && validText(name) !== null) into.add(name);
}

function readJson(path: string): Record<string, unknown> | null {
  let fd: number;
  try {
    // Non-blocking: a FIFO in a project's folder cannot hang the command.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_CONFIG_BYTES) return null;
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < st.size) {
      const got = readSync(fd, buf, n, st.size - n, n);
      if (got === 0) break;
      n += got;
    }
    const doc: unknown = JSON.parse(buf.toString('utf8', 0, n));
    return isRecord(doc) ? doc : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
