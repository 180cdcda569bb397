// The JSON APIs. Each answer starts with an incremental scan (reused when one just ran),
// then reads the rollups: no request ever scans raw rows.
import type { FastifyInstance } from 'fastify';
import type { Scope } from '../core/config.js';
import {
  countSessions, modelBreakdown, periodDays, periodTotals, periodUsage, recentSessions, startOfDay, topProjects,
  type PeriodUsage,
} from '../core/dashboard.js';
import type { DashboardState } from './state.js';
import * as schemas from './schemas.js';

type Query = { scope?: Scope; limit?: number };

function usageFor(state: DashboardState, scope: Scope | undefined): { u: PeriodUsage; scope: Scope } {
  state.refresh();
  const s = scope ?? state.config.scope;
  return {
    scope: s,
    u: periodUsage({ db: state.db, config: state.config, pricing: state.pricing, tz: state.tz, nowMs: state.now(), scope: s }),
  };
}

export function summaryOf(state: DashboardState, scopeParam: Scope | undefined) {
  const { u, scope } = usageFor(state, scopeParam);
  const { config, db } = state;
  const totals = periodTotals(u);
  const { days: _days, ...engine } = u.budget;
  const latest = db.prepare('SELECT max(ts) AS ts FROM responses').get() as { ts: number | null };
  const count = db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number };
  const secondary = config.secondary_currency;
  return {
    generatedAt: state.now(),
    timezone: state.tz,
    today: u.today,
    scope,
    budgetConfigured: u.budgetConfigured,
    currency: {
      symbol: config.currency_symbol,
      secondary: secondary ? { code: secondary.code.toUpperCase(), rate: secondary.rate, symbol: secondary.symbol ?? secondary.code.toUpperCase() } : null,
    },
    ...engine,
    sessions: countSessions(db, startOfDay(u.budget.period.start, state.tz), scope),
    totals: {
      cost: totals.cost,
      tokens: totals.totalTokens,
      responses: totals.responses,
      unpricedResponses: totals.unpricedResponses,
      unpricedTokens: totals.unpricedTokens,
    },
    unpriced: modelBreakdown(u).unpriced,
    calibration: state.calibration,
    freshness: { lastScanAt: state.lastScanAt, latestResponseAt: latest.ts, scanError: state.scanError },
    configError: state.configError,
    priceSource: state.pricing.table.source,
    costMode: state.pricing.mode,
    data: { responses: count.n, roots: state.roots.map((r) => ({ path: r.logDir, exists: r.exists, files: r.files })) },
    refreshIntervalSeconds: config.refresh_interval_seconds,
    demo: state.demo,
  };
}

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
    return { sessions: recentSessions(state.db, req.query.limit ?? 20, req.query.scope ?? state.config.scope, state.pricing) };
  });

  app.get('/api/health', { schema: schemas.health }, async () => {
    state.refresh();
    const count = state.db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number };
    return { ok: state.scanError === null, version, responses: count.n, lastScanAt: state.lastScanAt, scanError: state.scanError, demo: state.demo };
  });
}
