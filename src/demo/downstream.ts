/**
 * The demo's downstream chain of custody: the vendors that take its outgoing mass,
 * which event goes to which, monthly shipments per vendor and their weighed receipts.
 * Everything goes through the real services (vendors, events with vendorCode,
 * shipments, receipts), so every due-diligence rule applies as for an operator.
 *
 * - One recycler per region; Hungaro-Metal's certificate lapses for May and June 2023,
 *   when EMEA's recycling goes to the backup recycler in Germany instead.
 * - The US landfill is the one landfill registered; other regions' landfills stay free text,
 *   so the downstream report shows mass outside the vendor programme.
 * - Energy recovery only in 2025 (units still pending at the end of 2024 finish in Q1
 *   2025; EMEA's residue then goes to an energy-from-waste plant), so the published
 *   2022–2024 table stays exact.
 */
import type { Deps, RequestCtx } from '../http/context.js';
import { createShipment, recordReceipt, type LedgerCustody } from '../modules/shipments/shipments.service.js';
import { addCertification, createVendor } from '../modules/vendors/vendors.service.js';
import type { CreateVendorInput } from '../modules/vendors/vendors.schemas.js';
import { addDays } from './plan.js';
import { createRng } from './prng.js';

/** The last day the demo writes (the first quarter of 2025). */
export const DEMO_END = '2025-03-31';

export const LAPSE = { vendor: 'HMZ-HU', from: '2023-05-01', to: '2023-06-30', backup: 'RCY-DE', renewedOn: '2023-06-28' } as const;

/**
 * The vendors, registered on the demo's first day. KRR-JP's current certificate ends a
 * few weeks after the day the demo is built (the one date taken from the real clock), so
 * the Vendors page shows a certificate about to lapse.
 */
export function demoVendors(today: string): CreateVendorInput[] {
  const cert = (scheme: CreateVendorInput['certifications'][number]['scheme'], certificateNo: string, validFrom: string, validTo: string) => ({
    scheme,
    certificateNo,
    validFrom,
    validTo,
  });
  return [
    {
      code: 'GLMR-US',
      name: 'Great Lakes Metals Recycling',
      country: 'US',
      kinds: ['recycler'],
      certifications: [cert('R2v3', 'R2-US-20417', '2020-09-01', '2023-08-31'), cert('R2v3', 'R2-US-20417', '2023-09-01', '2026-08-31'), cert('e-Stewards', 'ES-US-0932', '2021-01-15', '2028-01-14')],
    },
    {
      code: 'HMZ-HU',
      name: 'Hungaro-Metal Zrt.',
      country: 'HU',
      kinds: ['recycler'],
      // Lapsed 2023-05-01 to 2023-06-30; the renewal (valid from 2023-07-01) is recorded on LAPSE.renewedOn.
      certifications: [cert('e-Stewards', 'ES-HU-0117', '2020-05-01', '2023-04-30'), cert('ISO14001', 'ISO-HU-5521', '2019-03-01', '2023-04-30')],
    },
    {
      code: 'RCY-DE',
      name: 'Rheinland Recycling GmbH',
      country: 'DE',
      kinds: ['recycler'],
      certifications: [cert('WEEELABEX', 'WLX-DE-0311', '2021-06-01', '2027-05-31')],
    },
    {
      code: 'KRR-JP',
      name: 'Kanto Resource Recovery',
      country: 'JP',
      kinds: ['recycler'],
      certifications: [cert('ISO14001', 'ISO-JP-7781', '2019-04-01', '2025-03-31'), cert('R2v3', 'R2-JP-00388', '2025-04-01', addDays(today, 40))],
    },
    {
      code: 'BEW-IN',
      name: 'Bengaluru E-Waste Recovery',
      country: 'IN',
      kinds: ['recycler'],
      certifications: [cert('R2v3', 'R2-IN-01120', '2023-10-01', '2025-09-30')],
    },
    {
      code: 'RPB-BR',
      name: 'Reciclagem Paulista',
      country: 'BR',
      kinds: ['recycler'],
      certifications: [cert('R2v3', 'R2-BR-00761', '2021-02-01', '2027-01-31')],
    },
    {
      code: 'EFW-DE',
      name: 'Rhein-Ruhr Energy-from-Waste',
      country: 'DE',
      kinds: ['energy_recovery'],
      certifications: [cert('ISO14001', 'ISO-DE-4410', '2022-01-01', '2027-12-31'), cert('other', 'R1-EFW-DE-2019', '2019-07-01', '2029-06-30')],
    },
    { code: 'LF-US', name: 'Waukesha County landfill', country: 'US', kinds: ['landfill'], certifications: [] },
  ];
}

const RECYCLER_OF_REGION: Record<string, string> = {
  USCAN: 'GLMR-US',
  EMEA: 'HMZ-HU',
  JAPAN: 'KRR-JP',
  APAC: 'KRR-JP',
  INDIA: 'BEW-IN',
  LATAM: 'RPB-BR',
};

/** The vendor an outgoing event of a unit from `region` names on `date`, or undefined (free text). */
export function vendorOf(type: 'recycled' | 'landfilled' | 'energy_recovered', region: string, date: string): string | undefined {
  if (type === 'energy_recovered') return 'EFW-DE';
  if (type === 'landfilled') return region === 'USCAN' ? 'LF-US' : undefined;
  const recycler = RECYCLER_OF_REGION[region];
  if (recycler === LAPSE.vendor && date >= LAPSE.from && date <= LAPSE.to) return LAPSE.backup;
  return recycler;
}

/** 2025's residue from EMEA goes to energy recovery instead of landfill. */
export const toEnergyRecovery = (region: string, date: string): boolean => region === 'EMEA' && date > '2024-12-31';

type Shipped = { id: string; date: string; grams: number };

/**
 * Keeps the vendor events as they are written and ships them: one shipment per vendor
 * and month, shipped on the month's last day, receipted 3–12 days later with a weighed
 * mass within about -1.2 % to +0.4 % of what was shipped. Shipments whose receipt would
 * fall after DEMO_END, and about one in forty others, stay open.
 */
export function custodyTracker(deps: Deps, ctx: RequestCtx, ledger: LedgerCustody, seed: number) {
  const rng = createRng(seed);
  const pending = new Map<string, Shipped[]>();
  let shipments = 0;
  let receipted = 0;
  return {
    /** An event that names a vendor was written. */
    written(vendorCode: string, e: Shipped): void {
      const list = pending.get(vendorCode);
      if (list) list.push(e);
      else pending.set(vendorCode, [e]);
    },
    /** An event was voided (a mistyped weight, the same day): it is not shipped. */
    voided(eventId: string): void {
      for (const list of pending.values()) {
        const i = list.findIndex((e) => e.id === eventId);
        if (i >= 0) list.splice(i, 1);
      }
    },
    /** Ships every vendor's events of the month that ends on `lastDay`; returns the receipts to record later. */
    shipMonth(lastDay: string): { date: string; run: () => void }[] {
      const month = lastDay.slice(0, 7);
      const receipts: { date: string; run: () => void }[] = [];
      for (const [vendorCode, list] of pending) {
        const load = list.filter((e) => e.date.slice(0, 7) === month);
        if (load.length === 0) continue;
        pending.set(vendorCode, list.filter((e) => e.date.slice(0, 7) !== month));
        const s = createShipment(deps, ctx, ledger, {
          vendorCode,
          shippedAt: lastDay,
          eventIds: load.map((e) => e.id),
          reference: `WB-${vendorCode}-${month}`,
        });
        shipments += 1;
        const receivedAt = addDays(lastDay, rng.int(3, 12));
        const variance = -0.012 + rng.next() * 0.016;
        const lost = rng.chance(0.025);
        if (receivedAt > DEMO_END || lost) continue;
        const grams = load.reduce((g, e) => g + e.grams, 0);
        const receivedKg = Math.max(0.1, Math.round((grams * (1 + variance)) / 100) / 10);
        receipts.push({
          date: receivedAt,
          run: () => {
            recordReceipt(deps, ctx, ledger, s.id, { receivedAt, receivedKg, certificateRef: `COR-${vendorCode}-${month}` });
            receipted += 1;
          },
        });
      }
      return receipts;
    },
    counts: () => ({ shipments, receipted }),
  };
}
export type CustodyTracker = ReturnType<typeof custodyTracker>;

/** Registers the vendors; the lapsed certificate's renewal is an operation on its own date. */
export function vendorOps(deps: Deps, ctx: RequestCtx, today: string) {
  return {
    register: () => {
      for (const v of demoVendors(today)) createVendor(deps, ctx, v);
    },
    renewal: {
      date: LAPSE.renewedOn,
      run: () =>
        void addCertification(deps, ctx, LAPSE.vendor, { scheme: 'e-Stewards', certificateNo: 'ES-HU-0117', validFrom: '2023-07-01', validTo: '2028-06-30' }),
    },
  };
}
