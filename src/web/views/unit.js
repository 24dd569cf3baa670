/**
 * One unit: what may be logged next (for keys that may log events), its facts, its mass
 * balance as a bar, its sanitization (a part), and its timeline with voided events marked.
 */
import { fill, h } from '../dom.js';
import { remember } from '../device.js';
import { onceForm } from '../forms.js';
import { dateTime, kg, kgExact, label, pct, words } from '../format.js';
import { eventRules } from '../rules.js';
import { announce, errorPanel, pageHeader, section, showError } from '../ui.js';
import { slot } from '../view.js';
import { ACTIONS, actionName, eventForm, eventName, submitName } from './event-forms.js';
import { mediaText, unitSanitizationPart } from './sanitization.js';

const LOG = 'POST /units/{id}/events';

/** How the bar draws the balance's parts; an outflow not named here is drawn as "other" and named in words. */
const PART_STYLE = {
  refurbishedKg: { label: 'Refurbished', cls: 'refurbished' },
  harvestedKg: { label: 'Harvested parts', cls: 'harvested' },
  recycledKg: { label: 'Recycled', cls: 'recycled' },
  energyRecoveredKg: { label: 'Energy recovered', cls: 'energy' },
  landfilledKg: { label: 'Landfilled', cls: 'landfilled' },
  remainingKg: { label: 'Remaining', cls: 'remaining' },
};
/** The balance's parts as the API answers them (every outflow, then what remains). */
const partsOf = (b) =>
  [...Object.keys(b).filter((k) => k !== 'intakeKg' && k !== 'reusedKg' && k !== 'remainingKg'), 'remainingKg'].map((key) => ({
    key,
    ...(PART_STYLE[key] ?? { label: words(key.replace(/Kg$/, '')), cls: 'other-outflow' }),
  }));

const ENUMS = new Set(['route', 'channel', 'destination', 'material', 'method']);
const COMMON = new Set(['id', 'unitId', 'type', 'occurredAt', 'recordedAt', 'actor', 'actorName', 'voided', 'voidedBy', 'seq', 'prevHash', 'hash']);

export const unitView = {
  title: (d) => `Unit ${d.unit.serialNumber}`,

  async load({ args: [id], loaders, can }) {
    const unit = await loaders.unit(id);
    if (!can(LOG)) return { unit, steps: null };
    // What the next steps need: the event schemas, the sites, and whether the sanitization gate holds things back.
    const [doc, sites, sanitization, health] = await Promise.all([loaders.apiDocument(), loaders.sites(), loaders.unitSanitization(id), loaders.health()]);
    return { unit, steps: { rules: eventRules(doc), sites, gated: health.policy.sanitizationRequired && sanitization.status === 'pending' } };
  },

  render({ unit: u, steps }, ctx) {
    const logged = ctx.handover?.logged;
    const facts = [
      ['State', h('span', { class: `badge state-${u.state}` }, words(u.state))],
      ['Route', u.route ? words(u.route) : 'Not assessed yet'],
      ['Category', `${label(u.category)}${u.modality ? ` · ${u.modality}` : ''}`],
      ['Model', u.model],
      ['Intake mass', `${kgExact(u.massKg)}${u.massSource === 'model_default' ? ' (model default)' : ' (measured)'}`],
      ['Origin', `${u.originCountry} · ${label(u.region)}`],
      ['Site', u.siteCode],
      ['Received', u.receivedAt],
      ['Return channel', words(u.returnChannel)],
      ['Patient data', u.dataBearing ? 'May hold patient data' : 'Holds none'],
      ['Closed', u.closedAt ?? 'Open'],
      ['Unit id', h('code', {}, u.id)],
    ];
    return [
      h('p', { class: 'crumbs' }, h('a', { href: '#/units' }, '← All units')),
      pageHeader(
        `Unit ${u.serialNumber}`,
        h('p', { class: 'unit-status' }, h('span', { class: `badge state-${u.state}` }, words(u.state)), ' ', u.state === 'closed' ? 'nothing left to process' : `${kgExact(u.massBalance.remainingKg)} left to process`),
      ),
      logged ? h('p', { class: 'notice ok flash', role: 'status', tabindex: '-1', dataset: { handover: '' } }, logged) : null,
      steps ? section('Next step', h('div', { class: 'next-steps' })) : null,
      h('p', { class: 'actions' }, h('a', { class: 'button secondary', href: `#/units/${encodeURIComponent(u.id)}/label` }, 'Print label')),
      u.exclusionReason === 'china_policy'
        ? h('p', { class: 'notice info' }, h('strong', {}, 'China policy. '), `This unit ${u.originCountry === 'CN' ? 'comes from China' : 'was received at a site in China'}: it may only be recycled or landfilled, and it is left out of reports by default.`)
        : null,
      h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
      section('Mass balance', massBalance(u.massBalance)),
      slot('sanitization', 'Patient-data sanitization'),
      section('Timeline', timeline(u.events)),
    ];
  },

  bind(root, data, ctx) {
    for (const a of root.querySelectorAll('a[data-jump]')) a.addEventListener('click', jump(a.dataset.jump));
    if (ctx.handover?.logged) announce(ctx.handover.logged);
    const box = root.querySelector('.next-steps');
    if (box) nextSteps(box, data, ctx);
  },

  parts: { sanitization: unitSanitizationPart },
};

/**
 * The actions the API says the ledger accepts next (allowedNext), each opening its short
 * form in place; void last, apart, since it undoes rather than moves the unit on. After a
 * refusal the page was read again (ctx.handover.refused): the same form reopens with what
 * the person entered when the unit still allows it, else the refusal says why here.
 */
function nextSteps(box, { unit: u, steps }, ctx) {
  const allowed = u.allowedNext;
  const refused = ctx.handover?.refused;
  const forward = allowed.filter((t) => t !== 'voided');

  const showButtons = (lead) => {
    if (!allowed.length) {
      fill(box, lead, h('p', { class: 'hint' }, u.state === 'closed' ? 'The unit is closed and none of its events can be voided now.' : 'Nothing can be logged for this unit today (its year may be locked).'));
      return;
    }
    fill(
      box,
      lead,
      h('p', { class: 'hint' }, forward.length ? 'What the unit may do next:' : 'Nothing moves the unit on from here; an event may still be voided.'),
      // Why recycling, landfill and release are missing, where one looks for them.
      steps.gated && forward.length
        ? h(
            'p',
            { class: 'notice warn gate-note', dataset: { gate: 'sanitization' } },
            h('strong', {}, 'Why no recycling, landfill or release: '),
            'this unit may hold patient data and has no sanitization record, so nothing may leave it until “Data sanitized” is logged.',
          )
        : null,
      h(
        'div',
        { class: 'action-grid' },
        forward.map((t) => h('button', { type: 'button', class: t === 'data_sanitized' && steps.gated ? 'action big primary-step' : 'action big', dataset: { action: LOG, type: t } }, actionName(t, steps.rules.get(t)))),
      ),
      allowed.includes('voided') ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary big', dataset: { action: LOG, type: 'voided' } }, ACTIONS.voided.button)) : null,
    );
    for (const b of box.querySelectorAll('button[data-type]')) b.addEventListener('click', () => open(b.dataset.type));
  };

  async function open(type, { values, refusal } = {}) {
    const schema = steps.rules.get(type);
    if (!schema) {
      showError(box, new Error(`The API document has no "${type}" event.`));
      return;
    }
    try {
      // The vendors that may take this event's mass, when its schema names one.
      const vendors = schema.properties.vendorCode ? await ctx.loaders.vendors({ serves: type, order: 'asc' }) : null;
      const f = eventForm({ unit: u, type, schema, sites: steps.sites, vendors, values });
      fill(box, f.form);
      f.cancel.addEventListener('click', () => {
        showButtons(null);
        box.querySelector(`[data-type="${type}"]`)?.focus();
      });
      const { status } = onceForm({
        form: f.form,
        fields: f.fields,
        submit: f.submit,
        path: `/units/${encodeURIComponent(u.id)}/events`,
        label: submitName(type),
        busyLabel: 'Logging…',
        body: (body) => ({ type, ...body }),
        onDone: (e, body) => {
          if (type === 'data_sanitized') remember('lastStandard', body.standard);
          if (type === 'refurbishment_started') remember('lastSite', body.siteCode);
          const target = e.type === 'voided' ? u.events.find((x) => x.id === e.eventId) : null;
          ctx.reload({ logged: `Logged: ${words(e.type)}${e.massKg !== undefined ? `, ${kgExact(e.massKg)}` : ''}${target ? ` (${eventName(target)} no longer counts)` : ''}.` });
        },
        // The ledger refused because the unit is not what this page showed: read it again.
        onRefused: (err, entered) => ctx.reload({ refused: { type, err, values: entered } }),
      });
      if (refusal) {
        const panel = errorPanel(refusal, { context: 'Not logged' });
        panel.append(h('p', {}, `The unit was read again: ${kgExact(u.massBalance.remainingKg)} is left on it now. Check the form and log again.`));
        fill(status, panel);
        panel.focus();
      } else (f.form.querySelector('input, select, textarea') ?? f.form.querySelector('h3')).focus();
    } catch (err) {
      if (err?.name !== 'AbortError') showError(box, err, { context: 'Could not open the form' });
    }
  }

  if (refused && allowed.includes(refused.type)) {
    open(refused.type, { values: refused.values, refusal: refused.err });
    return;
  }
  if (refused) {
    const panel = errorPanel(refused.err, { context: `${actionName(refused.type)}: not logged` });
    panel.dataset.handover = '';
    panel.append(h('p', {}, `The unit was read again; “${actionName(refused.type)}” is not among its next steps now.`));
    showButtons(panel);
    return;
  }
  showButtons(null);
}

function massBalance(b) {
  const PARTS = partsOf(b);
  const intake = b.intakeKg || 0;
  const share = (v) => (intake > 0 ? v / intake : 0);
  const bar = h(
    'div',
    { class: 'balance-bar', role: 'img', 'aria-label': `Mass balance of ${kgExact(intake)}: ${PARTS.map((p) => `${p.label} ${kgExact(b[p.key])}`).join(', ')}.` },
    PARTS.filter((p) => b[p.key] > 0).map((p) => h('span', { class: `seg ${p.cls}`, style: { width: `${share(b[p.key]) * 100}%` }, title: `${p.label}: ${kg(b[p.key])}` })),
  );
  const legend = h(
    'ul',
    { class: 'balance-legend' },
    PARTS.map((p) =>
      h(
        'li',
        { dataset: { part: p.key, value: b[p.key] } },
        h('span', { class: `swatch ${p.cls}`, 'aria-hidden': 'true' }),
        h('span', { class: 'legend-label' }, p.label),
        h('span', { class: 'legend-value' }, `${kgExact(b[p.key])} (${pct(share(b[p.key]), 1)})`),
      ),
    ),
  );
  return h('div', {}, bar, legend, h('p', { class: 'hint' }, `Reused (refurbished + harvested + recycled): ${kgExact(b.reusedKg)} of ${kgExact(intake)} received.`));
}

function timeline(events) {
  if (!events.length) return h('div', { class: 'notice empty' }, h('p', {}, 'No events yet: the unit has been received and waits for assessment.'));
  const byId = new Map(events.map((e) => [e.id, e]));
  return h(
    'ol',
    { class: 'timeline' },
    events.map((e) =>
      h(
        'li',
        { class: e.voided ? 'event voided' : 'event', id: e.id, dataset: { type: e.type } },
        h('p', { class: 'event-head' }, h('time', { datetime: e.occurredAt }, e.occurredAt), ' ', h('strong', {}, words(e.type)), e.voided ? h('span', { class: 'badge voided-badge' }, 'Voided') : null),
        h('p', { class: 'event-body' }, describe(e, byId)),
        e.voided ? h('p', { class: 'event-void' }, 'Cancelled by ', eventLink(byId.get(e.voidedBy), e.voidedBy), '; it no longer counts.') : null,
        h(
          'p',
          { class: 'event-meta' },
          `Recorded ${dateTime(e.recordedAt)} by ${e.actorName ?? e.actor} · `,
          h('code', {}, e.id),
          e.hash ? [` · ledger entry #${e.seq} `, h('code', { class: 'hash', title: `sha256 ${e.hash}` }, `${e.hash.slice(0, 12)}…`)] : null,
        ),
      ),
    ),
  );
}

/** A link to an event of the timeline, named as the person knows it ("the landfilled of 2024-03-21, 130.25 kg"). */
function eventLink(e, id) {
  const text = e ? `the ${words(e.type).toLowerCase()} of ${e.occurredAt}${e.massKg !== undefined ? ` (${kgExact(e.massKg)})` : ''}` : id;
  return h('a', { href: `#${id}`, dataset: { jump: id } }, text);
}

// In-page links to events must not change the route hash.
const jump = (id) => (ev) => {
  ev.preventDefault();
  const el = document.getElementById(id);
  if (el) {
    el.setAttribute('tabindex', '-1');
    el.focus();
  }
};

function describe(e, byId) {
  if (e.type === 'voided') return ['Cancels ', eventLink(byId.get(e.eventId), e.eventId), e.reason ? `: ${e.reason}` : ''];
  const rest = Object.entries(e).filter(([k]) => !COMMON.has(k));
  if (!rest.length) return '—';
  const show = (k, v) =>
    k === 'massKg' ? kgExact(v) : k === 'media' && Array.isArray(v) ? mediaText(v) : k === 'vendorCode' ? h('a', { href: `#/vendors/${encodeURIComponent(v)}` }, v) : ENUMS.has(k) ? label(v) : String(v);
  return rest.map(([k, v], i) => [i ? ' · ' : '', `${k === 'massKg' ? 'Mass' : words(k)}: `, show(k, v)]);
}

