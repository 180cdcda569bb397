// What each source's byte search costs: the time to find every occurrence of each of its
// markers in a generated tree held in memory, beside the scan's grouped search for the
// context markers that share a prefix (scanner/lines.ts). A marker is one pass over the bytes.
//   node dist/bench/markers.js [--mb 256] [--seed 1]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateLogs } from './gen-logs.js';
import { SOURCES } from '../sources/index.js';
import { finders, type Find } from '../scanner/lines.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '256' }, seed: { type: 'string', default: '1' } } });
const work = mkdtempSync(join(tmpdir(), 'runway-markers-'));
try {
  generateLogs({ out: work, mb: Number(values.mb), seed: Number(values.seed) });
  const dir = join(work, 'projects');
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(join(dir, f)));
  const bytes = files.reduce((n, b) => n + b.length, 0);
  const median = (f: () => number) => {
    const runs: number[] = [];
    let hits = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      hits = f();
      runs.push(performance.now() - t);
    }
    return { ms: runs.sort((a, b) => a - b)[2]!, hits };
  };
  const passes = (finds: Find[]) => median(() => {
    let n = 0;
    for (const find of finds) for (const b of files) for (let at = find(b, 0); at !== -1; at = find(b, at + 1)) n++;
    return n;
  });
  console.log(`${(bytes / 2 ** 20).toFixed(0)} MB in ${files.length} files; median of 5 passes each`);
  for (const source of SOURCES) {
    const markers = [...source.markers, ...(source.contextMarkers ?? [])];
    for (const m of markers) {
      const { ms, hits } = passes(finders([m], 1));
      console.log(`${source.name.padEnd(12)} ${m.toString().padEnd(44)} ${ms.toFixed(0).padStart(5)} ms  ${hits} hits`);
    }
    const all = passes(finders(markers, source.markers.length));
    const one = markers.reduce((sum, m) => sum + passes(finders([m], 1)).ms, 0);
    console.log(`${source.name.padEnd(12)} ${'all, as the scan searches them'.padEnd(44)} ${all.ms.toFixed(0).padStart(5)} ms  (one pass each: ${one.toFixed(0)} ms)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
