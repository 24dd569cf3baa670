import { z } from 'zod';
import { DOWNSTREAM, kgField, NOT_REUSED, OUTFLOWS, type DownstreamEntry, type NotReusedKg, type OutflowKg } from '../../domain/outflows.js';
import { MATERIALS } from '../../domain/units.js';
import { BoolParam, BoundaryParam, BoundaryRuleSchema, OutOfBoundarySchema, Year, YearBoundarySchema } from '../kpis/kpis.schemas.js';

const kg = z.number();

/** The outflows that are not reuse (energy recovery, landfill, ...): SASB shows them for context. */
const notReusedKg = Object.fromEntries(
  NOT_REUSED.map((o) => [kgField(o), kg.describe(`${o.label}: for context, not part of the SASB figure.`)]),
) as Record<NotReusedKg, z.ZodNumber>;

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
    ...notReusedKg,
    totalKg: kg.describe(['kg', ...NOT_REUSED.map(kgField)].join(' + ')),
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
    recoveryRate: rate.describe('(reused + recovered as energy) / outgoing (WEEE recovered).'),
    reuseShare: rate.describe('(refurbished + harvested) / outgoing.'),
    recyclingShare: rate.describe('recycled / outgoing.'),
    measuredMassShare: rate.describe('measured intake / intake of the units received in the year; null when none were received.'),
    definitions: z.record(z.string(), z.string()).describe('Each indicator in words.'),
    basis: z
      .object({
        outgoingKg: kg,
        reusedKg: kg,
        ...(Object.fromEntries(OUTFLOWS.map((o) => [kgField(o), kg])) as Record<OutflowKg, typeof kg>),
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

/** Kilograms per downstream outflow, keyed by its stem (recycled, landfilled, energyRecovered, ...). */
const byDisposition = z.object(Object.fromEntries(DOWNSTREAM.map((o) => [o.stem, kg])) as Record<DownstreamEntry['stem'], typeof kg>);
const share = z.number().nullable();
const byMaterial = z.object(Object.fromEntries(MATERIALS.map((m) => [m, kg])) as Record<(typeof MATERIALS)[number], typeof kg>);

export const DownstreamQuery = z.strictObject({
  year: Year.describe('The calendar year, e.g. 2024: outgoing events dated in it.'),
  includeChina: BoolParam.default('false').describe('Count units from China (default false, as /kpis).'),
  boundary: BoundaryParam,
});

export const DownstreamSchema = z
  .object({
    year: z.number().int(),
    scope: z.object({
      from: z.string(),
      to: z.string(),
      includeChina: z.boolean(),
      excluded: z.object({ events: z.number().int(), kg }).describe('Outgoing mass of units from China left out (zero with includeChina=true).'),
      boundary: z.enum(['reporting', 'none']),
      outOfBoundary: z.object({ events: z.number().int(), kg }).describe('Outgoing mass of units outside the year’s reporting boundary, left out as /kpis leaves it out (zero with boundary=none).'),
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
      outgoingKg: kg.describe(`All mass handed downstream (${DOWNSTREAM.map((o) => o.type).join(', ')}) in the year in scope, by event date.`),
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
