import { z } from 'zod';
import type { BodyExamples } from '../../http/route.js';
import { FieldStrengthT, magnetUpgradeInputsSchema, simulationOptionsSchema } from './estimate.schemas.js';
import { transportLegSchema } from './factor-set.schemas.js';

// The model's inputs as the API takes them: strict at every level, so a misspelt
// field (e.g. "distanceKm" in a leg) is refused rather than silently ignored.
const TransportLegBody = z.strictObject(transportLegSchema.shape).meta({ id: 'TransportLeg' });
export const modelInputsShape = {
  ...magnetUpgradeInputsSchema.shape,
  fieldStrengthT: magnetUpgradeInputsSchema.shape.fieldStrengthT.describe('1.5 or 3 (tesla).'),
  magnetMassKg: magnetUpgradeInputsSchema.shape.magnetMassKg.describe(
    "The magnet's mass; scales materials, manufacturing energy and freight. Default: the set's reference magnet.",
  ),
  transportLegs: z
    .array(TransportLegBody)
    .min(1)
    .max(20)
    .optional()
    .describe("Replace the set's default route (they are not added to it)."),
};
export const factorSetIdField = z.string().min(1).max(100).optional().describe('Default: the default factor set.');

export const EstimateBody = z
  .strictObject({ ...modelInputsShape, factorSetId: factorSetIdField, ...simulationOptionsSchema.shape })
  .meta({ id: 'MagnetUpgradeEstimateRequest' });
export type EstimateInput = z.infer<typeof EstimateBody>;

export const BreakdownSchema = z
  .object({
    materialsT: z.number(),
    manufacturingEnergyT: z.number(),
    heliumT: z.number(),
    retainedSubsystemsT: z.number(),
    siteWorksT: z.number(),
    transportT: z.number(),
  })
  .meta({ id: 'AvoidedEmissionsBreakdown', description: 't CO2e per block, each rounded to the whole kg; they add up to the total.' });

export const MonteCarloSchema = z
  .object({ p5: z.number(), p50: z.number(), p95: z.number(), mean: z.number(), iterations: z.int(), seed: z.int() })
  .meta({ id: 'MonteCarlo', description: 't CO2e. Send `seed` back to repeat the run to the last digit.' });

const TransportLegView = z.object({ mode: z.enum(['road', 'rail', 'sea', 'air']), km: z.number() });
export const ModelInputsView = z
  .object({
    magnetMassKg: z.number().optional(),
    materials: z.record(z.string(), z.number()).optional(),
    transportLegs: z.array(TransportLegView).optional(),
  })
  .meta({ id: 'MagnetUpgradeInputs', description: 'The optional inputs as given (absent ones were left to the set).' });

export const EstimateSchema = z
  .object({
    factorSetId: z.string(),
    factorSet: z.object({ name: z.string(), version: z.string() }),
    fieldStrengthT: FieldStrengthT,
    inputs: ModelInputsView,
    assumptions: z.object({
      magnetMassKg: z.number(),
      magnetMassSource: z.enum(['inputs', 'factor_set_reference']),
      transportLegs: z.array(TransportLegView),
      transportRouteSource: z.enum(['inputs', 'factor_set_default']),
    }),
    totalT: z.number().describe('Every factor at its most likely value.'),
    breakdown: BreakdownSchema,
    monteCarlo: MonteCarloSchema,
    notes: z.object({ comparison: z.string(), totalT: z.string(), monteCarlo: z.string() }),
  })
  .meta({ id: 'MagnetUpgradeEstimate', description: 'Avoided emissions of one upgrade against installing a new system; nothing is saved.' });

/** Realistic request bodies for the OpenAPI document (test/unit/openapi-examples.test.ts parses each one). */
export const ESTIMATE_EXAMPLES: BodyExamples = {
  default: { summary: 'A 1.5 T upgrade with the default set, route and magnet', value: { fieldStrengthT: 1.5, seed: 42 } },
  route: {
    summary: 'A 3 T upgrade: its own magnet mass, measured copper and the route a new system would have taken',
    value: {
      fieldStrengthT: 3,
      magnetMassKg: 6500,
      materials: { copper: 1350.5 },
      transportLegs: [
        { mode: 'road', km: 500 },
        { mode: 'air', km: 9000 },
      ],
      iterations: 20_000,
      seed: 7,
    },
  },
};
