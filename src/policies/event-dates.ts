/**
 * Input rules that need the world or the unit's ledger (400 validation.failed): the
 * date of a fact lies between 1990-01-01 and today, an event is not dated before its
 * unit was received, events come in date order (history is corrected by voiding and
 * re-entering, so closing dates and locked years stay consistent), a void is dated on
 * or after what it voids, and sites exist.
 */
import { EARLIEST_DATE } from '../domain/dates.js';
import type { LedgerEvent } from '../domain/lifecycle.js';
import { invalid, type RuleError, type RuleWorld } from './rule.js';

/**
 * The date something happened (receivedAt, occurredAt, completedAt): from 1990-01-01
 * (the DateString schema refuses earlier too; this keeps the rule whole) to today.
 */
export function factDateRefusal(today: string, column: string, date: string): RuleError | null {
  if (date < EARLIEST_DATE) return invalid(column, `must not be before ${EARLIEST_DATE}`);
  if (date > today) return invalid(column, `must not be in the future (today is ${today})`);
  return null;
}

/** receivedAt and siteCode of a new unit. */
export function unitInputRefusal(w: RuleWorld, u: { receivedAt: string; siteCode: string }): RuleError | null {
  const date = factDateRefusal(w.today, 'receivedAt', u.receivedAt);
  if (date) return date;
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
  const date = factDateRefusal(w.today, 'occurredAt', e.occurredAt);
  if (date) return date;
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
