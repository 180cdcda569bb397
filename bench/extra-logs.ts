// Log shapes the generator does not write on its own, for bench/run.ts: fresh responses
// appended to existing session files (the incremental case), every file of a tree in one
// huge file, and one huge line. New lines copy the shape of a file's own last assistant line,
// so each keeps its session's Claude Code version, envelope and usage fields.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokens } from '../figures/usage.js';
import { buildPool, Rng } from './gen-logs.js';

type Rec = Record<string, unknown>;

const MB = 1024 * 1024;
const TAIL = 4 * MB; // enough to hold a file's last assistant line behind its largest tool result

/** A session file new responses are written to, and where its conversation stands. */
export interface Target {
  file: string;
  template: Rec;
  parentUuid: string;
  clock: number;
}

function emptyTokens(): Tokens {
  return { responses: 0, inputTokens: 0, outputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, webSearchRequests: 0 };
}

function obj(v: unknown): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

function tail(file: string, bytes: number): Buffer {
  const size = statSync(file).size;
  const len = Math.min(size, bytes);
  const buf = Buffer.alloc(len);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, len, size - len);
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** The file's last billed assistant line, or undefined when it has none or ends mid-line. */
function lastAssistant(file: string): Rec | undefined {
  const buf = tail(file, TAIL);
  if (buf.length === 0 || buf[buf.length - 1] !== 0x0a) return undefined; // a line still being written
  const lines = buf.toString('utf8').split('\n');
  for (let i = lines.length - 2; i >= 0; i--) {
    let rec: Rec | undefined;
    try {
      rec = obj(JSON.parse(lines[i]!));
    } catch {
      continue;
    }
    const message = obj(rec?.message);
    if (rec?.type === 'assistant' && obj(message?.usage) && !rec.isApiErrorMessage && message?.model !== '<synthetic>') return rec;
  }
  return undefined;
}

/**
 * `count` main session files (`projects/<project>/<session>.jsonl`), spread evenly over the
 * sorted list, each with an assistant line to copy and a complete last line.
 */
export function pickTargets(root: string, count: number): Target[] {
  const projects = join(root, 'projects');
  const files: string[] = [];
  for (const dir of readdirSync(projects).sort()) {
    for (const name of readdirSync(join(projects, dir)).sort()) if (name.endsWith('.jsonl')) files.push(join(projects, dir, name));
  }
  const targets: Target[] = [];
  const step = Math.max(1, Math.floor(files.length / count));
  for (let i = 0; i < files.length && targets.length < count; i += step) {
    const template = lastAssistant(files[i]!);
    if (!template) continue;
    targets.push({ file: files[i]!, template, parentUuid: template.uuid as string, clock: Date.parse(template.timestamp as string) });
  }
  return targets;
}

export class ResponseWriter {
  private readonly rng: Rng;
  private readonly pool: string;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.pool = buildPool(this.rng, MB / 4);
  }

  /** Appends about `bytes` of new responses spread evenly over the targets; returns what they count. */
  append(targets: Target[], bytes: number): Tokens & { bytes: number } {
    const added = { ...emptyTokens(), bytes: 0 };
    const each = bytes / targets.length;
    for (const t of targets) {
      const lines: string[] = [];
      let size = 0;
      while (size < each) {
        // The tool output is written twice (message and toolUseResult): halve what is left.
        for (const line of this.response(t, added, Math.min(this.resultSize(), Math.max(100, Math.floor((each - size) / 2))))) {
          lines.push(line);
          size += Buffer.byteLength(line) + 1;
        }
      }
      appendFileSync(t.file, lines.join('\n') + '\n');
      added.bytes += size;
    }
    return added;
  }

  /**
   * One response as gen-logs writes it: a line per content block sharing message.id and
   * requestId (older versions put a placeholder output count on all but the last), then the
   * tool result carrying the bulk of the bytes.
   */
  response(t: Target, added: Tokens, resultChars: number): string[] {
    const rng = this.rng;
    const tpl = t.template;
    const message = obj(tpl.message)!;
    const blocks: Rec[] = [];
    if (rng.chance(0.5)) blocks.push({ type: 'thinking', thinking: this.text(rng.tail(80, 3_000)), signature: rng.b58(rng.int(200, 800)) });
    if (rng.chance(0.5)) blocks.push({ type: 'text', text: this.text(rng.tail(20, 2_000)) });
    const tool: Rec = { type: 'tool_use', id: `toolu_01${rng.b58(22)}`, name: 'Bash', input: { command: `npm test -- ${rng.hex(6)}`, description: this.text(rng.tail(10, 80)) } };
    blocks.push(tool);

    const read = rng.int(20_000, 150_000);
    const write = rng.int(100, 8_000);
    const usage = obj(message.usage)!;
    const write1h = obj(usage.cache_creation)?.ephemeral_1h_input_tokens ? write : 0; // a session caching for 1 h keeps doing so
    const output = rng.int(31, 1_500);
    const input = rng.int(1, 12);
    // As gen-logs' profiles: only versions with the newer usage fields repeat the final usage and
    // stop reason on every line; older ones carry a placeholder output count until the last line.
    const everyLine = 'speed' in usage;
    const old = 'costUSD' in tpl;
    const id = `msg_01${rng.b58(22)}`;
    const requestId = `req_011C${rng.b58(20)}`;
    const lines: string[] = [];
    let lastUuid = t.parentUuid;
    blocks.forEach((block, i) => {
      const final = i === blocks.length - 1;
      const uuid = rng.uuid();
      const rec: Rec = {
        ...tpl,
        parentUuid: lastUuid,
        message: {
          ...message,
          id,
          content: [block],
          stop_reason: everyLine || (old && final) ? 'tool_use' : null,
          usage: this.usage(usage, { input, output: everyLine || final ? output : rng.int(1, 30), write, write1h, read }),
        },
        requestId,
        uuid,
        timestamp: this.stamp(t, 100, 1_500),
      };
      if (old) rec.costUSD = Math.round(output * 15 + read * 0.3 + write * 3.75) / 1e6;
      lines.push(JSON.stringify(rec));
      lastUuid = uuid;
    });

    const content = this.text(resultChars);
    const { message: _m, requestId: _r, type: _t, uuid: _u, timestamp: _ts, costUSD: _c, ...envelope } = tpl;
    const result: Rec = {
      ...envelope,
      parentUuid: lastUuid,
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: tool.id, type: 'tool_result', content, is_error: false }] },
      uuid: rng.uuid(),
      timestamp: this.stamp(t, 200, 20_000),
      toolUseResult: { stdout: content, stderr: '', interrupted: false, isImage: false, noOutputExpected: false },
    };
    if (!old) result.sourceToolAssistantUUID = lastUuid;
    lines.push(JSON.stringify(result));
    t.parentUuid = result.uuid as string;

    added.responses += 1;
    added.inputTokens += input;
    added.outputTokens += output;
    added.cacheWrite5mTokens += write - write1h;
    added.cacheWrite1hTokens += write1h;
    added.cacheReadTokens += read;
    return lines;
  }

  /** `chars` characters of tool output. */
  text(chars: number): string {
    if (chars <= this.pool.length) {
      const off = this.rng.int(0, this.pool.length - chars);
      return this.pool.slice(off, off + chars);
    }
    return this.pool.repeat(Math.ceil(chars / this.pool.length)).slice(0, chars);
  }

  private resultSize(): number {
    const r = this.rng.next();
    return r < 0.04 ? this.rng.tail(30_000, 100_000) : r < 0.3 ? this.rng.tail(3_000, 30_000) : this.rng.tail(100, 3_000);
  }

  private stamp(t: Target, lo: number, hi: number): string {
    t.clock += this.rng.int(lo, hi);
    return new Date(t.clock).toISOString();
  }

  /** The template's usage object (same keys, same order) with these counts. */
  private usage(tpl: Rec, n: { input: number; output: number; write: number; write1h: number; read: number }): Rec {
    const u: Rec = { ...tpl, input_tokens: n.input, cache_creation_input_tokens: n.write, cache_read_input_tokens: n.read, output_tokens: n.output };
    if (obj(tpl.cache_creation)) u.cache_creation = { ephemeral_5m_input_tokens: n.write - n.write1h, ephemeral_1h_input_tokens: n.write1h };
    if (obj(tpl.server_tool_use)) u.server_tool_use = { ...obj(tpl.server_tool_use), web_search_requests: 0 };
    if (obj(tpl.output_tokens_details)) u.output_tokens_details = { thinking_tokens: Math.floor(n.output / 3) };
    return u;
  }
}

/**
 * A one-session tree whose file holds `before` responses, then a user line of about `lineMb` MB
 * (a tool result, which Claude Code writes twice: in the message and in toolUseResult), then
 * `after` responses. Returns the file and the huge line's size.
 */
export function writeBigLineTree(root: string, like: Target, lineMb: number, before: number, after: number, seed: number): { file: string; lineBytes: number } {
  const dir = join(root, 'projects', '-home-dev-big-line');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'big-line-session.jsonl');
  const writer = new ResponseWriter(seed);
  const t: Target = { ...like, file };
  const counted = emptyTokens();
  const out = (lines: string[]) => appendFileSync(file, lines.join('\n') + '\n');
  for (let i = 0; i < before; i++) out(writer.response(t, counted, 2_000));
  const lines = writer.response(t, counted, Math.floor((lineMb * MB) / 2));
  out(lines);
  for (let i = 0; i < after; i++) out(writer.response(t, counted, 2_000));
  return { file, lineBytes: Buffer.byteLength(lines.at(-1)!) };
}

/** Every `.jsonl` of `src` (sorted, files before subfolders) concatenated into one session file under `root`. */
export function writeSingleFileTree(src: string, root: string): { file: string; bytes: number } {
  const dir = join(root, 'projects', '-home-dev-one-file');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'one-file-session.jsonl');
  const fd = openSync(file, 'w');
  let bytes = 0;
  const write = (buf: Buffer) => {
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
    bytes += buf.length;
  };
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith('.jsonl')) continue;
      const buf = readFileSync(join(d, e.name));
      write(buf);
      // A file cut mid-line ends here: the next file's first line must not join it.
      if (buf.length > 0 && buf[buf.length - 1] !== 0x0a) write(Buffer.from('\n'));
    }
    for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
  };
  try {
    walk(join(src, 'projects'));
  } finally {
    closeSync(fd);
  }
  return { file, bytes };
}
