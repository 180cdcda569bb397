// How long `runway statusline` takes on a warm database (it runs on every status refresh;
// target p95 < 100 ms): `node dist/bench/statusline.js [--runs 30] [--sessions 12]`.
// A bare `node -e 0` is timed alongside, as the floor no command can go below.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDemo } from '../server/demo.js';
import { openDb } from '../store/db.js';
import { percentile } from './measure.js';

export const STATUSLINE_P95_MS = 100;
const WARMUPS = 3;

export interface StatuslineTimes {
  /** Responses in the database the status line reads. */
  history: number;
  /** Wall times in ms, sorted, warm-ups left out. */
  bare: number[];
  status: number[];
}

/** Times `runway statusline` (and `node -e 0`), each run after a response appended to the session's transcript. */
export function timeStatusline(o: { runs: number; sessions: number }): StatuslineTimes {
  const dir = mkdtempSync(join(tmpdir(), 'runway-bench-statusline-'));
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: dir, CLAUDE_CONFIG_DIR: join(dir, 'claude'), RUNWAY_DB: join(dir, 'usage.db'),
      RUNWAY_CONFIG: join(dir, 'config.json'), XDG_CACHE_HOME: join(dir, 'cache'),
    };
    writeFileSync(env.RUNWAY_CONFIG!, JSON.stringify({ monthly_budget: 2000, timezone: 'Europe/Berlin' }));
    const db = openDb(env.RUNWAY_DB!);
    generateDemo(db, { nowMs: Date.now(), tz: 'Europe/Berlin', days: 60, sessionsPerWorkday: o.sessions });
    const history = (db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;
    db.close();

    const transcript = join(env.CLAUDE_CONFIG_DIR!, 'projects', '-home-dev-src-bench', 'bench-session.jsonl');
    mkdirSync(join(transcript, '..'), { recursive: true });
    appendFileSync(transcript, '');
    const cli = join(import.meta.dirname, '..', 'cli', 'main.js');

    const once = (args: string[], stdin: string): number => {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { env, input: stdin, encoding: 'utf8' });
      const ms = performance.now() - t;
      if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
      return ms;
    };

    const resets = Math.floor(Date.now() / 1000) + 5400;
    const statusInput = (i: number) => {
      // Each refresh brings one new response in the session's transcript and a fresh quota reading.
      appendFileSync(transcript, JSON.stringify({
        type: 'assistant', timestamp: new Date().toISOString(), sessionId: 'bench-session', cwd: '/home/dev/src/bench', entrypoint: 'cli',
        requestId: `req_sl_${i}`, uuid: `sl-${i}`,
        message: { id: `msg_sl_${i}`, model: 'claude-sonnet-4-5-20250929', role: 'assistant', type: 'message',
          usage: { input_tokens: 3, output_tokens: 400, cache_creation_input_tokens: 2000, cache_read_input_tokens: 40_000 } },
      }) + '\n');
      return JSON.stringify({
        session_id: 'bench-session', transcript_path: transcript, cwd: '/home/dev/src/bench', model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' },
        rate_limits: { five_hour: { used_percentage: 20 + i / 10, resets_at: resets }, seven_day: { used_percentage: 40, resets_at: resets + 300_000 } },
      });
    };

    // Alternated run by run, so a noisy moment on the machine hits both.
    const bare: number[] = [];
    const status: number[] = [];
    for (let i = 0; i < o.runs + WARMUPS; i++) {
      const b = once(['-e', '0'], '');
      const s = once([cli, 'statusline'], statusInput(i));
      if (i < WARMUPS) continue;
      bare.push(b);
      status.push(s);
    }
    bare.sort((a, b) => a - b);
    status.sort((a, b) => a - b);
    return { history, bare, status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' }, sessions: { type: 'string', default: '12' } } });
  const runs = Number(values.runs);
  const { history, bare, status } = timeStatusline({ runs, sessions: Number(values.sessions) });
  const fmt = (s: number[]) => `median ${percentile(s, 50).toFixed(0)} ms  p95 ${percentile(s, 95).toFixed(0)} ms  min ${s[0]!.toFixed(0)} ms`;
  console.log(`Node ${process.version}; database: ${history.toLocaleString('en-US')} responses; ${runs} runs each, after ${WARMUPS} warm-up runs`);
  console.log(`node -e 0            ${fmt(bare)}`);
  const p95 = percentile(status, 95);
  console.log(`runway statusline    ${fmt(status)}   (target: p95 < ${STATUSLINE_P95_MS} ms)  ${p95 < STATUSLINE_P95_MS ? 'MET' : 'MISSED'}`);
  console.log(`statusline − bare node (medians): ${(percentile(status, 50) - percentile(bare, 50)).toFixed(0)} ms`);
}
