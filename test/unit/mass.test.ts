import { describe, expect, it } from 'vitest';
import { massKg } from '../../src/domain/common.schemas.js';
import { kgToGrams } from '../../src/domain/mass.js';

describe('kgToGrams', () => {
  it.each([
    [1, 1000],
    [0.001, 1],
    [2450.125, 2_450_125],
    [49_999.999, 49_999_999],
    [0.1 + 0.2, null], // 0.30000000000000004: more than three decimals, never rounded silently
    [1.0005, null],
    [0.0004, null],
    [1e-10, null],
    [1.0000000001, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ])('when the mass is %s kg, then it is %s g', (kg, g) => {
    expect(kgToGrams(kg)).toBe(g);
  });
});

describe('massKg schema', () => {
  const schema = massKg(50_000);
  it.each([
    [1e-10, 'must be at least 0.001 kg (one gram)'],
    [0.0004, 'must be at least 0.001 kg (one gram)'],
    [0, 'must be at least 0.001 kg (one gram)'],
    [-1, 'must be at least 0.001 kg (one gram)'],
    [1.0000000001, 'must have at most three decimals (whole grams); got 1.0000000001'],
    [12.3456, 'must have at most three decimals (whole grams); got 12.3456'],
    [50_000.001, 'must be at most 50,000 kg'],
  ])('when the mass is %s kg, then it is refused: %s', (kg, message) => {
    const r = schema.safeParse(kg);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual([message]);
  });

  it.each([0.001, 1, 2450.5, 50_000])('when the mass is %s kg, then it is accepted as is', (kg) => {
    expect(schema.parse(kg)).toBe(kg);
  });
});
