import { z } from 'zod';

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
] as const;
export const unitSchema = z.enum(UNITS);
export type Unit = z.infer<typeof unitSchema>;

export const MATERIALS = ['copper', 'nbti', 'stainlessSteel', 'aluminium', 'carbonSteel', 'other'] as const;
export type Material = (typeof MATERIALS)[number];

export const TRANSPORT_MODES = ['road', 'rail', 'sea', 'air'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

type FactorSpec = { readonly unit: Unit; readonly zeroAllowed?: true };

// Every key the model reads, with the unit it must be stated in. Zero is allowed
// only where the research range itself starts at 0 (a site may need no works; an
// upgrade may keep no subsystems): anything else at 0 would be a missing number,
// and the reference masses are divisors. The order is the Monte Carlo's draw
// order: reordering changes every seeded result.
export const FACTOR_SPECS = {
  copperMass: { unit: 'kg' },
  copperFactor: { unit: 'kgCO2e/kg' },
  nbtiMass: { unit: 'kg' },
  nbtiFactor: { unit: 'kgCO2e/kg' },
  stainlessSteelMass: { unit: 'kg' },
  stainlessSteelFactor: { unit: 'kgCO2e/kg' },
  aluminiumMass: { unit: 'kg' },
  aluminiumFactor: { unit: 'kgCO2e/kg' },
  carbonSteelMass: { unit: 'kg' },
  carbonSteelFactor: { unit: 'kgCO2e/kg' },
  otherMass: { unit: 'kg' },
  otherFactor: { unit: 'kgCO2e/kg' },
  fabricationUplift: { unit: 'ratio' },
  manufacturingEnergy: { unit: 'MWh' },
  gridIntensity: { unit: 'kgCO2e/kWh' },
  heliumVolume1_5T: { unit: 'L' },
  heliumVolume3T: { unit: 'L' },
  heliumFactor: { unit: 'kgCO2e/L' },
  retainedSubsystemsMass: { unit: 'kg', zeroAllowed: true },
  retainedSubsystemsFactor: { unit: 'kgCO2e/kg' },
  siteWorks: { unit: 'tCO2e', zeroAllowed: true },
  freightRoad: { unit: 'kgCO2e/tkm' },
  freightRail: { unit: 'kgCO2e/tkm' },
  freightSea: { unit: 'kgCO2e/tkm' },
  freightAir: { unit: 'kgCO2e/tkm' },
  magnetMass1_5T: { unit: 'kg' },
  magnetMass3T: { unit: 'kg' },
  grossFreightMass1_5T: { unit: 't' },
  grossFreightMass3T: { unit: 't' },
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

function factorSchema(key: FactorKey) {
  const spec: FactorSpec = FACTOR_SPECS[key];
  const amount = spec.zeroAllowed ? z.number().nonnegative() : z.number().positive();
  return z
    .object(
      {
        value: amount,
        unit: unitSchema,
        source: z.string().trim().min(1).max(1000),
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

export const factorSchemas = Object.fromEntries(FACTOR_KEYS.map((k) => [k, factorSchema(k)])) as {
  [K in FactorKey]: ReturnType<typeof factorSchema>;
};
export type Factor = z.infer<ReturnType<typeof factorSchema>>;

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
  name: z.string().trim().min(1).max(100),
  version: z.string().trim().min(1).max(50),
  supersedes: z.string().min(1).nullable().optional(),
  description: z.string().max(2000).optional(),
  factors: z.strictObject(factorSchemas),
  defaults: z.object({ transportRoute: transportRouteSchema }),
});
export type FactorSetBody = z.infer<typeof factorSetBodySchema>;
