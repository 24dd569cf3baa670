/**
 * A tiny element builder. Children that are strings become text nodes, so values
 * from the API are never parsed as HTML.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'for') el.htmlFor = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** replaceChildren that skips null/false, as h() does (replaceChildren(null) would print "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let seq = 0;
/** A unique id for label/input pairs. */
export const uid = (prefix = 'f') => `${prefix}-${++seq}`;

/** A labelled <select>; options are [value, text] pairs or strings. */
export function selectField(label, name, options, value, attrs = {}) {
  const id = uid(name);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name, ...attrs },
      options.map((o) => {
        const [v, t] = Array.isArray(o) ? o : [o, o];
        return h('option', { value: v, selected: String(v) === String(value ?? '') }, t);
      }),
    ),
  );
}

/** A labelled <input>. */
export function inputField(label, name, attrs = {}, hint) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : undefined;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name, 'aria-describedby': hintId, ...attrs }),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
}

/** A horizontally scrollable, keyboard-focusable wrapper for wide tables. */
export const tableWrap = (label, table) => h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' }, table);

export function table(caption, headers, rows, opts = {}) {
  return h(
    'table',
    { class: opts.class },
    caption ? h('caption', { class: opts.captionHidden ? 'sr-only' : undefined }, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.label ?? c)))),
    h('tbody', {}, rows),
  );
}
