// The page and Chart.js, served from the package itself: no CDN, nothing fetched from
// outside. Only files listed at start-up are served, so no path can reach beyond them.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chartJsPath, packageRoot } from '../lib/paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function registerStatic(app: FastifyInstance, webDir = join(packageRoot(), 'web')): void {
  const files = new Map<string, string>([['/vendor/chart.umd.js', chartJsPath()]]);
  for (const name of readdirSync(webDir)) {
    if (TYPES[extname(name)]) files.set(`/${name}`, join(webDir, name));
  }
  files.set('/', join(webDir, 'index.html'));
  for (const [url, file] of files) {
    const type = TYPES[extname(file)]!;
    // Read per request: a page edited while the server runs shows on reload.
    app.get(url, async (_request, reply) => reply.type(type).send(readFileSync(file)));
  }
}
