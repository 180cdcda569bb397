// The answer of every dashboard route, declared once as JSON Schema. The server
// serializes each answer from its schema (a field missing here never reaches the page),
// and the TypeScript type of the answer is read from the same declaration, so the figure
// functions, the CLI and the server cannot disagree on a field.
import type { FromSchema } from 'json-schema-to-ts';
import { WHERE_BY } from './where.js';
import { array, bool, date, enumOf, int, nullable, num, object, str } from './schema.js';

const scope = enumOf(['all', 'interactive', 'programmatic']);
const unit = enumOf(['usd', 'tokens']);

const period = object({ start: date, end: date, lastDay: date, resetDay: int, days: int, dayIndex: int });

/** Cache reads ÷ (cache reads + writes + uncached input), null with no prompt tokens; the writes' cost, null while unknown. */
const cache = { cacheHitRatio: nullable('number'), cacheWriteCost: nullable('number') };

const unpriced = array(object({ agent: str, model: str, reason: str, responses: int, tokens: int }));

/** /api/summary, `runway status`: the pacing figures of the billing period. */
export const Summary = object({
  generatedAt: int,
  timezone: str,
  today: date,
  scope,
  /** The agents the figures count, as ?agent= takes it: all, or names joined by commas. */
  agent: str,
  /** The config's budget_agents in the same form: the view every surface shows by default. */
  budgetAgents: str,
  /** The agent names ?agent= takes besides all. */
  agentNames: array(str),
  unit,
  budgetConfigured: bool,
  currency: object({
    symbol: str,
    secondary: { anyOf: [{ type: 'null' }, object({ code: str, rate: num, symbol: str })] },
  }),
  period,
  // Figures that need a budget are null when none is set: no fake colour, date or amount.
  budget: nullable('number'),
  spentToDate: num,
  spentBeforeToday: num,
  spentToday: num,
  remaining: nullable('number'),
  consumedFraction: nullable('number'),
  totalWorkdays: int,
  workdaysElapsed: int,
  workdaysRemaining: int,
  todayIsWorkday: bool,
  dailyBudget: nullable('number'),
  todaysRunway: nullable('number'),
  todaysOverBy: nullable('number'),
  todaysRunwayFraction: nullable('number'),
  /** The forecast's pace per workday (see forecast). */
  avgWorkdaySpend: num,
  projectedSpend: num,
  projectedSurplus: nullable('number'),
  status: { anyOf: [{ type: 'null' }, enumOf(['green', 'yellow', 'red'])] },
  /** The one run-out date: the day the forecast passes the budget; null when it lasts the period. */
  dryDate: nullable('string'),
  expectedFraction: num,
  /** How the projection, surplus, status and run-out date are forecast. */
  forecast: object({ from: date, workdays: int, runwayDays: nullable('integer'), method: str }),
  /** What has been burning, as it is: the last 24 hours and the period's daily average. */
  burn: object({ ratePerDay: num, avgPerDay: num }),
  sessions: int,
  totals: object({ cost: num, tokens: int, responses: int, unpricedResponses: int, unpricedTokens: int }),
  unpriced,
  calibration: object({ file: nullable('string'), note: nullable('string'), error: nullable('string'), entries: int }),
  /** Claude Code's budget_usd records of the period against Runway's prices (see figures/ledger.ts). */
  ledger: object({
    checkpoints: int, sessions: int, agreeing: int, unpriced: int, worst: nullable('number'), note: nullable('string'),
    disagreements: array(object({ sessionId: str, ts: int, claudeCodeUsd: num, runwayUsd: num, difference: nullable('number'), models: array(str) })),
  }),
  freshness: object({ lastScanAt: nullable('integer'), latestResponseAt: nullable('integer'), scanError: nullable('string') }),
  configError: nullable('string'),
  priceSource: str,
  costMode: enumOf(['auto', 'calculate', 'display']),
  data: object({ responses: int, roots: array(object({ source: str, path: str, exists: bool, files: int })) }),
  refreshIntervalSeconds: int,
  demo: bool,
  /** The period shown: the current one or a past one, and the first days of its neighbours (none after the current). */
  view: object({ current: bool, previous: date, next: nullable('string') }),
});
export type Summary = FromSchema<typeof Summary>;

const quotaWindow = object({
  window: enumOf(['five_hour', 'seven_day', 'codex_five_hour', 'codex_seven_day']),
  label: str,
  usedPercentage: num,
  level: enumOf(['ok', 'warn', 'alarm']),
  observedAt: int,
  resetsAt: nullable('integer'),
  resetInMs: nullable('integer'),
  burnRate: nullable('number'),
  rateUnit: enumOf(['hour', 'day']),
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

/** /api/quota: the 5h/7d quota readings and the 5-hour blocks estimated from the logs. */
export const Quota = object({
  generatedAt: int,
  thresholds: object({ warn: num, alarm: num }),
  windows: array(quotaWindow),
  unit,
  blocks: array(block),
});
export type Quota = FromSchema<typeof Quota>;

/** /api/daily: every day of the period, future days included, and the period's cache figures. */
export const Daily = object({
  period,
  unit,
  days: array(object({
    date, spend: num, cost: num, tokens: int, inputTokens: int, outputTokens: int, cacheWriteTokens: int,
    cacheReadTokens: int, reasoningTokens: int, premiumRequests: int, responses: int, unpricedResponses: int, ...cache,
    workday: bool, holiday: bool, isToday: bool, isFuture: bool, dailyBudgetLine: nullable('number'),
  })),
  /** cacheWriteShare: the cache writes' share of the priced spend. */
  cache: object({ ...cache, cacheWriteShare: nullable('number') }),
});
export type Daily = FromSchema<typeof Daily>;

/** /api/models: cost and share per model (per agent: a model used through two is two rows) and per family, the unpriced models apart. */
export const Models = object({
  models: array(object({
    agent: str, model: str, family: str, cost: num, tokens: int, reasoningTokens: int, premiumRequests: int, responses: int,
    share: num, unpricedResponses: int, ...cache,
  })),
  families: array(object({ family: str, cost: num, tokens: int, share: num })),
  unpriced,
});
export type Models = FromSchema<typeof Models>;

/** /api/agents: the period per agent; each share is of the spend in the budget's unit, so they add up to 1. */
export const Agents = object({
  unit,
  agents: array(object({
    agent: str, cost: num, tokens: int, reasoningTokens: int, premiumRequests: int, responses: int, share: num,
    unpricedResponses: int, unpricedTokens: int,
  })),
});
export type Agents = FromSchema<typeof Agents>;

/** /api/projects: the projects that cost the most this period. */
export const Projects = object({
  projects: array(object({ project: str, name: str, agents: array(str), cost: num, tokens: int, responses: int, share: num, unpricedResponses: int, ...cache })),
});
export type Projects = FromSchema<typeof Projects>;

/** /api/sessions: the most recently active sessions. */
export const Sessions = object({
  sessions: array(object({
    sessionId: str, agent: str, project: str, firstAt: int, lastAt: int, responses: int, tokens: int, cost: num,
    unpricedResponses: int, models: array(str), ...cache,
  })),
});
export type Sessions = FromSchema<typeof Sessions>;

const kinds = { inputTokens: int, cacheWriteTokens: int, cacheReadTokens: int, outputTokens: int, reasoningTokens: int };

/** /api/last-request: the newest response of the view (ids, time, model and counts, no content) beside the period's totals. */
export const LastRequest = object({
  latest: {
    anyOf: [{ type: 'null' }, object({
      ts: int, agent: str, model: str, sessionId: nullable('string'), ...kinds,
      /** null: unpriced, with the reason. */
      cost: nullable('number'), unpricedReason: nullable('string'),
    })],
  },
  totals: object({ responses: int, ...kinds, cost: num, unpricedResponses: int }),
});
export type LastRequest = FromSchema<typeof LastRequest>;

const oneShot = { editTurns: int, oneShotRate: nullable('number'), retryRate: nullable('number') };

/** /api/where: the period's spend broken down one way (figures/where.ts); the rows' costs add up to the total. */
export const Where = object({
  by: enumOf(WHERE_BY),
  since: date,
  until: date,
  rows: array(object({
    name: str, calls: int, cost: nullable('number'), unpricedCalls: int, tokens: int, share: nullable('number'),
    turns: nullable('integer'), ...oneShot,
    tools: array(object({ name: str, calls: int, cost: nullable('number') })),
  })),
  total: object({ calls: int, cost: num, unpricedCalls: int, tokens: int, turns: int, ...oneShot }),
  unlabelled: array(object({ agent: str, calls: int })),
});
export type Where = FromSchema<typeof Where>;

const drillTotals = { calls: int, cost: num, unpricedCalls: int, tokens: int };

/** /api/drill: the sessions behind one total of the period (a day, model, project or activity). */
export const Drill = object({
  sessions: array(object({ sessionId: str, agent: str, project: str, firstAt: int, lastAt: int, ...drillTotals, models: array(str) })),
  total: object(drillTotals),
});
export type Drill = FromSchema<typeof Drill>;

/** /api/session: one session opened to its turns and their responses (ids, times, counts and tool names, no content). */
export const SessionTurns = object({
  sessionId: str,
  project: str,
  turns: array(object({
    activity: str, edits: bool, retried: bool, firstAt: int, cost: num, unpricedCalls: int,
    responses: array(object({
      ts: int, model: str, agent: str, inputTokens: int, outputTokens: int, cacheWriteTokens: int, cacheReadTokens: int,
      cost: nullable('number'), tools: array(str),
    })),
  })),
});
export type SessionTurns = FromSchema<typeof SessionTurns>;

/** /api/health: whether the last scan worked, and how the logs are followed. */
export const Health = object({
  ok: bool, version: str, responses: int, lastScanAt: nullable('integer'), scanError: nullable('string'), demo: bool,
  watch: object({ mode: enumOf(['events', 'polling', 'off']), reason: nullable('string') }),
});
export type Health = FromSchema<typeof Health>;

/**
 * /api/team: with `serve --team`, the team database's people and devices (the page's other
 * answers are the team's already); null on a single machine's dashboard.
 */
export const Team = object({
  team: {
    anyOf: [
      { type: 'null' },
      object({
        /** The database as user@host:port/name: never its password. */
        database: str,
        /** When the page's figures were last read from it, ms; null before the first read. */
        readAt: nullable('integer'),
        /** Why the last read failed (the figures are the read before); null when it worked. */
        error: nullable('string'),
        period: object({ start: date, lastDay: date }),
        staleAfterMs: int,
        persons: array(object({ person: str, spent: num, responses: int, unpricedResponses: int, budget: nullable('number'), devices: int })),
        devices: array(object({
          name: str, person: str, label: str, lastSyncAt: str, silentMs: int, stale: bool, spent: num, responses: int, unpricedResponses: int,
        })),
      }),
    ],
  },
});
export type Team = FromSchema<typeof Team>;
