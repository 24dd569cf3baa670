import { todayUtc } from '../../domain/dates.js';
import type { Deps } from '../../http/context.js';
import type { RuleWorld } from '../../policies/index.js';
import { lockedYears } from '../periods/periods.repo.js';
import { receiptedShipmentOf } from '../shipments/shipments.service.js';
import { siteCountries } from '../sites/sites.service.js';
import { allVendorFacts } from '../vendors/vendors.service.js';

/**
 * The facts the policies look at, read from the database. Made per transaction (one
 * writer, one read of a unit's next steps): the sites, locked years and vendors come
 * from the app's read cache at first use and are kept for the world's life, which is
 * exact because nothing changes them inside the transaction that asks.
 */
export function ruleWorld(deps: Deps): RuleWorld {
  let sites: ReadonlyMap<string, string> | undefined;
  let locked: ReadonlySet<number> | undefined;
  let vendors: ReturnType<typeof allVendorFacts> | undefined;
  return {
    today: todayUtc(deps.clock),
    chinaExclusion: deps.config.policyChinaExclusion,
    sanitizationRequired: deps.config.policySanitizationRequired,
    siteCountry: (code) => (sites ??= siteCountries(deps)).get(code),
    isYearLocked: (y) => (locked ??= lockedYears(deps)).has(y),
    vendor: (code) => (vendors ??= allVendorFacts(deps)).get(code),
    receiptedShipmentOf: (eventId) => receiptedShipmentOf(deps, eventId),
  };
}
