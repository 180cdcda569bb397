// How one Claude Code usage object becomes token counts, case by case, on lines shaped like
// the transcripts of the versions that wrote them.
import { describe, expect, it } from 'vitest';
import { claudeCode } from '../../../sources/claude-code/index.js';
import { Origin, type ParseIssue, type UsageEvent } from '../../../sources/types.js';

function parseUsage(usage: Record<string, unknown>): { event: UsageEvent | undefined; issues: ParseIssue[] } {
  const events: UsageEvent[] = [];
  const issues: ParseIssue[] = [];
  const line = JSON.stringify({
    type: 'assistant', timestamp: '2026-11-02T10:00:00.000Z', sessionId: 's', requestId: 'req_1',
    message: { id: 'msg_1', model: 'claude-opus-5-5', usage: { input_tokens: 10, output_tokens: 20, ...usage } },
  });
  claudeCode.parse(line, Origin.Direct, { event: (e) => events.push(e), issue: (r) => issues.push(r) });
  return { event: events[0], issues };
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
