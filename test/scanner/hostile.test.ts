// Damaged and hostile logs: each case once broke a scan, a figure or the guard.
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, openSync, closeSync, symlinkSync, truncateSync, utimesSync, writeFileSync, writeSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { assistant, jsonl, logRoot, tempDb } from '../helpers/logs.js';
import { build, FIGURE_ROUTES, HOST, numbersIn, TEST_PRICES } from '../helpers/app.js';
import { cliEnv, runAsync } from '../helpers/cli.js';
import { join } from 'node:path';

const TS = '2026-11-18T10:00:00.000Z';
const NOW = Date.parse('2026-11-18T12:00:00Z');
const OLD = new Date('2026-01-01T00:00:00Z');

const sums = (db: Db) =>
  db.prepare(`SELECT count(*) AS n, sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cache_read_tokens) AS cr,
    typeof(sum(input_tokens)) AS kind FROM responses`).get() as { n: number; input: number; output: number; cr: number; kind: string };
const rollup = (db: Db) =>
  db.prepare('SELECT sum(responses) AS n, sum(input_tokens) AS input, sum(output_tokens) AS output, typeof(sum(input_tokens)) AS kind FROM usage_rollup').get();

/** An assistant line with raw usage fields, as a hostile writer would put them. */
function raw(id: string, usage: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const rec = assistant({ id, requestId: `req_${id}`, ts: TS, model: 'claude-test-1', usage: { output: 1 } }) as { message: { usage: Record<string, unknown> } };
  Object.assign(rec.message.usage, usage);
  return JSON.stringify({ ...rec, ...extra });
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
});

async function routesAnswer(db: Db, config?: Record<string, unknown>) {
  const app = await build({ db, now: () => NOW, config });
  apps.push(app);
  for (const url of FIGURE_ROUTES) {
    const res = await app.inject({ url, headers: HOST });
    expect(res.statusCode, url).toBe(200);
    for (const [where, v] of numbersIn(res.json())) expect(Number.isFinite(v), `${url} ${where}`).toBe(true);
  }
  return (await app.inject({ url: '/api/summary', headers: HOST })).json();
}

describe('absurd counts never reach a sum', () => {
  it.each([['a first scan', true], ['an incremental scan', false]])('in %s: 5e18 input tokens are a bad field, the rest of the response is kept', async (_, first) => {
    const logs = logRoot();
    const db = openDb(tempDb());
    if (!first) {
      logs.write('p/a.jsonl', jsonl([raw('msg_ok', { input_tokens: 7, output_tokens: 100 })]));
      scan(db, { env: logs.env });
    }
    logs.write('p/s.jsonl', [raw('msg_1', { input_tokens: 5000000000000000000, output_tokens: 10 }), raw('msg_2', { input_tokens: 5000000000000000000, cache_read_input_tokens: 40, output_tokens: 20 })].join('\n') + '\n');
    const r = scan(db, { env: logs.env });
    expect(r.issues.bad_field).toEqual({ count: 2, example: `${logs.path('p/s.jsonl')}:1` });
    const base = first ? { n: 0, input: 0, output: 0 } : { n: 1, input: 7, output: 100 };
    expect(sums(db)).toMatchObject({ n: base.n + 2, input: base.input, output: base.output + 30, cr: 40, kind: 'integer' });
    expect(rollup(db)).toEqual({ n: base.n + 2, input: base.input, output: base.output + 30, kind: 'integer' });
  });

  it.each([
    ['1e308', 1e308], ['-5', -5], ['12.5', 12.5], ['"12x"', '12x'], ['10⁹ + 1', 1_000_000_001], ['true', true], ['an object', { n: 1 }],
  ])('a count of %s is reported and read as 0; 10⁹ itself is kept', (_, bad) => {
    const logs = logRoot();
    logs.write('p/s.jsonl', [raw('msg_bad', { output_tokens: bad, input_tokens: 3 }), raw('msg_max', { output_tokens: 1_000_000_000, input_tokens: 3 })].join('\n') + '\n');
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(r.issues.bad_field?.count).toBe(1);
    expect(sums(db)).toMatchObject({ n: 2, input: 6, output: 1_000_000_000 });
  });

  it('ignores a logged cost that is negative, infinite or absurd, prices those responses from tokens, and keeps a plain one', async () => {
    const logs = logRoot();
    // 100,000 output tokens of claude-test-1: $1 each from tokens.
    logs.write('p/s.jsonl', [
      raw('msg_neg', { output_tokens: 100_000, input_tokens: 0 }, { costUSD: -100 }),
      raw('msg_inf', { output_tokens: 100_000, input_tokens: 0 }, { costUSD: 1e308 }),
      raw('msg_big', { output_tokens: 100_000, input_tokens: 0 }, { costUSD: 2e6 }),
      raw('msg_ok', { output_tokens: 100_000, input_tokens: 0 }, { costUSD: 0.25 }),
    ].join('\n') + '\n');
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(r.issues.bad_field?.count).toBe(3);
    const summary = await routesAnswer(db);
    expect(summary.spentToDate).toBeCloseTo(3.25, 9);
  });

  it('keeps every route answering with finite figures on 1e308 tokens twice', async () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', [raw('msg_1', { input_tokens: 1e308, output_tokens: 1e308 }), raw('msg_2', { input_tokens: 1e308, output_tokens: 100_000 })].join('\n') + '\n');
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const summary = await routesAnswer(db);
    expect(summary.spentToDate).toBeCloseTo(1, 9);
  });

  it('refuses timestamps outside the years 1970–9999 and text fields with control characters or of absurd length', () => {
    const logs = logRoot();
    const at = (id: string, ts: string) => JSON.stringify(assistant({ id, ts, model: 'claude-test-1', usage: { output: 1 } }));
    logs.write('p/s.jsonl', jsonl([
      at('msg_far', '+010000-01-01T00:00:00.000Z'),
      at('msg_neg', '-000001-01-01T00:00:00.000Z'),
      at('msg_ok', TS),
      JSON.stringify(assistant({ id: 'msg_esc', ts: TS, model: 'claude-\u001b[2Jtest', usage: { output: 1 } })),
      JSON.stringify(assistant({ id: 'msg_long', ts: TS, cwd: `/${'x'.repeat(5000)}`, usage: { output: 1 } })),
    ]));
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(r.issues.missing_timestamp?.count).toBe(2);
    expect(r.issues.bad_field?.count).toBe(2);
    const rows = db.prepare('SELECT key, model, project FROM responses ORDER BY key').all();
    expect(rows).toEqual([
      { key: 'msg_esc', model: null, project: '/home/dev/api' },
      { key: 'msg_long', model: 'claude-opus-4-5-20251101', project: null },
      { key: 'msg_ok', model: 'claude-test-1', project: '/home/dev/api' },
    ]);
  });
});

describe('files changed in place', () => {
  const line = (i: number) => JSON.stringify(assistant({ id: `msg_${i}`, requestId: `req_${i}`, ts: TS, usage: { output: i } }));
  const keys = (db: Db) => (db.prepare('SELECT key FROM responses ORDER BY key').pluck().all() as string[]);
  // Real transcripts share their first bytes: {"parentUuid":null,"isSidechain":false,…
  const opening = JSON.stringify({ parentUuid: null, isSidechain: false, userType: 'external', type: 'user', message: { role: 'user', content: 'hi' }, timestamp: TS });

  it('(a) cut short, then appended to: every appended response is stored', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([line(1), line(2), line(3)]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    truncateSync(logs.path('p/s.jsonl'), statSync(logs.path('p/s.jsonl')).size - 40);
    logs.append('p/s.jsonl', '\n' + jsonl([line(4), line(5), line(6), line(7)]));
    scan(db, { env: logs.env });
    const fresh = openDb(tempDb());
    scan(fresh, { env: logs.env });
    expect(keys(fresh)).toEqual(['msg_1', 'msg_2', 'msg_4', 'msg_5', 'msg_6', 'msg_7']);
    expect(keys(db)).toEqual(['msg_1', 'msg_2', 'msg_3', 'msg_4', 'msg_5', 'msg_6', 'msg_7']);
  });

  it('(b) rewritten in place to the same size (same inode): read again', () => {
    const logs = logRoot();
    const file = logs.path('p/s.jsonl');
    logs.write('p/s.jsonl', jsonl([opening, line(1), line(2)]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const ino = statSync(file).ino;
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, jsonl([opening, line(3), line(4)]), 0);
    closeSync(fd);
    expect(statSync(file).size).toBe(size);
    expect(statSync(file).ino).toBe(ino);
    utimesSync(file, OLD, new Date('2026-01-02T00:00:00Z'));
    scan(db, { env: logs.env });
    expect(keys(db)).toEqual(['msg_1', 'msg_2', 'msg_3', 'msg_4']);
  });

  it('(c) overwritten with a longer file that shares its first bytes: every response is read', () => {
    const logs = logRoot();
    const file = logs.path('p/s.jsonl');
    logs.write('p/s.jsonl', jsonl([opening, line(1), line(2), line(3), line(4), line(5)]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const ino = statSync(file).ino;
    // `cat other > f`: the same inode, the same opening record, other responses after it.
    writeFileSync(file, jsonl([opening, ...[11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map(line)]));
    expect(statSync(file).ino).toBe(ino);
    const r = scan(db, { env: logs.env });
    expect(r.responsesAdded).toBe(10);
    expect(keys(db)).toHaveLength(15);
  });

  it('resumes at the offset, reading only new bytes, while the bytes before it are unchanged', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([line(1), line(2)]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    logs.append('p/s.jsonl', jsonl([line(3)]));
    const r = scan(db, { env: logs.env });
    expect(r.bytesRead).toBe(line(3).length + 1);
  });
});

describe('the last record of a finished file', () => {
  const rec = (i: number) => JSON.stringify(assistant({ id: `msg_${i}`, ts: TS, usage: { output: i } }));

  it('is counted once its file is old, without a newline, and counted once when the file grows', () => {
    const logs = logRoot();
    const file = logs.path('p/s.jsonl');
    logs.write('p/s.jsonl', `${rec(1)}\n${rec(2)}`);
    utimesSync(file, OLD, OLD);
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(r.partialLines).toEqual([]);
    expect(sums(db)).toMatchObject({ n: 2, output: 3 });
    appendFileSync(file, `\n${rec(3)}\n`);
    scan(db, { env: logs.env });
    expect(sums(db)).toMatchObject({ n: 3, output: 6 });
  });

  it('is left while the file is fresh, then counted when a scan finds it unchanged', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', `${rec(1)}\n${rec(2)}`);
    const db = openDb(tempDb());
    expect(scan(db, { env: logs.env }).partialLines).toHaveLength(1);
    expect(sums(db).n).toBe(1);
    scan(db, { env: logs.env });
    expect(sums(db)).toMatchObject({ n: 2, output: 3 });
  });
});

describe('files that are not regular files', () => {
  it('never opens a FIFO or a device named *.jsonl, walked or named', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([assistant({ id: 'msg_1', ts: TS, usage: { output: 1 } })]));
    execFileSync('mkfifo', [logs.path('p/fifo.jsonl')]);
    symlinkSync('/dev/zero', logs.path('p/zero.jsonl'));
    const db = openDb(tempDb());
    const walked = scan(db, { env: logs.env });
    expect(walked.issues.not_a_file?.count).toBe(2);
    const named = scan(db, { env: logs.env, only: [logs.path('p/fifo.jsonl'), logs.path('p/zero.jsonl')] });
    expect(named.issues.not_a_file?.count).toBe(2);
    expect(sums(db).n).toBe(1);
  });
});

describe('lines that cannot be parsed in bounded time', () => {
  it('passes over a 64 MB line holding "usage" without holding it, and reads on', () => {
    const logs = logRoot();
    const file = logs.path('p/s.jsonl');
    mkdirSync(logs.path('p'), { recursive: true });
    const fd = openSync(file, 'w');
    writeSync(fd, '{"type":"assistant","message":{"usage":{');
    const chunk = Buffer.from('"k":1,'.repeat(1 << 16));
    for (let i = 0; i < 170; i++) writeSync(fd, chunk);
    writeSync(fd, '"z":1}}}\n' + JSON.stringify(assistant({ id: 'msg_after', ts: TS, usage: { output: 5 } })) + '\n');
    closeSync(fd);
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(r.issues.line_too_long).toEqual({ count: 1, example: `${file}:1` });
    expect(sums(db)).toMatchObject({ n: 1, output: 5 });
  });
});

describe('lists that would be quadratic to merge', () => {
  it('keeps at most 64 tool names of a response calling 90,000 distinct tools', () => {
    const logs = logRoot();
    const rec = assistant({ id: 'msg_tools', ts: TS, usage: { output: 1 } }) as { message: { content: unknown[] } };
    rec.message.content = Array.from({ length: 90_000 }, (_, i) => ({ type: 'tool_use', name: `t${i}` }));
    const again = assistant({ id: 'msg_tools', ts: TS, usage: { output: 2 } }) as { message: { content: unknown[] } };
    again.message.content = Array.from({ length: 90_000 }, (_, i) => ({ type: 'tool_use', name: `u${i}` }));
    logs.write('p/s.jsonl', jsonl([rec, again]));
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const tools = (db.prepare('SELECT tools FROM responses').pluck().get() as string).split(',');
    expect(tools).toHaveLength(64);
    expect(tools[0]).toBe('t0');
  });
});

describe('the same response id with two models', () => {
  it('keeps the same model whatever order the files are read in, and counts the conflict', () => {
    const write = (first: string, second: string) => {
      const logs = logRoot();
      logs.write(`p/${first}.jsonl`, jsonl([assistant({ id: 'msg_X', ts: TS, model: 'claude-sonnet-4-5', usage: { output: 9 } })]));
      logs.write(`p/${second}.jsonl`, jsonl([assistant({ id: 'msg_X', ts: TS, model: 'claude-opus-4-5', usage: { output: 9 } })]));
      return logs;
    };
    const models = [write('a', 'b'), write('b', 'a')].map((logs) => {
      const db = openDb(tempDb());
      const r = scan(db, { env: logs.env });
      expect(r.issues.model_conflict?.count).toBe(1);
      return db.prepare('SELECT model FROM responses').pluck().get();
    });
    expect(models).toEqual(['claude-opus-4-5', 'claude-opus-4-5']);

    // Across scans too: the stored row follows the same rule.
    for (const order of [['claude-opus-4-5', 'claude-sonnet-4-5'], ['claude-sonnet-4-5', 'claude-opus-4-5']]) {
      const logs = logRoot();
      const db = openDb(tempDb());
      for (const [i, model] of order.entries()) {
        logs.write(`p/${i}.jsonl`, jsonl([assistant({ id: 'msg_Y', ts: TS, model, usage: { output: 9 } })]));
        scan(db, { env: logs.env });
      }
      expect(db.prepare('SELECT model FROM responses').pluck().get()).toBe('claude-opus-4-5');
      expect(db.prepare('SELECT model FROM usage_rollup').pluck().all()).toEqual(['claude-opus-4-5']);
    }
  });
});

describe('links in the log tree', () => {
  it('follows a linked folder elsewhere, but not one that holds the log folder itself, and walks 16 levels at most', () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', jsonl([assistant({ id: 'msg_1', ts: TS, usage: { output: 1 } })]));
    symlinkSync('/', logs.path('p/everything'));
    symlinkSync(logs.root, logs.path('up'));
    const outside = logRoot();
    outside.write('q/t.jsonl', jsonl([assistant({ id: 'msg_2', ts: TS, usage: { output: 1 } })]));
    symlinkSync(outside.path('q'), logs.path('elsewhere'));
    symlinkSync(logs.path('p'), logs.path('again'));
    const deep = Array.from({ length: 17 }, (_, i) => `d${i}`).join('/');
    logs.write(`${deep}/far.jsonl`, jsonl([assistant({ id: 'msg_3', ts: TS, usage: { output: 1 } })]));
    const db = openDb(tempDb());
    const r = scan(db, { env: logs.env });
    expect(r.issues.link_to_parent?.count).toBe(2);
    expect(r.issues.too_deep).toEqual({ count: 1, example: logs.path(deep) });
    expect(db.prepare('SELECT key FROM responses ORDER BY key').pluck().all()).toEqual(['msg_1', 'msg_2']);
  });
});

describe('surfaces on hostile logs', () => {
  it('a status line whose transcript is a FIFO prints its line at once', async () => {
    const logs = logRoot();
    execFileSync('mkfifo', [logs.path('fifo.jsonl')]);
    const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-11-18T12:00:00Z', TZ: 'UTC' });
    // Opening the FIFO would block for good: the test's own timeout catches a hang.
    const r = await runAsync(['statusline'], env, JSON.stringify({ session_id: 's', transcript_path: logs.path('fifo.jsonl') }));
    expect(r.stdout).toMatch(/^runway \$0\.00 today/);
  });

  it('status, today and check print plain figures, never a stack trace, on absurd counts and a negative cost', async () => {
    const logs = logRoot();
    logs.write('p/s.jsonl', [
      raw('msg_1', { input_tokens: 1e308, output_tokens: 1e308 }),
      raw('msg_2', { input_tokens: 1e308, output_tokens: 100_000 }, { costUSD: -100 }),
    ].join('\n') + '\n');
    const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-11-18T12:00:00Z', TZ: 'UTC' });
    mkdirSync(join(env.XDG_CONFIG_HOME!, 'runway'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME!, 'runway', 'config.json'), JSON.stringify({ timezone: 'UTC', monthly_budget: 10, prices: TEST_PRICES }));
    const [status, today, check] = await Promise.all([runAsync(['status', '--json'], env), runAsync(['today', '--json'], env), runAsync(['check', '--json'], env)]);
    for (const r of [status, today, check]) expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(JSON.parse(status.stdout).spentToDate).toBeCloseTo(1, 9);
    expect(JSON.parse(today.stdout).totals.totalCost).toBeCloseTo(1, 9);
    expect(JSON.parse(check.stdout)).toMatchObject({ exitCode: 0, spentToDate: 1 });
  });
});
