// What the demo's Claude Code sessions did, turn by turn: the labels the scan would have
// stored (sources/labels.ts) for turns of each activity, some with a retry, so the
// dashboard's breakdowns have something believable to show. Chosen from the session and
// turn numbers, not the demo's random stream, so the usage figures stay as they were.

type Step = [tools: string | null, actions: string | null];
const PATTERNS: { topic: string | null; steps: Step[] }[] = [
  { topic: null, steps: [['Read', 'read:A'], ['Edit', 'edit:A'], ['Bash', 'run:npm,check:test']] },
  { topic: 'debugging', steps: [['Grep', null], ['Read', 'read:B'], ['Edit', 'edit:B'], ['Bash', 'run:npm,check:test'], ['Edit', 'edit:B'], ['Bash', 'run:npm,check:test']] },
  { topic: 'feature', steps: [['Write', 'edit:C'], ['Edit', 'edit:D'], ['Bash', 'run:npx,check:test']] },
  { topic: 'exploration', steps: [['Read', 'read:A'], ['Grep', null], ['Glob', null], ['Read', 'read:A']] },
  { topic: 'refactoring', steps: [['Edit', 'edit:E'], ['Edit', 'edit:F'], ['Bash', 'run:npm,check:build']] },
  { topic: null, steps: [['Edit', 'edit:G'], ['Bash', 'run:make,check:build'], ['Edit', 'edit:G']] },
  { topic: 'git', steps: [['Bash', 'run:git']] },
  { topic: 'planning', steps: [['TodoWrite', null], ['Read', 'read:H']] },
  { topic: null, steps: [['Task', null]] },
  { topic: 'testing', steps: [['Bash', 'run:pytest,check:test']] },
  { topic: 'exploration', steps: [['mcp__playwright__browser_navigate', null], ['mcp__playwright__browser_snapshot', null]] },
  { topic: 'deploy', steps: [['Bash', 'run:docker,check:build,run:kubectl']] },
  { topic: 'brainstorming', steps: [[null, null]] },
  { topic: 'conversation', steps: [[null, null]] },
];

/** A fake fingerprint per session and letter: files of one session match, others do not. */
const fingerprint = (session: number, letter: string) => ((session * 2_654_435_761 + letter.charCodeAt(0)) >>> 0).toString(16).padStart(16, '0');

/** Codex's names for the same calls: it patches files, runs every command through its shell and plans with update_plan. */
const CODEX_TOOLS: Record<string, string> = {
  Edit: 'apply_patch', Write: 'apply_patch', Bash: 'exec_command', Read: 'exec_command', Grep: 'exec_command', Glob: 'exec_command', TodoWrite: 'update_plan', Task: 'exec_command',
};
const CODEX_READS: Record<string, string> = { Read: 'run:cat', Grep: 'run:rg', Glob: 'run:find', Task: 'run:other' };

/** The labels of response `i` of demo session `session`, as the agent's source would store them. */
export function demoWork(session: number, i: number, agent = 'claude-code'): { turnId: string; topic: string | null; tools: string | null; actions: string | null } {
  // Turns of 2 to 6 responses, their patterns cycling through the list.
  let turn = 0;
  let start = 0;
  for (;;) {
    const length = 2 + ((session + turn) % 5);
    if (i < start + length) break;
    start += length;
    turn++;
  }
  const pattern = PATTERNS[(session * 5 + turn * 3) % PATTERNS.length]!;
  let [tools, actions] = pattern.steps[Math.min(i - start, pattern.steps.length - 1)]!;
  if (agent === 'codex' && tools !== null && !tools.startsWith('mcp__')) {
    actions = (actions ?? CODEX_READS[tools] ?? null)?.replace('read:', 'run:cat,read:') ?? null;
    tools = CODEX_TOOLS[tools] ?? tools;
  }
  return {
    turnId: `demo-turn-${session}-${turn}`,
    topic: pattern.topic,
    tools,
    actions: actions && actions.replace(/(edit|read):([A-Z])/g, (_, kind: string, letter: string) => `${kind}:${fingerprint(session, letter)}`),
  };
}
