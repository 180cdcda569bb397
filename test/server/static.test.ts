// The page's files over HTTP: every module the page imports is served as JavaScript under
// the strict CSP, the HTML report's own script and styles are not, nor is anything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { build, HOST } from '../helpers/app.js';
import { tempDb } from '../helpers/logs.js';
import { openDb } from '../../store/db.js';
import { CSP } from '../../server/security.js';
import { cards } from '../../web/cards/index.js';

const WEB = join(import.meta.dirname, '..', '..', 'web');
const NOW = Date.parse('2026-11-18T12:00:00Z');
let app: FastifyInstance;

beforeAll(async () => {
  app = await build({ db: openDb(tempDb()), now: () => NOW });
});

afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.inject({ url, headers: HOST });

/** The page's module graph from /main.js: its static imports, and the cards the registry loads. */
async function moduleGraph(): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const pending = ['/main.js', ...cards.map((c) => `/cards/${c.name}.js`)];
  while (pending.length) {
    const url = pending.pop()!;
    if (seen.has(url)) continue;
    const res = await get(url);
    expect(res.statusCode, url).toBe(200);
    seen.set(url, String(res.headers['content-type']));
    for (const [, spec] of res.body.matchAll(/^import .* from '([^']+)';$/gm)) pending.push(new URL(spec!, `http://x${url}`).pathname);
  }
  return seen;
}

describe('the page over HTTP', () => {
  it('loads its entry module from the page, and every module it imports is served as JavaScript', async () => {
    const page = await get('/');
    expect(page.body).toContain('<script src="/main.js" type="module"></script>');
    const graph = await moduleGraph();
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['/main.js', '/live.js', '/format.js', '/cards/index.js', '/cards/quota.js']));
    for (const [url, type] of graph) expect(type, url).toBe('text/javascript; charset=utf-8');
  });

  it("keeps the CSP: scripts from the page's own origin only", async () => {
    for (const url of ['/', '/main.js', '/cards/header.js']) {
      const res = await get(url);
      expect(res.headers['content-security-policy'], url).toBe(CSP);
    }
    expect(CSP).toContain("script-src 'self';");
  });

  it("serves each file of web/ but web/report/, which only the HTML report inlines", async () => {
    const files = (readdirSync(WEB, { recursive: true }) as string[]).filter((f) => /\.(html|js|css)$/.test(f));
    expect(files).toContain(join('report', 'report.js'));
    for (const file of files) {
      const url = `/${relative(WEB, join(WEB, file)).split('\\').join('/')}`;
      expect((await get(url)).statusCode, url).toBe(file.startsWith('report') ? 404 : 200);
    }
  });

  it('answers 404 for any path not listed at start-up', async () => {
    for (const url of ['/cards/', '/cards', '/cards/index', '/cards/../../package.json', '/cards/%2e%2e/%2e%2e/package.json', '/report/', '/web/main.js', '/cards/header.js/x']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });
});
