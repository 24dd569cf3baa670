import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateMagnetUpgrade } from '../../src/modules/magnet-upgrades/co2-model.js';
import { defaultFactorSet } from '../../src/modules/magnet-upgrades/default-factor-set.js';
import type { MagnetUpgradeInputs } from '../../src/modules/magnet-upgrades/estimate.schemas.js';
import { FACTOR_KEYS, TRANSPORT_MODES, type FactorSetBody } from '../../src/modules/magnet-upgrades/factor-set.schemas.js';
import { percentile, simulate } from '../../src/modules/magnet-upgrades/monte-carlo.js';
import { mulberry32, triangular } from '../../src/modules/magnet-upgrades/random.js';

const DEFAULT_1_5T: MagnetUpgradeInputs = { fieldStrengthT: 1.5 };

describe('simulate', () => {
  it('when run twice with the same seed, then the results are deep-equal', () => {
    const a = simulate(defaultFactorSet, DEFAULT_1_5T, { iterations: 10_000, seed: 42 });
    const b = simulate(defaultFactorSet, DEFAULT_1_5T, { iterations: 10_000, seed: 42 });
    expect(a).toEqual(b);
  });

  it('when seed 42 runs the default 1.5 T case, then it gives the pinned figures (a change here changes published results)', () => {
    expect(simulate(defaultFactorSet, DEFAULT_1_5T, { iterations: 10_000, seed: 42 })).toEqual({
      p5: 83.239,
      p50: 111.646,
      p95: 148.505,
      mean: 113.074,
      iterations: 10_000,
      seed: 42,
    });
  });

  it('when run with different seeds, then the results differ', () => {
    const a = simulate(defaultFactorSet, DEFAULT_1_5T, { iterations: 10_000, seed: 1 });
    const b = simulate(defaultFactorSet, DEFAULT_1_5T, { iterations: 10_000, seed: 2 });
    expect({ ...a, seed: 0 }).not.toEqual({ ...b, seed: 0 });
  });

  it('when the default cases run, then p5 ≤ p50 ≤ p95 and the deterministic total lies between p5 and p95', () => {
    for (const inputs of [DEFAULT_1_5T, { fieldStrengthT: 3 } as const]) {
      const r = simulate(defaultFactorSet, inputs, { iterations: 10_000, seed: 7 });
      const { totalT } = estimateMagnetUpgrade(defaultFactorSet, inputs);
      expect(r.p5).toBeLessThanOrEqual(r.p50);
      expect(r.p50).toBeLessThanOrEqual(r.p95);
      expect(totalT).toBeGreaterThanOrEqual(r.p5);
      expect(totalT).toBeLessThanOrEqual(r.p95);
    }
  });

  it('when every factor has low = mode = high, then every figure equals the deterministic total', () => {
    const constant: FactorSetBody = structuredClone(defaultFactorSet);
    for (const k of FACTOR_KEYS) {
      const f = constant.factors[k];
      Object.assign(f, { low: f.value, mode: f.value, high: f.value });
    }
    const inputs: MagnetUpgradeInputs = { fieldStrengthT: 3, magnetMassKg: 6200, transportLegs: [{ mode: 'air', km: 9000 }] };
    const { totalT } = estimateMagnetUpgrade(constant, inputs);
    const r = simulate(constant, inputs, { iterations: 500, seed: 3 });
    // The deterministic total sums blocks rounded to the kg, so it may differ by a few kg.
    for (const x of [r.p5, r.p50, r.p95, r.mean]) expect(x).toBeCloseTo(totalT, 2);
  });

  it.each([
    { iterations: 0, seed: 1 },
    { iterations: 10.5, seed: 1 },
    { iterations: 100, seed: -1 },
    { iterations: 100, seed: 2 ** 32 },
    { iterations: 100, seed: 1.5 },
  ])('when iterations=$iterations and seed=$seed, then it throws a RangeError', (options) => {
    expect(() => simulate(defaultFactorSet, DEFAULT_1_5T, options)).toThrow(RangeError);
  });

  const leg = fc.record({ mode: fc.constantFrom(...TRANSPORT_MODES), km: fc.double({ min: 1, max: 40_000, noNaN: true }) });
  const inputsArb: fc.Arbitrary<MagnetUpgradeInputs> = fc.record(
    {
      fieldStrengthT: fc.constantFrom(1.5 as const, 3 as const),
      magnetMassKg: fc.double({ min: 2000, max: 10_000, noNaN: true }),
      transportLegs: fc.array(leg, { minLength: 1, maxLength: 20 }),
    },
    { requiredKeys: ['fieldStrengthT'] },
  );

  it('when inputs are random and valid, then p5 ≤ p50 ≤ p95 and the deterministic total lies within [p5, p95]', () => {
    fc.assert(
      fc.property(inputsArb, fc.integer({ min: 0, max: 0xffff_ffff }), (inputs, seed) => {
        const r = simulate(defaultFactorSet, inputs, { iterations: 2000, seed });
        const { totalT } = estimateMagnetUpgrade(defaultFactorSet, inputs);
        expect(r.p5).toBeLessThanOrEqual(r.p50);
        expect(r.p50).toBeLessThanOrEqual(r.p95);
        expect(totalT).toBeGreaterThanOrEqual(r.p5);
        expect(totalT).toBeLessThanOrEqual(r.p95);
      }),
      { numRuns: 200 },
    );
  });
});

describe('sampling helpers', () => {
  it('when the generator is seeded alike, then it repeats, and its draws lie in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('when u is 0, the mode fraction or near 1, then the triangular draw is low, mode or high', () => {
    // low 2, mode 5, high 10: width 8, mode at fraction 3/8
    expect(triangular(0, 2, 8, 3 / 8)).toBe(2);
    expect(triangular(3 / 8, 2, 8, 3 / 8)).toBeCloseTo(5, 12);
    expect(triangular(1 - 1e-12, 2, 8, 3 / 8)).toBeCloseTo(10, 4);
  });

  it('when low equals high, then every triangular draw is that constant', () => {
    for (const u of [0, 0.3, 0.999]) expect(triangular(u, 7, 0, 0)).toBe(7);
  });

  it('when many triangular draws are averaged, then the mean is (low + mode + high) / 3', () => {
    const random = mulberry32(9);
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) sum += triangular(random(), 2, 8, 3 / 8);
    expect(sum / n).toBeCloseTo((2 + 5 + 10) / 3, 2);
  });

  it('when a percentile falls between ranks, then it is interpolated linearly', () => {
    const sorted = Float64Array.from([10, 20, 30, 40, 50]);
    expect(percentile(sorted, 0.5)).toBe(30);
    expect(percentile(sorted, 0.05)).toBeCloseTo(12, 12);
    expect(percentile(sorted, 0.95)).toBeCloseTo(48, 12);
    expect(percentile(Float64Array.from([4]), 0.95)).toBe(4);
  });
});
