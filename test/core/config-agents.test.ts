// budget_agents: whose spend the budget covers. "all" by default; a list of agent names,
// kept in one order and without repeats; anything else refused in one line naming the key.
import { describe, expect, it } from 'vitest';
import { agentNames, agentsText, parseAgents, parseConfig } from '../../core/config.js';

const agents = (raw: unknown) => parseConfig({ budget_agents: raw }, 'c.json').budget_agents;

describe('budget_agents', () => {
  it('is "all" by default and takes a list of names in one order, once each', () => {
    expect(parseConfig({}, 'c.json').budget_agents).toBe('all');
    expect(agents('all')).toBe('all');
    expect(agents(['codex', 'claude-code', 'codex'])).toEqual(['claude-code', 'codex']);
    expect(agents(['all', 'codex'])).toBe('all');
  });

  it.each([[['cursor']], ['codex'], [[]], [[1]], [{ codex: true }], [null]])('refuses %j in one line naming the key and what it takes', (raw) => {
    let message = '';
    try {
      agents(raw);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`c.json: key "budget_agents" is ${JSON.stringify(raw)}, expected "all" or a list of agent names ("claude-code", "codex", "gemini", "opencode", "copilot", "sdk")`);
  });
});

describe('agent names on the command line and in queries', () => {
  it('knows the five agents whatever is registered yet, and reads a comma-separated list', () => {
    expect(agentNames().slice(0, 5)).toEqual(['claude-code', 'codex', 'gemini', 'opencode', 'copilot']);
    expect(parseAgents('codex')).toEqual(['codex']);
    expect(parseAgents('codex, claude-code')).toEqual(['claude-code', 'codex']);
    expect(parseAgents('all')).toBe('all');
    expect(agentsText(parseAgents('codex,claude-code')!)).toBe('claude-code,codex');
    for (const bad of ['', 'cursor', 'codex,', 'Codex']) expect(parseAgents(bad), bad).toBeNull();
  });
});
