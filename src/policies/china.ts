/**
 * The China exclusion (POLICY_CHINA_EXCLUSION, on by default): refurbishment and
 * recycling/reuse of medical equipment take place only outside China. A unit from
 * China (origin country CN, or received at a site in CN) may be logged, but never
 * enters a refurbishment flow; no unit is refurbished at a site in China or released
 * into China. Reports leave such units out by default (their side of the rule is
 * `isChinaReportRow` below), whatever the flag says.
 */
import type { FieldError } from '../domain/errors.js';
import type { RuleError } from './rule.js';

export const CHINA_COUNTRY = 'CN';
/** The reporting region of units and upgrades from China. */
export const CHINA_REGION = 'CHINA';

/** Where a unit comes from, as the policy sees it: its origin and the country of the site that received it. */
export type UnitOrigin = { originCountry: string; siteCountry?: string };

/** A unit the policy treats as from China: origin CN, or received at a site in CN. */
export const isChinaUnit = (u: UnitOrigin): boolean => u.originCountry === CHINA_COUNTRY || u.siteCountry === CHINA_COUNTRY;

/** Whether the policy excludes this unit from refurbishment flows (false when the flag is off). */
export const chinaExcluded = (chinaExclusion: boolean, u: UnitOrigin): boolean => chinaExclusion && isChinaUnit(u);

/** A reporting region that reports leave out unless includeChina=true. */
export const isChinaRegion = (region: string): boolean => region === CHINA_REGION;

/**
 * A roll-up row (or magnet upgrade) that reports leave out unless includeChina=true:
 * units from China by origin (region CHINA) or received at a site in China.
 */
export const isChinaReportRow = (r: { region: string; siteCountry?: string }): boolean =>
  isChinaRegion(r.region) || r.siteCountry === CHINA_COUNTRY;

/**
 * While the policy is on, China is never in a report's scope, so a reporting boundary
 * that names the CHINA region would promise figures no report gives: invalid input (400),
 * one error per place it is named. `regions: null` (every region) stays valid: China is
 * left out of it like out of every scope.
 */
export function boundaryChinaRefusal(chinaExclusion: boolean, rules: ReadonlyArray<{ regions: readonly string[] | null }>): FieldError[] {
  if (!chinaExclusion) return [];
  return rules.flatMap((rule, i) =>
    (rule.regions ?? []).flatMap((region, j) =>
      isChinaRegion(region)
        ? [{ path: `rules.${i}.regions.${j}`, message: 'must not be CHINA while the China policy is on (POLICY_CHINA_EXCLUSION): units from China are in no report’s scope' }]
        : [],
    ),
  );
}

/** The facts of an event the policy looks at. */
export type ChinaEventFacts = {
  type: string;
  route?: string;
  destinationCountry?: string;
  /** For refurbishment_started: the country of the named site. */
  siteCountry?: string;
};

/** policy.china_exclusion for one event, or null. Checked before the state machine. */
export function chinaEventRefusal(chinaExclusion: boolean, unit: UnitOrigin, e: ChinaEventFacts): RuleError | null {
  if (!chinaExclusion) return null;
  const refuse = (column: string, message: string): RuleError => ({ code: 'policy.china_exclusion', column, message });
  if (isChinaUnit(unit)) {
    const who = unit.originCountry === CHINA_COUNTRY ? 'A unit from China' : 'A unit received at a site in China';
    if (e.type === 'assessed' && (e.route === 'refurbish' || e.route === 'harvest')) {
      return refuse('route', `${who} may only be recycled or landfilled; route "${e.route}" is refused.`);
    }
    if (e.type === 'refurbishment_started' || e.type === 'part_harvested' || e.type === 'released') {
      return refuse('type', `${who} never enters a refurbishment flow; "${e.type}" is refused.`);
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
