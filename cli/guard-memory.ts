// The guard's last verdict, kept beside the database. A guard that turned permissive
// whenever its data could not be read would be switched off by one broken file: when
// `check --hook block` cannot compute the spend, it keeps refusing until the period (or,
// for today's budget, the day) that the last refusal was for is over.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoopMark } from '../core/caps.js';
import { isRecord } from '../lib/record.js';
import { SESSION_ID } from '../sources/claude-code/hooks.js';

export interface Refusal {
  reason: string;
  /** When the refusal was made, ms. */
  at: number;
  /** When it stops holding: the next reset, or for today's budget the next day, ms. */
  until: number;
}

export function memoryPath(dbPath: string): string {
  return `${dbPath}.guard.json`;
}

/** Records a refusal, or forgets the last one once the data says go. Best effort: a folder that cannot be written loses only the memory. */
export function remember(path: string, refusal: Refusal | null): void {
  try {
    if (!refusal) {
      rmSync(path, { force: true });
      return;
    }
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(refusal) + '\n');
    renameSync(tmp, path);
  } catch {
    // Nothing to do: the guard still answers from the data it reads.
  }
}

/** The last refusal, when it still holds at `nowMs`. A damaged memory holds nothing. */
export function standingRefusal(path: string, nowMs: number): Refusal | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { reason, at, until } = raw as Record<string, unknown>;
  if (typeof reason !== 'string' || typeof at !== 'number' || typeof until !== 'number') return null;
  if (!Number.isFinite(at) || !Number.isFinite(until) || until <= nowMs) return null;
  return { reason: reason.slice(0, 500), at, until };
}

// The caps' state, beside the database too: which sessions `runway cap allow` let go on,
// which one the hooks refused last, and each session's run of identical tool calls (a keyed
// hash and the tool's name, never its input). A file rather than a table: the hooks write it
// before every tool call, and it must stay readable when the database is not.

export interface LoopRun extends LoopMark {
  at: number;
}

export interface CapState {
  /** Session id → when it was allowed past its caps, ms. */
  allowed: Record<string, number>;
  /** The session the hooks refused last. */
  refused: { session: string; at: number } | null;
  /** Session id → its last tool call and how many times in a row it was made. */
  loops: Record<string, LoopRun>;
}

/** Bounds that keep the file small: the most recent entries are kept. */
const MAX_ALLOWED = 256;
const MAX_LOOPS = 64;

export function capStatePath(dbPath: string): string {
  return `${dbPath}.caps.json`;
}

export const emptyCapState = (): CapState => ({ allowed: {}, refused: null, loops: {} });

/** The state; a missing or damaged file, or a damaged entry, holds nothing. */
export function readCapState(path: string): CapState {
  const state = emptyCapState();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return state;
  }
  if (!isRecord(raw)) return state;
  const when = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if (isRecord(raw.allowed)) for (const [id, at] of Object.entries(raw.allowed)) if (SESSION_ID.test(id) && when(at)) state.allowed[id] = at as number;
  if (isRecord(raw.refused) && typeof raw.refused.session === 'string' && SESSION_ID.test(raw.refused.session) && when(raw.refused.at)) {
    state.refused = { session: raw.refused.session, at: raw.refused.at as number };
  }
  if (isRecord(raw.loops)) {
    for (const [id, m] of Object.entries(raw.loops)) {
      if (!SESSION_ID.test(id) || !isRecord(m)) continue;
      const { hash, tool, count, at } = m;
      if (typeof hash !== 'string' || typeof tool !== 'string' || !Number.isSafeInteger(count) || (count as number) < 0 || !when(at)) continue;
      state.loops[id] = { hash: hash.slice(0, 64), tool: tool.slice(0, 100), count: count as number, at: at as number };
    }
  }
  return state;
}

/** Writes the state atomically (temp file, then rename), keeping the most recent entries. */
export function writeCapState(path: string, state: CapState): void {
  const newest = <T>(o: Record<string, T>, at: (x: T) => number, max: number) =>
    Object.fromEntries(Object.entries(o).sort(([, a], [, b]) => at(b) - at(a)).slice(0, max));
  const bounded: CapState = { allowed: newest(state.allowed, (x) => x, MAX_ALLOWED), refused: state.refused, loops: newest(state.loops, (x) => x.at, MAX_LOOPS) };
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    // The database's folder may not exist yet: a hook can run before any scan made it.
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, JSON.stringify(bounded) + '\n', { mode: 0o600 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
