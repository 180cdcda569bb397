import { describe, expect, it } from 'vitest';
import { capsFor, capVerdict, isWithin, nextLoopMark, type CapCheck } from '../../core/caps.js';
import { parseConfig, type CapsConfig } from '../../core/config.js';

const caps = (c: Partial<CapsConfig>): CapsConfig => ({ projects: {}, loop_repeats: 5, ...c });
const money = (v: number) => `$${v.toFixed(2)}`;

describe('isWithin', () => {
  it.each([
    ['/home/me/api', '/home/me/api', true],
    ['/home/me/api/src', '/home/me/api', true],
    ['/home/me/api/src', '/home/me/api/', true],
    ['/home/me/api-v2', '/home/me/api', false],
    ['/home/me', '/home/me/api', false],
    ['/anything', '/', true],
    ['C:\\work\\api\\src', 'C:\\work\\api', true],
  ])('%s in %s → %s', (path, folder, within) => expect(isWithin(path, folder)).toBe(within));
});

describe('capsFor', () => {
  const config = caps({
    session: 5,
    daily: 20,
    projects: { '/w': { session: 3 }, '/w/api': { session: 1 }, '/w/web': { daily: 4 } },
  });
  it.each([
    // cwd, session cap (usd, project), daily cap (usd, project)
    ['/elsewhere', [5, null], [20, null]],
    [null, [5, null], [20, null]],
    ['/w', [3, '/w'], [20, null]],
    ['/w/api/src', [1, '/w/api'], [20, null]], // the most specific project wins
    ['/w/web', [3, '/w'], [4, '/w/web']], // each kind falls back on its own
    ['/w/apiary', [3, '/w'], [20, null]],
  ] as const)('%s', (cwd, [su, sp], [du, dp]) => {
    const got = capsFor(config, cwd);
    expect(got.session).toEqual({ kind: 'session', usd: su, project: sp });
    expect(got.daily).toEqual({ kind: 'daily', usd: du, project: dp });
  });
  it('no cap set: none applies', () => {
    expect(capsFor(caps({ projects: { '/w': { daily: 2 } } }), '/x')).toEqual({ session: null, daily: null });
  });
});

describe('capVerdict', () => {
  const base: CapCheck = { sessionId: 's-1', session: null, daily: null, allowed: false, loop: null, loopRepeats: 5, onLoop: 'warn', money };
  const session = (usd: number, cap = 5, unpriced = 0, project: string | null = null) => ({ cap: { kind: 'session' as const, usd: cap, project }, spent: { usd, unpriced } });
  const daily = (usd: number, cap = 20, project: string | null = null) => ({ cap: { kind: 'daily' as const, usd: cap, project }, spent: { usd, unpriced: 0 } });
  const loop = (count: number) => ({ hash: 'h', tool: 'Bash', count });

  it.each([
    // what, check, verdict kind, refused cap
    ['under both caps', { session: session(4.99), daily: daily(19.99) }, 'ok', undefined],
    ['session exactly at its cap', { session: session(5) }, 'refuse', 'session'],
    ['session over', { session: session(7), daily: daily(1) }, 'refuse', 'session'],
    ['daily over', { session: session(1), daily: daily(20.5) }, 'refuse', 'daily'],
    ['both over: the session cap is named', { session: session(9), daily: daily(30) }, 'refuse', 'session'],
    ['over but allowed', { session: session(9), daily: daily(30), allowed: true }, 'ok', undefined],
    ['4 repeats of 5', { loop: loop(4) }, 'ok', undefined],
    ['5 repeats, warn', { loop: loop(5) }, 'warn', undefined],
    ['5 repeats, stop', { loop: loop(5), onLoop: 'stop' as const }, 'refuse', 'loop'],
    ['5 repeats, stop, allowed', { loop: loop(5), onLoop: 'stop' as const, allowed: true }, 'warn', undefined],
  ] as const)('%s', (_what, over, kind, cap) => {
    const v = capVerdict({ ...base, ...over });
    expect(v.kind).toBe(kind);
    if (v.kind === 'refuse') expect(v.cap).toBe(cap);
  });

  it('messages name the cap, the spend and every way to lift it', () => {
    expect(capVerdict({ ...base, session: session(5.5, 5, 2) })).toEqual({
      kind: 'refuse', cap: 'session',
      message: "Runway: this session's cap of $5.00 is reached: $5.50 spent in it, subagents included (at least: 2 responses have no price). "
        + 'Go on in this session only: runway cap allow --session s-1; raise the cap: runway cap set --session N; remove it: runway cap off --session.',
    });
    expect(capVerdict({ ...base, daily: daily(21, 20, '/w/my api') })).toEqual({
      kind: 'refuse', cap: 'daily',
      message: "Runway: today's cap of $20.00 for /w/my api is reached: $21.00 spent today there. "
        + "Go on in this session only: runway cap allow --session s-1; raise the cap: runway cap set --daily N --project '/w/my api'; remove it: runway cap off --daily --project '/w/my api'.",
    });
    expect(capVerdict({ ...base, loop: loop(6), onLoop: 'stop' })).toEqual({
      kind: 'refuse', cap: 'loop',
      message: 'Runway: the same Bash call 6 times in a row in this session. Go on in this session only: runway cap allow --session s-1; only warn about loops: runway hook install --caps --on-loop warn.',
    });
    expect(capVerdict({ ...base, loop: loop(5) })).toEqual({ kind: 'warn', message: 'Runway: the same Bash call 5 times in a row in this session: it may be going round in circles' });
  });

  it('without a session id, no allow hint', () => {
    const v = capVerdict({ ...base, sessionId: null, daily: daily(25) });
    expect(v.kind === 'refuse' && v.message).toBe(
      "Runway: today's cap of $20.00 is reached: $25.00 spent today. Raise the cap: runway cap set --daily N; remove it: runway cap off --daily.",
    );
  });
});

describe('nextLoopMark', () => {
  it('counts the same call in a row and starts again on another', () => {
    let m = nextLoopMark(null, 'a', 'Bash');
    m = nextLoopMark(m, 'a', 'Bash');
    expect(m).toEqual({ hash: 'a', tool: 'Bash', count: 2 });
    expect(nextLoopMark(m, 'b', 'Read')).toEqual({ hash: 'b', tool: 'Read', count: 1 });
  });
});

describe('config key "caps"', () => {
  const parse = (caps: unknown) => parseConfig({ caps }, 'c.json').caps;
  it('defaults and a full value', () => {
    expect(parseConfig({}, 'c.json').caps).toEqual({ projects: {}, loop_repeats: 5 });
    expect(parse({ session: 5, daily: 20, projects: { '/abs/path': { session: 2 } }, loop_repeats: 3 }))
      .toEqual({ session: 5, daily: 20, projects: { '/abs/path': { session: 2 } }, loop_repeats: 3 });
  });
  it.each([
    [{ session: 0 }, 'key "caps.session" is 0, expected dollars above 0, up to 1,000,000,000'],
    [{ daily: '5' }, 'key "caps.daily" is "5", expected dollars above 0, up to 1,000,000,000'],
    [{ session: 2e9 }, 'key "caps.session" is 2000000000, expected dollars above 0, up to 1,000,000,000'],
    [{ loop_repeats: 1 }, 'key "caps.loop_repeats" is 1, expected a number of identical tool calls in a row (integer 2–1000)'],
    [{ projects: { '/a': { weekly: 3 } } }, 'key "caps.projects./a.weekly" is 3'],
    [{ sesion: 5 }, 'key "caps.sesion" is 5'],
    [5, 'key "caps" is 5, expected an object'],
  ])('%j → one line naming the key', (value, message) => {
    expect(() => parse(value)).toThrow(message);
  });
});
