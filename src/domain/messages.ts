/**
 * One message catalogue for every place input is checked: JSON bodies and query
 * strings (http/validate.ts) and CSV rows (modules/imports), so a person reads the same
 * sentence whichever way the data came. Installed as zod's global error map: a schema's
 * own message (`.min(1, 'must not be empty')`) still wins; every other issue is worded
 * here, with a "did you mean" for near-miss field names and values.
 */
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';

import { quoteValue } from './quote.js';

/** A decimal as people and CSV files write it: no exponent, no thousands separator. */
export const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** How a received value is quoted back in a message (long text is cut). */
export function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return quoteValue(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'an object';
}

const quoted = (values: readonly unknown[]) => values.map((v) => (typeof v === 'string' ? v : String(v))).join(', ');

/**
 * The candidate a mistyped word most likely meant: the same word in another case, or
 * one a few edits away (1 for short words, 2 up to 6 letters, 3 beyond). Undefined when
 * nothing is close.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === lower);
  if (same !== undefined) return same === input ? undefined : same;
  if (input.length < 2) return undefined;
  const limit = input.length <= 3 ? 1 : input.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestD && d <= limit && d < c.length) [best, bestD] = [c, d];
  }
  return best;
}

const suggestion = (input: unknown, candidates: readonly unknown[]) => {
  if (typeof input !== 'string') return '';
  const s = didYouMean(input, candidates.filter((c): c is string => typeof c === 'string'));
  return s === undefined ? '' : `; did you mean "${s}"?`;
};

/** The sentences, by situation. Messages describe the value; the path or column names the field. */
export const say = {
  required: 'is required',
  notANumber: (got: unknown) =>
    typeof got === 'number' && Number.isNaN(got) ? 'must be a number such as 1234.5' : `must be a number such as 1234.5 (got ${shown(got)})`,
  quotedNumber: (got: string) => `must be a number such as 1234.5, written without quotes (got ${shown(got)})`,
  notAWholeNumber: (got: unknown) => `must be a whole number (got ${shown(got)})`,
  notText: (got: unknown) => `must be text (got ${shown(got)})`,
  notTrueOrFalse: (got: unknown) => `must be true or false (got ${shown(got)})`,
  notAList: (got: unknown) => `must be a list (got ${shown(got)})`,
  notAnObject: (got: unknown) => `must be an object of named fields (got ${shown(got)})`,
  oneOf: (values: readonly unknown[], got: unknown) => `must be one of ${quoted(values)} (got ${shown(got)})${suggestion(got, values)}`,
  empty: 'must not be empty',
  tooLong: (max: number, got: number) => `must be at most ${max} characters (got ${got})`,
  tooShort: (min: number) => `must be at least ${min} characters`,
  tooFewItems: (min: number) => `must have at least ${min} ${min === 1 ? 'item' : 'items'}`,
  tooManyItems: (max: number, got: number) => `must have at most ${max} ${max === 1 ? 'item' : 'items'} (got ${got})`,
  atLeast: (min: unknown, inclusive: boolean) => (inclusive ? `must be at least ${String(min)}` : `must be greater than ${String(min)}`),
  atMost: (max: unknown, inclusive: boolean) => (inclusive ? `must be at most ${String(max)}` : `must be less than ${String(max)}`),
  /** A field the object does not have. `kind`: what takes the fields, e.g. 'an "assessed" event'. */
  unknownField: (key: string, known: readonly string[], kind?: string) => {
    const near = didYouMean(key, known);
    if (near !== undefined) return `unknown field "${key}"; did you mean "${near}"?`;
    return kind ? `"${key}" does not apply to ${kind}, which takes: ${known.join(', ')}` : `unknown field "${key}"; the fields are: ${known.join(', ')}`;
  },
  /** The CSV form: the column names the field, and a cell is emptied rather than a field left out. */
  notForThisType: (type: string) => `does not apply to ${article(type)} "${type}" event; leave the cell empty`,
};

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

type Shape = Record<string, unknown>;
type RawIssue = {
  code: string;
  input?: unknown;
  expected?: string;
  values?: readonly unknown[];
  keys?: string[];
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  note?: string;
  discriminator?: string;
  options?: readonly unknown[];
  inst?: { _zod?: { def?: { shape?: Shape } } };
};

const sizeOf = (v: unknown) => (typeof v === 'string' || Array.isArray(v) ? v.length : 0);

/** The literal value of an object's discriminator field (e.g. `type: z.literal('assessed')`), if it has one. */
function literalOf(shape: Shape, key: string): string | undefined {
  const def = (shape[key] as { _zod?: { def?: { type?: string; values?: unknown[] } } } | undefined)?._zod?.def;
  return def?.type === 'literal' && typeof def.values?.[0] === 'string' ? def.values[0] : undefined;
}

/** zod's global error map: the catalogue's sentence for an issue, or undefined to keep zod's own. */
export function issueMessage(iss: RawIssue): string | undefined {
  const got = iss.input;
  switch (iss.code) {
    case 'invalid_type':
      if (got === undefined) return say.required;
      if (iss.expected === 'number' || iss.expected === 'int') {
        if (typeof got === 'string' && PLAIN_NUMBER.test(got.trim())) return say.quotedNumber(got);
        if (typeof got === 'number' && iss.expected === 'int' && Number.isFinite(got)) return say.notAWholeNumber(got);
        return say.notANumber(got);
      }
      if (iss.expected === 'string') return say.notText(got);
      if (iss.expected === 'boolean') return say.notTrueOrFalse(got);
      if (iss.expected === 'array') return say.notAList(got);
      if (iss.expected === 'object') return say.notAnObject(got);
      return undefined;
    case 'invalid_value':
      return iss.values ? say.oneOf(iss.values, got) : undefined;
    case 'invalid_union': {
      if (iss.note !== 'No matching discriminator' || !iss.discriminator || !iss.options) return undefined;
      const value = got !== null && typeof got === 'object' ? (got as Record<string, unknown>)[iss.discriminator] : undefined;
      return value === undefined ? `${say.required}: one of ${quoted(iss.options)}` : say.oneOf(iss.options, value);
    }
    case 'unrecognized_keys': {
      const shape = iss.inst?._zod?.def?.shape ?? {};
      const known = Object.keys(shape);
      const type = literalOf(shape, 'type');
      const kind = type === undefined ? undefined : `${article(type)} "${type}" event`;
      return (iss.keys ?? []).map((k) => say.unknownField(k, known, kind)).join('; ');
    }
    case 'too_small':
      if (iss.origin === 'string') return Number(iss.minimum) === 1 ? say.empty : say.tooShort(Number(iss.minimum));
      if (iss.origin === 'array') return say.tooFewItems(Number(iss.minimum));
      if (iss.origin === 'number' || iss.origin === 'int') return say.atLeast(iss.minimum, iss.inclusive !== false);
      return undefined;
    case 'too_big':
      if (iss.origin === 'string') return say.tooLong(Number(iss.maximum), sizeOf(got));
      if (iss.origin === 'array') return say.tooManyItems(Number(iss.maximum), sizeOf(got));
      if (iss.origin === 'number' || iss.origin === 'int') return say.atMost(iss.maximum, iss.inclusive !== false);
      return undefined;
    default:
      return undefined;
  }
}

z.config({ customError: (iss) => issueMessage(iss as RawIssue) });
