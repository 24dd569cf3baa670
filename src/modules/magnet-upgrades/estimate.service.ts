import { randomInt } from 'node:crypto';
import type { Deps } from '../../http/context.js';
import { validationError, type FieldError } from '../../domain/errors.js';
import type { EstimateInput } from './estimate-api.schemas.js';
import { SEED_MAX, type MagnetUpgradeInputs } from './estimate.schemas.js';
import { factorSetSummary, modelInputsOf, storedInputsOf } from './upgrade-inputs.js';
import { breakdownToT, computeFigure, kgToT, materialsExceedMagnet, NOTES, nonFiniteParts, resolvedAssumptions, type Figure } from './figures.js';
import { resolveFactorSet, type ResolvedFactorSet } from './factor-sets.service.js';
import { describeMethod, planMethod, type MethodPlan } from './method.js';
import type { MonteCarloResult } from './monte-carlo.js';
import { runSimulation } from './simulation-runner.js';

/**
 * 400 for inputs the schema cannot judge alone: they depend on each other or on
 * the factor set (and, for a recorded upgrade, its site's country). Every problem
 * at once. Answers the method plan the figure is then computed with.
 */
export function assertInputsFit(set: ResolvedFactorSet, inputs: MagnetUpgradeInputs, siteCountry?: string): MethodPlan {
  const problems: FieldError[] = [];
  const heavy = materialsExceedMagnet(set.body, inputs);
  if (heavy) problems.push(heavy);
  const { plan, problems: method } = planMethod(set.body, inputs, siteCountry);
  problems.push(...method);
  if (problems.length) throw validationError(problems);
  return plan;
}

/** Every figure the API answers is finite: a set whose factors overflow the arithmetic is refused, naming the parts. */
export function assertFinite(figure: Figure, monteCarlo?: MonteCarloResult): void {
  const bad = nonFiniteParts(figure);
  if (monteCarlo) for (const k of ['p5', 'p50', 'p95', 'mean'] as const) if (!Number.isFinite(monteCarlo[k])) bad.push(`monteCarlo.${k}`);
  if (bad.length) {
    throw validationError(
      [{ path: 'factorSetId', message: `the inputs with this factor set give a figure that is not a finite number (${bad.join(', ')})` }],
      'The estimate is not a finite number: check the factor set and the inputs.',
    );
  }
}

/** Resolves the set, validates and computes the deterministic figure: what the estimate and the sensitivity share. */
function prepare(deps: Deps, input: EstimateInput) {
  const set = resolveFactorSet(deps, input.factorSetId);
  const inputs = modelInputsOf(input);
  const plan = assertInputsFit(set, inputs);
  const figure = computeFigure(set.body, inputs, plan);
  assertFinite(figure);
  const seed = input.seed ?? randomInt(0, SEED_MAX + 1);
  const job = { set: set.body, inputs, plan, iterations: input.iterations, seed };
  const head = {
    ...factorSetSummary(set),
    fieldStrengthT: inputs.fieldStrengthT,
    inputs: storedInputsOf(input),
    assumptions: resolvedAssumptions(set.body, inputs),
    method: describeMethod(set.body, inputs.fieldStrengthT, plan),
  };
  return { figure, job, head };
}

/** Computes and saves nothing. Without a seed one is drawn and answered, so the run can be repeated. */
export async function estimateUpgrade(deps: Deps, input: EstimateInput) {
  const { figure, job, head } = prepare(deps, input);
  const monteCarlo = await runSimulation({ kind: 'simulate', ...job });
  assertFinite(figure, monteCarlo);
  return { ...head, totalT: kgToT(figure.avoidedKg), breakdown: breakdownToT(figure.breakdownKg), monteCarlo, notes: { comparison: NOTES.comparison, totalT: NOTES.totalT, monteCarlo: NOTES.monteCarlo } };
}

/** The tornado and the contributions to variance of the same estimate; saves nothing. */
export async function estimateSensitivity(deps: Deps, input: EstimateInput) {
  const { figure, job, head } = prepare(deps, input);
  const s = await runSimulation({ kind: 'sensitivity', ...job });
  assertFinite(figure, s.monteCarlo);
  const overflow = s.tornado.filter((r) => !Number.isFinite(r.totalAtLowT) || !Number.isFinite(r.totalAtHighT)).map((r) => r.factor);
  if (overflow.length) {
    throw validationError(
      [{ path: 'factorSetId', message: `with these factors at their low or high the total is not a finite number (${overflow.join(', ')})` }],
      'The sensitivity is not a finite number: check the ranges of the factor set.',
    );
  }
  return {
    ...head,
    totalT: kgToT(figure.avoidedKg),
    tornado: s.tornado,
    noEffect: s.noEffect,
    contributionToVariance: s.contributionToVariance,
    monteCarlo: s.monteCarlo,
    notes: { comparison: NOTES.comparison, tornado: NOTES.tornado, contributionToVariance: NOTES.contributionToVariance },
  };
}
