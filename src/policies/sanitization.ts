/**
 * Patient-data sanitization (POLICY_SANITIZATION_REQUIRED, on by default): no unit that
 * may hold patient data leaves our custody — resold, recycled, sent to energy recovery
 * or landfilled — until a `data_sanitized` event that is not voided comes before it in
 * its timeline. The void side: a sanitization that a later gated event relies on
 * cannot be voided while that event stands. With the flag off nothing is gated.
 */
import type { LedgerEvent } from '../domain/lifecycle.js';
import { SANITIZATION_GATED_TYPES } from '../domain/sanitization.js';
import type { RuleError } from './rule.js';

export const isSanitizationGated = (type: string): boolean => SANITIZATION_GATED_TYPES.includes(type);

/** The unit's side of the rule: whether it may hold data, and its timeline as recorded. */
export type SanitizationFacts = {
  dataBearing: boolean;
  timeline: readonly Pick<LedgerEvent, 'id' | 'type'>[];
  /** voided event id → the void that cancelled it. */
  voided: ReadonlyMap<string, string>;
};

const standing = (f: SanitizationFacts, e: Pick<LedgerEvent, 'id'>) => !f.voided.has(e.id);

/** compliance.sanitization_required for a new event appended to the timeline, or null. */
export function sanitizationRefusal(required: boolean, unit: SanitizationFacts, e: { type: string }): RuleError | null {
  if (!required || !unit.dataBearing || !isSanitizationGated(e.type)) return null;
  if (unit.timeline.some((x) => x.type === 'data_sanitized' && standing(unit, x))) return null;
  return {
    code: 'compliance.sanitization_required',
    column: 'type',
    message: `This unit may hold patient data: "${e.type}" takes it out of our custody, so record a data_sanitized event (method, standard, media, verifiedBy) first.`,
  };
}

/**
 * compliance.sanitization_required for a void of `targetId`, or null: refused when a
 * gated event recorded after the voided sanitization (so relying on it) stands and
 * would be left with no other standing sanitization before it. The refusal names that
 * event (the first such one), which must be voided first. Gated events before the
 * target never relied on it (they were recorded with the flag off), so they are not asked.
 */
export function sanitizationVoidRefusal(required: boolean, unit: SanitizationFacts, targetId: string): RuleError | null {
  if (!required || !unit.dataBearing) return null;
  const at = unit.timeline.findIndex((x) => x.id === targetId);
  if (at < 0 || unit.timeline[at]!.type !== 'data_sanitized') return null;
  let sanitized = false;
  for (const [i, x] of unit.timeline.entries()) {
    if (i === at || !standing(unit, x)) continue;
    if (x.type === 'data_sanitized') sanitized = true;
    else if (i > at && isSanitizationGated(x.type) && !sanitized) {
      return {
        code: 'compliance.sanitization_required',
        column: 'eventId',
        message: `Voiding ${targetId} would leave ${x.id} ("${x.type}") without a sanitization before it; void ${x.id} first.`,
        extensions: { dependentEventId: x.id, dependentEventType: x.type },
      };
    }
  }
  return null;
}
