import { z } from 'zod';
// Installs the one message catalogue as zod's error map before any schema is used.
import { shown } from './messages.js';
import { EARLIEST_DATE, isCalendarDate } from './dates.js';
import { hasAtMostThreeDecimals, MIN_MASS_KG } from './mass.js';
import { isCountryCode } from './regions.js';
import { isPrintableAscii, textProblem, type TextKind } from './text.js';

/**
 * Kilograms: at least one gram (0.001 kg), at most `max`, at most three decimals.
 * Nothing is rounded: a finer or smaller figure is refused (stored as whole grams).
 * `allowZero` is for inputs where 0 means "none of it" (a material a magnet lacks).
 */
export const massKg = (max: number, opts: { allowZero?: boolean } = {}) =>
  z
    .number()
    .refine((kg) => kg >= MIN_MASS_KG || (opts.allowZero === true && kg === 0), {
      message: opts.allowZero ? 'must be 0 or at least 0.001 kg (one gram)' : 'must be at least 0.001 kg (one gram)',
      abort: true,
    })
    .max(max, `must be at most ${max.toLocaleString('en-US')} kg`)
    .refine((kg) => hasAtMostThreeDecimals(kg), {
      error: (i) => `must have at most three decimals (whole grams); got ${String(i.input)}`,
    })
    .meta({ description: `kilograms, ${opts.allowZero ? '0 or ' : ''}0.001 to ${max}, at most three decimals (never rounded)` });

/**
 * Every text a request or a CSV row may carry is made by one of the helpers below
 * (`identifier`, `name`, `reference`, `freeText`, `code`, and the schemas built on them);
 * test/unit/text-fields.test.ts walks every route's params, query and body and every
 * CSV column and fails for a string made any other way. A new field picks its kind:
 *
 * | helper | for | characters |
 * |---|---|---|
 * | `identifier(max)` | serial and part numbers, models, ids, site codes | visible only |
 * | `name(max)` | vendor, customer, site and key names; recyclers, facilities, people | visible only (spaces are visible) |
 * | `reference(max)` | certificate, contract, shipment and standard references | visible only |
 * | `freeText(max)` | notes, reasons, descriptions | tabs and line breaks too |
 * | `code()` + a pattern | closed formats: country codes, dates, vendor codes | visible only, then the format |
 *
 * Each is stored NFC and trimmed (codes are not trimmed: their pattern decides), and no
 * text may hold a lone surrogate (domain/text.ts). The rules are functions made once
 * here, so a request compiles no regex and the walker can recognise them.
 */
export type TextRule = 'identifier' | 'name' | 'reference' | 'free' | 'code';

const charactersOf = (rule: TextRule): TextKind => (rule === 'free' ? 'free' : 'identifier');

/**
 * One check does a text's whole rule: trim (a serial copied from a spreadsheet brings its
 * line break along), refuse what the rule refuses (before normalising, so a lone surrogate
 * is named, not folded into U+FFFD; refusing ends the field's checks), then NFC. One zod
 * check rather than trim, refine and normalize: each costs a few hundred nanoseconds,
 * and every field of every write passes here. Printable ASCII skips the regexes and NFC.
 */
function textCheck(rule: TextRule, trim: boolean): z.core.CheckFn<string> {
  const kind = charactersOf(rule);
  return (ctx) => {
    const s = trim ? ctx.value.trim() : ctx.value;
    if (isPrintableAscii(s)) {
      ctx.value = s;
      return;
    }
    const problem = textProblem(s, kind);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    else ctx.value = s.normalize('NFC');
  };
}

/** The checks, made once each (a request compiles nothing), and the rule each stands for. */
const CHECKS = new Map<string, z.core.CheckFn<string>>();
const RULE_OF = new Map<unknown, TextRule>();
for (const rule of ['identifier', 'name', 'reference', 'free', 'code'] as const) {
  for (const trim of [true, false]) {
    const fn = textCheck(rule, trim);
    CHECKS.set(`${rule}:${trim}`, fn);
    RULE_OF.set(fn, rule);
  }
}

const checkedText = (rule: TextRule, opts: { trim?: boolean; error?: string } = {}) =>
  (opts.error ? z.string({ error: opts.error }) : z.string()).check(CHECKS.get(`${rule}:${opts.trim !== false}`)!);

/**
 * The rule a string schema was made with by the helpers here, or null (a plain
 * `z.string()`). Reads the schema's checks: the check function is the rule's own.
 */
export function textRuleOf(schema: z.ZodString): TextRule | null {
  for (const check of schema._zod.def.checks ?? []) {
    const rule = RULE_OF.get(check._zod.check);
    if (rule) return rule;
  }
  return null;
}

const bounded = (s: z.ZodString, max: number, min: number) =>
  (min > 0 ? s.min(min, 'must not be empty') : s).max(max, `must be at most ${max} characters`);

/**
 * An identifier (serial and part numbers, models, ids, site codes): stored NFC and
 * trimmed, 1–`max` characters, visible characters only (see domain/text.ts).
 */
export const identifier = (max: number) => bounded(checkedText('identifier'), max, 1);

/** A name (of a vendor, customer, site, key, recycler, facility, person): visible characters only, 1–`max`. */
export const name = (max: number) => bounded(checkedText('name'), max, 1);

/** A reference (certificate, contract, waybill, standard): visible characters only, 1–`max`. */
export const reference = (max: number) => bounded(checkedText('reference'), max, 1);

/** Free text (notes, reasons, descriptions): stored NFC and trimmed; tabs and line breaks allowed. */
export const freeText = (max: number, opts: { min?: number } = {}) => bounded(checkedText('free'), max, opts.min ?? 0);

/**
 * A closed format (country code, date, vendor code, year, cursor): visible characters
 * only, not trimmed unless `trim` (the format decides); chain its pattern or check on
 * it. `error`: the message when the value is not a string at all.
 */
export const code = (opts: { trim?: boolean; error?: string } = {}) => checkedText('code', { trim: opts.trim ?? false, error: opts.error });

export const CountryCode = code()
  .regex(/^[A-Z]{2}$/, { error: (i) => `must be an ISO 3166-1 alpha-2 code in capitals, e.g. "US" (got ${shown(i.input)})` })
  .refine(isCountryCode, { error: (i) => `is not a known ISO 3166-1 alpha-2 country (got ${shown(i.input)})` })
  .meta({ example: 'HU' });

/**
 * A calendar date, YYYY-MM-DD, not before 1990-01-01. "Not after today" needs the
 * app clock: for the date of a fact (receivedAt, occurredAt, completedAt) it is
 * checked by `factDateRefusal` in src/policies/event-dates.ts.
 */
export const DateString = code()
  .refine(isCalendarDate, { error: (i) => `must be a real date in YYYY-MM-DD form (got ${shown(i.input)})`, abort: true })
  .refine((d) => d >= EARLIEST_DATE, `must not be before ${EARLIEST_DATE}`)
  .meta({ format: 'date', example: '2024-03-15' });

/** A downstream vendor's code: 2–32 capitals, digits or dashes (an identifier: no spaces or invisible characters). */
export const VendorCode = code({ trim: true })
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'must be 2–32 capitals, digits or dashes, e.g. "GLMR-US"')
  .meta({ example: 'GLMR-US' });
