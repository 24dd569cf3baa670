/**
 * A failure in the words of the person at the screen: what happened, what to do, and
 * which fields to correct, with the API's field names replaced by the labels the page
 * shows. Pure (no DOM): ui.js draws what this answers, in one place for every page.
 *
 * `err` is an ApiError (status, code, title, detail, errors, problem), a lost
 * connection (an ApiError with status 0), a FormProblem (fields the page itself found
 * wrong before sending) or any other Error (a fault in the page).
 */

/** Fields a form found wrong before anything was sent: [{ path, message }]. */
export class FormProblem extends Error {
  constructor(errors) {
    super('Some fields need a correction.');
    this.name = 'FormProblem';
    this.errors = errors;
  }
}

const lower = (s) => s.charAt(0).toLowerCase() + s.slice(1);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces API field names in a message with the labels the person sees:
 * "needs gridFactorKgPerKWh or gridCountry" → "needs grid factor (kg CO₂e/kWh) or grid country".
 * `labels` maps a field name (or dotted path) to its label.
 */
export function inWords(message, labels = {}) {
  let out = String(message ?? '');
  // Longest names first, so "gridFactorKgPerKWh" is replaced before a shorter name inside it.
  for (const name of Object.keys(labels).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(?<![\\w.])\`?${escape(name)}\`?(?![\\w])`, 'g'), lower(labels[name]));
  }
  return out;
}

/**
 * What the refusals of the ledger mean on the floor, where the API's own words are for
 * programmers. An entry without `detail` keeps the API's detail (already a sentence).
 */
const PLAIN = {
  'mass.exceeds_intake': { title: 'More than is left on the unit' },
  'period.locked': { title: 'That year is locked' },
  'policy.china_exclusion': { title: 'Not allowed under the China policy' },
  'compliance.sanitization_required': {
    title: 'Record the data sanitization first',
    detail: 'This unit may hold patient data and has no standing sanitization record (one may have been voided since this page opened). Nothing may leave it until its media are wiped and recorded: log “Data sanitized” first.',
  },
  'lifecycle.invalid_transition': {
    title: 'The unit cannot take this step now',
    detail: 'It may have moved on since this page opened. The page now shows what it may do next.',
  },
  'auth.forbidden': {
    title: 'Your key may not do this',
    detail: 'Ask an administrator for a key whose role may.',
  },
  'idempotency.mismatch': {
    title: 'This entry was already sent with other values',
    detail: 'Open the form again to log a new entry.',
  },
  'rate.limited': {
    title: 'Too many requests for now',
    detail: 'Wait a moment and try again.',
  },
  'service.unavailable': {
    title: 'The service cannot store anything just now',
    detail: 'Nothing was stored. Try again in a moment; if it lasts, tell whoever runs the service.',
  },
};

/**
 * @param {unknown} err
 * @param {{ labels?: Record<string, string> }} [opts]
 * @returns {{ title: string, detail: string | null, fields: { path: string, label: string | null, message: string }[], retry: boolean }}
 */
export function plainProblem(err, { labels = {} } = {}) {
  const e = /** @type {any} */ (err);
  if (e?.name === 'FormProblem') {
    return { title: 'Some fields need a correction', detail: null, fields: fieldsOf(e.errors, labels), retry: false };
  }
  if (e?.name !== 'ApiError') {
    return { title: 'Something went wrong in the page', detail: e?.message ?? String(err), fields: [], retry: true };
  }
  if (e.status === 0) {
    return { title: e.title ?? 'The service cannot be reached', detail: e.detail, fields: [], retry: true };
  }
  const fields = fieldsOf(e.errors ?? [], labels);
  const plain = PLAIN[e.code];
  if (plain) {
    const detail = plain.detail ?? (e.detail ? inWords(e.detail, labels) : null);
    return { title: plain.title, detail, fields, retry: e.code === 'rate.limited' || e.code === 'service.unavailable' };
  }
  if (fields.length) {
    // The detail of a 400 repeats its field errors ("a: …; b: …"): say it once, field by field.
    return { title: 'Some fields need a correction', detail: null, fields, retry: false };
  }
  return { title: e.title ?? `The service answered ${e.status}`, detail: e.detail ? inWords(e.detail, labels) : null, fields, retry: e.status >= 500 };
}

function fieldsOf(errors, labels) {
  return (errors ?? [])
    .filter((x) => x.path !== undefined)
    .map((x) => {
      const path = String(x.path).replace(/^(body|query)\./, '');
      const label = labels[path] ?? labels[path.split('.')[0]] ?? null;
      return { path, label, message: inWords(x.message, labels) };
    });
}
