// What an agent's work looked like, reduced to labels while a log line is in memory: a shell
// command to the programs it runs (from a fixed list; any other program is "other") and the
// checks it makes (tests, builds, runs), a prompt to the topic of its keywords. The text
// itself never leaves this file: only these labels are stored.

/** Programs named as themselves; any other is `other`. */
export const PROGRAMS: ReadonlySet<string> = new Set([
  'git', 'gh', 'npm', 'npx', 'pnpm', 'yarn', 'bun', 'node', 'deno', 'tsc', 'vitest', 'jest', 'mocha', 'playwright',
  'eslint', 'prettier', 'python', 'python3', 'pip', 'pip3', 'uv', 'pytest', 'ruff', 'mypy', 'cargo', 'rustc', 'go',
  'make', 'cmake', 'gradle', 'mvn', 'dotnet', 'java', 'ruby', 'bundle', 'rspec', 'php', 'composer', 'phpunit', 'mix', 'elixir',
  'docker', 'kubectl', 'terraform', 'helm', 'vercel', 'netlify', 'flyctl', 'wrangler', 'gcloud', 'aws', 'az',
  'curl', 'ls', 'cat', 'grep', 'rg', 'find', 'sed', 'awk', 'head', 'tail', 'wc', 'echo', 'cd', 'mkdir', 'rm',
  'cp', 'mv', 'chmod', 'touch', 'sort', 'jq', 'diff', 'ps', 'kill', 'sleep', 'which', 'tree', 'sqlite3', 'psql',
]);

/** Programs that ship code somewhere: their commands are Build/Deploy work. */
export const DEPLOY_PROGRAMS: ReadonlySet<string> = new Set(['docker', 'kubectl', 'terraform', 'helm', 'vercel', 'netlify', 'flyctl', 'wrangler', 'gcloud', 'aws', 'az']);

/** Programs of git work. */
export const GIT_PROGRAMS: ReadonlySet<string> = new Set(['git', 'gh']);

/** A check a command makes: the code tested, built (compiled, type-checked, linted) or run. */
export type Check = 'test' | 'build' | 'run';

const RUNNERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const TEST_TOOLS = new Set(['pytest', 'vitest', 'jest', 'mocha', 'playwright', 'rspec', 'phpunit']);
const BUILD_TOOLS = new Set(['tsc', 'eslint', 'ruff', 'mypy', 'rustc', 'cmake']);
const INTERPRETERS = new Set(['node', 'deno', 'python', 'python3', 'ruby', 'php', 'java']);
/** Words before the program that do not change which program runs. */
const WRAPPERS = new Set(['sudo', 'time', 'env', 'exec', 'nohup', 'command', 'nice']);

/** At most this many bytes of a command are looked at: a longer one is not a command someone typed. */
const MAX_COMMAND = 16_384;

/** The labels of one shell command: `run:<program>` for each program, `check:<kind>` for each check, in order, no repeats. */
export function commandLabels(command: string): string[] {
  const labels: string[] = [];
  const add = (l: string) => {
    if (!labels.includes(l)) labels.push(l);
  };
  for (const segment of command.slice(0, MAX_COMMAND).split(/&&|\|\||[;|\n]/)) {
    const words = segment.trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/^["']|["']$/g, ''));
    let i = 0;
    while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!) || WRAPPERS.has(words[i]!))) i++;
    if (words[i] === 'timeout' && /^\d/.test(words[i + 1] ?? '')) i += 2;
    const word = words[i];
    if (!word) continue;
    const program = word.slice(word.lastIndexOf('/') + 1);
    add(`run:${PROGRAMS.has(program) ? program : 'other'}`);
    const check = checkOf(program, words.slice(i + 1), word);
    if (check) add(`check:${check}`);
  }
  return labels;
}

/** Whether `program args` tests, builds or runs the code; reading and git commands are no check. */
function checkOf(program: string, args: string[], word: string): Check | null {
  const [a = '', b = ''] = args;
  if (TEST_TOOLS.has(program)) return 'test';
  if (BUILD_TOOLS.has(program)) return 'build';
  if (RUNNERS.has(program)) {
    const script = a === 'run' || a === 'run-script' ? b : a;
    if (/^(t|test|tests|test:.*|e2e|coverage)$/.test(script)) return 'test';
    if (/^(build|build:.*|compile|typecheck|lint|check|tsc)$/.test(script)) return 'build';
    if (/^(start|dev|serve|preview)$/.test(script) || program === 'bun' && a === 'run') return 'run';
    return null;
  }
  if (program === 'npx') return checkOf(a, args.slice(1), a);
  if (program === 'cargo' || program === 'go' || program === 'dotnet' || program === 'gradle' || program === 'mvn' || program === 'mix') {
    if (/^(test|nextest)$/.test(a)) return 'test';
    if (/^(build|check|clippy|vet|compile|package|install|verify|format)$/.test(a)) return 'build';
    if (a === 'run') return 'run';
    return null;
  }
  if (program === 'make') return /^(test|tests|check)$/.test(a) ? 'test' : 'build';
  if (INTERPRETERS.has(program)) {
    if (a === '-m' && /^(pytest|unittest)$/.test(b)) return 'test';
    if (a === '--test' || a === 'test') return 'test';
    return a && !a.startsWith('-') ? 'run' : null;
  }
  if (program === 'docker' && a === 'build') return 'build';
  // ./script or bin/tool: a program of the project's own.
  if (word.startsWith('./') || word.startsWith('bin/')) return 'run';
  return null;
}

/** What a prompt asks for, by its keywords (English and German), checked in this order. */
export const TOPICS = ['debugging', 'refactoring', 'testing', 'feature', 'git', 'deploy', 'planning', 'brainstorming', 'exploration', 'conversation'] as const;
export type Topic = (typeof TOPICS)[number];

const KEYWORDS: Record<Topic, RegExp> = {
  debugging: /\b(fix(es|ed|ing)?|bugs?|error|errors|crash(es|ed|ing)?|broken|fail(s|ed|ing|ure)?|exception|traceback|stack ?trace|debug(ging)?|regression|not working|doesn'?t work|fehler|kaputt|absturz|behebe?n?|funktioniert nicht)\b/i,
  refactoring: /\b(refactor(ing)?|rename|clean ?up|simplify|extract|restructure|reorganize|deduplicate|tidy|umbenennen|aufräumen|vereinfache[n]?|umstrukturieren)\b/i,
  testing: /\b(tests?|specs?|coverage|unit ?tests?|e2e|teste[n]?|testfall|testfälle)\b/i,
  feature: /\b(add|implement|create|build|introduce|support for|new (feature|page|endpoint|command|option)|feature|hinzufügen|füge|implementiere[n]?|erstelle[n]?|baue|neue[nrs]?)\b/i,
  git: /\b(commit|push|merge|rebase|branch|cherry-pick|pull request|PR|stash|committe[n]?)\b/i,
  deploy: /\b(deploy(ment)?|release|publish|docker|kubernetes|k8s|ci|pipeline|rollout|veröffentlichen|ausrollen)\b/i,
  planning: /\b(plan|design|approach|architecture|roadmap|strategy|proposal|outline|plane[n]?|entwurf|architektur)\b/i,
  brainstorming: /\b(brainstorm(ing)?|ideas?|what if|suggest(ions?)?|alternatives|pros and cons|ideen|vorschläge|was wäre wenn)\b/i,
  exploration: /\b(explain|how does|how do|what does|what is|where is|where are|why does|find|look at|understand|show me|investigate|explore|overview|erkläre[n]?|wie funktioniert|was ist|wo ist|warum|finde|zeig)\b/i,
  conversation: /^\W*(thanks?|thank you|thx|hi|hello|hey|ok(ay)?|yes|no|great|cool|nice|perfect|danke|hallo|ja|nein|super|prima)\b/i,
};

/** At most this much of a prompt is looked at: the ask is in its first words. */
const MAX_PROMPT = 2_000;

/** The prompt's topic: the first of TOPICS whose keywords it holds; null when none. */
export function promptTopic(text: string): Topic | null {
  const head = text.slice(0, MAX_PROMPT);
  for (const topic of TOPICS) {
    // Small talk is small: a long prompt that opens with "ok" asks for something else.
    if (topic === 'conversation' && head.split(/\s+/).length > 12) continue;
    if (KEYWORDS[topic].test(head)) return topic;
  }
  return null;
}
