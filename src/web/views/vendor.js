/**
 * One vendor: its certificates, the events waiting to be shipped to it (with the form that
 * ships them, for keys that may create shipments), and its shipments (with a form for each
 * open one's weighed receipt, for keys that may record receipts).
 */
import { api, newIdempotencyKey } from '../api.js';
import { h, inputField, table, tableWrap, uid } from '../dom.js';
import { kgExact, plural, words } from '../format.js';
import { bindForm } from '../forms.js';
import { announce, empty, pageHeader, section } from '../ui.js';
import { certBadge, certLine, shipmentsTable, variance } from './vendors.js';

const SHIP = 'POST /shipments';
const RECEIPT = 'POST /shipments/{id}/receipt';
const today = () => new Date().toISOString().slice(0, 10);

export const vendorView = {
  title: ({ v }) => v.name,

  async load({ args: [code], loaders }) {
    const [v, unshipped, shipments] = await Promise.all([loaders.vendor(code), loaders.unshippedEvents(code), loaders.shipments({ vendorCode: code })]);
    return { v, unshipped, shipments };
  },

  render({ v, unshipped, shipments }, { can, handover }) {
    const facts = [
      ['Code', h('code', {}, v.code)],
      ['Country', v.country],
      ['Takes', v.kinds.map(words).join(', ')],
      ['Certification', certBadge(v)],
      ['Certified today', v.certifiedToday ? 'Yes' : 'No'],
      ['Current certificate expires', v.expiresOn ?? '—'],
      ['Certified without a gap until', v.certifiedUntil ?? '—'],
    ];
    return [
      h('p', { class: 'crumbs' }, h('a', { href: '#/vendors' }, '← All vendors')),
      pageHeader(v.name),
      handover?.said ? h('p', { class: 'notice ok', role: 'status', tabindex: '-1', dataset: { handover: '' } }, handover.said) : null,
      h('dl', { class: 'facts' }, facts.map(([k, x]) => h('div', {}, h('dt', {}, k), h('dd', {}, x)))),
      h('p', { class: 'hint' }, `As of ${v.asOf}: ${certLine(v)}.`),
      section('Certificates', certificates(v)),
      section('Events waiting to be shipped', unshippedEvents(v, unshipped, can(SHIP))),
      section('Shipments', shipmentsOf(v, shipments, can(RECEIPT))),
    ];
  },

  bind(root, { v }, ctx) {
    const ship = root.querySelector('form.ship');
    if (ship) bindShipForm(ship, v, ctx);
    for (const form of root.querySelectorAll('form.receipt-form')) bindReceiptForm(form, ctx);
    if (ctx.handover?.said) announce(ctx.handover.said);
  },
};

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

/** The vendor's events not yet in a shipment: to pick from and ship, for a key that may; to read, for the others. */
function unshippedEvents(v, events, mayShip) {
  if (!events.length) return empty('Every event that names this vendor is in a shipment.');
  const rows = events.map((e) => {
    const id = uid('evt');
    return h(
      'tr',
      { dataset: { event: e.eventId } },
      mayShip ? h('td', {}, h('input', { type: 'checkbox', id, name: 'eventId', value: e.eventId, dataset: { grams: Math.round(e.massKg * 1000) } })) : null,
      h('th', { scope: 'row', class: 'nowrap' }, mayShip ? h('label', { for: id }, e.occurredAt) : e.occurredAt),
      h('td', {}, h('a', { href: `#/units/${encodeURIComponent(e.unitId)}` }, e.serialNumber), h('span', { class: 'cell-kg' }, e.model)),
      h('td', {}, words(e.type)),
      h('td', {}, e.material ? words(e.material) : '—'),
      h('td', { class: 'num' }, kgExact(e.massKg)),
    );
  });
  const headers = [...(mayShip ? [{ label: h('input', { type: 'checkbox', 'aria-label': 'Select every event', dataset: { all: '' } }) }] : []), 'Date', 'Unit', 'Type', 'Material', { label: 'Mass', num: true }];
  const list = tableWrap('Events waiting to be shipped', table('Events waiting to be shipped', headers, rows, { captionHidden: true }));
  if (!mayShip) return h('div', {}, list, h('p', { class: 'hint' }, `${plural(events.length, 'event')} wait to be shipped; operators and administrators ship them from this page.`));
  const latest = events.reduce((d, e) => (e.occurredAt > d ? e.occurredAt : d), '');
  return h(
    'form',
    { class: 'ship', 'aria-label': `Ship events to ${v.name}`, dataset: { action: SHIP } },
    list,
    h(
      'div',
      { class: 'toolbar ship-form' },
      inputField('Shipped on', 'shippedAt', { type: 'date', required: true, value: today(), min: latest, max: today() }, 'Not before the latest event listed.'),
      inputField('Waybill or reference (optional)', 'reference', { maxlength: '100', autocomplete: 'off' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', disabled: true }, 'Create shipment'), h('span', { class: 'selection-total' })),
    ),
    h('div', { class: 'form-status', 'aria-live': 'polite' }),
  );
}

function bindShipForm(form, v, ctx) {
  const boxes = [...form.querySelectorAll('input[name=eventId]')];
  const button = form.querySelector('button[type=submit]');
  const total = form.querySelector('.selection-total');
  const key = newIdempotencyKey();
  const update = () => {
    const picked = boxes.filter((b) => b.checked);
    const grams = picked.reduce((g, b) => g + Number(b.dataset.grams), 0);
    total.textContent = `${plural(picked.length, 'event')} selected, ${kgExact(grams / 1000)}`;
    button.disabled = picked.length === 0;
  };
  for (const b of boxes) b.addEventListener('change', update);
  form.querySelector('[data-all]').addEventListener('change', (e) => {
    for (const b of boxes) b.checked = e.currentTarget.checked;
    update();
  });
  bindForm(form, {
    context: 'The shipment was not created',
    labels: { eventIds: 'Events' },
    send(d) {
      const reference = String(d.get('reference') ?? '').trim();
      const body = { vendorCode: v.code, shippedAt: String(d.get('shippedAt')), eventIds: d.getAll('eventId').map(String), ...(reference ? { reference } : {}) };
      return api('/shipments', { method: 'POST', headers: { 'Idempotency-Key': key }, body });
    },
    done: (s) => ctx.reload({ said: `Shipment ${s.id} created: ${plural(s.eventIds.length, 'event')}, ${kgExact(s.shippedKg)}.` }),
  });
  update();
}

/** This vendor's shipments; each open one has a form for its weighed receipt (for a key that may record it). */
function shipmentsOf(v, items, mayReceipt) {
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
    mayReceipt && open.length ? [h('h3', {}, 'Open: record the weighed receipt'), open.map(receiptForm)] : null,
    shipmentsTable(`Shipments to ${v.name}`, items, { vendorColumn: false }),
  );
}

function receiptForm(s) {
  return h(
    'form',
    { class: 'receipt-form', dataset: { shipment: s.id, action: RECEIPT }, 'aria-label': `Receipt of shipment ${s.id}` },
    h('p', {}, h('strong', {}, h('code', {}, s.id)), ` shipped ${s.shippedAt}: ${plural(s.eventIds.length - s.voidedEventIds.length, 'event')}, ${kgExact(s.shippedKg)}.`),
    h(
      'div',
      { class: 'toolbar' },
      inputField('Received on', 'receivedAt', { type: 'date', required: true, min: s.shippedAt, max: today(), value: today() }),
      inputField('Weighed (kg)', 'receivedKg', { type: 'text', required: true, inputmode: 'decimal', autocomplete: 'off' }),
      inputField('Certificate of recycling', 'certificateRef', { required: true, maxlength: '200', autocomplete: 'off' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record receipt')),
    ),
    h('div', { class: 'form-status', 'aria-live': 'polite' }),
  );
}

function bindReceiptForm(form, ctx) {
  const id = form.dataset.shipment;
  bindForm(form, {
    context: 'The receipt was not recorded',
    send(d) {
      const weighed = String(d.get('receivedKg') ?? '').trim().replace(',', '.');
      const body = { receivedAt: String(d.get('receivedAt')), receivedKg: weighed === '' ? undefined : Number(weighed), certificateRef: String(d.get('certificateRef')).trim() };
      return api(`/shipments/${encodeURIComponent(id)}/receipt`, { method: 'POST', body });
    },
    done: (r) => ctx.reload({ said: `Receipt recorded for ${id}: variance ${variance(r)}.` }),
  });
}
