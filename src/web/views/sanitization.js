/**
 * Patient-data sanitization: a unit's status and records (a part of the unit page), its
 * printable certificate (a page), and the reporting year's audit (a part of the reporting page).
 */
import { h, table, tableWrap } from '../dom.js';
import { dateTime, int, label, words } from '../format.js';
import { empty, pageHeader } from '../ui.js';

const STATUS = {
  sanitized: { text: 'Sanitized', cls: 'status-sanitized' },
  pending: { text: 'Pending: not sanitized', cls: 'status-pending' },
  not_required: { text: 'Not required: holds no patient data', cls: 'status-not-required' },
};
const METHOD = { clear: 'Clear', purge: 'Purge', destroy: 'Destroy' };

export const statusBadge = (status) => h('span', { class: `badge ${STATUS[status]?.cls ?? ''}`, dataset: { status } }, STATUS[status]?.text ?? words(status));

/** "HDD WD-123, SSD (serial unknown)". */
export const mediaText = (media) => media.map((m) => `${label(m.kind)} ${m.serial ?? '(serial unknown)'}`).join(', ');

const COLUMNS = ['Date', 'Method', 'Standard', 'Media', 'Verified by', 'Certificate', 'Event'];

/** The records as a table that, on a phone, stacks each record's cells under their names (nothing cut off). */
function recordsTable(records, caption) {
  const cell = (i, ...content) => h('td', { dataset: { label: COLUMNS[i] } }, ...content);
  return tableWrap(
    caption,
    table(
      caption,
      COLUMNS,
      records.map((r) =>
        h(
          'tr',
          { dataset: { event: r.eventId } },
          cell(0, h('span', { class: 'nowrap' }, r.occurredAt)),
          cell(1, METHOD[r.method] ?? r.method),
          cell(2, r.standard),
          cell(3, h('ul', { class: 'media' }, r.media.map((m) => h('li', {}, h('strong', {}, label(m.kind)), ' ', m.serial ? h('code', {}, m.serial) : h('span', { class: 'hint' }, 'serial unknown'))))),
          cell(4, r.verifiedBy),
          cell(5, r.certificateRef ?? '—'),
          cell(6, h('code', {}, r.eventId)),
        ),
      ),
      { captionHidden: true, class: 'stack-on-phone' },
    ),
  );
}

/** The unit page's section: status, the standing records, and a link to the printable certificate. */
export const unitSanitizationPart = {
  what: 'the sanitization records',
  load: ({ args: [id], loaders }) => loaders.unitSanitization(id),
  render(c) {
    const what =
      c.status === 'sanitized'
        ? `${int(c.records.length)} standing record${c.records.length === 1 ? '' : 's'} of sanitization.`
        : c.status === 'pending'
          ? 'This unit may hold patient data and has no sanitization record: it cannot be released, recycled or landfilled until one is recorded.'
          : 'This unit holds no patient data: nothing to sanitize.';
    return [
      h('p', { class: 'sanitization-status' }, statusBadge(c.status), ' ', what),
      c.records.length ? recordsTable(c.records, 'Sanitization records') : null,
      h('p', { class: 'actions' }, h('a', { class: 'button secondary', href: `#/units/${encodeURIComponent(c.unitId)}/certificate` }, c.records.length ? 'Certificate of sanitization' : 'Sanitization statement')),
    ];
  },
};

/** Who recorded the records and when: "K. Nagy's floor key on 2024-03-07 09:12 UTC". */
export function recordedBy(records) {
  return records.map((r) => `${r.actorName ?? `key ${r.actor}`} on ${dateTime(r.recordedAt)}`).join('; ');
}

/**
 * The printable certificate: one page with the unit, each standing record (media, method,
 * standard, verifier, date, event id) and who recorded it. Everything on it is read from
 * GET /units/:id/sanitization; print CSS leaves the dashboard's chrome out.
 */
export const certificateView = {
  title: (c) => `${c.status === 'sanitized' ? 'Certificate of data sanitization' : 'Data sanitization statement'} · ${c.serialNumber}`,
  load: ({ args: [id], loaders }) => loaders.unitSanitization(id),
  render(c) {
    const facts = [
      ['Serial number', c.serialNumber],
      ['Model', c.model],
      ['Category', `${label(c.category)}${c.modality ? ` · ${c.modality}` : ''}`],
      ['Unit id', h('code', {}, c.unitId)],
      ['Site', c.siteCode],
      ['Received', c.receivedAt],
      ['Left custody', c.closedAt ?? 'Not yet (the unit is still with us)'],
      ['May hold patient data', c.dataBearing ? 'Yes' : 'No'],
    ];
    const title = c.status === 'sanitized' ? 'Certificate of data sanitization' : 'Data sanitization statement';
    return [
      h('div', { class: 'no-print' }, h('p', { class: 'crumbs' }, h('a', { href: `#/units/${encodeURIComponent(c.unitId)}` }, `← Unit ${c.serialNumber}`))),
      h(
        'article',
        { class: 'certificate', 'aria-label': title },
        pageHeader(title, h('button', { type: 'button', class: 'no-print', dataset: { print: '' } }, 'Print')),
        h('p', { class: 'certificate-status' }, statusBadge(c.status)),
        h('dl', { class: 'facts certificate-facts' }, facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
        c.records.length
          ? [
              h('h2', {}, 'Sanitization'),
              h('p', {}, 'The storage media listed below were sanitized as recorded (NIST SP 800-88: clear, purge or destroy, with verification). Voided records are not shown; the unit’s timeline keeps them.'),
              recordsTable(c.records, 'Sanitization records'),
              h('p', { class: 'hint recorded-by' }, `Recorded by ${recordedBy(c.records)}.`),
            ]
          : empty(
              c.status === 'pending'
                ? 'No sanitization is recorded for this unit. It may hold patient data and must be sanitized before it leaves custody.'
                : 'No sanitization is recorded for this unit; it holds no patient data.',
            ),
        h('div', { class: 'signatures' }, h('p', {}, 'Checked by (name, signature, date)'), h('p', {}, 'Approved by (name, signature, date)')),
        h('p', { class: 'certificate-source hint' }, `Generated ${dateTime(c.generatedAt)} from the circularity tracker’s ledger (`, h('code', {}, `GET /api/v1/units/${c.unitId}/sanitization`), ').'),
      ),
    ];
  },
  bind(root) {
    root.querySelector('[data-print]').addEventListener('click', () => window.print());
  },
};

const SHOWN_MISSING = 100;

/** The reporting page's audit: data-bearing units that left custody in the year, with and without a record. */
export const sanitizationAuditPart = {
  what: 'the sanitization audit',
  load: ({ loaders }, { year }) => loaders.sanitizationAudit(year),
  render(a, _ctx, { year }) {
    const card = (key, labelText, value, sub) =>
      h('li', { class: 'card', dataset: { audit: key, value } }, h('p', { class: 'card-label' }, labelText), h('p', { class: 'card-value' }, int(value)), sub ? h('p', { class: 'card-sub' }, sub) : null);
    const share = (n) => (a.dataBearingUnits ? `${((100 * n) / a.dataBearingUnits).toFixed(1)} %` : null);
    const missing = a.unitsWithoutRecord.slice(0, SHOWN_MISSING);
    const more = a.withoutRecord - missing.length;
    return [
      h('p', { class: 'lede' }, `Units that may hold patient data and whose last mass left our custody in ${year} (China included): how many have a sanitization record, and by which method (NIST SP 800-88).`),
      h(
        'ul',
        { class: 'cards audit-cards' },
        card('dataBearingUnits', 'Data-bearing units that left custody', a.dataBearingUnits),
        card('sanitized', 'With a sanitization record', a.sanitized, share(a.sanitized)),
        card('withoutRecord', 'Without a record', a.withoutRecord, share(a.withoutRecord)),
      ),
      h('h3', {}, 'Sanitized units by method'),
      h('ul', { class: 'cards audit-cards' }, card('purge', 'Purge', a.byMethod.purge), card('destroy', 'Destroy', a.byMethod.destroy), card('clear', 'Clear', a.byMethod.clear)),
      h('p', { class: 'hint' }, 'A unit with several records counts once, by its strongest method (destroy, then purge, then clear).'),
      a.dataBearingUnits === 0
        ? empty(`No data-bearing unit left custody in ${year}.`)
        : a.withoutRecord === 0
          ? h('p', { class: 'notice ok' }, `Every data-bearing unit that left custody in ${year} has a sanitization record.`)
          : h(
              'div',
              { class: 'notice warn', role: 'note' },
              h('p', { class: 'notice-title' }, `${int(a.withoutRecord)} unit${a.withoutRecord === 1 ? '' : 's'} left custody without a sanitization record`),
              h('ul', { class: 'audit-missing' }, missing.map((u) => h('li', { dataset: { unit: u.unitId } }, h('a', { href: `#/units/${encodeURIComponent(u.unitId)}` }, u.serialNumber), ` · ${u.model} · ${u.siteCode} · left ${u.closedAt}`))),
              more > 0 ? h('p', {}, `…and ${int(more)} more (GET /api/v1/reports/sanitization lists up to 1,000).`) : null,
            ),
    ];
  },
};
