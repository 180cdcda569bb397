// `runway serve`: the dashboard on 127.0.0.1 only. There is deliberately no option to
// listen elsewhere: the figures are private and the API has no authentication.
import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { nowMs } from '../lib/clock.js';
import { contextRoots, pricing, scanFirst, scanLogs, UserError, type Context } from './context.js';
import { watchRules, type ScanReport } from '../scanner/scan.js';
import { pc } from './format.js';
import type { Demo } from './demo.js';
import type { Pricing } from '../figures/usage.js';

export interface ServeFlags {
  port?: string;
  demo?: boolean;
  'no-open'?: boolean;
  /** Push to the team database after each scan that changed something. */
  sync?: boolean;
  /** Show the team database instead of this machine's. */
  team?: boolean;
  url?: string;
}

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_535) throw new UserError(`--port ${JSON.stringify(value)}: expected a TCP port from 1 to 65535`);
  return port;
}

export async function serveCommand(ctx: Context, flags: ServeFlags, version: string): Promise<string> {
  const port = parsePort(flags.port, ctx.config.port);
  const p = await pricing(ctx);
  let app: FastifyInstance;
  let cleanup = () => {};
  let scanned = '';
  const modes = (['demo', 'team', 'sync'] as const).filter((m) => flags[m]);
  if (modes.length > 1) throw new UserError(`--${modes[0]} and --${modes[1]} do not go together: the dashboard shows one of this machine, the team or the demo`);
  if (flags.url !== undefined && !flags.team && !flags.sync) throw new UserError('--url goes with --team or --sync');
  if (flags.demo) {
    const demo = await demoApp(ctx, p, port, version);
    app = demo.app;
    cleanup = demo.demo.cleanup;
  } else if (flags.team) {
    const [{ teamApp }, { teamUrlOf }] = await Promise.all([import('./team-serve.js'), import('./team.js')]);
    const team = await teamApp(ctx, p, port, version, await teamUrlOf(ctx, flags.url));
    app = team.app;
    cleanup = team.cleanup;
  } else {
    const { buildApp } = await import('../server/app.js');
    const first = scanFirst(ctx);
    if (first) scanned = `Scanned ${first.filesSeen} log file${first.filesSeen === 1 ? '' : 's'}: ${first.responsesAdded} new responses, ${first.responsesTotal} in all (${(first.durationMs / 1000).toFixed(1)} s)\n`;
    // --sync: each scan that changed rows is followed by a push to the team database.
    const sync = flags.sync ? await import('./sync.js') : null;
    const push = sync ? await sync.serveSync(ctx, await (await import('./team-url.js')).teamTarget(ctx, flags.url, flags.url === undefined ? null : '--url')) : null;
    const pushing = (report: ScanReport) => {
      if (push && report.responsesAdded + report.responsesUpdated) push();
      return report;
    };
    const rescan = () => pushing(scanLogs(ctx));
    const roots = first?.roots ?? contextRoots(ctx);
    const live = first && {
      dirs: roots.map((r) => r.logDir),
      rules: watchRules(roots),
      scanFiles: (only: string[]) => pushing(scanLogs(ctx, { only })),
      scanAll: rescan,
      mode: ctx.config.watch,
      files: first.filesSeen,
    };
    app = await buildApp({
      db: ctx.db, config: ctx.config, configPath: ctx.configPath, tz: ctx.tz, pricing: p, port, version,
      scan: ctx.flags['no-scan'] ? null : rescan, roots, now: () => nowMs(ctx.env), live: live || undefined,
    });
  }
  try {
    await app.listen({ host: '127.0.0.1', port });
  } catch (e) {
    await app.close(); // stops the watcher, which would keep the process alive
    cleanup();
    throw listenError(e as NodeJS.ErrnoException, port);
  }
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => {
    void app.close().finally(() => {
      cleanup();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (!flags['no-open'] && process.stdout.isTTY && !ctx.env.CI) openBrowser(url);
  return `${scanned}${pc.bold('Runway')} dashboard${flags.demo ? ' (demo data)' : flags.team ? ' (the team database)' : ''} on ${pc.cyan(url)}  ${pc.dim('Ctrl-C to stop')}`;
}

/** The dashboard on the demo `watch --demo` shows too, in a throwaway database: the real one is never touched. */
export async function demoApp(ctx: Context, p: Pricing, port: number, version: string): Promise<{ app: FastifyInstance; demo: Demo }> {
  const [{ buildApp }, { openDemo }] = await Promise.all([import('../server/app.js'), import('./demo.js')]);
  const demo = openDemo(ctx, p);
  try {
    return { app: await buildApp({ ...demo.state, port, version }), demo };
  } catch (e) {
    demo.cleanup();
    throw e;
  }
}

function listenError(e: NodeJS.ErrnoException, port: number): Error {
  if (e.code === 'EADDRINUSE') {
    return new UserError(`port ${port} on 127.0.0.1 is already in use (another runway serve?); choose another with --port N or "port" in the config`);
  }
  if (e.code === 'EACCES') return new UserError(`port ${port}: permission denied; choose a port above 1023 with --port N`);
  return e;
}

/** Best effort: a machine without a desktop still has the printed address. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener installed: the URL is printed anyway.
  }
}
