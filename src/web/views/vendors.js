import { fill, h, selectField, table, tableWrap } from '../dom.js';
import { kgExact, plural, words } from '../format.js';
import { empty, pageHeader, section, showError } from '../ui.js';

const STATUS_TEXT = { valid: 'Valid', expiring: 'Expiring within 60 days', expired: 'Expired', none: 'No certificate' };

/** The certification state of a vendor as a badge people can read without colour. */
export function certBadge(v) {
  return h('span', { class: `badge cert-${v.certificationStatus}`, dataset: { status: v.certificationStatus } }, STATUS_TEXT[v.certificationStatus] ?? words(v.certificationStatus));
}

/** One line on when the vendor's certification runs out, as of the service's today. */
export function certLine(v) {
  if (v.certificationStatus === 'none') return 'Never certified (a landfill needs no certificate)';
  if (!v.certifiedToday) {
    const last = [...v.certifications].filter((c) => c.validTo < v.asOf).sort((a, b) => b.validTo.localeCompare(a.validTo))[0];
    return last ? `Not certified today; the last certificate ended ${last.validTo}` : 'Not certified today; its certificate has not started yet';
  }
  const renewals = v.certifiedUntil !== v.expiresOn ? `, renewed without a gap until ${v.certifiedUntil}` : '';
  return `${v.currentCertification.scheme} ${v.currentCertification.certificateNo} until ${v.expiresOn}${renewals}`;
}

/** A shipment's variance in words and figures: "−7.75 kg (−0.55 %)". */
export function variance(s) {
  if (s.varianceKg === null) return '—';
  const sign = s.varianceKg > 0 ? '+' : s.varianceKg < 0 ? '−' : '';
  const pctText = s.varianceShare === null ? '' : ` (${sign}${Math.abs(s.varianceShare * 100).toFixed(2)} %)`;
  return `${sign}${kgExact(Math.abs(s.varianceKg))}${pctText}`;
}

/** Shipments as a table, newest first; `vendorColumn` when several vendors are listed. */
export function shipmentsTable(caption, items, { vendorColumn = true } = {}) {
  const rows = items.map((s) =>
    h(
      'tr',
      { dataset: { shipment: s.id, status: s.status } },
      h('th', { scope: 'row', class: 'nowrap' }, s.shippedAt, h('span', { class: 'cell-kg' }, h('code', {}, s.id))),
      vendorColumn ? h('td', {}, h('a', { href: `#/vendors/${encodeURIComponent(s.vendorCode)}` }, s.vendorName)) : null,
      h('td', { class: 'num' }, String(s.eventIds.length - s.voidedEventIds.length)),
      h('td', { class: 'num' }, kgExact(s.shippedKg)),
      h('td', {}, h('span', { class: `badge shipment-${s.status}` }, s.status === 'open' ? 'Open' : 'Receipted')),
      s.receipt
        ? h('td', { class: 'nowrap' }, s.receipt.receivedAt, h('span', { class: 'cell-kg' }, s.receipt.certificateRef))
        : h('td', {}, 'Awaiting the weighed receipt'),
      h('td', { class: 'num' }, s.receipt ? kgExact(s.receipt.receivedKg) : '—'),
      h('td', { class: 'num', dataset: { variance: s.varianceKg ?? '' } }, variance(s)),
    ),
  );
  const headers = [
    'Shipped',
    ...(vendorColumn ? ['Vendor'] : []),
    { label: 'Events', num: true },
    { label: 'Mass shipped', num: true },
    'Status',
    'Receipt',
    { label: 'Weighed in', num: true },
    { label: 'Variance', num: true },
  ];
  return tableWrap(caption, table(caption, headers, rows, { captionHidden: true }));
}

/** Vendors: their certification state today, and shipments open or receipted with their variance. */
export const vendorsView = {
  async load({ params, loaders }) {
    const status = params.get('status') ?? '';
    const [vendors, shipments, first] = await Promise.all([loaders.vendors({ order: 'asc' }), loaders.shipments(), loaders.shipmentsPage({ status, limit: PAGE })]);
    return { status, vendors, shipments, first };
  },

  render({ status, vendors, shipments, first }) {
    return [
      pageHeader('Downstream vendors'),
      h(
        'p',
        { class: 'lede' },
        'Where outgoing mass goes: recyclers, energy-recovery plants and landfills. Recycled and energy-recovered loads may only go to a vendor certified on the day; each shipment waits for the vendor’s weighed receipt.',
      ),
      section('Vendors and their certification', vendorsTable(vendors, shipments)),
      section('Shipments', shipmentsFilter(status), h('div', { class: 'shipments-list', 'aria-live': 'polite' }, shipmentsList(first.items, first.nextCursor, status))),
    ];
  },

  bind(root, { status, first }, { navigate, loaders, signal }) {
    root.querySelector('form.shipments-filter').addEventListener('submit', (e) => {
      e.preventDefault();
      navigate('/vendors', { status: new FormData(e.currentTarget).get('status') });
    });
    const box = root.querySelector('.shipments-list');
    const shown = [...first.items];
    let cursor = first.nextCursor;
    const wire = () => box.querySelector('button[data-more]')?.addEventListener('click', more);
    async function more(e) {
      e.currentTarget.disabled = true;
      try {
        const page = await loaders.shipmentsPage({ status, limit: PAGE, cursor });
        shown.push(...page.items);
        cursor = page.nextCursor;
        fill(box, shipmentsList(shown, cursor, status));
        wire();
        box.querySelector('.pager button')?.focus();
      } catch (err) {
        if (err?.name === 'AbortError' || signal.aborted) return;
        showError(box, err, { context: 'Could not load more shipments' });
      }
    }
    wire();
  },
};

const PAGE = 50;

function vendorsTable(vendors, shipments) {
  if (!vendors.length) return empty('No vendors are registered yet. Register them with POST /vendors (operators and admins).');
  const byVendor = new Map();
  for (const s of shipments) {
    const c = byVendor.get(s.vendorCode) ?? { open: 0, receipted: 0 };
    c[s.status] += 1;
    byVendor.set(s.vendorCode, c);
  }
  const counts = { valid: 0, expiring: 0, expired: 0, none: 0 };
  for (const v of vendors) counts[v.certificationStatus] += 1;
  const rows = vendors.map((v) => {
    const c = byVendor.get(v.code) ?? { open: 0, receipted: 0 };
    return h(
      'tr',
      { dataset: { vendor: v.code, status: v.certificationStatus } },
      h('th', { scope: 'row' }, h('a', { href: `#/vendors/${encodeURIComponent(v.code)}` }, v.name), h('span', { class: 'cell-kg' }, v.code)),
      h('td', {}, v.country),
      h('td', {}, v.kinds.map(words).join(', ')),
      h('td', {}, certBadge(v)),
      h('td', {}, certLine(v)),
      h('td', { class: 'num' }, `${c.open} open · ${c.receipted} receipted`),
    );
  });
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'hint', dataset: { counts: JSON.stringify(counts) } },
      `As of ${vendors[0].asOf}: ${plural(counts.valid, 'vendor')} certified, ${counts.expiring} expiring within 60 days, ${counts.expired} expired, ${counts.none} without a certificate.`,
    ),
    tableWrap('Vendors', table('Vendors', ['Vendor', 'Country', 'Takes', 'Certification', 'Current certificate', { label: 'Shipments', num: true }], rows, { captionHidden: true })),
  );
}

function shipmentsFilter(status) {
  return h(
    'form',
    { class: 'toolbar shipments-filter', 'aria-label': 'Filter shipments' },
    selectField('Status', 'status', [['', 'Open and receipted'], ['open', 'Open'], ['receipted', 'Receipted']], status),
    h('button', { type: 'submit', class: 'secondary' }, 'Show shipments'),
  );
}

function shipmentsList(shown, cursor, status) {
  if (!shown.length) return empty(status ? `No ${status} shipments.` : 'No shipments yet: ship a vendor’s events from its page.');
  return h(
    'div',
    {},
    shipmentsTable('Shipments', shown),
    cursor ? h('div', { class: 'pager' }, h('button', { type: 'button', class: 'secondary', dataset: { more: '' } }, 'Show more'), h('span', {}, `${shown.length} shown`)) : h('p', { class: 'pager' }, `All ${shown.length} shown.`),
  );
}
