import { allPages, api } from '../api.js';
import { fill, h, inputField, table, tableWrap, uid } from '../dom.js';
import { kgExact, plural, words } from '../format.js';
import { announce, empty, errorBox, pageHeader, part, section } from '../ui.js';
import { certBadge, certLine, shipmentsTable, variance } from './vendors.js';

const today = () => new Date().toISOString().slice(0, 10);

/** One vendor: its certificates, the events waiting to be shipped to it, and its shipments with their receipts. */
export async function renderVendor({ root, args, signal }) {
  const [code] = args;
  const v = await api(`/vendors/${encodeURIComponent(code)}`, { signal });
  const certs = h('div');
  const unshipped = h('div', { 'aria-live': 'polite' });
  const shipments = h('div', { 'aria-live': 'polite' });
  const facts = [
    ['Code', h('code', {}, v.code)],
    ['Country', v.country],
    ['Takes', v.kinds.map(words).join(', ')],
    ['Certification', certBadge(v)],
    ['Certified today', v.certifiedToday ? 'Yes' : 'No'],
    ['Current certificate expires', v.expiresOn ?? '—'],
    ['Certified without a gap until', v.certifiedUntil ?? '—'],
  ];
  fill(
    root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/vendors' }, '← All vendors')),
    pageHeader(v.name),
    h('dl', { class: 'facts' }, facts.map(([k, x]) => h('div', {}, h('dt', {}, k), h('dd', {}, x)))),
    h('p', { class: 'hint' }, `As of ${v.asOf}: ${certLine(v)}.`),
    section('Certificates', certs),
    section('Events waiting to be shipped', unshipped),
    section('Shipments', shipments),
  );
  const reload = async () => {
    await Promise.all([
      part(unshipped, 'the unshipped events', () => unshippedForm(v, signal, reload)),
      part(shipments, 'the shipments', () => shipmentsOf(v, signal, reload)),
    ]);
  };
  fill(certs, certificates(v));
  await reload();
}

function certificates(v) {
  const rows = v.certifications.map((c) => {
    const state = c.validTo < v.asOf ? 'ended' : c.validFrom > v.asOf ? 'not yet valid' : 'valid today';
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, c.scheme),
      h('td', {}, c.certificateNo),
      h('td', { class: 'nowrap' }, c.validFrom),
      h('td', { class: 'nowrap' }, c.validTo),
      h('td', {}, state),
      h('td', { class: 'nowrap' }, c.createdAt.slice(0, 10)),
    );
  });
  return h(
    'div',
    {},
    rows.length
      ? tableWrap('Certificates', table('Certificates', ['Scheme', 'Number', 'Valid from', 'Valid to', 'Today', 'Recorded'], rows, { captionHidden: true }))
      : empty('No certificate on record. Recycled and energy-recovered loads cannot go to this vendor until one is.'),
    h('p', { class: 'hint' }, 'Certificates are never edited or deleted; a renewal is a new certificate. Both dates are inclusive.'),
  );
}

/** The vendor's events not yet in a shipment, to pick from, and the form that ships them. */
async function unshippedForm(v, signal, reload) {
  const events = await allPages(`/vendors/${encodeURIComponent(v.code)}/unshipped-events`, {}, { signal });
  if (!events.length) return empty('Every event that names this vendor is in a shipment.');
  const status = h('div', { 'aria-live': 'polite' });
  const total = h('span', { class: 'selection-total' });
  const boxes = [];
  const update = () => {
    const picked = events.filter((_e, i) => boxes[i].checked);
    const grams = picked.reduce((g, e) => g + Math.round(e.massKg * 1000), 0);
    total.textContent = `${plural(picked.length, 'event')} selected, ${kgExact(grams / 1000)}`;
    button.disabled = picked.length === 0;
  };
  const all = h('input', {
    type: 'checkbox',
    'aria-label': 'Select every event',
    onchange: (e) => {
      for (const b of boxes) b.checked = e.currentTarget.checked;
      update();
    },
  });
  const rows = events.map((e) => {
    const id = uid('evt');
    const box = h('input', { type: 'checkbox', id, name: 'eventId', value: e.eventId, onchange: update });
    boxes.push(box);
    return h(
      'tr',
      { dataset: { event: e.eventId } },
      h('td', {}, box),
      h('th', { scope: 'row', class: 'nowrap' }, h('label', { for: id }, e.occurredAt)),
      h('td', {}, h('a', { href: `#/units/${encodeURIComponent(e.unitId)}` }, e.serialNumber), h('span', { class: 'cell-kg' }, e.model)),
      h('td', {}, words(e.type)),
      h('td', {}, e.material ? words(e.material) : '—'),
      h('td', { class: 'num' }, kgExact(e.massKg)),
    );
  });
  const latest = events.reduce((d, e) => (e.occurredAt > d ? e.occurredAt : d), '');
  const button = h('button', { type: 'submit', disabled: true }, 'Create shipment');
  const form = h(
    'form',
    {
      'aria-label': `Ship events to ${v.name}`,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const d = new FormData(form);
        const eventIds = d.getAll('eventId').map(String);
        button.disabled = true;
        try {
          const s = await api('/shipments', {
            method: 'POST',
            body: { vendorCode: v.code, shippedAt: String(d.get('shippedAt')), eventIds, ...(d.get('reference') ? { reference: String(d.get('reference')) } : {}) },
          });
          announce(`Shipment ${s.id} created: ${plural(eventIds.length, 'event')}, ${kgExact(s.shippedKg)}`);
          await reload();
        } catch (err) {
          fill(status, errorBox(err, 'The shipment was not created'));
          button.disabled = false;
        }
      },
    },
    tableWrap(
      'Events waiting to be shipped',
      table('Events waiting to be shipped', [{ label: all }, 'Date', 'Unit', 'Type', 'Material', { label: 'Mass', num: true }], rows, { captionHidden: true }),
    ),
    h(
      'div',
      { class: 'toolbar ship-form' },
      inputField('Shipped on', 'shippedAt', { type: 'date', required: true, value: today(), min: latest, max: today() }, 'Not before the latest event listed.'),
      inputField('Waybill or reference (optional)', 'reference', { maxlength: '100', autocomplete: 'off' }),
      h('div', { class: 'actions' }, button, total),
    ),
    status,
  );
  update();
  return form;
}

/** This vendor's shipments; each open one has a form for its weighed receipt. */
async function shipmentsOf(v, signal, reload) {
  const items = await allPages('/shipments', { vendorCode: v.code }, { signal });
  if (!items.length) return empty('No shipments to this vendor yet.');
  const open = items.filter((s) => s.status === 'open');
  const receipted = items.filter((s) => s.status === 'receipted');
  const sumG = (list, f) => list.reduce((g, s) => g + Math.round(f(s) * 1000), 0);
  const varianceG = sumG(receipted, (s) => s.varianceKg);
  const shippedG = sumG(receipted, (s) => s.shippedKg);
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'hint' },
      `${plural(open.length, 'open shipment')}, ${plural(receipted.length, 'receipted shipment')}; receipted loads weighed in at `,
      variance({ varianceKg: varianceG / 1000, varianceShare: shippedG ? varianceG / shippedG : null }),
      ' against what was shipped.',
    ),
    open.length ? h('h3', {}, 'Open: record the weighed receipt') : null,
    open.map((s) => receiptForm(s, reload)),
    shipmentsTable(`Shipments to ${v.name}`, items, { vendorColumn: false }),
  );
}

function receiptForm(s, reload) {
  const status = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Record receipt');
  const form = h(
    'form',
    {
      class: 'receipt-form',
      dataset: { shipment: s.id },
      'aria-label': `Receipt of shipment ${s.id}`,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const d = new FormData(form);
        button.disabled = true;
        try {
          const r = await api(`/shipments/${encodeURIComponent(s.id)}/receipt`, {
            method: 'POST',
            body: { receivedAt: String(d.get('receivedAt')), receivedKg: Number(d.get('receivedKg')), certificateRef: String(d.get('certificateRef')).trim() },
          });
          announce(`Receipt recorded for ${s.id}: variance ${variance(r)}`);
          await reload();
        } catch (err) {
          fill(status, errorBox(err, 'The receipt was not recorded'));
          button.disabled = false;
        }
      },
    },
    h('p', {}, h('strong', {}, h('code', {}, s.id)), ` shipped ${s.shippedAt}: ${plural(s.eventIds.length - s.voidedEventIds.length, 'event')}, ${kgExact(s.shippedKg)}.`),
    h(
      'div',
      { class: 'toolbar' },
      inputField('Received on', 'receivedAt', { type: 'date', required: true, min: s.shippedAt, max: today(), value: today() }),
      inputField('Weighed (kg)', 'receivedKg', { type: 'number', required: true, min: '0.001', step: '0.001', inputmode: 'decimal' }),
      inputField('Certificate of recycling', 'certificateRef', { required: true, maxlength: '200', autocomplete: 'off' }),
      h('div', { class: 'actions' }, button),
    ),
    status,
  );
  return form;
}
