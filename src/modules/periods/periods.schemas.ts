import { z } from 'zod';
import { freeText } from '../../domain/common.schemas.js';
import { pageQuery } from '../../http/pagination.js';
import { REGIONS } from '../../domain/regions.js';
import { CATEGORIES } from '../../domain/units.js';
import type { BodyExamples } from '../../http/route.js';
import { BoundaryRuleSchema, TotalsSchema, Year } from '../kpis/kpis.schemas.js';

export const YearParams = z.strictObject({ year: Year });

export const LockBody = z
  .strictObject({ note: freeText(2000).optional().describe('Why or for what this version is published.') })
  .meta({ id: 'LockPeriod' });

export const UnlockBody = z
  .strictObject({ reason: freeText(2000, { min: 1 }) })
  .meta({ id: 'UnlockPeriod' });

const BoundaryRuleBody = z.strictObject({
  category: z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(', ')}` }),
  regions: z
    .array(z.enum(REGIONS, { error: `must be one of ${REGIONS.join(', ')}` }), { error: 'must be a list of regions, or null for every region' })
    .min(1, 'must name at least one region (null: every region)')
    .refine((r) => new Set(r).size === r.length, 'names a region twice')
    .nullable()
    .describe('The regions whose units count; null: every region.'),
});

export const SetBoundaryBody = z
  .strictObject({
    rules: z
      .array(BoundaryRuleBody, { error: 'is required: a list of {category, regions}' })
      .min(1, 'must cover at least one category')
      .max(CATEGORIES.length)
      .superRefine((rules, ctx) => {
        const seen = new Map<string, number>();
        rules.forEach((r, i) => {
          if (seen.has(r.category)) {
            ctx.addIssue({ code: 'custom', path: [i, 'category'], message: `"${r.category}" already has a rule (rules[${seen.get(r.category)}])` });
          } else seen.set(r.category, i);
        });
      })
      .describe('One rule per category the year covers; a category with no rule is outside the boundary.'),
    note: freeText(2000).optional().describe('Why, or where the boundary comes from (e.g. the report’s footnote).'),
  })
  .meta({
    id: 'SetBoundary',
    example: {
      rules: [
        { category: 'imaging', regions: ['USCAN', 'EMEA', 'JAPAN'] },
        { category: 'ultrasound', regions: ['USCAN', 'EMEA', 'JAPAN'] },
        { category: 'magnet', regions: null },
      ],
      note: '2022 sustainability report, scope footnote',
    },
  });

export const BoundarySchema = z
  .object({
    rules: z.array(BoundaryRuleSchema),
    note: z.string().nullable(),
    setAt: z.string(),
    setBy: z.string().describe('The id of the key that set it.'),
    statement: z.string().describe('The boundary as the report’s footnote words it.'),
  })
  .meta({ id: 'ReportingBoundary' });

export const SetBoundaryResultSchema = BoundarySchema.extend({
  year: z.number().int(),
  replaced: BoundarySchema.nullable().describe('The boundary this one replaced (kept in the year’s history), or null.'),
}).meta({ id: 'ReportingBoundarySet' });

const FactorSetUseSchema = z.object({ id: z.string(), name: z.string().nullable(), version: z.string().nullable(), upgrades: z.number().int() });

export const ListPeriodsQuery = z.strictObject({ ...pageQuery });

export const VersionSchema = z
  .object({
    version: z.number().int(),
    publishedAt: z.string(),
    publishedBy: z.string().describe('The id of the key that locked the year.'),
    note: z.string().nullable(),
    figures: TotalsSchema.describe('The `totals` of /kpis for the calendar year in default scope, as they stood at publication.'),
    boundary: BoundarySchema.nullable().describe('The reporting boundary the figures were computed within, frozen with them (null: none was set).'),
    ledgerSeq: z.number().int().nullable().describe('The seq of the ledger chain’s head when the year was locked.'),
    ledgerHead: z.string().nullable().describe('The ledger chain’s head hash when the year was locked: every entry the figures rest on is at or before it.'),
    factorSets: z.array(FactorSetUseSchema).describe('The factor sets behind the published co2AvoidedT.'),
  })
  .meta({ id: 'PeriodVersion' });

const DifferenceSchema = z.object({ published: z.number().nullable(), current: z.number().nullable(), delta: z.number().nullable() });

export const UnlockSchema = z
  .object({
    year: z.number().int(),
    locked: z.literal(false),
    unlockedAt: z.string(),
    unlockedBy: z.string(),
    reason: z.string(),
    afterVersion: z.number().int().describe('The version that was current when the year was reopened.'),
  })
  .meta({ id: 'PeriodUnlock' });

export const PeriodSchema = z
  .object({
    year: z.number().int(),
    locked: z.boolean(),
    boundary: BoundarySchema.nullable().describe('The year’s reporting boundary in force; null when none is set (everything counts).'),
    boundaryHistory: z.array(BoundarySchema).describe('Every boundary the year has had, oldest first; the last is in force.'),
    versions: z.array(VersionSchema).describe('Every published version, oldest first, exactly as published.'),
    unlocks: z.array(UnlockSchema.omit({ locked: true })),
    current: TotalsSchema.describe('The figures as they stand now.'),
    comparedWith: z.number().int().nullable().describe('The version `differences` compares with (the latest), or null.'),
    differences: z
      .record(z.string(), DifferenceSchema)
      .describe('Only the fields whose current value differs from the latest version; {} when none differ or nothing was published.'),
  })
  .meta({ id: 'Period' });

export const PeriodSummarySchema = z.object({
  year: z.number().int(),
  locked: z.boolean(),
  latestVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
});

/** Realistic request bodies for the OpenAPI document (test/unit/openapi-examples.test.ts parses each one). */
export const LOCK_EXAMPLES: BodyExamples = {
  report: { summary: 'Publish the year for the sustainability report', value: { note: 'FY2024 sustainability report, as assured' } },
};
export const UNLOCK_EXAMPLES: BodyExamples = {
  restatement: { summary: 'Reopen a year to correct it (the reason is kept)', value: { reason: 'Weighbridge ticket of one recycling load in March was wrong' } },
};
export const BOUNDARY_EXAMPLES: BodyExamples = {
  fy2024: {
    summary: 'The 2024 report’s scope: imaging and ultrasound from USCAN, EMEA, Japan and India; magnets, components and surgical from everywhere',
    value: {
      rules: [
        { category: 'imaging', regions: ['USCAN', 'EMEA', 'JAPAN', 'INDIA'] },
        { category: 'ultrasound', regions: ['USCAN', 'EMEA', 'JAPAN', 'INDIA'] },
        { category: 'magnet', regions: null },
        { category: 'magnet_upgrade_component', regions: null },
        { category: 'surgical', regions: null },
      ],
      note: '2024 sustainability report, scope footnote',
    },
  },
  fy2022: {
    summary: 'The 2022 report’s scope: imaging and ultrasound from three regions, magnets from everywhere',
    value: {
      rules: [
        { category: 'imaging', regions: ['USCAN', 'EMEA', 'JAPAN'] },
        { category: 'ultrasound', regions: ['USCAN', 'EMEA', 'JAPAN'] },
        { category: 'magnet', regions: null },
      ],
      note: '2022 sustainability report, scope footnote',
    },
  },
};
