import { z } from 'zod';
import { identifier } from '../../domain/common.schemas.js';
import type { BodyExamples } from '../../http/route.js';
import { EVENT_FIELDS, EVENT_LABEL, EVENT_READ_ONLY, EVENT_UNIT_REF, UNIT_FIELDS, UNIT_READ_ONLY } from './csv-formats.js';

export const ImportSummarySchema = z
  .object({
    importId: z.string().describe('The audit entry of this import: GET /audit?entityType=import&entityId=…'),
    kind: z.enum(['units', 'events']),
    rows: z.number().int().describe('Data rows read (blank rows are skipped).'),
    created: z.number().int(),
    ids: z.array(z.string()).describe('Ids of what was created, in file order; at most the first 1,000.'),
    idsTruncated: z.boolean(),
    unitsAffected: z.number().int().optional().describe('Events: how many units the file changed.'),
  })
  .meta({ id: 'ImportSummary' });

/**
 * How a row of an events file names its unit (unitId, or serialNumber narrowed by
 * model) and labels itself (id, for a later voided row): not stored, but text read by
 * the same rules as the fields (a serial with a zero-width space is refused, not "not found").
 */
export const EventRowRef = z.strictObject({
  unitId: identifier(100).optional(),
  serialNumber: identifier(64).optional(),
  model: identifier(100).optional(),
  id: identifier(100).optional(),
});

const csv = (lines: string[]) => z.string().meta({ description: lines.join('\n') });

export const UnitsCsvBody = csv([
  'UTF-8 CSV (BOM optional), comma separated, CRLF or LF, quoted fields allowed; at most 100,000 rows and 50 MB.',
  `Header: ${UNIT_FIELDS.join(', ')} (modality and massSource may be left out).`,
  `The read-only columns of GET /units?format=csv (${UNIT_READ_ONLY.join(', ')}) are ignored, so an export imports back.`,
  'An empty cell means the field is absent. Every row obeys the rules of POST /units; all rows are stored or none.',
]);

export const EventsCsvBody = csv([
  'UTF-8 CSV (BOM optional), comma separated, CRLF or LF, quoted fields allowed; at most 100,000 rows and 50 MB.',
  `Each row names its unit by ${EVENT_UNIT_REF[0]} or by ${EVENT_UNIT_REF[1]} (the open unit with that serial; model narrows it).`,
  `Other columns: ${EVENT_FIELDS.join(', ')}; a file carries only the columns it needs.`,
  `\`${EVENT_LABEL}\` labels a row so a later voided row can name it in eventId (ids are made by the server);`,
  `${EVENT_READ_ONLY.join(', ')} are ignored. Rows apply in file order with the rules of POST /units/:id/events; all or none.`,
]);

export const EventsExportQuery = z.strictObject({
  format: z.enum(['csv']).describe('Only CSV: the whole ledger in the import format of POST /imports/events.'),
});

/** Realistic files for the OpenAPI document (test/api/openapi.test.ts imports each into a fresh database). */
export const UNITS_CSV_EXAMPLES: BodyExamples = {
  units: {
    summary: 'Three returns; modality may be empty outside imaging',
    value: [
      'serialNumber,category,modality,model,massKg,massSource,originCountry,siteCode,receivedAt,returnChannel',
      'CT-7731,imaging,CT,Revolution EVO,2450.5,measured,DE,HU-EROC,2024-03-01,trade_in',
      'MR-5520,imaging,MR,SIGNA Artist,5230,measured,FR,HU-EROC,2024-03-04,buy_back',
      'US-20931,ultrasound,,LOGIQ E10,98,model_default,US,US-ROC,2024-05-14,lease_return',
      '',
    ].join('\n'),
  },
};
export const EVENTS_CSV_EXAMPLES: BodyExamples = {
  events: {
    summary: 'A CT (it may hold patient images) sanitized before it leaves custody, then harvested, recycled and landfilled; units named by serial',
    value: [
      'serialNumber,type,occurredAt,grade,route,partNumber,massKg,destination,material,recycler,certificateRef,reason,method,standard,media,verifiedBy',
      'CT-7731,assessed,2024-03-04,C,harvest,,,,,,,,,,,',
      'CT-7731,data_sanitized,2024-03-05,,,,,,,,SAN-HU-2024-0117,,purge,NIST SP 800-88r1,hdd:WD-WCC4N7KX2210;ssd:S3Z9NB0K318442,Eszter Nagy',
      'CT-7731,part_harvested,2024-03-06,,,XRT-2210,120.25,service_stock,,,,,,,,',
      'CT-7731,recycled,2024-03-20,,,,2200,,ferrous,Metals Kft,MK-2024-0412,,,,,',
      'CT-7731,landfilled,2024-03-21,,,,130.25,,,,,composite panels,,,,',
      '',
    ].join('\n'),
  },
};
