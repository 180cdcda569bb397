// Models: cost by family as a doughnut and a list, and a row per model, which opens the
// sessions behind it.
import { drawChart } from '../charts.js';
import { cell, element, fig, fillTable, nameCell, openingRow, setFigure, setTone } from '../dom.js';
import { openDrill } from '../drill.js';
import { compact, costText, money, percent } from '../format.js';
import { familyColour } from '../theme.js';
import { t } from '../i18n.js';

export const fetches = { models: {} };

let families = []; // the families drawn, for the tooltips

export function render({ models }, { p }) {
  const colours = models.families.map((f, i) => familyColour(f.family, p, i));
  families = models.families;
  drawModelsChart(models.families, colours, p);
  // Families carry no unpriced count of their own: sum their models'.
  const unpricedByFamily = new Map();
  for (const m of models.models) unpricedByFamily.set(m.family, (unpricedByFamily.get(m.family) ?? 0) + m.unpricedResponses);
  const unpricedTotal = models.models.reduce((sum, m) => sum + m.unpricedResponses, 0);
  const total = models.families.reduce((sum, f) => sum + f.cost, 0);
  setFigure('models-total', t('models.total', { cost: costText(total, unpricedTotal) }), total);

  fig('families').replaceChildren(...models.families.map((f, i) => {
    const li = element('li');
    const dot = element('span', 'dot');
    dot.style.background = colours[i];
    const name = element('span', 'family-name truncate', f.family);
    name.title = f.family;
    const unpriced = unpricedByFamily.get(f.family);
    const cost = element('span', 'family-cost', costText(f.cost, unpriced));
    setTone(cost, unpriced ? 'warn' : null);
    li.append(dot, name, cost, element('span', 'family-share', percent(f.share)));
    return li;
  }));

  const colourOf = new Map(models.families.map((f, i) => [f.family, colours[i]]));
  // A model used through several agents is a row per agent: each says whose it is.
  const severalAgents = new Set(models.models.map((m) => m.agent)).size > 1;
  fillTable(fig('models'), models.models.map((m) => {
    const tr = element('tr');
    const label = severalAgents ? `${m.model} · ${m.agent}` : m.model;
    const title = t('models.via', { model: m.model, agent: m.agent, responses: t('models.responses', { n: m.responses }) });
    const name = nameCell(label, title, colourOf.get(m.family) ?? p.famOther);
    const cost = cell(costText(m.cost, m.unpricedResponses), 'num');
    setTone(cost, m.unpricedResponses ? 'warn' : null);
    tr.append(name, cost, cell(percent(m.share), 'num'), cell(compact(m.tokens), 'num hide-sm'));
    tr.dataset.model = m.model;
    // The row is the model through one agent: its sessions are that agent's.
    return m.model ? openingRow(tr, () => openDrill({ model: m.model, agent: m.agent }, label)) : tr;
  }), t('models.none'));
}

function modelsConfig() {
  return {
    type: 'doughnut',
    data: { labels: [], datasets: [{ data: [], borderWidth: 2 }] },
    options: {
      cutout: '62%',
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: { label: (item) => ` ${money(item.raw)} · ${percent(families[item.dataIndex].share)}` },
        },
      },
    },
  };
}

/** Cost per family; an empty period shows a plain track ring. */
function drawModelsChart(list, colours, p) {
  const empty = list.every((f) => !f.cost);
  drawChart('chart-models', modelsConfig, (chart) => {
    const dataset = chart.data.datasets[0];
    chart.data.labels = empty ? [''] : list.map((f) => f.family);
    dataset.data = empty ? [1] : list.map((f) => f.cost);
    dataset.backgroundColor = empty ? [p.track] : colours;
    dataset.borderColor = p.surface;
    chart.options.plugins.tooltip.enabled = !empty;
  });
}
