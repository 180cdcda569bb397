// What a command started by `runway run` has spent: the responses of the sessions it
// began. A Claude Code process writes a new session file under the log roots, stamped with
// its cwd; so the run's usage is every session whose first response came after the start
// and that worked in the run's directory. Subagents share their session's id and count too.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../store/db.js';
import {
  addRow, emptyTotals, groupTotals, PRICE_KEYS, priceRow, unpricedModels,
  type PriceableRow, type PricedRow, type Pricing, type Totals, type UnpricedModel,
} from './usage.js';

export interface RunSpend {
  totals: Totals;
  sessions: number;
  byModel: Map<string, Totals>;
  unpriced: UnpricedModel[];
}

interface Row extends PriceableRow {
  session_id: string;
  agent: string;
  project: string;
  ts: number;
}

/**
 * A reader for one run: call it after each scan. `fromMs` is the run's start (less a little
 * slack for the log's clock); `cwd` the directory the command runs in.
 */
export function runSpendReader(db: Db, fromMs: number, cwd: string, pricing: Pricing): () => RunSpend {
  // Grouped like the rollups (the same price keys), so each row prices as they do.
  // Only rows since the start are read; a session that already had a response before it is someone else's.
  const stmt = db.prepare(`SELECT session_id, agent, coalesce(project, '') AS project, coalesce(model, '') AS model,
      ${PRICE_KEYS}, max(ts) AS ts,
      count(*) AS responses, sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
      sum(cache_write_5m_tokens) AS cacheWrite5mTokens, sum(cache_write_1h_tokens) AS cacheWrite1hTokens,
      sum(cache_read_tokens) AS cacheReadTokens, sum(web_search_requests) AS webSearchRequests,
      coalesce(sum(cost_usd), 0) AS cost_usd
    FROM responses r
    WHERE ts >= @from AND session_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM session_usage s WHERE s.session_id = r.session_id AND s.first_ts < @from)
    GROUP BY session_id, project, model, agent, ${PRICE_KEYS}`);
  const home = realpath(cwd);
  // Projects are few and repeat every second: resolve each path once.
  const resolved = new Map<string, string>();
  const inRunDir = (project: string) => {
    let real = resolved.get(project);
    if (real === undefined) resolved.set(project, (real = project ? realpath(project) : ''));
    return real === home;
  };

  return () => {
    const rows = stmt.all({ from: fromMs }) as Row[];
    // A session counts whole once any of its responses ran here: a `cd` inside it moves the later ones.
    const sessions = new Set(rows.filter((r) => inRunDir(r.project)).map((r) => r.session_id));
    const priced: PricedRow[] = rows
      .filter((r) => sessions.has(r.session_id))
      .map((r) => {
        const { cost, reason } = priceRow(r, r.ts, pricing);
        return {
          date: '', bucketMs: r.ts, agent: r.agent, model: r.model, project: r.project, responses: r.responses,
          inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheWrite5mTokens: r.cacheWrite5mTokens,
          cacheWrite1hTokens: r.cacheWrite1hTokens, cacheReadTokens: r.cacheReadTokens,
          webSearchRequests: r.webSearchRequests, cost, unpricedReason: reason,
        };
      });
    const totals = emptyTotals();
    for (const r of priced) addRow(totals, r);
    return { totals, sessions: sessions.size, byModel: groupTotals(priced, (r) => r.model || '(none)'), unpriced: unpricedModels(priced) };
  };
}

/** The path with links resolved; a directory that is gone compares by its spelling. */
function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
