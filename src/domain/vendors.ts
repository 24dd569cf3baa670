/**
 * Downstream vendors as the ledger sees them: what kinds of outlet they are, which
 * certification schemes count, and when a vendor is certified. Pure: the validity
 * windows are inclusive calendar dates (YYYY-MM-DD compare as text).
 */
import { DOWNSTREAM, type DownstreamType, type VendorKind } from './outflows.js';

export { VENDOR_KINDS, type VendorKind } from './outflows.js';

export const CERTIFICATION_SCHEMES = ['R2v3', 'e-Stewards', 'ISO14001', 'WEEELABEX', 'other'] as const;
export type CertificationScheme = (typeof CERTIFICATION_SCHEMES)[number];

/** The kind a vendor must have to take each outgoing event (the outflow list's vendorKind). */
export const KIND_FOR = Object.fromEntries(DOWNSTREAM.map((o) => [o.type, o.downstream.vendorKind])) as Record<DownstreamType, VendorKind>;

/**
 * Events whose vendor must hold a certification valid on the event's date (downstream
 * due diligence: R2v3, e-Stewards); the outflow list's certificationRequired. Landfill,
 * the last resort, is not gated.
 */
export const CERTIFICATE_REQUIRED: ReadonlySet<DownstreamType> = new Set(DOWNSTREAM.filter((o) => o.downstream.certificationRequired).map((o) => o.type));

export type CertificationWindow = { validFrom: string; validTo: string };

/** What the rules and reports need to know of a vendor. */
export type VendorFacts = {
  code: string;
  name: string;
  country: string;
  kinds: readonly string[];
  certifications: readonly (CertificationWindow & { scheme: string; certificateNo: string })[];
};

/** Whether `date` lies inside the window, both edges included. */
export const coversDate = (c: CertificationWindow, date: string): boolean => c.validFrom <= date && date <= c.validTo;

/** The certificates valid on `date`. */
export const validOn = <C extends CertificationWindow>(certs: readonly C[], date: string): C[] => certs.filter((c) => coversDate(c, date));

export const certifiedOn = (certs: readonly CertificationWindow[], date: string): boolean => certs.some((c) => coversDate(c, date));

const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The last day of unbroken certification from `date` on: certificates that overlap or
 * follow each other without a gap (a renewal starting the day after the old one ends)
 * extend it. Null when the vendor is not certified on `date`.
 */
export function certifiedUntil(certs: readonly CertificationWindow[], date: string): string | null {
  if (!certifiedOn(certs, date)) return null;
  let until = date;
  for (;;) {
    const firstGap = nextDay(until);
    let next = until;
    for (const c of certs) if (c.validFrom <= firstGap && c.validTo > next) next = c.validTo;
    if (next === until) return until;
    until = next;
  }
}

/** A certification is about to lapse when the first day without one is at most this many days away. */
export const EXPIRING_WITHIN_DAYS = 60;

export type CertificationStatus = 'valid' | 'expiring' | 'expired' | 'none';

/**
 * The state a due-diligence list shows: `valid`; `expiring` when the first day without
 * a valid certificate is at most 60 days away; `expired` when no certificate is valid today (a lapsed one, or one
 * not yet started); `none` when the vendor has never had a certificate.
 */
export function certificationStatus(certs: readonly CertificationWindow[], today: string): CertificationStatus {
  if (certs.length === 0) return 'none';
  const until = certifiedUntil(certs, today);
  if (until === null) return 'expired';
  return daysBetween(today, nextDay(until)) <= EXPIRING_WITHIN_DAYS ? 'expiring' : 'valid';
}
