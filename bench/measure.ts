// Runs a command and reports its wall time and peak memory, as the figures in BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Sample {
  seconds: number;
  /** Peak resident set in MB; null when GNU time is not installed. */
  peakMb: number | null;
  stdout: string;
}

const GNU_TIME = '/usr/bin/time';

export function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Sample {
  if (existsSync(GNU_TIME)) {
    const r = spawnSync(GNU_TIME, ['-f', '@@%e %M', cmd, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const line = r.stderr.split('\n').find((l) => l.startsWith('@@'));
    const [secs, kb] = line!.slice(2).split(' ').map(Number);
    return { seconds: secs!, peakMb: kb! / 1024, stdout: r.stdout };
  }
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { seconds: (performance.now() - t) / 1000, peakMb: null, stdout: r.stdout };
}

export interface Stats {
  min: number;
  median: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s.at(-1)! };
}

/** The p-th percentile (0–100) of sorted values, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
}
