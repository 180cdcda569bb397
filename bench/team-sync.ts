// Team sync benchmark: a local database of N responses (written straight through the store,
// not from logs) pushed to a team database, first in full, then an incremental sync of
// 1,000 new responses (median of 3), in rows per second. The team database is a throwaway
// cluster of this machine's PostgreSQL binaries, or --url (an empty database: it is migrated).
//   node dist/bench/team-sync.js [--responses 1000000] [--batch 5000] [--url postgres://…]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb } from '../store/db.js';
import { startSync } from '../store/sync-log.js';
import { connectTeam, describeUrl, migrateTeam } from '../store/team/connect.js';
import { pushChanges, type Device } from '../store/team/push.js';
import { Store, type StoredEvent } from '../store/writer.js';
import { stats } from './measure.js';
import { cluster } from './pg-cluster.js';

const MODELS = ['claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'];
const PROJECTS = Array.from({ length: 40 }, (_, i) => `/home/dev/project-${i}`);
const start = Date.UTC(2026, 0, 1);

function event(i: number): StoredEvent {
  const r = (i * 2654435761) >>> 0;
  return {
    key: `msg_bench_${i}`, messageId: `msg_bench_${i}`, requestId: `req_bench_${i}`, ts: start + i * 15_000,
    sessionId: `sess-${Math.floor(i / 200)}`, agentId: null, sidechain: r % 9 === 0, project: PROJECTS[r % PROJECTS.length]!,
    gitBranch: 'main', entrypoint: 'cli', version: '2.1.39', model: MODELS[r % 3]!, speed: r % 17 === 0 ? 'fast' : null,
    inferenceGeo: null, serviceTier: 'standard', costUsd: null, agentType: null, skill: null, mcpServer: null, mcpTool: null,
    plugin: null, tools: r % 2 ? 'Bash,Read' : 'Edit', reasoningTokens: 0, premiumRequests: 0,
    inputTokens: 1 + (r % 4000), outputTokens: 1 + (r % 2500), cacheWrite5mTokens: r % 900, cacheWrite1hTokens: 0,
    cacheReadTokens: r % 150_000, webSearchRequests: 0, origin: 3, agent: 'claude-code', fileId: null,
  };
}

function fill(store: Store, from: number, to: number): void {
  const chunk: StoredEvent[] = [];
  for (let i = from; i < to; i++) {
    chunk.push(event(i));
    if (chunk.length === 10_000) store.write(chunk.splice(0), []);
  }
  if (chunk.length) store.write(chunk, []);
}

export interface TeamSyncFigures {
  url: string;
  /** Responses in the first sync, and its wall time in s. */
  firstSent: number;
  firstSeconds: number;
  /** Wall times in s of the three incremental syncs of 1,000. */
  incremental: number[];
  /** Wall time in ms of a sync with nothing new. */
  noneMs: number;
}

/**
 * A local database of `total` responses pushed to a team database (a throwaway cluster, or
 * `url`), then 3 incremental syncs of 1,000; the team rollup's count is checked at the end.
 * Throws when there is no cluster to make and no url.
 */
export async function timeTeamSync(o: { total: number; batch: number; url?: string; log?: (line: string) => void }): Promise<TeamSyncFigures> {
  const { total, batch } = o;
  const log = o.log ?? (() => {});
  const work = mkdtempSync(join(tmpdir(), 'runway-bench-team-'));
  const server = o.url ? { url: o.url, stop: () => {} } : await cluster();
  try {
    const db = openDb(join(work, 'usage.db'));
    const store = new Store(db);
    let t = performance.now();
    fill(store, 0, total);
    const device: Device = { id: startSync(db), person: 'bench', label: 'bench' };
    log(`local database: ${total.toLocaleString('en-US')} responses written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const client = await connectTeam(server.url);
    await migrateTeam(client);
    const push = () => pushChanges(client, server.url, db, device, { batch, hidePaths: false });

    t = performance.now();
    const first = await push();
    const firstSeconds = (performance.now() - t) / 1000;

    const incremental: number[] = [];
    for (let run = 0; run < 3; run++) {
      fill(store, total + run * 1000, total + (run + 1) * 1000);
      t = performance.now();
      const r = await push();
      incremental.push((performance.now() - t) / 1000);
      if (r.sent !== 1000) throw new Error(`incremental sync sent ${r.sent}, expected 1000`);
    }

    t = performance.now();
    const none = await push();
    const noneMs = performance.now() - t;
    if (none.sent !== 0) throw new Error(`a sync with nothing new sent ${none.sent}`);

    const check = (await client.query('SELECT sum(responses)::bigint AS n FROM usage_rollup WHERE device_id = $1', [device.id])).rows[0].n;
    if (Number(check) !== total + 3000) throw new Error(`team rollup holds ${check} responses, expected ${total + 3000}`);
    await client.end();
    db.close();
    return { url: describeUrl(server.url), firstSent: first.sent, firstSeconds, incremental, noneMs };
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { responses: { type: 'string', default: '1000000' }, batch: { type: 'string', default: '5000' }, url: { type: 'string' } },
  });
  const total = Number(values.responses);
  const batch = Number(values.batch);
  if (!Number.isSafeInteger(total) || total < 1) throw new Error('--responses: expected a whole number above 0');
  if (!Number.isSafeInteger(batch) || batch < 1) throw new Error('--batch: expected a whole number above 0');
  console.log(`Node ${process.version}`);
  const f = await timeTeamSync({ total, batch, url: values.url, log: console.log });
  console.log(`first sync to ${f.url}: ${f.firstSent.toLocaleString('en-US')} responses in ${f.firstSeconds.toFixed(2)} s, ${Math.round(f.firstSent / f.firstSeconds).toLocaleString('en-US')} rows/s (batches of ${batch})`);
  const inc = stats(f.incremental);
  console.log(`incremental sync of 1,000: median ${(inc.median * 1000).toFixed(0)} ms (min ${(inc.min * 1000).toFixed(0)}, max ${(inc.max * 1000).toFixed(0)}), ${Math.round(1000 / inc.median).toLocaleString('en-US')} rows/s`);
  console.log(`sync of nothing new: 0 sent in ${f.noneMs.toFixed(1)} ms (one round trip)`);
}
