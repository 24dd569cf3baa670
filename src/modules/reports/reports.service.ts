import { gramsToKg } from '../../domain/mass.js';
import type { Deps } from '../../http/context.js';
import { isChinaRegion } from '../../policies/index.js';
import { shipmentsOfEvents } from '../shipments/shipments.service.js';
import { custodyReader } from '../units/units.service.js';
import { allVendorFacts } from '../vendors/vendors.service.js';
import { downstreamFigures, type OutgoingEvent } from './downstream.js';
import { computeForScope } from '../kpis/kpis.service.js';
import { isYearLocked, latestVersion } from '../periods/periods.repo.js';
import { sasbFigure } from './sasb.js';

/** The SASB figure of a calendar year in default scope, and whether that year is published. */
export function sasbReport(deps: Deps, year: number) {
  const r = computeForScope(deps, { from: `${year}-01-01`, to: `${year}-12-31`, includeChina: false });
  const latest = latestVersion(deps.db, year);
  return { ...sasbFigure(year, r), period: { locked: isYearLocked(deps, year), latestVersion: latest?.version ?? null } };
}

export const DOWNSTREAM_NOTES = {
  scope:
    'The KPI scope: outgoing events (recycled, energy_recovered, landfilled) dated in the year, voided ones never counted; units from China left out unless includeChina=true. outgoingKg equals recycledKg + energyRecoveredKg + landfilledKg of /kpis for the year.',
  certifiedKg:
    'Mass whose event date falls inside a certificate of its vendor (any scheme, validFrom and validTo included), judged on the certificates on record now.',
  receiptedKg:
    'Mass of the year’s events that are in a shipment whose weighed receipt is recorded, counted by event date (a December load receipted in January counts here).',
  withoutVendor: 'Outgoing mass whose event names no registered vendor (a free-text recycler or facility): outside the downstream due diligence.',
} as const;

/** GET /reports/downstream: the year's outgoing mass by vendor, certified and receipted, in the KPI scope. */
export function downstreamReport(deps: Deps, year: number, includeChina: boolean) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const events: OutgoingEvent[] = [];
  let excludedEvents = 0;
  let excludedG = 0;
  for (const e of custodyReader(deps).disposalsBetween(from, to)) {
    if (e.voided) continue;
    const g = e.massG ?? 0;
    if (!includeChina && isChinaRegion(e.region)) {
      excludedEvents += 1;
      excludedG += g;
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
      statement: `Recycled, energy-recovered and landfilled mass of ${year} by event date, ${china}; ${figures.vendors.length} downstream ${figures.vendors.length === 1 ? 'vendor' : 'vendors'} named.`,
    },
    ...figures,
    notes: DOWNSTREAM_NOTES,
    generatedAt: deps.clock.now().toISOString(),
  };
}
