// Generated Claude Code sessions whose turns are built to fall in each activity, with known
// retries: what the scan stores for them, how figures/where.ts groups and sums them, and
// that no prompt word, command or path reaches the database in any encoding.
import { describe, expect, it } from 'vitest';
import { openDb } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';
import { readWork, whereReport, WHERE_BY } from '../../figures/where.js';
import { databaseFiles, jsonl, logRoot, SECRET, tempDb } from '../helpers/logs.js';
import { encodings, storedTexts } from '../helpers/privacy.js';
import { TEST_TABLE } from '../helpers/app.js';
import { AGENT_TABLE, writeAgentRows } from '../helpers/agents.js';

type Call = { name: string; input: Record<string, unknown> };
let n = 0;
const at = () => new Date(Date.parse('2026-11-10T09:00:00Z') + ++n * 60_000).toISOString();
const id = () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`;
const base = (session: string, sidechain = false) => ({
  isSidechain: sidechain, userType: 'external', entrypoint: 'cli', cwd: '/home/dev/api', sessionId: session, version: '2.1.239', gitBranch: 'main',
});

/** A prompt, then one response per step (each its calls), each followed by the tools' results. */
function turn(session: string, prompt: string, steps: Call[][], output = 100): Record<string, unknown>[] {
  // Some prompts are text blocks (with an image beside them), most a string.
  const content = BLOCK_PROMPTS.has(prompt) ? [{ type: 'text', text: `${prompt} ${SECRET}` }, { type: 'image', source: { type: 'base64', data: SECRET } }] : `${prompt} ${SECRET}`;
  const out: Record<string, unknown>[] = [{ ...base(session), type: 'user', uuid: id(), timestamp: at(), message: { role: 'user', content } }];
  for (const calls of steps) {
    const msg = `msg_${++n}`;
    const content = calls.length
      ? calls.map((c, i) => ({ type: 'tool_use', id: `toolu_${n}_${i}`, name: c.name, input: c.input }))
      : [{ type: 'text', text: `answer ${SECRET}` }];
    // One line per content block, as Claude Code writes a response, the last with the final usage.
    content.forEach((block, i) => out.push({
      ...base(session), type: 'assistant', uuid: id(), timestamp: at(), requestId: `req_${msg}`,
      message: {
        id: msg, model: 'claude-test-1', role: 'assistant', type: 'message', content: [block],
        usage: { input_tokens: 1000, output_tokens: i === content.length - 1 ? output : 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      },
    }));
    if (calls.length) {
      out.push({
        ...base(session), type: 'user', uuid: id(), timestamp: at(), toolUseResult: { stdout: SECRET },
        message: { role: 'user', content: calls.map((_, i) => ({ type: 'tool_result', tool_use_id: `toolu_${n}_${i}`, content: `result ${SECRET}` })) },
      });
    }
  }
  return out;
}

const BLOCK_PROMPTS = new Set(['commit this', 'plan the migration']);
const file = (name: string) => `/home/dev/api/src/${SECRET}-${name}.ts`;
const edit = (name: string): Call => ({ name: 'Edit', input: { file_path: file(name), old_string: SECRET, new_string: SECRET } });
const write = (name: string): Call => ({ name: 'Write', input: { file_path: file(name), content: SECRET } });
const read = (name: string): Call => ({ name: 'Read', input: { file_path: file(name) } });
const bash = (command: string): Call => ({ name: 'Bash', input: { command: `${command} ${SECRET}`, description: SECRET } });
const tool = (name: string): Call => ({ name, input: { prompt: SECRET } });

/** Each turn and the activity, edits and retry it is built for. */
const TURNS: [string, Call[][], string, boolean, boolean][] = [
  ['Fix the crash in the parser', [[edit('parser')], [bash('npm test')], [edit('parser')]], 'Debugging', true, true],
  ['Add an export command', [[write('export')], [bash('npx vitest run')]], 'Feature Dev', true, false],
  ['Refactor the store', [[edit('store')], [edit('store')], [bash('npm run build')]], 'Refactoring', true, false],
  ['update the header', [[edit('header')], [bash('make')], [edit('header')]], 'Coding', true, true],
  ['update the footer', [[edit('footer'), bash('npm test')], [edit('other')]], 'Coding', true, false],
  ['explain how the scanner works', [[read('scan')], [tool('Grep')]], 'Exploration', false, false],
  ['commit this', [[bash('git add -A && git commit -m')]], 'Git Ops', false, false],
  ['plan the migration', [[tool('TodoWrite')]], 'Planning', false, false],
  ['ask a helper to look around', [[tool('Task')]], 'Delegation', false, false],
  ['ship it to staging', [[bash('docker build . && kubectl apply -f k.yaml')]], 'Build/Deploy', false, false],
  ['run the suite', [[bash('pytest -q')]], 'Testing', false, false],
  ['any ideas for a name?', [[]], 'Brainstorming', false, false],
  ['thanks', [[]], 'Conversation', false, false],
  ['hmm', [[tool('AskUserQuestion')]], 'General', false, false],
];

function home() {
  const logs = logRoot();
  logs.write('-home-dev-api/sess-a.jsonl', jsonl(TURNS.slice(0, 7).flatMap(([p, s]) => turn('sess-a', p, s))));
  logs.write('-home-dev-api/sess-b.jsonl', jsonl(TURNS.slice(7).flatMap(([p, s]) => turn('sess-b', p, s))));
  return logs;
}

const RANGE = [Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z')] as const;
const pricing = { table: TEST_TABLE, mode: 'auto' as const };

describe('work labels from Claude Code logs', () => {
  it('puts each turn in the activity it was built for, with its edits and retries', () => {
    const logs = home();
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const work = readWork(db, {}, ...RANGE, pricing);
    expect(work.turns.map((t) => [t.activity, t.edits, t.retried])).toEqual(TURNS.map(([, , a, e, r]) => [a, e, r]));
    // Every response of a turn is in it, counted once though written on one line per block.
    expect(work.turns.map((t) => t.responses.length)).toEqual(TURNS.map(([, steps]) => steps.length));
    const activity = whereReport(work, 'activity');
    expect(activity.total).toMatchObject({ turns: 14, editTurns: 5, oneShotRate: 3 / 5, retryRate: 2 / 5 });
    expect(activity.rows.find((r) => r.name === 'Coding')).toMatchObject({ turns: 2, calls: 5, editTurns: 2, oneShotRate: 0.5, retryRate: 0.5 });
  });

  it('adds every breakdown up to the total, on calls, cost and tokens', () => {
    const logs = home();
    const db = openDb(tempDb());
    scan(db, { env: logs.env });
    const work = readWork(db, {}, ...RANGE, pricing);
    // 23 responses of 1,000 input and 100 output tokens at $1 and $10 per million.
    const total = 23 * (1000 * 1 + 100 * 10) / 1e6;
    for (const by of WHERE_BY) {
      const r = whereReport(work, by);
      expect(r.total.calls, by).toBe(23);
      expect(r.total.cost, by).toBeCloseTo(total, 12);
      expect(r.rows.reduce((s, x) => s + (x.cost ?? 0), 0), by).toBeCloseTo(total, 12);
      expect(r.rows.reduce((s, x) => s + (x.share ?? 0), 0), by).toBeCloseTo(1, 12);
      expect(r.rows.reduce((s, x) => s + x.tokens, 0), by).toBe(23 * 1100);
    }
    const programs = whereReport(work, 'program');
    // "git add -A && git commit" is one response: its cost goes to git once, not twice.
    expect(programs.rows.find((r) => r.name === 'git')).toMatchObject({ calls: 1, cost: 0.002 });
    // docker and kubectl share one response's cost.
    expect(programs.rows.find((r) => r.name === 'docker')!.cost).toBeCloseTo(0.001, 12);
    expect(programs.rows.find((r) => r.name === '(no shell command)')!.calls).toBe(23 - 8);
    const tools = whereReport(work, 'tool');
    expect(tools.rows.find((r) => r.name === 'Edit')).toMatchObject({ calls: 8 });
    expect(tools.rows.find((r) => r.name === '(no tool call)')).toMatchObject({ calls: 2 });
  });

  it('stores labels and fingerprints only: no prompt word, command or path, in any table or encoding', () => {
    const logs = home();
    const path = tempDb();
    const db = openDb(path);
    scan(db, { env: logs.env });
    const labelled = db.prepare('SELECT count(*) FROM responses WHERE turn_id IS NOT NULL').pluck().get();
    expect(labelled).toBe(23);
    for (const { where, text } of storedTexts(db)) expect(text.includes(SECRET), where).toBe(false);
    db.close();
    for (const [f, bytes] of databaseFiles(path)) {
      for (const e of encodings(SECRET)) expect(bytes.includes(e), `${f}: ${e}`).toBe(false);
    }
  });

  it('fingerprints the same file alike within a database and differently in another, so a dictionary of paths cannot match them', () => {
    const logs = home();
    const a = openDb(tempDb());
    const b = openDb(tempDb());
    scan(a, { env: logs.env });
    scan(b, { env: logs.env });
    const edits = (db: typeof a) => (db.prepare("SELECT actions FROM responses WHERE actions LIKE 'edit:%' ORDER BY ts").pluck().all() as string[]);
    const [first, second, third] = edits(a);
    // The parser edited twice in the first turn: one fingerprint; the next file another.
    expect(first).toBe(second);
    expect(third).not.toBe(first);
    expect(first).toMatch(/^edit:[0-9a-f]{16}$/);
    expect(edits(b)[0]).not.toBe(first);
  });

  it('keeps a turn across scans: a prompt in one scan, its responses appended later', () => {
    const logs = logRoot();
    const records = turn('sess-c', 'Fix the crash in the parser', [[edit('parser')], [bash('npm test')], [edit('parser')]]);
    const db = openDb(tempDb());
    logs.write('-home-dev-api/sess-c.jsonl', jsonl(records.slice(0, 1)));
    scan(db, { env: logs.env });
    logs.append('-home-dev-api/sess-c.jsonl', jsonl(records.slice(1)));
    scan(db, { env: logs.env });
    const [t] = readWork(db, {}, ...RANGE, pricing).turns;
    expect(t).toMatchObject({ activity: 'Debugging', edits: true, retried: true });
    expect(t!.responses).toHaveLength(3);
  });

  it('counts other agents in every breakdown and says their calls are not classified', () => {
    const db = openDb(tempDb());
    writeAgentRows(db);
    const work = readWork(db, {}, ...RANGE, { table: AGENT_TABLE, mode: 'auto' });
    const r = whereReport(work, 'activity');
    expect(r.rows.map((x) => x.name)).toEqual(['General']);
    expect(r.total).toMatchObject({ calls: 7, unpricedCalls: 1 });
    expect(r.total.cost).toBeCloseTo(74, 9);
    expect(r.unlabelled).toEqual([{ agent: 'claude-code', calls: 3 }, { agent: 'codex', calls: 3 }, { agent: 'copilot', calls: 1 }]);
  });
});
