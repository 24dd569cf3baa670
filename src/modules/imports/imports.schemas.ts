import { z } from 'zod';
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
