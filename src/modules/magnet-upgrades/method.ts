import type { FieldError } from '../../domain/errors.js';
import type { EndOfLifeApproach, MagnetUpgradeInputs } from './estimate.schemas.js';
import { RECYCLING_CREDIT_KEYS, type FactorSetBody, type MethodFactorKey } from './factor-set.schemas.js';

/**
 * How a figure compares the upgrade with its reference scenario (WBCSD guidance on
 * avoided emissions), resolved from the method inputs and the factor set. Pure;
 * the model and the Monte Carlo take it as it is, so both run the same method.
 *
 * - Timeframe: the functional unit, `timeframeYears`, or the set's reference design
 *   life (its value, a fixed choice: it is not sampled).
 * - Allocation: with `remainingLifeYears` r, only r ÷ D of a new system's
 *   cradle-to-installed burden is avoided (D the reference design life, sampled);
 *   the rest is deferred, not avoided. Capped at 1.
 * - Use phase: the kept system's extra draw, over the years it serves within the
 *   timeframe, min(T, r): after r a new system is installed in both scenarios.
 * - End of life: the new magnet's end of life belongs to the reference scenario,
 *   pro-rated like its manufacture; the kept magnet's own end of life happens in
 *   both scenarios (later in one) and nets out.
 */
export type MethodPlan = {
  remainingLifeYears: number | null;
  timeframeYears: number | null;
  timeframeSource: 'inputs' | 'reference_design_life' | null;
  usePhase: {
    deltaMWhPerYear: number;
    years: number;
    /** A constant given in the inputs, or the key of the set's country factor among the method values. */
    grid: { source: 'inputs'; kgPerKWh: number } | { source: 'factor_set_country'; country: string; key: string };
  } | null;
  endOfLife: EndOfLifeApproach | null;
};

export const NO_METHOD: MethodPlan = { remainingLifeYears: null, timeframeYears: null, timeframeSource: null, usePhase: null, endOfLife: null };

/** Whether any method term enters the figure (and the Monte Carlo draws the method factors). */
export const usesMethodTerms = (p: MethodPlan): boolean => p.remainingLifeYears !== null || p.usePhase !== null || p.endOfLife !== null;

export const gridKey = (country: string) => `gridFactors.${country}`;

const setLabel = (set: FactorSetBody) => `factor set "${set.name}" ${set.version}`;

/**
 * The plan, or the problems that make it impossible (each a 400 field error).
 * `siteCountry` is a recorded upgrade's: its grid is the default of the use phase.
 */
export function planMethod(
  set: FactorSetBody,
  inputs: MagnetUpgradeInputs,
  siteCountry?: string,
): { plan: MethodPlan; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const lacks = (path: string, keys: MethodFactorKey[], why: string) => {
    const missing = keys.filter((k) => set.factors[k] === undefined);
    if (missing.length) problems.push({ path, message: `${why}, and ${setLabel(set)} has no ${missing.join(', ')}; name a set that has ${missing.length > 1 ? 'them' : 'it'}` });
    return missing.length > 0;
  };
  const designLife = set.factors.referenceDesignLife?.value;

  const r = inputs.remainingLifeYears ?? null;
  if (r !== null) lacks('remainingLifeYears', ['referenceDesignLife'], 'pro-rating needs the reference design life');

  const T = inputs.timeframeYears ?? designLife ?? null;
  const timeframeSource = inputs.timeframeYears !== undefined ? 'inputs' : designLife !== undefined ? 'reference_design_life' : null;

  let usePhase: MethodPlan['usePhase'] = null;
  const delta = inputs.useEnergyDeltaMWhPerYear;
  const { gridFactorKgPerKWh: given, gridCountry } = inputs;
  if (given !== undefined && gridCountry !== undefined) {
    problems.push({ path: 'gridCountry', message: 'give gridFactorKgPerKWh or gridCountry, not both' });
  } else if (delta === undefined) {
    if (given !== undefined) problems.push({ path: 'gridFactorKgPerKWh', message: 'is only used with useEnergyDeltaMWhPerYear' });
    if (gridCountry !== undefined) problems.push({ path: 'gridCountry', message: 'is only used with useEnergyDeltaMWhPerYear' });
  } else {
    let grid: NonNullable<MethodPlan['usePhase']>['grid'] | null = null;
    if (given !== undefined) grid = { source: 'inputs', kgPerKWh: given };
    else {
      const country = gridCountry ?? siteCountry;
      const path = gridCountry !== undefined ? 'gridCountry' : 'useEnergyDeltaMWhPerYear';
      const known = Object.keys(set.gridFactors ?? {}).sort();
      if (country === undefined) {
        problems.push({ path, message: 'needs gridFactorKgPerKWh or gridCountry (a country whose grid factor the set holds)' });
      } else if (!set.gridFactors?.[country]) {
        const has = known.length ? `it has ${known.join(', ')}` : 'it has none';
        const from = gridCountry !== undefined ? '' : ` (the site's country)`;
        problems.push({ path, message: `${setLabel(set)} has no grid factor for ${country}${from}; ${has}. Send gridFactorKgPerKWh or gridCountry` });
      } else grid = { source: 'factor_set_country', country, key: gridKey(country) };
    }
    if (T === null) problems.push({ path: 'timeframeYears', message: `is needed for the use phase: ${setLabel(set)} has no referenceDesignLife to take it from` });
    if (grid && T !== null) usePhase = { deltaMWhPerYear: delta, years: Math.min(T, r ?? T), grid };
  }

  const endOfLife = inputs.endOfLife?.approach ?? null;
  if (endOfLife !== null) {
    const needed: MethodFactorKey[] = ['endOfLifeProcessing'];
    if (endOfLife === 'avoided_burden') needed.push(...Object.values(RECYCLING_CREDIT_KEYS).map((c) => c.credit));
    lacks('endOfLife', needed, `the ${endOfLife.replace('_', '-')} approach needs ${needed.length > 1 ? 'processing and recycling credits' : 'the processing burden'}`);
  }

  return { plan: { remainingLifeYears: r, timeframeYears: T, timeframeSource, usePhase, endOfLife }, problems };
}

/** For callers that validated first (the services): a plan or a programming error. */
export function mustPlan(set: FactorSetBody, inputs: MagnetUpgradeInputs, siteCountry?: string): MethodPlan {
  const { plan, problems } = planMethod(set, inputs, siteCountry);
  if (problems.length) throw new Error(`method inputs not validated: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return plan;
}

const num = (x: number, digits = 3) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(x);
const years = (n: number) => `${num(n, 2)} year${n === 1 ? '' : 's'}`;

/** What the answer says about its method, so a reviewer reads what was assumed. */
export function describeMethod(set: FactorSetBody, fieldStrengthT: 1.5 | 3, plan: MethodPlan) {
  const D = set.factors.referenceDesignLife?.value ?? null;
  const r = plan.remainingLifeYears;
  const proRataFactor = r === null || D === null ? 1 : Math.min(1, r / D);
  const u = plan.usePhase;
  const gridKgPerKWh = u === null ? null : u.grid.source === 'inputs' ? u.grid.kgPerKWh : set.gridFactors![u.grid.country]!.value;
  const referenceScenario =
    `A new ${fieldStrengthT} T MR system installed instead of the upgrade: a new magnet and the subsystems the upgrade keeps, ` +
    'manufactured, shipped from the factory and installed with site works. The upgrade\'s own new electronics are in both scenarios and net out.';

  const sentences = [
    `Avoided emissions against installing a new ${fieldStrengthT} T MR system (the reference scenario)` +
      (plan.timeframeYears === null
        ? ', with no timeframe stated (the factor set has no reference design life).'
        : `, compared over ${years(plan.timeframeYears)} of service${plan.timeframeSource === 'reference_design_life' ? ' (the reference design life)' : ''}.`),
    r === null
      ? 'Equal remaining life assumed: the kept magnet serves as long as a new one, so the whole manufacturing burden of the new system counts as avoided.'
      : `Manufacturing burden pro-rated by remaining life ÷ design life: ${years(r)} ÷ ${years(D!)} = ${num(proRataFactor, 4)}${proRataFactor < 1 ? '; the rest is deferred, not avoided' : ' (capped at 1)'}.`,
    u === null
      ? 'Same use-phase energy assumed.'
      : `Use phase: the kept system draws ${num(Math.abs(u.deltaMWhPerYear))} MWh a year ${u.deltaMWhPerYear >= 0 ? 'more' : 'less'} than a new one, at ${num(gridKgPerKWh!)} kg CO2e/kWh (${u.grid.source === 'inputs' ? 'as given' : `${u.grid.country} grid, from the factor set`}), over ${years(u.years)}.`,
    plan.endOfLife === null
      ? 'End of life not included.'
      : plan.endOfLife === 'cut_off'
        ? "End of life, cut-off approach: the new magnet's dismantling and processing count; its recycled material leaves without burden or credit."
        : "End of life, avoided-burden approach: the new magnet's processing less the recycling credits of its materials.",
  ];

  return {
    referenceScenario,
    timeframeYears: plan.timeframeYears,
    timeframeSource: plan.timeframeSource,
    allocation: r === null ? ('full_burden' as const) : ('pro_rata_remaining_life' as const),
    remainingLifeYears: r,
    referenceDesignLifeYears: D,
    proRataFactor: Math.round(proRataFactor * 10_000) / 10_000,
    usePhase: u === null ? ('same_energy_assumed' as const) : ('included' as const),
    useEnergyDeltaMWhPerYear: u?.deltaMWhPerYear ?? null,
    usePhaseYears: u?.years ?? null,
    gridFactorKgPerKWh: gridKgPerKWh,
    gridFactorSource: u === null ? null : u.grid.source,
    gridCountry: u !== null && u.grid.source === 'factor_set_country' ? u.grid.country : null,
    endOfLifeApproach: plan.endOfLife ?? ('not_included' as const),
    statement: sentences.join(' '),
  };
}
export type MethodView = ReturnType<typeof describeMethod>;
