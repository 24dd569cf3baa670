import { z } from 'zod';
// Installs the one message catalogue as zod's error map before any schema is used.
import './messages.js';
import { EARLIEST_DATE, isCalendarDate } from './dates.js';
import { hasAtMostThreeDecimals, MIN_MASS_KG } from './mass.js';
import { isCountryCode } from './regions.js';
import { textProblem, type TextKind } from './text.js';

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "US"')
  .refine(isCountryCode, 'is not a known ISO 3166-1 alpha-2 country')
  .meta({ example: 'HU' });

/**
 * A calendar date, YYYY-MM-DD, not before 1990-01-01. "Not after today" needs the
 * app clock: for the date of a fact (receivedAt, occurredAt, completedAt) it is
 * checked by `factDateRefusal` in src/policies/event-dates.ts.
 */
export const DateString = z
  .string()
  .refine(isCalendarDate, { message: 'must be a real date in YYYY-MM-DD form', abort: true })
  .refine((d) => d >= EARLIEST_DATE, `must not be before ${EARLIEST_DATE}`)
  .meta({ format: 'date', example: '2024-03-15' });

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

const checkedText = (kind: TextKind) =>
  z
    .string()
    // Trimmed first (a serial copied from a spreadsheet brings its line break along);
    // checked before normalising, so a lone surrogate is named, not folded into U+FFFD.
    .trim()
    .refine((s) => textProblem(s, kind) === null, { error: (i) => textProblem(String(i.input), kind) ?? 'is not valid text', abort: true })
    .normalize('NFC');

/**
 * An identifier (serial and part numbers, models, codes, references): stored NFC and
 * trimmed, 1–`max` characters, visible characters only (see domain/text.ts).
 */
export const identifier = (max: number) =>
  checkedText('identifier').min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Free text (notes, reasons, names): stored NFC and trimmed; tabs and line breaks allowed. */
export const freeText = (max: number, opts: { min?: number } = {}) => {
  const s = checkedText('free').max(max, `must be at most ${max} characters`);
  return opts.min ? s.min(opts.min, 'must not be empty') : s;
};

/** A downstream vendor's code: 2–32 capitals, digits or dashes (an identifier: no spaces or invisible characters). */
export const VendorCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'must be 2–32 capitals, digits or dashes, e.g. "GLMR-US"')
  .meta({ example: 'GLMR-US' });
