// Damaged logs, changed the way a live user's files change: a generated tree is copied cut
// mid-line and completed, hostile lines are injected, files are rewritten, truncated and
// replaced, special files and a link to / appear, final newlines go missing. Runway scans
// incrementally after every step; at the end its database, and a fresh scan of the final
// tree, must hold exactly the clean tree's tokens (the reference counter's), plus one
// response with zero counts per hostile record that has a valid id and timestamp. Every
// dashboard route and the CLI must still answer with finite figures and no stack trace.
//   node dist/bench/check-damaged.js [--mb 40] [--seed 11] [--out DIR]
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync,
  renameSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Tokens } from '../figures/usage.js';
import { parseConfig } from '../core/config.js';
import { loadPriceTable } from '../core/price-source.js';
import { openDb, type Db } from '../store/db.js';
import { scan, type ScanReport } from '../scanner/scan.js';
import { buildApp } from '../server/app.js';
import { generateLogs, Rng } from './gen-logs.js';
import { referenceTotals } from './reference.js';
import { FIGURE_ROUTES, numbersIn } from './surfaces.js';

const MB = 1024 * 1024;
const NL = 0x0a;
const START = '2026-09-01';
const DAYS = 30;
// The dashboard's and the CLI's clock: inside the generated month, so every figure has data.
const NOW = Date.parse('2026-09-20T12:00:00Z');
const PORT = 8099;
const HOST = { host: `127.0.0.1:${PORT}` };

type Rec = Record<string, unknown>;
type Kind = keyof Tokens;
const KINDS: [Kind, string][] = [
  ['responses', 'responses'],
  ['inputTokens', 'input'],
  ['outputTokens', 'output'],
  ['cacheWrite5mTokens', 'cache write 5m'],
  ['cacheWrite1hTokens', 'cache write 1h'],
  ['cacheReadTokens', 'cache read'],
  ['webSearchRequests', 'web searches'],
];

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '40' }, seed: { type: 'string', default: '11' }, out: { type: 'string' } },
});
const mb = Number(values.mb);
const seed = Number(values.seed);
if (!(mb > 0) || !Number.isInteger(seed)) {
  console.error('usage: check-damaged [--mb N] [--seed S] [--out DIR]');
  process.exit(2);
}

const began = performance.now();
const tmp = mkdtempSync(join(tmpdir(), 'runway-damaged-'));
const out = values.out ? resolve(values.out) : join(tmp, 'corpus');
const cleanRoot = join(out, 'clean');
const liveRoot = join(out, 'damaged');
const clean = join(cleanRoot, 'projects');
const live = join(liveRoot, 'projects');
const rng = new Rng((seed ^ 0x5eed) >>> 0);
const fmt = (n: number) => n.toLocaleString('en-US');
const secs = (ms: number) => (ms / 1000).toFixed(2);
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

interface Check {
  what: string;
  ok: boolean;
}
const checks: Check[] = [];
const check = (what: string, ok: boolean): string => {
  checks.push({ what, ok });
  return ok ? 'MET' : 'MISSED';
};

let specials: string[] = [];
const dbs: Db[] = [];

// Called at the end of the module, once every constant below is initialized.
async function main(): Promise<void> {
  try {
    if (existsSync(liveRoot) && readdirSync(liveRoot).length > 0) throw new Error(`${liveRoot} is not empty`);

    // 1. The clean corpus and its truth.
    let t = performance.now();
    const gen = generateLogs({ out: cleanRoot, mb, seed, start: START, days: DAYS });
    const genMs = performance.now() - t;
    t = performance.now();
    const truth = referenceTotals(cleanRoot);
    const refMs = performance.now() - t;
    const files = walk(clean);
    const jsonl = files.filter((f) => f.endsWith('.jsonl'));
    console.log(`corpus: ${(gen.bytes / MB).toFixed(1)} MB, ${fmt(gen.files)} files (${fmt(jsonl.length)} *.jsonl), ${fmt(gen.lines)} lines, seed ${seed}`);
    console.log(`generated in ${secs(genMs)} s; reference counter on the clean tree: ${fmt(truth.responses)} responses in ${secs(refMs)} s`);
    const genAgrees = KINDS.every(([k]) => gen.truth[k] === truth[k]);
    console.log(`the generator's own totals equal the reference counter's: ${check("generator's totals = reference counter's", genAgrees)}`);
    if (!genAgrees) for (const [k, label] of KINDS) if (gen.truth[k] !== truth[k]) console.log(`  ${label}: generator ${fmt(gen.truth[k])}, reference ${fmt(truth[k])}`);

    const db = openDb(join(tmp, 'incremental.db'));
    dbs.push(db);
    const env = { CLAUDE_CONFIG_DIR: liveRoot };
    interface Step {
      id: string;
      what: string;
      report: ScanReport;
      figures: Tokens;
      expected: Tokens;
    }
    const steps: Step[] = [];
    let hostileKept = 0;
    const plus = (extra: number): Tokens => ({ ...pick(truth), responses: truth.responses + extra });
    const step = (id: string, what: string, expected: () => Tokens) => {
      const report = scan(db, { env });
      const figures = totals(db);
      const exp = expected();
      steps.push({ id, what, report, figures, expected: exp });
    };

    // 2a. Every file copied cut mid-line, as if caught while Claude Code writes it; then completed.
    mkdirSync(live, { recursive: true });
    const cuts = new Map<string, number>();
    let midLine = 0;
    for (const rel of files) {
      const buf = readFileSync(join(clean, rel));
      mkdirSync(dirname(join(live, rel)), { recursive: true });
      const cut = rel.endsWith('.jsonl') ? midLineCut(buf) : buf.length;
      if (cut < buf.length) midLine++;
      cuts.set(rel, cut);
      writeFileSync(join(live, rel), buf.subarray(0, cut));
    }
    step('a1', `${fmt(jsonl.length)} files copied, ${fmt(midLine)} of them cut mid-line`, () => pick(referenceTotals(liveRoot)));
    for (const rel of files) {
      const cut = cuts.get(rel)!;
      const buf = readFileSync(join(clean, rel));
      if (cut < buf.length) appendFileSync(join(live, rel), buf.subarray(cut));
    }
    step('a2', 'the rest of every file appended', () => plus(0));

    // 2b. Hostile lines between existing lines of random files.
    const kinds = hostileKinds();
    const reps = Math.max(2, Math.ceil(jsonl.length / 40));
    const plan: { kind: HostileKind; n: number }[] = [];
    for (const kind of kinds) for (let n = 0; n < (kind.max ?? reps); n++) plan.push({ kind, n });
    const injected = new Map<string, { kind: HostileKind; bytes: Buffer; id: string | null }[]>();
    const perKind = new Map<string, { injected: number; kept: number }>();
    const keptIds = new Set<string>();
    const droppedIds = new Set<string>();
    for (const { kind, n } of plan) {
      const id = kind.withId ? `msg_hostile_${kind.slug}_${n}` : null;
      const bytes = kind.make(id ?? `${kind.slug}_${n}`, n);
      const target = rng.pick(jsonl);
      const list = injected.get(target) ?? [];
      list.push({ kind, bytes, id });
      injected.set(target, list);
      const c = perKind.get(kind.name) ?? { injected: 0, kept: 0 };
      c.injected++;
      if (kind.kept) {
        c.kept++;
        hostileKept++;
        keptIds.add(id!);
      } else if (id) droppedIds.add(id);
      perKind.set(kind.name, c);
    }
    for (const [rel, list] of injected) {
      const path = join(live, rel);
      const buf = readFileSync(path);
      const at = list.map((h) => ({ h, pos: lineBoundary(buf) })).sort((a, b) => a.pos - b.pos);
      const parts: Buffer[] = [];
      let last = 0;
      for (const { h, pos } of at) {
        parts.push(buf.subarray(last, pos), h.bytes, Buffer.from('\n'));
        last = pos;
      }
      parts.push(buf.subarray(last));
      writeFileSync(path, Buffer.concat(parts));
    }
    step('b', `${fmt(plan.length)} hostile lines injected into ${fmt(injected.size)} files (${fmt(hostileKept)} of them kept responses)`, () => plus(hostileKept));

    // 2c. Files changed in place: rewritten, truncated then completed, replaced by a new inode.
    const candidates = shuffle(jsonl.filter((rel) => endsWithNewline(join(live, rel)) && statSync(join(live, rel)).size > 200));
    const setSize = Math.max(1, Math.min(Math.floor(candidates.length / 4), Math.max(3, Math.round(jsonl.length * 0.05))));
    const [rewritten, truncated, replaced, stripped] = [0, 1, 2, 3].map((i) => candidates.slice(i * setSize, (i + 1) * setSize)) as [string[], string[], string[], string[]];
    let sameInode = 0;
    for (const rel of rewritten) {
      const path = join(live, rel);
      const ino = statSync(path).ino;
      writeFileSync(path, Buffer.concat([readFileSync(path), otherLines(rel, jsonl)]));
      if (statSync(path).ino === ino) sameInode++;
    }
    step('c1', `${fmt(rewritten.length)} files rewritten in place (${fmt(sameInode)} same inode): same bytes + another file's lines`, () => plus(hostileKept));
    const lost = new Map<string, Buffer>();
    for (const rel of truncated) {
      const path = join(live, rel);
      const buf = readFileSync(path);
      lost.set(rel, buf.subarray(buf.length - 40));
      truncateSync(path, buf.length - 40);
    }
    step('c2', `${fmt(truncated.length)} files truncated by 40 bytes`, () => plus(hostileKept));
    for (const rel of truncated) appendFileSync(join(live, rel), Buffer.concat([lost.get(rel)!, otherLines(rel, jsonl)]));
    step('c3', `the 40 lost bytes and another file's lines appended to those ${fmt(truncated.length)}`, () => plus(hostileKept));
    let newInode = 0;
    replaced.forEach((rel, i) => {
      const path = join(live, rel);
      const ino = statSync(path).ino;
      const bytes = readFileSync(path);
      writeFileSync(`${path}.replacing`, i % 2 ? Buffer.concat([bytes, otherLines(rel, jsonl)]) : bytes);
      renameSync(`${path}.replacing`, path);
      if (statSync(path).ino !== ino) newInode++;
    });
    step('c4', `${fmt(replaced.length)} files replaced by a renamed copy (${fmt(newInode)} new inodes; every other one with lines appended)`, () => plus(hostileKept));

    // 2d. Special files, a link to /, and finished files whose last line lacks its newline.
    const project = join(live, readdirSync(live).sort()[0]!);
    const fifo = join(project, 'pipe.jsonl');
    const zero = join(project, 'zero.jsonl');
    const rootLink = join(live, 'linked-root');
    let made = 0;
    try {
      execFileSync('mkfifo', [fifo]);
      specials.push(fifo);
      made++;
    } catch {
      console.log('mkfifo failed: no FIFO in this run');
    }
    symlinkSync('/dev/zero', zero);
    symlinkSync('/', rootLink);
    specials.push(zero, rootLink);
    const past = new Date(Date.now() - 2 * 86_400_000);
    for (const rel of stripped) {
      const path = join(live, rel);
      truncateSync(path, statSync(path).size - 1);
      utimesSync(path, past, past);
    }
    step('d', `${made ? 'a FIFO, ' : ''}a link to /dev/zero (*.jsonl) and a folder link to / added; ${fmt(stripped.length)} files lose their final newline, mtime 2 days back`, () => plus(hostileKept));

    // 2e. A second opinion: a fresh database, one scan of the final damaged tree.
    const fresh = openDb(join(tmp, 'fresh.db'));
    dbs.push(fresh);
    const freshReport = scan(fresh, { env });
    const freshFigures = totals(fresh);
    const expected = plus(hostileKept);

    // 3. Figures.
    console.log('\nsteps: incremental scans into one database; a1 must hold what the reference counter counts on the cut tree, a2 the truth, b on the truth + the hostile responses');
    console.log(`${pad('step', 5)}${lpad('scan s', 8)}${lpad('files read', 12)}${lpad('MB read', 10)}${lpad('responses', 12)}  db = expected   change`);
    for (const s of steps) {
      const ok = sameFigures(s.figures, s.expected);
      const verdict = check(`step ${s.id}: database = expected`, ok);
      console.log(`${pad(s.id, 5)}${lpad(secs(s.report.durationMs), 8)}${lpad(fmt(s.report.filesRead), 12)}${lpad((s.report.bytesRead / MB).toFixed(2), 10)}${lpad(fmt(s.figures.responses), 12)}  ${pad(verdict, 15)}${s.what}`);
      if (!ok) for (const [k, label] of KINDS) if (s.figures[k] !== s.expected[k]) console.log(`       ${label}: database ${fmt(s.figures[k])}, expected ${fmt(s.expected[k])}`);
    }
    console.log(`${pad('e', 5)}${lpad(secs(freshReport.durationMs), 8)}${lpad(fmt(freshReport.filesRead), 12)}${lpad((freshReport.bytesRead / MB).toFixed(2), 10)}${lpad(fmt(freshFigures.responses), 12)}  ${pad('(below)', 15)}a fresh database, one scan of the final tree`);
    const scanMs = steps.reduce((s, x) => s + x.report.durationMs, 0);
    console.log(`incremental scans: ${secs(scanMs)} s in all`);

    console.log('\nhostile lines: injected, and kept as responses with zero counts (valid id and timestamp, parseable, usage an object)');
    for (const kind of kinds) {
      const c = perKind.get(kind.name)!;
      console.log(`  ${pad(kind.name, 48)}${lpad(fmt(c.injected), 5)} injected${lpad(fmt(c.kept), 5)} kept`);
    }
    console.log(`  ${pad('expected extra responses', 48)}${lpad('', 5)}         ${lpad(fmt(hostileKept), 5)}`);

    // The CLI's own totals over the incremental database (read from the rollups, not the rows).
    db.close();
    dbs.splice(dbs.indexOf(db), 1);
    const cliHome = join(tmp, 'home');
    const configDir = join(cliHome, 'config', 'runway');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ monthly_budget: 200 }));
    const cliEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cliHome,
      XDG_DATA_HOME: join(cliHome, 'data'),
      XDG_CONFIG_HOME: join(cliHome, 'config'),
      XDG_CACHE_HOME: join(cliHome, 'cache'),
      CLAUDE_CONFIG_DIR: liveRoot,
      RUNWAY_DB: join(tmp, 'incremental.db'),
      RUNWAY_NOW: new Date(NOW).toISOString(),
      NO_COLOR: '1',
    };
    const cli = join(import.meta.dirname, '..', 'cli', 'main.js');
    const runCli = (args: string[]) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, ...args], { env: cliEnv, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
      return { ...r, ms: performance.now() - t0 };
    };
    const daily = runCli(['daily', '--json', '--no-scan', '--tz', 'UTC']);
    let cliTotals: Tokens | null = null;
    try {
      const tt = JSON.parse(daily.stdout).totals as Rec;
      cliTotals = Object.fromEntries(KINDS.map(([k]) => [k, tt[k]])) as unknown as Tokens;
    } catch {
      cliTotals = null;
    }
    const incremental = steps.at(-1)!.figures;

    console.log('\nfigures: the clean tree (reference counter) + the hostile responses, against Runway');
    console.log(`${pad('figure', 16)}${lpad('truth', 15)}${lpad('hostile', 9)}${lpad('expected', 15)}${lpad('incremental', 21)}${lpad('fresh scan', 21)}${lpad('cli daily', 21)}`);
    for (const [k, label] of KINDS) {
      const extra = k === 'responses' ? hostileKept : 0;
      const cell = (v: number | undefined, who: string) => {
        const ok = v === expected[k];
        return lpad(`${v === undefined ? 'n/a' : fmt(v)} ${check(`${who}: ${label}`, ok)}`, 21);
      };
      console.log(`${pad(label, 16)}${lpad(fmt(truth[k]), 15)}${lpad(`+${fmt(extra)}`, 9)}${lpad(fmt(expected[k]), 15)}${cell(incremental[k], 'incremental')}${cell(freshFigures[k], 'fresh scan')}${cell(cliTotals?.[k], 'cli daily')}`);
    }

    // Every hostile record where it belongs: present with zero counts, or absent.
    const reopened = openDb(join(tmp, 'incremental.db'));
    dbs.push(reopened);
    for (const [who, d] of [['incremental', reopened], ['fresh scan', fresh]] as const) {
      const rows = d.prepare(`SELECT key, input_tokens + output_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens + web_search_requests AS tokens,
        cost_usd AS cost FROM responses WHERE key LIKE 'msg_hostile_%'`).all() as { key: string; tokens: number; cost: number | null }[];
      const have = new Map(rows.map((r) => [r.key, r]));
      const missing = [...keptIds].filter((id) => !have.has(id));
      const extra = rows.filter((r) => !keptIds.has(r.key)).map((r) => r.key);
      const nonzero = rows.filter((r) => r.tokens !== 0 || r.cost !== null).map((r) => r.key);
      const ok = missing.length === 0 && extra.length === 0 && nonzero.length === 0;
      console.log(`hostile responses in the ${who} database: ${fmt(rows.length)} of ${fmt(keptIds.size)} kept, all with 0 tokens and no logged cost, none of the ${fmt(droppedIds.size)} skipped ones: ${check(`${who}: hostile responses exactly the kept ones, zeroed`, ok)}`);
      if (missing.length) console.log(`  missing: ${missing.slice(0, 10).join(', ')}`);
      if (extra.length) console.log(`  should have been skipped: ${extra.slice(0, 10).join(', ')}`);
      if (nonzero.length) console.log(`  not zeroed: ${nonzero.slice(0, 10).join(', ')}`);
    }

    // Issues per reason, per step; the reasons the damage must raise, at least as often as it was injected.
    const count = (kindNames: string[]) => kindNames.reduce((s, name) => s + (perKind.get(name)?.injected ?? 0), 0);
    const atLeast: Record<string, number> = {
      bad_field: hostileKept,
      missing_timestamp: count(kinds.filter((k) => k.reason === 'missing_timestamp').map((k) => k.name)),
      malformed_json: count(kinds.filter((k) => k.reason === 'malformed_json').map((k) => k.name)),
      invalid_utf8: count(kinds.filter((k) => k.utf8).map((k) => k.name)),
      bad_usage: count(kinds.filter((k) => k.reason === 'bad_usage').map((k) => k.name)),
      line_too_long: count(kinds.filter((k) => k.reason === 'line_too_long').map((k) => k.name)),
      blank_line: count(kinds.filter((k) => k.reason === 'blank_line').map((k) => k.name)),
      not_a_file: made + 1,
    };
    const reasons = [...new Set([...Object.keys(atLeast), ...steps.flatMap((s) => Object.keys(s.report.issues)), ...Object.keys(freshReport.issues)])].sort();
    const issue = (r: ScanReport, reason: string) => (r.issues as Record<string, { count: number } | undefined>)[reason]?.count ?? 0;
    console.log('\nissues reported per reason: each incremental step, all of them, the fresh scan; at least the injected damage must be reported');
    console.log(`${pad('reason', 19)}${steps.map((s) => lpad(s.id, 7)).join('')}${lpad('all', 8)}${lpad('fresh', 8)}${lpad('injected', 10)}`);
    for (const reason of reasons) {
      const all = steps.reduce((s, x) => s + issue(x.report, reason), 0);
      const f = issue(freshReport, reason);
      const want = atLeast[reason];
      const verdict = want === undefined ? '' : `  ≥ ${check(`issues: ${reason} reported at least ${want} times`, all >= want && f >= want)}`;
      console.log(`${pad(reason, 19)}${steps.map((s) => lpad(fmt(issue(s.report, reason)), 7)).join('')}${lpad(fmt(all), 8)}${lpad(fmt(f), 8)}${lpad(want === undefined ? '' : fmt(want), 10)}${verdict}`);
    }
    // The link to / is refused and never walked: the tree still lists exactly the generated *.jsonl files.
    const dReport = steps.find((s) => s.id === 'd')!.report;
    const linkOk = issue(dReport, 'link_to_parent') >= 1 && issue(freshReport, 'link_to_parent') >= 1;
    console.log(`the folder link to / reported (link_to_parent) in step d and the fresh scan: ${check('issues: the link to / reported', linkOk)}`);
    const walkOk = dReport.filesSeen === jsonl.length && freshReport.filesSeen === jsonl.length;
    console.log(`the link to / not followed: ${fmt(dReport.filesSeen)} files listed in step d, ${fmt(freshReport.filesSeen)} in the fresh scan, ${fmt(jsonl.length)} generated: ${check('the link to / not followed', walkOk)}`);

    // 3b. Every surface keeps answering, over the incremental database.
    console.log('\nevery surface keeps answering (the incremental database)');
    const table = await loadPriceTable({ cacheDir: join(cliHome, 'cache', 'runway') });
    const configPath = join(configDir, 'config.json');
    const app = await buildApp({
      db: reopened, port: PORT, version: '0.0.0', tz: 'UTC', configPath,
      config: parseConfig({ monthly_budget: 200 }, configPath),
      pricing: { table, mode: 'auto' },
      scan: null,
      now: () => NOW,
    });
    try {
      for (const url of FIGURE_ROUTES) {
        const t0 = performance.now();
        const res = await app.inject({ url, headers: HOST });
        let numbers: [string, number][] = [];
        let parsed = true;
        try {
          numbers = numbersIn(res.json());
        } catch {
          parsed = false;
        }
        const bad = numbers.filter(([, v]) => !Number.isFinite(v));
        const ok = res.statusCode === 200 && parsed && bad.length === 0;
        console.log(`  GET ${pad(url, 16)} ${res.statusCode}, ${lpad(fmt(numbers.length), 6)} numbers, ${bad.length ? `${bad.length} not finite (${bad[0]![0]})` : 'all finite'}, ${lpad(secs(performance.now() - t0), 5)} s   ${check(`route ${url}`, ok)}`);
        if (res.statusCode !== 200) console.log(`    ${res.body.slice(0, 300)}`);
      }
    } finally {
      await app.close();
    }
    const stackTrace = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
    const runs: [string, number[], { status: number | null; stdout: string; stderr: string; ms: number }][] = [
      ['daily --json --no-scan', [0], daily],
      ['status --json --no-scan', [0], runCli(['status', '--json', '--no-scan'])],
      ['check --json --no-scan', [0, 1, 2], runCli(['check', '--json', '--no-scan'])],
    ];
    for (const [label, codes, r] of runs) {
      const trace = stackTrace.test(r.stderr) || stackTrace.test(r.stdout);
      let numbers: [string, number][] = [];
      let parsed = true;
      try {
        numbers = numbersIn(JSON.parse(r.stdout));
      } catch {
        parsed = false;
      }
      const bad = numbers.filter(([, v]) => !Number.isFinite(v)).length;
      const ok = r.status !== null && codes.includes(r.status) && !trace && parsed && bad === 0;
      console.log(`  runway ${pad(label, 25)} exit ${r.status}, ${trace ? 'STACK TRACE' : 'no stack trace'}, ${parsed ? 'JSON' : 'not JSON'}, ${lpad(fmt(numbers.length), 4)} numbers${bad ? `, ${bad} not finite` : ''}, ${lpad(secs(r.ms), 5)} s   ${check(`cli ${label}`, ok)}`);
      if (!ok) console.log(`    ${(r.stderr || r.stdout).trim().split('\n').slice(0, 12).join('\n    ')}`);
    }

    const missed = checks.filter((c) => !c.ok);
    console.log(`\n${missed.length ? `${missed.length} of ${checks.length} checks MISSED: ${missed.map((c) => c.what).join('; ')}` : `all ${checks.length} checks MET`}`);
    console.log(`total ${secs(performance.now() - began)} s${values.out ? `; the trees are kept in ${out} (clean/, damaged/)` : ''}`);
    process.exitCode = missed.length ? 1 : 0;
  } catch (e) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  } finally {
    for (const d of dbs) if (d.open) d.close();
    // The special files go even from a kept tree: a link to / is a trap for the next `grep -R`.
    for (const p of specials) rmSync(p, { force: true });
    specials = [];
    rmSync(tmp, { recursive: true, force: true });
  }
}

// --- helpers ----------------------------------------------------------------------------

/** Regular files under dir, relative, sorted. */
function walk(dir: string, rel = ''): string[] {
  const outFiles: string[] = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? join(rel, e.name) : e.name;
    if (e.isDirectory()) outFiles.push(...walk(dir, r));
    else if (e.isFile()) outFiles.push(r);
  }
  return outFiles;
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

function pick(t: Tokens): Tokens {
  return Object.fromEntries(KINDS.map(([k]) => [k, t[k]])) as unknown as Tokens;
}

function totals(d: Db): Tokens {
  return d.prepare(`SELECT count(*) AS responses, coalesce(sum(input_tokens), 0) AS inputTokens, coalesce(sum(output_tokens), 0) AS outputTokens,
    coalesce(sum(cache_write_5m_tokens), 0) AS cacheWrite5mTokens, coalesce(sum(cache_write_1h_tokens), 0) AS cacheWrite1hTokens,
    coalesce(sum(cache_read_tokens), 0) AS cacheReadTokens, coalesce(sum(web_search_requests), 0) AS webSearchRequests FROM responses`).get() as Tokens;
}

function sameFigures(a: Tokens, b: Tokens): boolean {
  return KINDS.every(([k]) => a[k] === b[k]);
}

/** A byte strictly inside a line, near a random point in the file's middle half: the line is cut. */
function midLineCut(buf: Buffer): number {
  const len = buf.length;
  if (len < 3) return len;
  const inside = (p: number) => buf[p - 1] !== NL && buf[p] !== NL;
  const p0 = Math.min(len - 1, Math.max(1, rng.int(Math.floor(len / 4), Math.ceil((3 * len) / 4))));
  for (let p = p0; p < len; p++) if (inside(p)) return p;
  for (let p = p0 - 1; p >= 1; p--) if (inside(p)) return p;
  return len;
}

/** The start of a line, not the file's end: a line inserted there falls between existing lines. */
function lineBoundary(buf: Buffer): number {
  if (buf.length === 0) return 0;
  const q = rng.int(0, buf.length - 1);
  const after = buf.indexOf(NL, q);
  if (after >= 0 && after + 1 < buf.length) return after + 1;
  const before = buf.lastIndexOf(NL, Math.max(0, Math.min(q, buf.length - 2)));
  return before >= 0 && before + 1 < buf.length ? before + 1 : 0;
}

function endsWithNewline(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === NL;
  } finally {
    closeSync(fd);
  }
}

/** Another clean file's complete lines: copies of responses already counted, so the truth stands. */
function otherLines(rel: string, from: string[]): Buffer {
  for (let tries = 0; tries < 50; tries++) {
    const other = rng.pick(from);
    if (other === rel) continue;
    const buf = readFileSync(join(clean, other));
    const end = buf.lastIndexOf(NL) + 1;
    if (end > 0) return buf.subarray(0, end);
  }
  return Buffer.alloc(0);
}

// --- hostile lines ----------------------------------------------------------------------

interface HostileKind {
  name: string;
  slug: string;
  /** Kept as a response (with zero counts): complete JSON, usage an object, a valid id and timestamp. */
  kept: boolean;
  withId: boolean;
  /** The reason a skipped line is reported under. */
  reason?: string;
  /** Also reported as invalid UTF-8. */
  utf8?: boolean;
  /** Injected this many times instead of once per repetition. */
  max?: number;
  make(id: string, n: number): Buffer;
}

const ABSURD: unknown[] = [5e18, 1e308, -5, 12.5, 'many'];

/** Every count the scanner reads, each absurd, so the record contributes nothing to any sum. */
function absurdUsage(n: number): Rec {
  const a = (i: number) => ABSURD[(n + i) % ABSURD.length];
  return {
    input_tokens: a(0),
    output_tokens: a(1),
    cache_creation_input_tokens: a(2),
    cache_read_input_tokens: a(3),
    cache_creation: { ephemeral_5m_input_tokens: a(4), ephemeral_1h_input_tokens: a(5) },
    server_tool_use: { web_search_requests: a(6), web_fetch_requests: a(7) },
    service_tier: 'standard',
  };
}

function hostileRecord(id: string, n: number, top: Rec = {}, usage: Rec = absurdUsage(n)): Rec {
  const ts = new Date(Date.parse(`${START}T00:00:00Z`) + ((n * 7_919_111) % (DAYS * 86_400_000))).toISOString();
  return {
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/dev/hostile',
    sessionId: `hostile-${n % 3}`,
    version: '2.1.229',
    gitBranch: 'main',
    entrypoint: 'cli',
    message: { model: 'claude-opus-4-5', id, type: 'message', role: 'assistant', content: [{ type: 'text', text: 'hostile' }], stop_reason: 'end_turn', usage },
    requestId: `req_${id}`,
    type: 'assistant',
    uuid: `uuid-${id}`,
    timestamp: ts,
    ...top,
  };
}

const json = (rec: Rec) => Buffer.from(JSON.stringify(rec));
/** The record's JSON with a placeholder string replaced by raw bytes. */
const spliced = (rec: Rec, placeholder: string, bytes: Buffer) => {
  const [head, tail] = JSON.stringify(rec).split(placeholder) as [string, string];
  return Buffer.concat([Buffer.from(head), bytes, Buffer.from(tail)]);
};

function hostileKinds(): HostileKind[] {
  const depth = 100_000;
  return [
    { name: 'every count absurd (5e18, 1e308, -5, 12.5, "many")', slug: 'absurd', kept: true, withId: true, make: (id, n) => json(hostileRecord(id, n)) },
    {
      name: 'counts 1e999 and -1e999 (read as ±Infinity)', slug: 'inf', kept: true, withId: true,
      make: (id, n) => Buffer.from(JSON.stringify(hostileRecord(id, n)).replace(/"input_tokens":[^,]+/, '"input_tokens":1e999').replace(/"output_tokens":[^,]+/, '"output_tokens":-1e999')),
    },
    { name: 'costUSD -100, counts absurd', slug: 'cost_neg', kept: true, withId: true, make: (id, n) => json(hostileRecord(id, n, { costUSD: -100 })) },
    { name: 'costUSD 1e308, counts absurd', slug: 'cost_huge', kept: true, withId: true, make: (id, n) => json(hostileRecord(id, n, { costUSD: 1e308 })) },
    { name: 'escaped NUL in cwd, counts absurd', slug: 'nul_escaped', kept: true, withId: true, make: (id, n) => json(hostileRecord(id, n, { cwd: '/home/dev/\u0000hostile' })) },
    {
      name: 'invalid UTF-8 bytes in cwd, counts absurd', slug: 'bad_utf8', kept: true, withId: true, utf8: true,
      make: (id, n) => spliced(hostileRecord(id, n, { cwd: '@@BYTES@@' }), '@@BYTES@@', Buffer.from([0x2f, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x2f])),
    },
    { name: 'timestamp +010000-01-01T00:00:00Z', slug: 'ts_far', kept: false, withId: true, reason: 'missing_timestamp', make: (id, n) => json(hostileRecord(id, n, { timestamp: '+010000-01-01T00:00:00Z' })) },
    { name: 'timestamp -000001-01-01T00:00:00Z', slug: 'ts_neg', kept: false, withId: true, reason: 'missing_timestamp', make: (id, n) => json(hostileRecord(id, n, { timestamp: '-000001-01-01T00:00:00Z' })) },
    {
      name: 'raw NUL inside a string (not JSON)', slug: 'nul_raw', kept: false, withId: true, reason: 'malformed_json',
      make: (id, n) => spliced(hostileRecord(id, n, { cwd: '@@BYTES@@' }), '@@BYTES@@', Buffer.from([0x2f, 0x00, 0x00, 0x2f])),
    },
    {
      name: 'NUL and invalid UTF-8 bytes only', slug: 'garbage', kept: false, withId: false, reason: 'malformed_json', utf8: true,
      make: () => Buffer.from([0x00, 0x00, 0x00, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]),
    },
    {
      name: `"usage" nested ${fmt(depth)} arrays deep`, slug: 'nested', kept: false, withId: false, reason: 'bad_usage',
      make: () => Buffer.from(`{"type":"assistant","timestamp":"${START}T10:00:00.000Z","message":{"model":"claude-opus-4-5","usage":${'['.repeat(depth)}${']'.repeat(depth)}}}`),
    },
    {
      name: '6 MiB line containing "usage"', slug: 'huge', kept: false, withId: true, reason: 'line_too_long', max: 2,
      make: (id, n) => {
        const rec = hostileRecord(id, n);
        (rec.message as Rec).content = [{ type: 'text', text: 'x'.repeat(6 * MB) }];
        return json(rec);
      },
    },
    {
      name: 'cut-short JSON', slug: 'cut', kept: false, withId: true, reason: 'malformed_json',
      make: (id, n) => {
        const s = JSON.stringify(hostileRecord(id, n));
        return Buffer.from(s.slice(0, s.indexOf('"usage"') + 30));
      },
    },
    { name: 'blank line (empty, spaces, tab, CR)', slug: 'blank', kept: false, withId: false, reason: 'blank_line', make: (_id, n) => Buffer.from(['', '   ', '\t', '\r'][n % 4]!) },
  ];
}

await main();
