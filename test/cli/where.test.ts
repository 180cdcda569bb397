// runway where through the built CLI: the table and --json add up to the range's total, MCP
// servers configured but never called are listed, other agents' calls are said to be
// unclassified, and a wrong --by is one line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonl, logRoot } from '../helpers/logs.js';
import { cliEnv, run } from '../helpers/cli.js';

const base = { isSidechain: false, userType: 'external', entrypoint: 'cli', cwd: '/home/dev/api', sessionId: 's1', version: '2.1.239', gitBranch: 'feat/x' };
const prompt = (uuid: string, ts: string, text: string) => ({ ...base, type: 'user', uuid, timestamp: ts, message: { role: 'user', content: text } });
const response = (id: string, ts: string, tools: string[], output: number, model = 'claude-sonnet-4-5') => ({
  ...base, type: 'assistant', uuid: `u-${id}`, timestamp: ts, requestId: `req-${id}`,
  message: {
    id, model, role: 'assistant', type: 'message',
    content: tools.map((name, i) => ({ type: 'tool_use', id: `t-${id}-${i}`, name, input: {} })),
    usage: { input_tokens: 1000, output_tokens: output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  },
});

function setup() {
  const logs = logRoot();
  logs.write('-home-dev-api/s1.jsonl', jsonl([
    prompt('p1', '2026-11-10T10:00:00Z', 'open the page and take a screenshot'),
    response('m1', '2026-11-10T10:00:05Z', ['mcp__chrome__navigate_page'], 1000),
    response('m2', '2026-11-10T10:00:10Z', ['mcp__chrome__take_screenshot', 'mcp__linear__list_issues'], 2000),
    prompt('p2', '2026-11-10T11:00:00Z', 'thanks'),
    response('m3', '2026-11-10T11:00:05Z', [], 500),
    response('m4', '2026-11-10T11:00:06Z', [], 500, 'claude-mystery-9'),
  ]));
  writeFileSync(join(logs.root, '.claude.json'), JSON.stringify({ mcpServers: { chrome: {}, linear: {}, unused: {} }, projects: { '/home/dev/api': { mcpServers: { 'project-only': {} } } } }));
  return cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-11-20T12:00:00Z' });
}

describe('runway where', () => {
  it('splits a call between the MCP servers it used, lists those configured and not called, and sums to the total', () => {
    const env = setup();
    const r = run(['where', '--by', 'mcp', '--json'], env);
    expect(r.stderr).toBe('');
    const a = JSON.parse(r.stdout);
    expect(a).toMatchObject({ by: 'mcp', since: '2026-11-01', until: '2026-11-20' });
    // Sonnet 4.5: $3 input, $15 output per million. m2 is split between chrome and linear.
    const m1 = (1000 * 3 + 1000 * 15) / 1e6;
    const m2 = (1000 * 3 + 2000 * 15) / 1e6;
    const m3 = (1000 * 3 + 500 * 15) / 1e6;
    const rows = Object.fromEntries(a.rows.map((x: { name: string }) => [x.name, x]));
    expect(rows.chrome.calls).toBe(2);
    expect(rows.chrome.cost).toBeCloseTo(m1 + m2 / 2, 12);
    expect(rows.linear.cost).toBeCloseTo(m2 / 2, 12);
    expect(rows.chrome.tools.map((t: { name: string }) => t.name).sort()).toEqual(['navigate_page', 'take_screenshot']);
    // The unpriced model's response is unpriced, never $0: counted, its cost left out.
    expect(rows['(no MCP call)']).toMatchObject({ calls: 2, unpricedCalls: 1 });
    expect(rows['(no MCP call)'].cost).toBeCloseTo(m3, 12);
    expect(a.total.calls).toBe(4);
    expect(a.total.unpricedCalls).toBe(1);
    expect(a.total.cost).toBeCloseTo(m1 + m2 + m3, 12);
    expect(a.unusedMcpServers).toEqual(['project-only', 'unused']);
  });

  it('prints activities with one-shot figures, the unpriced call said as such', () => {
    const env = setup();
    const r = run(['where'], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('by activity');
    expect(r.stdout).toMatch(/Conversation.*unpriced/);
    expect(r.stdout).toMatch(/Total\s*│\s*4\s*│\s*2\s*│/);
  });

  it('breaks down by branch and by model', () => {
    const env = setup();
    const branch = JSON.parse(run(['where', '--by', 'branch', '--json'], env).stdout);
    expect(branch.rows.map((x: { name: string; calls: number }) => [x.name, x.calls])).toEqual([['feat/x', 4]]);
    const model = JSON.parse(run(['where', '--by', 'model', '--json'], env).stdout);
    expect(model.rows.map((x: { name: string; cost: number | null }) => [x.name, x.cost === null])).toEqual([['claude-sonnet-4-5', false], ['claude-mystery-9', true]]);
  });

  it('opens a session to its activities in runway session ID', () => {
    const s = JSON.parse(run(['session', 's1', '--json'], setup()).stdout);
    expect(s.activities.map((a: { activity: string; turns: number; calls: number; unpricedCalls: number }) => [a.activity, a.turns, a.calls, a.unpricedCalls]))
      .toEqual([['General', 1, 2, 0], ['Conversation', 1, 2, 1]]);
    expect(s.activities[0].cost).toBeCloseTo((1000 * 3 + 1000 * 15 + 1000 * 3 + 2000 * 15) / 1e6, 12);
  });

  it('refuses a --by it does not know in one line naming the choices', () => {
    const r = run(['where', '--by', 'colour'], setup());
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--by "colour": expected one of activity, tool, program, mcp, skill, agent, plugin, project, model, branch');
  });
});
