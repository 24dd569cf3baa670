/**
 * Pipeline: units and the mass they still hold, per lifecycle state and site, from one
 * GET /units/summary (the service counts every unit, China included, in grams); and the
 * work queue of a site.
 */
import { h, table, tableWrap } from '../dom.js';
import { int, mass, plural, words } from '../format.js';
import { empty, pageHeader, section } from '../ui.js';
import { slot } from '../view.js';
import { STATES } from './constants.js';
import { workQueuePart } from './work-queue.js';

export const pipelineView = {
  async load({ loaders }) {
    const [summary, sites] = await Promise.all([loaders.unitsSummary(), loaders.sites()]);
    return { summary, sites, site: null };
  },

  render({ summary, sites }) {
    const head = [
      pageHeader('Pipeline'),
      h('p', { class: 'lede' }, 'How many units, and how much of their mass, sit in each lifecycle state at each site today: every unit, China’s included (this is operations, not a report). Closed units hold no mass.'),
    ];
    if (!summary.bySite.length) return [...head, empty('No units have been received yet, so the pipeline is empty.')];

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
    const siteName = new Map(sites.map((s) => [s.code, `${s.name} (${s.country})`]));
    const fmtCell = (c, s) => h('td', { class: 'num' }, c.units ? [h('span', { class: 'cell-units' }, int(c.units)), s === 'closed' ? null : h('span', { class: 'cell-kg' }, mass(c.grams / 1000))] : '—');
    const rows = [
      ...[...cells.keys()].sort().map((code) => h('tr', {}, h('th', { scope: 'row' }, code, h('span', { class: 'cell-kg' }, siteName.get(code) ?? '')), STATES.map((s) => fmtCell(cells.get(code)[s], s)))),
      h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'All sites'), STATES.map((s) => fmtCell(totals[s], s))),
    ];
    return [
      ...head,
      slot('queue', 'Work queue'),
      section('All sites', cards),
      section(
        'Per site',
        h('p', { class: 'hint' }, 'Each cell: units, then the mass they still hold (a total over many units, in tonnes from 10 t).'),
        tableWrap('Units and mass per site and state', table('Units and remaining mass per site and state', [{ label: 'Site' }, ...STATES.map((s) => ({ label: words(s), num: true }))], rows, { captionHidden: true })),
      ),
    ];
  },

  parts: { queue: workQueuePart },
};
