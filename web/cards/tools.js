// Tools: the period's spend by tool, shell program, MCP server or agent type, one at a time
// behind a switch; an MCP server's row lists its tools under it. A call that used several
// tools has its cost split between them, so the rows add up to the period's total. A row
// opens the sessions behind it.
import { cell, element, fig, fillTable, nameCell, openingRow, setTone, shareCell } from '../dom.js';
import { openDrill } from '../drill.js';
import { costText, money, thousands } from '../format.js';
import { t } from '../i18n.js';

// Each breakdown the switch offers, fetched together so switching shows one at once.
const BREAKDOWNS = ['tool', 'program', 'mcp', 'agent'];
export const fetches = Object.fromEntries(BREAKDOWNS.map((by) => [`where:${by}`, { by }]));

// The server's names for "none of them", in the page's words.
const NONE_KEYS = {
  '(no tool call)': 'tools.noTool', '(no shell command)': 'tools.noProgram', '(no MCP call)': 'tools.noMcp',
  '(main thread)': 'tools.mainThread', subagent: 'tools.subagent',
};

let picked = 'tool';
let last = null; // the latest data and palette, to redraw on a switch

export function render(data, { p }) {
  last = { data, p };
  wireSwitch();
  for (const button of document.querySelectorAll('[data-tools-by]')) button.setAttribute('aria-pressed', String(button.dataset.toolsBy === picked));
  const where = data[`where:${picked}`];
  const table = fig('tools');
  table.dataset.by = picked;
  fillTable(table, where.rows.flatMap((r) => [row(r, p), ...r.tools.map(toolRow)]), t('tools.none'));
}

function wireSwitch() {
  const group = fig('tools-switch');
  if (group.dataset.wired) return;
  group.dataset.wired = 'true';
  group.addEventListener('click', (event) => {
    const by = event.target.closest('[data-tools-by]')?.dataset.toolsBy;
    if (!by || by === picked) return;
    picked = by;
    render(last.data, { p: last.p });
  });
}

function row(r, p) {
  const tr = element('tr');
  tr.dataset.name = r.name;
  const name = r.name in NONE_KEYS ? t(NONE_KEYS[r.name]) : r.name;
  const cost = cell(costText(r.cost ?? 0, r.unpricedCalls), 'num');
  cost.dataset.value = r.cost === null ? '' : String(r.cost);
  setTone(cost, r.unpricedCalls ? 'warn' : null);
  tr.append(nameCell(name, `${name} · ${t('tools.calls', { n: r.calls })}`), shareCell(r.share ?? 0, p.accent), cost, cell(thousands(r.calls), 'num hide-sm'));
  // The sessions behind the row, each with the row's share of its calls: their costs add up to the row's.
  return openingRow(tr, () => openDrill({ by: picked, name: r.name }, name));
}

/** One of an MCP server's tools, under its row. */
function toolRow(tool) {
  const tr = element('tr', 'sub-row');
  tr.dataset.tool = tool.name;
  tr.append(nameCell(tool.name, tool.name), cell(''), cell(tool.cost === null ? t('format.unpriced') : money(tool.cost), 'num'),
    cell(thousands(tool.calls), 'num hide-sm'));
  return tr;
}
