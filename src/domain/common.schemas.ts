import { z } from 'zod';
import { isCalendarDate } from './dates.js';
import { kgToGrams } from './mass.js';
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

/** Kilograms, > 0, at most `max`, at most three decimals (stored as grams). */
export const massKg = (max: number) =>
  z
    .number()
    .positive('must be greater than 0')
    .max(max, `must be at most ${max.toLocaleString('en-US')} kg`)
    .refine((kg) => kgToGrams(kg) !== null, 'must have at most three decimals (whole grams)')
    .meta({ description: `kilograms, > 0 and ≤ ${max}, up to three decimals` });

/** A downstream vendor's code: 2–32 capitals, digits or dashes (an identifier: no spaces or invisible characters). */
export const VendorCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'must be 2–32 capitals, digits or dashes, e.g. "GLMR-US"')
  .meta({ example: 'GLMR-US' });
