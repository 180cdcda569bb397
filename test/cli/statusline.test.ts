import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { countdown } from '../../cli/format.js';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';
import { cliEnv, runAsync } from '../helpers/cli.js';

// Wednesday 18 November 2026, noon UTC; 9 workdays from today to the end of November.
const NOW = '2026-11-18T12:00:00Z';
const NOW_MS = Date.parse(NOW);
const secs = (iso: string) => Date.parse(iso) / 1000;

const run = (args: string[], env: Record<string, string>, input: string) => runAsync(args, env, input);

// A model priced in the config: 1M output tokens = $10, so $d is d × 100,000 output tokens.
const rec = (id: string, ts: string, dollars: number, session = 'sess-a') =>
  assistant({ id, requestId: `req_${id}`, ts, model: 'claude-test-1', session, usage: { input: 0, output: dollars * 100_000 } });

/** sess-a (the status line's own session, $12 today) and sess-b ($7 today) in one log root. */
function setup(config: Record<string, unknown> = {}, extraEnv: Record<string, string> = {}) {
  const logs = logRoot();
  logs.write('-home-dev-api/sess-a.jsonl', jsonl([rec('a1', '2026-11-18T10:00:00Z', 12)]));
  logs.write('-home-dev-web/sess-b.jsonl', jsonl([rec('b1', '2026-11-18T11:00:00Z', 7, 'sess-b')]));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: NOW, ...extraEnv });
  const configPath = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', prices: { 'claude-test-1': { input: 1, output: 10 } }, ...config }));
  const transcript = logs.path('-home-dev-api/sess-a.jsonl');
  const input = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ hook_event_name: 'Status', session_id: 'sess-a', transcript_path: transcript, cwd: '/home/dev/api', model: { id: 'claude-opus-4-6', display_name: 'Opus' }, ...extra });
  const statusline = async (stdin: string, env2: Record<string, string> = env) => {
    const r = await run(['statusline'], env2, stdin);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    return r.stdout.trimEnd();
  };
  const db = () => new Database(join(env.XDG_DATA_HOME!, 'runway', 'usage.db'), { readonly: true });
  const query = <T>(sql: string): T[] => {
    const d = db();
    try {
      return d.prepare(sql).all() as T[];
    } finally {
      d.close();
    }
  };
  return { logs, env, input, statusline, query };
}

// 62% at noon, resetting at 14:20: open since 09:20 → 23.25 %/h, the 38% left lasts 98 min.
const RATE_LIMITS = {
  five_hour: { used_percentage: 62, resets_at: secs('2026-11-18T14:20:00Z') },
  seven_day: { used_percentage: 20.4, resets_at: secs('2026-11-22T09:00:00Z') },
};

describe('countdown', () => {
  // Rounded down: a countdown never says more time is left than there is.
  it.each([
    [0, '0m', '0m'], [12 * 60_000, '12m', '12m'], [59 * 60_000 + 59_000, '59m', '59m'], [60 * 60_000, '1h00m', '1h 0m'],
    [65 * 60_000, '1h05m', '1h 5m'], [102 * 60_000 + 59_000, '1h42m', '1h 42m'], [(23 * 60 + 59) * 60_000, '23h59m', '23h 59m'],
    [(3 * 24 + 4) * 3_600_000 + 59 * 60_000, '3d4h', '3d 4h'],
  ])('%i ms → %s on the status bar, %s elsewhere', (ms, compact, spaced) => {
    expect(countdown(ms, true)).toBe(compact);
    expect(countdown(ms)).toBe(spaced);
  });
});

describe.concurrent('runway statusline', () => {
  it('shows the 5h and 7d quota it is handed and stores each reading once', async () => {
    const { env, input, statusline, query } = setup();
    const line = await statusline(input({ rate_limits: RATE_LIMITS }));
    expect(line).toBe('runway $12.00 today · $12.00 this period │ 5h 62% ↻2h20m empty in 1h38m │ 7d 20% ↻3d21h');
    const rows = () => query<{ window: string; ts: number; used: number; resetsAt: number; session: string }>(
      'SELECT window, ts, used_percentage AS used, resets_at AS resetsAt, session_id AS session FROM quota_snapshots ORDER BY window, ts',
    );
    expect(rows()).toEqual([
      { window: 'five_hour', ts: NOW_MS, used: 62, resetsAt: Date.parse('2026-11-18T14:20:00Z'), session: 'sess-a' },
      { window: 'seven_day', ts: NOW_MS, used: 20.4, resetsAt: Date.parse('2026-11-22T09:00:00Z'), session: 'sess-a' },
    ]);
    // The next refresh with the same figures stores nothing; a changed one adds one row.
    expect(await statusline(input({ rate_limits: RATE_LIMITS }), { ...env, RUNWAY_NOW: '2026-11-18T12:00:30Z' })).toContain('5h 62%');
    expect(rows()).toHaveLength(2);
    const later = { ...env, RUNWAY_NOW: '2026-11-18T12:01:00Z' };
    const line3 = await statusline(input({ rate_limits: { ...RATE_LIMITS, five_hour: { ...RATE_LIMITS.five_hour, used_percentage: 63 } } }), later);
    expect(line3).toContain('5h 63% ↻2h19m');
    expect(rows().map((r) => [r.window, r.used])).toEqual([['five_hour', 62], ['five_hour', 63], ['seven_day', 20.4]]);
  });

  it('without rate_limits (before 2.1.80, API keys) shows the spend, and the last stored quota', async () => {
    const { input, statusline, query } = setup();
    expect(await statusline(input())).toBe('runway $12.00 today · $12.00 this period');
    expect(query('SELECT * FROM quota_snapshots')).toEqual([]);
    // A reading another session stored is shown until a newer one arrives.
    await statusline(input({ rate_limits: RATE_LIMITS }));
    expect(await statusline(input({ session_id: 'sess-other' }))).toContain('│ 5h 62% ↻2h20m');
  });

  it('leaves out a window that has reset since its reading', async () => {
    const { input, statusline } = setup();
    const stale = { five_hour: { used_percentage: 80, resets_at: secs('2026-11-18T11:00:00Z') } };
    expect(await statusline(input({ rate_limits: stale }))).toBe('runway $12.00 today · $12.00 this period');
  });

  it('shows and stores an implausible reset time as unknown, not a countdown of millennia', async () => {
    const { input, statusline, query } = setup();
    const absurd = { five_hour: { used_percentage: 62, resets_at: '9999999999999999999999' } };
    expect(await statusline(input({ rate_limits: absurd }))).toBe('runway $12.00 today · $12.00 this period │ 5h 62%');
    expect(query('SELECT window, used_percentage AS used, resets_at AS resetsAt FROM quota_snapshots')).toEqual([{ window: 'five_hour', used: 62, resetsAt: null }]);
  });

  it.each([
    ['empty stdin', ''],
    ['malformed JSON', '{"session_id": "sess-a", "transcript_pa'],
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"hello"'],
    ['fields of the wrong type', JSON.stringify({ session_id: 5, transcript_path: { a: 1 }, rate_limits: 'x' })],
  ])('still prints a line and exits 0 with %s', async (_what, stdin) => {
    const { statusline } = setup();
    // Nothing to scan without a transcript: an empty database.
    expect(await statusline(stdin)).toBe('runway $0.00 today · $0.00 this period');
  });

  it("reads only its own session's transcript, and the new lines in it", async () => {
    const { logs, env, input, statusline, query } = setup();
    const sessions = () => query<{ session: string; n: number }>('SELECT session_id AS session, count(*) AS n FROM responses GROUP BY session_id ORDER BY session_id');
    expect(await statusline(input())).toBe('runway $12.00 today · $12.00 this period');
    expect(sessions()).toEqual([{ session: 'sess-a', n: 1 }]);
    logs.append('-home-dev-api/sess-a.jsonl', jsonl([rec('a2', '2026-11-18T11:30:00Z', 3)]));
    expect(await statusline(input())).toBe('runway $15.00 today · $15.00 this period');
    expect(sessions()).toEqual([{ session: 'sess-a', n: 2 }]);
    // sess-b was readable all along: a full scan takes it in.
    expect((await run(['scan'], env, '')).status).toBe(0);
    expect(sessions()).toEqual([{ session: 'sess-a', n: 2 }, { session: 'sess-b', n: 1 }]);
  });

  it('ignores a transcript path outside the log roots', async () => {
    const { statusline, query, input } = setup();
    const outside = logRoot();
    outside.write('x/sess-x.jsonl', jsonl([rec('x1', '2026-11-18T10:00:00Z', 50, 'sess-x')]));
    expect(await statusline(input({ transcript_path: outside.path('x/sess-x.jsonl') }))).toBe('runway $0.00 today · $0.00 this period');
    expect(query('SELECT * FROM responses')).toEqual([]);
  });

  it("with a budget: today's spend of the daily budget, what is left and the runway", async () => {
    // $90 over 9 workdays: $10 today, $78 left. No workday before today spent anything, so the
    // forecast is today's $12 and the budget lasts the period: no run-out date to show.
    const on = setup({ monthly_budget: 90 });
    const over = setup({ monthly_budget: 10 });
    const ahead = setup({ monthly_budget: 90 });
    ahead.logs.write('-home-dev-api/sess-c.jsonl', jsonl([rec('c1', '2026-11-16T10:00:00Z', 24, 'sess-c'), rec('c2', '2026-11-17T10:00:00Z', 24, 'sess-c')]));
    const [a, b] = await Promise.all([on.statusline(on.input()), over.statusline(over.input())]);
    expect(a).toBe('runway $12.00/$10.00 today │ $78.00 left');
    // Over the budget: it ran out today.
    expect(b).toBe('runway $12.00/$1.11 today │ $2.00 over · dry today');
    // $48 before today over the period's 12 workdays so far: $4 a workday. With today's $19
    // (both sessions, after a full scan) that passes $90 on Thu Nov 26, 8 days out.
    expect((await run(['scan'], ahead.env, '')).status).toBe(0);
    expect(await ahead.statusline(ahead.input())).toBe('runway $19.00/$4.67 today │ $23.00 left · dry in 8d');
  });

  it('colours unless NO_COLOR is set', async () => {
    const { env, input, statusline } = setup({ monthly_budget: 90 });
    const { NO_COLOR: _, ...coloured } = env;
    const stdin = input({ rate_limits: { ...RATE_LIMITS, seven_day: { used_percentage: 95, resets_at: secs('2026-11-22T09:00:00Z') } } });
    const [plain, colour] = await Promise.all([statusline(stdin), statusline(stdin, coloured)]);
    expect(plain).not.toContain('\x1b');
    expect(plain).toContain('7d 95%');
    expect(colour).toContain('\x1b[');
    // Today's spend is over today's budget (red); 62% is below the warning but on course to run
    // out before its reset (yellow, not green beside "empty in"); 95% is past the alarm (red).
    expect(colour).toContain('\x1b[31m$12.00\x1b[39m/$10.00 today');
    expect(colour).toContain('5h \x1b[33m62%\x1b[39m');
    expect(colour).toContain('7d \x1b[31m95%\x1b[39m');
    expect(colour.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('says what is wrong on the status bar itself when the config is broken', async () => {
    const { env, input } = setup();
    writeFileSync(join(env.XDG_CONFIG_HOME!, 'runway', 'config.json'), '{"monthly_budget": "lots"}');
    const r = await run(['statusline'], env, input());
    // Claude Code shows only stdout, and a failing command as a blank bar.
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^runway: .*config\.json: key "monthly_budget" is "lots", expected/);
  });
});
