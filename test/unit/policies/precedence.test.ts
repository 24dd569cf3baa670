import { describe, expect, it } from 'vitest';
import { initialProjection, replay, type LedgerEvent, type UnitFacts } from '../../../src/domain/lifecycle.js';
import { checkEvent, type EventCheck, type RuleWorld, type UnitLedger } from '../../../src/policies/index.js';

const facts: UnitFacts = { intakeG: 1_000_000, originCountry: 'CN', receivedAt: '2023-03-01' };

function ledgerAt(state: 'received' | 'dismantling'): UnitLedger {
  const p = initialProjection(facts);
  return { unitId: 'unit_1', facts, timeline: [], projection: { ...p, state, lastEventAt: '2023-03-01' }, voided: new Map() };
}
const world = (over: Partial<RuleWorld> = {}): RuleWorld => ({
  today: '2024-06-15',
  chinaExclusion: true,
  siteCountry: () => 'HU',
  isYearLocked: () => false,
  ...over,
});
const check = (w: RuleWorld, unit: UnitLedger, event: Partial<LedgerEvent>): EventCheck => {
  const e: LedgerEvent = { id: '', type: 'part_harvested', occurredAt: '2023-04-01', massG: 5_000_000, voidsEventId: null, ...event };
  return { world: w, unit, event: e, afterVoid: () => replay(unit.facts, [...unit.timeline, e]) };
};

/**
 * One event that breaks every rule at once (a China unit, in the wrong state, asking
 * for more mass than it has, dated in the future of a locked year), then each rule
 * lifted in turn: the answer must walk down the contract's precedence.
 */
describe('error precedence of a new event', () => {
  it('when every rule is broken, then each is named in the contract order as the ones before it are lifted', () => {
    const codes: string[] = [];
    const locked = world({ isYearLocked: (y) => y === 2023 });
    codes.push(checkEvent(check(locked, ledgerAt('received'), { occurredAt: '2024-07-01' }))!.code);
    codes.push(checkEvent(check(locked, ledgerAt('received'), {}))!.code);
    codes.push(checkEvent(check(world(), ledgerAt('received'), {}))!.code);
    codes.push(checkEvent(check(world({ chinaExclusion: false }), ledgerAt('received'), {}))!.code);
    codes.push(checkEvent(check(world({ chinaExclusion: false }), ledgerAt('dismantling'), {}))!.code);
    expect(checkEvent(check(world({ chinaExclusion: false }), ledgerAt('dismantling'), { massG: 1000 }))).toBeNull();
    expect(codes).toEqual([
      'validation.failed',
      'period.locked',
      'policy.china_exclusion',
      'lifecycle.invalid_transition',
      'mass.exceeds_intake',
    ]);
  });
});
