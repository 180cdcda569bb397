// `runway rebuild`: every log read again into a fresh database beside the current one, the
// two compared (what the logs no longer hold would be lost), and with --yes the current one
// replaced by the fresh one. Quota readings come from the status line and SDK calls from the
// user's own code (runway-budget/sdk's record), never from the logs, so they are carried
// over; the config is a file of its own and is not touched.
import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { configuredRoots } from '../core/config.js';
import { scan } from '../scanner/scan.js';
import { openDb } from '../store/db.js';
import { compareWithFresh, removeDatabase, replaceDatabase, settle } from '../store/prune.js';
import { hasSyncLog } from '../store/sync-log.js';
import type { CommandResult, Context, Flags } from './context.js';
import { n, pc } from './format.js';
import { progressBar } from './progress.js';
import { describeSummary, responses } from './prune.js';

export interface RebuildFlags extends Flags {
  yes?: boolean;
}

export function rebuildCommand(ctx: Context, flags: RebuildFlags): CommandResult {
  const dbPath = resolve(ctx.dbPath);
  const freshPath = join(dirname(dbPath), `.${basename(dbPath)}.rebuild-${process.pid}`);
  const current = ctx.db;
  removeStale(dbPath);
  removeDatabase(freshPath);
  let moved = false;
  try {
    const fresh = openDb(freshPath);
    let report;
    try {
      report = scan(fresh, { env: ctx.env, extraRoots: configuredRoots(ctx.config), onProgress: progressBar() });
    } finally {
      settle(fresh);
    }
    const c = compareWithFresh(current, freshPath);
    const lines = [
      `Read ${n(report.filesRead)} log ${report.filesRead === 1 ? 'file' : 'files'} into a fresh database in ${(report.durationMs / 1000).toFixed(2)} s`,
      `In the database: ${responses(c.current.responses)}, ${n(c.current.tokens)} tokens; in the logs: ${responses(c.fresh.responses)}, ${n(c.fresh.tokens)} tokens`,
    ];
    if (c.lost.responses === 0) lines.push('Lost with the rebuild: nothing, every response in the database is in the logs');
    else {
      lines.push(`${flags.yes ? 'Lost' : 'Would be lost'} (their logs are gone):`);
      lines.push(...describeSummary(c.lost, ctx.tz).map((l) => `  ${l}`));
    }
    lines.push(c.added.responses === 0
      ? 'New from the logs: none'
      : `New from the logs: ${responses(c.added.responses)}, ${n(c.added.tokens)} tokens (pruned before, or not scanned yet)`);
    if (c.changed) lines.push(`Read differently from the logs: ${responses(c.changed)} whose counts, cost or model change`);
    if (c.ledgerLost) lines.push(`Ledger records (Claude Code's budget_usd totals) not in the logs: ${n(c.ledgerLost)}, ${flags.yes ? 'lost' : 'would be lost'}`);
    lines.push(`Quota readings: ${n(c.quotaReadings)}, from the status line, not the logs: ${flags.yes ? 'kept' : 'would be kept'} (copied into the new database). The config file is not touched.`);
    if (c.sdkCalls) lines.push(`SDK calls: ${n(c.sdkCalls)}, recorded by runway-budget/sdk, not in the logs: ${flags.yes ? 'kept' : 'would be kept'} (copied into the new database).`);
    if (hasSyncLog(current)) {
      lines.push(`Sync (runway sync): the device id ${flags.yes ? 'is' : 'would be'} kept; the next sync sends every response again, merged with the team's copy, never counted twice.`);
    }
    if (!flags.yes) {
      lines.push(pc.yellow(`Nothing was replaced and the fresh copy is removed: run again with --yes to replace ${dbPath} by it.`));
      return lines.join('\n');
    }
    // Every connection of this process is closed before the file is replaced.
    current.close();
    const copied = replaceDatabase(dbPath, freshPath);
    moved = true;
    const sdk = copied.sdkCalls ? `, ${n(copied.sdkCalls)} SDK ${copied.sdkCalls === 1 ? 'call' : 'calls'}` : '';
    lines.push(`Replaced ${dbPath} by the database rebuilt from the logs (${n(copied.quotaReadings)} quota ${copied.quotaReadings === 1 ? 'reading' : 'readings'}${sdk} copied over).`);
    return lines.join('\n');
  } finally {
    if (!moved) removeDatabase(freshPath);
  }
}

/** Fresh copies left by a rebuild that was stopped (its process is gone). */
function removeStale(dbPath: string): void {
  const prefix = `.${basename(dbPath)}.rebuild-`;
  let names: string[];
  try {
    names = readdirSync(dirname(dbPath));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    removeDatabase(join(dirname(dbPath), name));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
