import { z } from 'zod';
import { freeText } from '../../domain/common.schemas.js';
import { pageQuery } from '../../http/pagination.js';
import type { BodyExamples } from '../../http/route.js';
import { TotalsSchema, Year } from '../kpis/kpis.schemas.js';

export const YearParams = z.strictObject({ year: Year });

export const LockBody = z
  .strictObject({ note: freeText(2000).optional().describe('Why or for what this version is published.') })
  .meta({ id: 'LockPeriod' });

export const UnlockBody = z
  .strictObject({ reason: freeText(2000, { min: 1 }) })
  .meta({ id: 'UnlockPeriod' });

export const ListPeriodsQuery = z.strictObject({ ...pageQuery });

export const VersionSchema = z
  .object({
    version: z.number().int(),
    publishedAt: z.string(),
    publishedBy: z.string().describe('The id of the key that locked the year.'),
    note: z.string().nullable(),
    figures: TotalsSchema.describe('The `totals` of /kpis for the calendar year in default scope, as they stood at publication.'),
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
