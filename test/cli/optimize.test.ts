// runway optimize through the built CLI: the --json shape, a large CLAUDE.md in a temp project
// folder (sized, never read, left as it was), the Bash cap from the environment or
// settings.json, unused MCP servers from Claude Code's config, and the table.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDb } from '../../store/db.js';
import { cliEnv, run } from '../helpers/cli.js';
import { tempDb } from '../helpers/logs.js';
import { SONNET, writeEvents } from '../figures/work-fixture.js';

const SECRET = 'SECRET-INSTRUCTION ';

function setup() {
  const project = mkdtempSync(join(tmpdir(), 'runway-optimize-'));
  // 50,000 bytes: 10,000 tokens past the 10,000-byte line.
  writeFileSync(join(project, 'CLAUDE.md'), SECRET.repeat(50_000 / SECRET.length) + 'x'.repeat(50_000 % SECRET.length));
  const db = tempDb();
  const opened = openDb(db);
  writeEvents(opened, [0, 1, 2].map((at) => ({ session: 'sess-1', at, project, model: SONNET, output: 10, tools: 'Bash', actions: 'run:npm' })));
  opened.close();
  const env = cliEnv({ RUNWAY_DB: db, RUNWAY_NOW: '2026-11-18T12:00:00Z' });
  const configPath = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', prices: { [SONNET]: { input: 2, output: 10, cache_write_5m: 2.5, cache_write_1h: 4, cache_read: 0.2 } } }));
  const optimize = (args: string[] = [], extra: Record<string, string> = {}) => {
    const r = run(['optimize', '--no-scan', ...args], { ...env, ...extra });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };
  return { project, env, optimize };
}

describe('runway optimize', () => {
  it('reports findings with savings, a grade and totals as JSON, sizing CLAUDE.md without changing it', () => {
    const { project, optimize } = setup();
    const before = statSync(join(project, 'CLAUDE.md'));
    const out = JSON.parse(optimize(['--json']));
    expect(Object.keys(out)).toEqual(['since', 'until', 'grade', 'score', 'findings', 'totals']);
    expect([out.since, out.until]).toEqual(['2026-11-01', '2026-11-18']);
    const md = out.findings.find((f: { id: string }) => f.id === 'large-claude-md');
    expect(md).toMatchObject({ title: `Large ${join(project, 'CLAUDE.md')}`, savingTokens: 10_000, severity: 'high' });
    expect(Object.keys(md)).toEqual(['id', 'title', 'measured', 'savingUsd', 'savingTokens', 'fix', 'severity']);
    // Written to the cache once at $2.5/M, read twice at $0.2/M.
    expect(md.savingUsd).toBeCloseTo(0.029, 9);
    expect(out.findings.map((f: { id: string }) => f.id)).toEqual(['large-claude-md', 'uncapped-bash-output']);
    expect(out.totals).toMatchObject({ calls: 3, unpricedCalls: 0, sessions: 1, turns: 3 });
    expect(out.totals.spend).toBeCloseTo(0.0003, 12);
    // $0.029 of $0.0003 is more than all of it: the score bottoms out.
    expect([out.score, out.grade]).toEqual([0, 'F']);
    const after = statSync(join(project, 'CLAUDE.md'));
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(JSON.stringify(out)).not.toContain('SECRET');
  });

  it('takes the Bash cap from the environment or settings.json, and names unused MCP servers', () => {
    const { env, optimize } = setup();
    const ids = (extra: Record<string, string> = {}) => JSON.parse(optimize(['--json'], extra)).findings.map((f: { id: string }) => f.id);
    expect(ids({ BASH_MAX_OUTPUT_LENGTH: '20000' })).toEqual(['large-claude-md']);
    const dir = env.CLAUDE_CONFIG_DIR!;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ env: { BASH_MAX_OUTPUT_LENGTH: '16000' } }));
    writeFileSync(join(dir, '.claude.json'), JSON.stringify({ mcpServers: { linear: { command: 'x' } } }));
    const out = JSON.parse(optimize(['--json']));
    expect(out.findings.map((f: { id: string }) => f.id)).toEqual(['large-claude-md', 'unused-mcp-servers']);
    expect(out.findings[1]).toMatchObject({ savingUsd: null, savingTokens: null, fix: 'claude mcp remove linear' });
  });

  it('prints the grade, a ranked table and each finding with its fix', () => {
    const { project, optimize } = setup();
    const table = optimize();
    expect(table).toContain('Optimize, 2026-11-01 – 2026-11-18: grade F (score 0;');
    expect(table).toMatch(/│ 1 │ Large [^│]*CLAUDE\.md\s*│\s+\$0\.03 │\s+10,000 │ high\s+│/);
    expect(table).toContain(`1. Large ${join(project, 'CLAUDE.md')}`);
    expect(table).toContain('fix: In ~/.claude/settings.json: { "env": { "BASH_MAX_OUTPUT_LENGTH": "16000" } }');
    expect(table).not.toContain('SECRET');
  });

  it('has no grade when nothing is priced', () => {
    const { optimize } = setup();
    const out = JSON.parse(optimize(['--json', '--since', '2026-11-15']));
    expect([out.grade, out.score, out.findings, out.totals.spend]).toEqual([null, null, [], 0]);
  });
});
