import { gramsToKg } from '../../domain/mass.js';
import { DOWNSTREAM, DOWNSTREAM_WORDS, kgField } from '../../domain/outflows.js';
import type { Deps } from '../../http/context.js';
import { isChinaRegion } from '../../policies/index.js';
import { shipmentsOfEvents } from '../shipments/shipments.service.js';
import { custodyReader } from '../units/units.service.js';
import { allVendorFacts } from '../vendors/vendors.service.js';
import { downstreamFigures, type OutgoingEvent } from './downstream.js';
import { computeForScope } from '../kpis/kpis.service.js';
import { isYearLocked, latestVersion } from '../periods/periods.repo.js';
import { boundaryTests, type BoundaryMode } from '../kpis/boundaries.repo.js';
import { boundaryWords, type BoundaryRules } from '../../domain/boundary.js';
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

export const DOWNSTREAM_NOTES = {
  scope: `The KPI scope: outgoing events handed downstream (${DOWNSTREAM.map((o) => o.type).join(', ')}) dated in the year, voided ones never counted; units from China left out unless includeChina=true; within the year’s reporting boundary unless boundary=none. outgoingKg equals ${DOWNSTREAM.map(kgField).join(' + ')} of /kpis for the year.`,
  certifiedKg:
    'Mass whose event date falls inside a certificate of its vendor (any scheme, validFrom and validTo included), judged on the certificates on record now.',
  receiptedKg:
    'Mass of the year’s events that are in a shipment whose weighed receipt is recorded, counted by event date (a December load receipted in January counts here).',
  withoutVendor: 'Outgoing mass whose event names no registered vendor (a free-text recycler or facility): outside the downstream due diligence.',
} as const;

/** GET /reports/downstream: the year's outgoing mass by vendor, certified and receipted, in the KPI scope. */
export function downstreamReport(deps: Deps, year: number, includeChina: boolean, boundary: BoundaryMode = 'reporting') {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const events: OutgoingEvent[] = [];
  let excludedEvents = 0;
  let excludedG = 0;
  // The KPI scope: the year's reporting boundary as /kpis applies it (after the China rule).
  const bounds = boundaryTests(deps.db, year, year, boundary);
  const inBoundary = bounds.of(year);
  let outsideEvents = 0;
  let outsideG = 0;
  for (const e of custodyReader(deps).disposalsBetween(from, to)) {
    if (e.voided) continue;
    const g = e.massG ?? 0;
    if (!includeChina && isChinaRegion(e.region)) {
      excludedEvents += 1;
      excludedG += g;
      continue;
    }
    if (!inBoundary(e.category, e.region)) {
      outsideEvents += 1;
      outsideG += g;
      continue;
    }
    events.push({ id: e.id, type: e.type, massG: g, vendorCode: e.vendorCode, material: e.material, occurredAt: e.occurredAt });
  }
  const shipped = shipmentsOfEvents(
    deps,
    events.filter((e) => e.vendorCode !== null).map((e) => e.id),
  );
  const figures = downstreamFigures(events, allVendorFacts(deps), (id) => shipped.get(id));
  const china = includeChina
    ? 'units from China included (includeChina=true)'
    : excludedEvents === 0
      ? 'units from China excluded (none moved mass in the year)'
      : `units from China excluded (${excludedEvents} events, ${gramsToKg(excludedG).toLocaleString('en-US')} kg)`;
  return {
    year,
    scope: {
      from,
      to,
      includeChina,
      excluded: { events: excludedEvents, kg: gramsToKg(excludedG) },
      boundary,
      outOfBoundary: { events: outsideEvents, kg: gramsToKg(outsideG) },
      statement: `${DOWNSTREAM_WORDS[0]!.toUpperCase()}${DOWNSTREAM_WORDS.slice(1)} mass of ${year} by event date, ${china}; ${boundaryPhrase(bounds.rows.get(year)?.rules ?? null, boundary)}; ${figures.vendors.length} downstream ${figures.vendors.length === 1 ? 'vendor' : 'vendors'} named.`,
    },
    ...figures,
    notes: DOWNSTREAM_NOTES,
    generatedAt: deps.clock.now().toISOString(),
  };
}

function boundaryPhrase(rules: BoundaryRules | null, mode: BoundaryMode): string {
  if (mode === 'none') return 'every category and region (boundary=none)';
  return rules ? `within the reporting boundary (${boundaryWords(rules)})` : 'no reporting boundary set for the year';
}
