import { h, table, tableWrap } from './dom.js';
import { compact } from './format.js';

export const COLORS = {
  reused: '#1b7f5a',
  landfilled: '#b5542d',
};

/**
 * A grouped bar chart (uPlot) with the same numbers as a table underneath, so the
 * figures are readable without a mouse or without seeing the canvas.
 *   labels: category names on the x axis
 *   series: [{ label, values, color }]
 *   format: how a value reads in the table and the legend
 * Returns { el, destroy }.
 */
export function barChart({ title, labels, series, format, signal }) {
  const plotBox = h('div', { class: 'chart-plot', role: 'img', 'aria-label': summary(title, labels, series, format) });
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
  const el = h('figure', { class: 'chart' }, h('figcaption', {}, title), plotBox, data);

  const uPlot = window.uPlot;
  if (!uPlot) {
    plotBox.replaceWith(h('p', { class: 'notice' }, 'The chart library did not load; the numbers are in the table below.'));
    data.open = true;
    return { el, destroy() {} };
  }

  const n = labels.length;
  const xs = labels.map((_, i) => i);
  const k = series.length;
  const opts = {
    width: 600,
    height: 260,
    legend: { show: true },
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    scales: {
      x: { time: false, range: () => [-0.5, n - 0.5] },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      { splits: () => xs, values: (_u, splits) => splits.map((i) => labels[i] ?? ''), grid: { show: false } },
      { values: (_u, splits) => splits.map(compact), size: 56 },
    ],
    series: [
      { label: '' },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: s.color,
        fill: s.color,
        width: 0,
        points: { show: false },
        value: (_u, v) => (v == null ? '—' : format(v)),
        // Bars side by side around each x: the first to the left, the last to the right.
        paths: uPlot.paths.bars({ size: [0.8 / k, 70], align: k === 1 ? 0 : i === 0 ? -1 : 1 }),
      })),
    ],
  };
  const plot = new uPlot(opts, [xs, ...series.map((s) => s.values.map((v) => v ?? null))], plotBox);
  // uPlot's legend and cursor are mouse aids; keep them out of the accessibility tree (the table says it all).
  plot.root.setAttribute('aria-hidden', 'true');
  const fit = () => {
    const w = Math.max(260, Math.floor(plotBox.clientWidth));
    plot.setSize({ width: w, height: w < 500 ? 220 : 260 });
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
