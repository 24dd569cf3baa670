import { describe, expect, it } from 'vitest';
import { checkValue, isCalendarDate, parseKg } from '../../../src/web/rules.js';

/** The floor forms check what the API checks, before anything is sent (src/web/rules.js). */
describe('parseKg: kilograms as an operator types them', () => {
  it.each([
    ['2450.5', 2_450_500],
    ['2450,5', 2_450_500],
    [' 2 450.5 ', 2_450_500],
    ['0.001', 1],
    ['120.250', 120_250],
    ['1234.5000', 1_234_500],
    ['7', 7_000],
    ['7.', 7_000],
  ])('when "%s" is typed, then it is exactly %i grams', (text, grams) => {
    expect(parseKg(text)).toEqual({ grams, kg: grams / 1000 });
  });

  it.each([
    ['2450.5004', 'must have at most three decimals (whole grams)'],
    ['1,234', '"1,234" could be a thousands separator: write 1234 for whole kilograms, or use a point for decimals'],
    ['12 kg', 'must be a number of kilograms such as 1234.5 (got "12kg")'],
    ['-3', 'must be a number of kilograms such as 1234.5 (got "-3")'],
  ])('when "%s" is typed, then it is refused: %s', (text, error) => {
    expect(parseKg(text)).toEqual({ error });
  });

  it('when nothing is typed, then it is empty rather than zero', () => {
    expect(parseKg('  ')).toEqual({ empty: true });
  });
});

describe('checkValue: one value against its field schema from the served document', () => {
  const mass = { type: 'number', exclusiveMinimum: 0, maximum: 50_000 };
  it.each([
    [mass, '2450.5', { name: 'massKg' }, { value: 2450.5 }],
    [mass, '0.0004', { name: 'massKg' }, { error: 'must have at most three decimals (whole grams)' }],
    [mass, '60000', { name: 'massKg' }, { error: 'must be at most 50,000' }],
    [mass, '30', { name: 'massKg', maxKg: 20.25, maxKgWhy: 'what is left on the unit' }, { error: 'must be at most 20.25 kg (what is left on the unit)' }],
    [{ type: 'string', enum: ['A', 'B'] }, 'C', {}, { error: 'must be one of A or B' }],
    [{ type: 'string', minLength: 1, maxLength: 4 }, 'ABCDE', {}, { error: 'must be at most 4 characters (got 5)' }],
    [{ type: 'string' }, '', { required: true }, { error: 'is required' }],
    [{ type: 'string' }, '', {}, { value: undefined }],
    [{ type: 'string' }, 'CT\u200b7731', { name: 'serialNumber' }, { error: 'must not contain control or zero-width characters (a scanner may have added one)' }],
    [{ type: 'string', pattern: '^[A-Z]{2}$' }, 'de', {}, { error: 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. "US"' }],
    [{ type: 'string', format: 'date' }, '2024-02-30', {}, { error: 'must be a real date in YYYY-MM-DD form' }],
    [{ type: 'string', format: 'date' }, '1989-12-31', {}, { error: 'must not be before 1990-01-01' }],
    [{ type: 'string', format: 'date' }, '2024-03-01', { minDate: '2024-03-04', minDateWhy: "2024-03-04, the unit's latest event" }, { error: "must not be before 2024-03-04, the unit's latest event" }],
    [{ type: 'integer', minimum: 0 }, '2.5', {}, { error: 'must be a whole number' }],
    [{ type: 'boolean' }, true, {}, { value: true }],
    [{ type: 'array', minItems: 1 }, [], { required: true }, { error: 'needs at least 1 entry' }],
  ])('when the schema is %j and the value %j (%j), then %j', (schema, raw, opts, out) => {
    expect(checkValue(schema, raw, opts)).toEqual(out);
  });

  it('when a date lies in the future, then it is refused naming today', () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(checkValue({ type: 'string', format: 'date' }, tomorrow, {})).toMatchObject({ error: expect.stringMatching(/^must not be in the future \(today is \d{4}-\d{2}-\d{2}\)$/) });
  });

  it('when text is checked, then it is NFC-normalised as the API stores it', () => {
    expect(checkValue({ type: 'string' }, 'Te\u0301t\u00e9', {})).toEqual({ value: 'T\u00e9t\u00e9' });
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['24-01-01', false],
  ])('when %s is asked whether it is a calendar date, then %s', (d, ok) => {
    expect(isCalendarDate(d)).toBe(ok);
  });
});
