import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLogs, MARKER, type GenCounts, type GenStats } from '../../bench/gen-logs.js';
import { referenceTotals } from '../../bench/reference.js';

const dirs: string[] = [];
function generate(seed: number): { root: string; stats: GenStats } {
  const root = mkdtempSync(join(tmpdir(), 'runway-gen-'));
  dirs.push(root);
  return { root, stats: generateLogs({ out: root, mb: 2, seed, start: '2026-09-01', days: 30 }) };
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else out.push(p);
  }
  return out.sort();
}

function treeHash(root: string): string {
  const h = createHash('sha256');
  for (const f of files(root)) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

// Records are probed field by field, whatever their shape.
function parse(line: string): Record<string, any> | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

const corpus = generate(11);

describe('referenceTotals on a generated corpus', () => {
  it('counts exactly what the generator intended', () => {
    const ref = referenceTotals(corpus.root);
    const { byModel, ...truth } = corpus.stats.truth;
    const { byDayModel, ...totals } = ref;
    expect(totals).toEqual(truth);
    expect(truth.responses).toBeGreaterThan(20);

    const perModel: Record<string, GenCounts> = {};
    for (const models of Object.values(byDayModel)) {
      for (const [model, c] of Object.entries(models)) {
        const m = (perModel[model] ??= {
          responses: 0,
          inputTokens: 0,
          outputTokens: 0,
          cacheWrite5mTokens: 0,
          cacheWrite1hTokens: 0,
          cacheReadTokens: 0,
          webSearchRequests: 0,
        });
        m.responses += c.responses;
        m.inputTokens += c.input;
        m.outputTokens += c.output;
        m.cacheWrite5mTokens += c.cacheWrite5m;
        m.cacheWrite1hTokens += c.cacheWrite1h;
        m.cacheReadTokens += c.cacheRead;
        m.webSearchRequests += c.webSearch;
      }
    }
    expect(perModel).toEqual(byModel);
    for (const day of Object.keys(byDayModel)) expect(day >= '2026-09-01' && day < '2026-11-01').toBe(true);
  });

  it('reports the files, bytes and lines it wrote', () => {
    const all = files(corpus.root);
    expect(corpus.stats.files).toBe(all.length);
    expect(corpus.stats.bytes).toBe(all.reduce((s, f) => s + readFileSync(f).length, 0));
    const newlines = all.reduce((s, f) => s + readFileSync(f).filter((b) => b === 0x0a).length, 0);
    expect(corpus.stats.lines).toBe(newlines);
  });
});

describe('generateLogs', () => {
  it('is deterministic for a seed', () => {
    expect(treeHash(generate(11).root)).toBe(treeHash(corpus.root));
    expect(treeHash(generate(12).root)).not.toBe(treeHash(corpus.root));
  });

  it('writes the shapes real logs have', () => {
    const all = files(corpus.root).map((f) => relative(corpus.root, f));
    expect(all.some((f) => /^projects\/[^/]+\/[0-9a-f-]{36}\/subagents\/agent-a[0-9a-f]+\.jsonl$/.test(f))).toBe(true);
    expect(all.some((f) => /\/subagents\/workflows\/wf_[0-9a-f]{8}-[0-9a-f]{3}\/agent-a[0-9a-f]{16}\.jsonl$/.test(f))).toBe(true);
    expect(all.some((f) => /\/subagents\/workflows\/wf_[^/]+\/journal\.jsonl$/.test(f))).toBe(true);
    expect(all.some((f) => /\/subagents\/agent-acompact-[0-9a-f]{6}\.jsonl$/.test(f))).toBe(true);

    const texts = all.filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(join(corpus.root, f)));
    const lines = texts.flatMap((b) => b.toString('utf8').split('\n').slice(0, -1));
    const parsed = lines.map(parse).filter((r) => r !== undefined);
    expect(parsed.some((r) => r.type === 'progress' && r.data?.type === 'agent_progress' && r.data.message?.type === 'assistant' && r.data.message.message?.usage)).toBe(true);
    expect(parsed.some((r) => r.isApiErrorMessage === true && r.message?.model === '<synthetic>')).toBe(true);
    expect(parsed.some((r) => r.isSidechain === true && typeof r.agentId === 'string')).toBe(true);

    // Damage: a half-written last line, a blank line, unparseable JSON and invalid UTF-8.
    expect(texts.filter((b) => b.length > 0 && b[b.length - 1] !== 0x0a)).toHaveLength(1);
    expect(lines.some((l) => l === '')).toBe(true);
    expect(lines.some((l) => l.startsWith('{') && parse(l) === undefined)).toBe(true);
    expect(texts.some((b) => !b.equals(Buffer.from(b.toString('utf8'))))).toBe(true);
    expect(texts.some((b) => b.includes(MARKER))).toBe(true);
  });
});
