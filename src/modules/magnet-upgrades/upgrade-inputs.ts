import { magnetUpgradeInputsSchema, type MagnetUpgradeInputs } from './estimate.schemas.js';
import type { ResolvedFactorSet } from './factor-sets.service.js';

/** The optional model inputs, exactly as given: what an upgrade stores to be recomputed later. */
export type StoredInputs = Omit<MagnetUpgradeInputs, 'fieldStrengthT'>;

// Every optional input of the model, the method inputs included: a recorded upgrade
// keeps what its figure was computed with.
const STORED_KEYS = Object.keys(magnetUpgradeInputsSchema.shape).filter((k) => k !== 'fieldStrengthT') as (keyof StoredInputs)[];

export function storedInputsOf(i: MagnetUpgradeInputs): StoredInputs {
  const out: Record<string, unknown> = {};
  for (const k of STORED_KEYS) if (i[k] !== undefined) out[k] = i[k];
  return out as StoredInputs;
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
