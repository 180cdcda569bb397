// Cache: the period's cache-hit ratio, the daily ratio as a sparkline with its average as a
// line, and what writing the cache cost and its share of the spend.
import { drawChart } from '../charts.js';
import { setFigure } from '../dom.js';
import { money, percent } from '../format.js';
import { t } from '../i18n.js';

export const fetches = { daily: {}, summary: {} };

export function render({ daily }, { p }) {
  const { cacheHitRatio, cacheWriteCost, cacheWriteShare } = daily.cache;
  setFigure('cache-hit', cacheHitRatio === null ? '—' : percent(cacheHitRatio), cacheHitRatio);
  // Unknown cost (only unpriced writes) is said as such, never shown as $0.
  setFigure('cache-write-cost', cacheWriteCost === null ? t('format.unpriced') : money(cacheWriteCost), cacheWriteCost);
  setFigure('cache-write-share', cacheWriteShare === null ? '' : t('cache.writeShare', { pct: percent(cacheWriteShare) }), cacheWriteShare);
  const days = daily.days.filter((d) => !d.isFuture);
  drawChart('chart-cache', sparklineConfig, (chart) => {
    const [ratios, line] = chart.data.datasets;
    chart.data.labels = days.map((d) => d.date);
    ratios.data = days.map((d) => d.cacheHitRatio);
    ratios.borderColor = p.accent;
    // The average line is the period's ratio: the days' ratios weighted by their prompt tokens.
    line.data = cacheHitRatio === null ? [] : days.map(() => cacheHitRatio);
    line.borderColor = p.muted;
  });
}

function sparklineConfig() {
  return {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        { label: 'Cache hit', data: [], borderWidth: 2, pointRadius: 0, spanGaps: true, tension: 0.3 },
        { label: 'Period', data: [], borderWidth: 1, borderDash: [4, 3], pointRadius: 0 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { display: false }, y: { display: false, min: 0, max: 1 } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => ` ${item.raw === null ? '—' : percent(item.raw)}` } } },
    },
  };
}
