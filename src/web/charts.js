import { h, table, tableWrap } from './dom.js';
import { compact } from './format.js';

export const COLORS = {
  reused: '#1b7f5a',
  landfilled: '#b5542d',
  energyRecovered: '#c49a1b',
};

/**
 * A grouped bar chart (uPlot) with the same numbers as a table underneath, so the
 * figures are readable without a mouse or without seeing the canvas.
 *   labels: category names; axisLabels: shorter ones for the axis (optional)
 *   series: [{ label, values, color }]
 *   format: how a value reads in the table and the tooltip; unit: the axis's unit
 *   horizontal: bars run left to right with labels down the side (for long names)
 * Returns { el, destroy }.
 */
export function barChart({ title, labels, axisLabels = labels, series, format, unit = '', horizontal = false, signal }) {
  const plotBox = h('div', { class: 'chart-plot', role: 'img', 'aria-label': summary(title, labels, series, format) });
  const legend = h(
    'ul',
    { class: 'chart-legend', 'aria-hidden': 'true' },
    series.map((s) => h('li', {}, h('span', { class: 'swatch', style: { background: s.color } }), s.label)),
  );
  const data = h(
    'details',
    { class: 'chart-data' },
    h('summary', {}, 'Show the numbers as a table'),
    tableWrap(
      title,
      table(
        title,
        [{ label: '' }, ...series.map((s) => ({ label: s.label, num: true }))],
        labels.map((l, i) => h('tr', {}, h('th', { scope: 'row' }, l), series.map((s) => h('td', { class: 'num' }, format(s.values[i]))))),
        { captionHidden: true },
      ),
    ),
  );
  const el = h('figure', { class: 'chart' }, h('figcaption', {}, title), legend, plotBox, data);

  const uPlot = window.uPlot;
  if (!uPlot) {
    plotBox.replaceWith(h('p', { class: 'notice' }, 'The chart library did not load; the numbers are in the table below.'));
    data.open = true;
    return { el, destroy() {} };
  }

  const n = labels.length;
  const xs = labels.map((_, i) => i);
  const k = series.length;
  const height = () => (horizontal ? Math.max(160, n * (k * 16 + 14) + 50) : plotBox.clientWidth < 500 ? 220 : 260);
  const tip = h('div', { class: 'chart-tip', hidden: true });
  const opts = {
    width: Math.max(260, plotBox.clientWidth || 600),
    height: height(),
    legend: { show: false },
    cursor: { points: { show: false }, drag: { x: false, y: false }, y: false },
    scales: {
      x: { time: false, range: () => [-0.5, n - 0.5], ...(horizontal ? { ori: 1, dir: -1 } : {}) },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1], ...(horizontal ? { ori: 0 } : {}) },
    },
    axes: [
      {
        side: horizontal ? 3 : 2,
        splits: () => xs,
        // Skip labels when there are too many to fit (e.g. many years on a phone).
        values: (u, splits) => {
          const step = horizontal ? 1 : Math.max(1, Math.ceil((n * 42) / u.width));
          return splits.map((i) => (i % step === 0 ? (axisLabels[i] ?? '') : ''));
        },
        grid: { show: false },
        size: horizontal ? 104 : 40,
        gap: 4,
      },
      {
        side: horizontal ? 2 : 3,
        values: (_u, splits) => splits.map((v) => `${compact(v)}${unit ? ` ${unit}` : ''}`),
        size: horizontal ? 36 : 64,
        space: horizontal ? 80 : 40,
      },
    ],
    series: [
      {},
      ...series.map((s, i) => ({
        label: s.label,
        stroke: s.color,
        fill: s.color,
        width: 0,
        points: { show: false },
        // Bars side by side around each x: the first before it, the last after it.
        paths: uPlot.paths.bars({ size: [0.82 / k, 64], align: k === 1 ? 0 : i === 0 ? -1 : 1 }),
      })),
    ],
    hooks: {
      init: [(u) => u.over.append(tip)],
      setCursor: [
        (u) => {
          const i = u.cursor.idx;
          if (i == null || u.cursor.left < 0) {
            tip.hidden = true;
            return;
          }
          tip.replaceChildren(h('strong', {}, labels[i]), ...series.map((s) => h('span', {}, `${s.label}: ${format(s.values[i])}`)));
          tip.hidden = false;
          const left = Math.min(u.cursor.left + 12, u.over.clientWidth - tip.offsetWidth - 4);
          const top = Math.min(u.cursor.top + 12, u.over.clientHeight - tip.offsetHeight - 4);
          tip.style.left = `${Math.max(0, left)}px`;
          tip.style.top = `${Math.max(0, top)}px`;
        },
      ],
    },
  };
  const plot = new uPlot(opts, [xs, ...series.map((s) => s.values.map((v) => v ?? null))], plotBox);
  // The canvas is described by the figure's aria-label and the table; uPlot's own markup is decoration.
  plot.root.setAttribute('aria-hidden', 'true');
  const fit = () => {
    const w = Math.max(260, Math.floor(plotBox.clientWidth));
    if (w !== plot.width) plot.setSize({ width: w, height: height() });
  };
  const ro = new ResizeObserver(fit);
  ro.observe(plotBox);
  let gone = false;
  const destroy = () => {
    if (gone) return;
    gone = true;
    ro.disconnect();
    plot.destroy();
  };
  signal?.addEventListener('abort', destroy, { once: true });
  return { el, destroy };
}

function summary(title, labels, series, format) {
  const parts = labels.map((l, i) => `${l}: ${series.map((s) => `${s.label} ${format(s.values[i])}`).join(', ')}`);
  return `${title}. ${parts.join('; ')}.`;
}
