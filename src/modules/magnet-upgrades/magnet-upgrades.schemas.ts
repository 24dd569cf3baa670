import { z } from 'zod';
import { CountryCode, DateString } from '../../domain/common.schemas.js';
import { REGIONS } from '../../domain/regions.js';
import { pageQuery } from '../../http/pagination.js';
import { BreakdownSchema, factorSetIdField, ModelInputsView, modelInputsShape } from './estimate-api.schemas.js';

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
    fieldStrengthT: z.literal([1.5, 3]),
    completedAt: z.string(),
    inputs: ModelInputsView,
    factorSetId: z.string().describe('The set behind the current figure.'),
    avoidedT: z.number().describe('The current (latest) figure, t CO2e avoided against installing a new system.'),
    breakdown: BreakdownSchema,
    figures: z.array(FigureSchema).describe('Every figure ever computed, oldest first; the last is current.'),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'MagnetUpgrade' });

export const MagnetUpgradeDetailSchema = MagnetUpgradeSchema.extend({ note: z.string() }).meta({ id: 'MagnetUpgradeDetail' });
