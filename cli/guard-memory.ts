// The guard's last verdict, kept beside the database. A guard that turned permissive
// whenever its data could not be read would be switched off by one broken file: when
// `check --hook block` cannot compute the spend, it keeps refusing until the period (or,
// for today's budget, the day) that the last refusal was for is over.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

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
