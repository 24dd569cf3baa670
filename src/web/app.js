import { session } from './api.js';
import { fill, h } from './dom.js';
import { forgetMe, loadMe, may } from './me.js';
import { errorBox, loading, pageHeader } from './ui.js';
import { renderSignIn } from './views/signin.js';
import { renderOverview } from './views/overview.js';
import { renderPipeline } from './views/pipeline.js';
import { renderUnits } from './views/units.js';
import { renderUnit } from './views/unit.js';
import { renderCertificate } from './views/sanitization.js';
import { renderReporting } from './views/reporting.js';
import { renderMagnet } from './views/magnet.js';
import { renderVendors } from './views/vendors.js';
import { renderVendor } from './views/vendor.js';
import { renderReceive } from './views/receive.js';
import { renderLabel } from './views/label.js';
import { renderImport } from './views/import.js';

const ROUTES = [
  { re: /^\/overview$/, title: 'Overview', nav: '#/overview', view: renderOverview },
  { re: /^\/pipeline$/, title: 'Pipeline', nav: '#/pipeline', view: renderPipeline },
  { re: /^\/units$/, title: 'Units', nav: '#/units', view: renderUnits },
  { re: /^\/units\/([^/]+)$/, title: 'Unit', nav: '#/units', view: renderUnit },
  { re: /^\/units\/([^/]+)\/certificate$/, title: 'Certificate of sanitization', nav: '#/units', view: renderCertificate },
  { re: /^\/units\/([^/]+)\/label$/, title: 'Label', nav: '#/units', view: renderLabel },
  { re: /^\/receive$/, title: 'Receive a unit', nav: '#/receive', view: renderReceive, may: 'log' },
  { re: /^\/import$/, title: 'Import CSV', nav: '#/import', view: renderImport, may: 'log' },
  { re: /^\/reporting$/, title: 'Reporting year', nav: '#/reporting', view: renderReporting },
  { re: /^\/magnet$/, title: 'Magnet upgrades', nav: '#/magnet', view: renderMagnet },
  { re: /^\/vendors$/, title: 'Vendors', nav: '#/vendors', view: renderVendors },
  { re: /^\/vendors\/([^/]+)$/, title: 'Vendor', nav: '#/vendors', view: renderVendor },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signout = document.getElementById('signout');
const who = document.getElementById('who');
let running = null;
let firstRender = true;

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/overview';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return { path, params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

/** Changes the hash (and so the view) from inside a view, e.g. after a filter form. */
export function navigate(path, params) {
  const qs = params ? new URLSearchParams([...Object.entries(params)].filter(([, v]) => v !== undefined && v !== null && v !== '')).toString() : '';
  const next = `#${path}${qs ? `?${qs}` : ''}`;
  if (location.hash === next) render();
  else location.hash = next;
}

async function render(notice) {
  running?.abort();
  const ctrl = new AbortController();
  running = ctrl;
  const signedIn = Boolean(session.key);
  nav.hidden = !signedIn;
  signout.hidden = !signedIn;
  if (!signedIn) who.hidden = true;

  if (!signedIn) {
    document.title = 'Sign in · Circularity tracker';
    fill(main, renderSignIn({ notice, onSignedIn: () => render() }));
    if (!firstRender) main.querySelector('input')?.focus();
    firstRender = false;
    return;
  }

  let me;
  try {
    me = await loadMe({ signal: ctrl.signal });
  } catch (err) {
    if (ctrl.signal.aborted || err?.name === 'AbortError') return;
    if (err?.status === 401) return; // auth:required re-renders the sign-in
    fill(main, pageHeader('Circularity tracker'), errorBox(err, 'Could not read who this key is'));
    return;
  }
  if (ctrl.signal.aborted) return;
  who.textContent = `${me.name} · ${me.role}`;
  who.hidden = false;
  // Links to pages whose actions the role may not take are not offered at all.
  for (const li of nav.querySelectorAll('[data-may]')) li.hidden = !may(li.dataset.may);

  const { path, params } = parseHash();
  const route = ROUTES.find((r) => r.re.test(path));
  for (const a of nav.querySelectorAll('a')) {
    if (route && a.getAttribute('href') === route.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!route) {
    document.title = 'Not found · Circularity tracker';
    fill(main, pageHeader('Page not found'), h('p', {}, 'There is no such page. ', h('a', { href: '#/overview' }, 'Go to the overview'), '.'));
    return;
  }
  if (route.may && !may(route.may)) {
    document.title = `${route.title} · Circularity tracker`;
    fill(
      main,
      pageHeader(route.title),
      h('p', { class: 'notice info', role: 'status' }, `Your key’s role (${me.role}) may not do this: it is for operators and administrators. `, h('a', { href: '#/units' }, 'Find a unit'), ' instead.'),
    );
    return;
  }
  document.title = `${route.title} · Circularity tracker`;
  const args = path.match(route.re).slice(1).map(decodeURIComponent);
  fill(main, loading());
  // Keyboard and screen-reader users start at the new page, not wherever the old one left them.
  if (!firstRender) main.focus({ preventScroll: true });
  try {
    await route.view({ root: main, params, args, signal: ctrl.signal, navigate });
  } catch (err) {
    if (ctrl.signal.aborted || err?.name === 'AbortError') return;
    const back = ROUTES.find((r) => r.nav === route.nav && r !== route);
    fill(main, pageHeader(route.title), errorBox(err), back ? h('p', {}, h('a', { href: back.nav }, `← ${back.title}`)) : null);
  }
  if (ctrl.signal.aborted) return;
  // Then onto its heading, unless the person has already moved on (e.g. into a form) meanwhile.
  const idle = document.activeElement === main || document.activeElement === document.body;
  if (!firstRender && idle) main.querySelector('h1')?.focus({ preventScroll: false });
  firstRender = false;
}

signout.addEventListener('click', () => {
  session.clear();
  forgetMe();
  history.replaceState(null, '', '#/overview');
  render({ kind: 'info', text: 'You are signed out. The key was removed from this tab.' });
});

document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => render());
window.addEventListener('auth:required', (e) => {
  forgetMe();
  render({ kind: 'error', text: `Please sign in again: ${e.detail?.detail || 'the key was not accepted.'}` });
});
// A last safety net: a failure nobody caught is shown in words, not left in the console.
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason?.name === 'AbortError') {
    e.preventDefault();
    return;
  }
  e.preventDefault();
  main.prepend(errorBox(e.reason));
});

render();
