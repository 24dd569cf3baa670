import { todayUtc } from '../../domain/dates.js';
import type { Deps } from '../../http/context.js';
import type { RuleWorld } from '../../policies/index.js';
import { isYearLocked } from '../periods/periods.repo.js';
import { receiptedShipmentOf } from '../shipments/shipments.service.js';
import { siteCountry } from '../sites/sites.service.js';
import { vendorFacts } from '../vendors/vendors.service.js';

/**
 * The facts the policies look at, read from the database. Made per transaction: a
 * year's lock state is read once and kept, which is exact because nothing can lock
 * a year inside the transaction that asks.
 */
export function ruleWorld(deps: Deps): RuleWorld {
  const locked = new Map<number, boolean>();
  return {
    today: todayUtc(deps.clock),
    chinaExclusion: deps.config.policyChinaExclusion,
    sanitizationRequired: deps.config.policySanitizationRequired,
    siteCountry: (code) => siteCountry(deps, code),
    isYearLocked: (y) => {
      let v = locked.get(y);
      if (v === undefined) locked.set(y, (v = isYearLocked(deps, y)));
      return v;
    },
    vendor: (code) => vendorFacts(deps, code),
    receiptedShipmentOf: (eventId) => receiptedShipmentOf(deps, eventId),
  };
}
