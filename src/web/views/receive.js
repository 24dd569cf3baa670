/**
 * Intake: every field of a unit, checked with the API's own rules (the served document's
 * CreateUnit), sent once. The site is remembered on this device.
 */
import { fill, h } from '../dom.js';
import { recall, remember } from '../device.js';
import { field, onceForm } from '../forms.js';
import { kgExact, label, words } from '../format.js';
import { unitRules } from '../rules.js';
import { cameraButton, watchWedge } from '../scan.js';
import { announce, pageHeader } from '../ui.js';

// The contract's defaults of dataBearing (v1.1): units that may hold patient data.
const DATA_BEARING = new Set(['imaging', 'ultrasound', 'surgical']);
const KNOWN = ['serialNumber', 'category', 'modality', 'model', 'massKg', 'massSource', 'originCountry', 'siteCode', 'receivedAt', 'returnChannel', 'dataBearing'];

export const receiveView = {
  async load({ loaders }) {
    const [doc, sites] = await Promise.all([loaders.apiDocument(), loaders.sites()]);
    return { rules: unitRules(doc), sites };
  },

  render({ rules, sites }, { params }) {
    const P = rules.properties;
    const req = (n) => rules.required.includes(n);
    const spec = (name, more = {}) => ({ name, schema: P[name], required: req(name), ...more });
    const codes = new Set(sites.map((s) => s.code));
    const last = recall('lastSite');
    const preferredSite = [params.get('site'), last].find((c) => c && codes.has(c)) ?? (sites.length === 1 ? sites[0].code : '');

    const f = {
      serial: field(spec('serialNumber', { label: 'Serial number', hint: 'Type it, scan it with a barcode scanner, or use the camera.', attrs: { autocapitalize: 'characters', enterkeyhint: 'next' } })),
      category: field(spec('category', { widget: 'choice', options: P.category.enum.map((c) => [c, label(c)]) })),
      modality: field(
        spec('modality', {
          widget: 'choice',
          options: P.modality.enum.map((m) => [m, m]),
          hint: 'Required for imaging.',
          markOptional: false,
          check: (v) => (f.category.read() === 'imaging' && !v ? 'is required for imaging (MR, CT, XR, MI, MAMMO)' : null),
        }),
      ),
      model: field(spec('model', { attrs: { enterkeyhint: 'next' } })),
      mass: field(spec('massKg', { label: 'Intake mass (kg)', hint: 'Up to three decimals (whole grams), e.g. 2450.5.' })),
      massSource: field(spec('massSource', { label: 'Mass is', widget: 'choice', value: P.massSource.default ?? 'measured', options: P.massSource.enum.map((v) => [v, v === 'model_default' ? 'Model default' : 'Measured']), required: true })),
      origin: field(spec('originCountry', { label: 'Origin country', hint: 'Two letters, e.g. US, DE, HU.' })),
      site: field(spec('siteCode', { label: 'Site', widget: 'select', value: preferredSite, options: sites.map((s) => [s.code, `${s.code} · ${s.name} (${s.country})`]), hint: preferredSite && preferredSite === last ? 'The last site used on this device.' : undefined })),
      received: field(spec('receivedAt', { label: 'Received on' })),
      channel: field(spec('returnChannel', { widget: 'choice', options: P.returnChannel.enum.map((v) => [v, words(v)]) })),
      dataBearing: P.dataBearing ? field(spec('dataBearing', { label: 'May hold patient data', widget: 'checkbox', value: false, hint: 'Set from the category (imaging, ultrasound, surgical hold data); change it if this unit differs.' })) : null,
    };
    // Fields the API has that this form does not know by name still get a control.
    const extra = Object.keys(P)
      .filter((n) => !KNOWN.includes(n))
      .map((name) => field(spec(name)));
    const fields = [...Object.values(f).filter(Boolean), ...extra];
    f.modality.root.hidden = true;

    const scanNote = h('p', { class: 'scan-note', 'aria-live': 'polite' });
    const scanRow = h('div', { class: 'scan-row' }, scanNote);
    f.serial.root.insertBefore(scanRow, f.serial.root.querySelector('.hint'));
    const submit = h('button', { type: 'submit', class: 'primary big' });
    const form = h(
      'form',
      { class: 'floor-form', 'aria-label': 'Receive a unit', dataset: { action: 'POST /units' } },
      h('div', { class: 'panel' }, f.serial.root, f.category.root, f.modality.root, f.model.root),
      h('div', { class: 'panel' }, f.mass.root, f.massSource.root, f.origin.root),
      h('div', { class: 'panel' }, f.site.root, f.received.root, f.channel.root, f.dataBearing?.root, extra.map((x) => x.root)),
      h('div', { class: 'actions sticky-actions' }, submit),
    );
    const result = h('div', { class: 'intake-result', 'aria-live': 'polite' });
    return {
      nodes: [pageHeader('Receive a unit'), h('p', { class: 'lede' }, 'Scan or type the serial, weigh the unit, and save. The site is remembered on this device.'), h('div', { class: 'intake' }, result, form)],
      refs: { f, fields, form, submit, scanNote, scanRow },
    };
  },

  bind(root, _data, _ctx, { f, fields, form, submit, scanNote, scanRow }) {
    const category = () => f.category.read();
    let dataBearingTouched = false;
    f.dataBearing?.control.addEventListener('change', () => (dataBearingTouched = true));
    f.category.root.addEventListener('change', () => {
      f.modality.root.hidden = category() !== 'imaging' && !f.modality.read();
      if (f.dataBearing && !dataBearingTouched) f.dataBearing.control.checked = DATA_BEARING.has(category());
      if (f.modality.root.classList.contains('invalid')) f.modality.check();
    });

    // A scanner's Enter moves on to the next field instead of sending a half-filled form.
    watchWedge(f.serial.control, {
      onEnter: (value, { scanned }) => {
        scanNote.textContent = value ? (scanned ? `Scanned: ${value}` : '') : '';
        f.serial.check();
        f.category.focus();
      },
    });
    scanRow.prepend(
      cameraButton(f.serial.control, {
        after: (text) => {
          scanNote.textContent = `Read by the camera: ${text}`;
          f.serial.check();
          f.category.focus();
        },
        onError: (e) => (scanNote.textContent = e.message),
      }),
    );

    const wrap = root.querySelector('.intake');
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
        remember('lastSite', u.siteCode);
        announce(`Received ${u.serialNumber}`);
        fill(wrap, received(u));
        wrap.firstChild.focus();
      },
    });
    f.serial.control.focus();
  },
};

function received(u) {
  return h(
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
  );
}
