// `runway serve --team` shows the team's figures on the same page: the team's rollup, summed
// over its devices, is copied into a throwaway local database of Runway's own schema, so
// every figure comes from the same engine and code as a single machine's. Only the rollup
// is copied (no responses): what the page reads from raw rows stays empty.
import type pg from 'pg';
import type { Db } from '../db.js';

const KEYS = 'bucket, agent, model, project, entrypoint, prompt_band, fast, logged_cost, us_only, batch';
const SUMS = [
  'responses', 'input_tokens', 'output_tokens', 'cache_write_5m_tokens', 'cache_write_1h_tokens', 'cache_read_tokens',
  'web_search_requests', 'cost_usd', 'reasoning_tokens', 'premium_requests',
] as const;

type Row = Record<string, string | number | boolean>;

/** The team's rollup, every device's groups summed into one. */
export async function teamRollup(client: pg.Client): Promise<Row[]> {
  const r = await client.query<Row>({
    text: `SELECT ${KEYS}, ${SUMS.map((c) => `sum(${c})::float8 AS ${c}`).join(', ')}
      FROM usage_rollup GROUP BY ${KEYS} HAVING sum(responses) > 0`,
  });
  return r.rows;
}

/** Replaces the mirror's rollup with the team's, in one transaction: a reader sees the old or the new, never half. */
export function replaceRollup(db: Db, rows: Row[]): void {
  const insert = db.prepare(`INSERT INTO usage_rollup (${KEYS}, ${SUMS.join(', ')}) VALUES (${[...KEYS.split(', '), ...SUMS].map(() => '?').join(', ')})`);
  const flag = (v: unknown) => (v === true || v === 't' || v === 1 ? 1 : 0);
  db.transaction(() => {
    db.prepare('DELETE FROM usage_rollup').run();
    for (const r of rows) {
      insert.run(
        Number(r.bucket), String(r.agent), String(r.model), String(r.project), String(r.entrypoint), Number(r.prompt_band),
        flag(r.fast), flag(r.logged_cost), flag(r.us_only), flag(r.batch),
        ...SUMS.map((c) => (c === 'cost_usd' ? Number(r[c]) : Math.round(Number(r[c])))),
      );
    }
  }).immediate();
}
