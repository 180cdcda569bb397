import type { ScanReport } from '../scanner/scan.js';
import { ISSUES, type Issue } from '../scanner/issues.js';
import { scanLogs, type Context } from './context.js';
import { n, pc } from './format.js';
import { progressBar } from './progress.js';

export function scanCommand(ctx: Context): string {
  const report = scanLogs(ctx, { onProgress: progressBar(), countAgents: true });
  if (ctx.flags.json) return JSON.stringify(report, null, 2);
  return renderScan(report, ctx.flags.verbose ?? false);
}

export function renderScan(r: ScanReport, verbose: boolean): string {
  const lines: string[] = [];
  // One line per agent: its folders that exist, with their files, and what this scan added.
  const names = [...new Set(r.roots.map((root) => root.source))];
  const width = Math.max(0, ...names.map((name) => name.length));
  for (const name of names) {
    const roots = r.roots.filter((root) => root.source === name);
    const found = roots.filter((root) => root.exists);
    const counts = r.agents[name];
    const added = counts ? ` · ${n(counts.responses)} responses${counts.added ? ` (${n(counts.added)} new)` : ''}` : '';
    lines.push(
      found.length
        ? `${name.padEnd(width)}  ${found.map((root) => `${root.logDir}: ${n(root.files)} ${root.files === 1 ? 'file' : 'files'}`).join(', ')}${added}`
        : pc.dim(`${name.padEnd(width)}  not found (${roots.map((root) => root.logDir).join(', ')})`),
    );
  }
  if (!r.roots.some((root) => root.exists)) {
    lines.push(pc.yellow('No agent logs found. Set CLAUDE_CONFIG_DIR, CODEX_HOME, … or add "sources": {"<agent>": {"roots": [...]}} to the config to look elsewhere.'));
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
