// The performance benchmark: Runway beside ccusage and `cat` on generated log trees, each
// figure printed with its target and MET or MISSED, then a summary of every target.
//   npm run bench [-- --quick] [--mb N] [--runs N] [--seed N] [--skip-server]
// Full (~10 min): a 1 GB tree, the scale points up to 3 GB, one 300 MB file, one 50 MB line,
// 30 s of load per route on a million responses. --quick: 100 MB, 3 runs, 10 s of load on
// ~100k responses, no scale points and no 300 MB file.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Tokens } from '../figures/usage.js';
import { openDb } from '../store/db.js';
import { generateDemo } from '../server/demo.js';
import { pickTargets, ResponseWriter, writeBigLineTree, writeSingleFileTree } from './extra-logs.js';
import { generateLogs, type GenStats } from './gen-logs.js';
import { measure, stats, type Sample } from './measure.js';
import { referenceTotals } from './reference.js';
import { load, startServer, type LoadResult, type Server } from './serve-load.js';

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
  },
});
const quick = values.quick!;
const mb = positive('--mb', values.mb ?? (quick ? '100' : '1024'));
const runs = positive('--runs', values.runs ?? (quick ? '3' : '5'));
const seed = positive('--seed', values.seed!);
const loadSeconds = quick ? 10 : 30;
const burstSeconds = quick ? 5 : 10; // the extra, burst-shaped load: a figure, not a target
const demoSessions = quick ? 33 : 330; // ~100k and ~1M responses over 90 days

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
}
const checks: Check[] = [];

const verdict = (c: Omit<Check, 'section'>) => (c.ok ? 'MET' : c.correctness ? 'MISMATCH' : 'MISSED');

function targets(section: string, list: Omit<Check, 'section'>[]): void {
  checks.push(...list.map((c) => ({ section, ...c })));
  table([['target', 'figure', ''], ...list.map((c) => [c.target, c.figure, verdict(c)])], 'lll');
}

function heading(title: string): void {
  console.log(`\n== ${title} ==`);
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

// ---- the run ----

try {
  mkdirSync(join(work, 'home'));
  console.log(`Runway performance benchmark (${quick ? 'quick' : 'full'}): ${cpus().length} cores, Node ${process.version}, ${runs} runs after a warm-up per measurement; medians are quoted`);
  console.log(`load average at the start: ${loadAverage()} (other work on the machine slows every figure)`);
  const logs = join(work, 'main');
  const db = join(work, 'main.db');
  const gen = generate(logs, mb);
  runway(logs, db, 'daily', '--json', '--no-scan'); // builds the price cache, as any first run does
  cleanDb(db);

  // 1. Cold: everything measured round-robin in one loop, so a noisy moment hits all of them.
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

  // 7. Correctness, checked now on the cold scan's figures and printed at the end.
  const coldTotals = totalsOf(cold.report.at(-1)!);
  const ref = referenceTotals(logs);
  const ccTotals = (JSON.parse(cold.cc.at(-1)!.stdout) as { totals: CcusageTotals }).totals;

  // 2. Warm: nothing changed since the last scan.
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

  // 3. Incremental: fresh responses appended to 20 session files before every run.
  heading('3. Incremental: ~1 MB of new responses appended over 20 files, then runway daily --json');
  const appendTo = pickTargets(logs, 20);
  if (appendTo.length === 0) throw new Error(`no session file of the ${mbOf(gen.bytes)} tree has an assistant line to copy: use a larger --mb`);
  const writer = new ResponseWriter(seed + 1_000);
  let before = totalsOf(warm.report.at(-1)!);
  const appended: { bytes: number; responses: number }[] = [];
  const uncounted: string[] = [];
  const incr = repeat((run) => {
    const added = writer.append(appendTo, MB);
    appended.push(added);
    const report = daily(logs, db);
    const cc = ccusageDaily(logs);
    const after = totalsOf(report);
    for (const k of TOKEN_KINDS) if (after[k] - before[k] !== added[k]) uncounted.push(`run ${run}: ${k} +${after[k] - before[k]}, appended ${added[k]}`);
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

  // 5. Scale, one file, one line (full run), and the inputs of 4.
  const scale: { mb: number; bytes: number; samples: Sample[] }[] = [];
  if (!quick) {
    heading('5. Scale: cold runway scan at growing tree sizes');
    for (const size of [250, 500, 1024, 3072]) {
      if (size === mb) {
        scale.push({ mb: size, bytes: gen.bytes, samples: cold.scan });
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
    if (scale.some((p) => p.samples === cold.scan)) console.log(`(the ${mbOf(gen.bytes)} row is the cold scans of section 1)`);
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

  heading('4. Memory: peak RSS of the cold scan');
  const memMain = medRss(cold.scan);
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

  // 6. Server: a spawned `runway serve` under a steady request rate.
  if (!values['skip-server']) {
    heading(`6. Server: /api/summary and /api/daily at 200 requests/s, ${loadSeconds} s each (runway serve, autocannon)`);
    const serveDb = join(work, 'serve.db');
    let t = performance.now();
    const demo = openDb(serveDb);
    generateDemo(demo, { nowMs: Date.now(), tz: 'UTC', days: 90, sessionsPerWorkday: demoSessions });
    const responses = (demo.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;
    demo.close();
    console.log(`database: ${int(responses)} generated responses over 90 days (written in ${((performance.now() - t) / 1000).toFixed(1)} s); log root empty`);
    const emptyRoot = join(work, 'empty');
    mkdirSync(join(emptyRoot, 'projects'), { recursive: true });
    t = performance.now();
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

  heading('7. Correctness: the cold scan against the plain reference counter');
  const bad = TOKEN_KINDS.filter((k) => coldTotals[k] !== ref[k]);
  table([['token kind', 'runway', 'reference', ''], ...TOKEN_KINDS.map((k) => [k, int(coldTotals[k]), int(ref[k]), coldTotals[k] === ref[k] ? 'equal' : 'MISMATCH'])]);
  if (bad.length) console.log(`MISMATCH with the reference counter: ${bad.join(', ')}`);
  targets('7 correctness', [
    { target: 'totals equal the reference on every token kind', figure: bad.length ? `differ: ${bad.join(', ')}` : `${TOKEN_KINDS.length} of ${TOKEN_KINDS.length} equal`, ok: bad.length === 0, correctness: true },
  ]);
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

  heading('Summary');
  const ordered = [...checks].sort((a, b) => Number.parseInt(a.section) - Number.parseInt(b.section));
  table([['#', 'target', 'figure (medians)', ''], ...ordered.map((c) => [c.section, c.target, c.figure, verdict(c)])], 'llll');
  const met = checks.filter((c) => c.ok).length;
  console.log(`\n${met} of ${checks.length} targets met; the whole run took ${((performance.now() - began) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}`);
  if (checks.some((c) => c.correctness && !c.ok)) process.exitCode = 1;
} finally {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
}
