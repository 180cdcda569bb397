// The page's card registry: one entry per card in index.html, in the page's order, each
// saying which endpoints it reads (each one the server answers) and how it renders them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { build, HOST } from '../helpers/app.js';
import { tempDb } from '../helpers/logs.js';
import { openDb } from '../../store/db.js';
import { cards } from '../../web/cards/index.js';

const HTML = readFileSync(join(import.meta.dirname, '..', '..', 'web', 'index.html'), 'utf8');
const NOW = Date.parse('2026-11-18T12:00:00Z');
let app: FastifyInstance;

beforeAll(async () => {
  app = await build({ db: openDb(tempDb()), now: () => NOW });
});

afterAll(async () => {
  await app.close();
});

describe('web/cards/index.js', () => {
  it("lists the cards of index.html, each once, in the page's order", () => {
    const marked = [...HTML.matchAll(/ data-card="([^"]+)"/g)].map((m) => m[1]);
    expect(marked.length).toBeGreaterThan(10);
    expect(new Set(marked).size).toBe(marked.length);
    expect(cards.map((c) => c.name)).toEqual(marked);
  });

  it('gives each card what it fetches and how it renders', () => {
    for (const card of cards) {
      expect(typeof card.render, card.name).toBe('function');
      expect(Object.keys(card.fetches).length, card.name).toBeGreaterThan(0);
      for (const query of Object.values(card.fetches)) expect(query, card.name).toBeTypeOf('object');
      if ('tick' in card) expect(typeof card.tick, card.name).toBe('function');
    }
    // Without usage the page shows only the frame and where it looked for logs.
    expect(cards.filter((c) => 'always' in c && c.always).map((c) => c.name)).toEqual(['header', 'empty-state', 'team', 'footer']);
  });

  it('asks only for endpoints the server answers, with queries it accepts', async () => {
    // A label after the endpoint ('where:activity') tells apart the queries of one endpoint.
    const asked = cards.flatMap((c) => Object.entries(c.fetches).map(([key, query]) => [c.name, key.split(':')[0]!, query] as const));
    expect(new Set(asked.map(([, name]) => name))).toEqual(new Set(['summary', 'health', 'quota', 'daily', 'models', 'agents', 'projects', 'sessions', 'last-request', 'where', 'team']));
    expect(asked.filter(([, name]) => name === 'where').map(([, , query]) => query.by).sort()).toEqual(['activity', 'agent', 'mcp', 'program', 'tool']);
    for (const [card, name, query] of asked) {
      // As the header's pickers send them: a scope and a list of agents.
      const params = new URLSearchParams({ ...query, scope: 'interactive', agent: 'claude-code,codex' });
      const res = await app.inject({ url: `/api/${name}?${params}`, headers: HOST });
      expect(res.statusCode, `${card}: /api/${name}?${params}`).toBe(200);
      expect(res.headers['content-type'], name).toMatch(/^application\/json/);
    }
  });
});
