import { describe, expect, it } from 'vitest';
import { initialProjection, replay, type LedgerEvent, type UnitFacts } from '../../../src/domain/lifecycle.js';
import { checkEvent, type EventCheck, type RuleWorld, type UnitLedger, type VendorFacts } from '../../../src/policies/index.js';

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
  vendor: () => undefined,
  receiptedShipmentOf: () => undefined,
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

/** A landfill with no certificate, and the same vendor once it may also take energy recovery, and once certified. */
const LANDFILL: VendorFacts = { code: 'LF-1', name: 'Landfill', country: 'DE', kinds: ['landfill'], certifications: [] };
const BOTH: VendorFacts = { ...LANDFILL, kinds: ['landfill', 'energy_recovery'] };
const CERTIFIED: VendorFacts = { ...BOTH, certifications: [{ scheme: 'ISO14001', certificateNo: 'X', validFrom: '2023-01-01', validTo: '2023-12-31' }] };

describe('error precedence of an outgoing event naming a vendor', () => {
  it('when every rule is broken, then 400s come first, then period.locked, the state machine, vendor.* and mass, in that order', () => {
    const de: UnitLedger = { ...ledgerAt('received'), facts: { ...facts, originCountry: 'DE' } };
    const dismantling: UnitLedger = { ...ledgerAt('dismantling'), facts: { ...facts, originCountry: 'DE' } };
    const locked = world({ isYearLocked: (y) => y === 2023 });
    const e = (unit: UnitLedger, w: RuleWorld, vendor: VendorFacts | undefined, over: Partial<LedgerEvent> = {}) => ({
      ...check(w, unit, { type: 'energy_recovered', ...over }),
      vendorCode: 'LF-1',
      vendor,
    });
    const steps = [
      checkEvent(e(de, locked, undefined, { occurredAt: '2024-07-01' })),
      checkEvent(e(de, locked, undefined)),
      checkEvent(e(de, locked, LANDFILL)),
      checkEvent(e(de, world(), LANDFILL)),
      checkEvent(e(dismantling, world(), LANDFILL)),
      checkEvent(e(dismantling, world(), BOTH)),
      checkEvent(e(dismantling, world(), CERTIFIED)),
    ];
    expect(steps.map((r) => r && [r.code, r.column])).toEqual([
      ['validation.failed', 'occurredAt'],
      ['validation.failed', 'vendorCode'],
      ['period.locked', 'occurredAt'],
      ['lifecycle.invalid_transition', 'type'],
      ['vendor.kind_mismatch', 'vendorCode'],
      ['vendor.certification_expired', 'vendorCode'],
      ['mass.exceeds_intake', 'massKg'],
    ]);
    expect(checkEvent(e(dismantling, world(), CERTIFIED, { massG: 1000 }))).toBeNull();
  });
});

describe('error precedence of a void', () => {
  const recycled: LedgerEvent = { id: 'evt_r', type: 'recycled', occurredAt: '2023-04-01', massG: 1000, voidsEventId: null };
  const unit = (voided: boolean): UnitLedger => ({
    ...ledgerAt('dismantling'),
    timeline: [recycled],
    voided: new Map(voided ? [['evt_r', 'evt_v0']] : []),
  });
  const voidOf = (w: RuleWorld, u: UnitLedger, occurredAt = '2023-05-01'): EventCheck => {
    const e: LedgerEvent = { id: '', type: 'voided', occurredAt, massG: null, voidsEventId: 'evt_r' };
    return { world: w, unit: u, event: e, target: recycled, afterVoid: () => replay(u.facts, [...u.timeline, e]) };
  };
  const receipted = (id: string) => (id === 'evt_r' ? 'shp_1' : undefined);

  it.each([
    ['dated before the event it voids', world({ receiptedShipmentOf: receipted }), unit(true), '2023-03-01', 'validation.failed'],
    ['in a locked year', world({ isYearLocked: (y) => y === 2023, receiptedShipmentOf: receipted }), unit(true), '2023-05-01', 'period.locked'],
    ['of an event already voided', world({ receiptedShipmentOf: receipted }), unit(true), '2023-05-01', 'lifecycle.invalid_transition'],
    ['of an event in a receipted shipment', world({ receiptedShipmentOf: receipted }), unit(false), '2023-05-01', 'shipment.receipted'],
    ['of an event in no receipted shipment', world(), unit(false), '2023-05-01', null],
  ])('when a void is %s, then the answer is %s', (_what, w, u, date, code) => {
    expect(checkEvent(voidOf(w, u, date))?.code ?? null).toBe(code);
  });
});
