import { api } from '../api.js';
import { fill, h } from '../dom.js';
import { dateTime, kg, kgExact, label, pct, words } from '../format.js';
import { may } from '../me.js';
import { eventRules } from '../rules.js';
import { announce, empty, errorBox, pageHeader, part, section } from '../ui.js';
import { ACTIONS, actionName, eventForm } from './event-forms.js';
import { mediaText, renderUnitSanitization } from './sanitization.js';

/** A message for the next render of a unit page (what was just logged). */
let flash = null;

const PARTS = [
  { key: 'refurbishedKg', label: 'Refurbished', cls: 'refurbished' },
  { key: 'harvestedKg', label: 'Harvested parts', cls: 'harvested' },
  { key: 'recycledKg', label: 'Recycled', cls: 'recycled' },
  { key: 'energyRecoveredKg', label: 'Energy recovered', cls: 'energy' },
  { key: 'landfilledKg', label: 'Landfilled', cls: 'landfilled' },
  { key: 'remainingKg', label: 'Remaining', cls: 'remaining' },
];

const ENUMS = new Set(['route', 'channel', 'destination', 'material', 'method']);
const COMMON = new Set(['id', 'unitId', 'type', 'occurredAt', 'recordedAt', 'actor', 'actorName', 'voided', 'voidedBy', 'seq', 'prevHash', 'hash']);

/**
 * One unit: what may be logged next (operators and admins), its facts, its mass balance
 * as a bar, and its timeline with voided events marked.
 */
export async function renderUnit({ root, args, signal, navigate }) {
  const [id] = args;
  const u = await api(`/units/${encodeURIComponent(id)}`, { signal });
  const sanitization = h('div');
  const note = flash?.unitId === u.id ? flash : null;
  flash = null;
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
  const reload = (text) => {
    flash = { unitId: u.id, text };
    navigate(`/units/${encodeURIComponent(u.id)}`);
  };
  fill(root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/units' }, '← All units')),
    pageHeader(
      `Unit ${u.serialNumber}`,
      h('p', { class: 'unit-status' }, h('span', { class: `badge state-${u.state}` }, words(u.state)), ' ', u.state === 'closed' ? 'nothing left to process' : `${kgExact(u.massBalance.remainingKg)} left to process`),
    ),
    note ? h('p', { class: 'notice ok flash', role: 'status', tabindex: '-1' }, note.text) : null,
    may('log') ? section('Next step', await nextSteps(u, signal, reload)) : null,
    h('p', { class: 'actions' }, h('a', { class: 'button secondary', href: `#/units/${encodeURIComponent(u.id)}/label` }, 'Print label')),
    u.exclusionReason === 'china_policy'
      ? h('p', { class: 'notice info' }, h('strong', {}, 'China policy. '), `This unit ${u.originCountry === 'CN' ? 'comes from China' : 'was received at a site in China'}: it may only be recycled or landfilled, and it is left out of reports by default.`)
      : null,
    h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
    section('Mass balance', massBalance(u.massBalance)),
    section('Patient-data sanitization', sanitization),
    section('Timeline', timeline(u.events ?? [])),
  );
  if (note) {
    announce(note.text);
    root.querySelector('.flash')?.focus();
  }
  await part(sanitization, 'the sanitization records', () => renderUnitSanitization(u.id, signal));
}

/**
 * The actions the API says the ledger accepts next (allowedNext), each opening its short
 * form in place; void last, apart, since it undoes rather than moves the unit on.
 */
async function nextSteps(u, signal, reload) {
  const allowed = u.allowedNext ?? [];
  if (!allowed.length) {
    return h('p', { class: 'hint' }, u.state === 'closed' ? 'The unit is closed and none of its events can be voided now.' : 'Nothing can be logged for this unit today (its year may be locked).');
  }
  const [rules, sites] = await Promise.all([eventRules(), api('/sites', { signal })]);
  const siteList = Array.isArray(sites) ? sites : (sites.items ?? []);
  const box = h('div', { class: 'next-steps' });
  const open = async (type, opener) => {
    const schema = rules.get(type);
    if (!schema) {
      fill(box, errorBox(new Error(`The API document has no "${type}" event.`)));
      return;
    }
    try {
      const form = await eventForm({
        unit: u,
        type,
        schema,
        sites: siteList,
        signal,
        onCancel: () => {
          showButtons();
          box.querySelector(`[data-action="${opener}"]`)?.focus();
        },
        onDone: (e) => reload(`Logged: ${words(e.type)}${e.massKg !== undefined ? `, ${kgExact(e.massKg)}` : ''}${e.type === 'voided' ? ` (${e.eventId} no longer counts)` : ''}.`),
      });
      fill(box, form);
      (form.querySelector('input, select, textarea') ?? form.querySelector('h3')).focus();
    } catch (err) {
      if (err?.name !== 'AbortError') fill(box, errorBox(err, 'Could not open the form'));
    }
  };
  const forward = allowed.filter((t) => t !== 'voided');
  const showButtons = () =>
    fill(
      box,
      forward.length ? h('p', { class: 'hint' }, 'What the unit may do next:') : h('p', { class: 'hint' }, 'Nothing moves the unit on from here; an event may still be voided.'),
      h(
        'div',
        { class: 'action-grid' },
        forward.map((t) => h('button', { type: 'button', class: 'action big', dataset: { action: t }, onclick: () => open(t, t) }, actionName(t))),
      ),
      allowed.includes('voided')
        ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary big', dataset: { action: 'voided' }, onclick: () => open('voided', 'voided') }, ACTIONS.voided.button))
        : null,
    );
  showButtons();
  return box;
}

function massBalance(b) {
  const intake = b.intakeKg || 0;
  const share = (v) => (intake > 0 ? v / intake : 0);
  const bar = h(
    'div',
    {
      class: 'balance-bar',
      role: 'img',
      'aria-label': `Mass balance of ${kg(intake)}: ${PARTS.map((p) => `${p.label} ${kg(b[p.key])}`).join(', ')}.`,
    },
    PARTS.filter((p) => b[p.key] > 0).map((p) =>
      h('span', { class: `seg ${p.cls}`, style: { width: `${share(b[p.key]) * 100}%` }, title: `${p.label}: ${kg(b[p.key])}` }),
    ),
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
  if (!events.length) return empty('No events yet: the unit has been received and waits for assessment.');
  return h(
    'ol',
    { class: 'timeline' },
    events.map((e) =>
      h(
        'li',
        { class: e.voided ? 'event voided' : 'event', id: e.id, dataset: { type: e.type } },
        h(
          'p',
          { class: 'event-head' },
          h('time', { datetime: e.occurredAt }, e.occurredAt),
          ' ',
          h('strong', {}, words(e.type)),
          e.voided ? h('span', { class: 'badge voided-badge' }, 'Voided') : null,
        ),
        h('p', { class: 'event-body' }, describe(e)),
        e.voided ? h('p', { class: 'event-void' }, 'Cancelled by ', h('a', { href: `#${e.voidedBy}`, onclick: jump(e.voidedBy) }, e.voidedBy), '; it no longer counts.') : null,
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

// In-page links to events must not change the route hash.
const jump = (id) => (ev) => {
  ev.preventDefault();
  const el = document.getElementById(id);
  if (el) {
    el.setAttribute('tabindex', '-1');
    el.focus();
  }
};

function describe(e) {
  const rest = Object.entries(e).filter(([k]) => !COMMON.has(k));
  if (e.type === 'voided') {
    return ['Cancels ', h('a', { href: `#${e.eventId}`, onclick: jump(e.eventId) }, e.eventId), e.reason ? `: ${e.reason}` : ''];
  }
  if (!rest.length) return '—';
  const show = (k, v) =>
    k === 'massKg'
      ? kgExact(v)
      : k === 'media' && Array.isArray(v)
        ? mediaText(v)
        : k === 'vendorCode'
          ? h('a', { href: `#/vendors/${encodeURIComponent(v)}` }, v)
          : ENUMS.has(k)
            ? words(v)
            : String(v);
  return rest.map(([k, v], i) => [i ? ' · ' : '', `${k === 'massKg' ? 'Mass' : words(k)}: `, show(k, v)]);
}
