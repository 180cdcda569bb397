// `runway sync` and `runway team init`: this machine's responses pushed to the team's
// PostgreSQL, outbound only (README "Team"). The password never reaches a message.
import { hostname, userInfo } from 'node:os';
import type pg from 'pg';
import { startSync } from '../store/sync-log.js';
import type { Device, PushReport } from '../store/team/push.js';
import { TeamError } from '../store/team/error.js';
import { scanFirst, scanLogs, UserError, type CommandResult, type Context, type Flags } from './context.js';
import { n, pc } from './format.js';
import { progressBar } from './progress.js';
import { teamTarget } from './team-url.js';

export interface SyncFlags extends Flags {
  to?: string;
  url?: string;
  watch?: boolean;
}

const DEFAULT_BATCH = 5000;
/** --watch: seconds between scans, and the longest wait between tries while the database cannot be reached. */
const POLL_MS = 2000;
const MAX_BACKOFF_MS = 60_000;

export async function teamInitCommand(ctx: Context, flags: SyncFlags): Promise<CommandResult> {
  const url = await teamTarget(ctx, flags.url, '--url');
  const { connectTeam, describeUrl, migrateTeam, teamMigrations, teamTrouble } = await import('../store/team/connect.js');
  const client = await connectTeam(url);
  try {
    const migrations = teamMigrations();
    const { from, to } = await migrateTeam(client, migrations).catch((e: unknown) => {
      throw teamTrouble(e, url);
    });
    const where = describeUrl(url);
    if (from === to) return `Team database ${where}: schema ${to}, up to date (nothing to do)`;
    const applied = migrations.filter((m) => m.version > from && m.version <= to).map((m) => m.name);
    return `Team database ${where}: schema ${from} → ${to} (applied ${applied.join(', ')})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** This machine as the team database knows it; its id is made on the first sync and kept in the local database. */
function thisDevice(ctx: Context, id: string): Device {
  let person = ctx.config.team.person;
  if (!person) {
    try {
      person = userInfo().username;
    } catch {
      person = 'unknown';
    }
  }
  return { id, person, label: hostname() };
}

function batchSize(env: Record<string, string | undefined>): number {
  const raw = env.RUNWAY_SYNC_BATCH;
  if (raw === undefined || raw === '') return DEFAULT_BATCH;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || size < 1 || size > 100_000) throw new UserError(`RUNWAY_SYNC_BATCH ${JSON.stringify(raw)}: expected a whole number of responses from 1 to 100000`);
  return size;
}

/** A pusher bound to one database: connects on first use, and again after trouble. */
async function teamPusher(ctx: Context, url: string) {
  const { connectTeam } = await import('../store/team/connect.js');
  const { pushChanges } = await import('../store/team/push.js');
  const batch = batchSize(ctx.env);
  const device = thisDevice(ctx, startSync(ctx.db));
  let client: pg.Client | null = null;
  return {
    device,
    async push(onProgress?: (sent: number, total: number) => void): Promise<PushReport> {
      client ??= await connectTeam(url);
      try {
        return await pushChanges(client, url, ctx.db, device, { batch, hidePaths: ctx.config.team.hide_paths, onProgress });
      } catch (e) {
        // A connection that failed once is not trusted again: the next push opens a new one.
        await this.close();
        throw e;
      }
    },
    async close() {
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

/**
 * `serve --sync`: a push after each scan that changed something (and one at the start, to
 * catch up); pushes never overlap, and changes during one are sent by the next.
 */
export async function serveSync(ctx: Context, url: string): Promise<() => void> {
  const { describeUrl } = await import('../store/team/connect.js');
  const pusher = await teamPusher(ctx, url);
  let running = false;
  let again = false;
  let lastTrouble = '';
  const run = async () => {
    running = true;
    try {
      do {
        again = false;
        try {
          await pusher.push();
          lastTrouble = '';
        } catch (e) {
          if (!(e instanceof TeamError)) throw e;
          // One line per new trouble, not one per scan: the next change tries again.
          if (e.message !== lastTrouble) process.stderr.write(`runway: sync: ${e.message} (trying again after the next change)\n`);
          lastTrouble = e.message;
        }
      } while (again);
    } finally {
      running = false;
    }
  };
  const schedule = () => {
    if (running) again = true;
    else void run();
  };
  process.stderr.write(pc.dim(`Syncing to ${describeUrl(url)} after each scan that changes something\n`));
  schedule();
  return schedule;
}

export async function syncCommand(ctx: Context, flags: SyncFlags): Promise<CommandResult> {
  const url = await teamTarget(ctx, flags.to, '--to');
  const { describeUrl } = await import('../store/team/connect.js');
  const where = describeUrl(url);
  if (flags.watch) return watchSync(ctx, url, where, flags);
  scanFirst(ctx);
  const pusher = await teamPusher(ctx, url);
  const started = performance.now();
  try {
    const report = await pusher.push(progressBar(process.stderr, 20_000, { doing: 'syncing', of: (total) => `of ${n(total)} responses` }));
    const seconds = (performance.now() - started) / 1000;
    if (flags.json) {
      return JSON.stringify({
        sent: report.sent, database: where, seconds: Number(seconds.toFixed(3)), high_water: report.highWater,
        device: { id: pusher.device.id, label: pusher.device.label, person: pusher.device.person }, up_to_date: true,
      }, null, 2);
    }
    return summary(report, where, seconds, pusher.device);
  } finally {
    await pusher.close();
  }
}

function summary(report: PushReport, where: string, seconds: number, device: Device): string {
  const rate = report.sent && seconds > 0 ? ` (${n(report.sent / seconds)}/s)` : '';
  return `Sent ${n(report.sent)} ${report.sent === 1 ? 'response' : 'responses'} to ${where} in ${seconds.toFixed(1)} s${rate}; device ${device.label} (${device.person}), up to date`;
}

/** --watch: scan, push what changed, wait; trouble with the database is one line, then tries again later, waiting longer each time. */
async function watchSync(ctx: Context, url: string, where: string, flags: SyncFlags): Promise<CommandResult> {
  scanFirst(ctx);
  const pusher = await teamPusher(ctx, url);
  let stopped = false;
  let wake = () => {};
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(pc.dim(`Syncing to ${where} as device ${pusher.device.label} (${pusher.device.person}); Ctrl-C stops`));
  let total = 0;
  let backoff = 0;
  try {
    while (!stopped) {
      let wait = POLL_MS;
      try {
        const started = performance.now();
        const report = await pusher.push();
        total += report.sent;
        if (report.sent) say(flags.json ? JSON.stringify({ sent: report.sent, high_water: report.highWater }) : summary(report, where, (performance.now() - started) / 1000, pusher.device));
        backoff = 0;
      } catch (e) {
        if (!(e instanceof TeamError)) throw e;
        backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : POLL_MS);
        wait = backoff;
        say(`runway: ${e.message} (trying again in ${Math.round(backoff / 1000)} s)`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (!stopped) scanLogs(ctx);
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await pusher.close();
  }
  return flags.json ? JSON.stringify({ sent: total, database: where }) : `Stopped: sent ${n(total)} ${total === 1 ? 'response' : 'responses'} to ${where} in all`;
}
