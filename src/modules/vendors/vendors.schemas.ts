import { z } from 'zod';
import { CountryCode, DateString, identifier, name, reference, VendorCode } from '../../domain/common.schemas.js';
import { DISPOSALS } from '../../domain/lifecycle.js';
import { DOWNSTREAM } from '../../domain/outflows.js';
import { CERTIFICATION_SCHEMES, VENDOR_KINDS } from '../../domain/vendors.js';
import { pageQuery } from '../../http/pagination.js';
import type { BodyExamples } from '../../http/route.js';

/** "recycler (recycled), landfill (landfilled), ...": each kind and the outgoing events it serves. */
const KINDS_SERVE = DOWNSTREAM.map((o) => `${o.downstream.vendorKind} (${o.type})`).join(', ');

/** Certificate windows are real dates from 1990 (v1.1's floor) to 2100; validTo may lie in the future. */
const CertDate = DateString.refine((d) => d >= '1990-01-01' && d <= '2100-12-31', 'must be a date between 1990-01-01 and 2100-12-31');

export const CertificationBody = z
  .strictObject({
    scheme: z.enum(CERTIFICATION_SCHEMES),
    certificateNo: reference(100),
    validFrom: CertDate.describe('First day the certificate is valid (inclusive).'),
    validTo: CertDate.describe('Last day the certificate is valid (inclusive).'),
  })
  .refine((c) => c.validFrom <= c.validTo, { path: ['validTo'], message: 'must not be before validFrom' })
  .meta({ id: 'CreateCertification' });
export type CertificationInput = z.infer<typeof CertificationBody>;

const sameCertificate = (a: CertificationInput, b: CertificationInput) =>
  a.scheme === b.scheme && a.certificateNo === b.certificateNo && a.validFrom === b.validFrom && a.validTo === b.validTo;

export const CreateVendorBody = z
  .strictObject({
    code: VendorCode,
    name: name(200),
    country: CountryCode,
    kinds: z
      .array(z.enum(VENDOR_KINDS))
      .min(1, 'must name at least one kind')
      .refine((k) => new Set(k).size === k.length, 'must not repeat a kind')
      .describe(`What the vendor takes: ${KINDS_SERVE}.`),
    certifications: z
      .array(CertificationBody)
      .max(50)
      .default([])
      .superRefine((list, ctx) => {
        list.forEach((c, i) => {
          const j = list.findIndex((d) => sameCertificate(c, d));
          if (j < i) ctx.addIssue({ code: 'custom', path: [i], message: `repeats certifications[${j}]` });
        });
      }),
  })
  .meta({ id: 'CreateVendor' });
export type CreateVendorInput = z.infer<typeof CreateVendorBody>;

export const CertificationSchema = z
  .object({
    id: z.string(),
    scheme: z.enum(CERTIFICATION_SCHEMES),
    certificateNo: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'VendorCertification' });

export const VendorSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    country: z.string(),
    kinds: z.array(z.enum(VENDOR_KINDS)),
    certifications: z.array(CertificationSchema).describe('Every certificate ever recorded, in the order recorded (append-only).'),
    asOf: z.string().describe('Today (the service’s date), which the fields below are as of.'),
    certifiedToday: z.boolean().describe('A certificate is valid today (validFrom ≤ today ≤ validTo).'),
    currentCertification: CertificationSchema.nullable().describe('The certificate valid today that runs longest; null when none is.'),
    expiresOn: z.string().nullable().describe('The last valid day of the current certificate (its validTo); null when not certified today.'),
    certifiedUntil: z
      .string()
      .nullable()
      .describe('The last day of unbroken certification from today, renewals that follow without a gap included; null when not certified today.'),
    certificationStatus: z
      .enum(['valid', 'expiring', 'expired', 'none'])
      .describe('valid; expiring (the first day without a valid certificate is at most 60 days away); expired (none valid today); none (never certified).'),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Vendor' });
export type VendorView = z.infer<typeof VendorSchema>;

export const ListVendorsQuery = z.strictObject({
  ...pageQuery,
  order: z.enum(['desc', 'asc']).default('desc').describe('desc (default): newest first; asc: oldest first.'),
  kind: z.enum(VENDOR_KINDS).optional().describe(`Only vendors of this kind: ${VENDOR_KINDS.join(', ')}.`),
  serves: z
    .enum(DISPOSALS)
    .optional()
    .describe('Only vendors that may take this outgoing event type: those of the kind it needs (the rule that answers vendor.kind_mismatch).'),
});
export type ListVendorsQueryT = z.infer<typeof ListVendorsQuery>;

export const VendorCodeParams = z.strictObject({ code: identifier(40) });

/** Realistic request bodies for the OpenAPI document (test/unit/openapi-examples.test.ts parses each one). */
export const CREATE_VENDOR_EXAMPLES: BodyExamples = {
  recycler: {
    summary: 'A certified metals recycler that also runs a landfill cell',
    value: {
      code: 'GLMR-US',
      name: 'Great Lakes Metal Recovery LLC',
      country: 'US',
      kinds: ['recycler', 'landfill'],
      certifications: [{ scheme: 'R2v3', certificateNo: 'R2-2023-10457', validFrom: '2023-04-01', validTo: '2026-03-31' }],
    },
  },
  energyRecovery: {
    summary: 'An energy-from-waste plant, ISO 14001 certified',
    value: {
      code: 'EFW-DE',
      name: 'Energie aus Abfall Hamburg GmbH',
      country: 'DE',
      kinds: ['energy_recovery'],
      certifications: [{ scheme: 'ISO14001', certificateNo: 'DE-14001-0871', validFrom: '2024-01-15', validTo: '2027-01-14' }],
    },
  },
};
export const CERTIFICATION_EXAMPLES: BodyExamples = {
  renewal: {
    summary: 'The renewed certificate, starting the day after the old one ends',
    value: { scheme: 'R2v3', certificateNo: 'R2-2026-11802', validFrom: '2026-04-01', validTo: '2029-03-31' },
  },
};
