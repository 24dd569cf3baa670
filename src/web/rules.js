/**
 * The API's own input rules, read from its OpenAPI document (the same zod schemas that
 * validate requests generate it), so the floor forms check what the API checks without
 * a second copy of the rules: required fields, lengths, enums, bounds, patterns. What
 * the document cannot say (three decimals of a kilogram, dates between 1990 and today,
 * no control characters in identifiers) is written here once, from the contract.
 * The API still has the last word: its answer is always shown. Pure: the document is
 * handed in (loaders.apiDocument()).
 */
const deref = (doc, s) => {
  let out = s;
  for (let i = 0; out?.$ref && i < 10; i++) out = doc.components?.schemas?.[out.$ref.split('/').pop()];
  return out;
};

/** The body schema of POST /units (CreateUnit) in the served document, properties resolved. */
export function unitRules(doc) {
  return resolveObject(doc, doc.components.schemas.CreateUnit);
}

/** type → the body schema of that event type in POST /units/:id/events (CreateEvent). */
export function eventRules(doc) {
  const root = deref(doc, doc.components.schemas.CreateEvent);
  const variants = (root.oneOf ?? root.anyOf ?? []).map((v) => resolveObject(doc, v));
  return new Map(variants.map((v) => [v.properties.type.const ?? v.properties.type.enum?.[0], v]));
}

function resolveObject(doc, s) {
  const o = deref(doc, s);
  const properties = Object.fromEntries(Object.entries(o.properties ?? {}).map(([k, v]) => [k, resolveField(doc, v)]));
  return { ...o, properties, required: o.required ?? [] };
}

function resolveField(doc, s) {
  const f = deref(doc, s);
  if (f?.type === 'array' && f.items) return { ...f, items: resolveField(doc, f.items) };
  if (f?.type === 'object' && f.properties) return resolveObject(doc, f);
  // Optional-with-null and unions: keep the first concrete branch.
  if (!f?.type && (f?.anyOf || f?.oneOf)) {
    const branch = (f.anyOf ?? f.oneOf).map((b) => deref(doc, b)).find((b) => b && b.type !== 'null');
    return branch ? { ...branch, description: f.description ?? branch.description } : f;
  }
  return f ?? {};
}

// ---- the contract's rules the document cannot carry ----

export const FIRST_DAY = '1990-01-01';
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Identifiers (serial and part numbers, codes): no control or zero-width characters (contract v1.1). */
const IDENTIFIERS = new Set(['serialNumber', 'partNumber', 'siteCode', 'vendorCode', 'eventId', 'unitId', 'code']);
// eslint-disable-next-line no-control-regex
const BAD_IDENTIFIER = /[\u0000-\u001f\u007f\u200b-\u200d\u2060\ufeff]/;

/**
 * Kilograms as an operator types them: "1234.5", "1234,5" (a decimal comma) or
 * "0.25". Answers exact grams; more than three decimals is refused, never rounded.
 */
export function parseKg(text) {
  const t = String(text ?? '').trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!t) return { empty: true };
  if (/^\d{1,3}(,\d{3})+$/.test(t) && !t.includes('.')) {
    return { error: `"${t}" could be a thousands separator: write ${t.replace(/,/g, '')} for whole kilograms, or use a point for decimals` };
  }
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(t);
  if (!m) return { error: `must be a number of kilograms such as 1234.5 (got "${t}")` };
  const dec = m[2] ?? '';
  if (/[1-9]/.test(dec.slice(3))) return { error: 'must have at most three decimals (whole grams)' };
  const grams = Number(m[1]) * 1000 + Number((dec + '000').slice(0, 3));
  return { grams, kg: grams / 1000 };
}

export function isCalendarDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const listFmt = new Intl.ListFormat('en', { type: 'disjunction' });
const kgText = (v) => `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(v)} kg`;

/**
 * Checks one value against its field's schema (and the rules above). `raw` is what the
 * control holds (a string, a boolean, or an array for lists). Answers
 * `{ value }` (undefined = leave the field out) or `{ error }`.
 * opts: required, name, minDate / minDateWhy (a date may not be before it), maxKg / maxKgWhy.
 */
export function checkValue(schema, raw, opts = {}) {
  const { required = false, name = '' } = opts;
  const s = schema ?? {};
  if (s.type === 'boolean') return { value: Boolean(raw) };
  if (s.type === 'array') return checkList(s, raw, opts);
  const text = typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : String(raw);
  if (text === '') return required ? { error: 'is required' } : { value: undefined };

  if (s.type === 'number' || s.type === 'integer') {
    let n;
    if (name === 'massKg' || /kilograms/.test(s.description ?? '')) {
      const kg = parseKg(text);
      if (kg.error) return { error: kg.error };
      n = kg.kg;
      if (n < 0.001) return { error: 'must be at least 0.001 kg (one gram)' };
      if (opts.maxKg !== undefined && n > opts.maxKg) return { error: `must be at most ${kgText(opts.maxKg)}${opts.maxKgWhy ? ` (${opts.maxKgWhy})` : ''}` };
    } else {
      n = Number(text.replace(',', '.'));
      if (!Number.isFinite(n)) return { error: `must be a number (got "${text}")` };
    }
    if (s.type === 'integer' && !Number.isInteger(n)) return { error: 'must be a whole number' };
    if (s.exclusiveMinimum !== undefined && !(n > s.exclusiveMinimum)) return { error: `must be greater than ${s.exclusiveMinimum}` };
    if (s.minimum !== undefined && n < s.minimum) return { error: `must be at least ${s.minimum.toLocaleString('en-US')}` };
    if (s.maximum !== undefined && n > s.maximum) return { error: `must be at most ${s.maximum.toLocaleString('en-US')}` };
    return { value: n };
  }

  const value = text.normalize('NFC');
  if (s.enum && !s.enum.includes(value)) return { error: `must be one of ${listFmt.format(s.enum.map(String))}` };
  if (s.format === 'date') {
    if (!isCalendarDate(value)) return { error: 'must be a real date in YYYY-MM-DD form' };
    if (value < FIRST_DAY) return { error: `must not be before ${FIRST_DAY}` };
    if (value > todayUtc()) return { error: `must not be in the future (today is ${todayUtc()})` };
    if (opts.minDate && value < opts.minDate) return { error: `must not be before ${opts.minDateWhy ?? opts.minDate}` };
  }
  if (s.minLength !== undefined && value.length < s.minLength) return { error: s.minLength === 1 ? 'is required' : `must be at least ${s.minLength} characters` };
  if (s.maxLength !== undefined && value.length > s.maxLength) return { error: `must be at most ${s.maxLength} characters (got ${value.length})` };
  if (IDENTIFIERS.has(name) && BAD_IDENTIFIER.test(value)) return { error: 'must not contain control or zero-width characters (a scanner may have added one)' };
  if (s.pattern && !new RegExp(s.pattern).test(value)) {
    return { error: s.pattern === '^[A-Z]{2}$' ? 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "US"' : `does not have the expected form (${s.pattern})` };
  }
  return { value };
}

function checkList(s, raw, opts) {
  const items = Array.isArray(raw) ? raw : [];
  if (!items.length) return opts.required || s.minItems ? { error: `needs at least ${s.minItems ?? 1} entry` } : { value: undefined };
  if (s.maxItems !== undefined && items.length > s.maxItems) return { error: `may have at most ${s.maxItems} entries` };
  return { value: items };
}

/** The country's English name, or null when the browser does not know the code. */
export function countryName(code) {
  if (!/^[A-Z]{2}$/.test(code ?? '')) return null;
  try {
    return new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code) ?? null;
  } catch {
    return null;
  }
}
