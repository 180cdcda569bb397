// How one Claude Code usage object becomes token counts, case by case, on lines shaped like
// the transcripts of the versions that wrote them.
import { describe, expect, it } from 'vitest';
import { claudeCode } from '../../../sources/claude-code/index.js';
import { Origin, type ParseIssue, type UsageEvent } from '../../../sources/types.js';

function parseUsage(usage: Record<string, unknown>): { event: UsageEvent | undefined; events: UsageEvent[]; issues: ParseIssue[] } {
  const events: UsageEvent[] = [];
  const issues: ParseIssue[] = [];
  const line = JSON.stringify({
    type: 'assistant', timestamp: '2026-11-02T10:00:00.000Z', sessionId: 's', requestId: 'req_1',
    message: { id: 'msg_1', model: 'claude-opus-5-5', usage: { input_tokens: 10, output_tokens: 20, ...usage } },
  });
  claudeCode.parse(line, Origin.Direct, { event: (e) => events.push(e), ledger: () => {}, issue: (r) => issues.push(r) });
  return { event: events[0], events, issues };
}

const writes = (usage: Record<string, unknown>) => {
  const { event } = parseUsage(usage);
  return [event!.cacheWrite5mTokens, event!.cacheWrite1hTokens];
};

describe('cache writes', () => {
  it.each([
    ['2.1.150 and earlier: a flat 0 beside the real split', { cache_creation_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 500 } }, [1000, 500]],
    ['flat total and split agree', { cache_creation_input_tokens: 1500, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 500 } }, [1000, 500]],
    ['a flat total larger than the split: the rest is 5-minute', { cache_creation_input_tokens: 2000, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 500 } }, [1500, 500]],
    ['a flat total below the split (partly written): the split', { cache_creation_input_tokens: 700, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 500 } }, [1000, 500]],
    ['no split: every write is a 5-minute write', { cache_creation_input_tokens: 1200 }, [1200, 0]],
    ['only the split', { cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 200 } }, [300, 200]],
    ['neither', {}, [0, 0]],
  ])('%s', (_what, usage, expected) => {
    expect(writes(usage)).toEqual(expected);
  });

  it('reads a split count out of bounds as 0 and says so, keeping the rest', () => {
    const { event, issues } = parseUsage({ cache_creation_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 1e300, ephemeral_1h_input_tokens: 400 } });
    expect([event!.cacheWrite5mTokens, event!.cacheWrite1hTokens]).toEqual([0, 400]);
    expect(issues).toEqual(['bad_field']);
  });
});

/** [key, model, input, output, 5m writes, 1h writes, cache reads] of each row a response becomes. */
const rows = (usage: Record<string, unknown>) =>
  parseUsage(usage).events.map((e) => [e.key, e.model, e.inputTokens, e.outputTokens, e.cacheWrite5mTokens, e.cacheWrite1hTokens, e.cacheReadTokens]);

describe('per-iteration usage', () => {
  it('a compaction step, which the response’s own counts leave out, is billed too', () => {
    // As the API documents it: the top level holds the final message step only.
    const usage = { input_tokens: 23_000, output_tokens: 1000, iterations: [
      { type: 'compaction', input_tokens: 180_000, output_tokens: 3500 },
      { type: 'message', input_tokens: 23_000, output_tokens: 1000, cache_read_input_tokens: 0 },
    ] };
    expect(rows(usage)).toEqual([['msg_1', 'claude-opus-5-5', 203_000, 4500, 0, 0, 0]]);
  });

  it('an advisor step on another model is its own row, priced at its model', () => {
    const usage = { input_tokens: 4000, output_tokens: 600, iterations: [
      { type: 'message', input_tokens: 4000, output_tokens: 600, cache_creation_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2000 } },
      { type: 'advisor_message', model: 'claude-fable-5-1', input_tokens: 9000, output_tokens: 300, cache_read_input_tokens: 5000 },
    ] };
    expect(rows(usage)).toEqual([
      ['msg_1', 'claude-opus-5-5', 4000, 600, 0, 2000, 0],
      ['msg_1@claude-fable-5-1', 'claude-fable-5-1', 9000, 300, 0, 0, 5000],
    ]);
  });

  it('a refused step before any output is not billed; the fallback is billed at its own model', () => {
    const usage = { input_tokens: 5000, output_tokens: 800, iterations: [
      { type: 'message', model: 'claude-opus-5-5', input_tokens: 5000, output_tokens: 0 },
      { type: 'fallback_message', model: 'claude-sonnet-5-5', input_tokens: 5000, output_tokens: 800 },
    ] };
    expect(rows(usage)).toEqual([['msg_1', 'claude-sonnet-5-5', 5000, 800, 0, 0, 0]]);
  });

  it.each([
    ['an empty list (what 2.1.x writes today)', []],
    ['not a list', 'many'],
    ['steps without counts', [{ type: 'message' }]],
  ])('%s: the response’s own counts', (_what, iterations) => {
    const { events, issues } = parseUsage({ input_tokens: 10, output_tokens: 20, iterations });
    expect(events.map((e) => [e.key, e.model, e.inputTokens, e.outputTokens])).toEqual([['msg_1', 'claude-opus-5-5', 10, 20]]);
    expect(issues).toEqual([]);
  });

  it('steps of one model that count less than the response itself do not describe it: the response’s own counts', () => {
    const usage = { input_tokens: 10, output_tokens: 20, iterations: [{ type: 'message', input_tokens: 10, output_tokens: 5 }] };
    expect(rows(usage)).toEqual([['msg_1', 'claude-opus-5-5', 10, 20, 0, 0, 0]]);
  });

  it.each([
    ['a step that is not an object', [{ type: 'message', input_tokens: 1, output_tokens: 1 }, 7]],
    ['more steps than one request has', Array.from({ length: 65 }, () => ({ type: 'message', input_tokens: 1, output_tokens: 1 }))],
  ])('%s: the response’s own counts, and the record is counted as doubtful', (_what, iterations) => {
    const { events, issues } = parseUsage({ input_tokens: 10, output_tokens: 20, iterations });
    expect(events.map((e) => [e.model, e.inputTokens, e.outputTokens])).toEqual([['claude-opus-5-5', 10, 20]]);
    expect(issues).toEqual(['bad_field']);
  });

  it('sums that would pass the bound of one count stop at it', () => {
    const step = { type: 'compaction', input_tokens: 900_000_000, output_tokens: 1 };
    const [row] = rows({ input_tokens: 1, output_tokens: 1, iterations: [step, step, { ...step, type: 'message' }] });
    expect(row![2]).toBe(1_000_000_000);
  });
});
