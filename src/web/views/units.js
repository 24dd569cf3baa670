/**
 * Units, newest first: find by part of the serial (q=), filter by state, category, region
 * and site; a page at a time. A label's code, typed, pasted, scanned by a wedge scanner or
 * read by the camera, opens its unit.
 */
import { fill, h, inputField, selectField, table, tableWrap } from '../dom.js';
import { kgExact, label, shortLabel, words } from '../format.js';
import { cameraButton, readCode, watchWedge } from '../scan.js';
import { empty, loading, pageHeader, showError } from '../ui.js';
import { CATEGORIES, REGIONS, STATES } from './constants.js';

const PAGE = 50;

const filtersOf = (params) => ({
  q: params.get('q') ?? params.get('serial') ?? '',
  state: params.get('state') ?? '',
  category: params.get('category') ?? '',
  region: params.get('region') ?? '',
  siteCode: params.get('site') ?? '',
  order: params.get('order') === 'asc' ? 'asc' : '',
});

export const unitsView = {
  async load({ params, loaders }) {
    const f = filtersOf(params);
    const [sites, first] = await Promise.all([loaders.sites(), loaders.units({ ...f, limit: PAGE })]);
    return { f, sites, first };
  },

  render({ f, sites, first }, { can }) {
    const form = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Find units' },
      inputField('Serial number', 'q', { type: 'search', value: f.q, autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search' }, 'Any part of it, or a label’s text; or scan a label.'),
      selectField('State', 'state', [['', 'Any state'], ...STATES.map((s) => [s, words(s)])], f.state),
      selectField('Category', 'category', [['', 'Any category'], ...CATEGORIES.map((c) => [c, label(c)])], f.category),
      selectField('Region', 'region', [['', 'Any region'], ...REGIONS.map((r) => [r, label(r)])], f.region),
      selectField('Site', 'siteCode', [['', 'Any site'], ...sites.map((x) => [x.code, `${x.code} · ${x.name}`])], f.siteCode),
      selectField('Order', 'order', [['', 'Newest first'], ['asc', 'Oldest first']], f.order),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search'), h('a', { href: '#/units', class: 'button secondary' }, 'Clear')),
    );
    return [
      pageHeader('Units', can('POST /units') ? h('a', { class: 'button', href: '#/receive', dataset: { action: 'POST /units' } }, '+ Receive a unit') : null),
      form,
      h('div', { class: 'scan-status', 'aria-live': 'polite' }),
      h('div', { class: 'results', 'aria-live': 'polite' }, unitsPage(first, f, 0)),
    ];
  },

  bind(root, { f, first }, { loaders, navigate, signal }) {
    const form = root.querySelector('form.filters');
    const search = form.querySelector('input[name=q]');
    const scanStatus = root.querySelector('.scan-status');
    const results = root.querySelector('.results');

    /** A label's code opens its unit: its unit id at once; a serial only one unit has opens that unit too. */
    async function openCode(text, { listOtherwise }) {
      const code = readCode(text);
      fill(scanStatus, loading('Looking the code up…'));
      try {
        if (code.unitId) {
          const u = await loaders.unit(code.unitId);
          return navigate(`/units/${encodeURIComponent(u.id)}`);
        }
        const res = await loaders.units({ serialNumber: code.serial, limit: 2 });
        if (res.items.length === 1) return navigate(`/units/${encodeURIComponent(res.items[0].id)}`);
        fill(scanStatus);
        if (listOtherwise) navigate('/units', { q: code.serial });
      } catch (err) {
        if (err?.name === 'AbortError') return;
        showError(scanStatus, err, { context: `No unit for “${text}”` });
      }
    }

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const d = new FormData(form);
      const q = String(d.get('q') ?? '').trim();
      // A label's text typed or pasted ("CT-7731|unit_…") names its unit: open it rather than search for that text.
      if (readCode(q).unitId) return void openCode(q, { listOtherwise: true });
      navigate('/units', { q, state: d.get('state'), category: d.get('category'), region: d.get('region'), site: d.get('siteCode'), order: d.get('order') });
    });
    // A scanner's burst ending in Enter is a label: open its unit instead of listing.
    watchWedge(search, {
      submitOnEnter: true,
      onEnter: (value, { scanned }) => {
        if (!scanned) return false; // typed: Enter submits the form as usual
        openCode(value, { listOtherwise: true });
        return true;
      },
    });
    search.closest('.field').append(cameraButton(search, { label: 'Scan a label', after: (text) => openCode(text, { listOtherwise: true }), onError: (e) => showError(scanStatus, e, { context: 'Camera' }) }));

    // Cursor pagination: keep the cursors we came through so "Previous" works.
    const cursors = [undefined, first.nextCursor ?? undefined];
    let pageNo = 0;
    const wire = () => {
      for (const b of results.querySelectorAll('.pager button[data-step]')) b.addEventListener('click', () => go(Number(b.dataset.step)));
    };
    async function go(step) {
      pageNo = Math.max(0, pageNo + step);
      fill(results, loading('Loading units…'));
      try {
        const res = await loaders.units({ ...f, limit: PAGE, cursor: cursors[pageNo] });
        if (res.nextCursor) cursors[pageNo + 1] = res.nextCursor;
        fill(results, unitsPage(res, f, pageNo));
        wire();
        // The pager was redrawn: keep keyboard focus on the same button, or on the table.
        const target = results.querySelector(`.pager button[data-step="${step}"]`);
        (target && !target.disabled ? target : results.querySelector('.table-wrap'))?.focus();
      } catch (err) {
        if (err?.name === 'AbortError' || signal.aborted) return;
        showError(results, err, { context: 'Could not load units', retry: () => go(0) });
      }
    }
    wire();
  },
};

function unitsPage(res, f, pageNo) {
  if (!res.items.length) {
    const filtered = Object.entries(f).some(([k, v]) => k !== 'order' && v);
    return empty(filtered ? 'No units match these filters.' : 'No units have been received yet.');
  }
  const first = pageNo * PAGE + 1;
  const onlyPage = pageNo === 0 && !res.nextCursor;
  const pager = onlyPage
    ? h('p', { class: 'pager' }, `${res.items.length === 1 ? 'One unit' : `All ${res.items.length} units`} shown.`)
    : h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages of units' },
        h('button', { type: 'button', class: 'secondary', disabled: pageNo === 0, dataset: { step: '-1' } }, '← Previous'),
        h('span', {}, `Units ${first}–${first + res.items.length - 1}`),
        h('button', { type: 'button', class: 'secondary', disabled: !res.nextCursor, dataset: { step: '1' } }, 'Next →'),
      );
  const rows = res.items.map((u) =>
    h(
      'tr',
      { dataset: { unit: u.id } },
      h('th', { scope: 'row', class: 'nowrap' }, h('a', { href: `#/units/${encodeURIComponent(u.id)}` }, u.serialNumber)),
      h('td', {}, u.model),
      h('td', {}, label(u.category), u.modality ? ` · ${u.modality}` : ''),
      h('td', { title: label(u.region) }, shortLabel(u.region)),
      h('td', {}, u.siteCode),
      h('td', {}, u.receivedAt),
      h('td', {}, h('span', { class: `badge state-${u.state}` }, words(u.state))),
      // Exact, as the unit page shows them: a list is where people compare masses.
      h('td', { class: 'num', dataset: { intakeKg: u.massBalance.intakeKg } }, kgExact(u.massBalance.intakeKg)),
      h('td', { class: 'num', dataset: { remainingKg: u.massBalance.remainingKg } }, kgExact(u.massBalance.remainingKg)),
    ),
  );
  return h(
    'div',
    {},
    tableWrap('Units', table('Units', ['Serial number', 'Model', 'Category', 'Region', 'Site', 'Received', 'State', { label: 'Intake', num: true }, { label: 'Remaining', num: true }], rows, { captionHidden: true })),
    pager,
  );
}
