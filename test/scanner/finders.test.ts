import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finders, type Find } from '../../scanner/lines.js';
import { claudeCode } from '../../sources/claude-code/index.js';
import { generateLogs } from '../../bench/gen-logs.js';

const markers = [...claudeCode.markers, ...claudeCode.contextMarkers!];
const loud = claudeCode.markers.length;
const quiet = finders(markers, loud)[loud]!;

/** Line numbers (from 0) of the lines a find reports, searching on from each hit's line end as the scan does. */
function hitLines(buf: Buffer, find: Find): number[] {
  const lines: number[] = [];
  for (let at = find(buf, 0); at !== -1; ) {
    lines.push(buf.subarray(0, at).filter((b) => b === 0x0a).length);
    const nl = buf.indexOf(0x0a, at);
    at = nl === -1 ? -1 : find(buf, nl + 1);
  }
  return lines;
}

const toolResult = '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"x\\"role\\":\\"user\\",\\"content\\":\\"y"}]}}';
const prompt = '{"type":"user","message":{"role":"user","content":"fix the build"}}';
const textBlocks = '{"type":"user","message":{"role":"user","content":[{"type":"text","text":"hi"}]}}';

describe('the grouped search for the prompt markers', () => {
  it('passes over the rest of a tool result line and finds the prompts after it', () => {
    const buf = Buffer.from(`${toolResult}\n${prompt}\n${toolResult}\n${textBlocks}\n`);
    expect(hitLines(buf, quiet)).toEqual([1, 3]);
  });

  it('finds nothing in a region of tool results, even one without a last newline', () => {
    expect(hitLines(Buffer.from(`${toolResult}\n${toolResult}`), quiet)).toEqual([]);
  });

  const work = mkdtempSync(join(tmpdir(), 'runway-finders-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reports the same lines of a generated tree as a search for each marker in each line', () => {
    generateLogs({ out: work, mb: 4, seed: 7, start: '2026-03-01', days: 10 });
    const dir = join(work, 'projects');
    let prompts = 0;
    for (const f of readdirSync(dir, { recursive: true }) as string[]) {
      if (!f.endsWith('.jsonl')) continue;
      const buf = readFileSync(join(dir, f));
      const expected: number[] = [];
      buf.toString('utf8').split('\n').forEach((line, i) => {
        if (claudeCode.contextMarkers!.some((m) => line.includes(m.toString()))) expected.push(i);
      });
      expect(hitLines(buf, quiet)).toEqual(expected);
      prompts += expected.length;
    }
    expect(prompts).toBeGreaterThan(20);
  });
});
