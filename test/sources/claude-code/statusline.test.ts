// The status line's input as Claude Code writes it (JSON on stdin): the quota readings, the
// session and the transcript, each checked where it is read.
import { describe, expect, it } from 'vitest';
import { parseStatusLineInput } from '../../../sources/claude-code/statusline.js';

// Wednesday 18 November 2026, noon UTC.
const NOW = Date.parse('2026-11-18T12:00:00Z');
const at = (iso: string) => Date.parse(iso);
const parseRateLimits = (input: unknown, now: number) => parseStatusLineInput(JSON.stringify(input) ?? null, now).readings;

describe('parseRateLimits', () => {
  const RESET_S = at('2026-11-18T14:20:00Z') / 1000;
  const SEVEN_S = at('2026-11-22T09:00:00Z') / 1000;

  it('reads both windows of Claude Code ≥ 2.1.80, resets_at in Unix seconds', () => {
    const input = {
      session_id: 's', model: { id: 'claude-opus-4-6' },
      rate_limits: { five_hour: { used_percentage: 62, resets_at: RESET_S }, seven_day: { used_percentage: 20.5, resets_at: SEVEN_S } },
    };
    expect(parseRateLimits(input, NOW)).toEqual([
      { window: 'five_hour', ts: NOW, usedPercentage: 62, resetsAt: RESET_S * 1000 },
      { window: 'seven_day', ts: NOW, usedPercentage: 20.5, resetsAt: SEVEN_S * 1000 },
    ]);
  });

  it.each([
    ['seconds', RESET_S, RESET_S * 1000],
    ['fractional seconds', RESET_S + 0.5, RESET_S * 1000 + 500],
    ['milliseconds', RESET_S * 1000, RESET_S * 1000],
    ['a numeric string', String(RESET_S), RESET_S * 1000],
    ['an ISO string', '2026-11-18T14:20:00Z', RESET_S * 1000],
    ['an ISO string with an offset', '2026-11-18T15:20:00+01:00', RESET_S * 1000],
    ['absent', undefined, null],
    ['null', null, null],
    ['not a time', 'soon', null],
    ['zero', 0, null],
  ])('resets_at as %s', (_what, resets_at, expected) => {
    const [r] = parseRateLimits({ rate_limits: { five_hour: { used_percentage: 1, resets_at } } }, NOW);
    expect(r?.resetsAt).toBe(expected);
  });

  const resetOf = (window: string, resets_at: unknown) =>
    parseRateLimits({ rate_limits: { [window]: { used_percentage: 40, resets_at } } }, NOW)[0]?.resetsAt;

  it.each([
    ['far in the future, as a numeric string', 'five_hour', '9999999999999999999999'],
    ['far in the future, as a number', 'seven_day', 1e22],
    ['a count of seconds since boot', 'five_hour', 86_400],
  ])('an implausible resets_at, %s, is unknown; the percentage is kept', (_what, window, resets_at) => {
    const [r] = parseRateLimits({ rate_limits: { [window]: { used_percentage: 40, resets_at } } }, NOW);
    expect(r).toEqual({ window, ts: NOW, usedPercentage: 40, resetsAt: null });
  });

  it.each([
    ['up to 6 h after the reading (5 h and an hour of slack)', 'five_hour', NOW / 1000 + 6 * 3600, NOW / 1000 + 6 * 3600 + 1],
    ['up to 7 d 1 h after the reading', 'seven_day', NOW / 1000 + 7 * 86_400 + 3600, NOW / 1000 + 7 * 86_400 + 3601],
    ['from 2000 on, a past reset included', 'five_hour', '2000-01-01T00:00:00Z', '1999-12-31T23:59:59Z'],
  ])('resets_at is taken %s, unknown past that', (_what, window, inside, outside) => {
    expect(resetOf(window, inside)).not.toBeNull();
    expect(resetOf(window, outside)).toBeNull();
  });

  it.each([
    ['no rate_limits (before 2.1.80, API-key users)', { session_id: 's', transcript_path: '/t.jsonl' }],
    ['rate_limits null', { rate_limits: null }],
    ['rate_limits an array', { rate_limits: [{ used_percentage: 5 }] }],
    ['empty rate_limits', { rate_limits: {} }],
    ['null', null],
    ['a string', '{"rate_limits":{}}'],
    ['a number', 62],
    ['an array', [{ rate_limits: { five_hour: { used_percentage: 5, resets_at: RESET_S } } }]],
  ])('no readings for %s', (_what, input) => {
    expect(parseRateLimits(input, NOW)).toEqual([]);
  });

  it('reads the session and transcript only as plain text, and nothing from input that is not JSON', () => {
    expect(parseStatusLineInput('{"session_id":"s-1","transcript_path":"/t/a.jsonl"}', NOW)).toEqual({ sessionId: 's-1', transcriptPath: '/t/a.jsonl', readings: [] });
    expect(parseStatusLineInput(JSON.stringify({ session_id: 'x\u001b[2J', transcript_path: 'p'.repeat(5000) }), NOW)).toMatchObject({ sessionId: null, transcriptPath: null });
    // A tab or line break is legal in a path, as in a transcript's cwd: the same rule reads both.
    expect(parseStatusLineInput(JSON.stringify({ session_id: 's', transcript_path: '/t/a\tb\nc.jsonl' }), NOW).transcriptPath).toBe('/t/a\tb\nc.jsonl');
    expect(parseStatusLineInput('{"session_id":', NOW)).toEqual({ sessionId: null, transcriptPath: null, readings: [] });
    expect(parseStatusLineInput(null, NOW)).toEqual({ sessionId: null, transcriptPath: null, readings: [] });
  });

  it('skips a window whose percentage is not a number ≥ 0, keeps the other', () => {
    for (const used_percentage of ['62', -1, null, undefined, true, { v: 1 }]) {
      const input = { rate_limits: { five_hour: { used_percentage, resets_at: RESET_S }, seven_day: { used_percentage: 0, resets_at: SEVEN_S } } };
      expect(parseRateLimits(input, NOW)).toEqual([{ window: 'seven_day', ts: NOW, usedPercentage: 0, resetsAt: SEVEN_S * 1000 }]);
    }
    expect(parseRateLimits({ rate_limits: { five_hour: 62, seven_day: 'x' } }, NOW)).toEqual([]);
  });
});

