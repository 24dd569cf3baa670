import { api } from '../api.js';
import { fill, h, inputField, selectField, table, tableWrap } from '../dom.js';
import { kg, label, shortLabel, words } from '../format.js';
import { may } from '../me.js';
import { cameraButton, readCode, watchWedge } from '../scan.js';
import { empty, errorBox, loading, pageHeader } from '../ui.js';
import { CATEGORIES, REGIONS, STATES } from './constants.js';

const PAGE = 50;

/**
 * Units, newest first: find by part of the serial (q=), filter by state, category,
 * region and site; a page at a time. A scanned label (wedge or camera) opens its unit.
 */
export async function renderUnits({ root, params, signal, navigate }) {
  const f = {
    q: params.get('q') ?? params.get('serial') ?? '',
    state: params.get('state') ?? '',
    category: params.get('category') ?? '',
    region: params.get('region') ?? '',
    siteCode: params.get('site') ?? '',
    order: params.get('order') === 'asc' ? 'asc' : '',
  };
  const sitesAnswer = await api('/sites', { signal });
  const sites = Array.isArray(sitesAnswer) ? sitesAnswer : (sitesAnswer.items ?? []);
  const scanStatus = h('div', { 'aria-live': 'polite' });
  /** A scanned code: a unit id opens the unit; a serial that only one unit has opens it too. */
  async function openScanned(text) {
    const code = readCode(text);
    fill(scanStatus, loading('Looking the code up…'));
    try {
      if (code.unitId) {
        const u = await api(`/units/${encodeURIComponent(code.unitId)}`, { signal });
        return navigate(`/units/${encodeURIComponent(u.id)}`);
      }
      const res = await api('/units', { query: { serialNumber: code.serial, limit: 2 }, signal });
      if (res.items.length === 1) return navigate(`/units/${encodeURIComponent(res.items[0].id)}`);
      fill(scanStatus);
      navigate('/units', { q: code.serial });
    } catch (err) {
      if (err?.name === 'AbortError') return;
      fill(scanStatus, errorBox(err, `Scanned “${text}”`));
    }
  }
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Find units',
      onsubmit: (e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        navigate('/units', {
          q: String(d.get('q') ?? '').trim(),
          state: d.get('state'),
          category: d.get('category'),
          region: d.get('region'),
          site: d.get('siteCode'),
          order: d.get('order'),
        });
      },
    },
    inputField('Serial number', 'q', { type: 'search', value: f.q, autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search' }, 'Any part of it; or scan a label.'),
    selectField('State', 'state', [['', 'Any state'], ...STATES.map((s) => [s, words(s)])], f.state),
    selectField('Category', 'category', [['', 'Any category'], ...CATEGORIES.map((c) => [c, label(c)])], f.category),
    selectField('Region', 'region', [['', 'Any region'], ...REGIONS.map((r) => [r, label(r)])], f.region),
    selectField('Site', 'siteCode', [['', 'Any site'], ...sites.map((x) => [x.code, `${x.code} · ${x.name}`])], f.siteCode),
    selectField('Order', 'order', [['', 'Newest first'], ['asc', 'Oldest first']], f.order),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search'), h('a', { href: '#/units', class: 'button secondary' }, 'Clear')),
  );
  const search = form.querySelector('input[name=q]');
  // A scanner's burst ending in Enter is a label: open its unit instead of listing.
  watchWedge(search, {
    submitOnEnter: true,
    onEnter: (value, { scanned }) => {
      if (!scanned) return false; // typed: Enter searches as usual
      openScanned(value);
      return true;
    },
  });
  search.closest('.field').append(cameraButton(search, { label: 'Scan a label', after: openScanned, onError: (e) => fill(scanStatus, errorBox(e, 'Camera')) }));
  const results = h('div', { 'aria-live': 'polite' });
  fill(root, pageHeader('Units', may('log') ? h('a', { class: 'button', href: '#/receive' }, '+ Receive a unit') : null), form, scanStatus, results);

  // Cursor pagination: keep the cursors we came through so "Previous" works.
  const cursors = [undefined];
  let pageNo = 0;

  async function load() {
    fill(results, loading('Loading units…'));
    try {
      const query = { ...f, limit: PAGE, cursor: cursors[pageNo] };
      const res = await api('/units', { query, signal });
      if (res.nextCursor) cursors[pageNo + 1] = res.nextCursor;
      fill(results, renderPage(res));
    } catch (err) {
      if (err?.name === 'AbortError') return;
      fill(results, errorBox(err, 'Could not load units'));
    }
  }

  function renderPage(res) {
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
          h('button', { type: 'button', class: 'secondary', disabled: pageNo === 0, onclick: () => go(-1) }, '← Previous'),
          h('span', {}, `Units ${first}–${first + res.items.length - 1}`),
          h('button', { type: 'button', class: 'secondary', disabled: !res.nextCursor, onclick: () => go(1) }, 'Next →'),
        );
    const rows = res.items.map((u) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', class: 'nowrap' }, h('a', { href: `#/units/${encodeURIComponent(u.id)}` }, u.serialNumber)),
        h('td', {}, u.model),
        h('td', {}, label(u.category), u.modality ? ` · ${u.modality}` : ''),
        h('td', { title: label(u.region) }, shortLabel(u.region)),
        h('td', {}, u.siteCode),
        h('td', {}, u.receivedAt),
        h('td', {}, h('span', { class: `badge state-${u.state}` }, words(u.state))),
        h('td', { class: 'num' }, kg(u.massBalance?.intakeKg ?? u.massKg)),
        h('td', { class: 'num' }, kg(u.massBalance?.remainingKg)),
      ),
    );
    return h(
      'div',
      {},
      tableWrap(
        'Units',
        table('Units', ['Serial number', 'Model', 'Category', 'Region', 'Site', 'Received', 'State', { label: 'Intake', num: true }, { label: 'Remaining', num: true }], rows, {
          captionHidden: true,
        }),
      ),
      pager,
    );
  }

  function go(step) {
    pageNo = Math.max(0, pageNo + step);
    load().then(() => {
      // The pager was redrawn: keep keyboard focus on the same button, or on the table.
      const [prev, next] = results.querySelectorAll('.pager button');
      const target = step > 0 ? next : prev;
      (target && !target.disabled ? target : results.querySelector('.table-wrap'))?.focus();
    });
  }

  await load();
}
