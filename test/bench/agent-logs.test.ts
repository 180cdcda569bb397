// The five-agent home of bench/agent-logs.ts scans to exactly what the generator says it
// wrote, per agent and per token kind: the bench's reference for its five-agent check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENTS, generateAgentHome, type AgentCounts } from '../../bench/agent-logs.js';
import { agentTotals } from '../../bench/agent-totals.js';
import { openDb } from '../../store/db.js';
import { scan } from '../../scanner/scan.js';

const dir = mkdtempSync(join(tmpdir(), 'runway-agent-home-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the five-agent bench home', () => {
  const home = generateAgentHome({ out: join(dir, 'home'), mb: 6, seed: 3 });

  it('holds every agent, with usage of every kind it logs', () => {
    for (const a of AGENTS) expect(home.truth[a].responses, a).toBeGreaterThan(10);
    expect(home.truth.codex.reasoningTokens).toBeGreaterThan(0);
    expect(home.truth.gemini.reasoningTokens).toBeGreaterThan(0);
    expect(home.truth.opencode.cacheWrite5mTokens).toBeGreaterThan(0);
    expect(home.truth.copilot.premiumRequests).toBeGreaterThan(0);
    expect(home.databases).toHaveLength(2);
  });

  it('scans to the counts the generator kept, and a second scan adds nothing', () => {
    const db = openDb(join(dir, 'usage.db'));
    const first = scan(db, { env: home.env });
    // The Claude Code tree has the damaged lines gen-logs writes on purpose; the other agents' files none.
    for (const [kind, v] of Object.entries(first.issues)) expect(v!.example, kind).toContain(`${join(dir, 'home', 'claude')}/`);
    const got = agentTotals(db);
    for (const a of AGENTS) expect(got[a], a).toEqual(home.truth[a] satisfies AgentCounts);
    const again = scan(db, { env: home.env });
    expect(again.responsesAdded).toBe(0);
    expect(agentTotals(db)).toEqual(got);
    db.close();
  });

  it('is the same home for the same seed, another for another', () => {
    expect(generateAgentHome({ out: join(dir, 'again'), mb: 6, seed: 3 }).truth).toEqual(home.truth);
    expect(generateAgentHome({ out: join(dir, 'other'), mb: 6, seed: 4 }).truth.codex).not.toEqual(home.truth.codex);
  });
});
