// Chart.js (the global its UMD build defines) as the page uses it: each chart created with
// its first data, so bars grow from their own places, then updated in place.
import { byId } from './dom.js';

const charts = new Map(); // canvas id → its chart

export const hasCharts = () => typeof globalThis.Chart === 'function';

/** Draws a chart; `apply` works on a config or a live chart alike: both have data and options. */
export function drawChart(canvasId, buildConfig, apply) {
  if (!hasCharts()) return;
  const chart = charts.get(canvasId);
  const target = chart ?? buildConfig();
  apply(target);
  target.options.animation = animation();
  if (chart) chart.update();
  else charts.set(canvasId, new Chart(byId(canvasId), target));
}

export function applyChartDefaults(p) {
  if (!hasCharts()) return;
  Chart.defaults.color = p.muted;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.font.family = p.font;
}

function animation() {
  return matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 450 };
}

function gaugeConfig() {
  return {
    type: 'doughnut',
    data: { labels: ['value', 'rest'], datasets: [{ data: [0, 1], borderWidth: 0, spacing: 0 }] },
    options: {
      cutout: '80%',
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    },
  };
}

/** A ring filled to `fraction` (clamped to 0–1) over the track colour. */
export function drawGauge(canvasId, fraction, colour, p) {
  const f = Math.min(1, Math.max(0, fraction));
  drawChart(canvasId, gaugeConfig, (chart) => {
    const dataset = chart.data.datasets[0];
    dataset.data = [f, 1 - f];
    dataset.backgroundColor = [colour, p.track];
  });
}

/**
 * Shades weekends and holidays behind the bars so they read as such even with no spend.
 * Options: `nonWorkdays`, one flag per bar, and the shading `colour`.
 */
export const nonWorkdayBands = {
  id: 'nonWorkdayBands',
  beforeDatasetsDraw(chart, _args, options) {
    const flags = options.nonWorkdays ?? [];
    const { ctx, chartArea, scales } = chart;
    if (!flags.length || !chartArea) return;
    const slot = chartArea.width / flags.length;
    ctx.save();
    ctx.fillStyle = options.colour;
    flags.forEach((nonWorkday, i) => {
      if (nonWorkday) ctx.fillRect(scales.x.getPixelForValue(i) - slot / 2, chartArea.top, slot, chartArea.height);
    });
    ctx.restore();
  },
};
