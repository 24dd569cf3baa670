import { api, newIdempotencyKey, upload } from '../api.js';
import { fill, h, table, tableWrap, uid } from '../dom.js';
import { int, plural } from '../format.js';
import { announce, pageHeader, saveBlob, section, showError } from '../ui.js';

const KINDS = {
  units: { label: 'Units', what: 'units received', path: '/imports/units', action: 'POST /imports/units' },
  events: { label: 'Events', what: 'lifecycle events', path: '/imports/events', action: 'POST /imports/events' },
};

/**
 * CSV import: choose or drop a units or events file, watch it upload, and read the
 * all-or-nothing answer: what was stored, or every refused row as a table of row,
 * column and message that can be sorted and downloaded. A template of each file (its
 * header row, from the importer's own column list) can be downloaded.
 */
export const importView = {
  load: () => ({}),

  render(_data, { params, can }) {
    const kinds = Object.keys(KINDS).filter((k) => can(KINDS[k].action));
    const kind = kinds.includes(params.get('kind')) ? params.get('kind') : kinds[0];
    const kindId = uid('kind');
    const kindChoice = h(
      'fieldset',
      { class: 'field choice-field' },
      h('legend', { id: kindId }, 'What the file holds'),
      h(
        'div',
        { class: 'choices', role: 'radiogroup', 'aria-labelledby': kindId },
        kinds.map((k) => {
          const id = uid(`kind-${k}`);
          return h('label', { class: 'choice', for: id }, h('input', { type: 'radio', name: 'kind', id, value: k, checked: k === kind }), h('span', {}, `${KINDS[k].label} (${KINDS[k].what})`));
        }),
      ),
      h('p', { class: 'hint' }, 'The first row names the columns; each further row is one unit or one event. A units file exported from this service imports back as it is.'),
    );
    const templates = h(
      'div',
      { class: 'templates' },
      h('p', {}, 'Start from a template: a file whose first row holds every column the importer reads.'),
      h('div', { class: 'actions' }, kinds.map((k) => h('button', { type: 'button', class: 'secondary', dataset: { template: k } }, `${KINDS[k].label} template (CSV)`))),
      h('div', { class: 'template-status', 'aria-live': 'polite' }),
    );
    const fileId = uid('file');
    const form = h(
      'form',
      { class: 'floor-form', 'aria-label': 'Import a CSV file', dataset: { action: kinds.map((k) => KINDS[k].action).join(' ') } },
      kindChoice,
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'drop-zone', for: fileId }, h('span', { class: 'drop-text' }, 'Choose a CSV file', h('span', { class: 'hint' }, ' or drop it here'))),
        h('input', { type: 'file', id: fileId, accept: '.csv,text/csv', class: 'file-input' }),
        h('p', { class: 'file-info', 'aria-live': 'polite' }),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary big', disabled: true }, 'Import')),
      h('progress', { max: 100, value: 0, hidden: true, 'aria-label': 'Upload progress' }),
      h('p', { class: 'hint progress-text', role: 'status' }),
    );
    return [
      pageHeader('Import CSV'),
      h('p', { class: 'lede' }, 'All or nothing: either every row is stored, or nothing is and every bad row is listed.'),
      section('File', form),
      section('Templates', templates),
      h('div', { class: 'import-answer' }),
    ];
  },

  bind(root) {
    const form = root.querySelector('form.floor-form');
    let kind = form.querySelector('input[name=kind]:checked').value;
    let file = null;
    let key = null; // one Idempotency-Key per chosen file: a retry of the same file is never stored twice
    const input = form.querySelector('input[type=file]');
    const drop = form.querySelector('.drop-zone');
    const fileInfo = form.querySelector('.file-info');
    const send = form.querySelector('button[type=submit]');
    const progress = form.querySelector('progress');
    const progressText = form.querySelector('.progress-text');
    const answer = root.querySelector('.import-answer');

    const showFile = () => {
      send.disabled = !file;
      fileInfo.textContent = file ? `${file.name} · ${int(file.size)} bytes · imported as ${KINDS[kind].label.toLowerCase()}` : '';
    };
    const choose = (f) => {
      if (!f) return;
      file = f;
      key = newIdempotencyKey();
      fill(answer);
      showFile();
    };
    for (const radio of form.querySelectorAll('input[name=kind]')) {
      radio.addEventListener('change', () => {
        kind = radio.value;
        key = file ? newIdempotencyKey() : null;
        showFile();
      });
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

    form.addEventListener('submit', async (e) => {
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
        answer.querySelector('[tabindex="-1"]')?.focus();
      } catch (err) {
        progress.hidden = true;
        progressText.textContent = '';
        send.disabled = false;
        if (err?.errors?.some((x) => x.row !== undefined)) {
          fill(answer, refused(err, sent));
          answer.querySelector('[tabindex="-1"]')?.focus();
          announce('Nothing was stored: the file has rows to fix.');
        } else showError(answer, err, { context: 'The file was not imported' });
      }
    });

    const templateStatus = root.querySelector('.template-status');
    for (const b of root.querySelectorAll('button[data-template]')) {
      b.addEventListener('click', async () => {
        const k = b.dataset.template;
        try {
          const blob = await api(`/imports/${k}/template`, { as: 'blob' });
          saveBlob(blob, `${k}-template.csv`);
          fill(templateStatus, h('p', { class: 'hint' }, `Downloaded ${k}-template.csv.`));
          announce(`Downloaded ${k}-template.csv`);
        } catch (err) {
          showError(templateStatus, err, { context: 'The template could not be downloaded' });
        }
      });
    }
  },
};

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
        saveBlob(new Blob([problemsCsv(problems)], { type: 'text/csv' }), name);
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
      h('p', {}, 'Fix these rows in the file and import the whole file again. Rows count as a spreadsheet does: the header is row 1.'),
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
