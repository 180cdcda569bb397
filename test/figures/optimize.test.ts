// The optimize findings on Works built for each (and built not to trigger it), their saving
// arithmetic at round test prices, unpriced models as unknown savings, and the grade bands.
import { describe, expect, it } from 'vitest';
import { gradeOf, optimize, type Finding, type OptimizeFacts } from '../../figures/optimize/index.js';
import { OPUS, SONNET, TABLE, work, type Ev } from './work-fixture.js';

const NO_FACTS: OptimizeFacts = { bashOutputCapped: true, claudeMd: [], mcpServers: [] };
const findings = (events: Ev[], facts: Partial<OptimizeFacts> = {}) => optimize(work(events), TABLE, { ...NO_FACTS, ...facts }).findings;
const only = (fs: Finding[], id: string) => {
  const hit = fs.filter((f) => f.id === id);
  expect(hit).toHaveLength(1);
  return hit[0]!;
};
const ids = (fs: Finding[]) => fs.map((f) => f.id);

describe('optimize findings', () => {
  it('low cache hit: the way to a 90% hit, uncached input first, then writes', () => {
    const fs = findings([
      // 250k prompt, 20% from the cache.
      { session: 'low', at: 0, input: 100_000, write: 100_000, read: 50_000, output: 1_000 },
      // 90% hit: fine; 100k prompt with no hit: too small to matter.
      { session: 'warm', at: 1, input: 30_000, read: 270_000, output: 1_000 },
      { session: 'small', at: 2, input: 100_000, output: 1_000 },
    ]);
    const f = only(fs, 'low-cache-hit');
    // 175k moved to reads: input 100k → 0, writes 100k → 25k. $0.47 → $0.1175.
    expect(f.savingUsd).toBeCloseTo(0.3525, 9);
    expect(f.savingTokens).toBe(175_000);
    expect(f.measured).toContain('1 session of');
    expect(f.measured).toContain('20.0%');
    expect(f.measured).toContain('session low');
  });

  it('a model without a price makes the saving unknown, never $0', () => {
    const f = only(findings([{ session: 'low', at: 0, model: 'mystery-model', input: 250_000, output: 1_000 }]), 'low-cache-hit');
    expect(f.savingUsd).toBeNull();
    expect(f.measured).toContain('unknown');
  });

  it('an Opus-class model on short turns that edit nothing, priced at the Sonnet of the same name', () => {
    const fs = findings([
      { session: 's', at: 0, turn: 't1', model: OPUS, input: 1_000, output: 500, read: 10_000 },
      // Long, editing, and on the cheaper model already: none counts.
      { session: 's', at: 1, turn: 't2', model: OPUS, input: 1_000, output: 5_000 },
      { session: 's', at: 2, turn: 't3', model: OPUS, output: 100, tools: 'Edit', actions: 'edit:aa11' },
      { session: 's', at: 3, turn: 't4', model: SONNET, output: 100 },
    ]);
    const f = only(fs, 'expensive-model-short-turns');
    // $0.045 on Opus, $0.009 on Sonnet.
    expect(f.savingUsd).toBeCloseTo(0.036, 9);
    expect(f.savingTokens).toBe(11_500);
    expect(f.title).toBe(`${OPUS} on short turns`);
    expect(f.measured).toContain('1 turn on');
    expect(f.fix).toContain(`/model ${SONNET}`);
    const unpriced = only(findings([{ session: 's', at: 0, turn: 't1', model: 'claude-opus-mystery', output: 500 }]), 'expensive-model-short-turns');
    expect(unpriced.savingUsd).toBeNull();
  });

  it('context bloat: the prompt beyond 400× output', () => {
    const fs = findings([
      { session: 'big', at: 0, read: 1_000_000, output: 1_000 },
      { session: 'ok', at: 1, read: 1_000_000, output: 5_000 },
    ]);
    const f = only(fs, 'context-bloat');
    // 60% of the prompt goes: $0.21 → $0.09.
    expect(f.savingUsd).toBeCloseTo(0.12, 9);
    expect(f.savingTokens).toBe(600_000);
    expect(f.measured).toContain('1,000× its output');
    expect(f.measured).toContain('session big');
  });

  it('a file read three times in a session: each re-read is its share of the next call’s new prompt', () => {
    const fs = findings([
      { session: 'a', at: 0, turn: 't', tools: 'Read', actions: 'read:f1' },
      { session: 'a', at: 1, turn: 't', write: 3_000, tools: 'Read', actions: 'read:f1' },
      { session: 'a', at: 2, turn: 't', write: 3_000, tools: 'Read', actions: 'read:f1,read:f2' },
      { session: 'a', at: 3, turn: 't', write: 4_000 },
      // Twice here and once in another session: no finding of its own.
      { session: 'a', at: 4, turn: 'u', tools: 'Read', actions: 'read:f3' },
      { session: 'a', at: 5, turn: 'u', tools: 'Read', actions: 'read:f3' },
      { session: 'b', at: 6, turn: 'v', tools: 'Read', actions: 'read:f3' },
    ]);
    const f = only(fs, 'repeated-reads');
    // 3,000 after the second read, half of 4,000 after the third: 5,000 at $2.5/M.
    expect(f.savingTokens).toBe(5_000);
    expect(f.savingUsd).toBeCloseTo(0.0125, 9);
    expect(f.measured).toMatch(/^1 file was read ≥ 3 times in one session \(2 re-reads in 1 session, at most 3 reads/);
    expect(f.measured).not.toContain('f1');
  });

  it('uncapped Bash: the result beyond 4,000 tokens, only when Bash ran and no cap is set', () => {
    const events: Ev[] = [
      { session: 'a', at: 0, turn: 't', tools: 'Bash', actions: 'run:npm,check:test' },
      { session: 'a', at: 1, turn: 't', write: 10_000 },
    ];
    const f = only(findings(events, { bashOutputCapped: false }), 'uncapped-bash-output');
    expect(f.savingTokens).toBe(6_000);
    expect(f.savingUsd).toBeCloseTo(0.015, 9);
    expect(f.fix).toContain('"BASH_MAX_OUTPUT_LENGTH": "16000"');
    expect(ids(findings(events, { bashOutputCapped: true }))).not.toContain('uncapped-bash-output');
    expect(ids(findings([{ session: 'a', at: 0, tools: 'Read' }], { bashOutputCapped: false }))).not.toContain('uncapped-bash-output');
  });

  it('a large CLAUDE.md: the bytes past 10,000 as tokens, written once per session and read by each later call', () => {
    const events: Ev[] = [0, 1, 2].map((at) => ({ session: 'a', at, project: '/p', output: 10 }));
    const fs = findings(events, { claudeMd: [
      { label: '/p/CLAUDE.md', project: '/p', bytes: 50_000 },
      { label: '/q/CLAUDE.md', project: '/q', bytes: 50_000 },
      { label: '~/.claude/CLAUDE.md', project: null, bytes: 9_000 },
    ] });
    const f = only(fs, 'large-claude-md');
    expect(f.title).toBe('Large /p/CLAUDE.md');
    expect(f.savingTokens).toBe(10_000);
    // 10k tokens at $2.5/M once, then at $0.2/M twice.
    expect(f.savingUsd).toBeCloseTo(0.029, 9);
    expect(f.measured).toContain('50,000 bytes (≈ 12,500 tokens), loaded into each of 1 session');
  });

  it('MCP servers configured and not called: one removal command each, saving unknown', () => {
    const fs = findings([{ session: 'a', at: 0, tools: 'mcp__github__create_issue' }], { mcpServers: ['github', 'linear', 'my server'] });
    const f = only(fs, 'unused-mcp-servers');
    expect(f.fix).toBe("claude mcp remove linear\nclaude mcp remove 'my server'");
    expect(f.savingUsd).toBeNull();
    expect(ids(findings([{ session: 'a', at: 0, tools: 'mcp__github__x' }], { mcpServers: ['github'] }))).not.toContain('unused-mcp-servers');
  });

  it('session cost outliers above max(median + 5 × MAD, 3 × median), and the grade they earn', () => {
    // $1 = 100k output tokens at $10/M.
    const sessions = (costs: number[]): Ev[] => costs.map((c, i) => ({ session: `s${i}`, at: i, output: c * 100_000 }));
    const r = optimize(work(sessions([1, 1, 1, 1, 1, 10])), TABLE, NO_FACTS);
    const f = only(r.findings, 'session-cost-outliers');
    expect(f.savingUsd).toBeCloseTo(7, 9);
    expect(f.severity).toBe('high');
    expect(f.fix).toContain('--budget 3 ');
    expect(r.totals.spend).toBeCloseTo(15, 9);
    expect(r.totals.savedShare).toBeCloseTo(7 / 15, 9);
    expect([r.score, r.grade]).toEqual([7, 'F']);
    // Median 3.5, MAD 1.5: the line is 3.5 + 7.5 = 11 (above 3 × 3.5), so 11.5 is $0.50 over and 10.9 none.
    expect(only(findings(sessions([1, 2, 3, 4, 5, 11.5])), 'session-cost-outliers').savingUsd).toBeCloseTo(0.5, 9);
    expect(ids(findings(sessions([1, 2, 3, 4, 5, 10.9])))).not.toContain('session-cost-outliers');
    // Too few sessions to tell; and six of the same cost have none.
    expect(ids(findings(sessions([1, 1, 1, 10])))).not.toContain('session-cost-outliers');
    const clean = optimize(work(sessions([1, 1, 1, 1, 1, 1])), TABLE, NO_FACTS);
    expect([clean.findings, clean.score, clean.grade]).toEqual([[], 100, 'A']);
  });

  it('ranks by saving, unknown last, and grades each point of spend saved at two points of score', () => {
    const fs = findings([
      { session: 'low', at: 0, input: 100_000, write: 100_000, read: 50_000, output: 1_000 },
      { session: 'big', at: 1, read: 1_000_000, output: 1_000 },
    ], { mcpServers: ['linear'] });
    expect(ids(fs)).toEqual(['low-cache-hit', 'context-bloat', 'unused-mcp-servers']);
    expect([gradeOf(0), gradeOf(0.01), gradeOf(0.05), gradeOf(0.06), gradeOf(0.1), gradeOf(0.15), gradeOf(0.2), gradeOf(0.21), gradeOf(0.6)]).toEqual([
      { score: 100, grade: 'A' }, { score: 98, grade: 'A' }, { score: 90, grade: 'A' }, { score: 88, grade: 'B' }, { score: 80, grade: 'B' },
      { score: 70, grade: 'C' }, { score: 60, grade: 'D' }, { score: 58, grade: 'F' }, { score: 0, grade: 'F' },
    ]);
    const none = optimize(work([{ session: 'u', at: 0, model: 'mystery-model', output: 10 }]), TABLE, NO_FACTS);
    expect([none.score, none.grade]).toEqual([null, null]);
  });
});
