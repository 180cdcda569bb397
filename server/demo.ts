// Generated usage for `runway serve --demo` and `runway watch --demo`: a believable two
// months of Claude Code work (busy workdays, quiet weekends, several projects and models,
// one model without a price) ending at "now", written straight into a throwaway database,
// with the demo's own settings and quota readings.
import { Store } from '../store/writer.js';
import { Origin, type QuotaReading, type UsageEvent } from '../sources/types.js';
import type { Db } from '../store/db.js';
import { addDays, dateInZone, daysBetween, periodFor, weekday } from '../core/calendar.js';
import { parseConfig, type Config } from '../core/config.js';
import { startOfDay } from '../figures/dashboard.js';
import { demoWork } from './demo-work.js';

export interface DemoOptions {
  nowMs: number;
  tz: string;
  /** Days up to today; by default 60, or more to hold the whole previous month. */
  days?: number;
  /** Sessions on a busy workday; the database bench raises it to reach a million responses. */
  sessionsPerWorkday?: number;
  seed?: number;
}

/** The demo's monthly budget in dollars, whatever budget the user set. */
export const DEMO_BUDGET = 750;

const PROJECTS = ['/home/dev/src/checkout-api', '/home/dev/src/web-app', '/home/dev/src/infra', '/home/dev/src/data-pipeline', '/home/dev/src/mobile', '/home/dev/src/docs'];
// Weighted: most work on Opus and Sonnet, a little Haiku.
const MODELS = [['claude-opus-5-5', 40], ['claude-sonnet-5-5', 40], ['claude-haiku-4-5-20251001', 20]] as const;
/** The models the demo uses that the price table knows. */
/** Every fifth session is a Codex one, so the by-agent card and the picker have two agents to show. */
const CODEX_MODEL = 'gpt-5.3-codex';
const CODEX_EVERY = 5;
export const DEMO_PRICED_MODELS: readonly string[] = [...MODELS.map(([model]) => model), CODEX_MODEL];
/** A model no price table knows, so the demo shows how unpriced usage is called out. */
export const UNPRICED_MODEL = 'claude-experimental-preview';
const UNPRICED_EVERY = 40;
const HOUR_MS = 3_600_000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function generateDemo(db: Db, opts: DemoOptions): number {
  const random = rng(opts.seed ?? 42);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pickModel = () => {
    let r = random() * 100;
    for (const [model, weight] of MODELS) if ((r -= weight) < 0) return model;
    return MODELS[0][0];
  };
  const today = dateInZone(opts.nowMs, opts.tz);
  const days = opts.days ?? defaultDays(today);
  const busy = opts.sessionsPerWorkday ?? 6;
  const store = new Store(db);
  let written = 0;
  let session = 0;
  /** One session's responses up to now; `model` null picks one (every 40th session unpriced). */
  const demoSession = (model: string | null, start: () => number): UsageEvent[] => {
    const sessionId = `demo-${String(++session).padStart(6, '0')}`;
    const codex = model === null && session % CODEX_EVERY === 2;
    const picked = codex ? CODEX_MODEL : model ?? (session % UNPRICED_EVERY === 0 ? UNPRICED_MODEL : pickModel());
    const project = PROJECTS[Math.floor(random() ** 1.6 * PROJECTS.length)]!;
    const entrypoint = codex ? 'cli' : random() < 0.8 ? 'cli' : 'sdk-cli';
    let ts = start();
    let context = between(12_000, 25_000);
    const responses = between(15, 110);
    const events: UsageEvent[] = [];
    for (let i = 0; i < responses && ts <= opts.nowMs; i++) {
      const write = between(300, 6_000);
      const output = between(80, 2_500);
      // Codex caches without a write charge and reports reasoning inside its output.
      const event = demoEvent(`${sessionId}-${i}`, ts, sessionId, project, entrypoint, picked, {
        input: codex ? write : between(1, 40), output, write: codex ? 0 : write, read: context, reasoning: codex ? Math.floor(output * 0.4) : 0,
      }, codex ? 'codex' : 'claude-code');
      events.push({ ...event, ...demoWork(session, i, event.agent) });
      context = Math.min(context + write, 180_000);
      ts += between(15, 120) * 1000;
    }
    return events;
  };
  for (let d = days - 1; d >= 0; d--) {
    const date = addDays(today, -d);
    const weekend = weekday(date) === 0 || weekday(date) === 6;
    const sessions = weekend ? (random() < 0.4 ? between(0, Math.max(1, busy / 4)) : 0) : between(Math.ceil(busy / 2), busy + 2);
    const dayStart = startOfDay(date, opts.tz);
    const events: UsageEvent[] = [];
    for (let s = 0; s < sessions; s++) {
      // Sessions of today that start after now have not happened yet: they yield nothing.
      events.push(...demoSession(null, () => dayStart + between(8, 18) * HOUR_MS + between(0, 3_599) * 1000));
    }
    if (d === 0) {
      // Whatever the hour, today (and so the period) shows priced and unpriced usage up to now.
      const earlier = () => startBefore(dayStart, opts.nowMs, between);
      if (!events.some((e) => e.model !== UNPRICED_MODEL)) events.push(...demoSession(pickModel(), earlier));
      if (!events.some((e) => e.model === UNPRICED_MODEL)) events.push(...demoSession(UNPRICED_MODEL, earlier));
    }
    written += store.write(events, []);
  }
  return written;
}

/** 60 days, or more when the previous month began earlier (July 1 seen from August 31). */
function defaultDays(today: string): number {
  const previousMonth = periodFor(addDays(periodFor(today, 1).start, -1), 1).start;
  return Math.max(60, daysBetween(previousMonth, today) + 1);
}

/**
 * The demo's settings: the demo budget in dollars from the 1st, every other budget and
 * report setting at its default. Only how money is shown (currency, refresh) is the user's.
 */
export function demoConfig(user: Config): Config {
  return {
    ...parseConfig({}, 'demo'),
    monthly_budget: DEMO_BUDGET,
    budget_unit: 'usd',
    reset_day: 1,
    currency_symbol: user.currency_symbol,
    secondary_currency: user.secondary_currency,
    refresh_interval_seconds: user.refresh_interval_seconds,
  };
}

/** The status line's 5h/7d quota readings, as if it had just reported them. */
export function demoReadings(nowMs: number): QuotaReading[] {
  return [
    { window: 'five_hour', ts: nowMs, usedPercentage: 62, resetsAt: nowMs + 1.7 * HOUR_MS },
    { window: 'seven_day', ts: nowMs, usedPercentage: 41, resetsAt: nowMs + 71 * HOUR_MS },
  ];
}

/** A whole second from 08:00 to now, or from midnight before 08:00: even 00:05 has usage. */
function startBefore(dayStart: number, nowMs: number, between: (lo: number, hi: number) => number): number {
  const eight = dayStart + 8 * HOUR_MS;
  const from = nowMs > eight ? eight : dayStart;
  return from + between(0, Math.floor((nowMs - from) / 1000)) * 1000;
}

export function demoEvent(id: string, ts: number, sessionId: string, project: string, entrypoint: string, model: string,
  t: { input: number; output: number; write: number; read: number; reasoning?: number }, agent = 'claude-code'): UsageEvent {
  return {
    key: `msg_${id}`, messageId: `msg_${id}`, requestId: `req_${id}`, ts, sessionId, agentId: null, sidechain: false,
    project, gitBranch: 'main', entrypoint, version: '2.1.40', model,
    inputTokens: t.input, outputTokens: t.output, cacheWrite5mTokens: t.write, cacheWrite1hTokens: 0,
    cacheReadTokens: t.read, webSearchRequests: 0, speed: null, inferenceGeo: null, serviceTier: null, costUsd: null, agentType: null, skill: null,
    mcpServer: null, mcpTool: null, plugin: null, tools: null, reasoningTokens: t.reasoning ?? 0, premiumRequests: 0, origin: Origin.Direct, agent,
  };
}
