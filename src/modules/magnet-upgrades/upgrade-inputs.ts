import type { MagnetUpgradeInputs } from './estimate.schemas.js';
import type { ResolvedFactorSet } from './factor-sets.service.js';

/** The optional model inputs, exactly as given: what an upgrade stores to be recomputed later. */
export type StoredInputs = Omit<MagnetUpgradeInputs, 'fieldStrengthT'>;

export function storedInputsOf(i: MagnetUpgradeInputs): StoredInputs {
  return {
    ...(i.magnetMassKg !== undefined ? { magnetMassKg: i.magnetMassKg } : {}),
    ...(i.materials !== undefined ? { materials: i.materials } : {}),
    ...(i.transportLegs !== undefined ? { transportLegs: i.transportLegs } : {}),
  };
}

/** Picks the model's inputs out of a request body (dropping factorSetId, seed, serial...). */
export const modelInputsOf = (i: MagnetUpgradeInputs): MagnetUpgradeInputs => ({
  fieldStrengthT: i.fieldStrengthT,
  ...storedInputsOf(i),
});

/** Stored field strength is text ('1.5' / '3'); the model wants the number. */
export function fieldStrengthOf(stored: string): 1.5 | 3 {
  const n = Number(stored);
  if (n !== 1.5 && n !== 3) throw new Error(`stored field strength "${stored}" is neither 1.5 nor 3`);
  return n;
}

export const factorSetSummary = (set: ResolvedFactorSet) => ({
  factorSetId: set.id,
  factorSet: { name: set.name, version: set.version },
});
