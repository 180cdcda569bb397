import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { cliEnv, freePort, run, startServe } from '../helpers/cli.js';
import { assistant, jsonl } from '../helpers/logs.js';
import { TEST_PRICES } from '../helpers/app.js';
import { SOURCES } from '../../sources/index.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});


function writeConfig(env: Record<string, string>, config: Record<string, unknown>): void {
  mkdirSync(join(env.XDG_CONFIG_HOME!, 'runway'), { recursive: true });
  writeFileSync(join(env.XDG_CONFIG_HOME!, 'runway', 'config.json'), JSON.stringify(config));
}

function writeLogs(env: Record<string, string>): void {
  const dir = join(env.CLAUDE_CONFIG_DIR!, 'projects', '-home-dev-api');
  mkdirSync(dir, { recursive: true });
  const rec = (id: string, ts: string, dollars: number, session: string) =>
    assistant({ id, requestId: `req_${id}`, ts, model: 'claude-test-1', usage: { input: 0, output: dollars * 100_000 }, session });
  writeFileSync(join(dir, 's.jsonl'), jsonl([
    rec('a', '2026-11-02T10:00:00Z', 10, 's1'),
    rec('b', '2026-11-17T14:00:00Z', 30, 's2'),
    rec('c', '2026-11-18T08:00:00Z', 5, 's2'),
  ]));
}

const serve = (args: string[], env: Record<string, string>) => startServe(args, env, children);

async function api(port: number, path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('runway serve', () => {
  it('serves the dashboard on 127.0.0.1 from the real logs', async () => {
    const env = cliEnv({ RUNWAY_NOW: '2026-11-18T12:00:00Z', TZ: 'UTC' });
    writeConfig(env, { monthly_budget: 200, prices: TEST_PRICES, timezone: 'UTC' });
    writeLogs(env);
    const port = await freePort();
    const { out } = await serve(['--port', String(port)], env);
    expect(out).toContain(`http://127.0.0.1:${port}/`);
    expect(out).toMatch(/Scanned 1 log file: 3 new responses/);
    const { status, body } = await api(port, '/api/summary');
    expect(status).toBe(200);
    expect(body.spentToDate).toBeCloseTo(45, 9);
    expect(body.dailyBudget).toBeCloseTo((200 - 40) / 9, 9);
    expect(body.demo).toBe(false);
    // Nothing listens on the machine's other addresses.
    const other = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4');
    if (other) {
      const refused = await new Promise<boolean>((resolve) => {
        const sock = connect(port, other.address);
        sock.on('connect', () => { sock.destroy(); resolve(false); });
        sock.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });

  it('--no-scan serves the database as it is, and still names where the logs are', async () => {
    const env = cliEnv({ RUNWAY_NOW: '2026-11-18T12:00:00Z' });
    writeConfig(env, { monthly_budget: 200, prices: TEST_PRICES, timezone: 'UTC' });
    writeLogs(env);
    const port = await freePort();
    const { out } = await serve(['--no-scan', '--port', String(port)], env);
    expect(out).not.toContain('Scanned');
    const { body } = await api(port, '/api/summary');
    expect(body.data.responses).toBe(0);
    expect(body.data.roots).toContainEqual({ source: 'claude-code', path: join(env.CLAUDE_CONFIG_DIR!, 'projects'), exists: true, files: 0 });
    expect(new Set(body.data.roots.map((r: { source: string }) => r.source))).toEqual(new Set(SOURCES.map((s) => s.name)));
  });

  it.each([
    // The period has just begun: before 08:00 no usual session has started yet.
    ['on the first of a month just after midnight', '2026-12-01T00:10:00Z', 'UTC', '2026-12-01'],
    ['mid-month', '2026-11-18T12:00:00Z', 'UTC', '2026-11-18'],
    ['on the first just after midnight in Auckland (UTC+13)', '2026-11-30T11:05:00Z', 'Pacific/Auckland', '2026-12-01'],
  ])('--demo fills a throwaway database and leaves the real one alone, %s', async (_when, now, tz, today) => {
    const env = cliEnv({ RUNWAY_NOW: now, TZ: tz });
    const port = await freePort();
    await serve(['--demo', '--port', String(port)], env);
    const { body } = await api(port, '/api/summary');
    expect(body).toMatchObject({ demo: true, budgetConfigured: true, today, timezone: tz });
    expect(body.data.responses).toBeGreaterThan(1000);
    expect(body.spentToday).toBeGreaterThan(0);
    expect(body.unpriced.map((u: { model: string }) => u.model)).toContain('claude-experimental-preview');
    expect(existsSync(join(env.XDG_DATA_HOME!, 'runway', 'usage.db'))).toBe(false);
  });

  it('names the busy port and the flag to change it', async () => {
    const env = cliEnv();
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as AddressInfo;
    try {
      const r = run(['serve', '--no-open', '--port', String(port)], env);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([
        `runway: port ${port} on 127.0.0.1 is already in use (another runway serve?); choose another with --port N or "port" in the config`,
      ]);
    } finally {
      blocker.close();
    }
  });

  it.each([['0'], ['65536'], ['80a'], ['8099.5']])('refuses --port %s', (port) => {
    const r = run(['serve', '--no-open', '--port', port], cliEnv());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port .*expected a TCP port from 1 to 65535/);
  });
});

describe('runway status', () => {
  it('prints the same figures as /api/summary, as JSON and as text', () => {
    const env = cliEnv({ RUNWAY_NOW: '2026-11-18T12:00:00Z' });
    writeConfig(env, { monthly_budget: 200, prices: TEST_PRICES, timezone: 'UTC' });
    writeLogs(env);
    const json = run(['status', '--json'], env);
    expect(json.status).toBe(0);
    const s = JSON.parse(json.stdout);
    expect(s.spentToDate).toBeCloseTo(45, 9);
    expect(s).toMatchObject({ workdaysRemaining: 9, workdaysElapsed: 12, sessions: 2, status: 'green' });
    expect(s.burn.ratePerDay).toBeCloseTo(35, 9);
    expect(s.topProjects[0]).toMatchObject({ project: '/home/dev/api', responses: 3 });
    expect(s.last14Days).toHaveLength(14);
    expect(s.last14Days.at(-1)).toEqual({ date: '2026-11-18', spend: 5 });
    expect(s.last14Days.find((d: { date: string }) => d.date === '2026-11-17').spend).toBeCloseTo(30, 9);

    const text = run(['status'], env);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('$45.00 / $200.00');
    expect(text.stdout).toMatch(/today\s+\$5\.00 of \$17\.78 daily budget · \$12\.78 left/);
    expect(text.stdout).toMatch(/burn rate\s+\$35\.00\/day \(last 24h\)/);
    // One forecast: $40 before today over the period's 12 workdays, $3.33 a workday; today's $5
    // and 8 more workdays make $71.67. The last 24 hours' $35 is shown as a rate only.
    expect(s.forecast).toEqual({ from: '2026-11-01', workdays: 12, runwayDays: null, method: 'the 12-workday average since 2026-11-01, weekend spend included' });
    expect(s.projectedSpend).toBeCloseTo(40 + 5 + (40 / 12) * 8, 9);
    expect(s.dryDate).toBeNull();
    expect(text.stdout).toMatch(/forecast\s+\$71\.67 by Nov 30 · surplus \$128\.33 \[green\] · ✓ lasts the period\n\s+each workday left at the 12-workday average since 2026-11-01, weekend spend included \(\$3\.33 a workday\)/);
    expect(text.stdout).not.toMatch(/runway\s+[\d.]+ days/);
    expect(text.stdout).toMatch(/last 14d\s+[▁▂▃▄▅▆▇█]{14}/);
  });

  it('without a budget shows the spend and how to set one', () => {
    const env = cliEnv({ RUNWAY_NOW: '2026-11-18T12:00:00Z' });
    writeConfig(env, { prices: TEST_PRICES, timezone: 'UTC' });
    writeLogs(env);
    const r = run(['status'], env);
    expect(r.stdout).toContain('no monthly budget set');
    expect(r.stdout).toContain('runway budget 500');
    expect(r.stdout).not.toMatch(/surplus|short by|runs dry|lasts the period|daily budget/);
    // Figures that need a budget are null, never a colour, a date or a 0.
    const s = JSON.parse(run(['status', '--json', '--no-scan'], env).stdout);
    expect(s).toMatchObject({ budgetConfigured: false, budget: null, remaining: null, consumedFraction: null, dailyBudget: null, todaysRunway: null, todaysOverBy: null, todaysRunwayFraction: null, projectedSurplus: null, status: null, dryDate: null });
    expect(s.forecast.runwayDays).toBeNull();
    expect(s.projectedSpend).toBeGreaterThan(0);
  });
});
