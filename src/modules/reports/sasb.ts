/**
 * SASB HC-MS-410a.2, "total amount of products accepted for take-back and reused,
 * recycled, or donated", from the same figures as /kpis: the diverted kilograms
 * (reusedKg of /kpis) split so that reused + recycled + donated add up to them.
 */
import { gramsToKg } from '../../domain/mass.js';
import { diversionRate, type KpiResult } from '../kpis/kpi.js';
import { orderCategories, orderRegions, scopeStatement } from '../kpis/kpi-scope.js';

export const SASB_METRIC = 'HC-MS-410a.2' as const;

export function sasbFigure(year: number, r: KpiResult) {
  const s = r.sums;
  // Donations are released refurbished units; SASB reports them apart from reuse.
  const reusedG = s.refurbishedG - s.donatedG + s.harvestedG;
  const divertedG = reusedG + s.recycledG + s.donatedG;
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
    landfilledKg: gramsToKg(s.landfilledG),
    totalKg: gramsToKg(divertedG + s.landfilledG),
    diversionRate: diversionRate(divertedG, divertedG + s.landfilledG),
    scope: {
      from,
      to,
      categories: orderCategories(r.present.categories),
      regions: orderRegions(r.present.regions),
      chinaExcluded: true,
      excludedUnits: r.excluded.units,
      excludedKg: r.excluded.kg,
      statement: scopeStatement({
        from,
        to,
        categories: r.present.categories,
        regions: r.present.regions,
        includeChina: false,
        excludedUnits: r.excluded.units,
        excludedKg: r.excluded.kg,
      }),
    },
    notes: {
      units: 'Units recovered: units whose processing finished in the year (last kilogram refurbished, harvested, recycled or landfilled); /kpis unitsClosed.',
      kg: 'Diverted mass: reusedKg of /kpis (refurbished + harvested + recycled), equal to split.reusedKg + split.recycledKg + split.donatedKg.',
      landfilledKg: 'For context only; not part of the SASB figure.',
    },
  };
}
export type SasbFigure = ReturnType<typeof sasbFigure>;
