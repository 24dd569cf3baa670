/**
 * Downstream chain of custody for a year, as an R2v3 / e-Stewards due-diligence review
 * and an assurer read it: where every outgoing kilogram of the year went (by downstream
 * outflow of domain/outflows.ts and event date), how much of it went to a vendor that was
 * certified on the event's own date, and how much the vendor confirmed with a weighed
 * receipt. Pure: events, vendors and shipment states come in. Sums are integer grams.
 */
import { gramsToKg } from '../../domain/mass.js';
import { DOWNSTREAM, type DownstreamEntry } from '../../domain/outflows.js';
import { MATERIALS } from '../../domain/units.js';
import { certifiedOn, type VendorFacts } from '../../domain/vendors.js';
import { ratio } from '../kpis/kpi.js';

/** An outgoing event that counts (not voided), in the report's scope. */
export type OutgoingEvent = { id: string; type: string; massG: number; vendorCode: string | null; material: string | null; occurredAt: string };
export type Custody = { shipmentId: string; receipted: boolean } | undefined;

/** A downstream outflow's key in the report: its stem (recycled, landfilled, energyRecovered, ...). */
type Disposition = DownstreamEntry['stem'];
type Material = (typeof MATERIALS)[number];
const DISPOSITION = new Map<string, Disposition>(DOWNSTREAM.map((o) => [o.type, o.stem]));

type Acc = { kg: Record<Disposition, number>; byMaterial: Record<string, number>; shipped: number; receipted: number; certified: number };
const newAcc = (): Acc => ({
  kg: Object.fromEntries(DOWNSTREAM.map((o) => [o.stem, 0])) as Record<Disposition, number>,
  byMaterial: Object.fromEntries(MATERIALS.map((m) => [m, 0])),
  shipped: 0,
  receipted: 0,
  certified: 0,
});
const kgOf = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, g]) => [k, gramsToKg(g)]));
const total = (a: Acc) => Object.values(a.kg).reduce((g, x) => g + x, 0);

export function downstreamFigures(events: OutgoingEvent[], vendors: ReadonlyMap<string, VendorFacts>, custodyOf: (eventId: string) => Custody) {
  const byVendor = new Map<string, Acc>();
  const unnamed = newAcc();
  const all = newAcc();
  for (const e of events) {
    const d = DISPOSITION.get(e.type);
    if (!d) continue;
    const vendor = e.vendorCode === null ? undefined : vendors.get(e.vendorCode);
    const accs = [all, vendor ? byVendor.get(vendor.code) ?? byVendor.set(vendor.code, newAcc()).get(vendor.code)! : unnamed];
    const custody = vendor ? custodyOf(e.id) : undefined;
    const certified = vendor !== undefined && certifiedOn(vendor.certifications, e.occurredAt);
    for (const a of accs) {
      a.kg[d] += e.massG;
      if (d === 'recycled' && e.material !== null) a.byMaterial[e.material] = (a.byMaterial[e.material] ?? 0) + e.massG;
      if (custody) a.shipped += e.massG;
      if (custody?.receipted) a.receipted += e.massG;
      if (certified) a.certified += e.massG;
    }
  }
  const outgoingG = total(all);
  return {
    vendors: [...byVendor.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, a]) => {
        const v = vendors.get(code)!;
        return {
          vendorCode: code,
          name: v.name,
          country: v.country,
          kg: kgOf(a.kg) as Record<Disposition, number>,
          totalKg: gramsToKg(total(a)),
          byMaterial: kgOf(a.byMaterial) as Record<Material, number>,
          shippedKg: gramsToKg(a.shipped),
          receiptedKg: gramsToKg(a.receipted),
          certifiedKg: gramsToKg(a.certified),
        };
      }),
    withoutVendor: { kg: kgOf(unnamed.kg) as Record<Disposition, number>, totalKg: gramsToKg(total(unnamed)) },
    totals: {
      outgoingKg: gramsToKg(outgoingG),
      toVendorsKg: gramsToKg(outgoingG - total(unnamed)),
      certifiedKg: gramsToKg(all.certified),
      shippedKg: gramsToKg(all.shipped),
      receiptedKg: gramsToKg(all.receipted),
      certifiedShare: ratio(all.certified, outgoingG),
      receiptedShare: ratio(all.receipted, outgoingG),
      kg: kgOf(all.kg) as Record<Disposition, number>,
    },
  };
}
