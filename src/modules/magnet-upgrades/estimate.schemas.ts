import { z } from 'zod';
import { CountryCode } from '../../domain/common.schemas.js';
import { MATERIALS, transportRouteSchema, type Material } from './factor-set.schemas.js';

const materialMassKg = z.number().nonnegative().max(50_000);

/**
 * 1.5 or 3 tesla. A union of literals, not z.literal([1.5, 3]): zod-to-openapi 9.1
 * documents a multi-value literal as its first value only (enum: [1.5]), so the
 * document refused 3 T requests the API accepts. eslint forbids z.literal([...]).
 */
export const FieldStrengthT = z.union([z.literal(1.5), z.literal(3)]);

export const END_OF_LIFE_APPROACHES = ['cut_off', 'avoided_burden'] as const;
export type EndOfLifeApproach = (typeof END_OF_LIFE_APPROACHES)[number];

/**
 * The method inputs (issue 15), all optional; absent, the figure is the published
 * case (equal remaining life, same use-phase energy, no end of life). Bounds catch
 * unit slips: months typed as years, kWh as MWh (a scanner draws about 80–170 MWh a
 * year, so a difference beyond ±500 is not one), g/kWh as kg/kWh (the dirtiest grids
 * are near 1.2). Rules across fields and against the factor set are in method.ts.
 */
function methodInputsShape() {
  return {
    timeframeYears: z
      .number()
      .positive()
      .max(50)
      .optional()
      .describe("The functional unit: years of MR service compared. Default: the set's reference design life."),
    remainingLifeYears: z
      .number()
      .min(0)
      .max(50)
      .optional()
      .describe("Remaining life of the kept magnet. The avoided manufacturing burden is pro-rated by it ÷ the set's reference design life, capped at 1. Default: equal to a new system's."),
    useEnergyDeltaMWhPerYear: z
      .number()
      .min(-500)
      .max(500)
      .optional()
      .describe('Use-phase electricity, kept system minus a new one (MWh a year; negative when the kept one draws less). Default: the same.'),
    gridFactorKgPerKWh: z
      .number()
      .min(0)
      .max(2)
      .optional()
      .describe('Grid factor of the use phase (kg CO2e/kWh); or name gridCountry instead.'),
    gridCountry: CountryCode.optional().describe("Take the use phase's grid factor from the set's gridFactors for this country."),
    endOfLife: z
      .strictObject({ approach: z.enum(END_OF_LIFE_APPROACHES) })
      .optional()
      .describe('Count the end of life of the magnet a new system would bring: cut_off (its processing burden) or avoided_burden (processing less recycling credits). Default: not counted.'),
  };
}

// The model's inputs. The estimate endpoint extends this with factorSetId and the
// simulation options below; magnet upgrades reuse it as their optional inputs.
export const magnetUpgradeInputsSchema = z.object({
  fieldStrengthT: FieldStrengthT,
  magnetMassKg: z.number().positive().max(50_000).optional(),
  // A measured mass for a material replaces that material's scaled estimate; 0 is
  // allowed because a given magnet may contain none of it.
  materials: z
    .strictObject(Object.fromEntries(MATERIALS.map((m) => [m, materialMassKg.optional()])) as Record<
      Material,
      z.ZodOptional<typeof materialMassKg>
    >)
    .optional(),
  transportLegs: transportRouteSchema.optional(),
  ...methodInputsShape(),
});
export type MagnetUpgradeInputs = z.infer<typeof magnetUpgradeInputsSchema>;

export const SEED_MAX = 0xffff_ffff;
export const simulationOptionsSchema = z.object({
  iterations: z.int().min(100).max(200_000).default(10_000),
  // Optional for clients; the caller must choose one when absent and answer it,
  // so the run can be repeated.
  seed: z.int().min(0).max(SEED_MAX).optional(),
});
export type SimulationOptions = z.infer<typeof simulationOptionsSchema>;
