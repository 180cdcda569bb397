// Claude Code's budget_usd records against Runway's prices. The sessions are generated with
// their own rate table, written out here from the published prices (not Runway's), so the
// check agrees only if Runway's table and every rule it applies are right.
import { describe, expect, it } from 'vitest';
import { openDb } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { ledgerCheck } from '../../figures/ledger.js';
import { loadPriceTable } from '../../core/price-source.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assistant, budgetUsd, jsonl, logRoot, tempDb, user, type Usage } from '../helpers/logs.js';

// Dollars per million tokens: input, output, 5-minute write, 1-hour write, cache read.
type Rates = [number, number, number, number, number];
const RATES: Record<string, (day: string, prompt: number) => Rates> = {
  'claude-opus-5-5': () => [4, 20, 5, 8, 0.2],
  'claude-sonnet-5-5': (day) => [2, 10, 2.5, 4, day < '2026-10-07' ? 0.2 : 0.1],
  'claude-haiku-5-5': (_day, prompt) => (prompt > 100_000 ? [0.5, 2.5, 0.625, 1, 0.05] : [0.1, 0.5, 0.125, 0.2, 0.01]),
  'claude-fable-5-1': () => [10, 50, 12.5, 20, 0.25],
};
const MODELS = Object.keys(RATES);

function handPrice(model: string, ts: string, u: Required<Pick<Usage, 'input' | 'output' | 'cw5m' | 'cw1h' | 'cacheRead' | 'webSearch'>>, us: boolean): number {
  const prompt = u.input + u.cw5m + u.cw1h + u.cacheRead;
  const [i, o, w5, w1, r] = RATES[model]!(ts.slice(0, 10), prompt);
  const tokens = (u.input * i + u.output * o + u.cw5m * w5 + u.cw1h * w1 + u.cacheRead * r) / 1e6;
  return tokens * (us ? 1.1 : 1) + u.webSearch * 0.01;
}

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return a / 2 ** 31;
  };
}

interface Written {
  logs: ReturnType<typeof logRoot>;
  checkpoints: number;
  /** The last record's figure per session. */
  final: Map<string, number>;
}

/** Sessions of this quarter's models, each response followed by Claude Code's running total. */
function writeSessions(sessions: number, mutate?: (session: number, turn: number, used: number) => number): Written {
  const logs = logRoot();
  const random = rng(7);
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  let checkpoints = 0;
  const final = new Map<string, number>();
  for (let s = 0; s < sessions; s++) {
    const session = `sess-${s}`;
    let t = Date.parse('2026-10-01T09:00:00Z') + s * 4 * 86_400_000;
    const lines: Record<string, unknown>[] = [user(new Date(t).toISOString(), 'start', session)];
    const sub: Record<string, unknown>[] = [];
    let used = 0;
    const turns = 3 + Math.floor(random() * 5);
    for (let turn = 0; turn < turns; turn++) {
      t += 60_000 + Math.floor(random() * 600_000);
      const model = pick(MODELS);
      const big = random() < 0.3;
      const usage = {
        input: 1 + Math.floor(random() * 3000),
        output: 50 + Math.floor(random() * 6000),
        cw5m: Math.floor(random() * 20_000),
        cw1h: random() < 0.5 ? Math.floor(random() * 30_000) : 0,
        cacheRead: big ? 100_000 + Math.floor(random() * 40_000) : Math.floor(random() * 60_000),
        webSearch: random() < 0.2 ? 1 + Math.floor(random() * 3) : 0,
      };
      const us = random() < 0.3;
      const ts = new Date(t).toISOString();
      const id = `msg_${s}_${turn}`;
      const rec = (output: number) => assistant({ id, requestId: `req_${s}_${turn}`, ts, model, session, usage: { ...usage, output, geo: us ? 'us' : 'global' } });
      // Some responses run in a subagent's own file, under the parent's session id.
      const into = random() < 0.25 ? sub : lines;
      // Streamed as several lines, an early one with a partial output count.
      into.push(rec(Math.min(3, usage.output)), rec(usage.output));
      used += handPrice(model, ts, usage, us);
      const written = mutate ? mutate(s, turn, used) : used;
      lines.push(budgetUsd(new Date(t + 2000).toISOString(), written, session));
      checkpoints++;
      final.set(session, written);
    }
    logs.write(`-home-dev-api/${session}.jsonl`, jsonl(lines));
    if (sub.length) logs.write(`-home-dev-api/${session}/subagents/agent-a${s}.jsonl`, jsonl(sub.map((r) => ({ ...r, isSidechain: true, agentId: `a${s}` }))));
  }
  return { logs, checkpoints, final };
}

const NOW = Date.parse('2026-12-01T00:00:00Z');

async function check(w: Written) {
  const db = openDb(tempDb());
  const report = scan(db, { env: w.logs.env });
  const pricing = { table: await loadPriceTable({ cacheDir: join(mkdtempSync(join(tmpdir(), 'runway-cache-')), 'c') }), mode: 'auto' as const };
  return { report, result: ledgerCheck(db, pricing, 0, NOW), db };
}

describe("Claude Code's own ledger", () => {
  it('agrees within 0.01% on every record of generated sessions of this quarter’s models and rules', async () => {
    const w = writeSessions(14);
    const { result, report } = await check(w);
    expect(report.issues).toEqual({});
    expect(w.checkpoints).toBeGreaterThan(50);
    expect(result.checkpoints).toBe(w.checkpoints);
    expect(result.sessions).toBe(14);
    expect(result.agreeing).toBe(w.checkpoints);
    expect(result.disagreements).toEqual([]);
    expect(result.worst).toBeLessThan(1e-9);
    expect(result.note).toBe(`Claude Code's own figures agree within 0.01% over ${w.checkpoints} checkpoints`);
  });

  it('names the session, its models and the difference where a record disagrees', async () => {
    // Session 2's third record is 1% above what its responses cost.
    const w = writeSessions(4, (s, turn, used) => (s === 2 && turn === 2 ? used * 1.01 : used));
    const { result } = await check(w);
    expect(result.checkpoints).toBe(w.checkpoints);
    expect(result.agreeing).toBe(w.checkpoints - 1);
    expect(result.disagreements).toHaveLength(1);
    const d = result.disagreements[0]!;
    expect(d.sessionId).toBe('sess-2');
    expect(d.difference).toBeCloseTo(1 / 1.01 - 1, 9);
    expect(d.runwayUsd * 1.01).toBeCloseTo(d.claudeCodeUsd, 9);
    expect(d.models.length).toBeGreaterThan(0);
    for (const m of d.models) expect(MODELS).toContain(m);
    expect(result.note).toMatch(new RegExp(`^Claude Code's own figures differ on 1 of ${w.checkpoints} checkpoints; most in session sess-2 \\(.+\\): Runway −0\\.99%$`));
  });

  it('counts a record copied into a compacted file once', async () => {
    const w = writeSessions(1);
    const [session] = [...w.final.keys()];
    const original = readFileSync(w.logs.path(`-home-dev-api/${session}.jsonl`), 'utf8');
    const records = original.split('\n').filter((l) => l.includes('"budget_usd"'));
    expect(records).toHaveLength(w.checkpoints);
    w.logs.write(`-home-dev-api/${session}/subagents/agent-acompact-1.jsonl`, records.join('\n') + '\n');
    const { result, db } = await check(w);
    expect(db.prepare('SELECT count(*) FROM ledger WHERE session_id = ?').pluck().get(session)).toBe(w.checkpoints);
    expect(result).toMatchObject({ checkpoints: w.checkpoints, agreeing: w.checkpoints });
  });

  it('does not compare a record that follows unpriced usage, and says so', async () => {
    const logs = logRoot();
    logs.write('-p/s.jsonl', jsonl([
      assistant({ id: 'msg_a', ts: '2026-11-02T10:00:00.000Z', model: 'claude-opus-5-5', usage: { input: 1000, output: 1000 } }),
      budgetUsd('2026-11-02T10:00:01.000Z', (1000 * 4 + 1000 * 20) / 1e6),
      assistant({ id: 'msg_b', ts: '2026-11-02T10:01:00.000Z', model: 'claude-unknown-9', usage: { input: 1000, output: 1000 } }),
      budgetUsd('2026-11-02T10:01:01.000Z', 0.5),
    ]));
    const { result } = await check({ logs, checkpoints: 2, final: new Map() });
    expect(result).toMatchObject({ checkpoints: 1, agreeing: 1, unpriced: 1 });
    expect(result.note).toBe("Claude Code's own figures agree within 0.01% over 1 checkpoint (1 not compared: unpriced usage)");
  });

  it('skips a record whose figure is not a dollar amount, with its file and line', async () => {
    const logs = logRoot();
    const bad = [-1, '0.5', null, 1e300, { v: 1 }, Number.NaN];
    logs.write('-p/s.jsonl', jsonl([
      assistant({ id: 'msg_a', ts: '2026-11-02T10:00:00.000Z', model: 'claude-opus-5-5', usage: { input: 1000, output: 1000 } }),
      ...bad.map((used) => budgetUsd('2026-11-02T10:00:01.000Z', used)),
      budgetUsd('not a time', 0.024),
    ]));
    const { result, report } = await check({ logs, checkpoints: 0, final: new Map() });
    expect(result).toMatchObject({ checkpoints: 0, note: null });
    expect(report.issues.bad_field).toEqual({ count: bad.length, example: `${logs.path('-p/s.jsonl')}:2` });
    expect(report.issues.missing_timestamp?.count).toBe(1);
  });

  it('against a record of $0, a cost is a 100% difference, never an infinite one', async () => {
    const logs = logRoot();
    logs.write('-p/s.jsonl', jsonl([
      budgetUsd('2026-11-02T09:59:00.000Z', 0),
      assistant({ id: 'msg_a', ts: '2026-11-02T10:00:00.000Z', model: 'claude-opus-5-5', usage: { input: 1000, output: 1000 } }),
      budgetUsd('2026-11-02T10:00:01.000Z', 0),
    ]));
    const { result } = await check({ logs, checkpoints: 2, final: new Map() });
    expect(result).toMatchObject({ checkpoints: 2, agreeing: 1, worst: 1 });
    expect(result.disagreements).toEqual([{ sessionId: 'sess-1', ts: Date.parse('2026-11-02T10:00:01.000Z'), claudeCodeUsd: 0, runwayUsd: 0.024, difference: null, models: ['claude-opus-5-5'] }]);
    expect(result.note).toBe("Claude Code's own figures differ on 1 of 2 checkpoints; most in session sess-1 (claude-opus-5-5): Runway $0.0240 against $0");
  });

  it('says nothing when the logs hold no such records', async () => {
    const logs = logRoot();
    logs.write('-p/s.jsonl', jsonl([assistant({ id: 'msg_a', ts: '2026-11-02T10:00:00.000Z', model: 'claude-opus-5-5', usage: { input: 1, output: 1 } })]));
    const { result } = await check({ logs, checkpoints: 0, final: new Map() });
    expect(result).toEqual({ checkpoints: 0, sessions: 0, agreeing: 0, unpriced: 0, worst: null, disagreements: [], note: null });
  });
});
