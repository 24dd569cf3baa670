import { randomInt } from 'node:crypto';
import type { Deps } from '../../http/context.js';
import { validationError } from '../../domain/errors.js';
import type { EstimateInput } from './estimate-api.schemas.js';
import { SEED_MAX, type MagnetUpgradeInputs } from './estimate.schemas.js';
import { factorSetSummary, modelInputsOf, storedInputsOf } from './upgrade-inputs.js';
import { breakdownToT, computeFigure, kgToT, materialsExceedMagnet, NOTES, resolvedAssumptions } from './figures.js';
import { resolveFactorSet, type ResolvedFactorSet } from './factor-sets.service.js';
import { simulate } from './monte-carlo.js';

/** 400 for inputs the schema cannot judge alone: they depend on the factor set. */
export function assertInputsFit(set: ResolvedFactorSet, inputs: MagnetUpgradeInputs): void {
  const problem = materialsExceedMagnet(set.body, inputs);
  if (problem) throw validationError([problem]);
}

/** Computes and saves nothing. Without a seed one is drawn and answered, so the run can be repeated. */
export function estimateUpgrade(deps: Deps, input: EstimateInput) {
  const set = resolveFactorSet(deps, input.factorSetId);
  const inputs = modelInputsOf(input);
  assertInputsFit(set, inputs);
  const figure = computeFigure(set.body, inputs);
  const seed = input.seed ?? randomInt(0, SEED_MAX + 1);
  return {
    ...factorSetSummary(set),
    fieldStrengthT: inputs.fieldStrengthT,
    inputs: storedInputsOf(input),
    assumptions: resolvedAssumptions(set.body, inputs),
    totalT: kgToT(figure.avoidedKg),
    breakdown: breakdownToT(figure.breakdownKg),
    monteCarlo: simulate(set.body, inputs, { iterations: input.iterations, seed }),
    notes: NOTES,
  };
}
