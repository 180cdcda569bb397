// The page, its modules and Chart.js, served from the package itself: no CDN, nothing fetched
// from outside. Only files found in web/ at start-up are served, so no path can reach beyond
// them; web/report/ is left out, as the HTML report inlines its script and styles and the
// page never loads them.
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
const NOT_SERVED = new Set(['report']);

export function registerStatic(app: FastifyInstance, webDir = join(packageRoot(), 'web')): void {
  const files = new Map<string, string>([['/vendor/chart.umd.js', chartJsPath()], ...pageFiles(webDir, '/')]);
  files.set('/', join(webDir, 'index.html'));
  for (const [url, file] of files) {
    const type = TYPES[extname(file)]!;
    // Read per request: a page edited while the server runs shows on reload.
    app.get(url, async (_request, reply) => reply.type(type).send(readFileSync(file)));
  }
}

/** URL → file for every servable file under `dir`, its folders too. Links are neither files nor folders here, so none leads out of web/. */
function pageFiles(dir: string, url: string): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): [string, string][] => {
    if (entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return url === '/' && NOT_SERVED.has(entry.name) ? [] : pageFiles(path, `${url}${entry.name}/`);
    return entry.isFile() && TYPES[extname(entry.name)] ? [[`${url}${entry.name}`, path]] : [];
  });
}
