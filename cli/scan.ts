import type { ScanReport } from '../scanner/scan.js';
import { ISSUES, type Issue } from '../scanner/issues.js';
import { scanLogs, type Context } from './context.js';
import { n, pc } from './format.js';
import { progressBar } from './progress.js';

export function scanCommand(ctx: Context): string {
  const report = scanLogs(ctx, { onProgress: progressBar() });
  if (ctx.flags.json) return JSON.stringify(report, null, 2);
  return renderScan(report, ctx.flags.verbose ?? false);
}

export function renderScan(r: ScanReport, verbose: boolean): string {
  const lines: string[] = [];
  for (const root of r.roots) {
    lines.push(root.exists ? `${root.logDir}: ${n(root.files)} log files` : pc.dim(`${root.logDir}: not found`));
  }
  if (!r.roots.some((root) => root.exists)) {
    lines.push(pc.yellow('No Claude Code logs found. Set CLAUDE_CONFIG_DIR or add "roots" to the config to look elsewhere.'));
  }
  const mb = (r.bytesRead / 2 ** 20).toFixed(1);
  lines.push(`Read ${n(r.filesRead)} of ${n(r.filesSeen)} files (${mb} MB, ${n(r.linesRead)} lines) in ${(r.durationMs / 1000).toFixed(2)} s`);
  lines.push(`Responses: ${n(r.responsesAdded)} added, ${n(r.responsesUpdated)} updated, ${n(r.responsesTotal)} in the database`);
  const issues = Object.entries(r.issues) as [Issue, { count: number; example: string }][];
  const skipped = issues.filter(([k]) => ISSUES[k].skipped);
  const kept = issues.filter(([k]) => !ISSUES[k].skipped);
  const list = (title: string, items: typeof issues) => {
    if (!items.length) return;
    lines.push(title);
    for (const [k, v] of items) {
      lines.push(`  ${n(v.count)} × ${ISSUES[k].text}${verbose ? pc.dim(`  e.g. ${v.example}`) : ''}`);
    }
  };
  list('Skipped:', skipped);
  list('Read with a warning:', kept);
  if (issues.length && !verbose) lines.push(pc.dim('  (--verbose shows one file:line per reason)'));
  for (const p of r.partialLines) {
    lines.push(pc.dim(`Waiting for the last line of ${p.file} (${n(p.bytes)} bytes without a newline yet)`));
  }
  return lines.join('\n');
}
