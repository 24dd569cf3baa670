/**
 * The China exclusion (POLICY_CHINA_EXCLUSION, on by default): refurbishment and
 * recycling/reuse of medical equipment take place only outside China. A unit from
 * China may be logged, but never enters a refurbishment flow; no unit is refurbished
 * at a site in China or released into China. Reports leave China out by default
 * (their side of the rule is `isChinaRegion` below).
 */
import type { RuleError } from './rule.js';

export const CHINA_COUNTRY = 'CN';
/** The reporting region of units and upgrades from China. */
export const CHINA_REGION = 'CHINA';

/** A unit the policy treats as from China. */
export const isChinaUnit = (u: { originCountry: string }): boolean => u.originCountry === CHINA_COUNTRY;

/** Whether the policy excludes this unit from refurbishment flows (false when the flag is off). */
export const chinaExcluded = (chinaExclusion: boolean, u: { originCountry: string }): boolean =>
  chinaExclusion && isChinaUnit(u);

/** A reporting region that reports leave out unless includeChina=true. */
export const isChinaRegion = (region: string): boolean => region === CHINA_REGION;

/** The facts of an event the policy looks at. */
export type ChinaEventFacts = {
  type: string;
  route?: string;
  destinationCountry?: string;
  /** For refurbishment_started: the country of the named site. */
  siteCountry?: string;
};

/** policy.china_exclusion for one event, or null. Checked before the state machine. */
export function chinaEventRefusal(chinaExclusion: boolean, unit: { originCountry: string }, e: ChinaEventFacts): RuleError | null {
  if (!chinaExclusion) return null;
  const refuse = (column: string, message: string): RuleError => ({ code: 'policy.china_exclusion', column, message });
  if (isChinaUnit(unit)) {
    if (e.type === 'assessed' && (e.route === 'refurbish' || e.route === 'harvest')) {
      return refuse('route', `A unit from China may only be recycled or landfilled; route "${e.route}" is refused.`);
    }
    if (e.type === 'refurbishment_started' || e.type === 'part_harvested' || e.type === 'released') {
      return refuse('type', `A unit from China never enters a refurbishment flow; "${e.type}" is refused.`);
    }
  }
  if (e.type === 'refurbishment_started' && e.siteCountry === CHINA_COUNTRY) {
    return refuse('siteCode', 'Refurbishment at a site in China is refused.');
  }
  if (e.type === 'released' && e.destinationCountry === CHINA_COUNTRY) {
    return refuse('destinationCountry', 'A refurbished unit may not be released into China.');
  }
  return null;
}
