import { z } from 'zod';
import { CountryCode, DateString } from '../../domain/common.schemas.js';
import { REGIONS } from '../../domain/regions.js';
import { pageQuery } from '../../http/pagination.js';
import { BreakdownSchema, factorSetIdField, MethodSchema, ModelInputsView, modelInputsShape } from './estimate-api.schemas.js';
import { FieldStrengthT } from './estimate.schemas.js';

export const CreateMagnetUpgradeBody = z
  .strictObject({
    magnetSerial: z.string().trim().min(1).max(64),
    siteCountry: CountryCode.describe('Where the upgraded magnet is installed; gives the region.'),
    completedAt: DateString.describe('Not in the future; a locked year is refused.'),
    ...modelInputsShape,
    factorSetId: factorSetIdField,
  })
  .meta({ id: 'CreateMagnetUpgrade' });
export type CreateMagnetUpgradeInput = z.infer<typeof CreateMagnetUpgradeBody>;

const Year = z.coerce.number().int().min(1980).max(2100);

export const ListMagnetUpgradesQuery = z.strictObject({
  ...pageQuery,
  year: Year.optional().describe('Completed in this calendar year.'),
  region: z.enum(REGIONS).optional(),
  magnetSerial: z.string().max(64).optional(),
});
export type ListMagnetUpgradesQueryT = z.infer<typeof ListMagnetUpgradesQuery>;

export const MagnetUpgradeIdParams = z.strictObject({ id: z.string().min(1).max(100) });

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
    factorSetId: z.string().min(1).max(100),
    year: z.int().min(1980).max(2100).optional().describe('Only upgrades completed in this year; default all.'),
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
