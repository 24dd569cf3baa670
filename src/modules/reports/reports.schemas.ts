import { z } from 'zod';
import { BoundaryRuleSchema, OutOfBoundarySchema, YearBoundarySchema } from '../kpis/kpis.schemas.js';

const kg = z.number();

export const SasbSchema = z
  .object({
    metric: z.literal('HC-MS-410a.2'),
    description: z.string(),
    year: z.number().int(),
    units: z.number().int().describe('Units recovered in the year (unitsClosed of /kpis).'),
    kg: kg.describe('Kilograms reused, recycled or donated (reusedKg of /kpis); equals the sum of `split`.'),
    split: z.object({ reusedKg: kg, recycledKg: kg, donatedKg: kg }),
    reused: z.object({ refurbishedForSaleOrRedeploymentKg: kg, harvestedPartsKg: kg }),
    unitDetail: z.object({
      received: z.number().int(),
      recovered: z.number().int(),
      refurbishedForSaleOrRedeployment: z.number().int(),
      donated: z.number().int(),
    }),
    landfilledKg: kg,
    totalKg: kg,
    diversionRate: z.number().nullable(),
    scope: z.object({
      from: z.string(),
      to: z.string(),
      categories: z.array(z.string()),
      regions: z.array(z.string()),
      chinaExcluded: z.boolean(),
      excludedUnits: z.number().int(),
      excludedKg: kg,
      boundary: YearBoundarySchema.nullable().describe('The year’s reporting boundary the figure is computed within.'),
      outOfBoundary: OutOfBoundarySchema,
      statement: z.string().describe('Ready to paste under the figure in a report.'),
    }),
    notes: z.record(z.string(), z.string()),
    period: z.object({ locked: z.boolean(), latestVersion: z.number().int().nullable() }),
  })
  .meta({ id: 'SasbHcMs410a2' });

const rate = z.number().nullable();

export const IndicatorsSchema = z
  .object({
    year: z.number().int(),
    preparedForReuseAndRecycledRate: rate.describe('reused / outgoing (WEEE prepared for re-use and recycled), 4 decimals; null when nothing left.'),
    recoveryRate: rate.describe('(reused + energy-recovered) / outgoing (WEEE recovered).'),
    reuseShare: rate.describe('(refurbished + harvested) / outgoing.'),
    recyclingShare: rate.describe('recycled / outgoing.'),
    measuredMassShare: rate.describe('measured intake / intake of the units received in the year; null when none were received.'),
    definitions: z.record(z.string(), z.string()).describe('Each indicator in words.'),
    basis: z
      .object({
        outgoingKg: kg,
        reusedKg: kg,
        refurbishedKg: kg,
        harvestedKg: kg,
        recycledKg: kg,
        energyRecoveredKg: kg,
        landfilledKg: kg,
        intakeKg: kg,
        measuredIntakeKg: kg,
      })
      .describe('The masses the ratios divide, so each can be re-performed.'),
    scope: z.object({
      boundary: z.enum(['reporting', 'none']),
      rules: z.array(BoundaryRuleSchema).nullable(),
      statement: z.string().nullable().describe('The year’s boundary as the report’s footnote words it (null: none set).'),
      excluded: z.object({ units: z.number().int(), kg, magnetUpgrades: z.number().int() }),
      outOfBoundary: OutOfBoundarySchema,
    }),
    period: z.object({ locked: z.boolean(), latestVersion: z.number().int().nullable() }),
  })
  .meta({ id: 'Indicators' });
