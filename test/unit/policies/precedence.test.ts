import { describe, expect, it } from 'vitest';
import { initialProjection, replay, type LedgerEvent, type UnitFacts, type UnitState } from '../../../src/domain/lifecycle.js';
import { checkEvent, type EventCheck, type RuleWorld, type UnitLedger, type VendorFacts } from '../../../src/policies/index.js';

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
  vendor: () => undefined,
  receiptedShipmentOf: () => undefined,
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

/** A landfill with no certificate, and the same vendor once it may also take energy recovery, and once certified. */
const LANDFILL: VendorFacts = { code: 'LF-1', name: 'Landfill', country: 'DE', kinds: ['landfill'], certifications: [] };
const BOTH: VendorFacts = { ...LANDFILL, kinds: ['landfill', 'energy_recovery'] };
const CERTIFIED: VendorFacts = { ...BOTH, certifications: [{ scheme: 'ISO14001', certificateNo: 'X', validFrom: '2023-01-01', validTo: '2023-12-31' }] };

describe('error precedence of an outgoing event naming a vendor', () => {
  it('when every rule is broken, then 400s come first, then period.locked, the state machine, the sanitization, vendor.* and mass, in that order', () => {
    const de: UnitLedger = { ...ledgerAt('received'), facts: { ...facts, originCountry: 'DE' } };
    const unsanitized: UnitLedger = { ...ledgerAt('dismantling'), facts: { ...facts, originCountry: 'DE' } };
    const dismantling: UnitLedger = { ...sanitizedAt('dismantling'), facts: { ...facts, originCountry: 'DE' } };
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
      checkEvent(e(unsanitized, world(), LANDFILL)),
      checkEvent(e(dismantling, world(), LANDFILL)),
      checkEvent(e(dismantling, world(), BOTH)),
      checkEvent(e(dismantling, world(), CERTIFIED)),
    ];
    expect(steps.map((r) => r && [r.code, r.column])).toEqual([
      ['validation.failed', 'occurredAt'],
      ['validation.failed', 'vendorCode'],
      ['period.locked', 'occurredAt'],
      ['lifecycle.invalid_transition', 'type'],
      ['compliance.sanitization_required', 'type'],
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
