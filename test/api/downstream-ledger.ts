import { addEvents, createUnit, createVendor } from '../helpers/factories.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * A small ledger with downstream vendors, every figure worked out by hand in the tests:
 *
 * Vendors: R-1 recycler (R2v3 2023-01-01..2024-12-31); EFW-1 energy-recovery plant
 * (ISO14001 2024); LF-1 landfill (ISO14001 2024-01-01..2024-03-31 only).
 *
 *  U1 DE 1,000 kg (2024-02-01): recycled 400 ferrous R-1 (03-01), 100 copper R-1 (03-02),
 *     energy-recovered 200 EFW-1 (03-03), a recycled 99 R-1 (03-05) voided (03-06),
 *     landfilled 50 LF-1 (03-31, certified), 30 LF-1 (04-01, not), recycled 20 plastics
 *     to a free-text recycler (04-02); 200 kg still pending.
 *  U2 CN 100 kg (2024-04-20): recycled 60 mixed R-1 (05-01), landfilled 40 LF-1 (05-02).
 *  U3 US 500 kg (2023-12-01): recycled 100 aluminium R-1 (2023-12-15), 300 aluminium R-1
 *     (2024-01-10); 100 kg pending.
 *
 * Shipments: S1 R-1 [U1 400, U1 100, U3 300] receipted at 795 kg; S2 EFW-1 [U1 200] open;
 * S3 R-1 [U3 2023's 100] receipted at 100 kg; S4 LF-1 [U1 50] open.
 */
export async function buildDownstreamLedger(t: TestApp) {
  await createVendor(t, { code: 'R-1', name: 'Recycler One', country: 'US', certifications: [{ scheme: 'R2v3', certificateNo: 'R2-1', validFrom: '2023-01-01', validTo: '2024-12-31' }] });
  await createVendor(t, {
    code: 'EFW-1',
    name: 'Energy Plant One',
    country: 'DE',
    kinds: ['energy_recovery'],
    certifications: [{ scheme: 'ISO14001', certificateNo: 'ISO-E', validFrom: '2024-01-01', validTo: '2024-12-31' }],
  });
  await createVendor(t, {
    code: 'LF-1',
    name: 'Landfill One',
    country: 'US',
    kinds: ['landfill'],
    certifications: [{ scheme: 'ISO14001', certificateNo: 'ISO-L', validFrom: '2024-01-01', validTo: '2024-03-31' }],
  });

  const u1 = await createUnit(t, { dataBearing: false, massKg: 1000, originCountry: 'DE', receivedAt: '2024-02-01' });
  const [, r400, r100, e200, wrong] = await addEvents(t, u1.id, [
    { type: 'assessed', occurredAt: '2024-02-02', grade: 'D', route: 'recycle' },
    { type: 'recycled', occurredAt: '2024-03-01', massKg: 400, material: 'ferrous', vendorCode: 'R-1' },
    { type: 'recycled', occurredAt: '2024-03-02', massKg: 100, material: 'copper', vendorCode: 'R-1' },
    { type: 'energy_recovered', occurredAt: '2024-03-03', massKg: 200, vendorCode: 'EFW-1' },
    { type: 'recycled', occurredAt: '2024-03-05', massKg: 99, material: 'ferrous', vendorCode: 'R-1' },
  ]);
  const [, l50] = await addEvents(t, u1.id, [
    { type: 'voided', occurredAt: '2024-03-06', eventId: wrong.id, reason: 'entered twice' },
    { type: 'landfilled', occurredAt: '2024-03-31', massKg: 50, reason: 'residue', vendorCode: 'LF-1' },
    { type: 'landfilled', occurredAt: '2024-04-01', massKg: 30, reason: 'residue', vendorCode: 'LF-1' },
    { type: 'recycled', occurredAt: '2024-04-02', massKg: 20, material: 'plastics', recycler: 'Local scrap yard' },
  ]);

  const u2 = await createUnit(t, { dataBearing: false, massKg: 100, originCountry: 'CN', receivedAt: '2024-04-20', modality: 'XR' });
  await addEvents(t, u2.id, [
    { type: 'assessed', occurredAt: '2024-04-21', grade: 'D', route: 'recycle' },
    { type: 'recycled', occurredAt: '2024-05-01', massKg: 60, material: 'mixed', vendorCode: 'R-1' },
    { type: 'landfilled', occurredAt: '2024-05-02', massKg: 40, reason: 'residue', vendorCode: 'LF-1' },
  ]);

  const u3 = await createUnit(t, { dataBearing: false, massKg: 500, originCountry: 'US', siteCode: 'US-ROC', receivedAt: '2023-12-01', modality: 'MR' });
  const [, r2023, r300] = await addEvents(t, u3.id, [
    { type: 'assessed', occurredAt: '2023-12-02', grade: 'D', route: 'recycle' },
    { type: 'recycled', occurredAt: '2023-12-15', massKg: 100, material: 'aluminium', vendorCode: 'R-1' },
    { type: 'recycled', occurredAt: '2024-01-10', massKg: 300, material: 'aluminium', vendorCode: 'R-1' },
  ]);

  const ship = async (vendorCode: string, shippedAt: string, eventIds: string[], receivedKg?: number, receivedAt?: string) => {
    const s = await t.as('operator').post('/api/v1/shipments', { vendorCode, shippedAt, eventIds });
    if (s.status !== 201) throw new Error(`shipment failed: ${JSON.stringify(s.body)}`);
    if (receivedKg !== undefined) {
      const r = await t.as('operator').post(`/api/v1/shipments/${s.body.id}/receipt`, { receivedAt, receivedKg, certificateRef: `COR-${s.body.id}` });
      if (r.status !== 201) throw new Error(`receipt failed: ${JSON.stringify(r.body)}`);
    }
    return s.body.id as string;
  };
  const s1 = await ship('R-1', '2024-03-10', [r400.id, r100.id, r300.id], 795, '2024-03-15');
  const s2 = await ship('EFW-1', '2024-03-10', [e200.id]);
  const s3 = await ship('R-1', '2023-12-20', [r2023.id], 100, '2024-01-05');
  const s4 = await ship('LF-1', '2024-04-10', [l50.id]);
  return { u1, u2, u3, events: { r400, r100, e200, l50, r300, r2023 }, shipments: { s1, s2, s3, s4 } };
}
