// The HTML of `runway report`: figures rendered here as text (they read without script),
// Chart.js, the chart module with the page's modules it imports, and the data inlined. Every
// value goes in through the `html` tag, which escapes it. A CSP allows only those two
// scripts, by hash, and no network at all, so even a bug in the page cannot fetch anything.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { DayFigures, modelBreakdown, ModelShare, ProjectShare, SessionSummary } from '../figures/dashboard.js';
import { packageRoot } from '../lib/paths.js';
import type { UnpricedModel } from '../figures/usage.js';
import { chartJsPath } from '../lib/paths.js';
import type { Summary } from '../figures/answers.js';
import type { WhereReport } from '../figures/where.js';
import { withBudget, type BudgetedSummary } from '../figures/summary.js';
import { n, short, usd } from './format.js';
import { shortModel } from './reports.js';
import { converted, DAY_YEAR, duration, formatDay, lastPathPart, percent, plural } from '../web/format.js';

export type ChartDay = Pick<DayFigures, 'date' | 'spend' | 'cost' | 'tokens' | 'responses' | 'unpricedResponses' | 'workday' | 'holiday' | 'isToday' | 'isFuture' | 'dailyBudgetLine'>;

export interface RangeFigures {
  /** Local calendar dates, inclusive. */
  since: string;
  until: string;
  /** The current budget period, as the dashboard shows it. */
  isPeriod: boolean;
  project: string | null;
  days: ChartDay[];
  models: ModelShare[];
  families: ReturnType<typeof modelBreakdown>['families'];
  unpriced: UnpricedModel[];
  projects: ProjectShare[];
  totals: { cost: number; tokens: number; responses: number; unpricedResponses: number };
}

export interface ReportInput {
  version: string;
  summary: Summary;
  range: RangeFigures;
  sessions: SessionSummary[];
  /** Where the range's money went: by activity, tool, program, MCP server and agent type. */
  where: WhereReport[];
}

/** Markup: built by the `html` tag, or code this file has checked. Anything else put in the page is text. */
class Html {
  constructor(readonly text: string) {}
}

type Part = Html | string | number | readonly Part[];

/**
 * A template for markup: every value put in it is escaped, whatever its source (config, logs,
 * figures), unless it is markup itself. Lists are joined.
 */
function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, text, i) => out + partHtml(values[i - 1]!) + text));
}

function partHtml(part: Part): string {
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(partHtml).join('');
  return esc(String(part));
}

/** Inlined as it is: the styles, the scripts and their data, each checked or escaped for where it goes. */
function trusted(code: string): Html {
  return new Html(code);
}

const STATUS_TEXT = { green: 'On track', yellow: 'Tight', red: 'Over pace' } as const;
// Holds no " or &, so it goes into its attribute as it is.
const ICON = trusted("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%234763e4'/%3E%3Cpath d='M9 24 14 8h4l5 16' fill='none' stroke='white' stroke-width='2.5' stroke-linejoin='round'/%3E%3C/svg%3E");

export function renderReport(input: ReportInput): string {
  const web = join(packageRoot(), 'web');
  // The source map comment would name a file that is not there.
  const chartJs = readFileSync(chartJsPath(), 'utf8').replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n');
  const script = inlineModules(join(web, 'report', 'report.js'), web);
  // The dashboard's own colours first, then the report's layout.
  const css = readFileSync(join(web, 'theme.css'), 'utf8') + readFileSync(join(web, 'report', 'report.css'), 'utf8');
  for (const code of [chartJs, script]) {
    if (/<\/script|<!--/i.test(code)) throw new Error('an inlined script contains </script or <!--, which would end it early');
  }
  if (/<\/style/i.test(css)) throw new Error('the inlined styles contain </style, which would end them early');
  const csp = [
    "default-src 'none'",
    `script-src ${[chartJs, script].map(sha256Source).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const s = input.summary;
  const f = formatters(s);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Runway report · ${f.dayRange(input.range.since, input.range.until)}</title>
<link rel="icon" href="${ICON}">
<style>
${trusted(css)}</style>
</head>
<body>
<header class="wrap top">
  <h1><span class="logo" aria-hidden="true"></span>Runway report</h1>
  <p class="meta">Generated <span data-testid="generated-at" data-value="${s.generatedAt}">${f.instant(s.generatedAt)}</span> · time zone <span data-testid="timezone">${s.timezone}</span> · scope <span data-testid="scope">${s.scope}</span> · agents <span data-testid="agent">${s.agent}</span>${s.demo ? html` · <span class="badge">demo data</span>` : ''}</p>
</header>
<main class="wrap">
${s.data.responses === 0 ? emptyState(s) : ''}${periodSection(s, f)}
${unpricedSection(input.range, f)}${dailySection(input.range, s, f)}
<div class="split">
${modelsSection(input.range, f)}
${projectsSection(input.range, f)}
</div>
${whereSection(input.where, input.range, f)}
${sessionsSection(input.sessions, f)}
</main>
<footer class="wrap footer">
  <span>Prices: <span data-testid="price-source">${s.priceSource}</span></span>
  <span>Cost mode <span data-testid="cost-mode">${s.costMode}</span></span>
  <span>Time zone ${s.timezone}</span>
  <span>Generated ${f.instant(s.generatedAt)} by Runway ${input.version}</span>
  <span class="local">Made on this machine; this file loads nothing from anywhere.</span>
</footer>
<script type="application/json" id="data">${trusted(jsonForScript(input))}</script>
<script>${trusted(chartJs)}</script>
<script type="module">${trusted(script)}</script>
</body>
</html>
`.text;
}

const IMPORT = /^import \{([^}]*)\} from '(\.\.?\/[^']+)';\n/gm;
// The `export ` before a declaration, with the name it declares.
const EXPORT = /^export (?=(?:async )?function\*? ?([\w$]+)|(?:const|class) ([\w$]+))/gm;

/**
 * ES modules as the body of one inline module script, the same for the same files. Each
 * module, its imports first, becomes a function scope that returns its exports, so names
 * private to two modules never meet, and each import becomes a const taken from the scope
 * it names. Only the forms the page's modules use are taken: `import { a, b as c } from
 * './x.js'` of a file under `root`, and `export` before a function, const or class.
 */
export function inlineModules(entry: string, root: string): string {
  const modules = new Map<string, { id: string; exports: Set<string> }>();
  const ids = new Set<string>();
  const out: string[] = [];
  const where = (file: string) => relative(root, file).split(sep).join('/');
  const visit = (file: string, importers: string[]): { id: string; exports: Set<string> } => {
    const known = modules.get(file);
    if (known) return known;
    if (importers.includes(file)) throw new Error(`${where(file)} imports itself, through ${importers.map(where).join(' → ')}`);
    const code = readFileSync(file, 'utf8').replace(IMPORT, (_line, names: string, spec: string) => {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(root + sep)) throw new Error(`${where(file)}: ${spec} is outside ${root}`);
      const imported = visit(target, [...importers, file]);
      const bindings = names.split(',').map((name) => name.trim()).filter(Boolean).map((binding) => {
        const [name, local] = binding.split(/\s+as\s+/) as [string, string?];
        if (!imported.exports.has(name)) throw new Error(`${where(file)}: ${where(target)} exports no ${name}`);
        return local ? `${name}: ${local}` : name;
      });
      return `const { ${bindings.join(', ')} } = ${imported.id};\n`;
    });
    const exports = new Set<string>();
    const body = code.replace(EXPORT, (_export, fn?: string, declared?: string) => {
      exports.add((fn ?? declared)!);
      return '';
    });
    const left = /^(?:import|export)\b.*/m.exec(body) ?? /\bimport\s*\(|\bimport\.meta\b/.exec(body);
    if (left) throw new Error(`${where(file)}: cannot inline "${left[0]}"`);
    const id = `$${where(file).replace(/\.js$/, '').replace(/\W/g, '_')}`;
    if (ids.has(id)) throw new Error(`${where(file)}: another module is also inlined as ${id}`);
    ids.add(id);
    const module = { id, exports };
    modules.set(file, module);
    out.push(`// ${where(file)}\nconst ${id} = (() => {\n${body}return { ${[...exports].join(', ')} };\n})();\n`);
    return module;
  };
  visit(resolve(entry), []);
  return out.join('');
}

function sha256Source(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

/**
 * JSON that cannot end its <script> element: <, > and & become \u escapes (valid JSON, the
 * same string once parsed), and so do U+2028/2029 for any reader that treats it as script.
 */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text and attribute values: every character HTML could read as markup is escaped. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Formatters = ReturnType<typeof formatters>;

function formatters(s: Summary) {
  const instant = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: s.timezone });
  const secondary = s.currency.secondary;
  const money = (v: number) => usd(v, s.currency.symbol);
  return {
    /** An amount in the budget's unit. */
    amount: (v: number) => (s.unit === 'tokens' ? `${short(v)} tokens` : money(v)),
    /** A dollar cost that never shows unpriced usage as $0. */
    cost: (v: number, unpriced: number) => (unpriced ? (v > 0 ? `${money(v)} +?` : 'unpriced') : money(v)),
    alt: (v: number) => (secondary && s.unit === 'usd' ? converted(v, secondary) : ''),
    day: (date: string) => formatDay(date),
    dayRange: (a: string, b: string) => (a === b ? formatDay(a, DAY_YEAR) : `${formatDay(a)} – ${formatDay(b, DAY_YEAR)}`),
    instant: (ms: number) => instant.format(ms),
    percent,
  };
}

/** A figure with its raw value beside the text, so tests (and scripts) read the number itself. */
function fig(testid: string, text: string, raw: number | string | null, className = ''): Html {
  return html`<span${className ? html` class="${className}"` : ''} data-testid="${testid}" data-value="${raw ?? ''}">${text}</span>`;
}

function stat(title: Html | string, value: Html, sub: Html | string = '', alt = ''): Html {
  return html`<div class="stat"><h3>${title}</h3><div class="stat-value">${value}</div>${alt ? html`<p class="alt">${alt}</p>` : ''}${sub ? html`<p class="sub">${sub}</p>` : ''}</div>`;
}

function tone(status: BudgetedSummary['status']): string {
  return { green: 'good', yellow: 'warn', red: 'bad' }[status];
}

function emptyState(s: Summary): Html {
  const roots = s.data.roots.map((r) => html`<li>${r.source} <code>${r.path}</code> ${r.exists ? 'found, no usage' : 'not found'}</li>`);
  return html`<section class="callout"><h2>No usage found yet</h2><p>Runway looked for each agent's logs in:</p><ul>${roots.length ? roots : html`<li>(no log folders)</li>`}</ul></section>\n`;
}

function periodSection(s: Summary, f: Formatters): Html {
  const b = withBudget(s);
  const head = html`<div class="card-head"><h2>This period · ${f.dayRange(s.period.start, s.period.lastDay)}</h2>
    <span class="muted">day ${s.period.dayIndex + 1} of ${s.period.days} · resets on day ${s.period.resetDay}</span>
    ${b ? fig('status', STATUS_TEXT[b.status], b.status, `pill tone-${tone(b.status)}`) : ''}</div>`;
  const unpricedNote = s.totals.unpricedResponses && s.unit === 'usd'
    ? html`<p class="warn-note">+? ${plural(s.totals.unpricedResponses, 'response')} without a price ${s.totals.unpricedResponses === 1 ? 'is' : 'are'} not in these dollar figures.</p>` : '';
  const totals = html`<p class="totals">${plural(s.totals.responses, 'response')} · ${n(s.totals.tokens)} tokens this period${s.calibration.note ? ` · calibration: ${s.calibration.note}` : ''}</p>`;
  const spent = html`<div class="hero">${fig('spent-to-date', f.amount(s.spentToDate), s.spentToDate, 'hero-figure')}${b ? html`<span class="of">of ${fig('budget', f.amount(b.budget), b.budget)}</span>` : ''}</div>${f.alt(s.spentToDate) ? html`<p class="alt">${f.alt(s.spentToDate)}</p>` : ''}`;
  const burn = stat(html`Burn rate <span class="muted">· last 24 h</span>`, html`${fig('burn-rate', f.amount(s.burn.ratePerDay), s.burn.ratePerDay)}<span class="per">/day</span>`,
    `avg ${f.amount(s.burn.avgPerDay)}/day this period`);
  const sessions = stat('Sessions', fig('sessions', n(s.sessions), s.sessions), 'active this period');
  const forecast = stat('Projected spend', fig('projected-spend', f.amount(s.projectedSpend), s.projectedSpend), html`by ${f.day(s.period.lastDay)}, each workday left at ${fig('forecast-method', s.forecast.method, s.forecast.method)}`, f.alt(s.projectedSpend));
  if (!b) {
    return html`<section class="card">${head}${spent}
  <p class="no-budget">No monthly budget set: <code>runway budget 500</code> sets one and turns on pacing, the daily budget and the runway.</p>
  <div class="stats">${stat('Spent today', fig('spent-today', f.amount(s.spentToday), s.spentToday))}${burn}${forecast}${sessions}</div>${unpricedNote}${totals}</section>`;
  }
  const clamp = (v: number) => Math.min(100, Math.max(0, v * 100)).toFixed(2);
  const pace = html`<div class="pace" role="img" aria-label="${`${f.percent(b.consumedFraction)} of the budget spent; ${f.percent(b.expectedFraction)} expected by now`}">
    <div class="pace-fill tone-bg-${b.consumedFraction > 1 ? 'bad' : b.consumedFraction > b.expectedFraction ? 'warn' : 'accent'}" style="width:${clamp(b.consumedFraction)}%"></div>
    <div class="pace-marker" style="left:${clamp(b.expectedFraction)}%"></div></div>
  <p class="muted small">${fig('consumed', f.percent(b.consumedFraction), b.consumedFraction)} spent · ${fig('expected', f.percent(b.expectedFraction), b.expectedFraction)} expected by now (workdays elapsed ÷ workdays in the period)</p>`;
  const over = (v: number) => (v < 0 ? `over by ${f.amount(-v)}` : f.amount(v));
  // The forecast's one run-out date, or through the reset.
  const runway = b.dryDate === null
    ? { days: '✓', sub: 'lasts the period', tone: 'tone-good' }
    : { days: b.dryDate === b.today ? 'today' : plural(b.forecast.runwayDays ?? 0, 'day'), sub: `runs dry ${f.day(b.dryDate)}`, tone: 'tone-bad' };
  const stats = [
    stat('Today', fig('spent-today', f.amount(b.spentToday), b.spentToday), html`${fig('todays-runway', over(b.todaysOverBy > 0 ? -b.todaysOverBy : b.todaysRunway), b.todaysOverBy > 0 ? -b.todaysOverBy : b.todaysRunway, b.todaysOverBy > 0 ? 'tone-bad' : '')} ${b.todaysOverBy > 0 ? '' : 'left '}of today's budget${b.todayIsWorkday ? '' : ' (not a workday)'}`),
    stat('Daily budget', fig('daily-budget', f.amount(b.dailyBudget), b.dailyBudget), `per workday for the ${plural(b.workdaysRemaining, 'workday')} left`, f.alt(b.dailyBudget)),
    stat('Remaining', fig('remaining', over(b.remaining), b.remaining, b.remaining < 0 ? 'tone-bad' : ''), html`${fig('workdays-remaining', n(b.workdaysRemaining), b.workdaysRemaining)} of ${n(b.totalWorkdays)} workdays left`, f.alt(Math.abs(b.remaining))),
    stat('Forecast pace', fig('avg-workday-spend', f.amount(b.avgWorkdaySpend), b.avgWorkdaySpend), `a workday, over ${plural(b.forecast.workdays, 'workday')} since ${f.day(b.forecast.from)}`),
    burn,
    stat('Runway', fig('runway-days', runway.days, b.forecast.runwayDays, runway.tone), fig('runway-date', runway.sub, b.dryDate, runway.tone)),
    forecast,
    stat('Projected surplus', fig('projected-surplus', f.amount(b.projectedSurplus), b.projectedSurplus, `tone-${tone(b.status)}`),
      `${b.projectedSurplus < 0 ? 'short' : 'to spare'} at period end`),
    sessions,
  ];
  return html`<section class="card">${head}${spent}${pace}
  <div class="stats">${stats.map((st) => html`${st}\n`)}</div>${unpricedNote}${totals}</section>`;
}

function rangeLabel(r: RangeFigures, f: Formatters): string {
  const dates = r.isPeriod ? `this period, ${f.dayRange(r.since, r.until)}` : f.dayRange(r.since, r.until);
  return `${dates}${r.project ? ` · projects containing “${r.project}”` : ''}`;
}

function unpricedSection(r: RangeFigures, f: Formatters): Html | string {
  if (!r.unpriced.length) return '';
  const items = r.unpriced.map((u) => html`<li><code>${u.model}</code> ${plural(u.responses, 'response')} · ${short(u.tokens)} tokens <span class="muted">${u.reason}</span></li>`);
  return html`<section class="callout" data-testid="unpriced"><h2>Unpriced usage (${rangeLabel(r, f)}): not in the dollar figures</h2>
  <p>Runway has no price for these models, so their usage is left out of costs rather than counted as $0; costs that leave something out are marked +?. Add a price under <code>"prices"</code> in the config file.</p>
  <ul>${items}</ul></section>\n`;
}

function dailySection(r: RangeFigures, s: Summary, f: Formatters): Html {
  const scopeNote = r.isPeriod ? '' : html`<p class="muted small">The summary above is the current period; this chart and the tables below cover the range named here.</p>`;
  const budgetLine = s.budgetConfigured && r.days.some((d) => d.dailyBudgetLine !== null);
  return html`<section class="card">
  <div class="card-head"><h2>Daily spend · <span data-testid="range">${rangeLabel(r, f)}</span></h2>
    <ul class="legend"><li><span class="swatch sw-bar"></span>workday</li><li><span class="swatch sw-dim"></span>weekend / holiday</li><li><span class="swatch sw-today"></span>today</li>${budgetLine ? html`<li><span class="swatch sw-over"></span>over the day's budget</li><li><span class="swatch sw-line"></span>daily budget</li>` : ''}</ul></div>
  ${scopeNote}<div class="chart-box"><canvas id="chart-daily" role="img" aria-label="${`Spend per day, ${rangeLabel(r, f)}`}"></canvas></div>
  <p class="totals">${f.cost(r.totals.cost, r.totals.unpricedResponses)} · ${plural(r.totals.responses, 'response')} · ${n(r.totals.tokens)} tokens in this range</p>
</section>`;
}

function modelsSection(r: RangeFigures, f: Formatters): Html {
  // Families carry no unpriced count of their own: their models' summed.
  const unpricedIn = (family: string) => r.models.reduce((sum, m) => sum + (m.family === family ? m.unpricedResponses : 0), 0);
  // A model used through several agents is a row per agent, as on the page: each says whose it is.
  const severalAgents = new Set(r.models.map((m) => m.agent)).size > 1;
  const rows = r.models.map((m) => html`<tr><td class="name-col"><span class="truncate" title="${`${m.model} via ${m.agent} · ${plural(m.responses, 'response')}`}">${severalAgents ? `${m.model} · ${m.agent}` : m.model}</span></td><td class="num${m.unpricedResponses ? ' tone-warn' : ''}">${f.cost(m.cost, m.unpricedResponses)}</td><td class="num">${f.percent(m.share)}</td><td class="num hide-sm">${short(m.tokens)}</td></tr>`);
  const families = r.families.map((fam) => html`<li><span class="dot" data-family="${fam.family}"></span><span class="family">${fam.family}</span><span>${f.cost(fam.cost, unpricedIn(fam.family))}</span><span class="muted">${f.percent(fam.share)}</span></li>`);
  return html`<section class="card">
  <div class="card-head"><h2>Models</h2><span class="muted small">${rangeLabel(r, f)}</span></div>
  <div class="models-top"><div class="donut"><canvas id="chart-models" role="img" aria-label="Cost by model family"></canvas></div>
  <ul class="families">${families}</ul></div>
  <div class="table-wrap"><table data-testid="models"><thead><tr><th>Model</th><th class="num">Cost</th><th class="num">Share</th><th class="num hide-sm">Tokens</th></tr></thead>
  <tbody>${rows.length ? rows : html`<tr><td colspan="4" class="empty">No usage in this range.</td></tr>`}</tbody></table></div>
</section>`;
}

function projectsSection(r: RangeFigures, f: Formatters): Html {
  const rows = r.projects.map((p) => html`<tr><td class="name-col"><span class="truncate" title="${p.project}">${p.name}</span><span class="truncate path">${p.project}</span></td>
    <td class="share-col"><span class="share"><span class="share-bar"><span class="share-fill" style="width:${Math.min(100, Math.max(0, p.share * 100)).toFixed(1)}%"></span></span>${f.percent(p.share)}</span></td>
    <td class="num">${f.cost(p.cost, p.unpricedResponses)}</td><td class="num hide-sm">${short(p.tokens)}</td></tr>`);
  return html`<section class="card">
  <div class="card-head"><h2>Top projects</h2><span class="muted small">${rangeLabel(r, f)}</span></div>
  <div class="table-wrap"><table data-testid="projects"><thead><tr><th>Project</th><th>Share</th><th class="num">Cost</th><th class="num hide-sm">Tokens</th></tr></thead>
  <tbody>${rows.length ? rows : html`<tr><td colspan="4" class="empty">No projects in this range.</td></tr>`}</tbody></table></div>
</section>`;
}

const WHERE_TITLES: Record<string, string> = { activity: 'Activities', tool: 'Tools', program: 'Shell programs', mcp: 'MCP servers', agent: 'Agent types' };

/** One table per breakdown; each adds up to the range's total, one-shot figures where groups hold whole turns. */
function whereSection(reports: WhereReport[], r: RangeFigures, f: Formatters): Html {
  if (!reports.length || !reports[0]!.total.calls) return html``;
  const rate = (v: number | null) => (v === null ? '—' : f.percent(v));
  const tables = reports.map((w) => {
    const turns = w.rows.some((x) => x.turns !== null);
    const rows = w.rows.map((x) => html`<tr><td class="name-col"><span class="truncate" title="${x.name}">${x.name}</span></td>
      <td class="num">${f.cost(x.cost ?? 0, x.unpricedCalls)}</td><td class="num">${x.share === null ? '—' : f.percent(x.share)}</td><td class="num hide-sm">${n(x.calls)}</td>${turns ? html`<td class="num hide-sm">${rate(x.oneShotRate)}</td>` : ''}</tr>`);
    return html`<div class="table-wrap"><h3>${WHERE_TITLES[w.by] ?? w.by}</h3><table data-testid="${`where-${w.by}`}"><thead><tr><th>${WHERE_TITLES[w.by] ?? w.by}</th><th class="num">Cost</th><th class="num">Share</th><th class="num hide-sm">Calls</th>${turns ? html`<th class="num hide-sm">One-shot</th>` : ''}</tr></thead>
  <tbody>${rows}</tbody></table></div>`;
  });
  const t = reports[0]!.total;
  return html`<section class="card">
  <div class="card-head"><h2>Where the money went</h2><span class="muted small">${rangeLabel(r, f)}</span></div>
  <p class="muted small">${plural(t.turns, 'turn')} · one-shot ${rate(t.oneShotRate)} of ${plural(t.editTurns, 'edit turn')} · a call that used several tools, programs or servers is split evenly between them, so each table adds up to ${f.cost(t.cost, t.unpricedCalls)}.</p>
  <div class="split">${tables}</div>
</section>`;
}

function sessionsSection(sessions: SessionSummary[], f: Formatters): Html {
  const rows = sessions.map((x) => html`<tr><td class="nowrap">${f.instant(x.lastAt)}</td>
    <td class="name-col"><span class="truncate" title="${`${x.project}\nsession ${x.sessionId}`}">${lastPathPart(x.project)}</span></td>
    <td class="hide-sm muted nowrap">${x.models.map(shortModel).join(', ')}</td>
    <td class="num hide-sm">${duration(x.lastAt - x.firstAt)}</td><td class="num hide-sm">${n(x.responses)}</td>
    <td class="num">${f.cost(x.cost, x.unpricedResponses)}</td></tr>`);
  return html`<section class="card">
  <div class="card-head"><h2>Recent sessions</h2>${sessions.length ? html`<span class="muted small">the ${sessions.length} most recently active</span>` : ''}</div>
  <div class="table-wrap"><table data-testid="sessions"><thead><tr><th>Last active</th><th>Project</th><th class="hide-sm">Models</th><th class="num hide-sm">Duration</th><th class="num hide-sm">Responses</th><th class="num">Cost</th></tr></thead>
  <tbody>${rows.length ? rows : html`<tr><td colspan="6" class="empty">No sessions yet.</td></tr>`}</tbody></table></div>
</section>`;
}
