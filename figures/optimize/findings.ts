// The findings optimize makes, one function each: what it measured, its saving in dollars
// and tokens, and the fix to paste; null (or none) when the range shows no such waste.
import type { PriceTable } from '../../core/pricing.js';
import { shWord } from '../../lib/shell.js';
import { mcpParts, type Work, type WorkResponse } from '../where.js';
import { THRESHOLDS, type Finding, type OptimizeFacts } from './rules.js';
import { addNewPrompt, addSaving, callsOf, count, list, newPrompt, nextInTurn, pctText, promptOf, saving, unknownNote, usdOf, usdText, type Session } from './measure.js';

export function lowCacheHit(sessions: Session[], table: PriceTable): Omit<Finding, 'severity'> | null {
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

export function expensiveShortTurns(work: Work, table: PriceTable): Omit<Finding, 'severity'>[] {
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

export function contextBloat(sessions: Session[], table: PriceTable): Omit<Finding, 'severity'> | null {
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

export function rereads(sessions: Session[], table: PriceTable): Omit<Finding, 'severity'> | null {
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

export function uncappedBash(work: Work, table: PriceTable, facts: OptimizeFacts): Omit<Finding, 'severity'> | null {
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

export function largeClaudeMd(sessions: Session[], table: PriceTable, facts: OptimizeFacts): Omit<Finding, 'severity'>[] {
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

export function unusedMcp(work: Work, facts: OptimizeFacts): Omit<Finding, 'severity'> | null {
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

export function outliers(sessions: Session[], spend: number): Omit<Finding, 'severity'> | null {
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
