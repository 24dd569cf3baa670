import { allPages, api } from '../api.js';
import { fill, h, table, tableWrap } from '../dom.js';
import { int, mass, plural, words } from '../format.js';
import { empty, errorBox, pageHeader, part, section } from '../ui.js';
import { STATES } from './constants.js';
import { renderWorkQueue } from './work-queue.js';

/**
 * Pipeline: units and the mass they still hold, per lifecycle state and site. The API has
 * no count endpoint, so this pages through GET /units once per state (500 a page) and
 * adds up in grams, so the kilograms stay exact.
 */
export async function renderPipeline({ root, signal }) {
  const progress = h('p', { class: 'loading', role: 'status' }, 'Counting units…');
  const body = h('div', {}, progress);
  fill(root, 
    pageHeader('Pipeline'),
    h('p', { class: 'lede' }, 'How many units, and how much of their mass, sit in each lifecycle state at each site today: every unit, China’s included (this is operations, not a report). Closed units hold no mass.'),
    body,
  );

  const sites = await api('/sites', { signal });
  const siteList = Array.isArray(sites) ? sites : (sites.items ?? []);
  const counted = Object.fromEntries(STATES.map((s) => [s, 0]));
  const tick = () => (progress.textContent = `Counting units… ${int(Object.values(counted).reduce((a, b) => a + b, 0))} so far`);

  // cells[site][state] = { units, grams }
  const cells = new Map();
  const cell = (site, state) => {
    if (!cells.has(site)) cells.set(site, Object.fromEntries(STATES.map((s) => [s, { units: 0, grams: 0 }])));
    return cells.get(site)[state];
  };
  const results = await Promise.allSettled(
    STATES.map(async (state) => {
      const units = await allPages('/units', { state }, { signal, onPage: (n) => ((counted[state] = n), tick()) });
      for (const u of units) {
        const c = cell(u.siteCode, state);
        c.units += 1;
        c.grams += Math.round((u.massBalance?.remainingKg ?? 0) * 1000);
      }
    }),
  );
  if (signal.aborted) return;
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    fill(body, errorBox(failed.reason, 'Could not count the units'));
    return;
  }
  if (!cells.size) {
    fill(body, empty('No units have been received yet, so the pipeline is empty.'));
    return;
  }

  const totals = Object.fromEntries(STATES.map((s) => [s, { units: 0, grams: 0 }]));
  for (const row of cells.values())
    for (const s of STATES) {
      totals[s].units += row[s].units;
      totals[s].grams += row[s].grams;
    }

  const summary = h(
    'ul',
    { class: 'cards states', 'aria-label': 'All sites' },
    STATES.map((s) =>
      h(
        'li',
        { class: 'card', dataset: { state: s, units: totals[s].units, kg: totals[s].grams / 1000 } },
        h('p', { class: 'card-label' }, words(s)),
        h('p', { class: 'card-value' }, plural(totals[s].units, 'unit')),
        h('p', { class: 'card-sub' }, s === 'closed' ? 'nothing left to process' : `${mass(totals[s].grams / 1000)} still to process`),
      ),
    ),
  );

  const siteName = new Map(siteList.map((s) => [s.code, `${s.name} (${s.country})`]));
  const codes = [...cells.keys()].sort();
  const fmtCell = (c, s) =>
    h('td', { class: 'num' }, c.units ? [h('span', { class: 'cell-units' }, int(c.units)), s === 'closed' ? null : h('span', { class: 'cell-kg' }, mass(c.grams / 1000))] : '—');
  const rows = [
    ...codes.map((code) =>
      h('tr', {}, h('th', { scope: 'row' }, code, h('span', { class: 'cell-kg' }, siteName.get(code) ?? '')), STATES.map((s) => fmtCell(cells.get(code)[s], s))),
    ),
    h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'All sites'), STATES.map((s) => fmtCell(totals[s], s))),
  ];
  const queue = h('div');
  fill(body,
    section('Work queue', queue),
    section('All sites', summary),
    section(
      'Per site',
      h('p', { class: 'hint' }, 'Each cell: units, then the mass they still hold.'),
      tableWrap('Units and mass per site and state', table('Units and remaining mass per site and state', [{ label: 'Site' }, ...STATES.map((s) => ({ label: words(s), num: true }))], rows, { captionHidden: true })),
    ),
  );
  await part(queue, 'the work queue', () => renderWorkQueue({ signal, sites: siteList }));
}
