// `runway rebuild`: a fresh scan beside the database, compared with it; without --yes nothing
// changes and the fresh copy is gone; with it the database holds the fresh rows and the quota
// readings; a database another process has open is never replaced.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assistant, budgetUsd, jsonl, logRoot, tempDb } from '../helpers/logs.js';
import { cliEnv, run } from '../helpers/cli.js';
import { SdkCalls, type SdkCall } from '../../store/sdk-calls.js';

const ROOT = join(import.meta.dirname, '..', '..');

function fixture() {
  const logs = logRoot();
  logs.write('api/s1.jsonl', jsonl([
    assistant({ id: 'm1', ts: '2026-01-10T10:00:00.000Z', usage: { input: 10, output: 1 }, session: 's1', cwd: '/home/dev/api' }),
    assistant({ id: 'm2', ts: '2026-02-10T10:00:00.000Z', usage: { input: 20, output: 2 }, session: 's1', cwd: '/home/dev/api' }),
    budgetUsd('2026-02-10T10:01:00.000Z', 0.9, 's1'),
  ]));
  logs.write('api/s2.jsonl', jsonl([
    assistant({ id: 'm3', ts: '2026-02-01T10:00:00.000Z', usage: { input: 30, output: 3 }, session: 's2', cwd: '/home/dev/api' }),
  ]));
  logs.write('web/s3.jsonl', jsonl([
    assistant({ id: 'm4', ts: '2026-03-05T10:00:00.000Z', usage: { input: 40, output: 4 }, session: 's3', cwd: '/home/dev/web' }),
  ]));
  const db = tempDb();
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_DB: db, RUNWAY_NOW: '2026-03-10T12:00:00Z' });
  expect(run(['scan'], env).status).toBe(0);
  const open = () => new Database(db);
  const sql = (q: string): unknown[] => {
    const d = open();
    try {
      return d.prepare(q).raw().all();
    } finally {
      d.close();
    }
  };
  // Readings the status line stored: they are in no log.
  const d = open();
  d.prepare("INSERT INTO quota_snapshots VALUES ('five_hour', ?, 42, ?, 's1'), ('seven_day', ?, 7.5, NULL, 's1')").run(Date.parse('2026-03-10T11:00:00Z'), Date.parse('2026-03-10T15:00:00Z'), Date.parse('2026-03-10T11:00:00Z'));
  d.close();
  const keys = () => sql('SELECT key FROM responses ORDER BY key').map((r) => (r as string[])[0]);
  const contents = () => ['responses', 'files', 'ledger', 'quota_snapshots', 'usage_rollup', 'session_usage'].map((t) => sql(`SELECT * FROM ${t} ORDER BY 1, 2, 3`));
  /** The database's folder, without the database's own files. */
  const others = () => readdirSync(dirname(db)).filter((f) => !/^usage\.db(-wal|-shm)?$/.test(f));
  return { logs, env, db, sql, keys, contents, others };
}

const rebuild = (args: string[], env: Record<string, string>) => run(['rebuild', '--tz', 'UTC', ...args], env);

/** Calls runway-budget/sdk recorded from code: in no log. */
function recordSdkCalls(db: string): void {
  const calls = SdkCalls.open(db);
  const call = (id: string, ts: string, input: number): SdkCall => ({
    responseId: id, ts: Date.parse(ts), sessionId: 'run-1', project: '/home/dev/app', model: 'claude-sonnet-4-5',
    inputTokens: input, outputTokens: 7, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 3, webSearchRequests: 0,
    reasoningTokens: 0, speed: null, inferenceGeo: null, serviceTier: null, costUsd: 0.5, runName: 'nightly', userId: 'u1',
  });
  calls.write(call('msg_sdk1', '2026-03-01T10:00:00.000Z', 100));
  calls.write(call('msg_sdk2', '2026-03-02T10:00:00.000Z', 200));
  calls.close();
}

describe.concurrent('runway rebuild', () => {
  it('reports exactly the responses whose logs are gone, and the ones new in the logs, changing nothing without --yes', () => {
    const { logs, env, keys, contents, others } = fixture();
    // m4 pruned earlier: the logs still hold it, so a rebuild brings it back.
    expect(run(['prune', '--project', 'web', '--yes'], env).status).toBe(0);
    rmSync(logs.path('api/s1.jsonl'));
    const before = contents();
    const r = rebuild([], env);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Read 2 log files into a fresh database in \d+\.\d\d s$/);
    expect(lines.slice(1)).toEqual([
      'In the database: 3 responses, 66 tokens; in the logs: 2 responses, 77 tokens',
      'Would be lost (their logs are gone):',
      '  2 responses, 33 tokens, 2026-01-10 – 2026-02-10 (UTC)',
      '  by month:',
      '    2026-01  1 response  11 tokens',
      '    2026-02  1 response  22 tokens',
      '  by project:',
      '    /home/dev/api  2 responses  33 tokens',
      'New from the logs: 1 response, 44 tokens (pruned before, or not scanned yet)',
      "Ledger records (Claude Code's budget_usd totals) not in the logs: 1, would be lost",
      'Quota readings: 2, from the status line, not the logs: would be kept (copied into the new database). The config file is not touched.',
      `Nothing was replaced and the fresh copy is removed: run again with --yes to replace ${env.RUNWAY_DB} by it.`,
      '',
    ]);
    expect(contents()).toEqual(before);
    expect(keys()).toEqual(['m1', 'm2', 'm3']);
    expect(others()).toEqual([]);
  });

  it('with --yes the database holds the rows of the logs, their rollups and the quota readings, and reports work from it', () => {
    const { logs, env, db, sql, keys, others } = fixture();
    rmSync(logs.path('api/s1.jsonl'));
    const quota = sql('SELECT * FROM quota_snapshots ORDER BY 1, 2');
    const r = rebuild(['--yes'], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Lost (their logs are gone):\n  2 responses, 33 tokens');
    expect(r.stdout).toContain(`Replaced ${db} by the database rebuilt from the logs (2 quota readings copied over).`);
    expect(keys()).toEqual(['m3', 'm4']);
    expect(sql('SELECT * FROM quota_snapshots ORDER BY 1, 2')).toEqual(quota);
    expect(sql('SELECT sum(responses), sum(input_tokens) FROM usage_rollup')).toEqual([[2, 70]]);
    expect(sql('SELECT count(*) FROM files')).toEqual([[2]]);
    expect(sql('SELECT count(*) FROM ledger')).toEqual([[0]]);
    expect(others()).toEqual([]);
    // The new database is the one every command opens; a scan finds nothing new to read.
    const scan = run(['scan'], env);
    expect(scan.stdout).toContain('Responses: 0 added, 0 updated, 2 in the database');
    const stats = run(['stats', '--json', '--no-scan', '--tz', 'UTC'], env);
    expect(stats.status).toBe(0);
    // And a second rebuild finds nothing to lose.
    expect(rebuild([], env).stdout).toContain('Lost with the rebuild: nothing, every response in the database is in the logs');
  });

  it('carries the calls runway-budget/sdk recorded over, as they are, and never lists them as lost', () => {
    const { env, db, sql, keys } = fixture();
    recordSdkCalls(db);
    const rows = () => sql("SELECT key, agent, ts, session_id, project, entrypoint, model, input_tokens, output_tokens, cache_read_tokens, cost_usd, run_name, user_id FROM responses WHERE agent = 'sdk' ORDER BY key");
    const before = rows();
    expect(before).toHaveLength(2);
    const plan = rebuild([], env);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('Lost with the rebuild: nothing, every response in the database is in the logs');
    expect(plan.stdout).toContain('SDK calls: 2, recorded by runway-budget/sdk, not in the logs: would be kept (copied into the new database).');
    const done = rebuild(['--yes'], env);
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('(2 quota readings, 2 SDK calls copied over)');
    expect(rows()).toEqual(before);
    expect(keys()).toEqual(['m1', 'm2', 'm3', 'm4', 'sdk:msg_sdk1', 'sdk:msg_sdk2']);
    // The new database's rollups hold them: reports show them.
    expect(sql("SELECT sum(responses), sum(input_tokens), sum(cost_usd) FROM usage_rollup WHERE agent = 'sdk'")).toEqual([[2, 300, 1]]);
    expect(sql("SELECT responses FROM session_usage WHERE session_id = 'run-1'")).toEqual([[2]]);
  });

  it('refuses to replace a database another process has open, in one line, and leaves it as it was', async () => {
    const { logs, env, keys, contents, others, db } = fixture();
    rmSync(logs.path('api/s1.jsonl'));
    // As runway serve holds it: open, in WAL mode, idle.
    const holder = spawn(process.execPath, ['-e', `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(db)});
      db.pragma('journal_mode = WAL');
      db.prepare('SELECT count(*) FROM responses').get();
      process.stdout.write('open\\n');
      setInterval(() => {}, 1000);`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const before = contents();
      const r = rebuild(['--yes'], env);
      expect(r.status).toBe(4);
      expect(r.stderr).toBe(`runway: ${db}: it is open in another process: stop runway serve and runway watch, then run runway rebuild --yes again (nothing was replaced)\n`);
      expect(contents()).toEqual(before);
      expect(keys()).toEqual(['m1', 'm2', 'm3', 'm4']);
      expect(others()).toEqual([]);
    } finally {
      holder.kill();
    }
  });

  it('takes only its own options, and has its own help', () => {
    const env = cliEnv();
    const r = run(['rebuild', '--missing'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('runway: rebuild does not take --missing (its options: --yes, --tz, --db, --config; see runway help rebuild)\n');
    const help = run(['help', 'rebuild'], env);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: runway rebuild \[--yes\] \[options\]/);
    for (const option of ['--yes', '--tz ZONE', '--db FILE', '--config FILE']) expect(help.stdout).toContain(option);
    expect(run(['rebuild', 'now'], env).status).toBe(2);
  });
});
