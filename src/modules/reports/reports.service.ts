import type { Deps } from '../../http/context.js';
import { computeForScope } from '../kpis/kpis.service.js';
import { isYearLocked, latestVersion } from '../periods/periods.repo.js';
import type { BoundaryMode } from '../kpis/boundaries.repo.js';
import { INDICATOR_DEFINITIONS, indicatorsOf } from './indicators.js';
import { sasbFigure } from './sasb.js';

/** The SASB figure of a calendar year in default scope, and whether that year is published. */
export function sasbReport(deps: Deps, year: number) {
  const r = computeForScope(deps, { from: `${year}-01-01`, to: `${year}-12-31`, includeChina: false });
  const latest = latestVersion(deps.db, year);
  return { ...sasbFigure(year, r), period: { locked: isYearLocked(deps, year), latestVersion: latest?.version ?? null } };
}

/** The year's indicators in default scope (China excluded, the year's reporting boundary unless `none`). */
export function indicatorsReport(deps: Deps, year: number, boundary: BoundaryMode) {
  const r = computeForScope(deps, { from: `${year}-01-01`, to: `${year}-12-31`, includeChina: false, boundary });
  const { basis, ...rates } = indicatorsOf(r.sums);
  const latest = latestVersion(deps.db, year);
  return {
    year,
    ...rates,
    definitions: INDICATOR_DEFINITIONS,
    basis,
    scope: {
      boundary,
      rules: r.boundaries?.[0]?.rules ?? null,
      statement: r.boundaries?.[0]?.statement ?? null,
      excluded: r.excluded,
      outOfBoundary: r.outOfBoundary,
    },
    period: { locked: isYearLocked(deps, year), latestVersion: latest?.version ?? null },
  };
}
