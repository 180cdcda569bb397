// Labelled responses written into a temp database and read back as a Work, for the optimize
// and compare figures. Round prices: the Opus-class model costs 5× the Sonnet-class one.
import { buildPriceTable, type PriceTable } from '../../core/pricing.js';
import { readWork, type Work } from '../../figures/where.js';
import { demoEvent } from '../../server/demo.js';
import { openDb, type Db } from '../../store/db.js';
import { Store } from '../../store/writer.js';
import { tempDb } from '../helpers/logs.js';

export const OPUS = 'claude-opus-test';
export const SONNET = 'claude-sonnet-test';
export const TABLE = buildPriceTable([], 'test prices', {
  [OPUS]: { input: 10, output: 50, cache_write_5m: 12.5, cache_write_1h: 20, cache_read: 1 },
  [SONNET]: { input: 2, output: 10, cache_write_5m: 2.5, cache_write_1h: 4, cache_read: 0.2 },
});

export interface Ev {
  session: string;
  /** Minutes after 2026-11-10 09:00 UTC: the order the responses were made in. */
  at: number;
  model?: string;
  project?: string;
  agent?: string;
  input?: number;
  output?: number;
  write?: number;
  read?: number;
  turn?: string;
  tools?: string;
  actions?: string;
  topic?: string;
}

export const START = Date.parse('2026-11-10T09:00:00Z');

export function writeEvents(db: Db, events: Ev[]): void {
  new Store(db).write(events.map((e, i) => ({
    ...demoEvent(`e${i}`, START + e.at * 60_000, e.session, e.project ?? '/p', 'cli', e.model ?? SONNET,
      { input: e.input ?? 0, output: e.output ?? 0, write: e.write ?? 0, read: e.read ?? 0 }),
    agent: e.agent ?? 'claude-code', turnId: e.turn ?? null, tools: e.tools ?? null, actions: e.actions ?? null, topic: e.topic ?? null,
  })), []);
}

export function work(events: Ev[], table: PriceTable = TABLE): Work {
  const db = openDb(tempDb());
  writeEvents(db, events);
  const w = readWork(db, {}, START - 86_400_000, START + 86_400_000, { table, mode: 'calculate' });
  db.close();
  return w;
}
