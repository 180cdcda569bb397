// Drill-through: the sessions behind a total (a day, model, project or activity of the
// period), and one session opened to its turns and responses. Read from the same Work as the
// breakdowns (figures/where.ts), so a total and the sessions it links to agree.
import { dateInZone } from '../core/calendar.js';
import type { Db } from '../store/db.js';
import type { UsageFilter } from '../store/rollups.js';
import type { Pricing } from './usage.js';
import { namesOf, readWork, type WhereBy, type Work, type WorkResponse } from './where.js';

export interface DrillQuery {
  day?: string;
  model?: string;
  project?: string;
  activity?: string;
  /** A row of any breakdown: the responses that count under `name` in `by`, each with its share there (a call of several tools is split, as in the row). */
  by?: WhereBy;
  name?: string;
}

export interface DrillSession {
  sessionId: string;
  agent: string;
  project: string;
  firstAt: number;
  lastAt: number;
  calls: number;
  cost: number;
  unpricedCalls: number;
  tokens: number;
  models: string[];
}

export interface Drill {
  sessions: DrillSession[];
  total: { calls: number; cost: number; unpricedCalls: number; tokens: number };
}

/** The share of a response's cost and tokens the asked total holds: 1, 0, or its part of a split row. */
function weight(r: WorkResponse, q: DrillQuery, tz: string): number {
  const kept = (q.day === undefined || dateInZone(r.row.ts, tz) === q.day)
    && (q.model === undefined || r.row.model === q.model)
    && (q.project === undefined || (r.row.project ?? '') === q.project)
    && (q.activity === undefined || r.turn.activity === q.activity);
  if (!kept || q.by === undefined || q.name === undefined) return kept ? 1 : 0;
  const names = namesOf(q.by, r);
  return names.includes(q.name) ? 1 / names.length : 0;
}

/** The sessions whose responses make the asked total, the most expensive first. */
export function drill(work: Work, q: DrillQuery, tz: string): Drill {
  const sessions = new Map<string, DrillSession>();
  const total = { calls: 0, cost: 0, unpricedCalls: 0, tokens: 0 };
  for (const r of work.responses) {
    const w = weight(r, q, tz);
    if (w === 0) continue;
    const id = r.row.session_id ?? '';
    let s = sessions.get(id);
    if (!s) {
      s = { sessionId: id, agent: r.row.agent, project: r.row.project ?? '', firstAt: r.row.ts, lastAt: r.row.ts, calls: 0, cost: 0, unpricedCalls: 0, tokens: 0, models: [] };
      sessions.set(id, s);
    }
    s.lastAt = r.row.ts;
    if (!s.project && r.row.project) s.project = r.row.project;
    if (r.row.model && !s.models.includes(r.row.model)) s.models.push(r.row.model);
    for (const t of [s, total]) {
      t.calls++;
      t.tokens += r.tokens * w;
      if (r.cost === null) t.unpricedCalls++;
      else t.cost += r.cost * w;
    }
  }
  return { sessions: [...sessions.values()].sort((a, b) => b.cost - a.cost || b.lastAt - a.lastAt), total };
}

export interface SessionTurn {
  activity: string;
  edits: boolean;
  retried: boolean;
  firstAt: number;
  cost: number;
  unpricedCalls: number;
  responses: {
    ts: number; model: string; agent: string; inputTokens: number; outputTokens: number; cacheWriteTokens: number;
    cacheReadTokens: number; cost: number | null; tools: string[];
  }[];
}

/** One session's turns and their responses, oldest first; null when none is counted. */
export function sessionTurns(db: Db, id: string, f: UsageFilter, pricing: Pricing): { sessionId: string; project: string; turns: SessionTurn[] } | null {
  const span = db.prepare('SELECT min(first_ts) AS a, max(last_ts) AS b FROM session_usage WHERE session_id = ?').get(id) as { a: number | null; b: number | null };
  if (span.a === null || span.b === null) return null;
  const work = readWork(db, { ...f, session: id }, span.a, span.b + 1, pricing);
  if (!work.responses.length) return null;
  return {
    sessionId: id,
    project: work.turns.find((t) => t.project)?.project ?? '',
    turns: work.turns.map((t) => ({
      activity: t.activity, edits: t.edits, retried: t.retried, firstAt: t.firstTs, cost: t.cost, unpricedCalls: t.unpriced,
      responses: t.responses.map(({ row, cost }) => ({
        ts: row.ts, model: row.model, agent: row.agent, inputTokens: row.inputTokens, outputTokens: row.outputTokens,
        cacheWriteTokens: row.cacheWrite5mTokens + row.cacheWrite1hTokens, cacheReadTokens: row.cacheReadTokens, cost,
        tools: row.tools ? row.tools.split(',') : [],
      })),
    })),
  };
}
