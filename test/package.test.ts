// The published package, as a user gets it: `npm pack` of this checkout (the dist/ the suite
// built, no second build), installed globally into a fresh prefix, then `runway` run from
// another folder on an empty home. The install fetches the dependencies from the registry and
// compiles better-sqlite3 (minutes), so the suite skips this file unless RUNWAY_PACKAGE_TEST=1;
// .ci/run sets it in a step of its own, on Node 20 with npm 11 and on Node 24 with npm 12.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm } from './helpers/fake-llm.js';

const ROOT = join(import.meta.dirname, '..');
const run = promisify(execFile);
const MINUTE = 60_000;

// What the tarball may hold: the bundled CLI (everything it runs is in main.js and its chunks),
// the bundled runway-budget/sdk and its self-contained type declarations, the page, the migrations.
const ALLOWED = [
  /^dist\/cli\/(main\.js|chunks\/.+\.js)$/,
  /^dist\/sdk\/(index\.js|chunks\/.+\.js|(index|errors|types)\.d\.ts)$/,
  /^web\/.+/,
  /^migrations\/.+\.sql$/,
  /^(package\.json|README\.md|LICENSE|config\.example\.json)$/,
];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}` }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(process.env.RUNWAY_PACKAGE_TEST !== '1')('the packed package, installed globally', () => {
  let tmp: string;
  let tarball: string;
  let files: string[];
  let prefix: string;
  let home: string;
  let server: ChildProcess | undefined;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; dependencies: Record<string, string> };
  const npmMajor = async () => Number((await run('npm', ['--version'])).stdout.trim().split('.')[0]);
  // An empty home: no config, no database, no Claude Code logs, nothing from the developer's.
  const cleanEnv = () => ({
    PATH: process.env.PATH!,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    CLAUDE_CONFIG_DIR: join(home, 'claude'),
    NO_COLOR: '1',
    TZ: 'UTC',
  });

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), 'dist/ is built (npm install or npm test builds it)').toBe(true);
    tmp = mkdtempSync(join(tmpdir(), 'runway-package-'));
    prefix = join(tmp, 'prefix');
    home = join(tmp, 'home');
    mkdirSync(home);
    // --ignore-scripts: the dist/ already built, not prepack's clean rebuild.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, maxBuffer: 16 << 20 });
    // npm 11 prints an array of packages, npm 12 an object keyed by their names.
    type Packed = { filename: string; files: { path: string }[] };
    const parsed = JSON.parse(stdout) as Packed[] | Record<string, Packed>;
    const info = Array.isArray(parsed) ? parsed[0] : Object.values(parsed)[0];
    tarball = join(tmp, info!.filename);
    files = info!.files.map((f) => f.path).sort();
  }, 2 * MINUTE);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await new Promise((r) => server!.once('exit', r));
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the built CLI, the page and the migrations, and nothing else', () => {
    expect(tarball.endsWith(`${pkg.name}-${pkg.version}.tgz`)).toBe(true);
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    expect(files).toContain(pkg.bin.runway);
    expect(files.some((f) => f.startsWith('dist/cli/chunks/'))).toBe(true);
    for (const f of ['package.json', 'README.md', 'config.example.json', 'web/index.html', 'web/main.js', 'web/style.css']) {
      expect(files).toContain(f);
    }
    // Every file of the page in this checkout is in the package.
    for (const f of readdirSync(join(ROOT, 'web'), { recursive: true }) as string[]) {
      if (/\.(js|css|html)$/.test(f)) expect(files).toContain(`web/${f.split('\\').join('/')}`);
    }
    // Every migration, the team database's (migrations/team/) too.
    for (const m of readdirSync(join(ROOT, 'migrations'), { recursive: true }) as string[]) {
      if (m.endsWith('.sql')) expect(files).toContain(`migrations/${m.split('\\').join('/')}`);
    }
  });

  it('installs into a fresh prefix without building anything', async () => {
    // npm 12 runs a dependency's install script only when allowed; a global install has no
    // project package.json to read allowScripts from, so better-sqlite3 is allowed here, as the
    // README tells users. npm 11 runs it anyway. npm_config_nodedir passes through as it is.
    const allow = (await npmMajor()) >= 12 ? ['--allow-scripts=better-sqlite3'] : [];
    const { stdout, stderr } = await run('npm', ['i', '-g', tarball, '--prefix', prefix, '--no-audit', '--no-fund', ...allow], { cwd: tmp, maxBuffer: 64 << 20 });
    // npm 12 names the package's own `prepare` (the clone's build) as blocked: npm runs prepare
    // only for linked folders, never for a package installed from a tarball or the registry.
    // Any other blocked script (better-sqlite3's) would leave the install broken.
    const blocked = [...(stdout + stderr).matchAll(/^npm warn install-scripts +(\S+)@\S+ \(/gm)].map((m) => m[1]);
    if ((await npmMajor()) >= 12) expect(blocked.filter((name) => name !== pkg.name)).toEqual([]);
    const installed = join(prefix, 'lib', 'node_modules', pkg.name);
    expect(existsSync(join(installed, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    // No dev dependency came along, and dist/ is the packed one (no build ran on install).
    for (const dev of ['typescript', 'esbuild', 'vitest']) expect(existsSync(join(installed, 'node_modules', dev))).toBe(false);
    expect(existsSync(join(installed, 'dist', 'bench'))).toBe(false);
    const deps = readdirSync(join(installed, 'node_modules'));
    for (const dep of Object.keys(pkg.dependencies)) expect(deps).toContain(dep.split('/')[0]);
  }, 10 * MINUTE);

  it('exports runway-budget/sdk, whose declarations need nothing outside dist/sdk/, and it guards a call', async () => {
    expect(files).toEqual(expect.arrayContaining(['dist/sdk/index.js', 'dist/sdk/index.d.ts', 'dist/sdk/errors.d.ts', 'dist/sdk/types.d.ts']));
    const installed = join(prefix, 'lib', 'node_modules', pkg.name);
    for (const f of readdirSync(join(installed, 'dist', 'sdk')).filter((f) => f.endsWith('.d.ts'))) {
      const imports = [...readFileSync(join(installed, 'dist', 'sdk', f), 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]!);
      expect(imports.filter((i) => !/^\.\/[\w-]+\.js$/.test(i) || !existsSync(join(installed, 'dist', 'sdk', i.replace(/\.js$/, '.d.ts')))), f).toEqual([]);
    }
    // A project of the user's own: the installed package by name, the vendor's client from this checkout.
    const project = join(tmp, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(installed, join(project, 'node_modules', pkg.name), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(project, 'main.js'), `
      import { run, guard, BudgetExceededError } from '${pkg.name}/sdk';
      import Anthropic from ${JSON.stringify(join(ROOT, 'node_modules', '@anthropic-ai', 'sdk', 'index.mjs'))};
      const client = guard(new Anthropic({ apiKey: 'k', baseURL: process.env.FAKE_URL, maxRetries: 0 }));
      const body = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
      const out = await run('pkg', { budget: 0.004, estimate: false }, async (r) => {
        await client.messages.create(body);
        const refused = await client.messages.create(body).then(() => false, (e) => e instanceof BudgetExceededError);
        return { spent: r.report.spent, refused, summary: r.report.summary() };
      });
      console.log(JSON.stringify(out));`);
    const fake = await startFakeLlm();
    try {
      const { stdout } = await run('node', ['main.js'], { cwd: project, env: { ...cleanEnv(), FAKE_URL: fake.url } });
      const out = JSON.parse(stdout) as { spent: number; refused: boolean; summary: string };
      // 1,000 input and 100 output tokens at $3 and $15 per million.
      expect(out.spent).toBeCloseTo(0.0045, 12);
      expect(out.refused).toBe(true);
      expect(out.summary).toMatch(/^Run 'pkg': 1 call, \$0\.0045 of \$0\.0040 \(112\.5%\), /);
      expect(fake.count('/v1/messages')).toBe(1);
    } finally {
      await fake.close();
    }
  }, MINUTE);

  it('runs `runway --help` and `--version` from another folder on an empty home', async () => {
    const bin = join(prefix, 'bin', 'runway');
    const help = await run(bin, ['--help'], { cwd: home, env: cleanEnv() });
    expect(help.stdout).toMatch(/Commands:/);
    for (const cmd of ['scan', 'daily', 'status', 'serve', 'check', 'report']) expect(help.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
    expect((await run(bin, ['--version'], { cwd: home, env: cleanEnv() })).stdout.trim()).toBe(pkg.version);
  }, MINUTE);

  it('serves the dashboard and Chart.js from the installed package', async () => {
    const port = await freePort();
    const child = spawn(join(prefix, 'bin', 'runway'), ['serve', '--demo', '--no-open', '--port', String(port)], { cwd: home, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c));
    child.stderr!.on('data', (c: Buffer) => (output += c));
    const deadline = Date.now() + 30_000;
    let health: Awaited<ReturnType<typeof get>> | undefined;
    while (!health) {
      if (child.exitCode !== null) throw new Error(`runway serve exited ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`runway serve did not answer in 30 s:\n${output}`);
      health = await get(port, '/api/health').catch(() => undefined);
      if (!health) await new Promise((r) => setTimeout(r, 200));
    }
    expect(health.status, output).toBe(200);
    const page = await get(port, '/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).toMatch(/\/vendor\/chart\.umd\.js/);
    const chart = await get(port, '/vendor/chart.umd.js');
    expect(chart.status).toBe(200);
    expect(chart.type).toMatch(/javascript/);
    expect(chart.body).toMatch(/Chart/);
    // The page's modules, followed from index.html through their imports: each one is served.
    const seen = new Set<string>();
    const queue = [...page.body.matchAll(/<script\b[^>]*>/g)]
      .filter((m) => /\btype="module"/.test(m[0]))
      .map((m) => /\bsrc="([^"]+)"/.exec(m[0])![1]!);
    expect(queue.length).toBeGreaterThan(0);
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const mod = await get(port, url);
      expect(mod.status, url).toBe(200);
      expect(mod.type, url).toMatch(/^text\/javascript/);
      for (const m of mod.body.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm)) queue.push(new URL(m[1]!, `http://x${url}`).pathname);
    }
    expect(seen.size).toBeGreaterThan(5);
    // And every file of the page (card modules load by name, so no import names them), but not the report's.
    for (const f of readdirSync(join(ROOT, 'web'), { recursive: true }) as string[]) {
      if (!/\.(js|css)$/.test(f) || f.startsWith('report')) continue;
      expect((await get(port, `/${f.split('\\').join('/')}`)).status, f).toBe(200);
    }
    expect((await get(port, '/report/report.js')).status).toBe(404);
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }, MINUTE);
});
