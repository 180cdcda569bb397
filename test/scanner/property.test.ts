// Generated hostile logs, changed in place between scans: whatever the bytes, a scan never
// throws, every route answers with finite figures, and the database holds exactly what a
// fresh scan of every version of every file holds (Runway keeps what it has read).
import { afterAll, describe, expect, it } from 'vitest';
import { PROMPT_BANDS } from '../../core/pricing.js';
import fc from 'fast-check';
import { appendFileSync, mkdirSync, truncateSync, utimesSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { assistant, logRoot, tempDb } from '../helpers/logs.js';
import { build, FIGURE_ROUTES, HOST, numbersIn } from '../helpers/app.js';

const NOW = Date.parse('2026-11-18T12:00:00Z');
// Old enough that every file counts as settled: a last line without a newline is read.
const EPOCH = Date.parse('2000-01-01T00:00:00Z');
const FILES = ['p/a.jsonl', 'p/b.jsonl', 'p/a/subagents/agent-acompact-1.jsonl'];

/**
 * A response: its facts follow from its id, so the same id anywhere is the same response,
 * and only the output differs between its streamed lines (the largest is the final one).
 */
const response = fc.record({ id: fc.integer({ min: 1, max: 40 }), output: fc.integer({ min: 1, max: 1_000_000_000 }), parts: fc.integer({ min: 1, max: 3 }) });

const absurdNumber = fc.oneof(
  fc.constantFrom(5e18, 1e308, -1, -100, 0.5, 12.25, 1_000_000_001, Number.MAX_SAFE_INTEGER, 2 ** 63),
  fc.double({ noNaN: true }),
  fc.integer({ min: -1e9, max: 1e12 }),
);
const absurdValue = fc.oneof(absurdNumber, fc.string(), fc.constant(null), fc.boolean(), fc.constant({ deep: [[[1]]] }), fc.constantFrom('12', '1e3', '-4', 'NaN'));
const badTimestamp = fc.constantFrom('+010000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', 'yesterday', '', '2026-13-45T99:00:00Z', 12345);

/** A hostile record: its own id, so it never ties with a real response. */
const hostile = fc.oneof(
  fc.record({ field: fc.constantFrom('input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'), value: absurdValue })
    .map(({ field, value }) => line(named(field, value), { [field]: value })),
  absurdValue.map((cost) => line(named('cost', cost), {}, { costUSD: cost })),
  badTimestamp.map((ts) => line(named('ts', ts), {}, { timestamp: ts })),
  fc.integer({ min: 1, max: 2000 }).map((depth) => `{"type":"assistant","message":{"usage":${'['.repeat(depth)}${']'.repeat(depth)}}}`),
  fc.integer({ min: 1, max: 1000 }).map((n) => line(`nul_${n}`, {}, { cwd: `/home/\u0000${n}` })),
  fc.string({ maxLength: 80 }),
  fc.constant('{"type":"assistant","message":{"id":"msg_cut","usage":{"input_tokens":1,'),
);

/** Raw bytes: invalid UTF-8, NULs, bare carriage returns. */
const bytes = fc.uint8Array({ minLength: 1, maxLength: 60 }).map((b) => Buffer.from(b).filter((x) => x !== 0x0a));

function line(id: string, usage: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  const rec = assistant({ id, requestId: `req_${id}`, uuid: `u-${id}`, ts: '2026-11-10T10:00:00Z', model: 'claude-test-1', usage: { output: 3 } }) as { message: { usage: Record<string, unknown> } };
  Object.assign(rec.message.usage, usage);
  return JSON.stringify({ ...rec, ...top });
}

/** An id named by what a hostile line holds: the same id is always the same line. */
const named = (kind: string, value: unknown) => `${kind}_${createHash('sha1').update(JSON.stringify(value) ?? 'undefined').digest('hex').slice(0, 12)}`;

const MODELS = ['claude-test-1', 'claude-unknown-9', 'claude-sonnet-4-5'];

function responseLines({ id, output, parts }: { id: number; output: number; parts: number }): string[] {
  const ts = new Date(Date.parse('2026-11-01T00:00:00Z') + ((id * 7919) % (60 * 24 * 20)) * 60_000).toISOString();
  const usage = (out: number) => ({ input: (id * 104_729) % 2_000_000, output: out, cacheRead: (id * 31) % 300_000, cw1h: (id * 17) % 5000 });
  const base = { id: `msg_${id}`, requestId: `req_${id}`, uuid: `u-${id}`, ts, model: MODELS[id % 3], session: `s-${id % 5}`, entrypoint: id % 4 ? 'cli' : 'sdk-cli', cwd: `/home/dev/p${id % 3}` };
  return Array.from({ length: parts }, (_, i) => JSON.stringify(assistant({ ...base, usage: usage(i === parts - 1 ? output : Math.min(output, 2)) })));
}

const contentLines = fc
  .array(fc.oneof({ weight: 3, arbitrary: response.map(responseLines) }, { weight: 1, arbitrary: hostile.map((l) => [l]) }, { weight: 1, arbitrary: bytes.map((b) => [b]) }), { maxLength: 12 })
  .map((groups) => groups.flat().map((l) => (typeof l === 'string' ? Buffer.from(l) : Buffer.from(l))));

/** Lines joined as a writer joins them. */
const joined = (lines: Buffer[], newline: boolean) => Buffer.concat([...lines.flatMap((l, i) => (i ? [Buffer.from('\n'), l] : [l])), Buffer.from(newline && lines.length ? '\n' : '')]);

const op = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), file: fc.nat(FILES.length - 1), lines: contentLines, newline: fc.boolean() }),
  fc.record({ kind: fc.constant('truncate' as const), file: fc.nat(FILES.length - 1), cut: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('rewrite' as const), file: fc.nat(FILES.length - 1), lines: contentLines }),
);

type Op = { kind: 'append'; file: number; lines: Buffer[]; newline: boolean } | { kind: 'truncate'; file: number; cut: number } | { kind: 'rewrite'; file: number; lines: Buffer[] };

const apps: FastifyInstance[] = [];
afterAll(async () => {
  while (apps.length) await apps.pop()!.close();
});

const ROWS = `SELECT key, model, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens,
  web_search_requests, cost_usd, session_id, project, entrypoint, origin FROM responses ORDER BY key`;
const ROLLUP = `SELECT agent, model, project, entrypoint, prompt_band, us_only, sum(responses) AS n, sum(input_tokens) AS i, sum(output_tokens) AS o,
  sum(cache_write_5m_tokens) AS w5, sum(cache_write_1h_tokens) AS w1, sum(cache_read_tokens) AS r FROM usage_rollup
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(responses) > 0 ORDER BY 1, 2, 3, 4, 5, 6`;
// The prompt band computed here from the raw counts, not read from the generated column.
const FROM_ROWS = `SELECT agent, coalesce(model, '') AS model, coalesce(project, '') AS project, coalesce(entrypoint, '') AS entrypoint,
  CASE ${[...PROMPT_BANDS].reverse().map((t) => `WHEN input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens > ${t} THEN ${t}`).join(' ')} ELSE 0 END AS prompt_band,
  coalesce(inference_geo = 'us', 0) AS us_only,
  count(*) AS n, sum(input_tokens) AS i, sum(output_tokens) AS o, sum(cache_write_5m_tokens) AS w5,
  sum(cache_write_1h_tokens) AS w1, sum(cache_read_tokens) AS r FROM responses GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;

async function check(ops: Op[]): Promise<void> {
  const live = logRoot();
  const db = openDb(tempDb());
  // Every version each file has had, for the reference scan.
  const versions: Buffer[][] = FILES.map(() => []);
  let step = 0;
  for (const o of ops) {
    const path = live.path(FILES[o.file]!);
    mkdirSync(dirname(path), { recursive: true });
    let exists = true;
    try {
      statSync(path);
    } catch {
      exists = false;
    }
    if (o.kind === 'append') {
      appendFileSync(path, joined(o.lines, o.newline));
    } else if (o.kind === 'truncate') {
      if (!exists) continue;
      truncateSync(path, Math.max(0, statSync(path).size - o.cut));
    } else {
      // In place: the same inode, new bytes.
      writeFileSync(path, joined(o.lines, true));
    }
    const t = new Date(EPOCH + ++step * 1000);
    utimesSync(path, t, t);
    versions[o.file]!.push(readFileSync(path));
    expect(() => scan(db, { env: live.env })).not.toThrow();
  }

  const fresh = logRoot();
  FILES.forEach((f, i) => {
    if (!versions[i]!.length) return;
    fresh.write(f, Buffer.concat(versions[i]!.flatMap((v) => [v, Buffer.from('\n')])));
    utimesSync(fresh.path(f), new Date(EPOCH), new Date(EPOCH));
  });
  const reference = openDb(tempDb());
  scan(reference, { env: fresh.env });

  expect(db.prepare(ROWS).all()).toEqual(reference.prepare(ROWS).all());
  expect(db.prepare(ROLLUP).all()).toEqual(db.prepare(FROM_ROWS).all());
  await answers(db);
}

async function answers(db: Db): Promise<void> {
  const app = await build({ db, now: () => NOW, config: { monthly_budget: 100 } });
  apps.push(app);
  for (const url of FIGURE_ROUTES) {
    const res = await app.inject({ url, headers: HOST });
    expect(res.statusCode, url).toBe(200);
    for (const [where, v] of numbersIn(res.json())) expect(Number.isFinite(v), `${url} ${where}`).toBe(true);
  }
  await app.close();
  apps.pop();
}

describe('hostile logs, property-based', () => {
  it('a scan never throws, every route answers with finite figures, and totals equal a fresh scan of the same bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), check), { numRuns: 80, seed: 20261201 });
  }, 300_000);
});
