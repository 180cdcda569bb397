// A second agent needs its folder and one registry line, nothing else: a toy format of a few
// lines, pushed onto SOURCES, is scanned, stored, priced (or left unpriced) and reported
// with its agent by the same code that serves Claude Code.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SOURCES } from '../../sources/index.js';
import { Origin, type Source } from '../../sources/types.js';
import { validCount, validText, validTimestamp } from '../../sources/limits.js';
import { runCli } from '../../cli/commands.js';
import { assistant, jsonl } from '../helpers/logs.js';

// The toy agent writes one JSON object per response: {"toy":1,"id","at","model","in","out"}.
const toy: Source = {
  name: 'toy',
  markers: [Buffer.from('"toy"')],
  roots: (env) => (env.TOY_HOME ? [env.TOY_HOME] : []),
  logDir: (root) => root,
  fileOrigin: () => Origin.Direct,
  programmaticEntrypoint: 'toy-batch',
  priceProviders: [],
  modelFamily: () => null,
  parse(text, origin, sink) {
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return sink.issue('malformed_json');
    }
    const ts = validTimestamp(r.at);
    if (ts === null) return sink.issue('missing_timestamp');
    const input = validCount(r.in);
    const output = validCount(r.out);
    if (input === null || output === null || typeof r.id !== 'string') return sink.issue('bad_usage');
    sink.event({
      key: `toy:${r.id}`, agent: 'toy', messageId: r.id, requestId: null, ts, sessionId: 'toy-session', agentId: null,
      sidechain: false, project: '/work/toy', gitBranch: null, entrypoint: null, version: null,
      model: typeof r.model === 'string' ? r.model : null, speed: null, inferenceGeo: null, serviceTier: null, costUsd: null, agentType: null, skill: null,
      mcpServer: null, mcpTool: null, plugin: null, tools: null, origin,
      inputTokens: input, outputTokens: output, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, webSearchRequests: 0,
      reasoningTokens: 0, premiumRequests: 0,
    });
  },
};

const OPUS = 'claude-opus-4-5-20251101';
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'runway-toy-'));
  const toyHome = join(home, 'toy');
  mkdirSync(toyHome, { recursive: true });
  writeFileSync(join(toyHome, 'day.jsonl'), [
    '{"toy":1,"id":"t-1","at":"2026-11-30T10:00:00Z","model":"toy-large","in":1200,"out":300}',
    '{"toy":1,"id":"t-1","at":"2026-11-30T10:00:00Z","model":"toy-large","in":1200,"out":300}', // the same response twice: once
    '{"toy":1,"id":"t-2","at":"2026-11-30T11:00:00Z","model":"toy-large","in":800,"out":-5}',
    '{"toy":1,"id":"t-3","at":"2026-11-30T12:00:00Z","model":"toy-large","in":100,"out":50}',
  ].join('\n') + '\n');
  const claude = join(home, 'claude', 'projects', '-work-app');
  mkdirSync(claude, { recursive: true });
  writeFileSync(join(claude, 's.jsonl'), jsonl([
    assistant({ id: 'msg_1', requestId: 'req_1', ts: '2026-11-30T10:30:00.000Z', session: 's', cwd: '/work/app', model: OPUS, usage: { input: 1000, output: 100 } }),
  ]));
  for (const [k, v] of Object.entries({
    HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'),
    CLAUDE_CONFIG_DIR: join(home, 'claude'), TOY_HOME: toyHome, RUNWAY_NOW: '2026-11-30T18:00:00Z', TZ: 'UTC', NO_COLOR: '1',
  })) vi.stubEnv(k, v);
  (SOURCES as Source[]).push(toy);
});

afterAll(() => {
  (SOURCES as Source[]).splice(SOURCES.indexOf(toy), 1);
  vi.unstubAllEnvs();
});

describe('a source added to the registry alone', () => {
  it('has its usage in daily --json, apart from Claude Code, with its agent set', async () => {
    const result = await runCli(['daily', '--json', '--since', '2026-11-30', '--tz', 'UTC']);
    const out = typeof result === 'string' ? result : result.out;
    const report = JSON.parse(out) as { daily: { date: string; agentsUsed: string[]; modelBreakdowns: { agent: string; modelName: string; inputTokens: number; outputTokens: number; responses: number; cost: number; unpricedResponses: number }[] }[] };
    expect(report.daily).toHaveLength(1);
    const [day] = report.daily;
    expect(day!.agentsUsed).toEqual(['claude-code', 'toy']);
    const toyRow = day!.modelBreakdowns.find((m) => m.agent === 'toy')!;
    // t-1 once, t-2 skipped for its negative count, t-3.
    expect(toyRow).toMatchObject({ modelName: 'toy-large', responses: 2, inputTokens: 1300, outputTokens: 350, unpricedResponses: 2, cost: 0 });
    const claudeRow = day!.modelBreakdowns.find((m) => m.agent === 'claude-code')!;
    expect(claudeRow).toMatchObject({ modelName: OPUS, responses: 1, inputTokens: 1000, outputTokens: 100, unpricedResponses: 0 });
    expect(claudeRow.cost).toBeCloseTo((1000 * 5 + 100 * 25) / 1e6, 12);
  });

  it('lists its home beside Claude Code’s in the config report', async () => {
    const result = await runCli(['config', '--json']);
    const out = typeof result === 'string' ? result : result.out;
    const roots = (JSON.parse(out) as { logRoots: { source: string; logDir: string; exists: boolean }[] }).logRoots;
    expect(roots.filter((r) => r.source === 'toy')).toEqual([expect.objectContaining({ logDir: join(home, 'toy'), exists: true })]);
  });
});

describe('validText', () => {
  it('refuses half a surrogate pair, which SQLite would store as ill-formed UTF-8, and keeps whole ones', () => {
    expect(validText('model-\ud800')).toBeNull();
    expect(validText('\udc00x')).toBeNull();
    expect(validText('proj-😀')).toBe('proj-😀');
    expect(validText('a\u001bb')).toBeNull();
  });
});
