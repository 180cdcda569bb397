// CLI tests run the built CLI (dist/), as users do. Before any test runs, dist/ is built
// again whenever a source is newer than the last build, so a test can never run a stale one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SOURCES = ['lib', 'sources', 'store', 'figures', 'cli', 'core', 'scanner', 'server', 'bench', 'sdk'];
// The files tsc reads besides those: its settings, and the page's formatter the CLI is built with.
const INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.sdk.json', 'web/format.js'];
const STAMP = join(ROOT, 'dist', '.built');
// Two test runs at once build once: the second waits for the first.
const LOCK = join(ROOT, 'dist', '.building');

function newestSource(): number {
  let newest = Math.max(...INPUTS.map((f) => statSync(join(ROOT, f)).mtimeMs));
  for (const dir of SOURCES) {
    for (const f of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
      if (f.endsWith('.ts')) newest = Math.max(newest, statSync(join(ROOT, dir, f)).mtimeMs);
    }
  }
  return newest;
}

const fresh = () => existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource();

export default async function setup(): Promise<void> {
  if (fresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (const started = Date.now(); ; ) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed run is taken over after two minutes.
      if (Date.now() - started > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (fresh()) return;
    const began = new Date();
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    // Dated when the build began: a source saved during it is newer, so the next run builds.
    writeFileSync(STAMP, '');
    utimesSync(STAMP, began, began);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
