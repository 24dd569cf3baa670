import { z } from 'zod';
import { isCalendarDate } from './dates.js';
import { hasAtMostThreeDecimals, MIN_MASS_KG } from './mass.js';
import { isCountryCode } from './regions.js';

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "US"')
  .refine(isCountryCode, 'is not a known ISO 3166-1 alpha-2 country')
  .meta({ example: 'HU' });

/** A calendar date, YYYY-MM-DD. "Not in the future" is checked against the app clock in services. */
export const DateString = z
  .string()
  .refine(isCalendarDate, 'must be a real date in YYYY-MM-DD form')
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
