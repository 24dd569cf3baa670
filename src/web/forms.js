/**
 * Form fields for the floor screens, built from the API's own field schemas (rules.js):
 * large thumb-sized controls, the API's rules checked as the person types, and the
 * API's answer mapped back onto the field it names. Each field is
 * `{ name, root, focus(), read(), check(), showError(msg) }`.
 */
import { ApiError, api, newIdempotencyKey } from './api.js';
import { fill, h, uid } from './dom.js';
import { kgExact, label as labelOf, words } from './format.js';
import { FormProblem } from './problems.js';
import { checkValue, countryName, parseKg, todayUtc } from './rules.js';
import { announce, showError } from './ui.js';

/**
 * One field. `widget`: text | textarea | select | choice (big radio tiles) | date | mass |
 * country | checkbox | list. `options`: [value, text] pairs for select/choice (default:
 * the schema's enum). `check(value)` adds a rule of the form's own.
 */
export function field(spec) {
  const { name, schema = {}, required = false, label = words(name), hint, widget = guessWidget(name, schema), value } = spec;
  const id = uid(name);
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const err = h('p', { class: 'field-error', id: errId, hidden: true });
  const note = h('p', { class: 'hint', id: hintId }, hint ?? '');
  note.hidden = !hint;
  const described = `${hintId} ${errId}`;
  const labelText = [label, required || spec.markOptional === false ? null : h('span', { class: 'optional' }, ' (optional)')];
  const options = spec.options ?? (schema.enum ?? []).map((v) => [v, labelOf(v)]);
  let control;
  let read;
  let root;

  if (widget === 'choice') {
    const group = h(
      'div',
      { class: 'choices', role: 'radiogroup', 'aria-labelledby': `${id}-legend`, 'aria-describedby': described },
      options.map(([v, t]) => {
        const rid = uid(`${name}-${v}`);
        return h('label', { class: 'choice', for: rid }, h('input', { type: 'radio', id: rid, name, value: v, checked: String(value ?? '') === String(v) }), h('span', {}, t));
      }),
    );
    control = group;
    read = () => group.querySelector('input:checked')?.value ?? '';
    root = h('fieldset', { class: 'field choice-field', dataset: { field: name } }, h('legend', { id: `${id}-legend` }, labelText), group, note, err);
  } else if (widget === 'checkbox') {
    control = h('input', { type: 'checkbox', id, name, checked: Boolean(value), 'aria-describedby': described });
    read = () => control.checked;
    root = h('div', { class: 'field check big-check', dataset: { field: name } }, control, h('label', { for: id }, labelText), note, err);
  } else if (widget === 'list') {
    return listField({ ...spec, label, hint });
  } else {
    const attrs = { id, name, 'aria-describedby': described, autocomplete: 'off' };
    if (widget === 'select') {
      control = h('select', attrs, required && value ? null : h('option', { value: '' }, required ? 'Choose…' : '—'), options.map(([v, t]) => h('option', { value: v, selected: String(value ?? '') === String(v) }, t)));
    } else if (widget === 'textarea') {
      control = h('textarea', { ...attrs, rows: 2, maxlength: schema.maxLength, class: 'prose' }, value ?? '');
    } else if (widget === 'date') {
      control = h('input', { ...attrs, type: 'date', value: value ?? todayUtc(), max: todayUtc(), min: spec.minDate ?? '1990-01-01' });
    } else if (widget === 'mass') {
      control = h('input', { ...attrs, type: 'text', inputmode: 'decimal', enterkeyhint: 'next', value: value ?? '', placeholder: 'kg', class: 'mass' });
    } else if (widget === 'country') {
      control = h('input', { ...attrs, type: 'text', value: value ?? '', maxlength: 2, autocapitalize: 'characters', spellcheck: 'false', class: 'country', list: countryList() });
      control.addEventListener('input', () => {
        const up = control.value.toUpperCase();
        if (up !== control.value) control.value = up;
      });
    } else {
      control = h('input', { ...attrs, type: 'text', value: value ?? '', maxlength: schema.maxLength, spellcheck: 'false', ...(spec.attrs ?? {}) });
    }
    read = () => control.value;
    root = h('div', { class: 'field', dataset: { field: name } }, h('label', { for: id }, labelText), spec.wrap ? spec.wrap(control) : control, note, err);
  }

  // What the value means, under the field: "= 1,234.5 kg", "Hungary".
  const echo = h('p', { class: 'echo', 'aria-live': 'polite' });
  if (widget === 'mass' || widget === 'country') {
    root.insertBefore(echo, err);
    const show = () => {
      const raw = read();
      if (widget === 'mass') {
        const kg = parseKg(raw);
        echo.textContent = kg.kg !== undefined ? `= ${kgExact(kg.kg)}` : '';
      } else {
        echo.textContent = raw.length === 2 ? (countryName(raw) ?? 'not a country this browser knows') : '';
      }
    };
    control.addEventListener('input', show);
    show();
  }

  const f = {
    name,
    label,
    root,
    control,
    read,
    focus: () => (root.querySelector('input, select, textarea') ?? control).focus(),
    showError(msg) {
      err.textContent = msg ? `${label} ${msg}` : '';
      err.hidden = !msg;
      root.classList.toggle('invalid', Boolean(msg));
      for (const el of root.querySelectorAll('input, select, textarea')) {
        if (msg) el.setAttribute('aria-invalid', 'true');
        else el.removeAttribute('aria-invalid');
      }
    },
    setHint(text) {
      note.textContent = text ?? '';
      note.hidden = !text;
    },
    /** { value } or { error }, and shows the error. */
    check() {
      const r = checkValue(schema, read(), { ...spec.rules, required, name });
      const extra = r.error ? null : spec.check?.(r.value);
      f.showError(r.error ?? extra ?? null);
      return extra ? { error: extra } : r;
    },
  };
  // Checked when the person leaves the field (not on every keystroke: no scolding mid-word).
  const recheck = () => root.classList.contains('invalid') && f.check();
  control.addEventListener?.('change', () => f.check());
  control.addEventListener?.('input', recheck);
  return f;
}

function guessWidget(name, schema) {
  if (schema.type === 'boolean') return 'checkbox';
  if (schema.type === 'array') return 'list';
  if (schema.format === 'date') return 'date';
  if (name === 'massKg') return 'mass';
  if (schema.pattern === '^[A-Z]{2}$') return 'country';
  if (schema.enum) return schema.enum.length <= 4 ? 'choice' : 'select';
  if ((schema.maxLength ?? 0) > 200) return 'textarea';
  return 'text';
}

/** A list of small records (e.g. the media of a sanitization): add and remove rows. */
function listField(spec) {
  const { name, schema, required = false, label, hint } = spec;
  const item = schema.items ?? {};
  const rows = [];
  const list = h('ol', { class: 'list-rows' });
  const err = h('p', { class: 'field-error', hidden: true });
  const add = h('button', { type: 'button', class: 'secondary' }, `+ Add ${words(name).toLowerCase().replace(/s$/, '')}`);
  const root = h('fieldset', { class: 'field list-field', dataset: { field: name } }, h('legend', {}, label, required ? null : h('span', { class: 'optional' }, ' (optional)')), hint ? h('p', { class: 'hint' }, hint) : null, list, add, err);

  function addRow() {
    const n = rows.length + 1;
    const sub = Object.entries(item.properties ?? {}).map(([k, s]) => field({ name: k, schema: s, required: (item.required ?? []).includes(k), label: `${words(name).replace(/s$/, '')} ${n}: ${words(k).toLowerCase()}` }));
    const li = h('li', { class: 'list-row' }, sub.map((s) => s.root));
    const row = { li, sub };
    li.append(
      h('button', {
        type: 'button',
        class: 'secondary small',
        'aria-label': `Remove ${words(name).toLowerCase().replace(/s$/, '')} ${n}`,
        onclick: () => {
          rows.splice(rows.indexOf(row), 1);
          li.remove();
          add.focus();
        },
      }, 'Remove'),
    );
    rows.push(row);
    list.append(li);
    return row;
  }
  add.addEventListener('click', () => addRow().sub[0]?.focus());
  if (required || (schema.minItems ?? 0) > 0) addRow();

  const f = {
    name,
    label,
    root,
    focus: () => (rows[0]?.sub[0] ?? { focus: () => add.focus() }).focus(),
    read: () => rows.map((r) => r.sub),
    showError(msg) {
      err.textContent = msg ? `${label} ${msg}` : '';
      err.hidden = !msg;
    },
    setHint() {},
    check() {
      const values = [];
      let bad = false;
      for (const r of rows) {
        const obj = {};
        for (const s of r.sub) {
          const c = s.check();
          if (c.error) bad = true;
          else if (c.value !== undefined) obj[s.name] = c.value;
        }
        values.push(obj);
      }
      if (bad) return { error: 'has an entry to correct' };
      const c = checkValue(schema, values, { required });
      f.showError(c.error ?? null);
      return c;
    },
  };
  return f;
}

let countries = null;
/** A datalist of the region codes the browser can name ("HU — Hungary"), made once. */
function countryList() {
  if (countries) return countries;
  countries = 'country-codes';
  const list = h('datalist', { id: countries });
  const A = 65;
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      const n = countryName(code);
      if (n && n !== code) list.append(h('option', { value: code }, n));
    }
  }
  document.body.append(list);
  return countries;
}

/** Checks every field (marking the bad ones); answers { body } or { errors: [{ path, message }] }. */
export function collect(fields) {
  const body = {};
  const errors = [];
  for (const f of fields) {
    const r = f.check();
    if (r.error) errors.push({ path: f.name, message: r.error });
    else if (r.value !== undefined) body[f.name] = r.value;
  }
  return errors.length ? { errors } : { body };
}

/** The raw values a person has typed or chosen, to open the same form again with them (lists left out). */
export const entered = (fields) => Object.fromEntries(fields.filter((f) => typeof f.read() === 'string' && f.read() !== '').map((f) => [f.name, f.read()]));

/** The labels of a form's fields by name, for error messages in the page's words. */
export const labelsOf = (fields) => Object.fromEntries(fields.map((f) => [f.name, typeof f.label === 'string' ? f.label : words(f.name)]));

/** Puts the API's field errors (400 `errors`, or a rule's named field) on the fields they name. */
export function showApiErrors(fields, err) {
  const byName = new Map(fields.map((f) => [f.name, f]));
  let first = null;
  for (const e of err?.errors ?? []) {
    const top = String(e.path ?? '').split('.')[0];
    const f = byName.get(top);
    if (f) {
      f.showError(e.message);
      first ??= f;
    }
  }
  return first;
}

/**
 * A form that logs once. Its Idempotency-Key is made when the form opens and kept for
 * every attempt of this entry: a double click sends nothing twice (the button is
 * disabled while a request is out), and a retry after a network error repeats the same
 * key, so the service answers the first attempt's result instead of storing a second
 * entry. A refusal stores nothing, so the corrected entry may reuse the key.
 *
 * Every failure is shown the one way (ui.js showError), under the button, with focus
 * on it: fields the form found wrong, the API's refusal in plain words, or the lost
 * answer. `onRefused(err, entered)`, when given, takes over a 409 (the ledger refused
 * because the unit changed): the page reloads what it shows and reopens the form.
 */
export function onceForm({ form, fields, submit, path, body: buildBody, onDone, onRefused, explain, label = 'Save', busyLabel = 'Saving…' }) {
  const key = newIdempotencyKey();
  form.dataset.idempotencyKey = key;
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const labels = labelsOf(fields);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const fieldFor = (path) => byName.get(String(path).split('.')[0]);
  let busy = false;
  let attempts = 0;
  submit.textContent = label;
  form.noValidate = true;
  form.append(status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return; // a second click while the first is out
    for (const f of fields) f.showError(null);
    const c = collect(fields);
    if (c.errors) {
      showError(status, new FormProblem(c.errors), { labels, fieldFor });
      return;
    }
    const body = buildBody ? buildBody(c.body) : c.body;
    if (!body) return;
    busy = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    submit.textContent = busyLabel;
    attempts += 1;
    fill(status, h('p', { role: 'status', class: 'loading' }, attempts > 1 ? 'Sending again with the same key…' : busyLabel));
    try {
      const res = await api(path, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      fill(status);
      onDone(res, body);
    } catch (err) {
      if (err?.name === 'AbortError') return;
      if (err instanceof ApiError && err.status === 409 && onRefused) {
        fill(status);
        onRefused(err, entered(fields));
        return;
      }
      const networkLost = err instanceof ApiError && err.status === 0;
      showApiErrors(fields, err);
      const panel = showError(status, err, { context: networkLost ? 'No answer from the service' : 'Not saved', labels, fieldFor });
      if (networkLost) {
        panel.classList.replace('error', 'warn');
        panel.append(h('p', {}, 'It may or may not have been stored. Press ', h('strong', {}, label), ' again when the connection is back: it is sent with the same key, so it is never stored twice.'));
      } else {
        const more = explain?.(err);
        if (more) panel.append(more);
      }
      announce(networkLost ? 'No answer from the service. Press the button again to retry.' : `Not saved: ${panel.querySelector('.notice-title')?.textContent ?? ''}`);
    } finally {
      busy = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
      submit.textContent = label;
    }
  });
  return { key, status };
}

/**
 * A plain form of a page bound to one API call: on submit `send(formData)` makes the call
 * (the submit button is disabled while it is out) and `done(answer)` follows a success,
 * usually ctx.reload with what was stored; a failure is shown the one way, in the form's
 * `.form-status`, with the form's own labels for the fields it names. `labels` adds words
 * for fields the API names that are not controls (e.g. `rules`).
 */
export function bindForm(form, { send, done, context, labels = {} }) {
  const button = form.querySelector('button[type=submit]');
  const status = form.querySelector('.form-status');
  const named = () => [...form.elements].filter((el) => el.name && el.labels?.length);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    try {
      await done(await send(new FormData(form)));
    } catch (err) {
      if (err?.name === 'AbortError') return;
      showError(status, err, {
        context,
        labels: { ...Object.fromEntries(named().map((el) => [el.name, el.labels[0].textContent.trim()])), ...labels },
        fieldFor: (path) => form.elements.namedItem(String(path).split('.')[0]),
      });
    } finally {
      button.disabled = false;
    }
  });
}
