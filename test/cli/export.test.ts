// `runway export`: one row per response with its final usage and the report's price, CSV that
// parses back, JSON that says the same, filters on local days, and output streamed in
// constant memory (a 40 MB heap exports 200k responses).
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assistant, jsonl, logRoot, SECRET } from '../helpers/logs.js';
import { CLI, cliEnv, run } from '../helpers/cli.js';
import { openDb } from '../../store/db.js';

const COLUMNS = [
  'timestamp', 'date', 'session_id', 'project', 'model', 'entrypoint', 'agent_id', 'sidechain',
  'input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens',
  'web_search_requests', 'speed', 'cost_usd', 'cost_source', 'unpriced_reason', 'message_id', 'request_id', 'agent',
  'reasoning_tokens', 'premium_requests',
];

// A project path that needs every kind of CSV quoting: comma, quote and a line break.
const ODD = '/home/dev/a,"quoted"\napp';
const WEB = '/home/dev/web';
const OPUS = 'claude-opus-4-5-20251101';
const SONNET = 'claude-sonnet-4-5-20250929';
const HAIKU = 'claude-haiku-4-5-20251001';
const MYSTERY = 'claude-mystery-9';
// $5/$25 per MTok opus, $3/$15 sonnet, $1/$5 haiku: 1,000 input + 1,000 output tokens each.
const THOUSAND = { input: 1000, output: 1000 };

function fixture() {
  const logs = logRoot();
  logs.write('-home-dev-a/sess-a.jsonl', jsonl([
    // Streamed: one line per content block; the last holds the final usage.
    assistant({ id: 'msg_1', requestId: 'req_1', ts: '2026-08-24T18:20:00.000Z', session: 'sess-a', cwd: ODD, model: OPUS, usage: { input: 1000, output: 1 } }),
    assistant({ id: 'msg_1', requestId: 'req_1', ts: '2026-08-24T18:20:00.000Z', session: 'sess-a', cwd: ODD, model: OPUS, usage: { ...THOUSAND, cw5m: 1000, cw1h: 1000, cacheRead: 10_000 } }),
    assistant({ id: 'msg_2', requestId: 'req_2', ts: '2026-08-24T18:40:00.000Z', session: 'sess-a', cwd: ODD, model: OPUS, usage: THOUSAND, costUSD: 0.5 }),
  ]));
  logs.write('-home-dev-a/sess-a/subagents/agent-abc.jsonl', jsonl([
    assistant({ id: 'msg_3', requestId: 'req_3', ts: '2026-08-24T18:30:00.000Z', session: 'sess-a', cwd: ODD, model: HAIKU, sidechain: true, agentId: 'abc', usage: { ...THOUSAND, webSearch: 2 } }),
  ]));
  logs.write('-home-dev-web/sess-b.jsonl', jsonl([
    assistant({ id: 'msg_4', requestId: 'req_4', ts: '2026-08-25T09:00:00.000Z', session: 'sess-b', cwd: WEB, model: SONNET, entrypoint: 'sdk-ts', usage: THOUSAND }),
    assistant({ id: 'msg_5', requestId: 'req_5', ts: '2026-08-25T09:05:00.000Z', session: 'sess-b', cwd: WEB, model: MYSTERY, entrypoint: 'sdk-ts', usage: { input: 100, output: 200 } }),
  ]));
  return cliEnv({ CLAUDE_CONFIG_DIR: logs.root });
}

const base = { agent: 'claude-code', reasoning_tokens: '0', premium_requests: '0', agent_id: '', sidechain: 'false', cache_write_5m_tokens: '0', cache_write_1h_tokens: '0', cache_read_tokens: '0', web_search_requests: '0', speed: 'standard', unpriced_reason: '' };
// Sorted by timestamp; dates in Asia/Kolkata (UTC+5:30), where 18:30Z is midnight.
const EXPECTED = [
  { ...base, timestamp: '2026-08-24T18:20:00.000Z', date: '2026-08-24', session_id: 'sess-a', project: ODD, model: OPUS, entrypoint: 'cli', input_tokens: '1000', output_tokens: '1000', cache_write_5m_tokens: '1000', cache_write_1h_tokens: '1000', cache_read_tokens: '10000', cost: 0.05125, cost_source: 'calculated', message_id: 'msg_1', request_id: 'req_1' },
  { ...base, timestamp: '2026-08-24T18:30:00.000Z', date: '2026-08-25', session_id: 'sess-a', project: ODD, model: HAIKU, entrypoint: 'cli', agent_id: 'abc', sidechain: 'true', input_tokens: '1000', output_tokens: '1000', web_search_requests: '2', cost: 0.001 + 0.005 + 0.02, cost_source: 'calculated', message_id: 'msg_3', request_id: 'req_3' },
  { ...base, timestamp: '2026-08-24T18:40:00.000Z', date: '2026-08-25', session_id: 'sess-a', project: ODD, model: OPUS, entrypoint: 'cli', input_tokens: '1000', output_tokens: '1000', cost: 0.5, cost_source: 'logged', message_id: 'msg_2', request_id: 'req_2' },
  { ...base, timestamp: '2026-08-25T09:00:00.000Z', date: '2026-08-25', session_id: 'sess-b', project: WEB, model: SONNET, entrypoint: 'sdk-ts', input_tokens: '1000', output_tokens: '1000', cost: 0.018, cost_source: 'calculated', message_id: 'msg_4', request_id: 'req_4' },
  { ...base, timestamp: '2026-08-25T09:05:00.000Z', date: '2026-08-25', session_id: 'sess-b', project: WEB, model: MYSTERY, entrypoint: 'sdk-ts', input_tokens: '100', output_tokens: '200', cost: null, cost_source: '', unpriced_reason: `no price for model ${MYSTERY}`, message_id: 'msg_5', request_id: 'req_5' },
];

/** RFC 4180, deliberately independent of the implementation: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  expect(field === '' && row.length === 0, 'the file ends with CRLF').toBe(true);
  return rows;
}

function csvRecords(args: string[], env: Record<string, string>): Record<string, string>[] {
  const r = run(['export', '--format', 'csv', '--tz', 'Asia/Kolkata', ...args], env);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).not.toContain(SECRET);
  const [head, ...rows] = parseCsv(r.stdout);
  expect(head).toEqual(COLUMNS);
  for (const row of rows) expect(row).toHaveLength(COLUMNS.length);
  return rows.map((row) => Object.fromEntries(COLUMNS.map((c, i) => [c, row[i]!])));
}

const ids = (rows: Record<string, string>[]) => rows.map((r) => r.message_id);

describe('runway export', () => {
  it('writes one CSV row per response, final usage, priced as reports price it, sorted by time', () => {
    const env = fixture();
    const rows = csvRecords([], env);
    expect(rows).toHaveLength(EXPECTED.length);
    rows.forEach((row, i) => {
      const { cost, ...text } = EXPECTED[i]!;
      const { cost_usd, ...rest } = row;
      expect(rest, text.message_id).toEqual(text);
      if (cost === null) expect(cost_usd).toBe('');
      else expect(Number(cost_usd)).toBeCloseTo(cost, 10);
    });
    // The same money as `runway daily`, day by day.
    const daily = JSON.parse(run(['daily', '--json', '--tz', 'Asia/Kolkata', '--no-scan'], env).stdout);
    for (const day of daily.daily) {
      const sum = rows.filter((r) => r.date === day.date).reduce((s, r) => s + Number(r.cost_usd || 0), 0);
      expect(sum, day.date).toBeCloseTo(day.totalCost, 10);
    }
  });

  it('writes a JSON array holding the same rows, with numbers, booleans and nulls', () => {
    const env = fixture();
    const csv = csvRecords([], env);
    const r = run(['export', '--format', 'json', '--tz', 'Asia/Kolkata', '--no-scan'], env);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    // One object per line, between the brackets.
    expect(r.stdout.split('\n')).toHaveLength(rows.length + 3);
    expect(rows.map((o) => Object.keys(o))).toEqual(rows.map(() => COLUMNS));
    rows.forEach((o, i) => {
      const asText = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? '' : String(v)]));
      expect(asText).toEqual(csv[i]);
    });
    expect(rows[1]).toMatchObject({ sidechain: true, agent_id: 'abc', input_tokens: 1000, web_search_requests: 2 });
    expect(rows[4]).toMatchObject({ cost_usd: null, cost_source: null, unpriced_reason: `no price for model ${MYSTERY}` });
    // An empty selection is still a valid array.
    const none = run(['export', '--format', 'json', '--no-scan', '--until', '2000-01-01'], env);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it('selects local days in --tz, --project and --scope exactly', () => {
    const env = fixture();
    const sel = (...args: string[]) => ids(csvRecords(args, env));
    // Midnight in Kolkata is 18:30Z: msg_1 (18:20Z) is the 24th there, msg_3 (18:30Z) the 25th.
    expect(sel('--until', '2026-08-24')).toEqual(['msg_1']);
    expect(sel('--since', '2026-08-25')).toEqual(['msg_3', 'msg_2', 'msg_4', 'msg_5']);
    expect(sel('--since', '2026-08-25', '--until', '2026-08-25', '--project', 'quoted')).toEqual(['msg_3', 'msg_2']);
    expect(ids(csvRecords(['--tz', 'UTC', '--since', '2026-08-25'], env))).toEqual(['msg_4', 'msg_5']);
    expect(sel('--project', 'web')).toEqual(['msg_4', 'msg_5']);
    expect(sel('--scope', 'programmatic')).toEqual(['msg_4', 'msg_5']);
    expect(sel('--scope', 'interactive')).toEqual(['msg_1', 'msg_3', 'msg_2']);
    expect(sel('--since', '2026-08-26')).toEqual([]);
  });

  it('prices with --cost-mode: calculate ignores a logged cost, display uses only that', () => {
    const env = fixture();
    const calc = csvRecords(['--cost-mode', 'calculate'], env).find((r) => r.message_id === 'msg_2')!;
    expect(Number(calc.cost_usd)).toBeCloseTo(0.03, 10);
    expect(calc.cost_source).toBe('calculated');
    const display = csvRecords(['--cost-mode', 'display', '--no-scan'], env);
    expect(display.map((r) => r.cost_usd)).toEqual(['', '', '0.5', '', '']);
    expect(display[0]!.unpriced_reason).toBe('no cost in the log (cost mode "display")');
  });

  it('writes --output FILE and names it in a one-line summary', () => {
    const env = fixture();
    const file = join(mkdtempSync(join(tmpdir(), 'runway-export-')), 'usage.csv');
    const r = run(['export', '--format', 'csv', '--output', file, '--tz', 'Asia/Kolkata'], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`Wrote 5 responses to ${file} (CSV, all dates, Asia/Kolkata)\n`);
    expect(parseCsv(readFileSync(file, 'utf8'))).toHaveLength(6);
  });

  it('refuses a bad --format, a missing one and an unwritable --output with one line and exit 2', () => {
    const env = fixture();
    const cases: [string[], string][] = [
      [['--format', 'xml'], 'runway: --format "xml": expected csv or json\n'],
      [[], 'runway: --format is required: expected csv or json\n'],
      [['--format', 'csv', '--output', '/nonexistent-dir/usage.csv'], "runway: --output /nonexistent-dir/usage.csv: cannot write it: ENOENT: no such file or directory, open '/nonexistent-dir/usage.csv'\n"],
      [['--format', 'csv', '--since', '2026-02-30'], 'runway: --since "2026-02-30": expected a date YYYY-MM-DD or YYYYMMDD\n'],
    ];
    for (const [args, message] of cases) {
      const r = run(['export', ...args], env);
      expect(r.stderr).toBe(message);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});

describe('runway export, streamed', () => {
  const ROWS = 200_000;

  /** A database of ROWS responses, written in one statement (a JS loop would take longer than the export). */
  function bigDb(): string {
    const path = join(mkdtempSync(join(tmpdir(), 'runway-export-big-')), 'usage.db');
    const db = openDb(path);
    db.prepare(`WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < @rows - 1)
      INSERT INTO responses (key, agent, message_id, request_id, ts, session_id, sidechain, project, entrypoint, model,
        input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, web_search_requests, origin)
      SELECT 'msg_' || n, 'test', 'msg_' || n, 'req_' || n, @start + n * 10000, 'sess-' || (n / 200), 0,
        '/home/dev/project-' || (n % 7), 'cli', iif(n % 50 = 0, 'claude-mystery-9', 'claude-sonnet-4-5-20250929'),
        10, 200, 300, 0, 5000, 0, 3 FROM i`).run({ rows: ROWS, start: Date.parse('2026-09-01T00:00:00Z') });
    db.close();
    return path;
  }

  it('exports 200k responses within a 40 MB heap, to stdout, and stops quietly when the reader leaves', async () => {
    const db = bigDb();
    const env = cliEnv();
    // Builds the price cache outside the memory limit, as any earlier run would have.
    expect(run(['export', '--format', 'csv', '--db', db, '--no-scan', '--until', '2000-01-01'], env).status).toBe(0);

    const outFile = join(mkdtempSync(join(tmpdir(), 'runway-export-out-')), 'out.csv');
    const fd = openSync(outFile, 'w');
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=40', CLI, 'export', '--format', 'csv', '--db', db, '--no-scan', '--tz', 'UTC'],
      { env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    const fullRunMs = Date.now() - started;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const text = readFileSync(outFile, 'utf8');
    expect(text.split('\r\n')).toHaveLength(ROWS + 2);
    expect(text.slice(-200)).toContain(`msg_${ROWS - 1},req_${ROWS - 1},test,0,0\r\n`);

    // `runway export | head`: the pipe closes after the first chunk; no EPIPE stack, exit 0,
    // and it stops there rather than reading every row for nobody.
    const headStarted = Date.now();
    const child = spawn(process.execPath, [CLI, 'export', '--format', 'json', '--db', db, '--no-scan'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(Date.now() - headStarted).toBeLessThan(fullRunMs / 2);
  }, 90_000);
});
