/**
 * The dashboard's router and its one table of pages: which path shows which view, its
 * title, its place in the navigation, the API action a page is for (a page whose
 * actions the key may not take is neither linked nor drawn), and the page a "back" link
 * leads to. The navigation is drawn from this table and nowhere else.
 */
import { session } from './api.js';
import { capabilities } from './caps.js';
import { fill, h } from './dom.js';
import { createLoaders, createTabCache } from './loaders.js';
import { errorPanel, notice, pageHeader } from './ui.js';
import { mountView } from './view.js';
import { renderSignIn } from './views/signin.js';
import { overviewView } from './views/overview.js';
import { pipelineView } from './views/pipeline.js';
import { unitsView } from './views/units.js';
import { unitView } from './views/unit.js';
import { certificateView } from './views/sanitization.js';
import { reportingView } from './views/reporting.js';
import { magnetView } from './views/magnet.js';
import { vendorsView } from './views/vendors.js';
import { vendorView } from './views/vendor.js';
import { receiveView } from './views/receive.js';
import { labelView } from './views/label.js';
import { importView } from './views/import.js';

/**
 * path: '/units/:id' style; nav: the link's text when the page is in the navigation;
 * needs: the page is for keys that may take one of these actions (GET /me's `may`);
 * parent: where "back" leads (and which navigation link is current).
 */
const ROUTES = [
  { path: '/overview', title: 'Overview', nav: 'Overview', view: overviewView },
  { path: '/pipeline', title: 'Pipeline', nav: 'Pipeline', view: pipelineView },
  { path: '/units', title: 'Units', nav: 'Units', view: unitsView },
  { path: '/units/:id', title: 'Unit', parent: '/units', view: unitView },
  { path: '/units/:id/certificate', title: 'Certificate of sanitization', parent: '/units/:id', view: certificateView },
  { path: '/units/:id/label', title: 'Label', parent: '/units/:id', view: labelView },
  { path: '/receive', title: 'Receive a unit', nav: 'Receive', needs: ['POST /units'], parent: '/units', view: receiveView },
  { path: '/import', title: 'Import CSV', nav: 'Import', needs: ['POST /imports/units', 'POST /imports/events'], parent: '/units', view: importView },
  { path: '/reporting', title: 'Reporting year', nav: 'Reporting year', view: reportingView },
  { path: '/magnet', title: 'Magnet upgrades', nav: 'Magnet upgrades', view: magnetView },
  { path: '/vendors', title: 'Vendors', nav: 'Vendors', view: vendorsView },
  { path: '/vendors/:code', title: 'Vendor', parent: '/vendors', view: vendorView },
].map((r) => ({ ...r, re: new RegExp(`^${r.path.replace(/:[a-z]+/g, '([^/]+)')}$`), keys: [...r.path.matchAll(/:([a-z]+)/g)].map((m) => m[1]) }));

const byPath = new Map(ROUTES.map((r) => [r.path, r]));
/** A route's path with its parameters filled from `values` (by name). */
const hrefOf = (route, values) => `#${route.path.replace(/:([a-z]+)/g, (_m, k) => encodeURIComponent(values[k]))}`;
/** The navigation entry a page belongs to: its own, or its nearest parent's. */
const navOf = (route) => (route.nav ? route : route.parent ? navOf(byPath.get(route.parent)) : null);

const main = document.getElementById('main');
const header = document.querySelector('.topbar');
const nav = document.getElementById('nav');
const menu = document.getElementById('menu');
const signout = document.getElementById('signout');
const who = document.getElementById('who');
const tab = createTabCache();
let running = null;
let firstRender = true;
/** What the next page should say first (a write it just stored, a refusal it reloaded for), handed over once. */
let handover = null;

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/overview';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return { path, params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

/**
 * Changes the page from inside a view (a filter form, the next step after a write).
 * `state` is handed to the next page as ctx.handover (e.g. what was just logged).
 */
export function navigate(path, params, state) {
  const qs = params ? new URLSearchParams([...Object.entries(params)].filter(([, v]) => v !== undefined && v !== null && v !== '')).toString() : '';
  const next = `#${path}${qs ? `?${qs}` : ''}`;
  handover = state ?? null;
  if (location.hash === next) render();
  else location.hash = next;
}

function drawNav(caps, current) {
  const items = ROUTES.filter((r) => r.nav && (!r.needs || caps.canAny(...r.needs)));
  fill(
    nav.querySelector('ul'),
    items.map((r) => h('li', {}, h('a', { href: `#${r.path}`, 'aria-current': r === current ? 'page' : undefined }, r.nav))),
  );
}

function setMenu(open) {
  header.classList.toggle('menu-open', open);
  menu.setAttribute('aria-expanded', String(open));
}

async function render() {
  running?.abort();
  const ctrl = new AbortController();
  running = ctrl;
  const state = handover;
  handover = null;
  setMenu(false);
  const signedIn = Boolean(session.key);
  header.classList.toggle('signed-in', signedIn);
  for (const el of [nav, signout, menu]) el.hidden = !signedIn;
  if (!signedIn) {
    who.hidden = true;
    document.title = 'Sign in · Circularity tracker';
    fill(main, renderSignIn({ notice: state?.notice, check: (key) => tab.me(key), onSignedIn: () => render() }));
    if (!firstRender) main.querySelector('input')?.focus();
    firstRender = false;
    return;
  }

  let caps;
  try {
    caps = capabilities(await tab.me(session.key, ctrl.signal));
  } catch (err) {
    if (ctrl.signal.aborted || err?.name === 'AbortError') return;
    if (err?.status === 401) return; // auth:required draws the sign-in
    fill(main, pageHeader('Circularity tracker'), errorPanel(err, { context: 'Could not read who this key is', retry: () => render() }));
    return;
  }
  if (ctrl.signal.aborted) return;
  who.textContent = `${caps.name} · ${caps.role}`;
  who.hidden = false;

  const { path, params } = parseHash();
  const route = ROUTES.find((r) => r.re.test(path));
  drawNav(caps, route && navOf(route));
  if (!route) {
    document.title = 'Not found · Circularity tracker';
    fill(main, pageHeader('Page not found'), h('p', {}, 'There is no such page. ', h('a', { href: '#/overview' }, 'Go to the overview'), '.'));
    return;
  }
  const values = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(path.match(route.re)[i + 1])]));
  document.title = `${route.title} · Circularity tracker`;
  if (route.needs && !caps.canAny(...route.needs)) {
    fill(
      main,
      pageHeader(route.title),
      notice('info', `Your key (${caps.role}) may not do this, so this page offers nothing to it. `, h('p', {}, h('a', { href: '#/units' }, 'Find a unit'), ' instead.')),
    );
    return;
  }
  const parent = route.parent ? byPath.get(route.parent) : null;
  const ctx = {
    params,
    args: route.keys.map((k) => values[k]),
    values,
    signal: ctrl.signal,
    loaders: createLoaders({ signal: ctrl.signal, tab }),
    can: caps.can,
    canAny: caps.canAny,
    me: caps,
    handover: state,
    navigate,
    /** Draws this page again from fresh data (after a write, or "Try again"). */
    reload: (next) => navigate(path, Object.fromEntries(params), next),
    back: parent ? { href: hrefOf(parent, values), title: parent.title } : null,
  };
  fill(main, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  // Keyboard and screen-reader users start at the new page, not wherever the old one left them.
  if (!firstRender) main.focus({ preventScroll: true });
  try {
    const data = await mountView(main, route.view, ctx);
    const title = data && route.view.title?.(data);
    if (title) document.title = `${title} · Circularity tracker`;
  } catch (err) {
    if (ctrl.signal.aborted || err?.name === 'AbortError') return;
    const panel = errorPanel(err, { context: `Could not load ${route.title.toLowerCase()}`, retry: () => render() });
    fill(main, pageHeader(route.title), panel, ctx.back ? h('p', {}, h('a', { href: ctx.back.href }, `← ${ctx.back.title}`)) : null);
    panel.focus();
    firstRender = false;
    return;
  }
  if (ctrl.signal.aborted) return;
  // A handed-over message (what was just stored) takes focus; otherwise the page's heading,
  // unless the person has already moved on (e.g. into a form) meanwhile.
  const said = main.querySelector('[data-handover]');
  const idle = document.activeElement === main || document.activeElement === document.body;
  if (said) said.focus();
  else if (!firstRender && idle) main.querySelector('h1')?.focus({ preventScroll: false });
  firstRender = false;
}

signout.addEventListener('click', () => {
  session.clear();
  tab.forget();
  history.replaceState(null, '', '#/overview');
  handover = { notice: { kind: 'info', text: 'You are signed out. The key was removed from this tab.' } };
  render();
});

menu.addEventListener('click', () => setMenu(!header.classList.contains('menu-open')));

document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => render());
window.addEventListener('auth:required', (e) => {
  tab.forget();
  handover = { notice: { kind: 'error', text: `Please sign in again: ${e.detail?.detail || 'the key was not accepted.'}` } };
  render();
});
// A last safety net: a failure nobody caught is shown in words, not left in the console.
window.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  if (e.reason?.name === 'AbortError') return;
  main.prepend(errorPanel(e.reason));
});

render();
