import { z } from 'zod';
import { CountryCode, DateString, identifier } from '../../domain/common.schemas.js';
import { EARLIEST_YEAR } from '../../domain/dates.js';
import { REGIONS } from '../../domain/regions.js';
import { pageQuery } from '../../http/pagination.js';
import type { BodyExamples } from '../../http/route.js';
import { BreakdownSchema, factorSetIdField, MethodSchema, ModelInputsView, modelInputsShape } from './estimate-api.schemas.js';
import { FieldStrengthT } from './estimate.schemas.js';

export const CreateMagnetUpgradeBody = z
  .strictObject({
    magnetSerial: identifier(64),
    siteCountry: CountryCode.describe('Where the upgraded magnet is installed; gives the region.'),
    completedAt: DateString.describe('Not in the future; a locked year is refused.'),
    ...modelInputsShape,
    factorSetId: factorSetIdField,
  })
  .meta({ id: 'CreateMagnetUpgrade' });
export type CreateMagnetUpgradeInput = z.infer<typeof CreateMagnetUpgradeBody>;

const Year = z.coerce.number().int().min(EARLIEST_YEAR, `must not be before ${EARLIEST_YEAR}`).max(2100);

export const ListMagnetUpgradesQuery = z.strictObject({
  ...pageQuery,
  year: Year.optional().describe('Completed in this calendar year.'),
  region: z.enum(REGIONS).optional().describe('Only upgrades in this region (from siteCountry).'),
  magnetSerial: identifier(64).optional().describe('Only upgrades of this magnet (exact serial).'),
});
export type ListMagnetUpgradesQueryT = z.infer<typeof ListMagnetUpgradesQuery>;

export const MagnetUpgradeIdParams = z.strictObject({ id: identifier(100) });

export const FigureSchema = z
  .object({
    factorSetId: z.string(),
    kind: z.enum(['initial', 'recalculation']),
    avoidedT: z.number(),
    breakdown: BreakdownSchema,
    computedAt: z.string(),
    computedBy: z.string(),
  })
  .meta({ id: 'MagnetUpgradeFigure' });

export const MagnetUpgradeSchema = z
  .object({
    id: z.string(),
    magnetSerial: z.string(),
    siteCountry: z.string(),
    region: z.enum(REGIONS),
    fieldStrengthT: FieldStrengthT,
    completedAt: z.string(),
    inputs: ModelInputsView,
    factorSetId: z.string().describe('The set behind the current figure.'),
    method: MethodSchema.describe('The method of the current figure: the stored inputs under its set.'),
    avoidedT: z.number().describe('The current (latest) figure, t CO2e avoided against installing a new system.'),
    breakdown: BreakdownSchema,
    figures: z.array(FigureSchema).describe('Every figure ever computed, oldest first; the last is current.'),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'MagnetUpgrade' });

export const MagnetUpgradeDetailSchema = MagnetUpgradeSchema.extend({ note: z.string() }).meta({ id: 'MagnetUpgradeDetail' });

export const RecalculateBody = z
  .strictObject({
    factorSetId: identifier(100),
    year: z.int().min(EARLIEST_YEAR, `must not be before ${EARLIEST_YEAR}`).max(2100).optional().describe('Only upgrades completed in this year; default all.'),
    apply: z.boolean().default(false).describe('false: preview only. true: record the new figures beside the old ones.'),
  })
  .meta({ id: 'RecalculateMagnetUpgrades' });
export type RecalculateInput = z.infer<typeof RecalculateBody>;

const Side = z.object({ factorSetId: z.string(), avoidedT: z.number(), breakdown: BreakdownSchema });
export const RecalculationSchema = z
  .object({
    factorSetId: z.string(),
    factorSet: z.object({ name: z.string(), version: z.string() }),
    year: z.int().nullable(),
    applied: z.boolean().describe('Whether new figures were recorded by this request.'),
    items: z.array(
      z.object({
        id: z.string(),
        magnetSerial: z.string(),
        region: z.enum(REGIONS),
        completedAt: z.string(),
        yearLocked: z.boolean(),
        before: Side,
        after: Side,
        deltaT: z.number(),
        deltaBreakdown: BreakdownSchema.describe('after − before, part by part (a part one side lacks counts as 0 there).'),
        newFigure: z.boolean().describe('Applying records a new figure (false: the current one is already this result with this set).'),
      }),
    ),
    totals: z.object({
      upgrades: z.int(),
      newFigures: z.int(),
      beforeT: z.number(),
      afterT: z.number(),
      deltaT: z.number(),
      deltaBreakdown: BreakdownSchema.describe('The sum of the items\' deltaBreakdown, part by part.'),
    }),
    lockedYears: z.array(z.int()).describe('Locked years holding upgrades that would get a new figure: apply is refused while any remain.'),
    note: z.string(),
  })
  .meta({ id: 'MagnetUpgradeRecalculation' });

/** Realistic request bodies for the OpenAPI document (test/unit/openapi-examples.test.ts parses each one). */
export const CREATE_MAGNET_UPGRADE_EXAMPLES: BodyExamples = {
  default: {
    summary: 'A 1.5 T upgrade in Germany, the default factor set and route',
    value: { magnetSerial: 'MAG-0042', siteCountry: 'DE', fieldStrengthT: 1.5, completedAt: '2024-05-02' },
  },
  measured: {
    summary: 'A 3 T upgrade with its measured magnet mass and the route it did not travel',
    value: {
      magnetSerial: 'MAG-3T-1187',
      siteCountry: 'JP',
      fieldStrengthT: 3,
      completedAt: '2024-09-17',
      magnetMassKg: 6650,
      transportLegs: [
        { mode: 'road', km: 300 },
        { mode: 'sea', km: 19_500 },
        { mode: 'road', km: 120 },
      ],
    },
  },
};

export const RECALCULATE_EXAMPLES: BodyExamples = {
  preview: { summary: 'Preview a restated factor set over 2024 (nothing is saved)', value: { factorSetId: 'fs_V1StGXR8_Z5jdHi6B', year: 2024, apply: false } },
  apply: { summary: 'Record the new figures beside the old ones', value: { factorSetId: 'fs_V1StGXR8_Z5jdHi6B', year: 2025, apply: true } },
};
