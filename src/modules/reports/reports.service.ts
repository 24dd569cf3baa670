import type { Deps } from '../../http/context.js';
import { computeForScope } from '../kpis/kpis.service.js';
import { isYearLocked, latestVersion } from '../periods/periods.repo.js';
import { sasbFigure } from './sasb.js';

/** The SASB figure of a calendar year in default scope, and whether that year is published. */
export function sasbReport(deps: Deps, year: number) {
  const r = computeForScope(deps, { from: `${year}-01-01`, to: `${year}-12-31`, includeChina: false });
  const latest = latestVersion(deps.db, year);
  return { ...sasbFigure(year, r), period: { locked: isYearLocked(deps, year), latestVersion: latest?.version ?? null } };
}
