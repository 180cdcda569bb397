// The dashboard's breakdowns of the period (per day, model and project), the recent
// sessions and the server's health, each built as its route answers it. The summary and
// the quota, which the CLI prints too, are built in summary.ts.
import type { Scope } from '../core/config.js';
import { modelBreakdown, periodDays, recentSessions, topProjects } from './dashboard.js';
import type { DashboardState } from './state.js';
import { dataFigures, usageFor } from './summary.js';
import type { Daily, Health, Models, Projects, Sessions } from './answers.js';

export function dailyOf(state: DashboardState, scope: Scope | undefined, period?: string): Daily {
  const { u } = usageFor(state, scope, period);
  return { period: u.budget.period, unit: u.budget.unit, days: periodDays(u) };
}

export function modelsOf(state: DashboardState, scope: Scope | undefined, period?: string): Models {
  return modelBreakdown(usageFor(state, scope, period).u);
}

export function projectsOf(state: DashboardState, scope: Scope | undefined, limit: number, period?: string): Projects {
  const { u } = usageFor(state, scope, period);
  return { projects: topProjects(u, limit) };
}

export function sessionsOf(state: DashboardState, scopeParam: Scope | undefined, limit: number): Sessions {
  state.refresh();
  const scope = scopeParam ?? state.config.scope;
  return { sessions: state.memo(`recent|${scope}|${limit}`, () => recentSessions(state.db, limit, scope, state.pricing)) };
}

/** `watch`: how the server follows the logs (its LiveUpdates status). */
export function healthOf(state: DashboardState, version: string, watch: Health['watch']): Health {
  state.refresh();
  return {
    ok: state.scanError === null, version, responses: dataFigures(state).count, lastScanAt: state.lastScanAt,
    scanError: state.scanError, demo: state.demo, watch,
  };
}
