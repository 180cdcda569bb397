// A team database for the team views' tests: four devices of three people, responses from
// late November to the pinned "now" (2026-12-10 15:00 UTC), two of them on either side of
// New York's midnight at the month's turn, one model without a price and one logged cost.
// Every expected figure is computed here from the inserted rows and the published rates
// (/work/shared/prices.md), never read from Runway's output.
import pg from 'pg';
import { computeBudget, FORECAST_LOOKBACK_DAYS, type BudgetSummary } from '../../core/budget.js';
import { addDays } from '../../core/calendar.js';
import { migrateTeam } from '../../store/team/connect.js';

export const NOW = '2026-12-10T15:00:00Z';
export const NOW_MS = Date.parse(NOW);
export const TZ = 'America/New_York';
const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const A = '00000000-0000-4000-8000-00000000000a';
export const B = '00000000-0000-4000-8000-00000000000b';
export const C = '00000000-0000-4000-8000-00000000000c';
export const D = '00000000-0000-4000-8000-00000000000d';

export const DEVICES = [
  { id: A, person: 'alice', label: 'laptop', lastSync: NOW_MS - HOUR },
  // Silent exactly team.stale_after (7d): not stale yet.
  { id: B, person: 'alice', label: 'desktop', lastSync: NOW_MS - 7 * DAY },
  // A second longer: stale, its spend still counted.
  { id: C, person: 'bob', label: 'laptop', lastSync: NOW_MS - 7 * DAY - 1000 },
  { id: D, person: 'carol', label: 'ci', lastSync: NOW_MS - 2 * HOUR },
];

/** USD per million tokens: input, output, 5m write, 1h write, cache read (prices.md). */
const RATES: Record<string, [number, number, number, number, number]> = {
  'claude-opus-4-5': [5, 25, 6.25, 10, 0.5],
  'claude-haiku-4-5': [1, 5, 1.25, 2, 0.1],
};
export const UNPRICED_MODEL = 'mystery-model-x';

export interface Resp {
  device: string;
  key: string;
  agent: string;
  ts: number;
  model: string;
  project: string;
  input: number;
  output: number;
  cw5: number;
  cw1h: number;
  cr: number;
  web: number;
  costUsd: number | null;
}

function make(i: number, ts: number): Resp {
  const device = DEVICES[i % 4]!.id;
  return {
    device, key: `r${i}`, agent: i % 7 === 3 ? 'codex' : 'claude-code', ts,
    model: i % 13 === 5 ? UNPRICED_MODEL : i % 5 === 4 ? 'claude-haiku-4-5' : 'claude-opus-4-5',
    project: ['/w/app', '/w/api', '/w/site'][Math.floor(i / 3) % 3]!,
    input: 1000 + i * 37, output: 200 + i * 11, cw5: (i % 3) * 500, cw1h: i % 4 === 1 ? 300 : 0, cr: 5000 + i * 101,
    web: i % 6 === 0 ? 2 : 0, costUsd: i === 17 ? 1.2345 : null,
  };
}

export const RESPONSES: Resp[] = [
  ...Array.from({ length: 64 }, (_, i) => make(i, Date.UTC(2026, 10, 25, 1, 7) + i * 5.6 * HOUR)),
  // 22:00 in New York on November 30, already December in UTC.
  { ...make(100, Date.UTC(2026, 11, 1, 3, 0)), device: A, model: 'claude-opus-4-5', costUsd: null },
  // 00:00 in New York on December 1.
  { ...make(101, Date.UTC(2026, 11, 1, 5, 0)), device: B, model: 'claude-haiku-4-5', costUsd: null },
  // In the last 24 hours, for the burn rate.
  { ...make(102, NOW_MS - 30 * 60_000), device: D, model: 'claude-opus-4-5', costUsd: null },
];

/** The cost Runway should give a response (auto cost mode): the logged cost when there is one, else the rates; null without a price. */
export function costOf(r: Resp): number | null {
  if (r.costUsd !== null) return r.costUsd;
  const rate = RATES[r.model];
  if (!rate) return null;
  return (r.input * rate[0] + r.output * rate[1] + r.cw5 * rate[2] + r.cw1h * rate[3] + r.cr * rate[4]) / 1e6 + r.web * 0.01;
}

/** New York is five hours behind UTC from November to March. */
export const localDate = (ts: number) => new Date(ts - 5 * HOUR).toISOString().slice(0, 10);
export const personOf = (device: string) => DEVICES.find((d) => d.id === device)!.person;
export const tokensOf = (r: Resp) => r.input + r.output + r.cw5 + r.cw1h + r.cr;

/** Sums of the responses `keep` chooses: cost of the priced ones, and the unpriced count. */
export function sums(keep: (r: Resp) => boolean) {
  const rs = RESPONSES.filter(keep);
  let cost = 0;
  let unpriced = 0;
  for (const r of rs) {
    const c = costOf(r);
    if (c === null) unpriced++;
    else cost += c;
  }
  return {
    responses: rs.length, cost, unpriced,
    input: rs.reduce((s, r) => s + r.input, 0), output: rs.reduce((s, r) => s + r.output, 0),
    cacheWrite: rs.reduce((s, r) => s + r.cw5 + r.cw1h, 0), cacheRead: rs.reduce((s, r) => s + r.cr, 0),
    tokens: rs.reduce((s, r) => s + tokensOf(r), 0),
  };
}

const COLS = 'device_id, key, agent, ts, model, project, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, web_search_requests, cost_usd';

/** The team schema and the fixture's devices and responses, in the database at `url`. */
export async function fillTeam(url: string, responses = RESPONSES): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await migrateTeam(db);
    for (const d of DEVICES) {
      await db.query(`INSERT INTO devices (device_id, person, label, first_sync_at, last_sync_at) VALUES ($1, $2, $3, to_timestamp($4::double precision / 1000), to_timestamp($5::double precision / 1000))`,
        [d.id, d.person, d.label, Date.UTC(2026, 10, 1), d.lastSync]);
    }
    const col = <K extends keyof Resp>(k: K) => responses.map((r) => r[k]);
    await db.query(`INSERT INTO responses (${COLS}) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],
      $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::double precision[])`,
    [col('device'), col('key'), col('agent'), col('ts'), col('model'), col('project'), col('input'), col('output'), col('cw5'), col('cw1h'), col('cr'), col('web'), col('costUsd')]);
  } finally {
    await db.end();
  }
}

/** What core/budget gives for `amount` over the responses `keep` chooses, summed per New York day by this file. */
export function expectedBudget(amount: number, keep: (r: Resp) => boolean = () => true): BudgetSummary {
  const daily = new Map<string, number>();
  for (const r of RESPONSES) {
    const d = localDate(r.ts);
    if (!keep(r) || d < addDays('2026-12-01', -FORECAST_LOOKBACK_DAYS) || d > '2026-12-10') continue;
    daily.set(d, (daily.get(d) ?? 0) + (costOf(r) ?? 0));
  }
  const last24h = sums((r) => keep(r) && r.ts >= NOW_MS - DAY && r.ts < NOW_MS).cost;
  return computeBudget({
    today: '2026-12-10', daily, last24h,
    config: { monthlyBudget: amount, unit: 'usd', resetDay: 1, workdays: [1, 2, 3, 4, 5], holidays: [], thresholds: { green: 0.1, yellow: 0 } },
  });
}
