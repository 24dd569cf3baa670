import { api } from '../api.js';
import { h } from '../dom.js';
import { field, onceForm } from '../forms.js';
import { kgExact, label, words } from '../format.js';
import { lastSite } from './receive.js';

/** What each action is called on its button and form. */
export const ACTIONS = {
  assessed: { button: 'Assess', title: 'Assess the unit' },
  refurbishment_started: { button: 'Start refurbishment', title: 'Start refurbishment' },
  refurbished: { button: 'Mark refurbished', title: 'Refurbishment finished' },
  released: { button: 'Release', title: 'Release the refurbished unit' },
  part_harvested: { button: 'Harvest a part', title: 'Harvest a part' },
  recycled: { button: 'Recycle', title: 'Send mass to recycling' },
  energy_recovered: { button: 'Energy recovery', title: 'Send mass to energy recovery' },
  landfilled: { button: 'Landfill', title: 'Send mass to landfill' },
  data_sanitized: { button: 'Data sanitized', title: 'Record data sanitization' },
  voided: { button: 'Void an event', title: 'Void an event' },
};
export const actionName = (type) => ACTIONS[type]?.button ?? words(type);

const LABELS = {
  occurredAt: 'Date',
  grade: 'Grade',
  route: 'Route',
  siteCode: 'Site',
  warrantyMonths: 'Warranty (months)',
  destinationCountry: 'Destination country',
  partNumber: 'Part number',
  massKg: 'Mass (kg)',
  certificateRef: 'Certificate reference',
  eventId: 'Event to void',
  verifiedBy: 'Verified by',
  vendorCode: 'Vendor',
  method: 'Method',
  standard: 'Standard',
  media: 'Media',
};
const HINTS = {
  route: 'What happens to the unit next; it may be assessed again to re-route until mass has left.',
  grade: 'A best … D worst.',
  standard: 'For example NIST SP 800-88r1.',
  reason: 'Say why, for whoever reads the timeline later.',
};
/** The vendor kind an outgoing event names (contract v1.1). */
const VENDOR_KIND = { recycled: 'recycler', landfilled: 'landfill', energy_recovered: 'energy_recovery' };
const CHOICE = new Set(['grade', 'route', 'channel', 'destination', 'method']);

/**
 * The short form of one action: exactly the fields the API's schema of that event type
 * has (so new event types and fields appear by themselves), with what is left to
 * process, sent once with the form's own Idempotency-Key.
 */
export async function eventForm({ unit, type, schema, sites, onDone, onCancel, signal }) {
  const P = schema.properties;
  const req = (n) => schema.required.includes(n);
  const b = unit.massBalance;
  const minDate = unit.events.filter((e) => !e.voided && e.type !== 'voided').reduce((m, e) => (e.occurredAt > m ? e.occurredAt : m), unit.receivedAt);
  const names = Object.keys(P).filter((n) => n !== 'type' && n !== 'occurredAt');
  const fields = [];
  for (const name of names) {
    const spec = { name, schema: P[name], required: req(name), label: LABELS[name] ?? words(name), hint: HINTS[name] };
    if (CHOICE.has(name) && P[name].enum) spec.widget = 'choice';
    if (name === 'massKg') {
      spec.hint = `${kgExact(b.remainingKg)} left to process.`;
      spec.rules = { maxKg: b.remainingKg, maxKgWhy: 'what is left on the unit' };
    }
    if (name === 'siteCode') {
      spec.widget = 'select';
      spec.options = sites.map((s) => [s.code, `${s.code} · ${s.name} (${s.country})`]);
      spec.value = [lastSite(), unit.siteCode].find((c) => sites.some((s) => s.code === c)) ?? '';
    }
    if (name === 'material') spec.options = P.material.enum.map((m) => [m, label(m)]);
    if (name === 'eventId') {
      spec.widget = 'select';
      spec.required = true;
      spec.options = unit.voidableEventIds.map((id) => {
        const e = unit.events.find((x) => x.id === id);
        return [id, `${e.occurredAt} · ${words(e.type)}${e.massKg !== undefined ? ` · ${kgExact(e.massKg)}` : ''}${e.partNumber ? ` · ${e.partNumber}` : ''}`];
      });
      spec.hint = 'Only events that can be voided now are listed; later events that depend on one must be voided first.';
    }
    if (name === 'vendorCode') {
      const vendors = await vendorsOf(VENDOR_KIND[type], signal);
      if (vendors) {
        spec.widget = 'select';
        spec.options = vendors.map((v) => [v.code, `${v.code} · ${v.name} (${v.country})`]);
        spec.hint = vendors.length ? 'Who takes the mass (optional).' : 'No vendor of this kind is registered.';
      }
    }
    const f = field(spec);
    fields.push(f);
  }
  const date = field({ name: 'occurredAt', schema: P.occurredAt, required: true, label: 'Date', minDate, rules: { minDate, minDateWhy: `${minDate}, the unit's latest event` } });
  fields.push(date);

  const mass = fields.find((f) => f.name === 'massKg');
  const allLeft =
    mass &&
    h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        onclick: () => {
          mass.control.value = String(b.remainingKg);
          mass.control.dispatchEvent(new Event('input', { bubbles: true }));
          mass.check();
        },
      },
      `All that is left (${kgExact(b.remainingKg)})`,
    );
  if (allLeft) mass.root.insertBefore(allLeft, mass.root.querySelector('.echo'));

  const submit = h('button', { type: 'submit', class: 'primary big' });
  const cancel = h('button', { type: 'button', class: 'secondary big', onclick: onCancel }, 'Cancel');
  const title = ACTIONS[type]?.title ?? words(type);
  const form = h(
    'form',
    { class: 'floor-form event-form', 'aria-label': title, dataset: { type } },
    h('h3', { tabindex: '-1' }, title),
    h('p', { class: 'left-to-process', dataset: { remainingKg: b.remainingKg } }, h('strong', {}, `${kgExact(b.remainingKg)} left to process`), ` of ${kgExact(b.intakeKg)} · ${words(unit.state)}${unit.route ? `, route ${unit.route}` : ''}`),
    fields.map((f) => f.root),
    h('div', { class: 'actions sticky-actions' }, submit, cancel),
  );
  onceForm({
    form,
    fields,
    submit,
    path: `/units/${encodeURIComponent(unit.id)}/events`,
    label: type === 'voided' ? 'Void it' : `Log ${words(type).toLowerCase()}`,
    busyLabel: 'Logging…',
    body: (body) => ({ type, ...body }),
    onDone,
  });
  return form;
}

const vendorCache = new Map();
/** Vendors of a kind, or null when this service has no vendor list (then the code is typed). */
async function vendorsOf(kind, signal) {
  try {
    if (!vendorCache.has('all')) vendorCache.set('all', await api('/vendors', { signal }));
    const all = vendorCache.get('all');
    const list = Array.isArray(all) ? all : (all.items ?? []);
    return list.filter((v) => !kind || !v.kinds || v.kinds.includes(kind));
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    return null;
  }
}
