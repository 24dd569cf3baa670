import { barChart, COLORS } from '../charts.js';
import { h, uid } from '../dom.js';
import { int, kgExact, label, mass, pct, plural, shortLabel } from '../format.js';
import { empty, pageHeader, section, yearOptions } from '../ui.js';
import { kpisByYear, yearQuery } from './kpi-data.js';

const CARDS = [
  { key: 'unitsReceived', label: 'Units received', value: int, sub: (_v, t) => `${plural(t.unitsClosed, 'unit')} recovered (closed) in the year` },
  { key: 'reusedKg', label: 'Reused incl. recycled', value: mass, sub: kgExact, note: 'refurbished + harvested + recycled' },
  { key: 'energyRecoveredKg', label: 'Energy recovered', value: mass, sub: kgExact, note: 'incinerated with energy recovery' },
  { key: 'landfilledKg', label: 'Landfilled', value: mass, sub: kgExact },
  { key: 'totalKg', label: 'Total processed', value: mass, sub: kgExact, note: 'reused + energy recovered + landfilled' },
  { key: 'diversionRate', label: 'Diversion rate', value: (v) => pct(v), sub: (v) => (v === null || v === undefined ? 'no mass processed in the year' : 'reused ÷ total') },
  {
    key: 'recoveryRate',
    label: 'Recovery rate',
    value: (v) => pct(v),
    sub: (v) => (v === null || v === undefined ? 'no mass processed in the year' : '(reused + energy recovered) ÷ total'),
  },
  { key: 'pendingKg', label: 'Pending', value: mass, sub: kgExact, note: 'received, not yet processed at year end' },
  {
    key: 'co2AvoidedT',
    label: 'CO₂e avoided by magnet upgrades',
    value: (v) => (typeof v === 'number' ? `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)} t` : '—'),
    sub: (_v, t) => `t CO₂e, from ${plural(t.magnetUpgrades, 'upgrade')}`,
    note: 'compared with installing a new system; not part of the emissions inventory',
  },
];

export const overviewView = {
  async load({ params, loaders }) {
    const includeChina = params.get('china') === '1';
    const byYear = await kpisByYear(loaders, includeChina);
    const years = yearOptions(byYear.groups.map((g) => g.key));
    const asked = params.get('year');
    const year = asked && years.includes(Number(asked)) ? asked : String(byYear.groups.at(-1)?.key ?? years[0]);
    const q = yearQuery(year, includeChina);
    const [totals, regions, categories] = await Promise.all([loaders.kpis(q), loaders.kpis({ ...q, groupBy: 'region' }), loaders.kpis({ ...q, groupBy: 'category' })]);
    return { includeChina, byYear, years, year, totals, regions, categories };
  },

  render({ includeChina, byYear, years, year, totals, regions, categories }, { signal }) {
    const yearSelectId = uid('year');
    const chinaId = uid('china');
    const controls = h(
      'form',
      { class: 'toolbar overview-options', 'aria-label': 'Overview options' },
      h('div', { class: 'field' }, h('label', { for: yearSelectId }, 'Year'), h('select', { id: yearSelectId, name: 'year' }, years.map((y) => h('option', { value: y, selected: String(y) === year }, String(y))))),
      h('div', { class: 'field check' }, h('input', { type: 'checkbox', id: chinaId, name: 'includeChina', checked: includeChina }), h('label', { for: chinaId }, 'Include China')),
    );
    const series = (groups) => [
      { label: 'Reused', values: groups.map((g) => g.reusedKg), color: COLORS.reused },
      ...energySeries(groups),
      { label: 'Landfilled', values: groups.map((g) => g.landfilledKg), color: COLORS.landfilled },
    ];
    const trend = byYear.groups.length
      ? barChart({ title: 'Reused, energy-recovered and landfilled mass per year', labels: byYear.groups.map((g) => g.key), unit: 'kg', series: series(byYear.groups), format: mass, signal }).el
      : empty('No mass has been processed yet, so there is nothing to chart. Figures appear here as units are assessed, recycled, refurbished or landfilled.');
    const breakdown = (res, title) => {
      // Largest first, so the bars read as a ranking.
      const groups = res.groups.filter((g) => g.totalKg > 0 || g.unitsReceived > 0).sort((a, b) => b.totalKg - a.totalKg);
      if (!groups.length) return empty(`Nothing was processed in ${year} in this scope.`);
      return barChart({ title, labels: groups.map((g) => label(g.key)), axisLabels: groups.map((g) => shortLabel(g.key)), horizontal: true, unit: 'kg', series: series(groups), format: mass, signal }).el;
    };
    return [
      pageHeader('Overview', controls),
      h('div', { class: 'china-note' }, chinaNote(totals, includeChina, year)),
      section('Key figures', renderCards(totals, year)),
      section('Where the mass went, by year', trend),
      h('div', { class: 'two-col' }, section('By region', breakdown(regions, `Where the mass went by region, ${year}`)), section('By category', breakdown(categories, `Where the mass went by category, ${year}`))),
    ];
  },

  bind(root, { includeChina, year }, { navigate }) {
    const form = root.querySelector('form.overview-options');
    const go = (over) => navigate('/overview', { year, china: includeChina ? '1' : '', ...over });
    form.addEventListener('submit', (e) => e.preventDefault());
    form.elements.namedItem('year').addEventListener('change', (e) => go({ year: e.currentTarget.value }));
    form.elements.namedItem('includeChina').addEventListener('change', (e) => go({ china: e.currentTarget.checked ? '1' : '' }));
  },
};

/** Energy recovery is drawn only where there is some, so years before it keep their two bars. */
function energySeries(groups) {
  return groups.some((g) => g.energyRecoveredKg > 0)
    ? [{ label: 'Energy recovered', values: groups.map((g) => g.energyRecoveredKg ?? 0), color: COLORS.energyRecovered }]
    : [];
}

function renderCards(res, year) {
  const t = res.totals;
  const nothing = !t.unitsReceived && !t.totalKg && !t.pendingKg && !t.magnetUpgrades;
  return h(
    'div',
    {},
    nothing ? empty(`No units were received and no mass was processed in ${year} in this scope.`) : null,
    h(
      'ul',
      { class: 'cards', 'aria-label': `Key figures for ${year}` },
      CARDS.map((c) =>
        h(
          'li',
          { class: 'card', dataset: { kpi: c.key, value: t[c.key] ?? '' } },
          h('p', { class: 'card-label' }, c.label),
          h('p', { class: 'card-value' }, c.value(t[c.key], t)),
          h('p', { class: 'card-sub' }, c.sub(t[c.key], t)),
          c.note ? h('p', { class: 'card-note' }, c.note) : null,
        ),
      ),
    ),
    res.scope.statement ? h('p', { class: 'scope-statement' }, h('strong', {}, 'Scope: '), res.scope.statement) : null,
    res.factorSets.length ? h('p', { class: 'hint' }, `Avoided emissions computed with factor set ${res.factorSets.map(factorSetName).join(', ')}.`) : null,
  );
}

const factorSetName = (f) => (typeof f === 'string' ? f : [f.name, f.version].filter(Boolean).join(' ') || f.id);

/**
 * What the China exclusion left out of a year's figures, in words. Units count in the year
 * they were received and kilograms in the year they moved, so a year can leave out mass
 * of units received earlier and no unit of its own ("0 units … 10.8 t"): say which is which.
 */
export function excludedText(ex, year) {
  const units = ex.units ? `${plural(ex.units, 'unit')} from China received in ${year}` : `no unit from China received in ${year}`;
  const kg = ex.kg ? `${mass(ex.kg)} that units from China moved in ${year}${ex.units ? '' : ' (units received in earlier years)'}` : `no mass moved by units from China in ${year}`;
  const upgrades = ex.magnetUpgrades ? `, and ${plural(ex.magnetUpgrades, 'magnet upgrade')} at sites in China` : '';
  return `Left out of these figures: ${units}; ${kg}${upgrades}.`;
}

function chinaNote(res, includeChina, year) {
  const ex = res.excluded;
  if (includeChina) {
    return h(
      'p',
      { class: 'notice info' },
      h('strong', {}, 'China included. '),
      'These figures include units from China and magnet upgrades at sites in China, which the published scope leaves out.',
    );
  }
  return h(
    'p',
    { class: 'notice info', dataset: { excludedUnits: ex.units, excludedKg: ex.kg } },
    h('strong', {}, 'China excluded. '),
    'Refurbishment and recycling take place only outside China, so reports leave China out. ',
    excludedText(ex, year),
    ' Units count in the year they were received, mass in the year it moved. Tick “Include China” to see them.',
  );
}
