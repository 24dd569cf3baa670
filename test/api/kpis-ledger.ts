import { addEvents, createUnit, sanitized } from '../helpers/factories.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * A small ledger built through the API, with every figure worked out by hand in the
 * tests that use it:
 *  A  CT 2,000 kg (US)       refurbished and sold 2024-04-15
 *  B  MR 5,000.5 kg (DE)     received 2024-11-20; harvested 300.25 + recycled 4,000 in 2024;
 *                            a wrong landfill of 700.25 on 2025-01-05, voided; landfilled 500.25
 *                            and recycled 200 in January 2025 (closes 2025-01-12)
 *  C  XR 800 kg (CN)         China: recycled 700 + landfilled 100 in May 2024
 *  D  ultrasound 100 kg (JP) received 2024-12-15; recycled 40 + landfilled 10; 50 kg still pending
 *  E  surgical 350 kg (IN)   received 2023-12-28, landfilled 50 in 2023, recycled 300 on 2024-01-03
 *  F  ultrasound 120 kg (BR) refurbished and donated 2024-06-20
 * Every unit may hold patient data (imaging, ultrasound, surgical), so each is sanitized
 * before its first mass leaves (this moves no figure).
 */
export async function buildLedger(t: TestApp) {
  const a = await createUnit(t, { modality: 'CT', massKg: 2000, originCountry: 'US', siteCode: 'US-ROC', receivedAt: '2024-03-01' });
  await addEvents(t, a.id, [
    { type: 'assessed', occurredAt: '2024-03-05', grade: 'A', route: 'refurbish' },
    { type: 'refurbishment_started', occurredAt: '2024-03-10', siteCode: 'US-ROC' },
    { type: 'refurbished', occurredAt: '2024-04-01' },
    sanitized('2024-04-01'),
    { type: 'released', occurredAt: '2024-04-15', channel: 'sale', destinationCountry: 'US' },
  ]);

  const b = await createUnit(t, { modality: 'MR', massKg: 5000.5, originCountry: 'DE', siteCode: 'HU-EROC', receivedAt: '2024-11-20' });
  const [, , , , wrong] = await addEvents(t, b.id, [
    { type: 'assessed', occurredAt: '2024-12-01', grade: 'C', route: 'harvest' },
    { type: 'part_harvested', occurredAt: '2024-12-10', partNumber: 'RF-COIL-1', massKg: 300.25, destination: 'service_stock' },
    sanitized('2024-12-10'),
    { type: 'recycled', occurredAt: '2024-12-20', massKg: 4000, material: 'ferrous', recycler: 'Metal Kft' },
    { type: 'landfilled', occurredAt: '2025-01-05', massKg: 700.25, reason: 'mixed waste' },
  ]);
  await addEvents(t, b.id, [
    { type: 'voided', occurredAt: '2025-01-06', eventId: (wrong as { id: string }).id, reason: 'wrong weighbridge ticket' },
    { type: 'landfilled', occurredAt: '2025-01-10', massKg: 500.25, reason: 'mixed waste' },
    { type: 'recycled', occurredAt: '2025-01-12', massKg: 200, material: 'copper', recycler: 'Metal Kft' },
  ]);

  const c = await createUnit(t, { modality: 'XR', massKg: 800, originCountry: 'CN', siteCode: 'US-ROC', receivedAt: '2024-05-01' });
  await addEvents(t, c.id, [
    { type: 'assessed', occurredAt: '2024-05-03', grade: 'D', route: 'recycle' },
    sanitized('2024-05-03'),
    { type: 'recycled', occurredAt: '2024-05-10', massKg: 700, material: 'mixed', recycler: 'Local recycler' },
    { type: 'landfilled', occurredAt: '2024-05-11', massKg: 100, reason: 'residue' },
  ]);

  const d = await createUnit(t, { category: 'ultrasound', modality: undefined, massKg: 100, originCountry: 'JP', siteCode: 'JP-RC', receivedAt: '2024-12-15' });
  await addEvents(t, d.id, [
    { type: 'assessed', occurredAt: '2024-12-20', grade: 'D', route: 'recycle' },
    sanitized('2024-12-20', { method: 'destroy', media: [{ kind: 'flash' }] }),
    { type: 'recycled', occurredAt: '2024-12-28', massKg: 40, material: 'plastics', recycler: 'JP Recycling' },
    { type: 'landfilled', occurredAt: '2024-12-29', massKg: 10, reason: 'residue' },
  ]);

  const e = await createUnit(t, { category: 'surgical', modality: undefined, massKg: 350, originCountry: 'IN', siteCode: 'IN-RC', receivedAt: '2023-12-28' });
  await addEvents(t, e.id, [
    { type: 'assessed', occurredAt: '2023-12-29', grade: 'D', route: 'landfill' },
    sanitized('2023-12-29'),
    { type: 'landfilled', occurredAt: '2023-12-30', massKg: 50, reason: 'contaminated' },
    { type: 'recycled', occurredAt: '2024-01-03', massKg: 300, material: 'aluminium', recycler: 'IN Metals' },
  ]);

  const f = await createUnit(t, { category: 'ultrasound', modality: undefined, massKg: 120, originCountry: 'BR', siteCode: 'US-ROC', receivedAt: '2024-06-01' });
  await addEvents(t, f.id, [
    { type: 'assessed', occurredAt: '2024-06-02', grade: 'A', route: 'refurbish' },
    { type: 'refurbishment_started', occurredAt: '2024-06-02', siteCode: 'US-ROC' },
    { type: 'refurbished', occurredAt: '2024-06-10' },
    sanitized('2024-06-10', { media: [{ kind: 'ssd', serial: 'SSD-77' }] }),
    { type: 'released', occurredAt: '2024-06-20', channel: 'donation', destinationCountry: 'KE' },
  ]);
  return { a, b, c, d, e, f };
}

/** Every totals field, zero, to spread worked-out values over. */
export const ZERO = {
  unitsReceived: 0,
  unitsClosed: 0,
  refurbishedUnits: 0,
  partsHarvested: 0,
  refurbishedKg: 0,
  harvestedKg: 0,
  recycledKg: 0,
  reusedKg: 0,
  landfilledKg: 0,
  totalKg: 0,
  diversionRate: null as number | null,
  pendingKg: 0,
  magnetUpgrades: 0,
  co2AvoidedT: 0,
};

/**
 * v1.0 totals as v1.2 answers them when nothing was energy-recovered, incinerated or
 * otherwise disposed of: every v1.0 field as it was, energyRecoveredKg 0 and recoveryRate
 * equal to diversionRate (v1.1), incineratedKg and otherDisposalKg 0 (v1.2).
 */
export const v10 = <T extends { diversionRate: number | null }>(t: T) => ({ ...t, energyRecoveredKg: 0, recoveryRate: t.diversionRate, ...LATER_ZERO });
/** The v1.2 outflows' KPI fields, when none was used. */
export const LATER_ZERO = { incineratedKg: 0, otherDisposalKg: 0 };
