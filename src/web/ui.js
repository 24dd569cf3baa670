import { fill, h } from './dom.js';
import { words } from './format.js';
import { plainProblem } from './problems.js';

/**
 * The one way a page shows a failure: a panel in plain words (problems.js) that screen
 * readers announce, with each field to correct as a link that moves to it and, where
 * trying again can help, a "Try again" button.
 *   context: what was being done ("The shipment was not created")
 *   labels: field name → the label the page shows, so no API field name reaches the person
 *   fieldFor(path): the element to focus for a field, when the page has it
 *   retry: what "Try again" does
 */
export function errorPanel(err, { context, labels, fieldFor, retry } = {}) {
  const p = plainProblem(err, { labels });
  const panel = h(
    'div',
    { class: 'notice error', role: 'alert', tabindex: '-1', dataset: { code: err?.code ?? '' } },
    h('p', { class: 'notice-title' }, context ? `${context}: ${lowerFirst(p.title)}` : p.title),
    p.detail ? h('p', { class: 'notice-detail' }, p.detail) : null,
    p.fields.length
      ? h(
          'ul',
          { class: 'problem-fields' },
          p.fields.map((f) => {
            const text = `${f.label ?? words(f.path)}: ${f.message}`;
            const target = fieldFor?.(f.path);
            return h('li', { dataset: { path: f.path } }, target ? h('a', { href: '#', onclick: (e) => (e.preventDefault(), target.focus()) }, text) : text);
          }),
        )
      : null,
    retry ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', dataset: { retry: '' }, onclick: retry }, 'Try again')) : null,
  );
  return panel;
}

const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Shows the failure in `container`, brings it into view and moves focus to it (unless
 * `focus: false`, for a section that failed while the page loaded, so it does not take
 * the person away from the page's heading). Answers the panel.
 */
export function showError(container, err, opts = {}) {
  const panel = errorPanel(err, opts);
  fill(container, panel);
  if (opts.focus !== false) {
    panel.focus({ preventScroll: true });
    panel.scrollIntoView({ block: 'nearest' });
  }
  return panel;
}

/** A short success or information line; with `focus`, it takes focus (after a write, where the page was redrawn). */
export const notice = (kind, text, ...more) =>
  h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', tabindex: '-1' }, h('p', {}, text), ...more);

export const empty = (text, ...more) => h('div', { class: 'notice empty' }, h('p', {}, text), ...more);

export const loading = (text = 'Loading…') => h('p', { class: 'loading', role: 'status' }, text);

export const pageHeader = (title, ...extra) => h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title), ...extra);

export const section = (title, ...children) => {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
};

/** Announces a short message to screen readers. */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => (el.textContent = text), 30);
}

/** Hands a file the page made or fetched (a blob) to the browser's download. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Hands a downloaded file to the browser and says so in `status` (and to screen readers). */
export function downloaded(status, blob, name, ...more) {
  saveBlob(blob, name);
  fill(status, h('p', { class: 'notice ok' }, `Downloaded ${name} (${blob.size.toLocaleString('en-US')} bytes).`, ...more));
  announce(`Downloaded ${name}`);
}

/** Years offered in pickers, newest first: from the first year with figures up to this year. */
export function yearOptions(years) {
  const now = new Date().getUTCFullYear();
  const first = years?.length ? Math.min(...years.map(Number)) : now - 3;
  const list = [];
  for (let y = Math.max(now, ...(years ?? []).map(Number)); y >= first; y--) list.push(y);
  return list;
}
