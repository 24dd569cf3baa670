import { describe, expect, it } from 'vitest';
import { receiptedShipmentRefusal, shipmentEventConflict, vendorEventRefusal, vendorInputRefusal, type VendorFacts } from '../../../src/policies/index.js';

const cert = (validFrom: string, validTo: string) => ({ scheme: 'R2v3', certificateNo: 'R2-0001', validFrom, validTo });

/** A recycler certified 2023-01-01..2023-04-30, lapsed for May and June, certified again 2023-07-01..2025-06-30. */
const LAPSING: VendorFacts = {
  code: 'HMZ-HU',
  name: 'Hungaro-Metal Zrt.',
  country: 'HU',
  kinds: ['recycler'],
  certifications: [cert('2023-01-01', '2023-04-30'), cert('2023-07-01', '2025-06-30')],
};

describe('vendor certification on the event date (inclusive window edges)', () => {
  // [case, occurredAt, refused]
  it.each([
    ['the day before the first certificate starts', '2022-12-31', true],
    ['validFrom of the first certificate', '2023-01-01', false],
    ['inside the first certificate', '2023-03-15', false],
    ['validTo of the first certificate', '2023-04-30', false],
    ['the first day of the lapse', '2023-05-01', true],
    ['inside the lapse', '2023-06-10', true],
    ['the last day of the lapse', '2023-06-30', true],
    ['validFrom of the renewal', '2023-07-01', false],
    ['validTo of the renewal', '2025-06-30', false],
    ['the day after the renewal ends', '2025-07-01', true],
  ])('when a recycled event is dated %s (%s), then refused = %s', (_case, occurredAt, refused) => {
    const r = vendorEventRefusal({ type: 'recycled', occurredAt }, LAPSING);
    if (refused) {
      expect(r).toMatchObject({ code: 'vendor.certification_expired', column: 'vendorCode', extensions: { vendorCode: 'HMZ-HU', occurredAt } });
      expect(r!.message).toContain(`valid on ${occurredAt}`);
      expect(r!.message).toContain('R2v3 R2-0001 (2023-01-01 to 2023-04-30)');
    } else expect(r).toBeNull();
  });

  it('when a certificate is valid for a single day, then that day alone is certified', () => {
    const oneDay: VendorFacts = { ...LAPSING, certifications: [cert('2024-02-29', '2024-02-29')] };
    expect(['2024-02-28', '2024-02-29', '2024-03-01'].map((d) => vendorEventRefusal({ type: 'recycled', occurredAt: d }, oneDay)?.code ?? null)).toEqual([
      'vendor.certification_expired',
      null,
      'vendor.certification_expired',
    ]);
  });
});

const PLANT: VendorFacts = { code: 'EFW-DE', name: 'EfW plant', country: 'DE', kinds: ['energy_recovery'], certifications: [cert('2024-01-01', '2026-12-31')] };
const UNCERTIFIED_PLANT: VendorFacts = { ...PLANT, certifications: [] };
const LANDFILL: VendorFacts = { code: 'LF-US', name: 'County landfill', country: 'DE', kinds: ['landfill'], certifications: [] };
const MULTI: VendorFacts = { code: 'MULTI', name: 'All-in-one', country: 'DE', kinds: ['recycler', 'landfill'], certifications: [cert('2024-01-01', '2024-12-31')] };

describe('vendor kind and certification per event type', () => {
  // [case, event type, vendor, expected code or null]
  it.each([
    ['recycled to a recycler certified on the day', 'recycled', MULTI, null],
    ['recycled to a landfill', 'recycled', LANDFILL, 'vendor.kind_mismatch'],
    ['recycled to an energy-recovery plant', 'recycled', PLANT, 'vendor.kind_mismatch'],
    ['energy_recovered to a certified plant', 'energy_recovered', PLANT, null],
    ['energy_recovered to a plant without any certificate', 'energy_recovered', UNCERTIFIED_PLANT, 'vendor.certification_expired'],
    ['energy_recovered to a recycler', 'energy_recovered', MULTI, 'vendor.kind_mismatch'],
    ['landfilled to an uncertified landfill (landfill is not gated)', 'landfilled', LANDFILL, null],
    ['landfilled to a recycler that is also a landfill', 'landfilled', MULTI, null],
    ['landfilled to an energy-recovery plant', 'landfilled', PLANT, 'vendor.kind_mismatch'],
    ['an event that names no vendor', 'recycled', undefined, null],
  ] as const)('when %s, then %s', (_case, type, vendor, code) => {
    const r = vendorEventRefusal({ type, occurredAt: '2024-06-01' }, vendor);
    expect(r?.code ?? null).toBe(code);
    if (code === 'vendor.kind_mismatch') expect(r!.extensions).toMatchObject({ requiredKind: { recycled: 'recycler', energy_recovered: 'energy_recovery', landfilled: 'landfill' }[type] });
  });

  it('when the kind is wrong and the certificate lapsed too, then the kind is named first', () => {
    expect(vendorEventRefusal({ type: 'energy_recovered', occurredAt: '2030-01-01' }, MULTI)?.code).toBe('vendor.kind_mismatch');
  });

  it.each([
    ['no vendor code', undefined, undefined, null],
    ['a known vendor', 'EFW-DE', PLANT, null],
    ['an unknown vendor', 'NOPE', undefined, 'vendorCode'],
  ] as const)('when an event has %s, then the 400 column is %s', (_case, code, vendor, column) => {
    const r = vendorInputRefusal(code, vendor);
    if (column === null) expect(r).toBeNull();
    else expect(r).toEqual({ code: 'validation.failed', column, message: 'unknown vendor "NOPE"; register it with POST /vendors first' });
  });
});

describe('what a shipment may carry', () => {
  const ev = (over: Partial<Parameters<typeof shipmentEventConflict>[0]> = {}) => ({ id: 'evt_1', type: 'recycled', vendorCode: 'HMZ-HU', voided: false, ...over });
  it.each([
    ['a recycled event of the vendor', ev(), undefined, null],
    ['a landfilled event of the vendor', ev({ type: 'landfilled' }), undefined, null],
    ['an energy_recovered event of the vendor', ev({ type: 'energy_recovered' }), undefined, null],
    ['a part_harvested event', ev({ type: 'part_harvested', vendorCode: null }), undefined, 'is a "part_harvested" event'],
    ['an event naming no vendor', ev({ vendorCode: null }), undefined, 'names no vendor'],
    ['an event of another vendor', ev({ vendorCode: 'OTHER' }), undefined, 'names vendor OTHER, not HMZ-HU'],
    ['a voided event', ev({ voided: true }), undefined, 'is voided'],
    ['an event already shipped', ev(), 'shp_9', 'is already in shipment shp_9'],
  ] as const)('when asked to ship %s, then the conflict is %s', (_case, e, inShipment, why) => {
    const r = shipmentEventConflict(e, 'HMZ-HU', inShipment);
    if (why === null) expect(r).toBeNull();
    else expect(r).toContain(why);
  });

  it('when an event is in a receipted shipment, then voiding it is refused naming the shipment; otherwise not', () => {
    expect(receiptedShipmentRefusal('evt_1', 'shp_1')).toMatchObject({ code: 'shipment.receipted', column: 'eventId', extensions: { shipmentId: 'shp_1' } });
    expect(receiptedShipmentRefusal('evt_1', undefined)).toBeNull();
  });
});
