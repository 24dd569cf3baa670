import { api } from '../api.js';
import { fill, h, selectField, uid } from '../dom.js';
import { announce, errorBox, pageHeader, part, section, yearOptions } from '../ui.js';
import { renderBoundary } from './boundary.js';
import { evidenceForm, renderIndicators, renderLedger, verifyLedger } from './evidence.js';
import { kpisByYear, yearQuery } from './kpi-data.js';
import { renderDownstream } from './downstream.js';
import { renderPeriod } from './period.js';
import { renderSanitizationAudit } from './sanitization.js';
import { renderSasb } from './sasb.js';

/**
 * A reporting year: its boundary (editable while open, by ESG and admin keys), the SASB
 * figure to copy, the indicators, the lock state and versions, the ledger's verdict and
 * the evidence of each published version, and a CSV of the KPIs.
 */
export async function renderReporting({ root, params, signal, navigate }) {
  let years = [];
  try {
    years = (await kpisByYear(false, signal)).groups.map((g) => g.key);
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
  }
  const options = yearOptions(years);
  const year = Number(params.get('year')) || Number(years.at(-1)) || options[0];
  if (!options.includes(year)) options.unshift(year);

  const yearId = uid('year');
  const picker = h(
    'form',
    {
      class: 'toolbar',
      'aria-label': 'Choose the reporting year',
      onsubmit: (e) => {
        e.preventDefault();
        navigate('/reporting', { year: new FormData(e.currentTarget).get('year') });
      },
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: yearId }, 'Reporting year'),
      // The page follows the select at once: no separate "Show year" click.
      h('select', { id: yearId, name: 'year', onchange: (e) => navigate('/reporting', { year: e.currentTarget.value }) }, options.map((y) => h('option', { value: y, selected: y === year }, String(y)))),
    ),
  );

  const boundary = h('div');
  const sasb = h('div');
  const indicators = h('div');
  const period = h('div');
  const evidence = h('div');
  const audit = h('div');
  const downstream = h('div');
  fill(root,
    pageHeader(`Reporting year ${year}`, picker),
    section('Reporting boundary', boundary),
    section('SASB HC-MS-410a.2', sasb),
    section('Indicators', indicators),
    section('Downstream chain of custody', downstream),
    section('Lock and published versions', period),
    section('Ledger and evidence', evidence),
    section('Patient-data sanitization audit', audit),
    section('Download the KPIs', csvForm(year)),
  );
  // The ledger's verdict also tells whether this key may publish (only admin and ESG may verify).
  let verdict = verifyLedger(signal);
  let outOfBoundary = null;
  const loadBoundary = async () => {
    const canEdit = await verdict.then((v) => v.allowed).catch(() => false);
    // A new boundary moves every figure of the year: draw the page again.
    return part(boundary, 'the boundary', () => renderBoundary(year, signal, { canEdit, reload: () => navigate('/reporting', { year }), outOfBoundary }));
  };
  const loadEvidence = () =>
    part(evidence, 'the ledger', async () => {
      const [v, p] = await Promise.all([verdict, api(`/periods/${year}`, { signal })]);
      return [renderLedger(v), v.allowed ? evidenceForm(year, p.versions ?? [], saveBlob) : null];
    });
  const loadPeriod = (after) =>
    part(period, 'the period', () =>
      renderPeriod(year, signal, () => {
        // A lock or unlock freezes or frees the boundary and publishes (or not) evidence.
        verdict = verifyLedger(signal);
        loadPeriod(true);
        loadBoundary();
        loadEvidence();
      }),
    ).then(() => {
      // After a lock or unlock the form is redrawn: put keyboard focus on the new state.
      if (after) period.querySelector('.lock-state')?.focus();
    });
  await Promise.all([
    part(indicators, 'the indicators', async () => {
      const r = await renderIndicators(year, signal);
      outOfBoundary = r.outOfBoundary;
      return r.node;
    }).then(loadBoundary),
    part(sasb, 'the SASB figure', () => renderSasb(year, signal)),
    loadPeriod(false),
    loadEvidence(),
    part(audit, 'the sanitization audit', () => renderSanitizationAudit(year, signal)),
    part(downstream, 'the downstream shares', () => renderDownstream(year, signal)),
  ]);
}

function csvForm(year) {
  const status = h('div', { 'aria-live': 'polite' });
  const chinaId = uid('china');
  const button = h('button', { type: 'submit' }, 'Download CSV');
  return h(
    'form',
    {
      class: 'inline-form',
      'aria-label': 'Download the KPIs as CSV',
      onsubmit: async (e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        const groupBy = String(d.get('groupBy'));
        const includeChina = d.get('includeChina') === 'on';
        button.disabled = true;
        fill(status, h('p', { role: 'status' }, 'Preparing the file…'));
        try {
          const blob = await api('/kpis', { query: yearQuery(year, includeChina, { groupBy, format: 'csv' }), as: 'blob' });
          const name = `kpis-${year}-by-${groupBy}${includeChina ? '-incl-china' : ''}.csv`;
          saveBlob(blob, name);
          fill(status, h('p', { class: 'notice ok' }, `Downloaded ${name} (${blob.size.toLocaleString('en-US')} bytes).`));
          announce(`Downloaded ${name}`);
        } catch (err) {
          fill(status, errorBox(err, 'Could not download the CSV'));
        } finally {
          button.disabled = false;
        }
      },
    },
    h('p', {}, `The KPIs for ${year}, as the service computes them (`, h('code', {}, 'GET /kpis?format=csv'), ').'),
    selectField('Group by', 'groupBy', [['month', 'Month'], ['quarter', 'Quarter'], ['region', 'Region'], ['category', 'Category'], ['modality', 'Modality'], ['site', 'Site'], ['year', 'Year (one row)']], 'month'),
    h('div', { class: 'field check' }, h('input', { type: 'checkbox', id: chinaId, name: 'includeChina' }), h('label', { for: chinaId }, 'Include China')),
    h('div', { class: 'actions' }, button),
    status,
  );
}

// The download needs the Authorization header, so it is fetched and handed over as a blob URL.
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
