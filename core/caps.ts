// The caps' verdict: which cap applies to a session's folder, whether its spend is over it,
// whether its tool calls repeat, and what the hooks say about it. Pure, so each rule is
// tested with plain numbers; the hooks (cli/check.ts) read the figures and answer.
import type { CapsConfig } from './config.js';
import { shWord } from '../lib/shell.js';

export type CapKind = 'session' | 'daily';
export type OnLoop = 'stop' | 'warn';

export interface AppliedCap {
  kind: CapKind;
  usd: number;
  /** The project folder whose cap this is; null for the global cap. */
  project: string | null;
}

/** Whether `path` is `folder` or inside it (either separator; a trailing one on the folder is ignored). */
export function isWithin(path: string, folder: string): boolean {
  const f = folder.length > 1 ? folder.replace(/[\\/]+$/, '') : folder;
  if (path === f) return true;
  const rest = path.startsWith(f) ? path[f.length] : undefined;
  return rest === '/' || rest === '\\' || (f.endsWith('/') && path.startsWith(f));
}

/**
 * The caps in force in a working folder: for each kind, that of the most specific project
 * folder holding `cwd` that sets one, else the global one. No folder (unknown cwd): global.
 */
export function capsFor(caps: CapsConfig, cwd: string | null): Record<CapKind, AppliedCap | null> {
  const projects = Object.keys(caps.projects)
    .filter((p) => cwd !== null && isWithin(cwd, p))
    .sort((a, b) => b.length - a.length);
  const pick = (kind: CapKind): AppliedCap | null => {
    const project = projects.find((p) => caps.projects[p]![kind] !== undefined);
    if (project) return { kind, usd: caps.projects[project]![kind]!, project };
    return caps[kind] === undefined ? null : { kind, usd: caps[kind]!, project: null };
  };
  return { session: pick('session'), daily: pick('daily') };
}

export interface CapSpend {
  /** Dollars of the priced responses. */
  usd: number;
  /** Responses without a price: the spend is at least `usd`. */
  unpriced: number;
}

/** The same tool call, made `count` times in a row in a session. */
export interface LoopMark {
  /** Keyed hash of the tool's name and input: never the input. */
  hash: string;
  tool: string;
  count: number;
}

/** The mark after one more call: the count goes on for the same call, else starts again. */
export function nextLoopMark(prev: LoopMark | null, hash: string, tool: string): LoopMark {
  return prev && prev.hash === hash ? { hash, tool, count: prev.count + 1 } : { hash, tool, count: 1 };
}

export interface CapCheck {
  /** The hook's session; null when its input named none. */
  sessionId: string | null;
  session: { cap: AppliedCap; spent: CapSpend } | null;
  daily: { cap: AppliedCap; spent: CapSpend } | null;
  /** `runway cap allow --session` let this session go on past its caps. */
  allowed: boolean;
  loop: LoopMark | null;
  loopRepeats: number;
  onLoop: OnLoop;
  money: (usd: number) => string;
}

export type CapVerdict =
  | { kind: 'ok' }
  | { kind: 'warn'; message: string }
  | { kind: 'refuse'; cap: CapKind | 'loop'; message: string };

/** A cap is reached at its amount, as a budget is spent at its amount. */
const over = (x: { cap: AppliedCap; spent: CapSpend } | null) => x !== null && x.spent.usd >= x.cap.usd;

export function capVerdict(c: CapCheck): CapVerdict {
  const looping = c.loop !== null && c.loop.count >= c.loopRepeats;
  if (!c.allowed) {
    for (const x of [c.session, c.daily]) if (x && over(x)) return { kind: 'refuse', cap: x.cap.kind, message: capMessage(x.cap, x.spent, c) };
    if (looping && c.onLoop === 'stop') return { kind: 'refuse', cap: 'loop', message: `${loopMessage(c.loop!)}. ${lifts(c.sessionId, null)}` };
  }
  return looping ? { kind: 'warn', message: `${loopMessage(c.loop!)}: it may be going round in circles` } : { kind: 'ok' };
}

function capMessage(cap: AppliedCap, spent: CapSpend, c: CapCheck): string {
  const where = cap.project ? ` for ${cap.project}` : '';
  const atLeast = spent.unpriced ? ` (at least: ${spent.unpriced} responses have no price)` : '';
  const what = cap.kind === 'session'
    ? `this session's cap of ${c.money(cap.usd)}${where} is reached: ${c.money(spent.usd)} spent in it, subagents included${atLeast}`
    : `today's cap of ${c.money(cap.usd)}${where} is reached: ${c.money(spent.usd)} spent today${cap.project ? ' there' : ''}${atLeast}`;
  return `Runway: ${what}. ${lifts(c.sessionId, cap)}`;
}

function loopMessage(loop: LoopMark): string {
  return `Runway: the same ${loop.tool} call ${loop.count} times in a row in this session`;
}

/** How to lift a refusal: for this session only, by raising the cap, or by removing it. */
function lifts(sessionId: string | null, cap: AppliedCap | null): string {
  const parts = sessionId ? [`go on in this session only: runway cap allow --session ${shWord(sessionId)}`] : [];
  if (cap) {
    const project = cap.project ? ` --project ${shWord(cap.project)}` : '';
    parts.push(`raise the cap: runway cap set --${cap.kind} N${project}`, `remove it: runway cap off --${cap.kind}${project}`);
  } else {
    parts.push('only warn about loops: runway hook install --caps --on-loop warn');
  }
  const text = parts.join('; ');
  return text[0]!.toUpperCase() + text.slice(1) + '.';
}
