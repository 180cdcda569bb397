import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, run } from '../helpers/cli.js';

const configFile = (env: Record<string, string>) => join(env.XDG_CONFIG_HOME!, 'runway', 'config.json');

/** A refused setting: exit 2, one line naming the argument and the bound, and no config file written. */
function refused(args: string[]): string {
  const env = cliEnv();
  const r = run(args, env);
  expect(r.status, args.join(' ')).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(existsSync(configFile(env))).toBe(false);
  return r.stderr.trim();
}

describe('settings commands refuse absurd values at the door', () => {
  it('runway budget: dollars up to $1,000,000,000', () => {
    expect(run(['budget', '1000000000'], cliEnv()).stdout).toMatch(/^Monthly budget set to \$1,000,000,000\.00, /);
    // 1e23 was taken and printed as "$1e+23.undefined".
    for (const amount of ['100000000000000000000000', '1000000000.01', '$5000000000']) {
      expect(refused(['budget', amount])).toBe(`runway: amount "${amount}": expected dollars up to $1,000,000,000.00`);
    }
  });

  it('runway budget --tokens: up to 10^15 tokens', () => {
    expect(run(['budget', '1000000B', '--tokens'], cliEnv()).stdout).toMatch(/^Monthly budget set to 1,000,000,000,000,000 tokens, /);
    for (const amount of ['1000001B', '1000000000000001']) {
      expect(refused(['budget', amount, '--tokens'])).toBe(`runway: amount "${amount}": expected a token count up to 1,000,000,000,000,000`);
    }
  });

  it('runway currency --rate: up to 10,000,000 units per dollar', () => {
    expect(run(['currency', 'IRR', '--rate', '10000000'], cliEnv()).stdout).toMatch(/^Secondary currency set to IRR at 10000000 per US dollar \(\$100\.00 shows as IRR 1,000,000,000\.00\)/);
    for (const rate of ['10000001', '1' + '0'.repeat(400)]) {
      expect(refused(['currency', 'EUR', '--rate', rate])).toMatch(`runway: --rate "${rate}": expected a number > 0 and up to 10,000,000, the units of EUR per US dollar`);
    }
  });
});
