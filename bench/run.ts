// The performance benchmark: Runway beside ccusage and `cat` on generated log trees, each
// figure printed with its target and MET or MISSED, then a summary of every target.
//   npm run bench [-- --quick] [--mb N] [--runs N] [--seed N] [--skip-server] [--only SECTIONS]
// Full (~20 min): a 1 GB tree, the scale points up to 3 GB, one 300 MB file, one 50 MB line,
// 30 s of load per route and the APIs after a commit on a million responses, the status line,
// a 300 MB home of all five agents, the SDK guard, team sync of a million responses.
// --quick: 100 MB, 3 runs, 10 s of load on ~100k responses, no scale points and no 300 MB
// file, a 30 MB five-agent home, fewer calls, team sync of 100k.
// --only cold,statusline,…: those sections alone (names: see SECTIONS).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Tokens } from '../figures/usage.js';
import Database from 'better-sqlite3';
import { openDb } from '../store/db.js';
import { generateDemo } from '../server/demo.js';
import { AGENTS, COUNT_KINDS, generateAgentHome, type AgentHome } from './agent-logs.js';
import { agentTotals } from './agent-totals.js';
import { timeApi } from './api.js';
import { pickTargets, ResponseWriter, writeBigLineTree, writeSingleFileTree } from './extra-logs.js';
import { generateLogs, type GenStats } from './gen-logs.js';
import { measure, percentile, stats, type Sample } from './measure.js';
import { referenceTotals } from './reference.js';
import { SDK_OVERHEAD_MS, type GuardCase } from './sdk-guard.js';
import { load, startServer, type LoadResult, type Server } from './serve-load.js';
import { STATUSLINE_P95_MS, timeStatusline } from './statusline.js';
import { timeTeamSync } from './team-sync.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;
const MEMORY_MB = 150;
const TOKEN_KINDS = ['responses', 'inputTokens', 'outputTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'cacheReadTokens', 'webSearchRequests'] as const;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    mb: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'skip-server': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
/** Every section by name, in the order they run. */
const SECTIONS = ['cold', 'warm', 'incremental', 'scale', 'memory', 'server', 'api', 'statusline', 'agents', 'sdk', 'team', 'correctness'] as const;
type Section = (typeof SECTIONS)[number];
const only = values.only?.split(',').map((x) => x.trim()).filter(Boolean);
const unknown = only?.filter((x) => !(SECTIONS as readonly string[]).includes(x)) ?? [];
if (unknown.length || only?.length === 0) {
  console.error(`--only ${JSON.stringify(values.only)}: unknown section ${unknown.join(', ') || '(none given)'}; sections: ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const wanted = (s: Section) => (only ? only.includes(s) : s !== 'server' || !values['skip-server']);
const quick = values.quick!;
const mb = positive('--mb', values.mb ?? (quick ? '100' : '1024'));
const runs = positive('--runs', values.runs ?? (quick ? '3' : '5'));
const seed = positive('--seed', values.seed!);
const loadSeconds = quick ? 10 : 30;
const burstSeconds = quick ? 5 : 10; // the extra, burst-shaped load: a figure, not a target
const demoSessions = quick ? 33 : 330; // ~100k and ~1M responses over 90 days
const statusRuns = quick ? 30 : 60;
const apiCalls = quick ? 100 : 300;
const agentMb = quick ? 30 : 300;
const sdkCalls = quick ? 500 : 2000;
const teamResponses = quick ? 100_000 : 1_000_000;
// The team sync bars (the issue names no number): the first sync at least as fast as the
// 10,332 rows/s recorded in BENCHMARKS.md, so a million responses sync in under 100 s; an
// incremental sync of 1,000 (a busy day's scan) well inside the second a terminal waits.
const TEAM_FIRST_ROWS_S = 10_000;
const TEAM_INCREMENTAL_S = 1;

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${flag} ${JSON.stringify(value)}: expected a whole number of at least 1`);
    process.exit(2);
  }
  return n;
}

const began = performance.now();
const cli = join(import.meta.dirname, '..', 'cli', 'main.js');
const ccusage = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'ccusage');
const work = mkdtempSync(join(tmpdir(), 'runway-bench-'));
const configPath = join(work, 'config.json'); // never written: every setting at its default
// NODE_EXTRA_CA_CERTS makes every Node start load a CA bundle (~140 ms here); neither Runway
// nor ccusage makes a TLS connection, so it is left out to measure them rather than that.
const { NODE_EXTRA_CA_CERTS: _, ...baseEnv } = process.env;
const envFor = (root: string): NodeJS.ProcessEnv => ({
  ...baseEnv, CLAUDE_CONFIG_DIR: root, HOME: join(work, 'home'), XDG_CACHE_HOME: join(work, 'cache'), NO_COLOR: '1', TZ: 'UTC',
});
let server: Server | undefined;
process.once('SIGINT', () => {
  void server?.stop();
  rmSync(work, { recursive: true, force: true });
  process.exit(130);
});

// ---- commands and figures ----

/** measure() with the wall time taken here: GNU time prints it in 10 ms steps (this adds ~1 ms to start GNU time). */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Sample {
  const t = performance.now();
  const sample = measure(cmd, args, env);
  return { ...sample, seconds: (performance.now() - t) / 1000 };
}
const runway = (root: string, db: string, ...args: string[]) => timed(process.execPath, [cli, ...args, '--db', db, '--config', configPath], envFor(root));
const daily = (root: string, db: string) => runway(root, db, 'daily', '--json', '--tz', 'UTC');
const ccusageDaily = (root: string) => timed(ccusage, ['claude', 'daily', '--json', '--offline'], envFor(root));
const catAll = (root: string) => timed('sh', ['-c', `find "${root}" -name '*.jsonl' -print0 | xargs -0 cat > /dev/null`], envFor(root));
const cleanDb = (db: string) => ['', '-wal', '-shm'].forEach((s) => rmSync(db + s, { force: true }));

/** Runs `step` once as a warm-up, then `runs` times, keeping what each named measurement returned. */
function repeat<K extends string>(step: (run: number) => Record<K, Sample>): Record<K, Sample[]> {
  const out = {} as Record<K, Sample[]>;
  for (let i = 0; i <= runs; i++) {
    const got = step(i);
    if (i === 0) continue;
    for (const k of Object.keys(got) as K[]) (out[k] ??= []).push(got[k]);
  }
  return out;
}

/** Two measurements run back to back, as one: their wall times add up, the larger peak counts. */
function sum(a: Sample, b: Sample): Sample {
  return { seconds: a.seconds + b.seconds, peakMb: a.peakMb === null || b.peakMb === null ? null : Math.max(a.peakMb, b.peakMb), stdout: b.stdout };
}

const med = (s: Sample[]) => stats(s.map((x) => x.seconds)).median;
const medRss = (s: Sample[]) => (s[0]!.peakMb === null ? NaN : stats(s.map((x) => x.peakMb!)).median);
const sec = (x: number) => x.toFixed(3);
const triple = (s: Sample[]) => {
  const w = stats(s.map((x) => x.seconds));
  return `${sec(w.min)} / ${sec(w.median)} / ${sec(w.max)}`;
};
const rssTriple = (s: Sample[]) => {
  if (s[0]!.peakMb === null) return 'n/a (no GNU time)';
  const m = stats(s.map((x) => x.peakMb!));
  return `${m.min.toFixed(0)} / ${m.median.toFixed(0)} / ${m.max.toFixed(0)}`;
};
const ms = (x: number) => x.toFixed(1);
const loadAverage = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mbOf = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

/** `align`: a letter per column, l or r (default: the first left, the rest right). */
function table(rows: string[][], align = 'l'): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  rows.forEach((r, n) => {
    console.log(r.map((c, i) => ((align[i] ?? 'r') === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ').trimEnd());
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('   '));
  });
}

function timings(rows: [string, Sample[]][]): void {
  table([['measurement', 'wall s min / median / max', 'peak RSS MB min / median / max'], ...rows.map(([l, s]) => [l, triple(s), rssTriple(s)])]);
}

interface Check {
  section: string;
  target: string;
  figure: string;
  ok: boolean;
  /** A wrong count rather than a slow one: the run exits 1. */
  correctness?: boolean;
  /** Not measured here (a tool this machine lacks): neither met nor missed. */
  skipped?: boolean;
  /** A figure without a target, listed with the targets for the record. */
  info?: boolean;
}
const checks: Check[] = [];

const verdict = (c: Omit<Check, 'section'>) => (c.info ? 'figure' : c.skipped ? 'SKIPPED' : c.ok ? 'MET' : c.correctness ? 'MISMATCH' : 'MISSED');

function targets(section: string, list: Omit<Check, 'section'>[]): void {
  checks.push(...list.map((c) => ({ section, ...c })));
  table([['target', 'figure', ''], ...list.map((c) => [c.target, c.figure, verdict(c)])], 'lll');
}

function heading(title: string): void {
  console.log(`\n== ${title} (Node ${process.version}) ==`);
}

interface DailyTotals extends Tokens {
  totalTokens: number;
  totalCost: number;
  cacheCreationTokens: number;
}
type CcusageTotals = Pick<DailyTotals, 'inputTokens' | 'outputTokens' | 'cacheCreationTokens' | 'cacheReadTokens' | 'totalTokens' | 'totalCost'>;
const totalsOf = (s: Sample) => (JSON.parse(s.stdout) as { totals: DailyTotals }).totals;

function generate(out: string, size: number): GenStats {
  const t = performance.now();
  const gen = generateLogs({ out, mb: size, seed });
  console.log(`corpus ${out.slice(work.length + 1)}: ${mbOf(gen.bytes)}, ${int(gen.files)} files, ${int(gen.lines)} lines, ${int(gen.truth.responses)} responses (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  return gen;
}

/** Cold scans of a tree into an empty database, after a warm-up. */
function coldScans(root: string, db: string): Sample[] {
  return repeat(() => {
    cleanDb(db);
    return { scan: runway(root, db, 'scan') };
  }).scan;
}

/**
 * The file system calls of one warm run under strace, on the paths of the home: opens of log
 * files (not databases, not folders), stats per log file, opens per database. Null without strace.
 */
function warmSyscalls(root: string, home: AgentHome, args: string[], env: NodeJS.ProcessEnv): { logOpens: number; logStats: number; maxStats: number; dbOpens: number[]; examples: string[] } | null {
  const trace = join(work, 'strace.txt');
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=%file', '-o', trace, process.execPath, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) return null;
  let logOpens = 0;
  const opened: string[] = [];
  const statsOf = new Map<string, number>();
  const dbOpens = home.databases.map(() => 0);
  const isDir = new Map<string, boolean>();
  for (const line of readFileSync(trace, 'utf8').split('\n')) {
    const m = /^\d+\s+(\w+)\(.*?"([^"]*)"/.exec(line);
    if (!m || !m[2]!.startsWith(`${root}/`) || / = -1 /.test(line)) continue;
    const [, call, path] = m as unknown as [string, string, string];
    if (!isDir.has(path)) isDir.set(path, statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? true);
    if (isDir.get(path)) continue;
    const db = home.databases.findIndex((d) => d.path === path);
    const open = /^open/.test(call);
    if (db >= 0) {
      if (open) dbOpens[db]!++;
    } else if (/-(wal|shm|journal)$/.test(path)) {
      continue;
    } else if (open) {
      logOpens++;
      opened.push(path);
    }
    else if (/stat/.test(call)) statsOf.set(path, (statsOf.get(path) ?? 0) + 1);
  }
  rmSync(trace, { force: true });
  const counts = [...statsOf.values()];
  // The generated home's own paths (no user's), to show where the extra work goes.
  const examples = [...opened.map((f) => `opened ${f}`), ...[...statsOf].filter(([, n]) => n > 1).map(([f, n]) => `${n} stats of ${f}`)]
    .slice(0, 4).map((x) => x.replace(`${root}/`, ''));
  return { logOpens, logStats: counts.reduce((a, b) => a + b, 0), maxStats: Math.max(0, ...counts), dbOpens, examples };
}

// ---- the run ----

try {
  mkdirSync(join(work, 'home'));
  console.log(`Runway performance benchmark (${quick ? 'quick' : 'full'}): ${cpus().length} cores, Node ${process.version}, ${runs} runs after a warm-up per measurement; medians are quoted`);
  console.log(`load average at the start: ${loadAverage()} (other work on the machine slows every figure)`);
  if (only) console.log(`sections: ${only.join(', ')} (--only)`);
  const logs = join(work, 'main');
  const db = join(work, 'main.db');
  // The Claude Code tree of sections 1–5 and 7, generated once for whichever of them run.
  const needMain = (['cold', 'warm', 'incremental', 'scale', 'memory', 'correctness'] as const).some(wanted);
  const gen = needMain ? generate(logs, mb) : undefined;
  runway(logs, db, 'daily', '--json', '--no-scan'); // builds the price cache, as any first run does
  cleanDb(db);
  let coldSamples: Sample[] | undefined;
  let coldTotals: DailyTotals | undefined;
  let ccTotals: CcusageTotals | undefined;
  let ref: ReturnType<typeof referenceTotals> | undefined;

  // 1. Cold: everything measured round-robin in one loop, so a noisy moment hits all of them.
  if (gen && wanted('cold')) {
  heading(`1. Cold: runway scan into an empty database + daily --json, beside ccusage and cat (${mbOf(gen.bytes)})`);
  const cold = repeat(() => {
    const cat = catAll(logs);
    const cc = ccusageDaily(logs);
    cleanDb(db);
    const scan = runway(logs, db, 'scan');
    const report = daily(logs, db);
    return { cat, cc, scan, report, total: sum(scan, report) };
  });
  timings([
    ['cat of all .jsonl files', cold.cat],
    ['ccusage claude daily --json --offline', cold.cc],
    ['runway scan (empty database)', cold.scan],
    ['runway daily --json after it', cold.report],
    ['runway cold: scan + daily', cold.total],
  ]);
  const coldRatio = med(cold.total) / med(cold.cc);
  const catRatio = med(cold.total) / med(cold.cat);
  targets('1 cold', [
    { target: 'cold ÷ ccusage ≤ 1.0×', figure: `${coldRatio.toFixed(2)}× (${sec(med(cold.total))} s vs ${sec(med(cold.cc))} s)`, ok: coldRatio <= 1 },
    { target: 'cold ÷ cat ≤ 2.5×', figure: `${catRatio.toFixed(2)}× (${sec(med(cold.total))} s vs ${sec(med(cold.cat))} s)`, ok: catRatio <= 2.5 },
  ]);

  coldSamples = cold.scan;
  coldTotals = totalsOf(cold.report.at(-1)!);
  ccTotals = (JSON.parse(cold.cc.at(-1)!.stdout) as { totals: CcusageTotals }).totals;
  } else if (gen) {
    runway(logs, db, 'scan'); // the database the later sections start from
    coldTotals = totalsOf(daily(logs, db));
  }
  // 7. Correctness, checked now on the cold scan's figures (before any append) and printed at the end.
  if (gen && wanted('correctness')) ref = referenceTotals(logs);
  const appendTo = gen ? pickTargets(logs, 20) : [];
  let before = coldTotals;

  // 2. Warm: nothing changed since the last scan.
  if (gen && wanted('warm')) {
  heading('2. Warm: runway daily --json on the unchanged tree (its incremental scan included)');
  const warm = repeat(() => ({ report: daily(logs, db), cc: ccusageDaily(logs) }));
  timings([
    ['ccusage claude daily --json --offline', warm.cc],
    ['runway daily --json (warm)', warm.report],
  ]);
  const warmRatio = med(warm.report) / med(warm.cc);
  targets('2 warm', [
    { target: 'warm ÷ ccusage ≤ 0.1×', figure: `${warmRatio.toFixed(3)}× (${sec(med(warm.report))} s vs ${sec(med(warm.cc))} s)`, ok: warmRatio <= 0.1 },
    { target: 'warm < 150 ms', figure: `${(med(warm.report) * 1000).toFixed(0)} ms`, ok: med(warm.report) < 0.15 },
  ]);
  before = totalsOf(warm.report.at(-1)!);
  }

  if (gen && (wanted('incremental') || wanted('scale')) && appendTo.length === 0) {
    throw new Error(`no session file of the ${mbOf(gen.bytes)} tree has an assistant line to copy: use a larger --mb`);
  }
  // 3. Incremental: fresh responses appended to 20 session files before every run.
  if (gen && before && wanted('incremental')) {
  heading('3. Incremental: ~1 MB of new responses appended over 20 files, then runway daily --json');
  const writer = new ResponseWriter(seed + 1_000);
  const appended: { bytes: number; responses: number }[] = [];
  const uncounted: string[] = [];
  const incr = repeat((run) => {
    const added = writer.append(appendTo, MB);
    appended.push(added);
    const report = daily(logs, db);
    const cc = ccusageDaily(logs);
    const after = totalsOf(report);
    for (const k of TOKEN_KINDS) if (after[k] - before![k] !== added[k]) uncounted.push(`run ${run}: ${k} +${after[k] - before![k]}, appended ${added[k]}`);
    before = after;
    return { report, cc };
  });
  const mean = (f: (a: { bytes: number; responses: number }) => number) => appended.reduce((n, a) => n + f(a), 0) / appended.length;
  console.log(`appended per run: ${(mean((a) => a.bytes) / MB).toFixed(2)} MB, ${mean((a) => a.responses).toFixed(0)} responses in ${appendTo.length} files (new lines and ids every run)`);
  timings([
    ['ccusage claude daily --json --offline', incr.cc],
    ['runway daily --json (after the append)', incr.report],
  ]);
  const incrRatio = med(incr.report) / med(incr.cc);
  targets('3 incremental', [
    { target: 'incremental ÷ ccusage ≤ 0.15×', figure: `${incrRatio.toFixed(3)}× (${sec(med(incr.report))} s vs ${sec(med(incr.cc))} s)`, ok: incrRatio <= 0.15 },
    {
      target: 'every appended response counted, every kind',
      figure: uncounted.length ? uncounted.slice(0, 3).join('; ') : `${runs + 1} appends, totals grew by exactly what was appended`,
      ok: uncounted.length === 0,
      correctness: true,
    },
  ]);
  }

  // 5. Scale, one file, one line (full run), and the inputs of 4.
  const scale: { mb: number; bytes: number; samples: Sample[] }[] = [];
  if (gen && wanted('scale')) {
  if (!quick) {
    heading('5. Scale: cold runway scan at growing tree sizes');
    for (const size of [250, 500, 1024, 3072]) {
      if (size === mb) {
        scale.push({ mb: size, bytes: gen.bytes, samples: (coldSamples ??= coldScans(logs, join(work, 'scale.db'))) });
        continue;
      }
      const root = join(work, `scale-${size}`);
      const g = generate(root, size);
      scale.push({ mb: size, bytes: g.bytes, samples: coldScans(root, join(work, 'scale.db')) });
      rmSync(root, { recursive: true, force: true });
      cleanDb(join(work, 'scale.db'));
    }
    const perGb = scale.map((p) => med(p.samples) / (p.bytes / GB));
    const mid = stats(perGb).median;
    table([
      ['tree', 'wall s min / median / max', 'peak RSS MB min / median / max', 's per GB', 'vs median s/GB'],
      ...scale.map((p, i) => [mbOf(p.bytes), triple(p.samples), rssTriple(p.samples), perGb[i]!.toFixed(2), `${((perGb[i]! / mid - 1) * 100).toFixed(0)}%`]),
    ]);
    if (scale.some((p) => p.samples === coldSamples)) console.log(`(the ${mbOf(gen.bytes)} row is the cold scans of section 1)`);
    const spread = perGb.map((x) => Math.abs(x / mid - 1));
    targets('5 scale', [
      {
        target: 'linear: s per GB within ±20% at every size',
        figure: `${Math.min(...perGb).toFixed(2)}–${Math.max(...perGb).toFixed(2)} s/GB (median ${mid.toFixed(2)}, worst ${(Math.max(...spread) * 100).toFixed(0)}% off)`,
        ok: spread.every((x) => x <= 0.2),
      },
    ]);

    heading('5. One 300 MB file: every file of a 300 MB tree concatenated into one session file');
    const src = join(work, 'single-src');
    const g = generate(src, 300);
    const single = writeSingleFileTree(src, join(work, 'single'));
    rmSync(src, { recursive: true, force: true });
    const singleDb = join(work, 'single.db');
    const s = coldScans(join(work, 'single'), singleDb);
    const singleTotals = totalsOf(daily(join(work, 'single'), singleDb));
    timings([[`runway scan of one ${mbOf(single.bytes)} file`, s]]);
    targets('5 one file', [
      { target: `peak RSS ≤ ${MEMORY_MB} MB`, figure: `${medRss(s).toFixed(0)} MB (scan ${sec(med(s))} s)`, ok: medRss(s) <= MEMORY_MB },
      {
        target: 'responses counted as in the tree it came from',
        figure: `${int(singleTotals.responses)} of ${int(g.truth.responses)}`,
        ok: singleTotals.responses === g.truth.responses,
        correctness: true,
      },
    ]);
    rmSync(join(work, 'single'), { recursive: true, force: true });
    cleanDb(singleDb);
  }

  heading('5. One 50 MB line: a tool result of 50 MB, then normal assistant lines');
  const bigRoot = join(work, 'big-line');
  const bigDb = join(work, 'big-line.db');
  const [beforeBig, afterBig] = [5, 20];
  const big = writeBigLineTree(bigRoot, appendTo[0]!, 50, beforeBig, afterBig, seed + 2_000);
  const b = coldScans(bigRoot, bigDb);
  const bigTotals = totalsOf(daily(bigRoot, bigDb));
  const bigExpected = beforeBig + 1 + afterBig;
  timings([[`runway scan (a ${mbOf(big.lineBytes)} line)`, b]]);
  targets('5 one line', [
    { target: `peak RSS ≤ ${MEMORY_MB} MB`, figure: `${medRss(b).toFixed(0)} MB (scan ${sec(med(b))} s)`, ok: medRss(b) <= MEMORY_MB },
    {
      target: 'the responses after the big line counted',
      figure: `${bigTotals.responses} of ${bigExpected} (${afterBig} after the line)`,
      ok: bigTotals.responses === bigExpected,
      correctness: true,
    },
  ]);
  rmSync(bigRoot, { recursive: true, force: true });
  }

  if (gen && wanted('memory')) {
  heading('4. Memory: peak RSS of the cold scan');
  const memMain = medRss((coldSamples ??= coldScans(logs, join(work, 'scale.db'))));
  const memChecks: Omit<Check, 'section'>[] = [{ target: `cold scan (${mbOf(gen.bytes)}) ≤ ${MEMORY_MB} MB`, figure: `${memMain.toFixed(0)} MB`, ok: memMain <= MEMORY_MB }];
  const biggest = scale.find((p) => p.mb === 3072);
  if (biggest) {
    const mem3 = medRss(biggest.samples);
    memChecks.push(
      { target: `cold scan (${mbOf(biggest.bytes)}) ≤ ${MEMORY_MB} MB`, figure: `${mem3.toFixed(0)} MB`, ok: mem3 <= MEMORY_MB },
      {
        target: `${mbOf(biggest.bytes)} within ±10% of ${mbOf(gen.bytes)}`,
        figure: `${mem3.toFixed(0)} vs ${memMain.toFixed(0)} MB (${((mem3 / memMain - 1) * 100).toFixed(0)}%)`,
        ok: Math.abs(mem3 / memMain - 1) <= 0.1,
      },
    );
  }
  targets('4 memory', memChecks);
  }

  // The generated database of ~1M responses (~100k with --quick) that sections 6 and 9 share.
  const serveDb = join(work, 'serve.db');
  let demoResponses = 0;
  const demoDatabase = () => {
    if (demoResponses) return;
    const t = performance.now();
    const demo = openDb(serveDb);
    generateDemo(demo, { nowMs: Date.now(), tz: 'UTC', days: 90, sessionsPerWorkday: demoSessions });
    demoResponses = (demo.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;
    demo.close();
    console.log(`database: ${int(demoResponses)} generated responses over 90 days (written in ${((performance.now() - t) / 1000).toFixed(1)} s); log root empty`);
  };

  // 6. Server: a spawned `runway serve` under a steady request rate.
  if (wanted('server')) {
    heading(`6. Server: /api/summary and /api/daily at 200 requests/s, ${loadSeconds} s each (runway serve, autocannon)`);
    demoDatabase();
    const emptyRoot = join(work, 'empty');
    mkdirSync(join(emptyRoot, 'projects'), { recursive: true });
    const t = performance.now();
    server = await startServer(cli, ['--db', serveDb, '--config', configPath, '--tz', 'UTC'], envFor(emptyRoot));
    console.log(`runway serve listening on 127.0.0.1:${server.port} after ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const routes = ['/api/summary', '/api/daily'];
    const paced: LoadResult[] = [];
    const bursts: LoadResult[] = [];
    try {
      for (const path of routes) await load(server.port, path, 1, 200, 1); // warm-up
      for (const path of routes) paced.push(await load(server.port, path, loadSeconds, 200, 1));
      for (const path of routes) bursts.push(await load(server.port, path, burstSeconds, 200, 10));
    } finally {
      await server.stop();
      server = undefined;
    }
    console.log(
      'autocannon paces by the second: each connection sends its share back to back, then waits for the next second.\n' +
        'With 1 connection no request waits behind another, as in a steady 200/s of ~1 ms requests (the target);\n' +
        'with 10, ten requests arrive at once at the top of every second (a burst figure, no target).',
    );
    table([
      ['route', 'connections', 'seconds', 'requests', 'rate /s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx'],
      ...[...paced, ...bursts].map((r) => [
        r.path, String(r.connections), r.seconds.toFixed(0), int(r.requests), r.rate.toFixed(0),
        ms(r.p50), ms(r.p975), ms(r.p99), ms(r.max), String(r.errors), String(r.non2xx),
      ]),
    ]);
    const all = [...paced, ...bursts];
    targets('6 server', [
      ...paced.map((r) => ({ target: `${r.path} p99 < 20 ms`, figure: `${ms(r.p99)} ms (p50 ${ms(r.p50)}, p97.5 ${ms(r.p975)}; 10 connections in bursts: p99 ${ms(bursts.find((b) => b.path === r.path)!.p99)})`, ok: r.p99 < 20 })),
      {
        target: 'no errors, no non-2xx, 200/s held',
        figure: `${all.reduce((n, r) => n + r.errors, 0)} errors, ${all.reduce((n, r) => n + r.non2xx, 0)} non-2xx; ${Math.min(...all.map((r) => r.rate)).toFixed(0)}/s at the lowest`,
        ok: all.every((r) => r.errors === 0 && r.non2xx === 0 && r.rate >= 190),
      },
    ]);
  }

  // 8. The status line: a warm database, one response appended to the transcript before each run.
  if (wanted('statusline')) {
    heading(`8. Status line: runway statusline on a warm database, a response appended before each run (${statusRuns} runs)`);
    const sl = timeStatusline({ runs: statusRuns, sessions: 12 });
    const q = (s: number[], p: number) => `${percentile(s, p).toFixed(0)} ms`;
    console.log(`database: ${int(sl.history)} responses over 60 days; each run alternates with a bare node -e 0, after 3 warm-up pairs`);
    table([
      ['command', 'median', 'p95', 'min'],
      ['node -e 0 (the floor)', q(sl.bare, 50), q(sl.bare, 95), `${sl.bare[0]!.toFixed(0)} ms`],
      ['runway statusline', q(sl.status, 50), q(sl.status, 95), `${sl.status[0]!.toFixed(0)} ms`],
    ]);
    const p95 = percentile(sl.status, 95);
    targets('8 statusline', [
      {
        target: `statusline p95 < ${STATUSLINE_P95_MS} ms`,
        figure: `${p95.toFixed(0)} ms (${(p95 / STATUSLINE_P95_MS).toFixed(2)}× the bar; median ${q(sl.status, 50)}, min ${sl.status[0]!.toFixed(0)} ms; bare node median ${q(sl.bare, 50)})`,
        ok: p95 < STATUSLINE_P95_MS,
      },
    ]);
  }

  // 9. /api/summary when another connection committed a response before every call.
  if (wanted('api')) {
    heading(`9. /api/summary after a commit: a new response committed before each of ${apiCalls} calls (in process, fastify inject)`);
    demoDatabase();
    const apiDb = openDb(serveDb);
    const api = await timeApi(apiDb, { calls: apiCalls, routes: ['/api/summary'] });
    apiDb.close();
    const q = (s: number[], p: number) => ms(percentile(s, p));
    table([
      ['/api/summary', 'median ms', 'p95 ms', 'p99 ms', 'max ms'],
      ...([['unchanged data', api.unchanged['/api/summary']!], ['a commit before every call', api.afterCommit['/api/summary']!]] as const)
        .map(([label, s]) => [label, q(s, 50), q(s, 95), q(s, 99), ms(s.at(-1)!)]),
    ]);
    const after = api.afterCommit['/api/summary']!;
    const p99 = percentile(after, 99);
    targets('9 api', [
      {
        target: '/api/summary after a commit: p99 < 50 ms',
        figure: `${ms(p99)} ms (${(p99 / 50).toFixed(2)}× the bar; median ${q(after, 50)}, p95 ${q(after, 95)}; ${int(demoResponses)} responses)`,
        ok: p99 < 50,
      },
    ]);
  }

  // 10. A home of all five agents: cold and warm, the warm run's file work, and the totals.
  if (wanted('agents')) {
    heading(`10. All five agents: a ${agentMb} MB home of Claude Code, Codex, Gemini CLI, OpenCode and Copilot CLI logs`);
    const out = join(work, 'agents');
    let t = performance.now();
    const home = generateAgentHome({ out, mb: agentMb, seed });
    console.log(`home: ${mbOf(home.bytes)}, ${int(home.files)} log files (${home.databases.length} of them databases), generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    console.log(`responses written: ${AGENTS.map((a) => `${a} ${int(home.truth[a].responses)}`).join(', ')}`);
    const agentEnv: NodeJS.ProcessEnv = { ...baseEnv, ...home.env, XDG_CACHE_HOME: join(work, 'cache'), NO_COLOR: '1', TZ: 'UTC' };
    const adb = join(work, 'agents.db');
    const ar = (...args: string[]) => timed(process.execPath, [cli, ...args, '--db', adb, '--config', configPath], agentEnv);
    const report = () => ar('daily', '--json', '--tz', 'UTC');

    const cold = repeat(() => {
      cleanDb(adb);
      const scan = ar('scan');
      const r = report();
      return { scan, report: r, total: sum(scan, r) };
    });
    const warm = repeat(() => ({ warm: report(), floor: ar('daily', '--json', '--tz', 'UTC', '--no-scan') }));
    timings([
      ['runway scan (empty database)', cold.scan],
      ['runway daily --json after it', cold.report],
      ['runway cold: scan + daily', cold.total],
      ['runway daily --json (warm)', warm.warm],
      ['runway daily --json --no-scan', warm.floor],
    ]);
    console.log('(no ccusage ratio: ccusage reads these agents under rules of its own, so the same home is not the same work for both)');

    // The warm scan's own time against its floor: a stat of every log file and a query of every
    // database, each timed here in this process.
    const logFiles = (readdirSync(out, { recursive: true }) as string[])
      .map((f) => join(out, f))
      .filter((f) => !f.includes(`${join('storage', 'part')}`) && !/-(wal|shm)$/.test(f) && statSync(f).isFile() && !f.startsWith(join(out, 'home')));
    const statMs = stats([0, 1, 2, 3, 4].map(() => {
      const s = performance.now();
      for (const f of logFiles) statSync(f);
      return performance.now() - s;
    })).median;
    const queryMs = stats([0, 1, 2, 3, 4].map(() => {
      const s = performance.now();
      for (const d of home.databases) {
        const x = new Database(d.path, { readonly: true, fileMustExist: true });
        x.prepare(`SELECT max(rowid) FROM "${d.table}"`).get();
        x.close();
      }
      return performance.now() - s;
    })).median;
    const scanMs = (med(warm.warm) - med(warm.floor)) * 1000;
    const floorMs = statMs + queryMs;
    console.log(`warm scan's own time (warm − --no-scan medians): ${ms(scanMs)} ms; ${int(logFiles.length)} stats take ${ms(statMs)} ms and ${home.databases.length} database queries (open, one SELECT, close) ${ms(queryMs)} ms here: ${(scanMs / floorMs).toFixed(1)}× that floor`);

    // What a warm run touches, by its system calls: no log file opened, at most a stat per file,
    // each database opened once (its -wal and -shm beside it).
    const syscalls = warmSyscalls(out, home, [cli, 'daily', '--json', '--tz', 'UTC', '--db', adb, '--config', configPath], agentEnv);
    const warmScan = JSON.parse(ar('scan', '--json').stdout) as { filesSeen: number; filesRead: number; bytesRead: number };
    console.log(`warm runway scan --json: ${int(warmScan.filesSeen)} files seen, ${int(warmScan.filesRead)} read, ${int(warmScan.bytesRead)} bytes read`);
    if (syscalls) {
      console.log(`strace of a warm daily --json: ${syscalls.logOpens} log files opened, ${int(syscalls.logStats)} stats on log files, the databases opened ${syscalls.dbOpens.join(' and ')} time(s)`);
      for (const x of syscalls.examples) console.log(`  ${x}`);
    } else console.log('strace not found or not permitted: the file work is judged by the scan report alone');
    const fileWork = syscalls
      ? {
          figure: `${syscalls.logOpens} log files opened, ${int(syscalls.logStats)} stats of ${int(warmScan.filesSeen)} files seen (at most ${syscalls.maxStats} of one), databases opened ${syscalls.dbOpens.join(' and ')} time(s); scan itself ${ms(scanMs)} ms vs ${ms(floorMs)} ms of stats and queries`,
          ok: syscalls.logOpens === 0 && syscalls.maxStats <= 1 && syscalls.dbOpens.every((n) => n <= 1),
        }
      : {
          figure: `(no strace) ${int(warmScan.filesRead)} files read of ${int(warmScan.filesSeen)}; scan itself ${ms(scanMs)} ms vs ${ms(floorMs)} ms of stats and queries`,
          ok: warmScan.filesRead === 0,
        };

    const adbOpen = openDb(adb);
    const got = agentTotals(adbOpen);
    adbOpen.close();
    table([
      ['agent', ...COUNT_KINDS],
      ...AGENTS.flatMap((a) => [
        [`${a} runway`, ...COUNT_KINDS.map((k) => int(got[a][k]))],
        [`${a} written`, ...COUNT_KINDS.map((k) => (got[a][k] === home.truth[a][k] ? 'equal' : `${int(home.truth[a][k])} MISMATCH`))],
      ]),
    ]);
    const wrong = AGENTS.flatMap((a) => COUNT_KINDS.filter((k) => got[a][k] !== home.truth[a][k]).map((k) => `${a} ${k}`));
    const coldS = med(cold.total);
    targets('10 agents', [
      { target: 'cold scan + daily of five agents', figure: `${sec(coldS)} s (${mbOf(home.bytes)}; ${(coldS / (home.bytes / GB)).toFixed(2)} s per GB)`, ok: true, info: true },
      { target: 'warm daily of five agents', figure: `${(med(warm.warm) * 1000).toFixed(0)} ms (--no-scan: ${(med(warm.floor) * 1000).toFixed(0)} ms)`, ok: true, info: true },
      { target: 'warm: ≤ a stat per file + a query per database', ...fileWork },
      {
        target: 'five agents: totals equal what was written',
        figure: wrong.length ? `differ: ${wrong.slice(0, 4).join(', ')}` : `${AGENTS.length} agents × ${COUNT_KINDS.length} kinds equal`,
        ok: wrong.length === 0,
        correctness: true,
      },
    ]);
    rmSync(out, { recursive: true, force: true });
    cleanDb(adb);
  }

  // 11. The SDK guard, in a process of its own (its price cache and timers apart from this one's).
  if (wanted('sdk')) {
    heading(`11. SDK guard: ${sdkCalls} guarded calls interleaved with unguarded ones, real clients against a local fake API`);
    const r = spawnSync(process.execPath, [join(import.meta.dirname, 'sdk-guard.js'), '--json', '--calls', String(sdkCalls)], { env: baseEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`sdk-guard failed: ${r.stderr.slice(-2000)}`);
    const cases = JSON.parse(r.stdout) as GuardCase[];
    const q = (s: number[], p: number) => percentile(s, p).toFixed(3);
    table([
      ['call', 'plain median ms', 'guarded median ms', 'overhead median ms', 'overhead p95 ms'],
      ...cases.map((c) => [c.name, q(c.plain, 50), q(c.guarded, 50), q(c.overhead, 50), q(c.overhead, 95)]),
    ]);
    console.log('each guarded call is its own run() with a budget: the run\'s set-up and report are in the overhead');
    targets('11 sdk', cases.map((c) => {
      const o = percentile(c.overhead, 50);
      return { target: `${c.name}: overhead < ${SDK_OVERHEAD_MS} ms`, figure: `${o.toFixed(3)} ms median (${(o / SDK_OVERHEAD_MS).toFixed(2)}× the bar; ${q(c.plain, 50)} → ${q(c.guarded, 50)} ms)`, ok: o < SDK_OVERHEAD_MS };
    }));
  }

  // 12. Team sync to a throwaway local PostgreSQL cluster.
  if (wanted('team')) {
    heading(`12. Team sync: first sync of ${int(teamResponses)} responses, then incremental syncs of 1,000 (local PostgreSQL)`);
    try {
      const f = await timeTeamSync({ total: teamResponses, batch: 5000, log: console.log });
      const firstRate = f.firstSent / f.firstSeconds;
      const inc = stats(f.incremental);
      console.log(`first sync to ${f.url}: ${int(f.firstSent)} in ${f.firstSeconds.toFixed(2)} s; incremental 1,000: ${f.incremental.map((x) => `${(x * 1000).toFixed(0)} ms`).join(', ')}; nothing new: ${ms(f.noneMs)} ms`);
      console.log(`bars (the issue names none): first sync ≥ ${int(TEAM_FIRST_ROWS_S)} rows/s, the last recorded figure; incremental 1,000 < ${TEAM_INCREMENTAL_S} s`);
      targets('12 team', [
        { target: `first sync ≥ ${int(TEAM_FIRST_ROWS_S)} rows/s`, figure: `${int(firstRate)} rows/s (${f.firstSeconds.toFixed(1)} s for ${int(f.firstSent)})`, ok: firstRate >= TEAM_FIRST_ROWS_S },
        { target: `incremental 1,000 < ${TEAM_INCREMENTAL_S} s`, figure: `${(inc.median * 1000).toFixed(0)} ms median, ${int(1000 / inc.median)} rows/s`, ok: inc.median < TEAM_INCREMENTAL_S },
      ]);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!/no PostgreSQL binaries/.test(message)) throw e;
      console.log('skipped: no PostgreSQL binaries');
      targets('12 team', [{ target: 'team sync', figure: 'skipped: no PostgreSQL binaries', ok: false, skipped: true }]);
    }
  }

  if (ref && coldTotals) {
  heading('7. Correctness: the cold scan against the plain reference counter');
  const bad = TOKEN_KINDS.filter((k) => coldTotals[k] !== ref[k]);
  table([['token kind', 'runway', 'reference', ''], ...TOKEN_KINDS.map((k) => [k, int(coldTotals[k]), int(ref[k]), coldTotals[k] === ref[k] ? 'equal' : 'MISMATCH'])]);
  if (bad.length) console.log(`MISMATCH with the reference counter: ${bad.join(', ')}`);
  targets('7 correctness', [
    { target: 'totals equal the reference on every token kind', figure: bad.length ? `differ: ${bad.join(', ')}` : `${TOKEN_KINDS.length} of ${TOKEN_KINDS.length} equal`, ok: bad.length === 0, correctness: true },
  ]);
  if (ccTotals) {
  console.log('\nSanity check beside ccusage (not a target: ccusage counts streamed duplicates and embedded copies its own way)');
  const diff = (a: number, b: number) => (b === 0 ? '' : `${(((a - b) / b) * 100).toFixed(2)}%`);
  const cacheCreation = coldTotals.cacheWrite5mTokens + coldTotals.cacheWrite1hTokens;
  table([
    ['figure', 'runway', 'ccusage', 'runway vs ccusage'],
    ['input tokens', int(coldTotals.inputTokens), int(ccTotals.inputTokens), diff(coldTotals.inputTokens, ccTotals.inputTokens)],
    ['output tokens', int(coldTotals.outputTokens), int(ccTotals.outputTokens), diff(coldTotals.outputTokens, ccTotals.outputTokens)],
    ['cache write tokens', int(cacheCreation), int(ccTotals.cacheCreationTokens), diff(cacheCreation, ccTotals.cacheCreationTokens)],
    ['cache read tokens', int(coldTotals.cacheReadTokens), int(ccTotals.cacheReadTokens), diff(coldTotals.cacheReadTokens, ccTotals.cacheReadTokens)],
    ['total tokens', int(coldTotals.totalTokens), int(ccTotals.totalTokens), diff(coldTotals.totalTokens, ccTotals.totalTokens)],
    ['cost (USD)', coldTotals.totalCost.toFixed(2), ccTotals.totalCost.toFixed(2), diff(coldTotals.totalCost, ccTotals.totalCost)],
  ]);
  }
  }

  heading('Summary');
  const ordered = [...checks].sort((a, b) => Number.parseInt(a.section) - Number.parseInt(b.section));
  table([['#', 'target', 'figure (medians)', ''], ...ordered.map((c) => [c.section, c.target, c.figure, verdict(c)])], 'llll');
  const met = checks.filter((c) => c.ok && !c.skipped && !c.info).length;
  const skipped = checks.filter((c) => c.skipped || c.info).length;
  console.log(`\n${met} of ${checks.length - skipped} targets met${checks.some((c) => c.skipped) ? ` (${checks.filter((c) => c.skipped).length} skipped)` : ''} on Node ${process.version}; the whole run took ${((performance.now() - began) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}`);
  if (checks.some((c) => c.correctness && !c.ok)) process.exitCode = 1;
} finally {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
}
