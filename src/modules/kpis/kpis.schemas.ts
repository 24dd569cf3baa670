import { z } from 'zod';
import { code, DateString, identifier } from '../../domain/common.schemas.js';
import { EARLIEST_YEAR } from '../../domain/dates.js';
import { REGIONS } from '../../domain/regions.js';
import { kgField, LEFT_WORDS, OUTFLOWS, RECOVERED_FORMULA, REUSED_FORMULA, TOTAL_FORMULA, type OutflowKg } from '../../domain/outflows.js';
import { CATEGORIES } from '../../domain/units.js';
import { GROUP_BYS } from './kpi-keys.js';

export const MIN_YEAR = EARLIEST_YEAR;
export const MAX_YEAR = 2100;

const inYearRange = (d: string) => {
  const y = Number(d.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};
const ReportDate = DateString.refine(inYearRange, `must be a date in the years ${MIN_YEAR}–${MAX_YEAR}`);

/** A year in a path or query: four digits (so '2e3' or ' 2024' are not years), 1990–2100. */
export const Year = code({ error: 'must be a year, e.g. 2024' })
  .regex(/^\d{4}$/, 'must be a year, e.g. 2024')
  .transform(Number)
  .pipe(z.number().min(MIN_YEAR, `must be between ${MIN_YEAR} and ${MAX_YEAR}`).max(MAX_YEAR, `must be between ${MIN_YEAR} and ${MAX_YEAR}`))
  .meta({ example: '2024' });

export const BoolParam = z.enum(['true', 'false'], { error: 'must be true or false' });

export const BoundaryParam = z
  .enum(['reporting', 'none'], { error: 'must be reporting or none' })
  .default('reporting')
  .describe('reporting (default): each day counts within the reporting boundary of its year; none: every category and region.');

export const BoundaryRuleSchema = z.object({
  category: z.enum(CATEGORIES),
  regions: z.array(z.enum(REGIONS)).nullable().describe('null: every region.'),
});

export const YearBoundarySchema = z.object({
  year: z.number().int(),
  rules: z.array(BoundaryRuleSchema).nullable().describe('The year’s boundary in force; null when none is set (everything counts).'),
  statement: z.string().nullable().describe('The boundary as the report’s footnote words it.'),
});

export const OutOfBoundarySchema = z
  .object({
    units: z.number().int().describe('Units received in the period outside the reporting boundary of their year.'),
    kg: z.number().describe(`Mass moved (${LEFT_WORDS}) in the period outside the boundary of its year.`),
    magnetUpgrades: z.number().int(),
  })
  .describe('Left out by the reporting boundaries (real and tracked, but not in these figures); China is counted in `excluded` only.');

export const KpiQuery = z
  .strictObject({
    from: ReportDate.optional().describe('First day, inclusive. Default: 1 January of the year of `to`, or of the current year.'),
    to: ReportDate.optional().describe('Last day, inclusive. Default: 31 December of the year of `from`, or of the current year.'),
    groupBy: z.enum(GROUP_BYS).optional().describe('Split the figures into groups: by time bucket (year, quarter, month) or by region, category, modality or site.'),
    includeChina: BoolParam.default('false').describe('true: count units from China (origin CN or received at a site in China) and upgrades at sites in China; default false.'),
    category: z.enum(CATEGORIES).optional().describe('Only units of this category (magnet upgrades count under magnet).'),
    region: z.enum(REGIONS).optional().describe('Only units from this region (CHINA needs includeChina=true).'),
    siteCode: identifier(20).optional().describe('Only units received at this site (magnet upgrades are left out: they happen at the customer).'),
    boundary: BoundaryParam,
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json').describe('json (default) or csv: the same figures as text/csv, one row per group.'),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${q.from})` });
    }
    if (q.region === 'CHINA' && q.includeChina !== 'true') {
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'CHINA is left out of reports unless includeChina=true' });
    }
  });
export type KpiQueryT = z.infer<typeof KpiQuery>;

/** Each outflow's kilograms in the period (domain/outflows.ts), by event date. */
const outflowTotals = Object.fromEntries(
  OUTFLOWS.map((o) => [kgField(o), z.number().describe(`${o.label}: mass of \`${o.type}\` events (KPI class ${o.kpi}; since v${o.since}).`)]),
) as Record<OutflowKg, z.ZodNumber>;

const totalsShape = {
  unitsReceived: z.number().int().describe('Units received in the period (by receivedAt).'),
  unitsClosed: z.number().int().describe('Units whose last kilogram left in the period (closing event date); the "units recovered" figure.'),
  refurbishedUnits: z.number().int().describe('Units released after refurbishment (sale, redeployment or donation).'),
  partsHarvested: z.number().int(),
  ...outflowTotals,
  reusedKg: z.number().describe(REUSED_FORMULA),
  totalKg: z.number().describe(TOTAL_FORMULA),
  diversionRate: z.number().nullable().describe('reusedKg / totalKg rounded to 4 decimals; null when totalKg is 0.'),
  pendingKg: z.number().describe('Intake of in-scope units received by the end of the period (or group) minus the mass they moved by then.'),
  magnetUpgrades: z.number().int(),
  co2AvoidedT: z.number().describe('Avoided emissions of MR magnet upgrades vs a new system, tonnes CO2e; not part of any emissions inventory.'),
  recoveryRate: z
    .number()
    .nullable()
    .describe(`${RECOVERED_FORMULA} / totalKg rounded to 4 decimals; null when totalKg is 0. Equals diversionRate when nothing was recovered as energy.`),
};
export const TotalsSchema = z.object(totalsShape).meta({ id: 'KpiTotals' });

export const KpiReportSchema = z
  .object({
    scope: z.object({
      from: z.string(),
      to: z.string(),
      defaultedPeriod: z.boolean().describe('true when from and/or to were not given and were filled in.'),
      groupBy: z.enum(GROUP_BYS).nullable(),
      includeChina: z.boolean(),
      filters: z.object({ category: z.string().nullable(), region: z.string().nullable(), siteCode: z.string().nullable() }),
      categories: z.array(z.string()).describe('Unit categories with figures in the period.'),
      regions: z.array(z.string()),
      boundary: z.enum(['reporting', 'none']),
      boundaries: z.array(YearBoundarySchema).describe('Each year of the period with its boundary; [] with boundary=none.'),
      statement: z.string().describe('The scope in words, ready to quote under the figures.'),
    }),
    totals: TotalsSchema,
    groups: z.array(z.object({ key: z.string(), ...totalsShape })),
    excluded: z.object({
      units: z.number().int().describe('Units from China (origin CN, or received at a site in China) received in the period.'),
      kg: z.number().describe(`Mass moved (${LEFT_WORDS}) by units from China in the period.`),
      magnetUpgrades: z.number().int(),
    }),
    outOfBoundary: OutOfBoundarySchema,
    factorSets: z.array(
      z.object({ id: z.string(), name: z.string().nullable(), version: z.string().nullable(), upgrades: z.number().int() }),
    ),
    notes: z.record(z.string(), z.string()),
    generatedAt: z.string(),
  })
  .meta({ id: 'KpiReport' });
