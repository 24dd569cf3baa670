import { api } from '../api.js';
import { fill, h } from '../dom.js';
import { field, onceForm } from '../forms.js';
import { kgExact, label, words } from '../format.js';
import { unitRules } from '../rules.js';
import { cameraButton, watchWedge } from '../scan.js';
import { announce, pageHeader } from '../ui.js';

/** The site last used on this device: a site code only (the key never leaves sessionStorage). */
const LAST_SITE = 'circularity.lastSite';
export const lastSite = () => {
  try {
    return localStorage.getItem(LAST_SITE);
  } catch {
    return null;
  }
};
export const rememberSite = (code) => {
  try {
    localStorage.setItem(LAST_SITE, code);
  } catch {
    /* private mode: the form just starts without a default */
  }
};

// The contract's defaults of dataBearing (v1.1): units that may hold patient data.
const DATA_BEARING = new Set(['imaging', 'ultrasound', 'surgical']);
const KNOWN = ['serialNumber', 'category', 'modality', 'model', 'massKg', 'massSource', 'originCountry', 'siteCode', 'receivedAt', 'returnChannel', 'dataBearing'];

/** Intake: every field of a unit, checked with the API's rules, sent once. */
export async function renderReceive({ root, signal, params }) {
  const [rules, sites] = await Promise.all([unitRules(), api('/sites', { signal })]);
  const siteList = Array.isArray(sites) ? sites : (sites.items ?? []);
  fill(root, pageHeader('Receive a unit'), h('p', { class: 'lede' }, 'Scan or type the serial, weigh the unit, and save. The site is remembered on this device.'), intakeForm(rules, siteList, params));
  root.querySelector('input[name=serialNumber]')?.focus();
}

function intakeForm(rules, sites, params) {
  const P = rules.properties;
  const req = (n) => rules.required.includes(n);
  const spec = (name, more = {}) => ({ name, schema: P[name], required: req(name), ...more });
  const siteCodes = new Set(sites.map((s) => s.code));
  const preferredSite = [params?.get('site'), lastSite()].find((c) => c && siteCodes.has(c)) ?? (sites.length === 1 ? sites[0].code : '');

  const scanNote = h('p', { class: 'scan-note', 'aria-live': 'polite' });
  const fields = [];
  const serial = field(spec('serialNumber', { label: 'Serial number', hint: 'Type it, scan it with a barcode scanner, or use the camera.', attrs: { autocapitalize: 'characters', enterkeyhint: 'next' } }));
  const category = field(spec('category', { widget: 'choice', options: P.category.enum.map((c) => [c, label(c)]) }));
  const modality = field(
    spec('modality', {
      widget: 'choice',
      options: P.modality.enum.map((m) => [m, m]),
      hint: 'Required for imaging.',
      markOptional: false,
      check: (v) => (readCategory() === 'imaging' && !v ? 'is required for imaging (MR, CT, XR, MI, MAMMO)' : null),
    }),
  );
  const model = field(spec('model', { attrs: { enterkeyhint: 'next' } }));
  const mass = field(spec('massKg', { label: 'Intake mass (kg)', hint: 'Up to three decimals (whole grams), e.g. 2450.5.' }));
  const massSource = field(spec('massSource', { label: 'Mass is', widget: 'choice', value: P.massSource.default ?? 'measured', options: P.massSource.enum.map((v) => [v, v === 'model_default' ? 'Model default' : 'Measured']), required: true }));
  const origin = field(spec('originCountry', { label: 'Origin country', hint: 'Two letters, e.g. US, DE, HU.' }));
  const site = field(spec('siteCode', { label: 'Site', widget: 'select', value: preferredSite, options: sites.map((s) => [s.code, `${s.code} · ${s.name} (${s.country})`]), hint: preferredSite && preferredSite === lastSite() ? 'The last site used on this device.' : undefined }));
  const received = field(spec('receivedAt', { label: 'Received on' }));
  const channel = field(spec('returnChannel', { widget: 'choice', options: P.returnChannel.enum.map((v) => [v, words(v)]) }));
  fields.push(serial, category, modality, model, mass, massSource, origin, site, received, channel);

  let dataBearing = null;
  if (P.dataBearing) {
    dataBearing = field(spec('dataBearing', { label: 'May hold patient data', widget: 'checkbox', value: false, hint: 'Set from the category (imaging, ultrasound, surgical hold data); change it if this unit differs.' }));
    fields.push(dataBearing);
  }
  // Fields the API has that this form does not know by name still get a control.
  const extra = Object.keys(P)
    .filter((n) => !KNOWN.includes(n))
    .map((name) => field(spec(name)));
  fields.push(...extra);

  function readCategory() {
    return category.read();
  }
  let dataBearingTouched = false;
  dataBearing?.control.addEventListener('change', () => (dataBearingTouched = true));
  category.root.addEventListener('change', () => {
    modality.root.hidden = readCategory() !== 'imaging' && !modality.read();
    if (dataBearing && !dataBearingTouched) dataBearing.control.checked = DATA_BEARING.has(readCategory());
    if (modality.root.classList.contains('invalid')) modality.check();
  });
  modality.root.hidden = true;

  // A scanner's Enter moves on to the next field instead of sending a half-filled form.
  watchWedge(serial.control, {
    onEnter: (value, { scanned }) => {
      scanNote.textContent = value ? (scanned ? `Scanned: ${value}` : '') : '';
      serial.check();
      category.focus();
    },
  });
  const camera = cameraButton(serial.control, {
    after: (text) => {
      scanNote.textContent = `Read by the camera: ${text}`;
      serial.check();
      category.focus();
    },
    onError: (e) => (scanNote.textContent = e.message),
  });
  serial.root.insertBefore(h('div', { class: 'scan-row' }, camera, scanNote), serial.root.querySelector('.hint'));

  const submit = h('button', { type: 'submit', class: 'primary big' });
  const form = h(
    'form',
    { class: 'floor-form', 'aria-label': 'Receive a unit' },
    h('div', { class: 'panel' }, serial.root, category.root, modality.root, model.root),
    h('div', { class: 'panel' }, mass.root, massSource.root, origin.root),
    h('div', { class: 'panel' }, site.root, received.root, channel.root, dataBearing?.root, extra.map((f) => f.root)),
    h('div', { class: 'actions sticky-actions' }, submit),
  );
  const result = h('div', { 'aria-live': 'polite' });
  const wrap = h('div', {}, result, form);
  onceForm({
    form,
    fields,
    submit,
    path: '/units',
    label: 'Receive unit',
    busyLabel: 'Receiving…',
    // A duplicate serial names the open unit that has it: offer to open it.
    explain: (err) => {
      const existing = err.problem?.existingUnitId;
      return existing ? h('p', {}, h('a', { href: `#/units/${encodeURIComponent(existing)}` }, `Open the unit that has this serial (${existing})`)) : null;
    },
    body: (b) => {
      if (b.category !== 'imaging' && !b.modality) delete b.modality;
      return b;
    },
    onDone: (u) => {
      rememberSite(u.siteCode);
      announce(`Received ${u.serialNumber}`);
      fill(
        wrap,
        h(
          'div',
          { class: 'notice ok received', role: 'status', tabindex: '-1', dataset: { unitId: u.id } },
          h('p', { class: 'notice-title' }, `Received ${u.serialNumber}`),
          h('p', {}, `${u.model} · ${label(u.category)}${u.modality ? ` · ${u.modality}` : ''} · ${kgExact(u.massKg)} at ${u.siteCode} on ${u.receivedAt}. Unit id `, h('code', {}, u.id), '.'),
          u.exclusionReason === 'china_policy' ? h('p', {}, 'China policy: this unit may only be recycled or landfilled.') : null,
          h(
            'div',
            { class: 'actions stack' },
            h('a', { class: 'button big', href: `#/units/${encodeURIComponent(u.id)}` }, 'Open the unit'),
            h('a', { class: 'button secondary big', href: `#/units/${encodeURIComponent(u.id)}/label` }, 'Print its label'),
            h('a', { class: 'button secondary big', href: `#/receive?site=${encodeURIComponent(u.siteCode)}&n=${Date.now()}` }, 'Receive another'),
          ),
        ),
      );
      wrap.firstChild.focus();
    },
  });
  return wrap;
}
