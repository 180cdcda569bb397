// What kind of work a turn was, and whether its edits held: pure rules over the labels the
// scan stored (sources/labels.ts), in the order README "Where the money goes" documents.
import { DEPLOY_PROGRAMS, GIT_PROGRAMS } from '../sources/labels.js';

export const ACTIVITIES = [
  'Coding', 'Debugging', 'Feature Dev', 'Refactoring', 'Testing', 'Exploration', 'Planning',
  'Delegation', 'Git Ops', 'Build/Deploy', 'Brainstorming', 'Conversation', 'General',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** One response of a turn, as stored: its tool names, its action labels and the turn's topic. */
export interface TurnStep {
  tools: string | null;
  actions: string | null;
  topic: string | null;
}

export interface TurnVerdict {
  activity: Activity;
  /** The turn edited a file. */
  edits: boolean;
  /** A file edited in the turn was edited again after a check (test, build, run) that followed its edit. */
  retried: boolean;
}

// Claude Code's tool names, and Codex's where they differ (apply_patch, update_plan, web_search).
const EDIT_TOOLS = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit', 'apply_patch']);
const DELEGATION_TOOLS = new Set(['Task', 'Agent']);
const PLANNING_TOOLS = new Set(['EnterPlanMode', 'ExitPlanMode', 'TodoWrite', 'update_plan']);
const READING_TOOLS = new Set(['Read', 'Grep', 'Glob', 'LS', 'WebFetch', 'WebSearch', 'NotebookRead', 'ToolSearch', 'web_search']);
const READING_PROGRAMS = new Set(['ls', 'cat', 'grep', 'rg', 'find', 'head', 'tail', 'wc', 'tree', 'sed', 'awk', 'jq', 'diff', 'which']);

const split = (list: string | null) => (list ? list.split(',') : []);

/**
 * A turn's activity and one-shot figures, from its responses in the order they were made.
 * `prompted`: whether the prompt was seen; responses without one (another agent's, or
 * records embedded in another file) are never small talk, only what their tools show.
 */
export function judgeTurn(steps: readonly TurnStep[], prompted = true): TurnVerdict {
  const tools = new Set<string>();
  const programs = new Set<string>();
  const checks = new Set<string>();
  let edits = false;
  let retried = false;
  // Files edited, and those of them a check has run after.
  const edited = new Set<string>();
  const checked = new Set<string>();
  for (const step of steps) {
    for (const t of split(step.tools)) tools.add(t);
    const actions = split(step.actions);
    // Within one response the calls run in order, but it was written before any result came
    // back: an edit repeated in the same response is no retry; its edits run before its checks.
    for (const a of actions) {
      if (!a.startsWith('edit:')) continue;
      edits = true;
      if (checked.has(a)) retried = true;
      edited.add(a);
    }
    for (const a of actions) {
      if (a.startsWith('run:')) programs.add(a.slice(4));
      else if (a.startsWith('check:')) {
        checks.add(a.slice(6));
        for (const e of edited) checked.add(e);
      }
    }
    if (!edits && [...tools].some((t) => EDIT_TOOLS.has(t))) edits = true;
  }
  const topic = steps.find((s) => s.topic)?.topic ?? null;
  const activity = activityOf(tools, programs, checks, edits, topic);
  return { activity: activity === 'Conversation' && !prompted ? 'General' : activity, edits, retried };
}

function activityOf(tools: Set<string>, programs: Set<string>, checks: Set<string>, edits: boolean, topic: string | null): Activity {
  if (edits) {
    if (topic === 'debugging') return 'Debugging';
    if (topic === 'refactoring') return 'Refactoring';
    if (topic === 'testing') return 'Testing';
    if (topic === 'feature') return 'Feature Dev';
    return 'Coding';
  }
  const any = (set: Set<string>, of: ReadonlySet<string>) => [...set].some((x) => of.has(x));
  if (any(tools, DELEGATION_TOOLS)) return 'Delegation';
  if (any(tools, PLANNING_TOOLS) || topic === 'planning') return 'Planning';
  if (any(programs, GIT_PROGRAMS) || (topic === 'git' && tools.size === 0)) return 'Git Ops';
  if (checks.has('build') || any(programs, DEPLOY_PROGRAMS) || topic === 'deploy') return 'Build/Deploy';
  if (checks.has('test') || topic === 'testing') return 'Testing';
  if (topic === 'debugging') return 'Debugging';
  if (any(tools, READING_TOOLS) || (programs.size > 0 && [...programs].every((p) => READING_PROGRAMS.has(p))) || topic === 'exploration') return 'Exploration';
  if (tools.size === 0) {
    if (topic === 'brainstorming') return 'Brainstorming';
    if (topic === null || topic === 'conversation') return 'Conversation';
  }
  return 'General';
}
