/**
 * Magnet upgrades: the avoided-emissions estimate (for keys that may run it) with its
 * method, breakdown, p5–p95 range and what drives it; and the recorded upgrades.
 */
import { api } from '../api.js';
import { fill, h, inputField, selectField, table, tableWrap, uid } from '../dom.js';
import { co2t, int, plural, shortLabel, words } from '../format.js';
import { empty, loading, pageHeader, section, showError } from '../ui.js';
import { TRANSPORT_MODES } from './constants.js';
import { renderSensitivity } from './magnet-sensitivity.js';

const ESTIMATE = 'POST /estimates/magnet-upgrade';
const END_OF_LIFE = [['', 'Not included'], ['cut_off', 'Cut-off'], ['avoided_burden', 'Avoided burden']];
const NUMBERS = ['magnetMassKg', 'timeframeYears', 'remainingLifeYears', 'useEnergyDeltaMWhPerYear', 'gridFactorKgPerKWh'];

const setName = (f) => [f.name ?? f.id, f.version].filter(Boolean).join(' ');

export const magnetView = {
  async load({ loaders }) {
    const [sets, upgrades] = await Promise.all([loaders.factorSets(), loaders.magnetUpgrades()]);
    return { sets, upgrades, setNames: new Map(sets.map((f) => [f.id, setName(f)])) };
  },

  render({ sets, upgrades, setNames }, { can }) {
    return [
      pageHeader('Magnet upgrades'),
      h('p', { class: 'lede' }, 'Avoided emissions of upgrading an MR system while keeping its magnet, compared with installing a new system. This is a comparison against a reference scenario, reported apart from the emissions inventory.'),
      can(ESTIMATE)
        ? h('div', { class: 'two-col wide-right' }, section('Estimate', estimateForm(sets)), section('Result', h('div', { class: 'estimate-out', 'aria-live': 'polite' }, h('p', { class: 'hint' }, 'Fill in the form and choose “Estimate”. Nothing is saved.'))))
        : h('p', { class: 'notice info' }, 'Running estimates is for engineer, ESG and administrator keys; the recorded upgrades are below.'),
      can(ESTIMATE) ? section('What drives the estimate', h('div', { class: 'drivers', 'aria-live': 'polite' }, h('p', { class: 'hint' }, 'After an estimate, its tornado and each factor’s share of the variance appear here.'))) : null,
      section('Recorded upgrades', recordedUpgrades(upgrades, setNames)),
    ];
  },

  bind(root, { sets, setNames }, { signal }) {
    const more = root.querySelector('button[data-show-all]');
    more?.addEventListener('click', () => {
      for (const tr of root.querySelectorAll('tr[data-more]')) tr.hidden = false;
      const first = root.querySelector('tr[data-more] th');
      more.remove();
      first?.setAttribute('tabindex', '-1');
      first?.focus();
    });
    const form = root.querySelector('form.estimate-form');
    if (form) bindEstimate(form, root, sets, setNames, signal);
  },
};

function estimateForm(sets) {
  const preferred = sets.find((f) => f.isDefault) ?? sets.at(-1);
  return h(
    'form',
    { class: 'estimate-form', 'aria-label': 'Estimate avoided emissions', dataset: { action: ESTIMATE }, novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Magnet'),
      selectField('Field strength', 'fieldStrengthT', [['1.5', '1.5 T'], ['3', '3 T']], '1.5'),
      inputField('Magnet mass (kg, optional)', 'magnetMassKg', { type: 'number', min: '1', max: '50000', step: 'any', inputmode: 'decimal' }, 'Leave empty to use the factor set’s reference magnet.'),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Transport legs avoided'),
      h('p', { class: 'hint' }, 'Leave empty to use the factor set’s default route (factory to site). Given legs replace it.'),
      h('ol', { class: 'legs' }),
      h('button', { type: 'button', class: 'secondary', dataset: { addLeg: '' } }, '+ Add a leg'),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Method (optional)'),
      h('p', { class: 'hint' }, 'Empty fields keep the published claim’s case: equal remaining life, the same use-phase energy, no end of life.'),
      inputField('Timeframe (years)', 'timeframeYears', { type: 'number', min: '0', max: '50', step: 'any', inputmode: 'decimal' }, 'Years of service compared. Empty: the factor set’s reference design life.'),
      inputField('Remaining life of the kept magnet (years)', 'remainingLifeYears', { type: 'number', min: '0', max: '50', step: 'any', inputmode: 'decimal' }, 'The avoided burden is pro-rated by it ÷ the design life, at most 1.'),
      inputField('Use-phase energy, kept − new (MWh a year)', 'useEnergyDeltaMWhPerYear', { type: 'number', min: '-500', max: '500', step: 'any', inputmode: 'decimal' }, 'Negative when the kept system draws less. Then give a grid country or a grid factor.'),
      h('div', { class: 'grid-country' }, gridCountryField(gridCountriesOf(preferred))),
      inputField('Grid factor (kg CO₂e/kWh)', 'gridFactorKgPerKWh', { type: 'number', min: '0', max: '2', step: 'any', inputmode: 'decimal' }, 'A site’s own factor, instead of a country’s.'),
      selectField('End of life', 'endOfLife', END_OF_LIFE, ''),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Model'),
      sets.length ? selectField('Factor set', 'factorSetId', sets.map((f) => [f.id, `${setName(f)}${f.isDefault ? ' (default)' : ''}`]), preferred?.id) : h('p', { class: 'hint' }, 'No factor sets are listed; the service’s default set will be used.'),
      inputField('Iterations', 'iterations', { type: 'number', min: '100', max: '200000', step: '1', value: '10000', required: true }, 'Monte Carlo draws, 100–200,000.'),
      inputField('Seed (optional)', 'seed', { type: 'number', min: '0', step: '1', inputmode: 'numeric' }, 'The same seed gives the same numbers.'),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Estimate')),
    h('div', { class: 'form-status', 'aria-live': 'polite' }),
  );
}

const gridCountriesOf = (set) => Object.keys(set?.gridFactors ?? {}).sort();

/** Grid country of the use phase: the countries whose grid factor the chosen set holds. */
function gridCountryField(countries) {
  return selectField('Grid country', 'gridCountry', [['', countries.length ? '—' : 'None in this factor set'], ...countries], '');
}

function bindEstimate(form, root, sets, setNames, signal) {
  const legs = form.querySelector('.legs');
  const addButton = form.querySelector('[data-add-leg]');
  const status = form.querySelector('.form-status');
  const result = root.querySelector('.estimate-out');
  const drivers = root.querySelector('.drivers');
  let legNo = 0;

  addButton.addEventListener('click', () => {
    const n = ++legNo;
    const modeId = uid('mode');
    const kmId = uid('km');
    const remove = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove leg ${n}` }, 'Remove');
    const li = h(
      'li',
      { class: 'leg' },
      h('div', { class: 'field' }, h('label', { for: modeId }, `Leg ${n} mode`), h('select', { id: modeId, name: 'legMode' }, TRANSPORT_MODES.map((m) => h('option', { value: m, selected: m === 'road' }, words(m))))),
      h('div', { class: 'field' }, h('label', { for: kmId }, `Leg ${n} distance (km)`), h('input', { id: kmId, name: 'legKm', type: 'number', min: '0', step: 'any', required: true, inputmode: 'decimal' })),
      remove,
    );
    remove.addEventListener('click', () => {
      li.remove();
      addButton.focus();
    });
    legs.append(li);
    li.querySelector('select').focus();
  });

  form.querySelector('select[name=factorSetId]')?.addEventListener('change', (e) => {
    fill(form.querySelector('.grid-country'), gridCountryField(gridCountriesOf(sets.find((f) => f.id === e.currentTarget.value))));
  });

  // The page's words for the API's field names, and the control each one is.
  const labelOf = (el) => el.labels?.[0]?.textContent ?? el.name;
  const controls = () => [...form.elements].filter((el) => el.name);
  const labels = () => ({ ...Object.fromEntries(controls().map((el) => [el.name, labelOf(el)])), transportLegs: 'Transport legs', endOfLife: 'End of life' });
  const fieldFor = (path) => {
    const leg = /^transportLegs\.(\d+)\.(mode|km)$/.exec(path);
    if (leg) return form.querySelectorAll(`[name=leg${leg[2] === 'km' ? 'Km' : 'Mode'}]`)[Number(leg[1])];
    return form.elements.namedItem(path.split('.')[0]);
  };
  const mark = (err) => {
    for (const el of controls()) el.removeAttribute('aria-invalid');
    for (const e of err?.errors ?? []) fieldFor(String(e.path).replace(/^body\./, ''))?.setAttribute?.('aria-invalid', 'true');
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const modes = d.getAll('legMode');
    const kms = d.getAll('legKm');
    const body = { fieldStrengthT: Number(d.get('fieldStrengthT')), iterations: Number(d.get('iterations')) };
    for (const k of NUMBERS) if (d.get(k) !== null && d.get(k) !== '') body[k] = Number(d.get(k));
    if (d.get('seed') !== null && d.get('seed') !== '') body.seed = Number(d.get('seed'));
    if (d.get('factorSetId')) body.factorSetId = String(d.get('factorSetId'));
    if (modes.length) body.transportLegs = modes.map((m, i) => ({ mode: String(m), km: Number(kms[i]) }));
    if (d.get('gridCountry')) body.gridCountry = String(d.get('gridCountry'));
    if (d.get('endOfLife')) body.endOfLife = { approach: String(d.get('endOfLife')) };
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    mark(null);
    fill(status);
    fill(result, loading('Running the estimate…'));
    fill(drivers, h('p', { class: 'hint' }, 'The tornado follows the estimate.'));
    let r;
    try {
      r = await api('/estimates/magnet-upgrade', { method: 'POST', body, signal });
    } catch (err) {
      if (err?.name === 'AbortError') return;
      button.disabled = false;
      fill(result, h('p', { class: 'hint' }, 'No estimate: see the message under the form.'));
      fill(drivers);
      mark(err);
      // Under the button that sent it, in view, in the form's own words.
      showError(status, err, { context: 'The estimate was refused', labels: labels(), fieldFor });
      return;
    }
    button.disabled = false;
    fill(result, renderResult(r, body, setNames));
    // On a phone the result is below the form: take focus (and the view) there.
    result.querySelector('.big-figure')?.focus();
    // The same body and seed: the tornado's Monte Carlo is the one just shown.
    fill(drivers, loading('Running the sensitivity…'));
    try {
      fill(drivers, renderSensitivity(await api('/estimates/magnet-upgrade/sensitivity', { method: 'POST', body: { ...body, seed: r.monteCarlo.seed }, signal })));
    } catch (err) {
      if (err?.name !== 'AbortError') showError(drivers, err, { context: 'The sensitivity was refused', labels: labels(), focus: false });
    }
  });
}

/** Recorded upgrades, newest first, with their current figure (recalculations are recorded beside the first). */
function recordedUpgrades(upgrades, setNames) {
  if (!upgrades.length) return empty('No magnet upgrades have been recorded yet. Engineers and operators record them through POST /magnet-upgrades.');
  const all = [...upgrades].sort((a, b) => b.completedAt.localeCompare(a.completedAt) || b.createdAt.localeCompare(a.createdAt));
  const FIRST = 10;
  const rows = all.map((u, i) =>
    h(
      'tr',
      { hidden: i >= FIRST, dataset: i >= FIRST ? { more: '' } : {} },
      h('th', { scope: 'row', class: 'nowrap' }, u.magnetSerial),
      h('td', { class: 'nowrap' }, u.completedAt),
      h('td', {}, `${u.siteCountry} · ${shortLabel(u.region)}`, u.region === 'CHINA' ? h('span', { class: 'badge' }, 'left out of reports') : null),
      h('td', { class: 'num' }, `${u.fieldStrengthT} T`),
      h('td', { class: 'num' }, co2t(u.avoidedT)),
      h('td', {}, setNames.get(u.factorSetId) ?? u.factorSetId, u.figures?.length > 1 ? ` (recalculated, ${plural(u.figures.length, 'figure')})` : ''),
    ),
  );
  const total = all.filter((u) => u.region !== 'CHINA').reduce((t, u) => t + Math.round(u.avoidedT * 1000), 0) / 1000;
  return [
    h('p', {}, `${plural(all.length, 'upgrade')} recorded; ${co2t(total)} avoided outside China, by their current figures.`),
    tableWrap('Recorded upgrades', table('Recorded upgrades, newest first', ['Magnet serial', 'Completed', 'Site', { label: 'Field', num: true }, { label: 'Avoided', num: true }, 'Factor set'], rows, { captionHidden: true })),
    all.length > FIRST ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', dataset: { showAll: '' } }, `Show all ${int(all.length)}`)) : null,
  ];
}

function renderResult(r, body, setNames) {
  const mc = r.monteCarlo ?? {};
  const breakdown = Object.entries(r.breakdown ?? {});
  const max = Math.max(...breakdown.map(([, v]) => Math.abs(v)), 0) || 1;
  // Position of a value on the range bar, from 0 to the p95 plus a margin.
  const top = Math.max(mc.p95 ?? 0, r.totalT ?? 0) * 1.1 || 1;
  const at = (v) => `${Math.max(0, Math.min(100, (v / top) * 100))}%`;
  return h(
    'div',
    { class: 'estimate-result' },
    h('p', { class: 'big-figure', tabindex: '-1', dataset: { total: r.totalT } }, co2t(r.totalT), h('span', { class: 'card-sub' }, ' avoided per upgrade')),
    h('p', {}, `${body.fieldStrengthT} T magnet · factor set ${setNames.get(r.factorSetId) ?? ''} `, h('code', {}, r.factorSetId ?? 'default')),
    r.method ? h('p', { class: 'method-statement', dataset: { allocation: r.method.allocation, endOfLife: r.method.endOfLifeApproach } }, r.method.statement) : null,
    h('h3', {}, 'Uncertainty (Monte Carlo)'),
    h(
      'div',
      { class: 'range', role: 'img', 'aria-label': `90 % of ${int(mc.iterations)} draws fall between ${co2t(mc.p5)} and ${co2t(mc.p95)}; median ${co2t(mc.p50)}.` },
      h('span', { class: 'range-band', style: { left: at(mc.p5), width: `calc(${at(mc.p95)} - ${at(mc.p5)})` } }),
      h('span', { class: 'range-mark p50', style: { left: at(mc.p50) }, title: `p50 ${co2t(mc.p50)}` }),
      h('span', { class: 'range-mark total', style: { left: at(r.totalT) }, title: `estimate ${co2t(r.totalT)}` }),
    ),
    h(
      'p',
      { class: 'range-key', 'aria-hidden': 'true' },
      h('span', {}, '0 t'),
      h('span', {}, h('span', { class: 'key band' }), ' p5–p95 ', h('span', { class: 'key p50' }), ' median ', h('span', { class: 'key total' }), ' estimate'),
      h('span', {}, `${int(Math.round(top))} t`),
    ),
    h(
      'dl',
      { class: 'facts compact' },
      [
        ['p5–p95', `${co2t(mc.p5)} – ${co2t(mc.p95)}`],
        ['Median (p50)', co2t(mc.p50)],
        ['Mean', co2t(mc.mean)],
        ['Draws', int(mc.iterations)],
        ['Seed', mc.seed ?? '—'],
      ].map(([k, v]) => h('div', { dataset: { stat: k } }, h('dt', {}, k), h('dd', {}, String(v)))),
    ),
    h('h3', {}, 'Breakdown'),
    tableWrap(
      'Breakdown',
      table(
        'Breakdown of the avoided emissions',
        ['Part', { label: 't CO₂e', num: true }, { label: 'Share', num: false }],
        breakdown.map(([k, v]) =>
          h(
            'tr',
            { dataset: { part: k } },
            h('th', { scope: 'row' }, words(k.replace(/T$/, ''))),
            h('td', { class: 'num' }, co2t(v)),
            h('td', {}, h('span', { class: 'share-bar', 'aria-hidden': 'true', style: { width: `${(Math.abs(v) / max) * 100}%` } })),
          ),
        ),
        { captionHidden: true },
      ),
    ),
  );
}
