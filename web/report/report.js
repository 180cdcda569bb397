// The charts of `runway report`, drawn from the data embedded in the page. Every figure is
// already in the HTML as text; this only paints the daily bars and the model doughnut.
// The page's CSP allows this script and Chart.js by hash and no network at all.
(() => {
  const data = JSON.parse(document.getElementById('data').textContent);
  const { summary, range } = data;
  const FAMILY_VARS = { opus: '--fam-opus', sonnet: '--fam-sonnet', haiku: '--fam-haiku' };
  const EXTRA_VARS = ['--fam-4', '--fam-5', '--fam-other'];
  const charts = [];

  const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const thousands = (digits) => String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const money = (v) => {
    const [whole, cents] = Math.abs(v).toFixed(2).split('.');
    return `${v < 0 ? '-' : ''}${summary.currency.symbol}${thousands(whole)}.${cents}`;
  };
  const compact = (v) => (Math.abs(v) < 1e3 ? thousands(Math.round(v)) : Math.abs(v) < 1e6 ? `${(v / 1e3).toFixed(1)}k` : `${(v / 1e6).toFixed(1)}M`);
  const amount = (v) => (summary.unit === 'tokens' ? `${compact(v)} tokens` : money(v));
  const axis = (v) => {
    if (summary.unit === 'tokens') return compact(v);
    return Math.abs(v) >= 1000 || Number.isInteger(v) ? `${summary.currency.symbol}${compact(v)}` : money(v);
  };
  // Calendar dates are zone-free: read and shown at UTC so they never shift.
  const dayFormat = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const shortDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const utc = (date) => Date.parse(`${date}T00:00:00Z`);
  const oneMonth = range.days.length > 0 && range.days[0].date.slice(0, 7) === range.days.at(-1).date.slice(0, 7);

  /** Weekends and holidays shaded behind the bars, so they read as such even with no spend. */
  const bands = {
    id: 'bands',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const slot = chartArea.width / range.days.length;
      ctx.save();
      ctx.fillStyle = css('--band');
      range.days.forEach((d, i) => {
        if (!d.workday) ctx.fillRect(scales.x.getPixelForValue(i) - slot / 2, chartArea.top, slot, chartArea.height);
      });
      ctx.restore();
    },
  };

  function barColour(d) {
    if (d.isToday) return css('--bar-today');
    if (!d.workday) return css('--bar-dim');
    const over = summary.budgetConfigured && d.dailyBudgetLine !== null && d.spend > d.dailyBudgetLine;
    return over ? css('--bar-over') : css('--bar');
  }

  function dailyChart() {
    const days = range.days;
    const line = summary.budgetConfigured ? days.map((d) => d.dailyBudgetLine) : [];
    return new Chart(document.getElementById('chart-daily'), {
      data: {
        labels: days.map((d) => (oneMonth ? String(Number(d.date.slice(8))) : shortDay.format(utc(d.date)))),
        datasets: [
          { type: 'bar', label: 'Spend', data: days.map((d) => (d.isFuture ? null : d.spend)), backgroundColor: days.map(barColour), borderRadius: 3, maxBarThickness: 30, order: 2 },
          {
            type: 'line', label: 'Daily budget', data: line, borderColor: css('--line'), borderWidth: 1.5, borderDash: [6, 4],
            stepped: 'middle', spanGaps: false, pointRadius: 0, order: 1,
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
          y: { beginAtZero: true, border: { display: false }, ticks: { maxTicksLimit: 6, callback: axis } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item) => item.raw != null,
            callbacks: {
              title: (items) => dayFormat.format(utc(days[items[0].dataIndex].date)),
              label: (item) => (item.datasetIndex === 1 ? `Daily budget ${amount(item.raw)}` : `Spend ${amount(item.raw)}${days[item.dataIndex].unpricedResponses ? ' +?' : ''}`),
              afterBody: (items) => {
                const d = days[items[0].dataIndex];
                return d.isFuture ? [] : [`${thousands(d.tokens)} tokens`, `${thousands(d.responses)} responses`];
              },
            },
          },
        },
      },
      plugins: [bands],
    });
  }

  function modelsChart() {
    const families = range.families.filter((f) => f.cost > 0);
    let extra = 0;
    const colours = range.families.map((f) => css(FAMILY_VARS[f.family] ?? EXTRA_VARS[extra++ % EXTRA_VARS.length]));
    // The list beside the doughnut: the same colour per family.
    document.querySelectorAll('.families .dot').forEach((dot, i) => (dot.style.background = colours[i]));
    return new Chart(document.getElementById('chart-models'), {
      type: 'doughnut',
      data: {
        labels: families.map((f) => f.family),
        datasets: [{ data: families.map((f) => f.cost), backgroundColor: families.map((f) => colours[range.families.indexOf(f)]), borderColor: css('--surface'), borderWidth: 2 }],
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
    Chart.defaults.color = css('--muted');
    Chart.defaults.borderColor = css('--grid');
    Chart.defaults.font.family = css('--font');
    charts.push(dailyChart(), modelsChart());
    document.body.dataset.drawn = 'true';
  }

  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', draw);
  draw();
})();
