import { describe, expect, it } from 'vitest';
import { initialProjection, replay, type LedgerEvent, type UnitFacts, type UnitState } from '../../../src/domain/lifecycle.js';
import { checkEvent, type EventCheck, type RuleWorld, type UnitLedger } from '../../../src/policies/index.js';

const facts: UnitFacts = { intakeG: 1_000_000, originCountry: 'CN', receivedAt: '2023-03-01' };

/** A data-bearing unit from China with no sanitization in its timeline. */
function ledgerAt(state: UnitState): UnitLedger {
  const p = initialProjection(facts);
  return { unitId: 'unit_1', facts, dataBearing: true, timeline: [], projection: { ...p, state, lastEventAt: '2023-03-01' }, voided: new Map() };
}
const sanitizedAt = (state: UnitState): UnitLedger => {
  const u = ledgerAt(state);
  return { ...u, timeline: [{ id: 'evt_s', type: 'data_sanitized', occurredAt: '2023-03-01', massG: null, voidsEventId: null }] };
};
const world = (over: Partial<RuleWorld> = {}): RuleWorld => ({
  today: '2024-06-15',
  chinaExclusion: true,
  sanitizationRequired: true,
  siteCountry: () => 'HU',
  isYearLocked: () => false,
  ...over,
});
const check = (w: RuleWorld, unit: UnitLedger, event: Partial<LedgerEvent>): EventCheck => {
  const e: LedgerEvent = { id: '', type: 'part_harvested', occurredAt: '2023-04-01', massG: 5_000_000, voidsEventId: null, ...event };
  return { world: w, unit, event: e, afterVoid: () => replay(unit.facts, [...unit.timeline, e]) };
};
const code = (c: EventCheck) => checkEvent(c)?.code ?? null;

/**
 * One event that breaks every rule it can at once, then each rule lifted in turn: the
 * answer must walk down the contract's precedence. No single event type can break all
 * seven (the China policy never refuses a recycling, and a release moves no given
 * mass), so two events between them cover the whole order.
 */
describe('error precedence of a new event', () => {
  it('when a part harvest breaks every rule, then input, period, China, transition and mass come in that order', () => {
    const locked = world({ isYearLocked: (y) => y === 2023 });
    const open = world({ chinaExclusion: false });
    expect([
      code(check(locked, ledgerAt('received'), { occurredAt: '2024-07-01' })),
      code(check(locked, ledgerAt('received'), {})),
      code(check(world(), ledgerAt('received'), {})),
      code(check(open, ledgerAt('received'), {})),
      code(check(open, ledgerAt('dismantling'), {})),
      code(check(open, ledgerAt('dismantling'), { massG: 1000 })),
    ]).toEqual(['validation.failed', 'period.locked', 'policy.china_exclusion', 'lifecycle.invalid_transition', 'mass.exceeds_intake', null]);
  });

  it('when a recycling of an unsanitized data-bearing unit breaks every rule, then the sanitization comes between transition and mass', () => {
    const recycled = { type: 'recycled' as const };
    const locked = world({ isYearLocked: (y) => y === 2023 });
    expect([
      code(check(locked, ledgerAt('received'), { ...recycled, occurredAt: '2024-07-01' })),
      code(check(locked, ledgerAt('received'), recycled)),
      code(check(world(), ledgerAt('received'), recycled)),
      code(check(world(), ledgerAt('dismantling'), recycled)),
      code(check(world(), sanitizedAt('dismantling'), recycled)),
      code(check(world(), sanitizedAt('dismantling'), { ...recycled, massG: 1000 })),
    ]).toEqual(['validation.failed', 'period.locked', 'lifecycle.invalid_transition', 'compliance.sanitization_required', 'mass.exceeds_intake', null]);
  });

  it('when a release of an unsanitized data-bearing unit from China breaks every rule, then China and transition come before the sanitization', () => {
    const released = { type: 'released' as const, destinationCountry: 'FR', channel: 'sale' as const, massG: null };
    const open = world({ chinaExclusion: false });
    expect([
      code(check(world(), ledgerAt('received'), released)),
      code(check(open, ledgerAt('received'), released)),
      code(check(open, ledgerAt('refurbished'), released)),
      code(check(open, sanitizedAt('refurbished'), released)),
    ]).toEqual(['policy.china_exclusion', 'lifecycle.invalid_transition', 'compliance.sanitization_required', null]);
  });
});
