import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { EstimateSchema, SensitivitySchema } from '../../src/modules/magnet-upgrades/estimate-api.schemas.js';
import { FactorSetSchema } from '../../src/modules/magnet-upgrades/factor-set-api.schemas.js';
import { MagnetUpgradeDetailSchema, RecalculationSchema } from '../../src/modules/magnet-upgrades/magnet-upgrades.schemas.js';
import { createTestApp } from '../helpers/test-app.js';
import { defaultSet, recordUpgrade } from './magnet-upgrades.helpers.js';

// The documented response schemas must describe what is served: parsing an answer
// with its schema succeeds, and gives the answer back unchanged (zod objects drop
// undeclared fields, so a field served but not declared shows up as a difference).
const exactly = (schema: z.ZodType, body: unknown) => {
  const r = schema.safeParse(body);
  expect(r.success ? [] : r.error.issues).toEqual([]);
  expect(r.data).toEqual(body);
};

const METHOD_INPUTS = { remainingLifeYears: 6, useEnergyDeltaMWhPerYear: 12, gridCountry: 'US', endOfLife: { approach: 'avoided_burden' }, timeframeYears: 9 };

describe('the magnet answers match their documented schemas', () => {
  it.each([
    ['without method inputs', {}],
    ['with every method input', METHOD_INPUTS],
  ])('when an estimate and a sensitivity are answered %s, then each is exactly its schema', async (_n, inputs) => {
    const t = createTestApp();
    const body = { fieldStrengthT: 1.5, iterations: 200, seed: 1, ...inputs };
    exactly(EstimateSchema, (await t.as('engineer').post('/api/v1/estimates/magnet-upgrade', body)).body);
    exactly(SensitivitySchema, (await t.as('engineer').post('/api/v1/estimates/magnet-upgrade/sensitivity', body)).body);
  });

  it('when an upgrade with method inputs is recorded and recalculated, and the default set is read, then each answer is exactly its schema', async () => {
    const t = createTestApp();
    const up = await recordUpgrade(t, { siteCountry: 'US', ...METHOD_INPUTS });
    exactly(MagnetUpgradeDetailSchema, up);
    const set = await defaultSet(t);
    exactly(RecalculationSchema, (await t.as('engineer').post('/api/v1/magnet-upgrades/recalculate', { factorSetId: set.id })).body);
    exactly(FactorSetSchema, set);
  });
});
