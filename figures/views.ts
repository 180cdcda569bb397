// The dashboard's breakdowns of the period (per day, model, agent and project), the recent
// sessions and the server's health, each built as its route answers it. The summary and
// the quota, which the CLI prints too, are built in summary.ts.
import { agentBreakdown, modelBreakdown, periodCache, periodDays, recentSessions, topProjects } from './dashboard.js';
import type { DashboardState } from './state.js';
import { dataFigures, usageFor } from './summary.js';
import { filterKey, filterOf, type FilterParams } from './filter.js';
import type { Agents, Daily, Drill, Health, Models, Projects, Sessions, SessionTurns, Where } from './answers.js';
import { readWork, whereReport, type Work, type WhereBy } from './where.js';
import { drill, sessionTurns, type DrillQuery } from './drill.js';
import { startOfDay } from './dashboard.js';
import { addDays } from '../core/calendar.js';

export function dailyOf(state: DashboardState, asked: FilterParams, period?: string): Daily {
  const { u } = usageFor(state, asked, period);
  return { period: u.budget.period, unit: u.budget.unit, days: periodDays(u), cache: periodCache(u) };
}

export function modelsOf(state: DashboardState, asked: FilterParams, period?: string): Models {
  return modelBreakdown(usageFor(state, asked, period).u);
}

/** The period's responses and turns, up to today (a past period: whole), read once per data version. */
function periodWork(state: DashboardState, asked: FilterParams, period?: string): { work: Work; since: string; until: string } {
  const { u, filter } = usageFor(state, asked, period);
  const { start, lastDay } = u.budget.period;
  const until = lastDay < u.today ? lastDay : u.today;
  const work = state.memo(`work|${filterKey(filter)}|${start}|${until}`, () =>
    readWork(state.db, filter, startOfDay(start, state.tz), startOfDay(addDays(until, 1), state.tz), state.pricing));
  return { work, since: start, until };
}

/** The period's spend by `by`. */
export function whereOf(state: DashboardState, asked: FilterParams, by: WhereBy, period?: string): Where {
  const { work, since, until } = periodWork(state, asked, period);
  return { since, until, ...whereReport(work, by) };
}

/** The period's sessions behind one total. */
export function drillOf(state: DashboardState, asked: FilterParams, q: DrillQuery, period?: string): Drill {
  return drill(periodWork(state, asked, period).work, q, state.tz);
}

/** One session's turns and responses, or null when the filter counts none of it. */
export function sessionOf(state: DashboardState, asked: FilterParams, id: string): SessionTurns | null {
  state.refresh();
  const filter = filterOf(state.config, asked);
  return state.memo(`session|${filterKey(filter)}|${id}`, () => sessionTurns(state.db, id, filter, state.pricing));
}

export function agentsOf(state: DashboardState, asked: FilterParams, period?: string): Agents {
  const { u } = usageFor(state, asked, period);
  return { unit: u.budget.unit, agents: agentBreakdown(u) };
}

export function projectsOf(state: DashboardState, asked: FilterParams, limit: number, period?: string): Projects {
  const { u } = usageFor(state, asked, period);
  return { projects: topProjects(u, limit) };
}

export function sessionsOf(state: DashboardState, asked: FilterParams, limit: number): Sessions {
  state.refresh();
  const filter = filterOf(state.config, asked);
  return { sessions: state.memo(`recent|${filterKey(filter)}|${limit}`, () => recentSessions(state.db, limit, filter, state.pricing)) };
}

/** `watch`: how the server follows the logs (its LiveUpdates status). */
export function healthOf(state: DashboardState, version: string, watch: Health['watch']): Health {
  state.refresh();
  return {
    ok: state.scanError === null, version, responses: dataFigures(state).count, lastScanAt: state.lastScanAt,
    scanError: state.scanError, demo: state.demo, watch,
  };
}
