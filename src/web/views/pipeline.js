import { api } from '../api.js';
import { fill, h, table, tableWrap } from '../dom.js';
import { int, mass, plural, words } from '../format.js';
import { empty, errorBox, loading, pageHeader, part, section } from '../ui.js';
import { STATES } from './constants.js';
import { renderWorkQueue } from './work-queue.js';

/**
 * Pipeline: units and the mass they still hold, per lifecycle state and site, from one
 * GET /units/summary (the service counts every unit, China included, in grams).
 */
export async function renderPipeline({ root, signal }) {
  const body = h('div', {}, loading('Counting units…'));
  fill(root,
    pageHeader('Pipeline'),
    h('p', { class: 'lede' }, 'How many units, and how much of their mass, sit in each lifecycle state at each site today: every unit, China’s included (this is operations, not a report). Closed units hold no mass.'),
    body,
  );

  let summary;
  let siteList;
  try {
    [summary, siteList] = await Promise.all([api('/units/summary', { signal }), api('/sites', { signal })]);
  } catch (err) {
    if (err?.name === 'AbortError') return;
    fill(body, errorBox(err, 'Could not count the units'));
    return;
  }
  if (signal.aborted) return;
  if (!summary.bySite.length) {
    fill(body, empty('No units have been received yet, so the pipeline is empty.'));
    return;
  }
  siteList = Array.isArray(siteList) ? siteList : (siteList.items ?? []);

  // cells[site][state] = { units, grams }; kilograms as the API gives them (≤ 3 decimals).
  const asCells = (byState) => Object.fromEntries(STATES.map((s) => [s, { units: byState[s]?.units ?? 0, grams: Math.round((byState[s]?.remainingKg ?? 0) * 1000) }]));
  const cells = new Map(summary.bySite.map((site) => [site.siteCode, asCells(site.byState)]));
  const totals = asCells(summary.byState);

  const cards = h(
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
    section('All sites', cards),
    section(
      'Per site',
      h('p', { class: 'hint' }, 'Each cell: units, then the mass they still hold.'),
      tableWrap('Units and mass per site and state', table('Units and remaining mass per site and state', [{ label: 'Site' }, ...STATES.map((s) => ({ label: words(s), num: true }))], rows, { captionHidden: true })),
    ),
  );
  await part(queue, 'the work queue', () => renderWorkQueue({ signal, sites: siteList, summary }));
}
