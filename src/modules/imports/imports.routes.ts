import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Request, Response, Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Actor, Deps, RequestCtx } from '../../http/context.js';
import { idempotencyKeyOf } from '../../http/idempotency.js';
import { DomainError } from '../../domain/errors.js';
import { addRoute, created } from '../../http/route.js';
import { exportEventsCsv } from './csv-export.js';
import { EVENTS_FORMAT, UNITS_FORMAT, type FileFormat } from './csv-formats.js';
import { DEFAULT_LIMITS, tooLarge, type CsvLimits } from './csv-reader.js';
import { EVENTS_CSV_EXAMPLES, EventsCsvBody, EventsExportQuery, ImportSummarySchema, UNITS_CSV_EXAMPLES, UnitsCsvBody } from './imports.schemas.js';
import { runImport } from './import-runner.js';
import { readImportFile, type ImportKind, type ImportSummary } from './imports.service.js';

/**
 * Streams the body into the importer, then checks and writes it (import-runner.ts: in
 * a worker thread, so this event loop stays free) under the Idempotency-Key. The key
 * is checked only once the body is read, because a CSV request is identified by the
 * hash of its raw bytes; a retry of a stored import replays the first answer without
 * planning anything.
 */
async function handleImport(deps: Deps, kind: ImportKind, limits: CsvLimits, req: Request, res: Response, ctx: RequestCtx & { actor: Actor }) {
  try {
    // The app's gate lets JSON through everywhere; an import takes only CSV.
    if (!req.is('text/csv')) {
      throw new DomainError('request.unsupported_media_type', `Send the file as text/csv (got ${req.get('content-type') ?? 'no Content-Type'}).`);
    }
    const announced = req.get('content-length') === undefined ? undefined : Number(req.get('content-length'));
    if (announced !== undefined && announced > limits.maxBytes) throw tooLarge(limits);
    const charset = /charset\s*=\s*"?([\w-]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      throw new DomainError('request.unsupported_media_type', `Send the CSV as UTF-8 (got charset=${charset}).`);
    }
    const key = idempotencyKeyOf(req);
    const file = await readImportFile(kind, req, { limits, expectedBytes: Number.isSafeInteger(announced) ? announced : undefined });
    const line = { method: req.method, baseUrl: req.baseUrl, path: req.path };
    const done = await runImport(deps, file, { ctx, idempotency: key === undefined ? null : { key, line, bodyHash: `csv:${file.sha256}` } });
    if (done.replayed) res.set('Idempotent-Replayed', 'true');
    return created(done.result!.body as ImportSummary);
  } finally {
    // An answer given before the body was read to its end (a limit, a broken header):
    // close the connection rather than read the rest of a file nobody will use.
    if (!req.readableEnded) res.set('Connection', 'close');
  }
}

/** The header row of a file format, as our exports write headers. */
export const templateOf = (format: FileFormat): string => stringify([], { header: true, columns: [...format.columns], record_delimiter: 'unix' });

export function registerImportRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps, limits: CsvLimits = DEFAULT_LIMITS) {
  const imports = [
    { kind: 'units', format: UNITS_FORMAT, body: UnitsCsvBody, examples: UNITS_CSV_EXAMPLES, summary: 'Import units from CSV, all or nothing' },
    { kind: 'events', format: EVENTS_FORMAT, body: EventsCsvBody, examples: EVENTS_CSV_EXAMPLES, summary: 'Import lifecycle events from CSV, all or nothing, in file order' },
  ] as const;
  for (const { kind, format, body, examples, summary } of imports) {
    addRoute(router, registry, deps, {
      method: 'post',
      path: `/imports/${kind}`,
      tag: 'Bulk',
      summary,
      access: ['operator'],
      body,
      bodyExamples: examples,
      bodyType: 'text/csv',
      creates: true,
      responses: { 201: { description: 'Every row was stored', schema: ImportSummarySchema } },
      errors: ['import.invalid', 'import.too_many_rows'],
      handler: ({ req, res, ctx }) => handleImport(deps, kind, limits, req, res, ctx),
    });
    addRoute(router, registry, deps, {
      method: 'get',
      path: `/imports/${kind}/template`,
      tag: 'Bulk',
      summary: `A template for POST /imports/${kind}: the header row of every column the importer reads`,
      description:
        'Written from the column list the importer itself reads, in its order, so the template cannot drift from what an import accepts. Fill one row per ' +
        (kind === 'units' ? 'unit' : 'event') +
        '; an empty cell means the field is absent, and a column may be left out where the field is optional.',
      access: 'any',
      responses: { 200: { description: 'The header row, as a CSV file to download', schema: z.string(), contentType: 'text/csv' } },
      handler: ({ res }) =>
        void res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${kind}-template.csv"` }).send(templateOf(format)),
    });
  }
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/events',
    tag: 'Bulk',
    summary: 'Export the whole ledger as CSV in the import format (units named by serialNumber and model)',
    access: 'any',
    query: EventsExportQuery,
    responses: { 200: { description: 'Every event, in recorded order', schema: z.string(), contentType: 'text/csv' } },
    handler: ({ res }) => exportEventsCsv(deps, res),
  });
}
