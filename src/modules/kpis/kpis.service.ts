import type { Clock } from '../../domain/dates.js';
import type { Deps } from '../../http/context.js';
import { validationError } from '../../domain/errors.js';
import { andList, OUTFLOWS, RECOVERED_FORMULA, TOTAL_FORMULA } from '../../domain/outflows.js';
import { CHINA_COUNTRY } from '../../policies/index.js';
import { findSite, listSites } from '../sites/sites.service.js';
import { boundaryWords, type BoundaryRule } from '../../domain/boundary.js';
import { boundaryTests, type BoundaryMode } from './boundaries.repo.js';
import { computeKpis, type KpiOptions, type KpiResult, type Totals } from './kpi.js';
import { orderCategories, orderRegions, scopeStatement } from './kpi-scope.js';
import { openingRows, rollupRows, upgradeRows } from './kpis.repo.js';
import type { KpiQueryT } from './kpis.schemas.js';

export const KPI_NOTES = {
  co2AvoidedT:
    'Avoided emissions of MR magnet upgrades: a comparison against installing a new system (the reference scenario), ' +
    'in tonnes CO2e from each upgrade’s latest figure. Reported apart from the emissions inventory (Scope 1–3) and never subtracted from it.',
  diversionRate: 'reusedKg / totalKg as a ratio rounded to 4 decimals (0.9426 = 94.26 %); null when totalKg is 0.',
  recoveryRate: `${RECOVERED_FORMULA} / totalKg, rounded like diversionRate: material and energy recovery together, as WEEE reporting counts "recovered".`,
  totalKg: `${TOTAL_FORMULA}: every kilogram that left in the period.`,
  unitsClosed: `Units whose last kilogram left (${andList(OUTFLOWS.map((o) => o.adjective))}) in the period: the "units recovered" figure.`,
  pendingKg:
    'Intake of in-scope units received on or before the end of the period (for time groups, the end of the group) minus the mass they moved by then.',
  excluded:
    'What the China exclusion left out: units from China (origin CN, or received at a site in China) received in the period and the mass they moved in it.',
  outOfBoundary:
    'What lies outside the reporting boundary of its day’s year (boundary=reporting): units received in the period and the mass moved in it ' +
    'by categories or regions that year’s boundary does not cover. Real and tracked, but not in these figures. China is counted in `excluded` only.',
} as const;

/** Fills a missing bound from the other one's calendar year, or from the current year. */
export function resolvePeriod(clock: Clock, from?: string, to?: string) {
  const year = (from ?? to ?? clock.now().toISOString()).slice(0, 4);
  return {
    from: from ?? `${(to ?? year).slice(0, 4)}-01-01`,
    to: to ?? `${(from ?? year).slice(0, 4)}-12-31`,
    defaultedPeriod: from === undefined || to === undefined,
  };
}

/** The codes of the sites in China: units received there count as from China. */
export const chinaSiteCodes = (deps: Deps): Set<string> => new Set(listSites(deps).filter((s) => s.country === CHINA_COUNTRY).map((s) => s.code));

export type ScopeOptions = Omit<KpiOptions, 'boundaryOf'> & { boundary?: BoundaryMode };

/** The boundary of each year of a period as a report states it (rules null: the year has none). */
export type YearBoundary = { year: number; rules: BoundaryRule[] | null; statement: string | null };

/**
 * The figures for one scope, straight from the daily roll-up, each day within its
 * year's reporting boundary (the default) or none (`boundary: 'none'`).
 */
export function computeForScope(deps: Deps, o: ScopeOptions): KpiResult & { boundaries: YearBoundary[] | null } {
  const mode = o.boundary ?? 'reporting';
  const fromYear = Number(o.from.slice(0, 4));
  const toYear = Number(o.to.slice(0, 4));
  const tests = boundaryTests(deps.db, fromYear, toYear, mode);
  const opts: KpiOptions = { ...o, ...(mode === 'reporting' && tests.rows.size > 0 ? { boundaryOf: tests.of } : {}) };
  const r = computeKpis(rollupRows(deps.db, opts), openingRows(deps.db, opts), upgradeRows(deps.db, opts), opts, chinaSiteCodes(deps));
  const boundaries =
    mode === 'none'
      ? null
      : Array.from({ length: toYear - fromYear + 1 }, (_, i) => {
          const rules = tests.rows.get(fromYear + i)?.rules ?? null;
          return { year: fromYear + i, rules, statement: rules && boundaryWords(rules) };
        });
  return { ...r, boundaries };
}

/** A calendar year in default scope (China excluded, no filters, the year's boundary): what a period lock publishes. */
export function yearTotals(deps: Deps, year: number): Totals {
  return computeForScope(deps, { from: `${year}-01-01`, to: `${year}-12-31`, includeChina: false }).totals;
}

export function getKpiReport(deps: Deps, q: KpiQueryT) {
  const site = q.siteCode === undefined ? undefined : findSite(deps, q.siteCode);
  if (q.siteCode !== undefined && !site) {
    throw validationError([{ path: 'query.siteCode', message: `unknown site "${q.siteCode}"` }]);
  }
  // As region=CHINA: everything such a site received is left out unless includeChina=true.
  if (site?.country === CHINA_COUNTRY && q.includeChina !== 'true') {
    throw validationError([{ path: 'query.siteCode', message: `${site.code} is in China; its units are left out of reports unless includeChina=true` }]);
  }
  const period = resolvePeriod(deps.clock, q.from, q.to);
  const opts: KpiOptions = {
    from: period.from,
    to: period.to,
    groupBy: q.groupBy,
    includeChina: q.includeChina === 'true',
    category: q.category,
    region: q.region,
    siteCode: q.siteCode,
  };
  const r = computeForScope(deps, { ...opts, boundary: q.boundary });
  const filters = { category: q.category ?? null, region: q.region ?? null, siteCode: q.siteCode ?? null };
  let statement = scopeStatement({
    from: opts.from,
    to: opts.to,
    categories: r.present.categories,
    regions: r.present.regions,
    includeChina: opts.includeChina,
    excludedUnits: r.excluded.units,
    excludedKg: r.excluded.kg,
    filters: q,
    ...(r.boundaries ? { boundaries: r.boundaries, outOfBoundaryUnits: r.outOfBoundary.units, outOfBoundaryKg: r.outOfBoundary.kg } : {}),
  });
  if (period.defaultedPeriod) statement += ` The period was not given in full, so it defaults to ${opts.from} to ${opts.to}.`;
  return {
    scope: {
      from: opts.from,
      to: opts.to,
      defaultedPeriod: period.defaultedPeriod,
      groupBy: q.groupBy ?? null,
      includeChina: opts.includeChina,
      filters,
      categories: orderCategories(r.present.categories),
      regions: orderRegions(r.present.regions),
      boundary: q.boundary,
      boundaries: r.boundaries ?? [],
      statement,
    },
    totals: r.totals,
    groups: r.groups,
    excluded: r.excluded,
    outOfBoundary: r.outOfBoundary,
    factorSets: r.factorSets,
    notes: KPI_NOTES,
    generatedAt: deps.clock.now().toISOString(),
  };
}
export type KpiReport = ReturnType<typeof getKpiReport>;
