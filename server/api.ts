// The JSON APIs. Each answer starts with an incremental scan (reused when one just ran),
// then reads the rollups: no request ever scans raw rows.
import type { FastifyInstance } from 'fastify';
import type { Scope } from '../core/config.js';
import { modelBreakdown, periodDays, recentSessions, topProjects } from '../core/dashboard.js';
import type { DashboardState } from './state.js';
import { dataFigures, summaryOf, usageFor } from './summary.js';
import * as schemas from './schemas.js';

type Query = { scope?: Scope; limit?: number };

export function registerApi(app: FastifyInstance, state: DashboardState, version: string): void {
  app.get<{ Querystring: Query }>('/api/summary', { schema: schemas.summary }, async (req) => summaryOf(state, req.query.scope));

  app.get<{ Querystring: Query }>('/api/daily', { schema: schemas.daily }, async (req) => {
    const { u } = usageFor(state, req.query.scope);
    return { period: u.budget.period, unit: u.budget.unit, days: periodDays(u) };
  });

  app.get<{ Querystring: Query }>('/api/models', { schema: schemas.models }, async (req) => modelBreakdown(usageFor(state, req.query.scope).u));

  app.get<{ Querystring: Query }>('/api/projects', { schema: schemas.projects }, async (req) => {
    const { u } = usageFor(state, req.query.scope);
    return { projects: topProjects(u, req.query.limit ?? 10) };
  });

  app.get<{ Querystring: Query }>('/api/sessions', { schema: schemas.sessions }, async (req) => {
    state.refresh();
    const scope = req.query.scope ?? state.config.scope;
    const limit = req.query.limit ?? 20;
    return { sessions: state.memo(`recent|${scope}|${limit}`, () => recentSessions(state.db, limit, scope, state.pricing)) };
  });

  app.get('/api/health', { schema: schemas.health }, async () => {
    state.refresh();
    return { ok: state.scanError === null, version, responses: dataFigures(state).count, lastScanAt: state.lastScanAt, scanError: state.scanError, demo: state.demo };
  });
}
