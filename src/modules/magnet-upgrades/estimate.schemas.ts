import { z } from 'zod';
import { massKg } from '../../domain/common.schemas.js';
import { MATERIALS, transportRouteSchema, type Material } from './factor-set.schemas.js';

const materialMassKg = massKg(50_000, { allowZero: true });

/**
 * 1.5 or 3 tesla. A union of literals, not z.literal([1.5, 3]): zod-to-openapi 9.1
 * documents a multi-value literal as its first value only (enum: [1.5]), so the
 * document refused 3 T requests the API accepts. eslint forbids z.literal([...]).
 */
export const FieldStrengthT = z.union([z.literal(1.5), z.literal(3)]);

// The model's inputs. The estimate endpoint extends this with factorSetId and the
// simulation options below; magnet upgrades reuse it as their optional inputs.
export const magnetUpgradeInputsSchema = z.object({
  fieldStrengthT: FieldStrengthT,
  magnetMassKg: massKg(50_000).optional(),
  // A measured mass for a material replaces that material's scaled estimate; 0 is
  // allowed because a given magnet may contain none of it.
  materials: z
    .strictObject(Object.fromEntries(MATERIALS.map((m) => [m, materialMassKg.optional()])) as Record<
      Material,
      z.ZodOptional<typeof materialMassKg>
    >)
    .optional(),
  transportLegs: transportRouteSchema.optional(),
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
