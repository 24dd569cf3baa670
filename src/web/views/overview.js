import { api } from '../api.js';
import { barChart, COLORS } from '../charts.js';
import { fill, h, uid } from '../dom.js';
import { int, kgExact, label, mass, pct, plural, shortLabel } from '../format.js';
import { empty, errorBox, loading, pageHeader, section, yearOptions } from '../ui.js';
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

export async function renderOverview({ root, params, signal }) {
  let includeChina = params.get('china') === '1';
  let year = params.get('year');

  const yearSelectId = uid('year');
  const chinaId = uid('china');
  const yearSelect = h('select', { id: yearSelectId, name: 'year' });
  const china = h('input', { type: 'checkbox', id: chinaId, name: 'includeChina', checked: includeChina });
  const controls = h(
    'form',
    { class: 'toolbar', 'aria-label': 'Overview options', onsubmit: (e) => e.preventDefault() },
    h('div', { class: 'field' }, h('label', { for: yearSelectId }, 'Year'), yearSelect),
    h('div', { class: 'field check' }, china, h('label', { for: chinaId }, 'Include China')),
  );
  const note = h('div', { class: 'china-note', 'aria-live': 'polite' });
  const cards = h('div', { 'aria-live': 'polite' });
  const trend = h('div');
  const byRegion = h('div');
  const byCategory = h('div');
  fill(root, 
    pageHeader('Overview', controls),
    note,
    section('Key figures', cards),
    section('Where the mass went, by year', trend),
    h('div', { class: 'two-col' }, section('By region', byRegion), section('By category', byCategory)),
  );

  let trendChart = null;
  let groupCharts = [];
  let yearsData;

  async function loadYears() {
    fill(trend, loading('Loading the yearly figures…'));
    try {
      yearsData = await kpisByYear(includeChina, signal);
    } catch (err) {
      if (err?.name === 'AbortError') throw err;
      yearsData = null;
      fill(trend, errorBox(err, 'Could not load the yearly figures'));
    }
    const years = yearOptions(yearsData?.groups.map((g) => g.key));
    if (!year || !years.includes(Number(year))) year = String(yearsData?.groups.at(-1)?.key ?? years[0]);
    fill(yearSelect, ...years.map((y) => h('option', { value: y, selected: String(y) === year }, String(y))));
    if (yearsData) drawTrend();
  }

  function drawTrend() {
    const groups = yearsData.groups;
    if (!groups.length) {
      fill(trend, empty('No mass has been processed yet, so there is nothing to chart. Figures appear here as units are assessed, recycled, refurbished or landfilled.'));
      return;
    }
    const c = barChart({
      title: 'Reused, energy-recovered and landfilled mass per year',
      labels: groups.map((g) => g.key),
      unit: 'kg',
      series: [
        { label: 'Reused', values: groups.map((g) => g.reusedKg), color: COLORS.reused },
        ...energySeries(groups),
        { label: 'Landfilled', values: groups.map((g) => g.landfilledKg), color: COLORS.landfilled },
      ],
      format: mass,
      signal,
    });
    trendChart = c;
    fill(trend, c.el);
  }

  async function loadYear() {
    if (signal.aborted) return; // the person has left this page: leave the address alone
    for (const c of groupCharts.splice(0)) c.destroy();
    history.replaceState(null, '', `#/overview?year=${year}${includeChina ? '&china=1' : ''}`);
    fill(cards, loading(`Loading ${year}…`));
    const q = yearQuery(year, includeChina);
    const [totals, regions, categories] = await Promise.allSettled([
      api('/kpis', { query: q, signal }),
      api('/kpis', { query: { ...q, groupBy: 'region' }, signal }),
      api('/kpis', { query: { ...q, groupBy: 'category' }, signal }),
    ]);
    if (signal.aborted) return;
    if (totals.status === 'fulfilled') {
      fill(cards, renderCards(totals.value, year));
      fill(note, chinaNote(totals.value, includeChina));
    } else {
      fill(cards, errorBox(totals.reason, `Could not load the figures for ${year}`));
      fill(note, );
    }
    drawGroups(byRegion, regions, `Where the mass went by region, ${year}`);
    drawGroups(byCategory, categories, `Where the mass went by category, ${year}`);
  }

  function drawGroups(box, result, title) {
    if (result.status === 'rejected') {
      fill(box, errorBox(result.reason, 'Could not load this breakdown'));
      return;
    }
    // Largest first, so the bars read as a ranking.
    const groups = (result.value.groups ?? []).filter((g) => g.totalKg > 0 || g.unitsReceived > 0).sort((a, b) => b.totalKg - a.totalKg);
    if (!groups.length) {
      fill(box, empty(`Nothing was processed in ${year} in this scope.`));
      return;
    }
    const c = barChart({
      title,
      labels: groups.map((g) => label(g.key)),
      axisLabels: groups.map((g) => shortLabel(g.key)),
      horizontal: true,
      unit: 'kg',
      series: [
        { label: 'Reused', values: groups.map((g) => g.reusedKg), color: COLORS.reused },
        ...energySeries(groups),
        { label: 'Landfilled', values: groups.map((g) => g.landfilledKg), color: COLORS.landfilled },
      ],
      format: mass,
      signal,
    });
    groupCharts.push(c);
    fill(box, c.el);
  }

  yearSelect.addEventListener('change', () => {
    year = yearSelect.value;
    loadYear().catch(() => {});
  });
  china.addEventListener('change', () => {
    includeChina = china.checked;
    trendChart?.destroy();
    trendChart = null;
    loadYears()
      .then(loadYear)
      .catch(() => {});
  });

  await loadYears();
  await loadYear();
}

/** Energy recovery is drawn only where there is some, so years before it keep their two bars. */
function energySeries(groups) {
  return groups.some((g) => g.energyRecoveredKg > 0)
    ? [{ label: 'Energy recovered', values: groups.map((g) => g.energyRecoveredKg ?? 0), color: COLORS.energyRecovered }]
    : [];
}

function renderCards(res, year) {
  const t = res.totals ?? {};
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
    res.scope?.statement ? h('p', { class: 'scope-statement' }, h('strong', {}, 'Scope: '), res.scope.statement) : null,
    res.factorSets?.length ? h('p', { class: 'hint' }, `Avoided emissions computed with factor set ${res.factorSets.map(factorSetName).join(', ')}.`) : null,
  );
}

const factorSetName = (f) => (typeof f === 'string' ? f : [f.name, f.version].filter(Boolean).join(' ') || f.id);

function chinaNote(res, includeChina) {
  const ex = res.excluded ?? {};
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
    { class: 'notice info', dataset: { excludedUnits: ex.units ?? '', excludedKg: ex.kg ?? '' } },
    h('strong', {}, 'China excluded. '),
    'Refurbishment and recycling take place only outside China, so reports leave China out. ',
    `Left out of these figures: ${plural(ex.units, 'unit')} (${mass(ex.kg)})`,
    ex.magnetUpgrades ? ` and ${plural(ex.magnetUpgrades, 'magnet upgrade')}` : '',
    '. Tick “Include China” to see them.',
  );
}
