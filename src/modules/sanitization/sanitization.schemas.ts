import { z } from 'zod';
import { DateString } from '../../domain/common.schemas.js';
import { SANITIZATION_METHODS } from '../../domain/sanitization.js';
import { CATEGORIES } from '../../domain/units.js';
import { MediumSchema } from '../units/units.schemas.js';

export const SanitizationRecordSchema = z
  .object({
    eventId: z.string(),
    occurredAt: z.string(),
    method: z.enum(SANITIZATION_METHODS),
    standard: z.string(),
    media: z.array(MediumSchema),
    verifiedBy: z.string(),
    certificateRef: z.string().nullable(),
    actor: z.string().describe('The id of the key that recorded it.'),
    actorName: z.string().nullable().describe('The name of that key, as GET /keys lists it (null when no key has that id).'),
    recordedAt: z.string(),
  })
  .meta({ id: 'SanitizationRecord' });

export const SanitizationCertificateSchema = z
  .object({
    unitId: z.string(),
    serialNumber: z.string(),
    model: z.string(),
    category: z.enum(CATEGORIES),
    modality: z.string().nullable(),
    siteCode: z.string(),
    receivedAt: z.string(),
    state: z.string(),
    closedAt: z.string().nullable().describe('When the unit’s last mass left custody (null while it is open).'),
    dataBearing: z.boolean(),
    status: z
      .enum(['sanitized', 'pending', 'not_required'])
      .describe(
        'sanitized: at least one standing (not voided) record; pending: the unit may hold patient data and has none; not_required: it holds none and has none.',
      ),
    records: z.array(SanitizationRecordSchema).describe('Standing records, oldest first; voided ones are left out (the unit’s timeline keeps them).'),
    generatedAt: z.string(),
  })
  .meta({ id: 'SanitizationCertificate' });
export type SanitizationCertificate = z.infer<typeof SanitizationCertificateSchema>;

export const SanitizationReportQuery = z
  .strictObject({
    from: DateString.describe('First day, inclusive.'),
    to: DateString.describe('Last day, inclusive.'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });

/** How many units without a record the audit lists by name. */
export const MAX_LISTED = 1000;

const count = z.number().int();

export const SanitizationReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    dataBearingUnits: count.describe('Data-bearing units whose last mass left custody in the range (closing date), China included.'),
    sanitized: count.describe('Of those, units with at least one standing sanitization record.'),
    withoutRecord: count.describe('dataBearingUnits − sanitized.'),
    byMethod: z
      .object({ clear: count, purge: count, destroy: count })
      .describe('Sanitized units by their strongest standing method (destroy > purge > clear); adds up to `sanitized`.'),
    unitsWithoutRecord: z
      .array(
        z.object({ unitId: z.string(), serialNumber: z.string(), model: z.string(), category: z.enum(CATEGORIES), siteCode: z.string(), closedAt: z.string() }),
      )
      .describe(`The units without a record, in closing order (the first ${MAX_LISTED}).`),
    unitsWithoutRecordTruncated: z.boolean(),
  })
  .meta({ id: 'SanitizationReport' });
export type SanitizationReport = z.infer<typeof SanitizationReportSchema>;
