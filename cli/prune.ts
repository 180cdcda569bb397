// `runway prune`: removes, on request, responses whose log file is gone (--missing), before
// a date (--before) or of a project (--project). History outlives the logs on purpose, so it
// prints what it would remove and removes it only with --yes.
import { statSync } from 'node:fs';
import { dateInZone, isCalendarDate } from '../core/calendar.js';
import { startOfDay } from '../figures/dashboard.js';
import { knownFiles, prune, prunePlan, type PrunePlan, type Selection, type Summary } from '../store/prune.js';
import { UserError, type CommandResult, type Context, type Flags } from './context.js';
import { n, pc } from './format.js';

export interface PruneFlags extends Flags {
  missing?: boolean;
  before?: string;
  yes?: boolean;
}

/** Projects listed by name; the rest are summed on one line. */
const PROJECTS_SHOWN = 8;

export function pruneCommand(ctx: Context, flags: PruneFlags): CommandResult {
  if (flags.before !== undefined && !isCalendarDate(flags.before)) {
    throw new UserError(`--before ${JSON.stringify(flags.before)}: expected a date YYYY-MM-DD`);
  }
  if (flags.project === '') throw new UserError('--project "": expected part of a project path, such as --project api');
  if (!flags.missing && flags.before === undefined && flags.project === undefined) {
    throw new UserError('prune: say what to remove: --missing, --before YYYY-MM-DD or --project TEXT (they combine; see runway help prune)');
  }
  const sel: Selection = {};
  const what: string[] = [];
  let gone = 0;
  if (flags.missing) {
    sel.goneFiles = knownFiles(ctx.db).filter((f) => isGone(f.path)).map((f) => f.id);
    gone = sel.goneFiles.length;
    what.push('whose log file is gone');
  }
  if (flags.before !== undefined) {
    sel.beforeMs = startOfDay(flags.before, ctx.tz);
    what.push(`before ${flags.before} (${ctx.tz})`);
  }
  if (flags.project !== undefined) {
    sel.project = flags.project;
    what.push(`of projects whose path contains ${JSON.stringify(flags.project)}`);
  }
  const condition = `responses ${what.join(', ')}`;

  const plan = flags.yes ? prune(ctx.db, sel) : prunePlan(ctx.db, sel);
  const lines: string[] = [];
  const nothing = plan.removed.responses === 0 && plan.ledger === 0 && plan.files === 0;
  if (nothing) lines.push(`Nothing to remove: no ${condition}`);
  else {
    lines.push(`${flags.yes ? 'Removed' : 'Would remove'} ${condition}:`);
    lines.push(...describeSummary(plan.removed, ctx.tz).map((l) => `  ${l}`));
    const also = alsoRemoved(plan);
    if (also) lines.push(`${flags.yes ? 'Also removed' : 'Also'} ${also}`);
  }
  if (flags.missing) {
    lines.push(pc.dim(`${n(gone)} ${gone === 1 ? 'log file is' : 'log files are'} gone from the disk`));
    if (plan.untracked) {
      lines.push(`${responses(plan.untracked)} from before file tracking: kept (--missing cannot tell whether their logs are gone; runway rebuild can)`);
    }
  }
  if (!nothing) {
    lines.push(flags.yes
      ? 'The rollups were rebuilt from the responses left.'
      : pc.yellow('Nothing was removed: run the same command with --yes to remove them.'));
  }
  return lines.join('\n');
}

/** ENOENT or ENOTDIR: gone. Any other trouble (a folder that cannot be read) cannot tell, so the file counts as there. */
function isGone(path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

function alsoRemoved(plan: PrunePlan): string {
  const parts: string[] = [];
  if (plan.ledger) parts.push(`${n(plan.ledger)} ledger ${plan.ledger === 1 ? 'record' : 'records'} (Claude Code's budget_usd totals that counted them)`);
  if (plan.files) parts.push(`${n(plan.files)} ${plan.files === 1 ? 'record of a deleted log file' : 'records of deleted log files'}`);
  return parts.join(' and ');
}

export function responses(count: number): string {
  return `${n(count)} ${count === 1 ? 'response' : 'responses'}`;
}

/** A summary as lines: the total and its dates, then per month and per project. */
export function describeSummary(s: Summary, tz: string): string[] {
  if (s.responses === 0) return ['no responses'];
  const first = dateInZone(s.firstTs!, tz);
  const last = dateInZone(s.lastTs!, tz);
  const lines = [`${responses(s.responses)}, ${n(s.tokens)} tokens, ${first === last ? first : `${first} – ${last}`} (${tz})`];
  const months = new Map<string, { responses: number; tokens: number }>();
  for (const b of s.buckets) {
    const month = dateInZone(b.bucket * 1000, tz).slice(0, 7);
    const m = months.get(month) ?? { responses: 0, tokens: 0 };
    m.responses += b.responses;
    m.tokens += b.tokens;
    months.set(month, m);
  }
  lines.push('by month:');
  lines.push(...rows([...months].map(([month, m]) => [month, m])));
  lines.push('by project:');
  const shown = s.projects.slice(0, PROJECTS_SHOWN).map((p) => [p.project || '(no project)', p] as [string, { responses: number; tokens: number }]);
  const rest = s.projects.slice(PROJECTS_SHOWN);
  if (rest.length) {
    shown.push([`${rest.length} more`, { responses: rest.reduce((a, p) => a + p.responses, 0), tokens: rest.reduce((a, p) => a + p.tokens, 0) }]);
  }
  lines.push(...rows(shown));
  return lines;
}

function rows(items: [string, { responses: number; tokens: number }][]): string[] {
  const label = Math.max(...items.map(([l]) => l.length));
  const count = Math.max(...items.map(([, v]) => responses(v.responses).length));
  return items.map(([l, v]) => `  ${l.padEnd(label)}  ${responses(v.responses).padStart(count)}  ${n(v.tokens)} tokens`);
}
