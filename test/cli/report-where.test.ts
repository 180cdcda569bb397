// runway report --html carries the breakdowns of where the money went: activities with
// one-shot rates, tools, shell programs, MCP servers and agent types, for the range asked.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonl, logRoot, SECRET } from '../helpers/logs.js';
import { cliEnv, run } from '../helpers/cli.js';

const base = { isSidechain: false, userType: 'external', entrypoint: 'cli', cwd: '/home/dev/api', sessionId: 's1', version: '2.1.239', gitBranch: 'main' };
const prompt = (uuid: string, ts: string, text: string) => ({ ...base, type: 'user', uuid, timestamp: ts, message: { role: 'user', content: text } });
const response = (id: string, ts: string, calls: { name: string; input: Record<string, unknown> }[]) => ({
  ...base, type: 'assistant', uuid: `u-${id}`, timestamp: ts, requestId: `req-${id}`,
  message: {
    id, model: 'claude-sonnet-4-5', role: 'assistant', type: 'message',
    content: calls.map((c, i) => ({ type: 'tool_use', id: `t-${id}-${i}`, ...c })),
    usage: { input_tokens: 1000, output_tokens: 1000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  },
});

describe('runway report --html: where the money went', () => {
  it('has a table per breakdown, with the activity and its one-shot rate, and no prompt, command or path', () => {
    const logs = logRoot();
    const path = `/home/dev/api/${SECRET}.ts`;
    logs.write('-home-dev-api/s1.jsonl', jsonl([
      prompt('p1', '2026-11-10T10:00:00Z', `fix the crash ${SECRET}`),
      response('m1', '2026-11-10T10:00:05Z', [{ name: 'Edit', input: { file_path: path } }]),
      response('m2', '2026-11-10T10:00:10Z', [{ name: 'Bash', input: { command: `npm test ${SECRET}` } }]),
      response('m3', '2026-11-10T10:00:15Z', [{ name: 'Edit', input: { file_path: path } }]),
    ]));
    const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-11-18T12:00:00Z' });
    const file = join(mkdtempSync(join(tmpdir(), 'runway-report-')), 'r.html');
    const r = run(['report', '--html', file], env);
    expect(r.stderr).toBe('');
    const html = readFileSync(file, 'utf8');
    for (const by of ['activity', 'tool', 'program', 'mcp', 'agent']) expect(html).toContain(`data-testid="where-${by}"`);
    const activity = html.slice(html.indexOf('data-testid="where-activity"'), html.indexOf('</table>', html.indexOf('data-testid="where-activity"')));
    // Three Sonnet 4.5 responses of 1,000 in and 1,000 out: $0.054, all debugging, retried once.
    expect(activity).toMatch(/Debugging<\/span><\/td>\s*<td class="num">\$0\.05<\/td><td class="num">100.0%<\/td><td class="num hide-sm">3<\/td><td class="num hide-sm">0.0%<\/td>/);
    expect(html).toContain('1 turn · one-shot 0.0% of 1 edit turn');
    expect(html).not.toContain(SECRET);
  });
});
