import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateMagnetUpgrade } from '../../src/modules/magnet-upgrades/co2-model.js';
import { defaultFactorSet } from '../../src/modules/magnet-upgrades/default-factor-set.js';
import { EstimateBody } from '../../src/modules/magnet-upgrades/estimate-api.schemas.js';
import { MATERIALS, TRANSPORT_MODES } from '../../src/modules/magnet-upgrades/factor-set.schemas.js';
import { simulate } from '../../src/modules/magnet-upgrades/monte-carlo.js';
import { modelInputsOf } from '../../src/modules/magnet-upgrades/upgrade-inputs.js';

// monte-carlo.test.ts checks the ordering property over model inputs at 2,000
// iterations. This one draws request bodies as a client may send them, lets the
// API's own schema parse them (so its defaults apply: 10,000 iterations, the set's
// route and reference magnet when absent) and includes material overrides.
const leg = fc.record({ mode: fc.constantFrom(...TRANSPORT_MODES), km: fc.double({ min: 1, max: 40_000, noNaN: true }) });
const bodyArb = fc.record(
  {
    fieldStrengthT: fc.constantFrom(1.5, 3),
    // Masses as the API takes them: whole grams (kilograms with at most three decimals).
    magnetMassKg: fc.integer({ min: 2_000_000, max: 50_000_000 }).map((g) => g / 1000),
    // Each at most a sixth of the lightest magnet, so the API would accept them.
    materials: fc.record(Object.fromEntries(MATERIALS.map((m) => [m, fc.integer({ min: 0, max: 330_000 }).map((g) => g / 1000)])), { requiredKeys: [] }),
    transportLegs: fc.array(leg, { minLength: 1, maxLength: 5 }),
  },
  { requiredKeys: ['fieldStrengthT'] },
);

describe('Monte Carlo over request bodies with the API defaults', () => {
  it('when a body has only the field strength, then the API defaults give 10,000 iterations and no seed of its own', () => {
    const parsed = EstimateBody.parse({ fieldStrengthT: 1.5 });
    expect(parsed).toEqual({ fieldStrengthT: 1.5, iterations: 10_000 });
  });

  it('when bodies are random and valid, then p5 ≤ p50 ≤ p95 and the deterministic total lies within [p5, p95]', () => {
    fc.assert(
      fc.property(bodyArb, fc.integer({ min: 0, max: 0xffff_ffff }), (raw, seed) => {
        const body = EstimateBody.parse(raw);
        const inputs = modelInputsOf(body);
        const r = simulate(defaultFactorSet, inputs, { iterations: body.iterations, seed });
        const { totalT } = estimateMagnetUpgrade(defaultFactorSet, inputs);
        expect(r.iterations).toBe(10_000);
        expect(r.p5).toBeLessThanOrEqual(r.p50);
        expect(r.p50).toBeLessThanOrEqual(r.p95);
        expect(totalT).toBeGreaterThanOrEqual(r.p5);
        expect(totalT).toBeLessThanOrEqual(r.p95);
      }),
      { numRuns: 40 },
    );
  });
});
