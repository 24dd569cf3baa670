import { z } from 'zod';
import { code, CountryCode, freeText, identifier, name } from '../../domain/common.schemas.js';

// A closed list, so a typo such as "kgCO2/kg" is refused instead of silently
// producing a figure off by a unit conversion.
export const UNITS = [
  'kg',
  't',
  'L',
  'MWh',
  'ratio',
  'kgCO2e/kg',
  'kgCO2e/kWh',
  'kgCO2e/L',
  'kgCO2e/tkm',
  'tCO2e',
  'years',
] as const;
export const unitSchema = z.enum(UNITS);
export type Unit = z.infer<typeof unitSchema>;

export const MATERIALS = ['copper', 'nbti', 'stainlessSteel', 'aluminium', 'carbonSteel', 'other'] as const;
export type Material = (typeof MATERIALS)[number];

export const TRANSPORT_MODES = ['road', 'rail', 'sea', 'air'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

type FactorSpec = { readonly unit: Unit; readonly zeroAllowed?: true; readonly min?: number; readonly max?: number };

// Every key the model reads, with the unit it must be stated in. Zero is allowed
// only where the research range itself starts at 0 (a site may need no works; an
// upgrade may keep no subsystems): anything else at 0 would be a missing number,
// and the reference masses are divisors. The order is the Monte Carlo's draw
// order: reordering changes every seeded result.
//
// Bounds (issue 10): each factor has a ceiling well above any published range, so a
// slip of unit (g for kg, kWh for MWh, tonnes for kg) or an absurd number is refused
// (400) instead of turning a figure into Infinity; with these and the inputs' own
// bounds every figure the model computes is finite. Masses are bounded by the largest
// magnet the inputs accept; reference magnet masses have a floor too, as divisors.
const MAGNET_KG_MAX = 50_000;
/** kg CO2e per kg of a material: primary aluminium is about 16, the research's highest high is 40 (NbTi). */
const MATERIAL_FACTOR_MAX = 100;
/** kg CO2e per tonne-km: short-haul air freight, the worst mode, is about 1.6. */
const FREIGHT_FACTOR_MAX = 5;

export const FACTOR_SPECS = {
  copperMass: { unit: 'kg', max: MAGNET_KG_MAX },
  copperFactor: { unit: 'kgCO2e/kg', max: MATERIAL_FACTOR_MAX },
  nbtiMass: { unit: 'kg', max: MAGNET_KG_MAX },
  nbtiFactor: { unit: 'kgCO2e/kg', max: MATERIAL_FACTOR_MAX },
  stainlessSteelMass: { unit: 'kg', max: MAGNET_KG_MAX },
  stainlessSteelFactor: { unit: 'kgCO2e/kg', max: MATERIAL_FACTOR_MAX },
  aluminiumMass: { unit: 'kg', max: MAGNET_KG_MAX },
  aluminiumFactor: { unit: 'kgCO2e/kg', max: MATERIAL_FACTOR_MAX },
  carbonSteelMass: { unit: 'kg', max: MAGNET_KG_MAX },
  carbonSteelFactor: { unit: 'kgCO2e/kg', max: MATERIAL_FACTOR_MAX },
  otherMass: { unit: 'kg', max: MAGNET_KG_MAX },
  otherFactor: { unit: 'kgCO2e/kg', max: MATERIAL_FACTOR_MAX },
  fabricationUplift: { unit: 'ratio', min: 1, max: 5 },
  manufacturingEnergy: { unit: 'MWh', max: 10_000 },
  gridIntensity: { unit: 'kgCO2e/kWh', max: 2 },
  heliumVolume1_5T: { unit: 'L', max: 20_000 },
  heliumVolume3T: { unit: 'L', max: 20_000 },
  heliumFactor: { unit: 'kgCO2e/L', max: 50 },
  retainedSubsystemsMass: { unit: 'kg', zeroAllowed: true, max: MAGNET_KG_MAX },
  retainedSubsystemsFactor: { unit: 'kgCO2e/kg', max: MATERIAL_FACTOR_MAX },
  siteWorks: { unit: 'tCO2e', zeroAllowed: true, max: 1_000 },
  freightRoad: { unit: 'kgCO2e/tkm', max: FREIGHT_FACTOR_MAX },
  freightRail: { unit: 'kgCO2e/tkm', max: FREIGHT_FACTOR_MAX },
  freightSea: { unit: 'kgCO2e/tkm', max: FREIGHT_FACTOR_MAX },
  freightAir: { unit: 'kgCO2e/tkm', max: FREIGHT_FACTOR_MAX },
  magnetMass1_5T: { unit: 'kg', min: 100, max: MAGNET_KG_MAX },
  magnetMass3T: { unit: 'kg', min: 100, max: MAGNET_KG_MAX },
  grossFreightMass1_5T: { unit: 't', min: 0.1, max: 100 },
  grossFreightMass3T: { unit: 't', min: 0.1, max: 100 },
} as const satisfies Record<string, FactorSpec>;

export type FactorKey = keyof typeof FACTOR_SPECS;
export const FACTOR_KEYS = Object.keys(FACTOR_SPECS) as FactorKey[];
/** One number per factor: the set's values, or one Monte Carlo draw. */
export type FactorValues = Record<FactorKey, number>;

export const FREIGHT_KEYS = {
  road: 'freightRoad',
  rail: 'freightRail',
  sea: 'freightSea',
  air: 'freightAir',
} as const satisfies Record<TransportMode, FactorKey>;

function factorSchema(key: string, spec: FactorSpec) {
  const floor = spec.zeroAllowed ? z.number().nonnegative() : z.number().positive();
  const above = spec.min === undefined ? floor : floor.min(spec.min, `must be at least ${spec.min} ${spec.unit}`);
  const amount = spec.max === undefined ? above : above.max(spec.max, `must be at most ${spec.max} ${spec.unit}`);
  return z
    .object(
      {
        value: amount,
        unit: unitSchema,
        source: freeText(1000, { min: 1 }),
        low: amount,
        mode: amount,
        high: amount,
        basis: z.enum(['sourced', 'assumption']),
      },
      { error: (iss) => (iss.input === undefined ? `missing factor '${key}' (${spec.unit})` : undefined) },
    )
    .superRefine((f, ctx) => {
      if (f.unit !== spec.unit) {
        ctx.addIssue({ code: 'custom', path: ['unit'], message: `'${key}' must be in ${spec.unit}, not ${f.unit}` });
      }
      if (!(f.low <= f.mode)) ctx.addIssue({ code: 'custom', path: ['mode'], message: 'low must be ≤ mode' });
      if (!(f.mode <= f.high)) ctx.addIssue({ code: 'custom', path: ['high'], message: 'mode must be ≤ high' });
      if (!(f.low <= f.value && f.value <= f.high)) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `value must lie within [low, high] = [${f.low}, ${f.high}]` });
      }
    });
}

export const factorSchemas = Object.fromEntries(FACTOR_KEYS.map((k) => [k, factorSchema(k, FACTOR_SPECS[k])])) as {
  [K in FactorKey]: ReturnType<typeof factorSchema>;
};
export type Factor = z.infer<ReturnType<typeof factorSchema>>;

// The method's factors (issue 15): optional, because sets created before them
// (circularity-default 2026.1 among them) are immutable and stay valid; a request
// that needs one its set lacks is refused (400) naming it. Bounds catch unit slips:
// a design life in months, a credit in g/kg. Their Monte Carlo draws come from a
// second stream (monte-carlo.ts), in this order, so adding them changed no seeded
// figure of a run that does not use them.
const credit = { unit: 'kgCO2e/kg', zeroAllowed: true, max: 50 } as const;
export const METHOD_FACTOR_SPECS = {
  referenceDesignLife: { unit: 'years', min: 1, max: 40 },
  endOfLifeProcessing: { unit: 'kgCO2e/kg', zeroAllowed: true, max: 1 },
  copperRecyclingCredit: credit,
  nbtiRecyclingCredit: credit,
  stainlessSteelRecyclingCredit: credit,
  aluminiumRecyclingCredit: credit,
  carbonSteelRecyclingCredit: credit,
  otherRecyclingCredit: credit,
} as const satisfies Record<string, FactorSpec>;
export type MethodFactorKey = keyof typeof METHOD_FACTOR_SPECS;
export const METHOD_FACTOR_KEYS = Object.keys(METHOD_FACTOR_SPECS) as MethodFactorKey[];

/** Each material's recycling credit, and the production factor it must not exceed. */
export const RECYCLING_CREDIT_KEYS = {
  copper: { credit: 'copperRecyclingCredit', factor: 'copperFactor' },
  nbti: { credit: 'nbtiRecyclingCredit', factor: 'nbtiFactor' },
  stainlessSteel: { credit: 'stainlessSteelRecyclingCredit', factor: 'stainlessSteelFactor' },
  aluminium: { credit: 'aluminiumRecyclingCredit', factor: 'aluminiumFactor' },
  carbonSteel: { credit: 'carbonSteelRecyclingCredit', factor: 'carbonSteelFactor' },
  other: { credit: 'otherRecyclingCredit', factor: 'otherFactor' },
} as const satisfies Record<Material, { credit: MethodFactorKey; factor: FactorKey }>;

/** Grid factors of the use phase, by the site's country: the dirtiest grids are near 1.2. */
export const GRID_FACTOR_SPEC = { unit: 'kgCO2e/kWh', zeroAllowed: true, max: 2 } as const satisfies FactorSpec;
export const gridFactorsSchema = z
  .record(code(), factorSchema('gridFactors', GRID_FACTOR_SPEC))
  .superRefine((grid, ctx) => {
    const countries = Object.keys(grid);
    if (countries.length > 300) ctx.addIssue({ code: 'custom', message: 'at most 300 countries' });
    for (const c of countries) {
      const r = CountryCode.safeParse(c);
      if (!r.success) ctx.addIssue({ code: 'custom', path: [c], message: `the key '${c}' ${r.error.issues[0]!.message}` });
    }
  });

export const transportLegSchema = z.object({
  mode: z.enum(TRANSPORT_MODES),
  // Longer than any real leg (Earth's circumference): catches metres typed as km.
  km: z.number().positive().max(40_000),
});
export type TransportLeg = z.infer<typeof transportLegSchema>;
export const transportRouteSchema = z.array(transportLegSchema).min(1).max(20);

// The body POST /factor-sets accepts and GET /factor-sets/:id answers (less id,
// createdAt, createdBy). Unknown top-level fields are stripped so a GET body can
// be posted back; unknown factor keys are refused because they are typos.
export const factorSetBodySchema = z.object({
  name: name(100),
  version: identifier(50),
  supersedes: identifier(100).nullable().optional(),
  description: freeText(2000).optional(),
  factors: z
    .strictObject({
      ...factorSchemas,
      ...(Object.fromEntries(METHOD_FACTOR_KEYS.map((k) => [k, factorSchema(k, METHOD_FACTOR_SPECS[k]).optional()])) as {
        [K in MethodFactorKey]: z.ZodOptional<ReturnType<typeof factorSchema>>;
      }),
    })
    .superRefine((factors, ctx) => {
      // A credit above the most the material can emit to make would pay back more
      // than was ever spent: a typo or another unit, not a recycling benefit.
      for (const { credit, factor } of Object.values(RECYCLING_CREDIT_KEYS)) {
        const c = factors[credit];
        const f = factors[factor];
        if (c && f && c.high > f.high) {
          ctx.addIssue({ code: 'custom', path: [credit, 'high'], message: `a recycling credit may not exceed the material's production factor ('${factor}' high ${f.high})` });
        }
      }
    }),
  gridFactors: gridFactorsSchema
    .optional()
    .describe('kg CO2e per kWh of the grid where a magnet is used, by ISO 3166-1 alpha-2 country (the use phase).'),
  defaults: z.object({ transportRoute: transportRouteSchema }),
});
export type FactorSetBody = z.infer<typeof factorSetBodySchema>;
