import { h, table, tableWrap } from '../dom.js';
import { kgExact, mass, pct } from '../format.js';
import { empty } from '../ui.js';

/** The share of the year's outgoing mass that a figure is: "94.12 % of outgoing". */
const of = (part, whole) => (whole > 0 ? `${pct(part / whole)} of outgoing` : '—');

/** Downstream shares of a reporting year: outgoing mass to vendors, certified on the day and receipted, per vendor. */
export const downstreamPart = {
  what: 'the downstream shares',
  load: ({ loaders }, { year }) => loaders.downstream(year),
  render: (r, _ctx, { year }) => renderDownstream(r, year),
};

function renderDownstream(r, year) {
  const t = r.totals;
  if (t.outgoingKg === 0) return empty(`No mass was recycled, energy-recovered or landfilled in ${year} in the reporting scope.`);
  const card = (key, label, value, sub) =>
    h('li', { class: 'card', dataset: { downstream: key, value: t[key] ?? '' } }, h('p', { class: 'card-label' }, label), h('p', { class: 'card-value' }, value), h('p', { class: 'card-sub' }, sub));
  const cards = h(
    'ul',
    { class: 'shares', 'aria-label': `Downstream shares for ${year}` },
    card('outgoingKg', 'Outgoing', mass(t.outgoingKg), `recycled ${mass(t.kg.recycled)} · energy ${mass(t.kg.energyRecovered)} · landfill ${mass(t.kg.landfilled)}`),
    card('toVendorsKg', 'To registered vendors', mass(t.toVendorsKg), of(t.toVendorsKg, t.outgoingKg)),
    card('certifiedShare', 'Certified on the day', pct(t.certifiedShare), `${kgExact(t.certifiedKg)} to a vendor certified on the event’s date`),
    card('receiptedShare', 'Confirmed by weighed receipt', pct(t.receiptedShare), `${kgExact(t.receiptedKg)} in receipted shipments`),
  );
  const rows = r.vendors.map((v) =>
    h(
      'tr',
      { dataset: { vendor: v.vendorCode } },
      h('th', { scope: 'row' }, h('a', { href: `#/vendors/${encodeURIComponent(v.vendorCode)}` }, v.name), h('span', { class: 'cell-kg' }, `${v.vendorCode} · ${v.country}`)),
      h('td', { class: 'num' }, kgExact(v.kg.recycled)),
      h('td', { class: 'num' }, kgExact(v.kg.energyRecovered)),
      h('td', { class: 'num' }, kgExact(v.kg.landfilled)),
      h('td', { class: 'num' }, kgExact(v.certifiedKg)),
      h('td', { class: 'num' }, kgExact(v.shippedKg)),
      h('td', { class: 'num' }, kgExact(v.receiptedKg)),
    ),
  );
  const w = r.withoutVendor;
  if (w.totalKg > 0) {
    rows.push(
      h(
        'tr',
        { dataset: { vendor: '' } },
        h('th', { scope: 'row' }, 'No registered vendor', h('span', { class: 'cell-kg' }, 'free-text recycler or facility')),
        h('td', { class: 'num' }, kgExact(w.kg.recycled)),
        h('td', { class: 'num' }, kgExact(w.kg.energyRecovered)),
        h('td', { class: 'num' }, kgExact(w.kg.landfilled)),
        h('td', { class: 'num' }, '—'),
        h('td', { class: 'num' }, '—'),
        h('td', { class: 'num' }, '—'),
      ),
    );
  }
  const headers = ['Vendor', { label: 'Recycled', num: true }, { label: 'Energy recovered', num: true }, { label: 'Landfilled', num: true }, { label: 'Certified', num: true }, { label: 'Shipped', num: true }, { label: 'Receipted', num: true }];
  return h(
    'div',
    {},
    cards,
    tableWrap(`Downstream vendors in ${year}`, table(`Downstream vendors in ${year}`, headers, rows, { captionHidden: true })),
    h('p', { class: 'scope-statement' }, h('strong', {}, 'Scope: '), r.scope.statement),
  );
}
