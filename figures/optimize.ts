// What could be spent less, from a range's Work and a few facts about the set-up (passed in,
// so this stays free of I/O): findings, each with what was measured, the saving at the price
// table's rates (null when a model has no price, never $0) and a fix to paste, rolled up into
// a grade. Savings are estimates of the same work done the cheaper way; README "runway
// optimize" documents every threshold and the rubric.
import type { PriceTable } from '../core/pricing.js';
import { shWord } from '../lib/shell.js';
import type { WorkRow } from '../store/responses.js';
import { priceRow } from './usage.js';
import { mcpParts, type Work, type WorkResponse } from './where.js';

export const THRESHOLDS = {
  /** Low cache hit: below this share, on sessions with at least `cacheMinPrompt` prompt tokens. */
  cacheHitBelow: 0.6,
  cacheMinPrompt: 200_000,
  /** The hit a healthy Claude Code session reaches: the saving is the way there. */
  cacheHitTarget: 0.9,
  /** A short turn: no edit and at most this many output tokens. */
  shortTurnOutput: 1_000,
  /** Context bloat: prompt tokens at least this many times the output, on sessions of at least `bloatMinPrompt`. */
  bloatRatio: 400,
  bloatMinPrompt: 1_000_000,
  /** The same file read this many times in one session. */
  rereads: 3,
  /** The output cap the Bash fix sets, and that many characters as tokens (÷ 4). */
  bashCapChars: 16_000,
  /** CLAUDE.md larger than this is worth trimming; a byte is about a quarter token. */
  claudeMdBytes: 10_000,
  /** Session outliers: above median + 5 × MAD and above 3 × median, among at least 5 priced sessions. */
  outlierMads: 5,
  outlierMedians: 3,
  outlierMinSessions: 5,
} as const;

export interface OptimizeFacts {
  /** BASH_MAX_OUTPUT_LENGTH is set in the environment or in Claude Code's settings.json `env`. */
  bashOutputCapped: boolean;
  /** The CLAUDE.md files that exist, sized: the user's (project null) and each project's. */
  claudeMd: { label: string; project: string | null; bytes: number }[];
  /** MCP servers named in Claude Code's config. */
  mcpServers: string[];
}

export type Severity = 'high' | 'medium' | 'low';

export interface Finding {
  id: string;
  title: string;
  measured: string;
  /** Dollars the range would have cost less; null when a model involved has no price. */
  savingUsd: number | null;
  /** Tokens no longer sent, or billed the cheaper way (moved to cache reads, to the cheaper model); null when unknown. */
  savingTokens: number | null;
  fix: string;
  severity: Severity;
}

export interface OptimizeTotals {
  /** The range's priced spend, what savings are weighed against. */
  spend: number;
  calls: number;
  unpricedCalls: number;
  sessions: number;
  turns: number;
  /** The known savings combined as if applied one after another: 1 − Π(1 − share). */
  savedShare: number | null;
}

export interface OptimizeReport {
  grade: Grade | null;
  score: number | null;
  findings: Finding[];
  totals: OptimizeTotals;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';
/** The lowest score of each grade; below the last, F. */
export const GRADE_BANDS: readonly [Grade, number][] = [['A', 90], ['B', 80], ['C', 70], ['D', 60]];

/** Each point of spend share saved costs two points of score: 1% → 98, 5% → 90, 30% → 40. */
export function gradeOf(savedShare: number): { score: number; grade: Grade } {
  const score = Math.max(0, Math.round(100 - 200 * savedShare));
  return { score, grade: GRADE_BANDS.find(([, min]) => score >= min)?.[0] ?? 'F' };
}

export function optimize(work: Work, table: PriceTable, facts: OptimizeFacts): OptimizeReport {
  const sessions = sessionsOf(work);
  let spend = 0;
  let unpricedCalls = 0;
  for (const r of work.responses) {
    if (r.cost === null) unpricedCalls++;
    else spend += r.cost;
  }
  const found = [
    lowCacheHit(sessions, table),
    ...expensiveShortTurns(work, table),
    contextBloat(sessions, table),
    rereads(sessions, table),
    uncappedBash(work, table, facts),
    ...largeClaudeMd(sessions, table, facts),
    unusedMcp(work, facts),
    outliers(sessions, spend),
  ].filter((f): f is Omit<Finding, 'severity'> => f !== null);
  const findings = found.map((f) => ({ ...f, savingTokens: f.savingTokens === null ? null : Math.round(f.savingTokens), severity: severity(f.savingUsd, spend) }));
  findings.sort((a, b) => (b.savingUsd ?? -1) - (a.savingUsd ?? -1) || a.id.localeCompare(b.id));
  const savedShare = spend > 0 ? 1 - findings.reduce((left, f) => left * (1 - Math.min(1, Math.max(0, f.savingUsd ?? 0) / spend)), 1) : null;
  const graded = savedShare === null ? null : gradeOf(savedShare);
  return {
    grade: graded?.grade ?? null,
    score: graded?.score ?? null,
    findings,
    totals: { spend, calls: work.responses.length, unpricedCalls, sessions: sessions.length, turns: work.turns.length, savedShare },
  };
}

function severity(saving: number | null, spend: number): Severity {
  const share = saving === null || spend <= 0 ? 0 : saving / spend;
  return share >= 0.05 ? 'high' : share >= 0.01 ? 'medium' : 'low';
}

// ---- Pricing the cheaper way ----------------------------------------------------

/** A row's cost at the table's rates with some of its fields changed; null when unpriced. */
function calc(row: WorkRow, table: PriceTable, change: Partial<WorkRow> = {}): number | null {
  return priceRow({ ...row, ...change }, row.ts, { table, mode: 'calculate' }).cost;
}

/** Known dollars and tokens, and how many parts could not be priced. */
interface Saving {
  usd: number;
  tokens: number;
  known: number;
  unknown: number;
}
const saving = (): Saving => ({ usd: 0, tokens: 0, known: 0, unknown: 0 });

function addSaving(s: Saving, row: WorkRow, table: PriceTable, change: Partial<WorkRow>, tokens: number): void {
  const before = calc(row, table);
  const after = calc(row, table, change);
  s.tokens += tokens;
  if (before === null || after === null) s.unknown++;
  else {
    s.usd += before - after;
    s.known++;
  }
}

/** A part of a row's new prompt (uncached input and cache writes) priced alone, e.g. one tool's result. */
function addNewPrompt(s: Saving, row: WorkRow, table: PriceTable, share: number): void {
  const cost = calc(row, table, { outputTokens: 0, cacheReadTokens: 0, webSearchRequests: 0 });
  s.tokens += newPrompt(row) * share;
  if (cost === null) s.unknown++;
  else {
    s.usd += cost * share;
    s.known++;
  }
}

/** Unknown when any part was unpriced and none known; a known part is never hidden. */
const usdOf = (s: Saving) => (s.known === 0 && s.unknown > 0 ? null : s.usd);
const unknownNote = (s: Saving) => (s.unknown ? ` ${s.unknown} of them on a model without a price, so that part of the saving is unknown.` : '');

// ---- Sessions ---------------------------------------------------------------------

interface Session {
  id: string;
  agent: string;
  project: string;
  responses: WorkResponse[];
  cost: number;
  unpriced: number;
  prompt: number;
  read: number;
  output: number;
}

const promptOf = (r: WorkRow) => r.inputTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens + r.cacheReadTokens;
const newPrompt = (r: WorkRow) => r.inputTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens;

function sessionsOf(work: Work): Session[] {
  const byKey = new Map<string, Session>();
  for (const r of work.responses) {
    const row = r.row;
    if (row.session_id === null) continue;
    const key = `${row.agent}\0${row.session_id}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { id: row.session_id, agent: row.agent, project: row.project ?? '', responses: [], cost: 0, unpriced: 0, prompt: 0, read: 0, output: 0 }));
    s.responses.push(r);
    if (r.cost === null) s.unpriced++;
    else s.cost += r.cost;
    s.prompt += promptOf(row);
    s.read += row.cacheReadTokens;
    s.output += row.outputTokens;
  }
  return [...byKey.values()];
}

const list = (v: string | null) => (v ? v.split(',') : []);
const pctText = (v: number) => `${(v * 100).toFixed(1)}%`;
const usdText = (v: number) => `$${v.toFixed(2)}`;
const count = (v: number) => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The response that carries a response's tool results: the next one of the same thread in its turn. */
function nextInTurn(r: WorkResponse): WorkRow | null {
  const rs = r.turn.responses;
  for (let i = rs.indexOf(r) + 1; i < rs.length; i++) if (rs[i]!.row.agent_id === r.row.agent_id) return rs[i]!.row;
  return null;
}

/** The calls a response made that return a result: its action labels but checks (a check labels a run). */
const callsOf = (row: WorkRow) => Math.max(1, list(row.actions).filter((a) => !a.startsWith('check:')).length, list(row.tools).length);

// ---- The findings -------------------------------------------------------------------

function lowCacheHit(sessions: Session[], table: PriceTable): Omit<Finding, 'severity'> | null {
  const low = sessions.filter((s) => s.prompt >= THRESHOLDS.cacheMinPrompt && s.read / s.prompt < THRESHOLDS.cacheHitBelow);
  if (!low.length) return null;
  const s = saving();
  for (const session of low) {
    for (const { row } of session.responses) {
      // The reads the target hit would have had, taken from uncached input first, then writes.
      let moved = Math.max(0, THRESHOLDS.cacheHitTarget * promptOf(row) - row.cacheReadTokens);
      const take = (have: number) => {
        const t = Math.min(have, moved);
        moved -= t;
        return have - t;
      };
      const change = { inputTokens: take(row.inputTokens), cacheWrite5mTokens: take(row.cacheWrite5mTokens), cacheWrite1hTokens: take(row.cacheWrite1hTokens) };
      const reads = newPrompt(row) - (change.inputTokens + change.cacheWrite5mTokens + change.cacheWrite1hTokens);
      addSaving(s, row, table, { ...change, cacheReadTokens: row.cacheReadTokens + reads }, reads);
    }
  }
  const worst = low.reduce((a, b) => (b.read / b.prompt < a.read / a.prompt ? b : a));
  const prompt = low.reduce((t, x) => t + x.prompt, 0);
  const read = low.reduce((t, x) => t + x.read, 0);
  return {
    id: 'low-cache-hit',
    title: 'Sessions with a low cache hit',
    measured: `${low.length} session${low.length > 1 ? 's' : ''} of ≥ ${count(THRESHOLDS.cacheMinPrompt)} prompt tokens read ${pctText(read / prompt)} of their prompt from the cache (cache reads ÷ (reads + writes + uncached input), below ${pctText(THRESHOLDS.cacheHitBelow)}; lowest ${pctText(worst.read / worst.prompt)} in session ${worst.id}); at ${pctText(THRESHOLDS.cacheHitTarget)} the rest would have been cache reads.${unknownNote(s)}`,
    savingUsd: usdOf(s),
    savingTokens: s.tokens,
    fix: 'Keep prompt caching on and warm: remove DISABLE_PROMPT_CACHING from the environment and from settings.json "env", stay on one model per session, and /clear rather than resume a session idle past the cache\'s 5 minutes.',
  };
}

const OPUS = /opus/i;

/** The same vendor's cheaper model for a short turn: the Sonnet of the same version, else a current Sonnet; null when neither is priced lower. */
function cheaperModel(model: string, table: PriceTable, at: Date): string | null {
  const rate = table.lookup(model, at)?.base.output;
  for (const alt of [model.replace(OPUS, 'sonnet'), 'claude-sonnet-4-5']) {
    const altRate = table.lookup(alt, at)?.base.output;
    if (altRate !== undefined && (rate === undefined || altRate < rate)) return alt;
  }
  return null;
}

function expensiveShortTurns(work: Work, table: PriceTable): Omit<Finding, 'severity'>[] {
  const byModel = new Map<string, WorkResponse[]>();
  for (const t of work.turns) {
    if (!OPUS.test(t.model) || t.edits) continue;
    if (t.responses.reduce((o, r) => o + r.row.outputTokens, 0) > THRESHOLDS.shortTurnOutput) continue;
    let rs = byModel.get(t.model);
    if (!rs) byModel.set(t.model, (rs = []));
    rs.push(...t.responses.filter((r) => r.row.model === t.model));
  }
  return [...byModel].map(([model, responses]) => {
    const turns = new Set(responses.map((r) => r.turn)).size;
    const alt = cheaperModel(model, table, new Date(responses[0]!.row.ts));
    const s = saving();
    for (const { row } of responses) {
      if (alt === null) s.unknown++;
      else addSaving(s, row, table, { model: alt }, row.inputTokens + row.outputTokens + row.cacheWrite5mTokens + row.cacheWrite1hTokens + row.cacheReadTokens);
    }
    const spent = responses.reduce((c, r) => c + (r.cost ?? 0), 0);
    const usd = alt === null ? null : usdOf(s);
    return {
      id: 'expensive-model-short-turns',
      title: `${model} on short turns`,
      measured: `${turns} turn${turns > 1 ? 's' : ''} on ${model} edited nothing and wrote ≤ ${count(THRESHOLDS.shortTurnOutput)} output tokens (${usdText(spent)})` +
        (usd === null ? `; ${alt === null ? 'no cheaper model of the same vendor is priced' : `${model} has no price`}, so the saving is unknown.` : `; at ${alt}'s prices the same tokens cost ${usdText(spent - usd)}.`),
      savingUsd: usd,
      savingTokens: alt === null ? null : s.tokens,
      fix: `Ask quick questions on a cheaper model: /model ${alt ?? 'sonnet'} (or start the session with claude --model ${alt ?? 'sonnet'}), and switch back for real work.`,
    };
  });
}

function contextBloat(sessions: Session[], table: PriceTable): Omit<Finding, 'severity'> | null {
  const ratio = (s: Session) => (s.output ? s.prompt / s.output : Infinity);
  const bloated = sessions.filter((s) => s.prompt >= THRESHOLDS.bloatMinPrompt && ratio(s) >= THRESHOLDS.bloatRatio);
  if (!bloated.length) return null;
  const s = saving();
  for (const session of bloated) {
    // The prompt beyond bloatRatio × output is the bloat: every prompt kind shrinks by that share.
    const keep = Math.min(1, (THRESHOLDS.bloatRatio * session.output) / session.prompt);
    for (const { row } of session.responses) {
      const change = { inputTokens: row.inputTokens * keep, cacheWrite5mTokens: row.cacheWrite5mTokens * keep, cacheWrite1hTokens: row.cacheWrite1hTokens * keep, cacheReadTokens: row.cacheReadTokens * keep };
      addSaving(s, row, table, change, promptOf(row) * (1 - keep));
    }
  }
  const worst = bloated.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
  const worstRatio = ratio(worst) === Infinity ? 'with no output' : `${count(ratio(worst))}× its output`;
  return {
    id: 'context-bloat',
    title: 'Context bloat',
    measured: `${bloated.length} session${bloated.length > 1 ? 's' : ''} of ≥ ${count(THRESHOLDS.bloatMinPrompt)} prompt tokens sent at least ${THRESHOLDS.bloatRatio}× as many prompt tokens as they wrote (largest: session ${worst.id}, ${count(worst.prompt)} prompt tokens, ${worstRatio}); the saving is the prompt beyond ${THRESHOLDS.bloatRatio}× output.${unknownNote(s)}`,
    savingUsd: usdOf(s),
    savingTokens: s.tokens,
    fix: '/compact when a long task reaches a milestone, /clear before an unrelated one; in CLAUDE.md: "When I switch to an unrelated task, remind me to run /clear."',
  };
}

function rereads(sessions: Session[], table: PriceTable): Omit<Finding, 'severity'> | null {
  const s = saving();
  let files = 0;
  let extra = 0;
  let most = 0;
  const inSessions = new Set<Session>();
  for (const session of sessions) {
    const reads = new Map<string, WorkResponse[]>();
    for (const r of session.responses) {
      for (const a of list(r.row.actions)) {
        if (!a.startsWith('read:')) continue;
        let carriers = reads.get(a);
        if (!carriers) reads.set(a, (carriers = []));
        carriers.push(r);
      }
    }
    for (const carriers of reads.values()) {
      if (carriers.length < THRESHOLDS.rereads) continue;
      files++;
      extra += carriers.length - 1;
      most = Math.max(most, carriers.length);
      inSessions.add(session);
      // Every read after the first brings the file back: its share of the next response's new prompt.
      for (const r of carriers.slice(1)) {
        const next = nextInTurn(r);
        if (next) addNewPrompt(s, next, table, 1 / callsOf(r.row));
      }
    }
  }
  if (!files) return null;
  return {
    id: 'repeated-reads',
    title: 'Files read again and again',
    measured: `${files} file${files > 1 ? 's were' : ' was'} read ≥ ${THRESHOLDS.rereads} times in one session (${extra} re-reads in ${inSessions.size} session${inSessions.size > 1 ? 's' : ''}, at most ${most} reads of one file); each re-read is priced as its share of the next call's new prompt tokens.${unknownNote(s)}`,
    savingUsd: usdOf(s),
    savingTokens: s.tokens,
    fix: 'In CLAUDE.md: "Do not re-read a file you have already read in this session unless it changed since; work from what you read."',
  };
}

function uncappedBash(work: Work, table: PriceTable, facts: OptimizeFacts): Omit<Finding, 'severity'> | null {
  if (facts.bashOutputCapped) return null;
  const bash = work.responses.filter((r) => list(r.row.tools).includes('Bash'));
  if (!bash.length) return null;
  const cap = THRESHOLDS.bashCapChars / 4;
  const s = saving();
  let over = 0;
  for (const r of bash) {
    const next = nextInTurn(r);
    if (!next) continue;
    const runs = Math.max(1, list(r.row.actions).filter((a) => a.startsWith('run:')).length);
    const share = runs / callsOf(r.row);
    const result = newPrompt(next) * share;
    if (result <= cap) continue;
    over++;
    addNewPrompt(s, next, table, (share * (result - cap)) / result);
  }
  return {
    id: 'uncapped-bash-output',
    title: 'Bash output is not capped',
    measured: `BASH_MAX_OUTPUT_LENGTH is set neither in the environment nor in settings.json, and ${bash.length} call${bash.length > 1 ? 's' : ''} ran Bash; ${over} result${over === 1 ? '' : 's'} looked larger than ${count(cap)} tokens (${count(THRESHOLDS.bashCapChars)} characters), and the part beyond is the saving.${unknownNote(s)}`,
    savingUsd: usdOf(s),
    savingTokens: s.tokens,
    fix: `In ~/.claude/settings.json: { "env": { "BASH_MAX_OUTPUT_LENGTH": "${THRESHOLDS.bashCapChars}" } }`,
  };
}

function largeClaudeMd(sessions: Session[], table: PriceTable, facts: OptimizeFacts): Omit<Finding, 'severity'>[] {
  const out: Omit<Finding, 'severity'>[] = [];
  for (const file of facts.claudeMd) {
    if (file.bytes <= THRESHOLDS.claudeMdBytes) continue;
    const loaded = sessions.filter((x) => x.agent === 'claude-code' && (file.project === null || x.project === file.project));
    if (!loaded.length) continue;
    const excess = (file.bytes - THRESHOLDS.claudeMdBytes) / 4;
    const s = saving();
    // The excess is written to the cache once per session, then read from it by every later call.
    for (const session of loaded) {
      s.tokens += excess;
      session.responses.forEach(({ row }, i) => {
        const rates = table.lookup(row.model, new Date(row.ts))?.base;
        if (!rates) return void s.unknown++;
        s.usd += (excess * (i === 0 ? rates.cacheWrite5m : rates.cacheRead)) / 1e6;
        s.known++;
      });
    }
    out.push({
      id: 'large-claude-md',
      title: `Large ${file.label}`,
      measured: `${file.label} is ${count(file.bytes)} bytes (≈ ${count(file.bytes / 4)} tokens), loaded into each of ${loaded.length} session${loaded.length > 1 ? 's' : ''}; the saving is trimming it to ${count(THRESHOLDS.claudeMdBytes)} bytes.${unknownNote(s)}`,
      savingUsd: usdOf(s),
      savingTokens: s.tokens,
      fix: `Trim ${file.label} below ${count(THRESHOLDS.claudeMdBytes)} bytes: move details into files it points to, e.g. "For the release steps, read docs/release.md."`,
    });
  }
  return out;
}

function unusedMcp(work: Work, facts: OptimizeFacts): Omit<Finding, 'severity'> | null {
  const used = new Set<string>();
  for (const { row } of work.responses) {
    for (const t of list(row.tools)) {
      const server = mcpParts(t)?.server;
      if (server) used.add(server);
    }
    if (row.mcp_server) used.add(row.mcp_server);
  }
  const unused = facts.mcpServers.filter((s) => !used.has(s));
  if (!unused.length) return null;
  return {
    id: 'unused-mcp-servers',
    title: 'MCP servers configured but unused',
    measured: `${unused.length} MCP server${unused.length > 1 ? 's' : ''} configured for Claude Code ${unused.length > 1 ? 'were' : 'was'} not called in this range (${unused.join(', ')}); their tool definitions are sent with every prompt, of a size the logs do not show.`,
    savingUsd: null,
    savingTokens: null,
    fix: unused.map((s) => `claude mcp remove ${shWord(s)}`).join('\n'),
  };
}

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
};

function outliers(sessions: Session[], spend: number): Omit<Finding, 'severity'> | null {
  const priced = sessions.filter((s) => s.unpriced === 0);
  if (priced.length < THRESHOLDS.outlierMinSessions || spend <= 0) return null;
  const costs = priced.map((s) => s.cost);
  const med = median(costs);
  const mad = median(costs.map((c) => Math.abs(c - med)));
  const limit = Math.max(med + THRESHOLDS.outlierMads * mad, THRESHOLDS.outlierMedians * med);
  const out = priced.filter((s) => s.cost > limit);
  if (!out.length) return null;
  const largest = out.reduce((a, b) => (b.cost > a.cost ? b : a));
  const tokensOf = (s: Session) => s.responses.reduce((t, r) => t + r.tokens, 0);
  return {
    id: 'session-cost-outliers',
    title: 'Session cost outliers',
    measured: `${out.length} session${out.length > 1 ? 's' : ''} cost more than ${usdText(limit)} (the larger of median ${usdText(med)} + ${THRESHOLDS.outlierMads} × MAD ${usdText(mad)} and ${THRESHOLDS.outlierMedians} × the median, over ${priced.length} priced sessions); the largest, ${largest.id}, ${usdText(largest.cost)}. The saving is their cost above that line.`,
    savingUsd: out.reduce((t, s) => t + s.cost - limit, 0),
    savingTokens: out.reduce((t, s) => t + (tokensOf(s) * (s.cost - limit)) / s.cost, 0),
    fix: `runway run --budget ${Math.ceil(limit)} -- claude -p "…"   (scripted runs stop at the line; in interactive ones, /clear between tasks)`,
  };
}
