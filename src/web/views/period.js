import { api } from '../api.js';
import { h, inputField, table, tableWrap } from '../dom.js';
import { dateTime, plural } from '../format.js';
import { bindForm } from '../forms.js';
import { empty } from '../ui.js';
import { fieldDelta, fieldName, fieldValue } from './figures.js';

const LOCK = 'POST /periods/{year}/lock';
const UNLOCK = 'POST /periods/{year}/unlock';

const KEY_FIELDS = ['unitsReceived', 'reusedKg', 'landfilledKg', 'totalKg', 'diversionRate'];

/** Lock state, published versions and how today's figures differ from the latest one. */
export const periodPart = {
  what: 'the period',
  load: ({ loaders }, { year }) => loaders.period(year),
  render: (p, { can }, { year }) => renderPeriod(p, year, can),
  bind(container, p, ctx, _refs, { year }) {
    const form = container.querySelector('form.lock-form');
    if (!form) return;
    bindForm(form, {
      context: p.locked ? 'Could not unlock' : 'Could not lock',
      send(d) {
        const note = String(d.get('note') ?? '').trim();
        const body = p.locked ? { reason: String(d.get('reason') ?? '').trim() } : note ? { note } : {};
        return api(`/periods/${year}/${p.locked ? 'unlock' : 'lock'}`, { method: 'POST', body });
      },
      // A lock or unlock freezes or frees the boundary and publishes (or not) evidence: draw the page again.
      done: () => ctx.reload({ said: p.locked ? `${year} unlocked.` : `${year} locked and published.` }),
    });
  },
};

function renderPeriod(p, year, can) {
  const versions = p.versions ?? [];
  const latest = versions.at(-1);
  // `differences` lists only the fields that moved; show every figure beside its published value.
  const differences = p.differences ?? {};
  const changed = Object.keys(differences);
  const fields = Object.keys(p.current ?? latest?.figures ?? {});
  const unlocks = p.unlocks ?? [];

  return [
    h(
      'p',
      { class: `lock-state ${p.locked ? 'locked' : 'open'}`, tabindex: '-1', dataset: { locked: String(p.locked) } },
      h('span', { class: 'badge' }, p.locked ? 'Locked' : 'Open'),
      ' ',
      p.locked
        ? `${year} is locked: no unit or event dated in it can be added or voided.`
        : `${year} is open: events dated in it can still be recorded${versions.length ? ', and the figures may differ from the last published version' : ''}.`,
    ),
    // Only a role that may lock (or, when locked, unlock) sees the form; others read why not.
    can(p.locked ? UNLOCK : LOCK)
      ? lockForm(year, p.locked)
      : h('p', { class: 'hint' }, p.locked ? 'Only an administrator may unlock a year.' : 'Locking and publishing is for ESG and administrator keys.'),
    h('h3', {}, 'Published versions'),
    versions.length
      ? h(
          'ol',
          { class: 'versions', reversed: true },
          [...versions].reverse().map((v) =>
            h(
              'li',
              { class: 'version', dataset: { version: v.version } },
              h('p', { class: 'version-head' }, h('strong', {}, `Version ${v.version}`), ` · published ${dateTime(v.publishedAt)} by ${v.publishedBy ?? '—'}`),
              v.note ? h('p', { class: 'version-note' }, `“${v.note}”`) : null,
              v.boundary ? h('p', { class: 'version-boundary' }, `Boundary: ${v.boundary.statement}.`) : null,
              v.ledgerHead ? h('p', { class: 'version-ledger hint' }, `Ledger head at publication: #${v.ledgerSeq} `, h('code', { class: 'hash' }, v.ledgerHead)) : null,
              h(
                'dl',
                { class: 'version-figures' },
                KEY_FIELDS.map((f) => h('div', {}, h('dt', {}, fieldName(f)), h('dd', {}, fieldValue(f, v.figures?.[f])))),
              ),
              h('p', { class: 'version-changes' }, versionChanges(versions, v)),
            ),
          ),
        )
      : empty(`No version of ${year} has been published yet. Locking the year publishes version 1.`),
    unlocks.length
      ? h(
          'div',
          {},
          h('h3', {}, 'Reopened'),
          h(
            'ul',
            { class: 'unlocks' },
            unlocks.map((u) => h('li', {}, `${dateTime(u.unlockedAt)} by ${u.unlockedBy}, after v${u.afterVersion}: “${u.reason}”`)),
          ),
        )
      : null,
    h('h3', {}, latest ? `Current figures against v${latest.version}` : 'Current figures'),
    latest
      ? h(
          'div',
          {},
          h(
            'p',
            { class: changed.length ? 'notice warn' : 'notice ok', dataset: { changed: changed.length } },
            changed.length
              ? `${plural(changed.length, 'figure')} changed since v${latest.version} was published: ${changed.map(fieldName).join(', ')}. Version ${latest.version} stays as published; the current figures are a restatement.`
              : `The current figures match v${latest.version} as published.`,
          ),
          tableWrap(
            'Differences',
            table(
              'Differences between the published and the current figures',
              ['Figure', { label: 'Published', num: true }, { label: 'Current', num: true }, { label: 'Change', num: true }],
              fields.map((f) => {
                const d = differences[f];
                return h(
                  'tr',
                  { class: d ? 'changed' : undefined, dataset: { field: f } },
                  h('th', { scope: 'row' }, fieldName(f)),
                  h('td', { class: 'num' }, fieldValue(f, d ? d.published : latest.figures?.[f])),
                  h('td', { class: 'num' }, fieldValue(f, d ? d.current : p.current?.[f])),
                  h('td', { class: 'num' }, d ? fieldDelta(f, d.delta) : 'no change'),
                );
              }),
              { captionHidden: true },
            ),
          ),
        )
      : currentOnly(p.current),
  ];
}

/** What moved between a version and the one before it (the restatement, in words). */
function versionChanges(versions, v) {
  const before = versions.find((x) => x.version === v.version - 1);
  if (!before) return 'First publication.';
  const moved = Object.keys(v.figures ?? {}).filter((f) => delta(f, before.figures?.[f], v.figures[f]) !== 0);
  if (!moved.length) return `Same figures as version ${before.version}.`;
  return `Changed from version ${before.version}: ${moved.map((f) => `${fieldName(f)} ${fieldDelta(f, delta(f, before.figures?.[f], v.figures[f]))}`).join('; ')}.`;
}

// Subtract as scaled integers (grams, basis points) so 0.3 − 0.1 reads 0.2.
function delta(field, a, b) {
  if (typeof a !== 'number' || typeof b !== 'number') return a === b ? 0 : NaN;
  const scale = field === 'diversionRate' ? 10_000 : /(Kg|T)$/.test(field) ? 1000 : 1;
  return (Math.round(b * scale) - Math.round(a * scale)) / scale;
}

function currentOnly(current) {
  if (!current) return empty('No figures yet.');
  return tableWrap(
    'Current figures',
    table('Current figures', ['Figure', { label: 'Value', num: true }], Object.entries(current).map(([f, v]) => h('tr', {}, h('th', { scope: 'row' }, fieldName(f)), h('td', { class: 'num' }, fieldValue(f, v)))), { captionHidden: true }),
  );
}

function lockForm(year, locked) {
  const field = locked
    ? inputField('Reason for unlocking', 'reason', { required: true, maxlength: 500 }, 'Required. Only an administrator may unlock; the published versions stay as they are.')
    : inputField('Note (optional)', 'note', { maxlength: 500 }, 'Locking freezes the year and publishes its figures as the next version (ESG or admin role).');
  return h(
    'form',
    { class: 'inline-form lock-form', 'aria-label': locked ? `Unlock ${year}` : `Lock ${year}`, dataset: { action: locked ? UNLOCK : LOCK } },
    field,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: locked ? 'secondary' : undefined }, locked ? `Unlock ${year}` : `Lock ${year} and publish`)),
    h('div', { class: 'form-status', 'aria-live': 'polite' }),
  );
}
