// `runway optimize`: what the range could have cost less, ranked by saving, and a grade
// (figures/optimize.ts). Read-only: settings.json is read, CLAUDE.md files only stat'ed for
// their size, never opened; nothing is written.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { optimize, type OptimizeFacts, type OptimizeReport } from '../figures/optimize/index.js';
import type { Work } from '../figures/where.js';
import { configuredDirs } from '../sources/claude-code/index.js';
import { configuredMcpServers } from '../sources/claude-code/mcp-config.js';
import { defaultSettingsPath, readSettings } from '../sources/claude-code/settings.js';
import { isRecord } from '../lib/record.js';
import type { Context } from './context.js';
import { n, pc, table, usd } from './format.js';
import { rangeWork } from './work.js';

export interface OptimizeAnswer extends OptimizeReport {
  since: string;
  until: string;
}

export async function optimizeCommand(ctx: Context): Promise<string> {
  const { range, work, pricing } = await rangeWork(ctx);
  const report = optimize(work, pricing.table, facts(ctx, work));
  const answer: OptimizeAnswer = { since: range.since, until: range.until, ...report };
  return ctx.flags.json ? JSON.stringify(answer, null, 2) : render(answer);
}

function facts(ctx: Context, work: Work): OptimizeFacts {
  const env = ctx.env;
  const projects = [...new Set(work.responses.filter((r) => r.row.agent === 'claude-code' && r.row.project).map((r) => r.row.project!))];
  const [configDir] = configuredDirs(env);
  const userMd = { label: configDir ? '$CLAUDE_CONFIG_DIR/CLAUDE.md' : '~/.claude/CLAUDE.md', project: null, path: join(configDir ?? join(env.HOME || homedir(), '.claude'), 'CLAUDE.md') };
  const claudeMd = [userMd, ...projects.map((p) => ({ label: join(p, 'CLAUDE.md'), project: p, path: join(p, 'CLAUDE.md') }))]
    .map(({ path, ...f }) => ({ ...f, bytes: fileSize(path) }))
    .filter((f): f is OptimizeFacts['claudeMd'][number] => f.bytes !== null);
  return { bashOutputCapped: !!env.BASH_MAX_OUTPUT_LENGTH || settingsEnvHas(env, 'BASH_MAX_OUTPUT_LENGTH'), claudeMd, mcpServers: configuredMcpServers(env, projects) };
}

/** A regular file's size; null when there is none. */
function fileSize(path: string): number | null {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/** Whether Claude Code's settings.json sets the variable in its "env"; a missing or broken file sets nothing. */
function settingsEnvHas(env: Record<string, string | undefined>, name: string): boolean {
  try {
    const vars = readSettings(defaultSettingsPath(env, env.HOME || homedir())).settings.env;
    return isRecord(vars) && vars[name] !== undefined && vars[name] !== '';
  } catch {
    return false;
  }
}

const savingText = (v: number | null) => (v === null ? pc.yellow('unknown') : usd(v));

async function render(a: OptimizeAnswer): Promise<string> {
  const t = a.totals;
  const grade = a.grade === null ? 'no grade (nothing priced)' : `grade ${pc.bold(a.grade)} (score ${a.score}; the savings below are ${(t.savedShare! * 100).toFixed(1)}% of ${usd(t.spend)})`;
  const out = [`Optimize, ${a.since} – ${a.until}: ${grade}`];
  if (!a.findings.length) return [...out, 'Nothing to fix: no finding in this range.'].join('\n');
  out.push(await table(
    [{ head: '#' }, { head: 'finding', align: 'left' }, { head: 'saving' }, { head: 'tokens' }, { head: 'severity', align: 'left' }],
    a.findings.map((f, i) => [String(i + 1), f.title, savingText(f.savingUsd), f.savingTokens === null ? '—' : n(f.savingTokens), f.severity]),
  ));
  a.findings.forEach((f, i) => out.push('', `${i + 1}. ${pc.bold(f.title)}`, `   ${f.measured}`, ...f.fix.split('\n').map((line) => `   ${pc.cyan('fix:')} ${line}`)));
  if (t.unpricedCalls) out.push('', pc.dim(`${n(t.unpricedCalls)} of ${n(t.calls)} calls are unpriced: not in the spend, their savings unknown.`));
  return out.join('\n');
}
