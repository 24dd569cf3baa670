/**
 * The short form of one lifecycle event, built from the served API document's schema of
 * that event type (rules.js): exactly its fields, so a new event type or field appears
 * by itself. render builds it from what the unit page loaded; the unit page binds it
 * (onceForm) to POST /units/{id}/events.
 */
import { h } from '../dom.js';
import { field } from '../forms.js';
import { kgExact, label, words } from '../format.js';
import { recall } from '../device.js';

/**
 * What each action is called on its button and form. An outflow not named here (v1.2's
 * incinerated, disposed_other, ...) is named by the API document itself (`x-floor` on its
 * event schema), so a new outflow has its button without a change here.
 */
export const ACTIONS = {
  assessed: { button: 'Assess', title: 'Assess the unit', submit: 'Log assessment' },
  refurbishment_started: { button: 'Start refurbishment', title: 'Start refurbishment', submit: 'Log start' },
  refurbished: { button: 'Mark refurbished', title: 'Refurbishment finished', submit: 'Log refurbished' },
  released: { button: 'Release', title: 'Release the refurbished unit', submit: 'Log release' },
  part_harvested: { button: 'Harvest a part', title: 'Harvest a part', submit: 'Log part' },
  recycled: { button: 'Recycle', title: 'Send mass to recycling', submit: 'Log recycling' },
  energy_recovered: { button: 'Energy recovery', title: 'Send mass to energy recovery', submit: 'Log energy recovery' },
  landfilled: { button: 'Landfill', title: 'Send mass to landfill', submit: 'Log landfill' },
  data_sanitized: { button: 'Data sanitized', title: 'Record data sanitization', submit: 'Log sanitization' },
  voided: { button: 'Void an event', title: 'Void an event', submit: 'Void it' },
};
/** The action's names: the table above, else its event schema's `x-floor` (a later outflow), else the type in words. */
const namesOf = (type, schema) => ACTIONS[type] ?? schema?.['x-floor'] ?? { button: words(type), title: words(type) };
export const actionName = (type, schema) => namesOf(type, schema).button;
export const submitName = (type) => ACTIONS[type]?.submit ?? `Log ${words(type).toLowerCase()}`;

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
  treatmentCode: 'Treatment (R/D code)',
  wasteCode: 'Waste code (EWC)',
  hazardous: 'Hazardous waste',
  radioactive: 'Radioactive (licensed handler)',
  method: 'Method',
  standard: 'Standard',
  media: 'Media',
};
const HINTS = {
  route: 'What happens to the unit next; it may be assessed again to re-route until mass has left.',
  grade: 'A best … D worst.',
  reason: 'Say why, for whoever reads the timeline later.',
  treatmentCode: 'The EU Waste Framework Directive operation; filled in from the material. Change it only if the vendor’s paperwork says otherwise.',
  wasteCode: 'European List of Waste code, e.g. 16 02 14; a hazardous one ends in * (16 02 13*).',
  hazardous: 'Ticked by itself when the waste code ends in *.',
};

/**
 * The treatment code the API would record for these answers: the `x-default-*` rules its
 * document gives the field (by material for recycling, otherwise one code).
 */
const treatmentDefault = (schema, material) => schema['x-default-by-material']?.[material] ?? schema['x-default'] ?? '';
/** A hazardous List of Waste code ends in *. */
const hazardousCode = (code) => /\*\s*$/.test(code ?? '');
const CHOICE = new Set(['grade', 'route', 'channel', 'destination', 'method']);
/** The standard most floors follow, until this device remembers the one it used last. */
export const DEFAULT_STANDARD = 'NIST SP 800-88r1';

/** "2024-03-21 · Landfilled · 130.25 kg": an event as the person knows it. */
export const eventName = (e) => `${e.occurredAt} · ${words(e.type)}${e.massKg !== undefined ? ` · ${kgExact(e.massKg)}` : ''}${e.partNumber ? ` · ${e.partNumber}` : ''}`;

/**
 * The form of one action. `vendors` are those that may take this type (GET
 * /vendors?serves=type), or null when the type names no vendor; `values` are what the
 * person had entered, when the form opens again after a refusal.
 * Answers { form, fields, submit, cancel }.
 */
export function eventForm({ unit, type, schema, sites, vendors, values = {} }) {
  const P = schema.properties;
  const req = (n) => schema.required.includes(n);
  const b = unit.massBalance;
  const minDate = unit.events.filter((e) => !e.voided && e.type !== 'voided').reduce((m, e) => (e.occurredAt > m ? e.occurredAt : m), unit.receivedAt);
  // A field whose value is another field's (disposed_other's treatment is its operation) is not asked.
  const names = Object.keys(P).filter((n) => n !== 'type' && n !== 'occurredAt' && !P[n]['x-default-from']);
  const fields = [];
  for (const name of names) {
    const spec = { name, schema: P[name], required: req(name), label: LABELS[name] ?? words(name), hint: HINTS[name], value: values[name] };
    if (CHOICE.has(name) && P[name].enum) spec.widget = 'choice';
    if (name === 'massKg') {
      spec.hint = `${kgExact(b.remainingKg)} left to process.`;
      spec.rules = { maxKg: b.remainingKg, maxKgWhy: 'what is left on the unit' };
    }
    if (name === 'siteCode') {
      spec.widget = 'select';
      spec.options = sites.map((s) => [s.code, `${s.code} · ${s.name} (${s.country})`]);
      spec.value = [values.siteCode, recall('lastSite'), unit.siteCode].find((c) => sites.some((s) => s.code === c)) ?? '';
    }
    if (name === 'material') spec.options = P.material.enum.map((m) => [m, label(m)]);
    if (name === 'standard') {
      spec.value = values.standard ?? recall('lastStandard') ?? DEFAULT_STANDARD;
      spec.hint = 'The standard the media were sanitized to; this device remembers the last one used.';
    }
    if (name === 'treatmentCode') {
      spec.widget = 'select';
      spec.value = values.treatmentCode ?? treatmentDefault(P.treatmentCode);
    }
    if (name === 'eventId') {
      spec.widget = 'select';
      spec.required = true;
      spec.options = unit.voidableEventIds.map((id) => [id, eventName(unit.events.find((x) => x.id === id))]);
      spec.hint = 'Only events that can be voided now are listed; later events that depend on one must be voided first.';
    }
    if (name === 'vendorCode' && vendors) {
      spec.widget = 'select';
      spec.options = vendors.map((v) => [v.code, `${v.code} · ${v.name} (${v.country})`]);
      spec.hint = vendors.length ? 'Who takes the mass (optional).' : 'No vendor that takes this is registered.';
    }
    fields.push(field(spec));
  }
  fields.push(field({ name: 'occurredAt', schema: P.occurredAt, required: true, label: 'Date', minDate, value: values.occurredAt, rules: { minDate, minDateWhy: `${minDate}, the unit's latest event` } }));

  // Defaults as the operator fills the form: the treatment follows the material until it is
  // chosen by hand; a hazardous waste code ticks hazardous (and unticking it is refused).
  const byName = (n) => fields.find((f) => f.name === n);
  const [material, treatment, wasteCode, hazardous] = ['material', 'treatmentCode', 'wasteCode', 'hazardous'].map(byName);
  if (material && treatment) {
    let chosen = false;
    treatment.control.addEventListener('change', () => (chosen = true));
    material.root.addEventListener('change', () => {
      if (!chosen) treatment.control.value = treatmentDefault(P.treatmentCode, material.read());
    });
  }
  if (wasteCode && hazardous) {
    wasteCode.control.addEventListener('input', () => {
      if (hazardousCode(wasteCode.read())) hazardous.control.checked = true;
    });
    const checkHazard = hazardous.check;
    hazardous.check = () => {
      const r = checkHazard();
      if (r.value === false && hazardousCode(wasteCode.read())) {
        const error = 'must stay ticked: the waste code ends in *, so the waste is hazardous';
        hazardous.showError(error);
        return { error };
      }
      return r;
    };
  }

  const mass = fields.find((f) => f.name === 'massKg');
  if (mass) {
    const allLeft = h('button', { type: 'button', class: 'secondary small', dataset: { fill: 'remaining' } }, `All that is left (${kgExact(b.remainingKg)})`);
    allLeft.addEventListener('click', () => {
      mass.control.value = String(b.remainingKg);
      mass.control.dispatchEvent(new Event('input', { bubbles: true }));
      mass.check();
    });
    mass.root.insertBefore(allLeft, mass.root.querySelector('.echo'));
  }

  const submit = h('button', { type: 'submit', class: 'primary big' });
  const cancel = h('button', { type: 'button', class: 'secondary big', dataset: { cancel: '' } }, 'Cancel');
  const title = namesOf(type, schema).title;
  const form = h(
    'form',
    { class: 'floor-form event-form', 'aria-label': title, dataset: { type, action: 'POST /units/{id}/events' } },
    h('h3', { tabindex: '-1' }, title),
    h('p', { class: 'left-to-process', dataset: { remainingKg: b.remainingKg } }, h('strong', {}, `${kgExact(b.remainingKg)} left to process`), ` of ${kgExact(b.intakeKg)} · ${words(unit.state)}${unit.route ? `, route ${unit.route}` : ''}`),
    fields.map((f) => f.root),
    h('div', { class: 'actions sticky-actions' }, submit, cancel),
  );
  return { form, fields, submit, cancel };
}
