import { api } from '../api.js';
import { fill, h, selectField } from '../dom.js';
import { int, kg, pct } from '../format.js';
import { bindForm } from '../forms.js';
import { downloaded, empty } from '../ui.js';

const INDICATORS = [
  ['preparedForReuseAndRecycledRate', 'Prepared for re-use and recycled'],
  ['recoveryRate', 'Recovery rate'],
  ['reuseShare', 'Re-use share'],
  ['recyclingShare', 'Recycling share'],
  ['measuredMassShare', 'Measured intake mass'],
];

/** The year's WEEE-style rates and circularity shares, each with its definition. */
export const indicatorsPart = {
  what: 'the indicators',
  load: ({ loaders }, { year }) => loaders.indicators(year),
  render(r, _ctx, { year }) {
    return h(
      'div',
      {},
      h(
        'dl',
        { class: 'indicators' },
        INDICATORS.map(([f, name]) =>
          h('div', { class: 'indicator', dataset: { field: f } }, h('dt', {}, name), h('dd', { class: 'indicator-value' }, r[f] === null ? 'n/a' : pct(r[f])), h('dd', { class: 'hint' }, r.definitions[f])),
        ),
      ),
      h(
        'p',
        { class: 'hint' },
        `Over ${kg(r.basis.outgoingKg)} that left custody in ${year} and ${kg(r.basis.intakeKg)} received (${kg(r.basis.measuredIntakeKg)} weighed)`,
        r.scope.statement ? `, within the boundary: ${r.scope.statement}.` : ', with no boundary set.',
      ),
    );
  },
};

const VERIFY = 'GET /audit/verify';
const EVIDENCE = 'GET /periods/{year}/evidence';

/** The ledger's verdict and the evidence of each published version: for keys that may verify (admin, ESG). */
export const evidencePart = {
  what: 'the ledger',
  when: ({ can }) => can(VERIFY),
  instead: () => h('p', { class: 'hint' }, 'Admin and ESG keys can verify the ledger and download evidence.'),
  async load({ loaders }, { year }) {
    const [verdict, p] = await Promise.all([loaders.ledgerVerdict(), loaders.period(year)]);
    return { verdict, versions: p.versions };
  },
  render({ verdict, versions }, { can }, { year }) {
    return [renderLedger(verdict), can(EVIDENCE) ? evidenceForm(year, versions) : null];
  },
  bind(container, _data, _ctx, _refs, { year }) {
    const form = container.querySelector('form.evidence-form');
    if (!form) return;
    const status = form.querySelector('.form-status');
    let name = '';
    bindForm(form, {
      context: 'Could not download the evidence',
      send(d) {
        const version = Number(d.get('version'));
        name = `evidence-${year}-v${version}.ndjson`;
        fill(status, h('p', { role: 'status' }, 'Preparing the bundle…'));
        return api(`/periods/${year}/evidence`, { query: { version }, as: 'blob' });
      },
      done: (blob) => downloaded(status, blob, name, ' Verify it with ', h('code', {}, `npm run verify-evidence -- ${name}`), '.'),
    });
  },
};

function renderLedger(v) {
  return v.ok
    ? h(
        'p',
        { class: 'notice ok ledger-verdict', dataset: { ok: 'true' } },
        h('strong', {}, 'Ledger verified. '),
        `All ${int(v.entries)} entries (unit intakes and events) match their hashes and link one to the next; ${int(v.publishedHeadsChecked)} published heads are on the chain. Head #${int(v.headSeq)}: `,
        h('code', { class: 'hash' }, v.headHash),
      )
    : h(
        'div',
        { class: 'notice error ledger-verdict', role: 'alert', dataset: { ok: 'false' } },
        h('p', { class: 'notice-title' }, `The ledger does not verify: entry #${int(v.firstBadSeq)}.`),
        h('p', {}, v.reason),
      );
}

/** Download the evidence bundle of a published version. */
function evidenceForm(year, versions) {
  if (!versions.length) return empty(`No version of ${year} has been published, so there is no evidence to download yet.`);
  const latest = versions.at(-1).version;
  return h(
    'form',
    { class: 'inline-form evidence-form', 'aria-label': `Download the evidence of ${year}`, dataset: { action: EVIDENCE } },
    h('p', {}, 'Every unit and event the published figures rest on, with their hashes, as NDJSON: an assurer re-performs the figures from it without the service.'),
    selectField('Version', 'version', versions.map((v) => [v.version, `Version ${v.version}${v.version === latest ? ' (latest)' : ''}`]), latest),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Download evidence')),
    h('div', { class: 'form-status', 'aria-live': 'polite' }),
  );
}
