// Daily spend: a bar per day of the period against the daily budget as it stood that day,
// weekends and holidays shaded. A day's bar opens the sessions of that day; from the
// keyboard, the arrow keys pick a day and Enter opens it.
import { drawChart, nonWorkdayBands } from '../charts.js';
import { byId } from '../dom.js';
import { amount, axisAmount, costText, DAY_WEEKDAY, formatDay, thousands, view } from '../format.js';
import { openDrill } from '../drill.js';
import { t } from '../i18n.js';

export const fetches = { daily: {}, summary: {} };

let shown = []; // the days drawn, for the tooltips
let picked = -1; // the day picked with the keyboard, -1 before any

export function render({ daily, summary }, { p }) {
  shown = daily.days;
  wireKeys();
  drawChart('chart-daily', dailyConfig, (chart) => {
    const days = daily.days;
    const [bars, line] = chart.data.datasets;
    chart.data.labels = days.map((d) => String(Number(d.date.slice(8))));
    bars.data = days.map((d) => (d.isFuture ? null : d.spend));
    bars.backgroundColor = days.map((d) => barColour(d, p));
    bars.borderColor = days.map((d) => (d.isToday ? p.barTodayBorder : 'transparent'));
    bars.borderWidth = days.map((d) => (d.isToday ? 2 : 0));
    line.data = summary.budgetConfigured ? days.map((d) => d.dailyBudgetLine) : [];
    line.borderColor = p.line;
    line.pointBorderColor = p.line;
    const { x, y } = chart.options.scales;
    x.ticks.color = days.map((d) => (d.isToday ? p.text : p.muted));
    y.ticks.color = p.muted;
    y.grid.color = p.grid;
    chart.options.plugins.nonWorkdayBands = { nonWorkdays: days.map((d) => !d.workday), colour: p.band };
  });
}

function openDay(day) {
  if (day?.responses) openDrill({ day: day.date }, formatDay(day.date, DAY_WEEKDAY));
}

/** Arrow keys step through the days up to today, showing each one's tooltip; Enter or Space opens it. */
function wireKeys() {
  const canvas = byId('chart-daily');
  if (canvas.dataset.keys || !globalThis.Chart) return;
  canvas.dataset.keys = 'true';
  canvas.tabIndex = 0;
  const pick = (index) => {
    picked = index;
    const chart = Chart.getChart(canvas);
    const active = index < 0 ? [] : [{ datasetIndex: 0, index }];
    chart.setActiveElements(active);
    chart.tooltip.setActiveElements(active, { x: 0, y: 0 });
    chart.update();
  };
  canvas.addEventListener('keydown', (event) => {
    const last = shown.findLastIndex((d) => !d.isFuture);
    if (event.key === 'Enter' || event.key === ' ') {
      if (picked < 0) return;
      event.preventDefault();
      openDay(shown[picked]); // the panel takes the focus: the blur below lets go of the day
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const step = event.key === 'ArrowLeft' ? -1 : 1;
      pick(picked < 0 ? last : Math.min(last, Math.max(0, picked + step)));
    }
  });
  canvas.addEventListener('blur', () => pick(-1));
}

function barColour(day, p) {
  if (day.isToday) return p.barToday;
  if (!day.workday) return p.barDim;
  return day.dailyBudgetLine != null && day.spend > day.dailyBudgetLine ? p.barOver : p.bar;
}

/** A budget point with no workday beside it draws no segment, so it is drawn as a short dash. */
function isolatedDash(ctx) {
  const data = ctx.dataset.data;
  const i = ctx.dataIndex;
  if (data[i] == null || data[i - 1] != null || data[i + 1] != null) return 0;
  const area = ctx.chart.chartArea;
  return area ? (area.width / data.length) * 0.45 : 0;
}

function dayTitle(day) {
  const notes = [day.isToday && t('daily.noteToday'), day.holiday && t('daily.noteHoliday'),
    !day.workday && !day.holiday && t('daily.noteWeekend'), day.isFuture && t('daily.noteUpcoming')].filter(Boolean);
  return [formatDay(day.date, DAY_WEEKDAY), ...notes].join(' · ');
}

function dayDetails(day) {
  if (day.isFuture) return [];
  const lines = [
    t('daily.input', { n: thousands(day.inputTokens) }),
    t('daily.output', { n: thousands(day.outputTokens) }),
    t('daily.cacheWrite', { n: thousands(day.cacheWriteTokens) }),
    t('daily.cacheRead', { n: thousands(day.cacheReadTokens) }),
    t('daily.total', { n: thousands(day.tokens) }),
    t('daily.responses', { n: day.responses }),
  ];
  if (view.unit === 'tokens') lines.push(t('daily.cost', { cost: costText(day.cost, day.unpricedResponses) }));
  return lines;
}

function dailyConfig() {
  return {
    data: {
      labels: [],
      datasets: [
        { type: 'bar', label: 'Spend', data: [], borderRadius: 4, borderSkipped: 'bottom', maxBarThickness: 30, order: 2 },
        {
          type: 'line', label: 'Daily budget', data: [], borderWidth: 1.5, borderDash: [6, 4], stepped: 'middle',
          spanGaps: false, pointStyle: 'line', pointRadius: isolatedDash, pointBorderWidth: 1.5,
          pointHoverRadius: 0, pointHitRadius: 0, order: 1,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      onClick: (event, items) => openDay(shown[items[0]?.index]),
      // A day with responses can be opened: the pointer says so.
      onHover: (event, items) => {
        event.native.target.style.cursor = shown[items[0]?.index]?.responses ? 'pointer' : '';
      },
      // The budget dashes fit their day's slot; auto padding would shift the axis once they appear.
      layout: { autoPadding: false, padding: { top: 4 } },
      scales: {
        x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 6 } },
        y: { beginAtZero: true, border: { display: false }, grid: {}, ticks: { maxTicksLimit: 6, callback: axisAmount } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => item.raw != null,
          callbacks: {
            title: (items) => dayTitle(shown[items[0].dataIndex]),
            label: (item) => {
              const day = shown[item.dataIndex];
              if (item.datasetIndex === 1) return t('daily.budgetLine', { amount: amount(item.raw) });
              const suffix = view.unit === 'usd' && day.unpricedResponses ? '+?' : '';
              return t('daily.spend', { amount: `${amount(day.spend)}${suffix}` });
            },
            afterBody: (items) => dayDetails(shown[items[0].dataIndex]),
          },
        },
      },
    },
    plugins: [nonWorkdayBands],
  };
}
