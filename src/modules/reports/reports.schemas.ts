import { z } from 'zod';
import { MATERIALS } from '../../domain/units.js';
import { BoolParam, Year } from '../kpis/kpis.schemas.js';

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

const byDisposition = z.object({
  recycled: kg,
  energyRecovered: kg,
  landfilled: kg,
});
const share = z.number().nullable();
const byMaterial = z.object(Object.fromEntries(MATERIALS.map((m) => [m, kg])) as Record<(typeof MATERIALS)[number], typeof kg>);

export const DownstreamQuery = z.strictObject({
  year: Year,
  includeChina: BoolParam.default('false').describe('Count units from China (default false, as /kpis).'),
});

export const DownstreamSchema = z
  .object({
    year: z.number().int(),
    scope: z.object({
      from: z.string(),
      to: z.string(),
      includeChina: z.boolean(),
      excluded: z.object({ events: z.number().int(), kg }).describe('Outgoing mass of units from China left out (zero with includeChina=true).'),
      statement: z.string(),
    }),
    vendors: z.array(
      z.object({
        vendorCode: z.string(),
        name: z.string(),
        country: z.string(),
        kg: byDisposition,
        totalKg: kg,
        byMaterial: byMaterial.describe('Recycled mass by material.'),
        shippedKg: kg.describe('Mass of the year’s events to this vendor that are in a shipment.'),
        receiptedKg: kg.describe('Of which in a receipted shipment.'),
        certifiedKg: kg.describe('Mass whose event date falls inside a valid certification of the vendor.'),
      }),
    ),
    withoutVendor: z.object({ kg: byDisposition, totalKg: kg }).describe('Outgoing mass whose event names no vendor (free-text recycler or facility).'),
    totals: z.object({
      outgoingKg: kg.describe('All recycled, energy-recovered and landfilled mass of the year in scope, by event date.'),
      toVendorsKg: kg.describe('The part of outgoingKg whose event names a vendor.'),
      certifiedKg: kg,
      shippedKg: kg,
      receiptedKg: kg.describe('The shipped mass of receipted shipments.'),
      certifiedShare: share.describe('certifiedKg / outgoingKg, 4 decimals; null when outgoingKg is 0.'),
      receiptedShare: share.describe('receiptedKg / outgoingKg, 4 decimals; null when outgoingKg is 0.'),
      kg: byDisposition,
    }),
    notes: z.record(z.string(), z.string()),
    generatedAt: z.string(),
  })
  .meta({ id: 'DownstreamReport' });
