/**
 * SASB HC-MS-410a.2, "total amount of products accepted for take-back and reused,
 * recycled, or donated", from the same figures as /kpis: the diverted kilograms
 * (reusedKg of /kpis) split so that reused + recycled + donated add up to them.
 */
import { gramsToKg } from '../../domain/mass.js';
import { gramsField, kgField, NOT_REUSED, type NotReusedKg } from '../../domain/outflows.js';
import { diversionRate, type KpiResult } from '../kpis/kpi.js';
import { orderCategories, orderRegions, scopeStatement } from '../kpis/kpi-scope.js';
import type { YearBoundary } from '../kpis/kpis.service.js';

export const SASB_METRIC = 'HC-MS-410a.2' as const;

/** Outflows that are neither reuse, recycling nor donation (energy recovery, landfill, ...): context beside the figure. */
const CONTEXT = NOT_REUSED;

export function sasbFigure(year: number, r: KpiResult & { boundaries: YearBoundary[] | null }) {
  const s = r.sums;
  // Donations are released refurbished units; SASB reports them apart from reuse.
  const reusedG = s.refurbishedG - s.donatedG + s.harvestedG;
  const divertedG = reusedG + s.recycledG + s.donatedG;
  const contextG = CONTEXT.reduce((g, o) => g + s[gramsField(o)], 0);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  return {
    metric: SASB_METRIC,
    description: 'Total amount of products accepted for take-back and reused, recycled, or donated',
    year,
    units: s.unitsClosed,
    kg: gramsToKg(divertedG),
    split: {
      reusedKg: gramsToKg(reusedG),
      recycledKg: gramsToKg(s.recycledG),
      donatedKg: gramsToKg(s.donatedG),
    },
    reused: {
      refurbishedForSaleOrRedeploymentKg: gramsToKg(s.refurbishedG - s.donatedG),
      harvestedPartsKg: gramsToKg(s.harvestedG),
    },
    unitDetail: {
      received: s.unitsReceived,
      recovered: s.unitsClosed,
      refurbishedForSaleOrRedeployment: s.refurbishedUnits - s.donatedUnits,
      donated: s.donatedUnits,
    },
    ...(Object.fromEntries(CONTEXT.map((o) => [kgField(o), gramsToKg(s[gramsField(o)])])) as Record<NotReusedKg, number>),
    totalKg: gramsToKg(divertedG + contextG),
    diversionRate: diversionRate(divertedG, divertedG + contextG),
    scope: {
      from,
      to,
      categories: orderCategories(r.present.categories),
      regions: orderRegions(r.present.regions),
      chinaExcluded: true,
      excludedUnits: r.excluded.units,
      excludedKg: r.excluded.kg,
      boundary: r.boundaries?.[0] ?? null,
      outOfBoundary: r.outOfBoundary,
      statement: scopeStatement({
        from,
        to,
        categories: r.present.categories,
        regions: r.present.regions,
        includeChina: false,
        excludedUnits: r.excluded.units,
        excludedKg: r.excluded.kg,
        ...(r.boundaries ? { boundaries: r.boundaries, outOfBoundaryUnits: r.outOfBoundary.units, outOfBoundaryKg: r.outOfBoundary.kg } : {}),
      }),
    },
    notes: {
      units: 'Units recovered: units whose processing finished in the year (its last kilogram left, whichever way); /kpis unitsClosed.',
      kg: 'Diverted mass: reusedKg of /kpis (refurbished + harvested + recycled), equal to split.reusedKg + split.recycledKg + split.donatedKg.',
      ...Object.fromEntries(
        CONTEXT.map((o) => [kgField(o), `For context only: ${o.adjective} mass is neither reuse, recycling nor donation, so it is not part of the SASB figure; totalKg includes it.`]),
      ),
    },
  };
}
export type SasbFigure = ReturnType<typeof sasbFigure>;
