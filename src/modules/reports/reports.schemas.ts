import { z } from 'zod';

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
    energyRecoveredKg: kg.describe('Incinerated with energy recovery: for context, not part of the SASB figure.'),
    landfilledKg: kg,
    totalKg: kg.describe('kg + energyRecoveredKg + landfilledKg'),
    diversionRate: z.number().nullable(),
    scope: z.object({
      from: z.string(),
      to: z.string(),
      categories: z.array(z.string()),
      regions: z.array(z.string()),
      chinaExcluded: z.boolean(),
      excludedUnits: z.number().int(),
      excludedKg: kg,
      statement: z.string().describe('Ready to paste under the figure in a report.'),
    }),
    notes: z.record(z.string(), z.string()),
    period: z.object({ locked: z.boolean(), latestVersion: z.number().int().nullable() }),
  })
  .meta({ id: 'SasbHcMs410a2' });
