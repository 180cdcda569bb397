// What a command started by `runway run` has spent: the responses of the sessions it
// began. A Claude Code process writes a new session file under the log roots, stamped with
// its cwd; so the run's usage is every session whose first response came after the start
// and that worked in the run's directory. Subagents share their session's id and count too.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../store/db.js';
import { addRow, emptyTotals, groupTotals, priceRow, unpricedModels, type PricedRow, type Pricing, type Totals, type UnpricedModel } from './usage.js';
import { runRowsReader } from '../store/run-spend.js';

export interface RunSpend {
  totals: Totals;
  sessions: number;
  byModel: Map<string, Totals>;
  unpriced: UnpricedModel[];
}

/**
 * A reader for one run: call it after each scan. `fromMs` is the run's start (less a little
 * slack for the log's clock); `cwd` the directory the command runs in.
 */
export function runSpendReader(db: Db, fromMs: number, cwd: string, pricing: Pricing): () => RunSpend {
  const read = runRowsReader(db, fromMs);
  const home = realpath(cwd);
  // Projects are few and repeat every second: resolve each path once.
  const resolved = new Map<string, string>();
  const inRunDir = (project: string) => {
    let real = resolved.get(project);
    if (real === undefined) resolved.set(project, (real = project ? realpath(project) : ''));
    return real === home;
  };

  return () => {
    const rows = read();
    // A session counts whole once any of its responses ran here: a `cd` inside it moves the later ones.
    const sessions = new Set(rows.filter((r) => inRunDir(r.project)).map((r) => r.session_id));
    const priced: PricedRow[] = rows
      .filter((r) => sessions.has(r.session_id))
      .map((r) => {
        const { cost, reason, cacheWriteCost } = priceRow(r, r.ts, pricing);
        return {
          date: '', bucketMs: r.ts, agent: r.agent, model: r.model, project: r.project, responses: r.responses,
          inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheWrite5mTokens: r.cacheWrite5mTokens,
          cacheWrite1hTokens: r.cacheWrite1hTokens, cacheReadTokens: r.cacheReadTokens,
          webSearchRequests: r.webSearchRequests, cost, unpricedReason: reason, cacheWriteCost,
          // The run's summary shows neither, and store/run-spend.ts does not read them.
          reasoningTokens: 0, premiumRequests: 0,
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
