// Route schemas: queries are validated (a bad one is a 400), responses are serialized
// from these, so a field missing here never reaches the page.
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const nullable = (t: 'number' | 'string' | 'integer') => ({ type: [t, 'null'] }) as const;
const date = { type: 'string', format: 'date' } as const;

function object(properties: Record<string, unknown>) {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false } as const;
}

const scopeQuery = { scope: { type: 'string', enum: ['all', 'interactive', 'programmatic'] } };
const limitQuery = (max: number, dflt: number) => ({ limit: { type: 'integer', minimum: 1, maximum: max, default: dflt } });

export const error = object({ error: str });

const period = object({ start: date, end: date, lastDay: date, resetDay: int, days: int, dayIndex: int });

const unpriced = { type: 'array', items: object({ model: str, reason: str, responses: int, tokens: int }) };

export const summary = {
  querystring: { type: 'object', properties: scopeQuery, additionalProperties: false },
  response: {
    200: object({
      generatedAt: int,
      timezone: str,
      today: date,
      scope: str,
      unit: str,
      budgetConfigured: bool,
      currency: object({
        symbol: str,
        secondary: { anyOf: [{ type: 'null' }, object({ code: str, rate: num, symbol: str })] },
      }),
      period,
      budget: num,
      spentToDate: num,
      spentBeforeToday: num,
      spentToday: num,
      remaining: num,
      consumedFraction: num,
      totalWorkdays: int,
      workdaysElapsed: int,
      workdaysRemaining: int,
      todayIsWorkday: bool,
      dailyBudget: num,
      todaysRunway: num,
      todaysRunwayFraction: num,
      avgWorkdaySpend: num,
      projectedSpend: num,
      projectedSurplus: num,
      status: { type: 'string', enum: ['green', 'yellow', 'red'] },
      dryDate: nullable('string'),
      expectedFraction: num,
      burn: object({
        ratePerDay: num,
        avgPerDay: num,
        runwayDays: nullable('number'),
        runwayDate: nullable('string'),
        runwayEndsAtMs: nullable('number'),
        lastsPeriod: bool,
      }),
      sessions: int,
      totals: object({ cost: num, tokens: int, responses: int, unpricedResponses: int, unpricedTokens: int }),
      unpriced,
      calibration: object({ file: str, note: nullable('string'), error: nullable('string'), entries: int }),
      freshness: object({ lastScanAt: nullable('integer'), latestResponseAt: nullable('integer'), scanError: nullable('string') }),
      configError: nullable('string'),
      priceSource: str,
      costMode: str,
      data: object({ responses: int, roots: { type: 'array', items: object({ path: str, exists: bool, files: int }) } }),
      refreshIntervalSeconds: int,
      demo: bool,
    }),
  },
};

const quotaWindow = object({
  window: { type: 'string', enum: ['five_hour', 'seven_day'] },
  label: str,
  usedPercentage: num,
  level: { type: 'string', enum: ['ok', 'warn', 'alarm'] },
  observedAt: int,
  resetsAt: nullable('integer'),
  resetInMs: nullable('integer'),
  burnRate: nullable('number'),
  rateUnit: { type: 'string', enum: ['hour', 'day'] },
  exhaustsAt: nullable('number'),
  reserveMs: nullable('number'),
  expired: bool,
});

const block = object({
  start: int,
  end: int,
  firstTs: int,
  lastTs: int,
  responses: int,
  tokens: int,
  cost: num,
  unpricedResponses: int,
  active: bool,
  projection: { anyOf: [{ type: 'null' }, object({ cost: num, tokens: num, costPerHour: num })] },
});

export const quota = {
  querystring: { type: 'object', properties: scopeQuery, additionalProperties: false },
  response: {
    200: object({
      generatedAt: int,
      thresholds: object({ warn: num, alarm: num }),
      windows: { type: 'array', items: quotaWindow },
      unit: str,
      blocks: { type: 'array', items: block },
    }),
  },
};

export const daily = {
  querystring: summary.querystring,
  response: {
    200: object({
      period,
      unit: str,
      days: {
        type: 'array',
        items: object({
          date, spend: num, cost: num, tokens: int, inputTokens: int, outputTokens: int, cacheWriteTokens: int,
          cacheReadTokens: int, responses: int, unpricedResponses: int, workday: bool, holiday: bool,
          isToday: bool, isFuture: bool, dailyBudgetLine: nullable('number'),
        }),
      },
    }),
  },
};

export const models = {
  querystring: summary.querystring,
  response: {
    200: object({
      models: {
        type: 'array',
        items: object({ model: str, family: str, cost: num, tokens: int, responses: int, share: num, unpricedResponses: int }),
      },
      families: { type: 'array', items: object({ family: str, cost: num, tokens: int, share: num }) },
      unpriced,
    }),
  },
};

export const projects = {
  querystring: { type: 'object', properties: { ...scopeQuery, ...limitQuery(100, 10) }, additionalProperties: false },
  response: {
    200: object({
      projects: {
        type: 'array',
        items: object({ project: str, name: str, cost: num, tokens: int, responses: int, share: num, unpricedResponses: int }),
      },
    }),
  },
};

export const sessions = {
  querystring: { type: 'object', properties: { ...scopeQuery, ...limitQuery(500, 20) }, additionalProperties: false },
  response: {
    200: object({
      sessions: {
        type: 'array',
        items: object({
          sessionId: str, project: str, firstAt: int, lastAt: int, responses: int, tokens: int, cost: num,
          unpricedResponses: int, models: { type: 'array', items: str },
        }),
      },
    }),
  },
};

export const health = {
  response: {
    200: object({
      ok: bool, version: str, responses: int, lastScanAt: nullable('integer'), scanError: nullable('string'), demo: bool,
      watch: object({ mode: { type: 'string', enum: ['events', 'polling', 'off'] }, reason: nullable('string') }),
    }),
  },
};

export const events = {
  querystring: summary.querystring,
  response: { 503: error },
};
