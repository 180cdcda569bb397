// The charts of `runway report`, drawn from the data embedded in the page. Every figure is
// already in the HTML as text; this only paints the daily bars and the model doughnut, with
// the dashboard's own formatters, colours and chart helpers, which the report inlines with
// this module under a CSP that allows these scripts by hash and no network at all.
import { applyChartDefaults, nonWorkdayBands } from '../charts.js';
import { byId } from '../dom.js';
import { amount, axisAmount, DAY_FULL, formatDay, money, setView, thousands, view } from '../format.js';
import { familyColour, palette } from '../theme.js';

const { summary, range } = JSON.parse(byId('data').textContent);
const days = range.days;
const oneMonth = days.length > 0 && days[0].date.slice(0, 7) === days.at(-1).date.slice(0, 7);
const charts = [];
setView(summary);

function barColour(d, p) {
  if (d.isToday) return p.barToday;
  if (!d.workday) return p.barDim;
  const over = summary.budgetConfigured && d.dailyBudgetLine !== null && d.spend > d.dailyBudgetLine;
  return over ? p.barOver : p.bar;
}

/** A short range has ticks between whole amounts: those show their cents. */
function tick(value) {
  return view.unit === 'usd' && Math.abs(value) < 1000 && !Number.isInteger(value) ? money(value) : axisAmount(value);
}

function dailyChart(p) {
  return new Chart(byId('chart-daily'), {
    data: {
      labels: days.map((d) => (oneMonth ? String(Number(d.date.slice(8))) : formatDay(d.date))),
      datasets: [
        { type: 'bar', label: 'Spend', data: days.map((d) => (d.isFuture ? null : d.spend)), backgroundColor: days.map((d) => barColour(d, p)), borderRadius: 3, maxBarThickness: 30, order: 2 },
        {
          type: 'line', label: 'Daily budget', data: summary.budgetConfigured ? days.map((d) => d.dailyBudgetLine) : [],
          borderColor: p.line, borderWidth: 1.5, borderDash: [6, 4], stepped: 'middle', spanGaps: false, pointRadius: 0, order: 1,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 6 } },
        y: { beginAtZero: true, border: { display: false }, ticks: { maxTicksLimit: 6, callback: tick } },
      },
      plugins: {
        legend: { display: false },
        nonWorkdayBands: { nonWorkdays: days.map((d) => !d.workday), colour: p.band },
        tooltip: {
          filter: (item) => item.raw != null,
          callbacks: {
            title: (items) => formatDay(days[items[0].dataIndex].date, DAY_FULL),
            label: (item) => (item.datasetIndex === 1 ? `Daily budget ${amount(item.raw)}` : `Spend ${amount(item.raw)}${days[item.dataIndex].unpricedResponses ? ' +?' : ''}`),
            afterBody: (items) => {
              const d = days[items[0].dataIndex];
              return d.isFuture ? [] : [`${thousands(d.tokens)} tokens`, `${thousands(d.responses)} responses`];
            },
          },
        },
      },
    },
    plugins: [nonWorkdayBands],
  });
}

function modelsChart(p) {
  const colours = range.families.map((f, i) => familyColour(f.family, p, i));
  // The list beside the doughnut: the same colour per family.
  document.querySelectorAll('.families .dot').forEach((dot, i) => (dot.style.background = colours[i]));
  const drawn = range.families.map((f, i) => ({ ...f, colour: colours[i] })).filter((f) => f.cost > 0);
  return new Chart(byId('chart-models'), {
    type: 'doughnut',
    data: {
      labels: drawn.map((f) => f.family),
      datasets: [{ data: drawn.map((f) => f.cost), backgroundColor: drawn.map((f) => f.colour), borderColor: p.surface, borderWidth: 2 }],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      cutout: '62%',
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => `${item.label} ${money(item.raw)}` } } },
    },
  });
}

function draw() {
  for (const chart of charts.splice(0)) chart.destroy();
  const p = palette();
  applyChartDefaults(p);
  charts.push(dailyChart(p), modelsChart(p));
  document.body.dataset.drawn = 'true';
}

matchMedia('(prefers-color-scheme: dark)').addEventListener('change', draw);
draw();
