import { h, table, tableWrap } from '../dom.js';
import { co2t, pct, words } from '../format.js';

const CHART_ROWS = 12;
const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** 'manufacturingEnergy' → 'Manufacturing energy'; 'heliumVolume1_5T' → 'Helium volume (1.5 T)'; 'gridFactors.US' → 'Grid factor (US)'. */
export function factorLabel(key) {
  const grid = /^gridFactors\.([A-Z]{2})$/.exec(key);
  if (grid) return `Grid factor (${grid[1]})`;
  const field = /^(.*?)(1_5T|3T)$/.exec(key);
  const label = field ? `${words(field[1])} (${field[2] === '3T' ? '3' : '1.5'} T)` : words(key);
  return label.replace(/\bnbti\b/i, 'NbTi');
}

/**
 * What drives an estimate: the tornado (each factor at its low and at its high,
 * the total at each, drawn around the estimate) and the same figures in a table
 * with each factor's share of the Monte Carlo variance. Drawn with plain elements
 * like the page's range bar: bars that start at the estimate, not at zero, which
 * a chart library's bar series does not do.
 */
export function renderSensitivity(s) {
  const share = new Map((s.contributionToVariance ?? []).map((c) => [c.factor, c]));
  const rows = s.tornado ?? [];
  const shown = rows.slice(0, CHART_ROWS);
  const values = [s.totalT, ...shown.flatMap((r) => [r.totalAtLowT, r.totalAtHighT])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const at = (v) => ((v - lo) / span) * 100;
  const bar = (kind, v) =>
    h('span', { class: `tornado-bar ${kind}`, style: { left: `${Math.min(at(v), at(s.totalT))}%`, width: `${Math.abs(at(v) - at(s.totalT))}%` } });

  const summary = shown
    .slice(0, 5)
    .map((r) => `${factorLabel(r.factor)}: ${co2t(r.totalAtLowT)} at its low, ${co2t(r.totalAtHighT)} at its high`)
    .join('; ');
  const chart = h(
    'figure',
    { class: 'tornado' },
    h('figcaption', {}, `Total at each factor’s low and high, around the estimate of ${co2t(s.totalT)} (${Math.min(CHART_ROWS, rows.length)} largest swings)`),
    h(
      'ul',
      { class: 'chart-legend', 'aria-hidden': 'true' },
      h('li', {}, h('span', { class: 'swatch tornado-key low' }), 'factor at its low'),
      h('li', {}, h('span', { class: 'swatch tornado-key high' }), 'factor at its high'),
    ),
    h(
      'div',
      { class: 'tornado-plot', role: 'img', 'aria-label': `Tornado of the estimate of ${co2t(s.totalT)}. ${summary}.` },
      shown.map((r) =>
        h(
          'div',
          { class: 'tornado-row', dataset: { factor: r.factor } },
          h('span', { class: 'tornado-label' }, factorLabel(r.factor)),
          h('span', { class: 'tornado-track' }, bar('low', r.totalAtLowT), bar('high', r.totalAtHighT), h('span', { class: 'tornado-base', style: { left: `${at(s.totalT)}%` } })),
        ),
      ),
      h('div', { class: 'tornado-row tornado-axis', 'aria-hidden': 'true' }, h('span'), h('span', { class: 'tornado-scale' }, h('span', {}, co2t(lo)), h('span', {}, co2t(hi)))),
    ),
  );

  const tableEl = table(
    'Tornado and contributions to variance',
    ['Factor', 'Low – high', { label: 'Total at low', num: true }, { label: 'Total at high', num: true }, { label: 'Swing', num: true }, { label: 'Share of variance', num: true }],
    rows.map((r) =>
      h(
        'tr',
        { dataset: { factor: r.factor } },
        h('th', { scope: 'row' }, factorLabel(r.factor), r.basis === 'assumption' ? h('span', { class: 'badge' }, 'assumption') : null),
        h('td', {}, `${num.format(r.low)} – ${num.format(r.high)} ${r.unit}`),
        h('td', { class: 'num' }, co2t(r.totalAtLowT)),
        h('td', { class: 'num' }, co2t(r.totalAtHighT)),
        h('td', { class: 'num' }, co2t(r.swingT)),
        h('td', { class: 'num', title: `rank correlation ${share.get(r.factor)?.rankCorrelation ?? '—'}` }, pct(share.get(r.factor)?.varianceShare, 1)),
      ),
    ),
  );

  return h(
    'div',
    { class: 'sensitivity-result' },
    h(
      'p',
      { class: 'hint' },
      `One factor at a time at its low and at its high, every other at its value; and each factor’s share of the variance of ${num.format(s.monteCarlo?.iterations ?? 0)} Monte Carlo draws (Spearman rank correlation squared, normalised to 100 %), seed ${s.monteCarlo?.seed ?? '—'}.`,
    ),
    chart,
    tableWrap('Tornado and contributions to variance', tableEl),
    s.noEffect?.length ? h('p', { class: 'hint' }, `No effect with these inputs: ${s.noEffect.map(factorLabel).join(', ')}.`) : null,
  );
}
