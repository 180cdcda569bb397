// `runway prune`: the plan it prints changes nothing; --yes removes exactly what it listed,
// keeps the rollups equal to the rows, and a mistake is one line with exit 2.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { assistant, budgetUsd, jsonl, logRoot, tempDb } from '../helpers/logs.js';
import { cliEnv, run } from '../helpers/cli.js';
import { SdkCalls } from '../../store/sdk-calls.js';

function fixture() {
  const logs = logRoot();
  logs.write('api/s1.jsonl', jsonl([
    assistant({ id: 'm1', ts: '2026-01-10T10:00:00.000Z', usage: { input: 10, output: 1 }, session: 's1', cwd: '/home/dev/api' }),
    assistant({ id: 'm2', ts: '2026-02-10T10:00:00.000Z', usage: { input: 20, output: 2 }, session: 's1', cwd: '/home/dev/api' }),
    budgetUsd('2026-02-10T10:01:00.000Z', 0.9, 's1'),
  ]));
  logs.write('api/s2.jsonl', jsonl([
    // 02:00 UTC on Feb 1 is still January 31 in New York.
    assistant({ id: 'm3', ts: '2026-02-01T02:00:00.000Z', usage: { input: 30, output: 3 }, session: 's2', cwd: '/home/dev/api' }),
  ]));
  logs.write('web/s3.jsonl', jsonl([
    assistant({ id: 'm4', ts: '2026-01-05T10:00:00.000Z', usage: { input: 40, output: 4 }, session: 's3', cwd: '/home/dev/web' }),
    assistant({ id: 'm5', ts: '2026-03-05T10:00:00.000Z', usage: { input: 50, output: 5 }, session: 's3', cwd: '/home/dev/web' }),
  ]));
  const db = tempDb();
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_DB: db, RUNWAY_NOW: '2026-03-10T12:00:00Z' });
  expect(run(['scan'], env).status).toBe(0);
  const sql = <T = unknown>(q: string, ...params: unknown[]): T[] => {
    const d = new Database(db);
    try {
      return q.trimStart().startsWith('SELECT') ? (d.prepare(q).raw().all(...params) as T[]) : (d.prepare(q).run(...params), []);
    } finally {
      d.close();
    }
  };
  const keys = () => sql<[string]>('SELECT key FROM responses ORDER BY key').map(([k]) => k);
  const contents = () => ['responses', 'files', 'ledger', 'usage_rollup', 'session_usage'].map((t) => sql(`SELECT * FROM ${t} ORDER BY 1, 2, 3`));
  return { logs, env, sql, keys, contents };
}

const prune = (args: string[], env: Record<string, string>) => run(['prune', ...args], env);

describe.concurrent('runway prune', () => {
  it('--missing lists the rows of a deleted file and removes nothing without --yes; with it, exactly those', () => {
    const { logs, env, sql, keys, contents } = fixture();
    // m2 as a row stored before file tracking: its file cannot be known.
    sql("UPDATE responses SET file_id = NULL WHERE key = 'm2'");
    rmSync(logs.path('api/s1.jsonl'));
    const before = contents();
    const plan = prune(['--missing', '--tz', 'UTC'], env);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toBe([
      'Would remove responses whose log file is gone:',
      '  1 response, 11 tokens, 2026-01-10 (UTC)',
      '  by month:',
      '    2026-01  1 response  11 tokens',
      '  by project:',
      '    /home/dev/api  1 response  11 tokens',
      "Also 1 ledger record (Claude Code's budget_usd totals that counted them) and 1 record of a deleted log file",
      '1 log file is gone from the disk',
      '1 response from before file tracking: kept (--missing cannot tell whether their logs are gone; runway rebuild can)',
      'Nothing was removed: run the same command with --yes to remove them.',
      '',
    ].join('\n'));
    expect(contents()).toEqual(before);

    const done = prune(['--missing', '--tz', 'UTC', '--yes'], env);
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('Removed responses whose log file is gone:\n  1 response, 11 tokens, 2026-01-10 (UTC)');
    expect(keys()).toEqual(['m2', 'm3', 'm4', 'm5']);
    // The file row goes only once no response points at it: m2 has none, so it goes.
    expect(sql<[string]>('SELECT path FROM files ORDER BY path').map(([p]) => p)).toEqual([logs.path('api/s2.jsonl'), logs.path('web/s3.jsonl')]);
    // s1 keeps m2, but its ledger total counted m1: it cannot be checked any more.
    expect(sql('SELECT * FROM ledger')).toEqual([]);
    expect(rollupsMatch(sql)).toBe(true);
    expect(prune(['--missing', '--yes'], env).stdout).toMatch(/^Nothing to remove: no responses whose log file is gone\n/);
  });

  it('--missing leaves the calls runway-budget/sdk recorded (from no log file), and does not count them as untracked; --before removes them', () => {
    const { logs, env, sql, keys } = fixture();
    const calls = SdkCalls.open(env.RUNWAY_DB!);
    calls.write({
      responseId: 'msg_sdk1', ts: Date.parse('2026-01-20T10:00:00.000Z'), sessionId: 'run-1', project: '/home/dev/api', model: 'claude-sonnet-4-5',
      inputTokens: 100, outputTokens: 7, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, webSearchRequests: 0,
      reasoningTokens: 0, speed: null, inferenceGeo: null, serviceTier: null, costUsd: 0.5, runName: 'nightly', userId: null,
    });
    calls.close();
    rmSync(logs.path('api/s1.jsonl'));
    const plan = prune(['--missing', '--tz', 'UTC'], env);
    expect(plan.stdout).toContain('  2 responses, 33 tokens');
    expect(plan.stdout).not.toContain('from before file tracking');
    expect(prune(['--missing', '--yes'], env).status).toBe(0);
    expect(keys()).toEqual(['m3', 'm4', 'm5', 'sdk:msg_sdk1']);
    expect(rollupsMatch(sql)).toBe(true);
    expect(prune(['--before', '2026-02-01', '--project', 'api', '--tz', 'UTC', '--yes'], env).stdout).toContain('1 response, 107 tokens');
    expect(keys()).toEqual(['m3', 'm4', 'm5']);
  });

  it('--before takes the day in the zone asked for; --project combines with it', () => {
    const { env, keys, contents } = fixture();
    const before = contents();
    // In UTC m3 (Feb 1, 02:00) is on the day itself: kept.
    expect(prune(['--before', '2026-02-01', '--tz', 'UTC'], env).stdout).toContain('  2 responses, 55 tokens, 2026-01-05 – 2026-01-10 (UTC)');
    // In New York it is January 31: before the day.
    const ny = prune(['--before', '2026-02-01', '--tz', 'America/New_York'], env);
    expect(ny.stdout).toContain('  3 responses, 88 tokens, 2026-01-05 – 2026-01-31 (America/New_York)');
    expect(ny.stdout).toContain('    2026-01  3 responses  88 tokens');
    expect(ny.stdout).toContain('    /home/dev/web   1 response  44 tokens');
    expect(contents()).toEqual(before);

    const done = prune(['--before', '2026-02-01', '--project', 'api', '--tz', 'America/New_York', '--yes'], env);
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('Removed responses before 2026-02-01 (America/New_York), of projects whose path contains "api":\n  2 responses, 44 tokens');
    expect(keys()).toEqual(['m2', 'm4', 'm5']);
  });

  it('keeps the rollups equal to a fresh GROUP BY over the rows left', () => {
    const { env, sql } = fixture();
    expect(prune(['--project', 'web', '--yes'], env).status).toBe(0);
    expect(rollupsMatch(sql)).toBe(true);
    expect(sql('SELECT DISTINCT project FROM usage_rollup')).toEqual([['/home/dev/api']]);
    // Reports read the rollups: the pruned project is gone from them.
    const stats = run(['stats', '--json', '--no-scan', '--tz', 'UTC'], env);
    expect(stats.status).toBe(0);
    expect(stats.stdout).not.toContain('/home/dev/web');
  });

  it('refuses a bad value, no condition or an option it does not take, in one line with exit 2', () => {
    const { env, contents } = fixture();
    const before = contents();
    const cases: [string[], RegExp][] = [
      [['--before', '2026-13-01'], /^runway: --before "2026-13-01": expected a date YYYY-MM-DD\n$/],
      [['--before', '2026-02-30', '--yes'], /^runway: --before "2026-02-30": expected a date YYYY-MM-DD\n$/],
      [[], /^runway: prune: say what to remove: --missing, --before YYYY-MM-DD or --project TEXT/],
      [['--yes'], /^runway: prune: say what to remove/],
      [['--project', '', '--yes'], /^runway: --project "": expected part of a project path/],
      [['--missing', '--since', '2026-01-01'], /^runway: prune does not take --since \(its options: --missing, --before, --project, --yes, --tz, --db, --config; see runway help prune\)\n$/],
      [['--before'], /^runway: prune: --before needs a value: --before YYYY-MM-DD/],
      [['--missing', '--tz', 'Mars/Olympus'], /^runway: --tz "Mars\/Olympus": expected an IANA time zone/],
      [['--missing', 'extra'], /^runway: prune: unexpected argument "extra"/],
    ];
    for (const [args, message] of cases) {
      const r = prune(args, env);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(contents()).toEqual(before);
  });

  it('has its own help, and the command list names it', () => {
    const env = cliEnv();
    const help = run(['help', 'prune'], env);
    expect(help.status).toBe(0);
    for (const option of ['--missing', '--before YYYY-MM-DD', '--project TEXT', '--yes', '--tz ZONE', '--db FILE']) expect(help.stdout).toContain(option);
    expect(run(['prune', '--help'], env).stdout).toBe(help.stdout);
    expect(run(['help'], env).stdout).toMatch(/prune --missing\|--before DATE\|--project TEXT \[--yes\]/);
  });
});

/** Both rollups hold exactly the sums a GROUP BY over the responses gives. */
function rollupsMatch(sql: (q: string) => unknown[]): boolean {
  const keys = '1, 2, 3, 4, 5, 6, 7, 8, 9, 10';
  const same = (a: unknown[], b: unknown[]) => JSON.stringify(a) === JSON.stringify(b);
  return same(sql(`SELECT * FROM usage_rollup ORDER BY ${keys}`), sql(`SELECT bucket, agent, coalesce(model, ''), coalesce(project, ''), coalesce(entrypoint, ''),
      prompt_band, fast, logged_cost, us_only, batch, count(*), sum(input_tokens), sum(output_tokens), sum(cache_write_5m_tokens),
      sum(cache_write_1h_tokens), sum(cache_read_tokens), sum(web_search_requests), coalesce(sum(cost_usd), 0), sum(reasoning_tokens), sum(premium_requests)
      FROM responses GROUP BY ${keys} ORDER BY ${keys}`))
    && same(sql(`SELECT * FROM session_usage ORDER BY ${keys}`), sql(`SELECT coalesce(session_id, ''), agent, coalesce(model, ''), coalesce(project, ''),
      coalesce(entrypoint, ''), prompt_band, fast, logged_cost, us_only, batch, min(ts), max(ts), count(*), sum(input_tokens),
      sum(output_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens), sum(cache_read_tokens), sum(web_search_requests),
      coalesce(sum(cost_usd), 0), sum(reasoning_tokens), sum(premium_requests) FROM responses GROUP BY ${keys} ORDER BY ${keys}`));
}
