// Loads the price data. Importing @pydantic/genai-prices costs ~100 ms (it bundles every
// provider), too slow for a status line, so the models of the providers the sources name
// are copied once per package version into a JSON file that later runs read instead.
// Never fetches anything.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildPriceTable, FILLS, type PriceOverride, type PriceTable } from './pricing.js';
import { SOURCES } from '../sources/index.js';

const PACKAGE = '@pydantic/genai-prices';

export async function loadPriceTable(opts: { cacheDir: string; overrides?: Record<string, PriceOverride> }): Promise<PriceTable> {
  const version = packageVersion();
  const providers = [...new Set(SOURCES.flatMap((s) => s.priceProviders))].sort();
  // Provider ids are the sources' own constants; kept to safe characters since they name a file.
  const file = join(opts.cacheDir, `prices-${providers.filter((p) => /^[\w-]+$/.test(p)).join('+')}-${version}.json`);
  const models = readCache(file) ?? (await rebuildCache(file, providers));
  const overridden = Object.keys(opts.overrides ?? {}).length > 0;
  const source = `${PACKAGE} ${version} + runway fills ${FILLS.asOf}${overridden ? ' + config overrides' : ''}`;
  return buildPriceTable(models, source, opts.overrides);
}

// Synchronous reads: two small files, and a status line cannot wait for the thread pool to start.

/** The installed version, from its package.json; the package does not export that file. */
function packageVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve(PACKAGE));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json at this level: keep climbing.
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the version of ${PACKAGE}`);
    dir = parent;
  }
}

/** The cached models, or null when the file is missing, unreadable or not what we wrote. */
function readCache(file: string): unknown[] | null {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const valid = Array.isArray(data) && data.length > 0 && data.every(looksLikeModel);
    return valid ? data : null;
  } catch {
    return null;
  }
}

function looksLikeModel(m: unknown): boolean {
  if (typeof m !== 'object' || m === null) return false;
  const { id, match, prices } = m as Record<string, unknown>;
  return typeof id === 'string' && typeof match === 'object' && match !== null && typeof prices === 'object' && prices !== null;
}

async function rebuildCache(file: string, providers: string[]): Promise<unknown[]> {
  const { findProvider } = await import(PACKAGE);
  const models: unknown[] = [];
  for (const providerId of providers) {
    const found = findProvider({ providerId })?.models;
    if (!found) throw new Error(`${PACKAGE} has no provider "${providerId}"`);
    models.push(...found);
  }
  // Temp file and rename, so a concurrent reader never sees half a file.
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(models));
    renameSync(tmp, file);
  } catch {
    // An unwritable cache only costs the next run the slow import again.
    rmSync(tmp, { force: true });
  }
  return models;
}
