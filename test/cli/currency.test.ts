// A second currency on every surface, at the configured rate, with the one rounding rule
// (two decimals, as every amount) and the ≈ that says it is converted, never fetched.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_PRICES } from '../helpers/app.js';
import { cliEnv, run, runAsync } from '../helpers/cli.js';
import { assistant, jsonl, logRoot } from '../helpers/logs.js';

// $12.345 today and $20 before it (1M output tokens = $10): at 83.3333 rupees a dollar.
const RATE = 83.3333;
const INR = (usd: number) => `≈ ₹${(usd * RATE).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} INR`;

function setup() {
  const logs = logRoot();
  const rec = (id: string, ts: string, dollars: number) =>
    assistant({ id, requestId: `req_${id}`, ts, model: 'claude-test-1', session: 'sess-a', usage: { input: 0, output: dollars * 100_000 } });
  logs.write('-home-dev-api/sess-a.jsonl', jsonl([rec('a1', '2026-11-17T10:00:00Z', 20), rec('a2', '2026-11-18T10:00:00Z', 12.345)]));
  const env = cliEnv({ CLAUDE_CONFIG_DIR: logs.root, RUNWAY_NOW: '2026-11-18T12:00:00Z' });
  const config = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
  mkdirSync(dirname(config), { recursive: true });
  writeFileSync(config, JSON.stringify({ timezone: 'UTC', monthly_budget: 200, prices: TEST_PRICES, secondary_currency: { code: 'inr', rate: RATE, symbol: '₹' } }));
  return { env, transcript: logs.path('-home-dev-api/sess-a.jsonl') };
}

describe('a second currency', () => {
  it('appears on daily, stats, status, the status line, watch and the report, rounded one way', async () => {
    const { env, transcript } = setup();
    expect(INR(32.345)).toBe('≈ ₹2,695.42 INR');

    const daily = run(['daily'], env).stdout;
    expect(daily).toContain(`${INR(32.345)} in all, at ${RATE} INR per US dollar (a fixed rate from the config)`);
    const json = JSON.parse(run(['daily', '--json', '--no-scan'], env).stdout);
    expect(json.secondaryCurrency).toEqual({ code: 'INR', symbol: '₹', rate: RATE, totalCost: 2695.42 });
    expect(run(['stats', '--no-scan'], env).stdout).toContain(`$32.34 (${INR(32.345)})`);
    expect(run(['week', '--no-scan'], env).stdout).toContain(INR(32.345));

    expect(run(['status', '--no-scan'], env).stdout).toContain(`$32.34 / $200.00 (${INR(32.345)})`);
    const line = await runAsync(['statusline', '--no-scan'], env, JSON.stringify({ session_id: 'sess-a', transcript_path: transcript }));
    expect(line.stdout).toContain(`today ${INR(12.345)}`);

    const file = join(mkdtempSync(join(tmpdir(), 'runway-report-')), 'r.html');
    expect(run(['report', '--html', file, '--no-scan'], env).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(INR(32.345));
  });

  it('is left out where the budget counts tokens', () => {
    const { env } = setup();
    const config = join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), monthly_budget: 100_000_000, budget_unit: 'tokens' }));
    expect(run(['status'], env).stdout).not.toContain('INR');
  });
});
