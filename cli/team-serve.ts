// `runway serve --team`: the same page, reading the team database. The team's rollup, summed
// over its devices, is copied into a throwaway local database (store/team/mirror.ts) that the
// page's every answer reads with the local engine, under the team's budget; /api/team adds
// its people and devices. Read again every refresh interval; a failed read keeps the last
// figures and says why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.js';
import type { Team } from '../figures/answers.js';
import type { Pricing } from '../figures/usage.js';
import { nowMs } from '../lib/clock.js';
import { openDb, type Db } from '../store/db.js';
import type { Context } from './context.js';
import { teamStatusFigures } from './team.js';

/** The local settings with the team's budget in their place: the page paces the team's spend. */
export function teamConfig(config: Config): Config {
  return { ...config, monthly_budget: config.team.monthly_budget, budget_unit: 'usd', budget_agents: 'all', scope: 'all' };
}

export interface TeamApp {
  app: FastifyInstance;
  /** Stops the reads, closes the mirror and deletes its folder. */
  cleanup: () => void;
}

export async function teamApp(ctx: Context, p: Pricing, port: number, version: string, url: string): Promise<TeamApp> {
  const [{ buildApp }, { connectTeam, checkTeamSchema, describeUrl, teamTrouble }, { replaceRollup, teamRollup }, { readingReports }] = await Promise.all([
    import('../server/app.js'), import('../store/team/connect.js'), import('../store/team/mirror.js'), import('../store/team/reports.js'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'runway-team-'));
  const path = join(dir, 'team.db');
  // Two connections: the page's, and the one the reads write with, so the page's memo sees each read as a new data version.
  let reader: Db | undefined;
  let writer: Db | undefined;
  let timer: NodeJS.Timeout | undefined;
  const cleanup = () => {
    clearTimeout(timer);
    reader?.close();
    writer?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    writer = openDb(path);
    reader = openDb(path);
    let panel: NonNullable<Team['team']> | null = null;
    const read = async () => {
      const client = await connectTeam(url);
      try {
        await checkTeamSchema(client, url);
        await readingReports(client);
        replaceRollup(writer!, await teamRollup(client));
      } catch (e) {
        throw teamTrouble(e, url);
      } finally {
        await client.end().catch(() => {});
      }
      const s = await teamStatusFigures(ctx, url);
      panel = {
        database: describeUrl(url), readAt: nowMs(ctx.env), error: null, period: { start: s.period.start, lastDay: s.period.lastDay },
        staleAfterMs: s.staleAfterMs,
        persons: s.persons.map(({ person, spent, responses, unpricedResponses, budget, devices }) => ({ person, spent, responses, unpricedResponses, budget, devices })),
        devices: s.devices.map(({ name, person, label, lastSyncAt, silentMs, stale, spent, responses, unpricedResponses }) => ({
          name, person, label, lastSyncAt, silentMs: Math.round(silentMs), stale, spent, responses, unpricedResponses,
        })),
      };
    };
    // The first read before the server listens: a database that cannot be read is refused up front.
    await read();
    const everyMs = Math.max(5, ctx.config.refresh_interval_seconds) * 1000;
    const again = () => {
      timer = setTimeout(() => {
        read().then(
          () => again(),
          (e: unknown) => {
            if (panel) panel = { ...panel, error: (e as Error).message };
            again();
          },
        );
      }, everyMs);
      timer.unref();
    };
    again();
    const app = await buildApp({
      db: reader, config: teamConfig(ctx.config), configPath: join(dir, 'config.json'), tz: ctx.tz, pricing: p, port, version,
      scan: null, rollupOnly: true, now: () => nowMs(ctx.env), team: () => panel,
    });
    return { app, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
