// Where the money goes: the responses of a time range with their labels, grouped into turns
// (core/activity.ts judges each), and broken down by activity, tool, program, MCP server,
// skill, agent type, plugin, project, model or branch. Every breakdown adds up to the range's
// total: a response that used several tools (or programs, or servers) has its cost split
// evenly between them; one that used none is counted under "(no …)".
import { judgeTurn, type Activity } from '../core/activity.js';
import type { Db } from '../store/db.js';
import type { UsageFilter } from '../store/rollups.js';
import { workRows, type WorkRow } from '../store/responses.js';
import { priceRow, tokenSum, type Pricing } from './usage.js';

export const WHERE_BY = ['activity', 'tool', 'program', 'mcp', 'skill', 'agent', 'plugin', 'project', 'model', 'branch'] as const;
export type WhereBy = (typeof WHERE_BY)[number];

export interface WorkResponse {
  row: WorkRow;
  /** null: unpriced (never counted as $0). */
  cost: number | null;
  tokens: number;
  turn: Turn;
}

export interface Turn {
  agent: string;
  sessionId: string | null;
  project: string;
  /** The model that made most of the turn's responses (the first of them on a tie). */
  model: string;
  activity: Activity;
  edits: boolean;
  retried: boolean;
  /** Whether the turn came from labelled logs (its prompt was seen); an unlabelled response is a turn of its own. */
  labelled: boolean;
  responses: WorkResponse[];
  cost: number;
  unpriced: number;
  firstTs: number;
  lastTs: number;
}

export interface Work {
  responses: WorkResponse[];
  turns: Turn[];
}

/** The range's responses, priced each at its own time, and their turns. */
export function readWork(db: Db, f: UsageFilter & { project?: string; session?: string }, fromMs: number, toMs: number, pricing: Pricing): Work {
  const responses: WorkResponse[] = [];
  const byKey = new Map<string, Turn>();
  const turns: Turn[] = [];
  for (const row of workRows(db, f, fromMs, toMs)) {
    const key = row.turn_id ? `${row.agent}\0${row.session_id ?? ''}\0${row.turn_id}` : `#${row.id}`;
    let turn = byKey.get(key);
    if (!turn) {
      turn = {
        agent: row.agent, sessionId: row.session_id, project: row.project ?? '', model: row.model, activity: 'General',
        edits: false, retried: false, labelled: row.turn_id !== null, responses: [], cost: 0, unpriced: 0, firstTs: row.ts, lastTs: row.ts,
      };
      byKey.set(key, turn);
      turns.push(turn);
    }
    const { cost } = priceRow(row, row.ts, pricing);
    const r: WorkResponse = { row, cost, tokens: tokenSum(row), turn };
    responses.push(r);
    turn.responses.push(r);
    if (cost === null) turn.unpriced++;
    else turn.cost += cost;
    turn.lastTs = row.ts;
    if (!turn.project && row.project) turn.project = row.project;
  }
  for (const turn of turns) {
    const verdict = judgeTurn(turn.responses.map(({ row }) => ({ tools: row.tools, actions: row.actions, topic: row.topic })), turn.labelled);
    turn.activity = verdict.activity;
    turn.edits = verdict.edits;
    turn.retried = verdict.retried;
    turn.model = mainModel(turn.responses);
  }
  return { responses, turns };
}

function mainModel(responses: WorkResponse[]): string {
  const counts = new Map<string, number>();
  for (const { row } of responses) counts.set(row.model, (counts.get(row.model) ?? 0) + 1);
  let best = responses[0]!.row.model;
  for (const [model, n] of counts) if (n > counts.get(best)!) best = model;
  return best;
}

/** An MCP tool's server and tool, from Claude Code's `mcp__<server>__<tool>` names. */
export function mcpParts(tool: string): { server: string; tool: string } | null {
  const m = /^mcp__(.+?)__(.+)$/.exec(tool);
  return m ? { server: m[1]!, tool: m[2]! } : null;
}

const list = (v: string | null) => (v ? v.split(',') : []);

/** The names a response counts under, for one breakdown. */
export function namesOf(by: WhereBy, r: WorkResponse): string[] {
  const row = r.row;
  switch (by) {
    case 'activity': return [r.turn.activity];
    case 'tool': return orNone(list(row.tools), '(no tool call)');
    case 'program': return orNone(list(row.actions).filter((a) => a.startsWith('run:')).map((a) => a.slice(4)), '(no shell command)');
    case 'mcp': {
      const servers = list(row.tools).map((t) => mcpParts(t)?.server).filter((s): s is string => s !== undefined);
      if (row.mcp_server && !servers.includes(row.mcp_server)) servers.push(row.mcp_server);
      return orNone([...new Set(servers)], NO_MCP);
    }
    case 'skill': return [row.skill ?? '(no skill)'];
    case 'agent': return [row.agent_type ?? (row.sidechain ? 'subagent' : '(main thread)')];
    case 'plugin': return [row.plugin ?? '(no plugin)'];
    case 'project': return [row.project || '(none)'];
    case 'model': return [row.model || '(none)'];
    case 'branch': return [row.git_branch || '(none)'];
  }
}

const NO_MCP = '(no MCP call)';
const orNone = (names: string[], none: string) => (names.length ? names : [none]);

/** The breakdowns whose groups each turn belongs to as a whole, so one-shot rates apply to them. */
function turnName(by: WhereBy, t: Turn): string | null {
  if (by === 'activity') return t.activity;
  if (by === 'project') return t.project || '(none)';
  if (by === 'model') return t.model || '(none)';
  return null;
}

export interface OneShot {
  /** Turns that edited a file. */
  editTurns: number;
  /** Edit turns whose files were not edited again after a check: the share landed first time. */
  oneShotRate: number | null;
  /** Edit turns with such a retry. */
  retryRate: number | null;
}

export interface WhereRow extends OneShot {
  name: string;
  /** Responses that count under this name. */
  calls: number;
  /** The priced part; null when every one of its calls is unpriced. */
  cost: number | null;
  unpricedCalls: number;
  tokens: number;
  /** Share of the range's priced cost. */
  share: number | null;
  /** Turns, for the breakdowns whose groups hold whole turns (activity, project, model); else null. */
  turns: number | null;
  /** MCP servers: each tool's calls and cost; empty otherwise. */
  tools: { name: string; calls: number; cost: number | null }[];
}

export interface WhereTotals extends OneShot {
  calls: number;
  cost: number;
  unpricedCalls: number;
  tokens: number;
  turns: number;
}

export interface WhereReport {
  by: WhereBy;
  rows: WhereRow[];
  total: WhereTotals;
  /** Agents whose logs carry no turns or tool labels: their calls count as General activity. */
  unlabelled: { agent: string; calls: number }[];
}

export function oneShot(turns: Iterable<Turn>): OneShot {
  let editTurns = 0;
  let retried = 0;
  for (const t of turns) {
    if (!t.edits) continue;
    editTurns++;
    if (t.retried) retried++;
  }
  return { editTurns, oneShotRate: editTurns ? (editTurns - retried) / editTurns : null, retryRate: editTurns ? retried / editTurns : null };
}

interface Group {
  calls: number;
  cost: number;
  priced: number;
  unpricedCalls: number;
  tokens: number;
  turns: Turn[];
  tools: Map<string, { calls: number; cost: number; priced: number }>;
}

export function whereReport(work: Work, by: WhereBy): WhereReport {
  const groups = new Map<string, Group>();
  const group = (name: string) => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { calls: 0, cost: 0, priced: 0, unpricedCalls: 0, tokens: 0, turns: [], tools: new Map() }));
    return g;
  };
  let cost = 0;
  let unpricedCalls = 0;
  let tokens = 0;
  for (const r of work.responses) {
    const names = namesOf(by, r);
    if (r.cost === null) unpricedCalls++;
    else cost += r.cost;
    tokens += r.tokens;
    for (const name of names) {
      const g = group(name);
      g.calls++;
      g.tokens += r.tokens / names.length;
      if (r.cost === null) g.unpricedCalls++;
      else {
        g.cost += r.cost / names.length;
        g.priced++;
      }
      if (by === 'mcp' && name !== NO_MCP) addMcpTools(g, name, r, names.length);
    }
  }
  for (const t of work.turns) {
    const name = turnName(by, t);
    if (name !== null) group(name).turns.push(t);
  }
  const hasTurns = by === 'activity' || by === 'project' || by === 'model';
  const rows: WhereRow[] = [...groups].map(([name, g]) => ({
    name,
    calls: g.calls,
    cost: g.priced ? g.cost : null,
    unpricedCalls: g.unpricedCalls,
    tokens: Math.round(g.tokens),
    share: cost > 0 && g.priced ? g.cost / cost : null,
    turns: hasTurns ? g.turns.length : null,
    ...(hasTurns ? oneShot(g.turns) : { editTurns: 0, oneShotRate: null, retryRate: null }),
    tools: [...g.tools].map(([tool, s]) => ({ name: tool, calls: s.calls, cost: s.priced ? s.cost : null })).sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1) || b.calls - a.calls),
  }));
  rows.sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1) || b.calls - a.calls || a.name.localeCompare(b.name));
  return {
    by,
    rows,
    total: { calls: work.responses.length, cost, unpricedCalls, tokens, turns: work.turns.length, ...oneShot(work.turns) },
    unlabelled: unlabelledAgents(work),
  };
}

/** Within a server's row, its tools: the response's cost split as between its servers, then between that server's tools. */
function addMcpTools(g: Group, server: string, r: WorkResponse, servers: number): void {
  const tools = list(r.row.tools).map(mcpParts).filter((p) => p?.server === server).map((p) => p!.tool);
  if (!tools.length && r.row.mcp_tool) tools.push(r.row.mcp_tool);
  for (const tool of tools.length ? tools : ['(unknown tool)']) {
    let s = g.tools.get(tool);
    if (!s) g.tools.set(tool, (s = { calls: 0, cost: 0, priced: 0 }));
    s.calls++;
    if (r.cost !== null) {
      s.cost += r.cost / servers / (tools.length || 1);
      s.priced++;
    }
  }
}

function unlabelledAgents(work: Work): { agent: string; calls: number }[] {
  const labelled = new Set<string>();
  const calls = new Map<string, number>();
  for (const r of work.responses) {
    if (r.row.turn_id !== null || r.row.actions !== null) labelled.add(r.row.agent);
    calls.set(r.row.agent, (calls.get(r.row.agent) ?? 0) + 1);
  }
  return [...calls].filter(([agent]) => !labelled.has(agent)).map(([agent, n]) => ({ agent, calls: n }));
}
