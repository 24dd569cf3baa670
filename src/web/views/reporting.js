/**
 * A reporting year: its boundary (editable while open, by keys that may set it), the SASB
 * figure to copy, the indicators, the downstream shares, the lock state and versions, the
 * ledger's verdict and the evidence of each published version (for keys that may verify),
 * the sanitization audit, and a CSV of the KPIs. Each section is a part: one failing
 * leaves the others readable.
 */
import { api } from '../api.js';
import { fill, h, selectField, uid } from '../dom.js';
import { bindForm } from '../forms.js';
import { announce, downloaded, pageHeader, section, yearOptions } from '../ui.js';
import { slot } from '../view.js';
import { boundaryPart } from './boundary.js';
import { downstreamPart } from './downstream.js';
import { evidencePart, indicatorsPart } from './evidence.js';
import { kpisByYear, yearQuery } from './kpi-data.js';
import { periodPart } from './period.js';
import { sanitizationAuditPart } from './sanitization.js';
import { sasbPart } from './sasb.js';

export const reportingView = {
  title: ({ year }) => `Reporting year ${year}`,

  async load({ params, loaders }) {
    const years = (await kpisByYear(loaders, false)).groups.map((g) => g.key);
    const options = yearOptions(years);
    const year = Number(params.get('year')) || Number(years.at(-1)) || options[0];
    if (!options.includes(year)) options.unshift(year);
    return { year, options };
  },

  render({ year, options }, { handover }) {
    const yearId = uid('year');
    const picker = h(
      'form',
      { class: 'toolbar year-picker', 'aria-label': 'Choose the reporting year' },
      h('div', { class: 'field' }, h('label', { for: yearId }, 'Reporting year'), h('select', { id: yearId, name: 'year' }, options.map((y) => h('option', { value: y, selected: y === year }, String(y))))),
    );
    return [
      pageHeader(`Reporting year ${year}`, picker),
      handover?.said ? h('p', { class: 'notice ok', role: 'status', tabindex: '-1', dataset: { handover: '' } }, handover.said) : null,
      slot('boundary', 'Reporting boundary'),
      slot('sasb', 'SASB HC-MS-410a.2'),
      slot('indicators', 'Indicators'),
      slot('downstream', 'Downstream chain of custody'),
      slot('period', 'Lock and published versions'),
      slot('evidence', 'Ledger and evidence'),
      slot('audit', 'Patient-data sanitization audit'),
      section('Download the KPIs', csvForm(year)),
    ];
  },

  bind(root, { year }, { navigate, handover }) {
    const picker = root.querySelector('form.year-picker');
    picker.addEventListener('submit', (e) => e.preventDefault());
    // The page follows the select at once: no separate "Show year" click.
    picker.elements.namedItem('year').addEventListener('change', (e) => navigate('/reporting', { year: e.currentTarget.value }));
    bindCsvForm(root.querySelector('form.kpi-csv'), year);
    if (handover?.said) announce(handover.said);
  },

  parts: {
    boundary: boundaryPart,
    sasb: sasbPart,
    indicators: indicatorsPart,
    downstream: downstreamPart,
    period: periodPart,
    evidence: evidencePart,
    audit: sanitizationAuditPart,
  },
};

function csvForm(year) {
  const chinaId = uid('china');
  return h(
    'form',
    { class: 'inline-form kpi-csv', 'aria-label': 'Download the KPIs as CSV' },
    h('p', {}, `The KPIs for ${year}, as the service computes them (`, h('code', {}, 'GET /kpis?format=csv'), ').'),
    selectField('Group by', 'groupBy', [['month', 'Month'], ['quarter', 'Quarter'], ['region', 'Region'], ['category', 'Category'], ['modality', 'Modality'], ['site', 'Site'], ['year', 'Year (one row)']], 'month'),
    h('div', { class: 'field check' }, h('input', { type: 'checkbox', id: chinaId, name: 'includeChina' }), h('label', { for: chinaId }, 'Include China')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Download CSV')),
    h('div', { class: 'form-status', 'aria-live': 'polite' }),
  );
}

function bindCsvForm(form, year) {
  const status = form.querySelector('.form-status');
  let name = '';
  bindForm(form, {
    context: 'Could not download the CSV',
    send(d) {
      const groupBy = String(d.get('groupBy'));
      const includeChina = d.get('includeChina') === 'on';
      name = `kpis-${year}-by-${groupBy}${includeChina ? '-incl-china' : ''}.csv`;
      fill(status, h('p', { role: 'status' }, 'Preparing the file…'));
      // The download needs the Authorization header, so it is fetched and handed over as a blob.
      return api('/kpis', { query: yearQuery(year, includeChina, { groupBy, format: 'csv' }), as: 'blob' });
    },
    done: (blob) => downloaded(status, blob, name),
  });
}
