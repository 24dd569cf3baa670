/**
 * Input rules that need the world or the unit's ledger (400 validation.failed): dates
 * not in the future nor before the unit was received, events in date order (history
 * is corrected by voiding and re-entering, so closing dates and locked years stay
 * consistent), a void dated on or after what it voids, and sites that exist.
 */
import type { LedgerEvent } from '../domain/lifecycle.js';
import { invalid, type RuleError, type RuleWorld } from './rule.js';

const notFuture = (w: RuleWorld) => `must not be in the future (today is ${w.today})`;

/** receivedAt and siteCode of a new unit. */
export function unitInputRefusal(w: RuleWorld, u: { receivedAt: string; siteCode: string }): RuleError | null {
  if (u.receivedAt > w.today) return invalid('receivedAt', notFuture(w));
  if (w.siteCountry(u.siteCode) === undefined) return invalid('siteCode', `unknown site "${u.siteCode}"`);
  return null;
}

export type EventDateFacts = {
  /** The unit's receivedAt. */
  receivedAt: string;
  /** The latest effective event's date, or null. */
  lastEventAt: string | null;
  /** For a void: the event it names, or undefined when the unit has none such. */
  target?: LedgerEvent;
};

/** occurredAt (and, for a void, eventId; for refurbishment_started, siteCode) of a new event. */
export function eventInputRefusal(
  w: RuleWorld,
  unit: { unitId: string } & EventDateFacts,
  e: { type: string; occurredAt: string; siteCode?: string; voidsEventId?: string | null },
): RuleError | null {
  if (e.occurredAt > w.today) return invalid('occurredAt', notFuture(w));
  if (e.occurredAt < unit.receivedAt) return invalid('occurredAt', `must not be before the unit was received (${unit.receivedAt})`);
  if (e.type === 'refurbishment_started' && w.siteCountry(e.siteCode ?? '') === undefined) {
    return invalid('siteCode', `unknown site "${e.siteCode}"`);
  }
  if (e.type === 'voided') {
    if (!unit.target) return invalid('eventId', `unit ${unit.unitId} has no event "${e.voidsEventId}"`);
    if (e.occurredAt < unit.target.occurredAt) {
      return invalid('occurredAt', `must not be before the event it voids (${unit.target.occurredAt})`);
    }
    return null;
  }
  if (unit.lastEventAt && e.occurredAt < unit.lastEventAt) {
    return invalid(
      'occurredAt',
      `must not be before the unit's latest event (${unit.lastEventAt}); void and re-enter events to correct history`,
    );
  }
  return null;
}
