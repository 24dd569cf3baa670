import { z } from 'zod';
import { identifier } from '../../domain/common.schemas.js';
import type { BodyExamples } from '../../http/route.js';
import { END_OF_LIFE_APPROACHES, FieldStrengthT, magnetUpgradeInputsSchema, simulationOptionsSchema } from './estimate.schemas.js';
import { transportLegSchema, UNITS } from './factor-set.schemas.js';

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
export const factorSetIdField = identifier(100).optional().describe('Default: the default factor set.');

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
    remainingLifeT: z
      .number()
      .optional()
      .describe('Only with remainingLifeYears: −(1 − remaining life ÷ design life) × the six blocks above, the part of the new system\'s burden that is deferred, not avoided.'),
    usePhaseT: z
      .number()
      .optional()
      .describe('Only with useEnergyDeltaMWhPerYear: −(kept − new) MWh a year × grid factor × years; negative when the kept system draws more.'),
    endOfLifeT: z
      .number()
      .optional()
      .describe("Only with endOfLife: the new magnet's end of life in the reference scenario, pro-rated like its manufacture (cut-off: processing; avoided burden: processing less recycling credits)."),
  })
  .meta({
    id: 'AvoidedEmissionsBreakdown',
    description: 't CO2e per part, each rounded to the whole kg; they add up to the total. The method terms appear only when their input is given.',
  });

export const MonteCarloSchema = z
  .object({ p5: z.number(), p50: z.number(), p95: z.number(), mean: z.number(), iterations: z.int(), seed: z.int() })
  .meta({ id: 'MonteCarlo', description: 't CO2e. Send `seed` back to repeat the run to the last digit.' });

const TransportLegView = z.object({ mode: z.enum(['road', 'rail', 'sea', 'air']), km: z.number() });
export const ModelInputsView = z
  .object({
    magnetMassKg: z.number().optional(),
    materials: z.record(z.string(), z.number()).optional(),
    transportLegs: z.array(TransportLegView).optional(),
    timeframeYears: z.number().optional(),
    remainingLifeYears: z.number().optional(),
    useEnergyDeltaMWhPerYear: z.number().optional(),
    gridFactorKgPerKWh: z.number().optional(),
    gridCountry: z.string().optional(),
    endOfLife: z.object({ approach: z.enum(END_OF_LIFE_APPROACHES) }).optional(),
  })
  .meta({ id: 'MagnetUpgradeInputs', description: 'The optional inputs as given (absent ones were left to the set).' });

export const MethodSchema = z
  .object({
    referenceScenario: z.string().describe('The new system that was not installed, in words.'),
    timeframeYears: z.number().nullable().describe('Years of service compared (the functional unit); null when neither given nor in the set.'),
    timeframeSource: z.enum(['inputs', 'reference_design_life']).nullable(),
    allocation: z
      .enum(['full_burden', 'pro_rata_remaining_life'])
      .describe("full_burden: equal remaining life assumed (the published claim's case); pro_rata_remaining_life: burden × min(1, remaining life ÷ design life)."),
    remainingLifeYears: z.number().nullable(),
    referenceDesignLifeYears: z.number().nullable().describe("The set's reference design life (value), or null when the set has none."),
    proRataFactor: z.number().describe('min(1, remaining life ÷ design life) at the values, 4 decimals; 1 under full_burden.'),
    usePhase: z.enum(['same_energy_assumed', 'included']),
    useEnergyDeltaMWhPerYear: z.number().nullable(),
    usePhaseYears: z.number().nullable().describe('min(timeframe, remaining life): the years the kept system serves instead of a new one.'),
    gridFactorKgPerKWh: z.number().nullable(),
    gridFactorSource: z.enum(['inputs', 'factor_set_country']).nullable(),
    gridCountry: z.string().nullable(),
    endOfLifeApproach: z.enum(['not_included', ...END_OF_LIFE_APPROACHES]),
    statement: z.string().describe('The method in sentences, for a reviewer.'),
  })
  .meta({ id: 'AvoidedEmissionsMethod', description: 'What the figure assumes (WBCSD avoided-emissions guidance): reference scenario, timeframe, allocation, use phase and end of life.' });

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
    method: MethodSchema,
    totalT: z.number().describe('Every factor at its most likely value.'),
    breakdown: BreakdownSchema,
    monteCarlo: MonteCarloSchema,
    notes: z.object({ comparison: z.string(), totalT: z.string(), monteCarlo: z.string() }),
  })
  .meta({ id: 'MagnetUpgradeEstimate', description: 'Avoided emissions of one upgrade against installing a new system; nothing is saved.' });

const FactorName = z.string().describe("A factor's key in the set ('manufacturingEnergy', 'referenceDesignLife'), or 'gridFactors.XX' for a country's grid factor.");
export const SensitivitySchema = EstimateSchema.omit({ breakdown: true, notes: true })
  .extend({
    tornado: z
      .array(
        z.object({
          factor: FactorName,
          unit: z.enum(UNITS),
          basis: z.enum(['sourced', 'assumption']),
          low: z.number(),
          high: z.number(),
          totalAtLowT: z.number().describe('The total with this factor at its low and every other at its value.'),
          totalAtHighT: z.number(),
          swingT: z.number().describe('|totalAtHighT − totalAtLowT|'),
        }),
      )
      .describe('Largest swing first; only factors that move the total.'),
    noEffect: z.array(FactorName).describe('Factors that move the total by less than a kilogram at either end (unused by these inputs).'),
    contributionToVariance: z
      .array(
        z.object({
          factor: FactorName,
          rankCorrelation: z.number().describe("Spearman's rank correlation with the total, 4 decimals."),
          varianceShare: z.number().describe('Its square over the sum of all squares, 4 decimals: the shares add up to 1.'),
        }),
      )
      .describe('Largest share first; the factors of the tornado.'),
    notes: z.object({ comparison: z.string(), tornado: z.string(), contributionToVariance: z.string() }),
  })
  .meta({ id: 'MagnetUpgradeSensitivity', description: 'What drives the estimate: a one-at-a-time tornado and contributions to variance from the seeded Monte Carlo; nothing is saved.' });

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
export const SENSITIVITY_EXAMPLES: BodyExamples = {
  default: { summary: 'What drives the published 1.5 T figure (default set, route and magnet)', value: { fieldStrengthT: 1.5, seed: 42 } },
  method: {
    summary: 'A 3 T upgrade of a magnet with 6 years left, drawing 12 MWh a year more than a new system on the Hungarian grid, end of life cut off',
    value: {
      fieldStrengthT: 3,
      remainingLifeYears: 6,
      useEnergyDeltaMWhPerYear: 12,
      gridCountry: 'HU',
      endOfLife: { approach: 'cut_off' },
      iterations: 5_000,
      seed: 2024,
    },
  },
};
