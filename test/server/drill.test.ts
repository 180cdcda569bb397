// /api/where, /api/drill and /api/session: a breakdown's totals link to the sessions behind
// them, and a session opens to its turns and responses; each adds up to the total it came from.
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { build, HOST } from '../helpers/app.js';
import { AGENT_TABLE, NOW, writeAgentRows } from '../helpers/agents.js';
import { tempDb } from '../helpers/logs.js';
import { openDb } from '../../store/db.js';
import { Store } from '../../store/writer.js';
import { demoEvent } from '../../server/demo.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** Two labelled Claude Code turns in session cc-work on 17 November: a debugging turn with a retry ($0.03), and an exploration ($0.01). */
async function setup() {
  const db = openDb(tempDb());
  writeAgentRows(db);
  const at = (h: number) => Date.parse('2026-11-17T00:00:00Z') + h * 3_600_000;
  const ev = (id: string, h: number, turnId: string, topic: string | null, tools: string | null, actions: string | null) => ({
    ...demoEvent(`w-${id}`, at(h), 'cc-work', '/home/dev/cli', 'cli', 'claude-test-1', { input: 0, output: 1000, write: 0, read: 0 }),
    turnId, topic, tools, actions,
  });
  new Store(db).write([
    ev('1', 9, 't1', 'debugging', 'Edit', 'edit:aaaa'),
    ev('2', 10, 't1', 'debugging', 'Bash', 'run:npm,check:test'),
    ev('3', 11, 't1', 'debugging', 'Edit', 'edit:aaaa'),
    ev('4', 12, 't2', 'exploration', 'Read', 'read:bbbb'),
  ], []);
  const app = await build({ db, table: AGENT_TABLE, now: () => NOW });
  apps.push(app);
  return async (url: string) => {
    const res = await app.inject({ url, headers: HOST });
    return { status: res.statusCode, body: res.json() };
  };
}

describe('/api/where and drill-through', () => {
  it('breaks the period down by activity with one-shot figures, adding up to the period total', async () => {
    const get = await setup();
    const { body } = await get('/api/where?by=activity');
    const rows = Object.fromEntries(body.rows.map((r: { name: string }) => [r.name, r]));
    expect(rows.Debugging).toMatchObject({ calls: 3, turns: 1, editTurns: 1, oneShotRate: 0, retryRate: 1 });
    expect(rows.Debugging.cost).toBeCloseTo(0.03, 12);
    expect(rows.Exploration.cost).toBeCloseTo(0.01, 12);
    // AGENT_ROWS in the period: $74 over 7 responses, one unpriced.
    expect(body.total).toMatchObject({ calls: 11, unpricedCalls: 1 });
    expect(body.total.cost).toBeCloseTo(74.04, 9);
    expect(body.rows.reduce((s: number, r: { cost: number | null }) => s + (r.cost ?? 0), 0)).toBeCloseTo(74.04, 9);
  });

  it('lists the sessions behind an activity, a day, a model or a project, whose sums are that total', async () => {
    const get = await setup();
    const debugging = (await get('/api/drill?activity=Debugging')).body;
    expect(debugging.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['cc-work']);
    expect(debugging.total.calls).toBe(3);
    expect(debugging.total.cost).toBeCloseTo(0.03, 12);

    const day = (await get('/api/drill?day=2026-11-18')).body;
    // 18 November: cc-b $5, cx-b $8 and an unpriced response, cp-a $1.
    expect(day.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['cx-b', 'cc-b', 'cp-a']);
    expect(day.total).toMatchObject({ calls: 4, unpricedCalls: 1 });
    expect(day.total.cost).toBeCloseTo(14, 9);

    const model = (await get('/api/drill?model=gpt-test-1')).body;
    expect(model.total.cost).toBeCloseTo(28, 9);
    const project = (await get(`/api/drill?project=${encodeURIComponent('/home/dev/cli')}`)).body;
    expect(project.total.calls).toBe(4);
    const codex = (await get('/api/drill?day=2026-11-18&agent=codex')).body;
    expect(codex.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['cx-b']);
  });

  it('lists the sessions behind any breakdown row, each with that row\'s share of its calls, summing to the row', async () => {
    const get = await setup();
    const tools = (await get('/api/where?by=tool')).body;
    for (const row of tools.rows as { name: string; cost: number | null; calls: number }[]) {
      const drill = (await get(`/api/drill?by=tool&name=${encodeURIComponent(row.name)}`)).body;
      expect(drill.total.calls, row.name).toBe(row.calls);
      expect(drill.total.cost, row.name).toBeCloseTo(row.cost ?? 0, 9);
    }
    const edits = (await get('/api/drill?by=tool&name=Edit')).body;
    expect(edits.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual(['cc-work']);
    expect(edits.total.cost).toBeCloseTo(0.02, 12);
    const npm = (await get('/api/drill?by=program&name=npm')).body;
    expect(npm.total).toMatchObject({ calls: 1 });
    expect((await get('/api/drill?by=tool')).status).toBe(400);
    expect((await get('/api/drill?by=colour&name=x')).status).toBe(400);
  });

  it('opens a session to its turns and their responses, counts and tools, no content', async () => {
    const get = await setup();
    const { status, body } = await get('/api/session?id=cc-work');
    expect(status).toBe(200);
    expect(body.turns.map((t: { activity: string; edits: boolean; retried: boolean }) => [t.activity, t.edits, t.retried])).toEqual([['Debugging', true, true], ['Exploration', false, false]]);
    expect(body.turns[0].responses.map((r: { tools: string[] }) => r.tools)).toEqual([['Edit'], ['Bash'], ['Edit']]);
    expect(body.turns[0].cost).toBeCloseTo(0.03, 12);
    expect(JSON.stringify(body)).not.toContain('aaaa');
  });

  it('answers 404 for a session the view does not count, 400 for an activity that is none', async () => {
    const get = await setup();
    expect((await get('/api/session?id=nope')).status).toBe(404);
    expect((await get('/api/session?id=cc-work&agent=codex')).status).toBe(404);
    expect((await get('/api/drill?activity=Sleeping')).status).toBe(400);
    expect((await get('/api/where?by=colour')).status).toBe(400);
  });
});
