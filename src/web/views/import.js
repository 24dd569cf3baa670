import { newIdempotencyKey, upload } from '../api.js';
import { fill, h, table, tableWrap, uid } from '../dom.js';
import { int, plural } from '../format.js';
import { announce, errorBox, pageHeader, section } from '../ui.js';

const KINDS = {
  units: { label: 'Units', what: 'units received', path: '/imports/units' },
  events: { label: 'Events', what: 'lifecycle events', path: '/imports/events' },
};

/**
 * CSV import: choose or drop a units or events file, watch it upload, and read the
 * all-or-nothing answer: what was stored, or every refused row as a table of row,
 * column and message that can be sorted and downloaded.
 */
export async function renderImport({ root, params }) {
  let kind = KINDS[params.get('kind')] ? params.get('kind') : 'units';
  let file = null;
  let key = null; // one Idempotency-Key per chosen file: a retry of the same file is never stored twice

  const kindId = uid('kind');
  const kindChoice = h(
    'fieldset',
    { class: 'field choice-field' },
    h('legend', { id: kindId }, 'What the file holds'),
    h(
      'div',
      { class: 'choices', role: 'radiogroup', 'aria-labelledby': kindId },
      Object.entries(KINDS).map(([k, v]) => {
        const id = uid(`kind-${k}`);
        return h('label', { class: 'choice', for: id }, h('input', { type: 'radio', name: 'kind', id, value: k, checked: k === kind, onchange: () => ((kind = k), (key = file ? newIdempotencyKey() : null), showFile()) }), h('span', {}, `${v.label} (${v.what})`));
      }),
    ),
    h('p', { class: 'hint' }, 'The columns are the API’s field names (see the API documentation, Bulk). An export of GET /units?format=csv imports back.'),
  );

  const fileId = uid('file');
  const input = h('input', { type: 'file', id: fileId, accept: '.csv,text/csv', class: 'file-input' });
  const dropText = h('span', { class: 'drop-text' }, 'Choose a CSV file', h('span', { class: 'hint' }, ' or drop it here'));
  const drop = h('label', { class: 'drop-zone', for: fileId }, dropText);
  const fileInfo = h('p', { class: 'file-info', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'primary big', disabled: true }, 'Import');
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': 'Upload progress' });
  const progressText = h('p', { class: 'hint', role: 'status' });
  const answer = h('div', { class: 'import-answer' });

  function choose(f) {
    if (!f) return;
    file = f;
    key = newIdempotencyKey();
    fill(answer);
    showFile();
  }
  function showFile() {
    send.disabled = !file;
    fileInfo.textContent = file ? `${file.name} · ${int(file.size)} bytes · imported as ${KINDS[kind].label.toLowerCase()}` : '';
  }
  input.addEventListener('change', () => choose(input.files?.[0]));
  for (const ev of ['dragenter', 'dragover']) {
    drop.addEventListener(ev, (e) => {
      e.preventDefault();
      drop.classList.add('dragging');
    });
  }
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    choose(e.dataTransfer?.files?.[0]);
  });

  const form = h(
    'form',
    {
      class: 'floor-form',
      'aria-label': 'Import a CSV file',
      onsubmit: async (e) => {
        e.preventDefault();
        if (!file || send.disabled) return;
        send.disabled = true;
        progress.hidden = false;
        progress.value = 0;
        fill(answer);
        progressText.textContent = 'Uploading…';
        const sent = { file, kind };
        try {
          const res = await upload(KINDS[kind].path, file, {
            headers: { 'Idempotency-Key': key },
            onProgress: ({ loaded, total, phase }) => {
              progress.value = total ? Math.round((loaded / total) * 100) : 0;
              progressText.textContent = phase === 'checking' ? 'Uploaded. The service is checking every row…' : `Uploading… ${progress.value} %`;
            },
          });
          progressText.textContent = '';
          progress.hidden = true;
          fill(answer, stored(res, sent.file));
          announce(`Stored ${res.created} ${res.kind}.`);
          file = null;
          key = null;
          input.value = '';
          showFile();
        } catch (err) {
          progress.hidden = true;
          progressText.textContent = '';
          fill(answer, err?.errors?.some((x) => x.row !== undefined) ? refused(err, sent) : errorBox(err, 'The file was not imported'));
          announce(`Nothing was stored: ${err.message}`);
          send.disabled = false;
        }
        answer.querySelector('[tabindex="-1"]')?.focus();
      },
    },
    kindChoice,
    h('div', { class: 'field' }, drop, input, fileInfo),
    h('div', { class: 'actions' }, send),
    progress,
    progressText,
  );
  fill(root, pageHeader('Import CSV'), h('p', { class: 'lede' }, 'All or nothing: either every row is stored, or nothing is and every bad row is listed.'), section('File', form), answer);
}

function stored(res, file) {
  const isUnits = res.kind === 'units';
  const ids = res.ids ?? [];
  return h(
    'div',
    { class: 'notice ok', role: 'status', tabindex: '-1', dataset: { created: res.created } },
    h('p', { class: 'notice-title' }, `Stored: ${plural(res.created, isUnits ? 'unit' : 'event')} from ${file.name}`),
    h('p', {}, `${plural(res.rows, 'row')} read${res.unitsAffected !== undefined ? `, ${plural(res.unitsAffected, 'unit')} changed` : ''}. Audit entry `, h('code', {}, res.importId), '.'),
    ids.length
      ? h(
          'details',
          { open: ids.length <= 20 },
          h('summary', {}, `${isUnits ? 'Units' : 'Events'} created${res.idsTruncated ? ` (the first ${int(ids.length)})` : ''}`),
          h('ul', { class: 'id-list' }, ids.map((id) => h('li', {}, isUnits ? h('a', { href: `#/units/${encodeURIComponent(id)}` }, id) : h('code', {}, id)))),
        )
      : null,
  );
}

const COLUMNS = [
  { key: 'row', label: 'Row', num: true },
  { key: 'column', label: 'Column' },
  { key: 'message', label: 'Message' },
];

/** The refusal: every bad row, sortable by row, column or message, and downloadable as CSV. */
function refused(err, sent) {
  const problems = err.errors.map((x) => ({ row: x.row ?? null, column: x.column ?? '', message: x.message ?? '' }));
  const rows = new Set(problems.map((p) => p.row)).size;
  let sort = { key: 'row', dir: 1 };
  const tbody = h('tbody');
  const head = h('tr');
  const caption = `Problems in ${sent.file.name}`;
  const tableEl = table(caption, [], [], { captionHidden: true });
  tableEl.querySelector('thead').replaceChildren(head);
  tableEl.querySelector('tbody').replaceWith(tbody);
  tableEl.classList.add('problems');

  function draw() {
    const sorted = [...problems].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en');
      return c * sort.dir || (a.row ?? 0) - (b.row ?? 0);
    });
    fill(
      head,
      COLUMNS.map((c) =>
        h(
          'th',
          { scope: 'col', class: c.num ? 'num' : undefined, 'aria-sort': sort.key === c.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
          h(
            'button',
            {
              type: 'button',
              class: 'sort',
              onclick: () => {
                sort = { key: c.key, dir: sort.key === c.key ? -sort.dir : 1 };
                draw();
                head.querySelector(`[data-sort="${c.key}"]`)?.focus();
              },
              dataset: { sort: c.key },
            },
            c.label,
            h('span', { 'aria-hidden': 'true' }, sort.key === c.key ? (sort.dir > 0 ? ' ▲' : ' ▼') : ' ↕'),
          ),
        ),
      ),
    );
    fill(tbody, sorted.map((p) => h('tr', { dataset: { row: p.row ?? '' } }, h('td', { class: 'num' }, p.row === null ? '—' : int(p.row)), h('td', {}, p.column || '—'), h('td', {}, p.message))));
  }
  draw();

  const download = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        const name = `${sent.file.name.replace(/\.csv$/i, '')}-problems.csv`;
        const blob = new Blob([problemsCsv(problems)], { type: 'text/csv' });
        const url = URL.createObjectURL(blob);
        const a = h('a', { href: url, download: name, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        announce(`Downloaded ${name}`);
      },
    },
    'Download problems (CSV)',
  );
  return h(
    'div',
    { class: 'refusal' },
    h(
      'div',
      { class: 'notice error', role: 'alert', tabindex: '-1' },
      h('p', { class: 'notice-title' }, `Nothing was stored: ${plural(problems.length, 'problem')} in ${plural(rows, 'row')}`),
      h('p', {}, err.detail ?? err.message),
      h('p', {}, 'Fix the rows in the file and import it again. Rows count as a spreadsheet does: the header is row 1.'),
    ),
    section(caption, tableWrap(caption, tableEl), h('div', { class: 'actions' }, download)),
  );
}

// Cells a spreadsheet would run as a formula are prefixed with ' (as the API's own exports do).
const cell = (v) => {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export const problemsCsv = (problems) => ['row,column,message', ...problems.map((p) => [p.row ?? '', p.column, p.message].map(cell).join(','))].join('\r\n') + '\r\n';
