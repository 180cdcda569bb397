// `runway scan` and `runway config` with several agents at home: a line per agent, its folders,
// files and databases, and the responses stored under its name.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, run } from '../helpers/cli.js';
import { jsonl } from '../helpers/logs.js';

function home() {
  const env = cliEnv();
  const h = env.HOME!;
  const total = (input: number, output: number) => ({ input_tokens: input, cached_input_tokens: 0, output_tokens: output, reasoning_output_tokens: 0, total_tokens: input + output });
  const dir = join(h, '.codex', 'sessions', '2026', '09', '01');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rollout-2026-09-01T10-00-00-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl'), jsonl([
    { timestamp: '2026-09-01T10:00:00.000Z', type: 'session_meta', payload: { id: '019c8a4c-ed82-79a1-aa28-7738fc5ab61a', cwd: '/work', cli_version: '0.104.0', source: 'cli' } },
    { timestamp: '2026-09-01T10:00:01.000Z', type: 'turn_context', payload: { model: 'gpt-5.3-codex' } },
    { timestamp: '2026-09-01T10:00:10.000Z', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: total(100, 10) } } },
    { timestamp: '2026-09-01T10:00:20.000Z', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: total(300, 30) } } },
  ]));
  // An OpenCode folder holding a database with no usage yet, and a leftover legacy tree.
  mkdirSync(join(h, '.local', 'share', 'opencode', 'storage', 'message', 'ses_1'), { recursive: true });
  new Database(join(h, '.local', 'share', 'opencode', 'opencode.db')).exec('CREATE TABLE message (id text PRIMARY KEY, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL)');
  return { ...env, XDG_DATA_HOME: join(h, '.local', 'share'), RUNWAY_DB: join(h, 'runway.db') };
}

describe('several agents at home', () => {
  it('scan prints one line per agent, found or not, with what it stored', () => {
    const env = home();
    const r = run(['scan'], env);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('codex '))).toMatch(/\.codex: 1 file · 2 responses \(2 new\)$/);
    expect(lines.find((l) => l.startsWith('opencode '))).toMatch(/opencode: 1 file · 0 responses$/);
    expect(lines.find((l) => l.startsWith('gemini '))).toMatch(/not found \(.*\.gemini\/tmp\)/);
    expect(lines.filter((l) => /^(claude-code|codex|gemini|opencode|copilot) /.test(l))).toHaveLength(5);
  });

  it('config lists every agent with its folders, files, databases and stored responses', () => {
    const env = home();
    expect(run(['scan'], env).status).toBe(0);
    const json = JSON.parse(run(['config', '--json'], env).stdout) as { sources: { name: string; found: boolean; files: number; databases: number; responsesStored: number }[] };
    expect(json.sources).toEqual([
      { name: 'claude-code', found: false, files: 0, databases: 0, responsesStored: 0 },
      { name: 'codex', found: true, files: 1, databases: 0, responsesStored: 2 },
      { name: 'gemini', found: false, files: 0, databases: 0, responsesStored: 0 },
      { name: 'opencode', found: true, files: 1, databases: 1, responsesStored: 0 },
      { name: 'copilot', found: false, files: 0, databases: 0, responsesStored: 0 },
    ]);
    const text = run(['config'], env).stdout;
    expect(text).toMatch(/\n {2}codex {8}~\/\.codex {2}1 file · 2 responses stored\n/);
    expect(text).toMatch(/\n {2}opencode {5}~\/\.local\/share\/opencode {2}1 file \(1 database\)\n/);
    expect(text).toMatch(/\n {2}copilot {6}~\/\.copilot {2}not found\n/);
  });
});
