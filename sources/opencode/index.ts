// Source adapter for OpenCode (opencode.ai; github.com/anomalyco/opencode, formerly sst/opencode).
// OpenCode keeps everything under its data folder, ${XDG_DATA_HOME:-~/.local/share}/opencode:
// since 1.2 a SQLite database (opencode.db), before it a JSON tree (storage/message/<sessionID>/
// <messageID>.json, one file per message). Both are read; a message in both is one response.
// What each figure means and where it was found: README.md.
import { homedir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { Origin, type EventSink, type FileKind, type Source } from '../types.js';
import { isRecord } from '../../lib/record.js';
import { readDatabase } from './database.js';
import { AGENT, emitMessage } from './message.js';

/** The data folder as OpenCode finds it (xdg-basedir): XDG_DATA_HOME, else ~/.local/share. */
function roots(env: Record<string, string | undefined>, home = env.HOME || homedir()): string[] {
  const data = env.XDG_DATA_HOME || join(home, '.local', 'share');
  return [resolve(data, 'opencode')];
}

/** opencode.db, and opencode-<channel>.db of builds from other release channels (OpenCode's Database.path()). */
const DATABASE = /^opencode(?:-[A-Za-z0-9._-]+)?\.db$/;
/** storage/message/<sessionID>/<messageID>.json: message info only. Parts (the text) are never read. */
const MESSAGE_FILE = /(?:^|[\\/])storage[\\/]message[\\/][^\\/]+[\\/][^\\/]+\.json$/;

function fileKind(path: string): FileKind | null {
  if (MESSAGE_FILE.test(path)) return 'document';
  // At the root: the walk enters no other folder but storage/message (see enters).
  if (DATABASE.test(basename(path)) && !path.includes(`${sep}storage${sep}`)) return 'database';
  return null;
}

/**
 * The walk goes into storage/message/<sessionID>/ only: the data folder also holds a folder
 * per message of parts (storage/part), git object stores (snapshot), logs and binaries.
 */
function enters(dir: string, logDir: string): boolean {
  const rel = relative(logDir, dir).split(sep);
  return rel[0] === 'storage' && (rel.length === 1 || (rel[1] === 'message' && rel.length <= 3));
}

/** One message file of the JSON tree (OpenCode before 1.2, and its later layout with `model`). */
function parseDocument(text: string, path: string, sink: EventSink): void {
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    sink.issue('malformed_json');
    return;
  }
  if (!isRecord(info) || typeof info.role !== 'string') {
    sink.issue('wrong_format');
    return;
  }
  if (info.role !== 'assistant') return;
  const tokens = info.tokens;
  if (tokens === undefined || tokens === null) return;
  if (!isRecord(tokens)) {
    sink.issue('bad_usage');
    return;
  }
  const cache = isRecord(tokens.cache) ? tokens.cache : {};
  const model = isRecord(info.model) ? info.model : {};
  const time = isRecord(info.time) ? info.time : {};
  const at = info.path;
  const error = isRecord(info.error) ? (info.error.name ?? 'error') : info.error;
  // The ids are the file's and its folder's names, as OpenCode's own migration to the
  // database takes them (json-migration.ts), so a message in both is one response.
  const [folder, file] = path.split(/[\\/]/).slice(-2);
  emitMessage(
    {
      id: file?.slice(0, -'.json'.length),
      sessionId: folder,
      providerId: info.providerID ?? model.providerID,
      modelId: info.modelID ?? model.modelID ?? model.id,
      cost: info.cost,
      input: tokens.input,
      output: tokens.output,
      reasoning: tokens.reasoning,
      cacheRead: cache.read,
      cacheWrite: cache.write,
      total: tokens.total,
      created: time.created,
      completed: time.completed,
      // path is {cwd, root}; some files have the folder as a plain string.
      projects: isRecord(at) ? [at.cwd, at.root] : [at],
      agent: info.agent,
      error,
    },
    'v1',
    sink,
    // A file is read again whenever it changes: no message needs waiting for.
    Date.now(),
  );
}

export const opencode: Source = {
  name: AGENT,
  // No JSONL: documents and a database, read whole or by query.
  markers: [],
  roots,
  logDir: (root) => root,
  enters,
  fileKind,
  fileOrigin: () => Origin.Direct,
  parse: () => {},
  parseDocument,
  readDatabase: (path, cursor, sink) => readDatabase(path, cursor, sink),
  // OpenCode logs no entrypoint, so none of its usage is programmatic (`opencode run` is billed as the TUI is).
  programmaticEntrypoint: 'opencode-run',
  // OpenCode's models are the providers' own ids: Claude, GPT and Gemini directly or through
  // OpenCode Zen; OpenRouter's "vendor/model" ids (only OpenRouter's table matches them, by
  // equality, so it shadows no other); and the open models OpenCode users commonly pick
  // (Kimi K2: moonshotai, GLM: zai, Grok Code: x-ai, DeepSeek). README.md, "Prices".
  priceProviders: ['anthropic', 'openai', 'google', 'openrouter', 'moonshotai', 'zai', 'x-ai', 'deepseek'],
  // OpenCode has no models of its own: the vendors' sources name their families.
  modelFamily: () => null,
};
