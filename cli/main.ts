#!/usr/bin/env node
// Node 22.1+ keeps the code it compiled in a cache (Runway's own cache folder), so a command
// that runs on every status refresh does not compile the same modules each time; it must be
// on before the rest loads, hence the dynamic import. NODE_DISABLE_COMPILE_CACHE turns it off.
import module from 'node:module';
import { defaultCacheDir } from '../lib/paths.js';

const cache = (module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
try {
  cache?.(`${defaultCacheDir()}/compile`);
} catch {
  // A cache that cannot be made is only slower.
}
await import('./entry.js');
