/**
 * Downstream due diligence on outgoing events handed downstream (the outflow list's
 * downstream entries: recycled, landfilled, ...) that name a vendor: the vendor must
 * exist (else the input is invalid, 400), have the kind of outlet the event needs
 * (vendor.kind_mismatch), and, where the list says certificationRequired (recycled,
 * energy_recovered), hold a certification valid on the event's own date, both edges of
 * the window included (vendor.certification_expired). Landfill is not gated on a
 * certificate. Checked after the state machine and before mass, in the contract's order.
 */
import { isDisposal } from '../domain/lifecycle.js';
import { CERTIFICATE_REQUIRED, KIND_FOR, certifiedOn, type VendorFacts } from '../domain/vendors.js';
import { invalid, type RuleError } from './rule.js';

export type { VendorFacts } from '../domain/vendors.js';

/** An unknown vendor code is invalid input (400), named before any business rule. */
export function vendorInputRefusal(vendorCode: string | undefined, vendor: VendorFacts | undefined): RuleError | null {
  if (vendorCode === undefined || vendor !== undefined) return null;
  return invalid('vendorCode', `unknown vendor "${vendorCode}"; register it with POST /vendors first`);
}

const window = (c: VendorFacts['certifications'][number]) => `${c.scheme} ${c.certificateNo} (${c.validFrom} to ${c.validTo})`;

/** vendor.kind_mismatch or vendor.certification_expired for an event naming a known vendor, or null. */
export function vendorEventRefusal(e: { type: string; occurredAt: string }, vendor: VendorFacts | undefined): RuleError | null {
  if (vendor === undefined || !isDisposal(e.type)) return null;
  const kind = KIND_FOR[e.type];
  if (!vendor.kinds.includes(kind)) {
    return {
      code: 'vendor.kind_mismatch',
      column: 'vendorCode',
      message: `Vendor ${vendor.code} (${vendor.name}) is not registered as ${kind}: its kinds are ${vendor.kinds.join(', ')}. "${e.type}" needs a vendor of kind ${kind}.`,
      extensions: { vendorCode: vendor.code, kinds: [...vendor.kinds], requiredKind: kind },
    };
  }
  if (CERTIFICATE_REQUIRED.has(e.type) && !certifiedOn(vendor.certifications, e.occurredAt)) {
    const held = vendor.certifications.length ? `its certificates: ${vendor.certifications.map(window).join('; ')}` : 'it has no certificate on record';
    return {
      code: 'vendor.certification_expired',
      column: 'vendorCode',
      message: `Vendor ${vendor.code} (${vendor.name}) holds no certification valid on ${e.occurredAt} (${held}). "${e.type}" mass may only go to a vendor certified on the day.`,
      extensions: { vendorCode: vendor.code, occurredAt: e.occurredAt },
    };
  }
  return null;
}
