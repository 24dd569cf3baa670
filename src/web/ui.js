import { fill, h } from './dom.js';

/** What a person should read when a call fails: the problem's own words, plus a hint. */
export function explain(err) {
  if (err?.name === 'ApiError') {
    const hints = {
      'route.not_found': 'This part of the service is not available on this server yet.',
      'auth.forbidden': 'Your key’s role may not do this. Ask an administrator for a key with the right role.',
    };
    const title = err.title || `The service answered ${err.status}`;
    return { title, detail: err.detail, hint: hints[err.code], errors: err.errors };
  }
  return { title: 'Something went wrong in the page', detail: err?.message ?? String(err), errors: [] };
}

/** An error panel that screen readers announce. */
export function errorBox(err, context) {
  const e = explain(err);
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    h('p', { class: 'notice-title' }, context ? `${context}: ${e.title}` : e.title),
    e.detail ? h('p', {}, e.detail) : null,
    e.hint ? h('p', {}, e.hint) : null,
    e.errors?.length
      ? h('ul', {}, e.errors.map((x) => h('li', {}, x.row ? `Row ${x.row}${x.column ? `, ${x.column}` : ''}: ${x.message}` : `${x.path}: ${x.message}`)))
      : null,
  );
}

export const empty = (text, ...more) => h('div', { class: 'notice empty' }, h('p', {}, text), ...more);

export const loading = (text = 'Loading…') => h('p', { class: 'loading', role: 'status' }, text);

export const pageHeader = (title, ...extra) =>
  h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title), ...extra);

export const section = (title, ...children) => {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
};

/** Runs a part of a page on its own, so one failing call leaves the rest usable. */
export async function part(container, what, fn) {
  fill(container, loading(`Loading ${what}…`));
  try {
    const out = await fn();
    if (out instanceof Node) fill(container, out);
    else if (Array.isArray(out)) fill(container, ...out);
  } catch (err) {
    if (err?.name === 'AbortError') return;
    fill(container, errorBox(err, `Could not load ${what}`));
  }
}

/** Announces a short message to screen readers (and shows it briefly). */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => (el.textContent = text), 30);
}

/** Years offered in pickers, newest first: from the first year with figures up to this year. */
export function yearOptions(years) {
  const now = new Date().getUTCFullYear();
  const first = years?.length ? Math.min(...years.map(Number)) : now - 3;
  const list = [];
  for (let y = Math.max(now, ...(years ?? []).map(Number)); y >= first; y--) list.push(y);
  return list;
}
