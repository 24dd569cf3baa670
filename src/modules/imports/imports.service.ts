/**
 * An import in two phases. Reading (async, streamed): each record is checked on its
 * own with the single-item zod schemas and kept in memory. Committing (sync, one
 * transaction): every row is planned in file order with the single-item rules
 * against the database and written, or, if any row anywhere failed, nothing is.
 * Keeping the database work in one synchronous transaction is what makes the import
 * all or nothing and safe against concurrent writes; the HTTP route and the CLI
 * both run exactly this.
 */
import type { Readable } from 'node:stream';
import { transaction } from '../../db/tx.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repo.js';
import { CreateUnitBody, EventBody } from '../units/units.schemas.js';
import { EVENTS_FORMAT, readHeader, recordToObject, UNITS_FORMAT, type Header } from './csv-formats.js';
import { DEFAULT_LIMITS, readCsv, type CsvLimits } from './csv-reader.js';
import { planAndWriteEvents, type EventRowIn } from './events-import.js';
import { byRow, type ImportRowError } from './import-errors.js';
import { validateRow } from './row-validation.js';
import { planAndWriteUnits, type UnitRowIn } from './units-import.js';

export type ImportKind = 'units' | 'events';

/** The answer lists at most this many created ids (in file order); the audit entry has the count. */
export const MAX_IDS_IN_ANSWER = 1000;

export type ImportProgress = { phase: 'reading'; bytes: number } | { phase: 'checking'; rows: number; total: number };

export type ReadFile =
  | { kind: 'units'; rows: UnitRowIn[]; errors: ImportRowError[]; fileError: string | null; dataRows: number; sha256: string; bytes: number }
  | { kind: 'events'; rows: EventRowIn[]; errors: ImportRowError[]; fileError: string | null; dataRows: number; sha256: string; bytes: number };

export type ImportSummary = {
  importId: string;
  kind: ImportKind;
  rows: number;
  created: number;
  ids: string[];
  idsTruncated: boolean;
  unitsAffected?: number;
};

const str = (v: unknown) => (v === undefined ? undefined : String(v));

/** Phase 1: stream, parse and validate each row on its own. */
export async function readImportFile(
  kind: ImportKind,
  source: Readable,
  opts: { limits?: CsvLimits; onProgress?: (p: ImportProgress) => void } = {},
): Promise<ReadFile> {
  const format = kind === 'units' ? UNITS_FORMAT : EVENTS_FORMAT;
  const errors: ImportRowError[] = [];
  const unitRows: UnitRowIn[] = [];
  const eventRows: EventRowIn[] = [];
  let header: Header | null = null;
  /** Why the file as a whole cannot be imported, when it cannot. */
  let fileError: string | null = null;
  let dataRows = 0;

  const read = await readCsv(
    source,
    opts.limits ?? DEFAULT_LIMITS,
    (cells, row) => {
      if (header === null) {
        const h = readHeader(format, cells);
        if ('errors' in h) {
          errors.push(...h.errors);
          fileError = 'its header row is not valid.';
          return false; // nothing below a broken header can be read reliably
        }
        header = h.header;
        return;
      }
      const rowErrors: ImportRowError[] = [];
      const obj = recordToObject(format, header, cells, row, rowErrors);
      if (obj === null) return; // a blank row: skipped, but it keeps its number
      dataRows += 1;
      if (kind === 'units') {
        unitRows.push({ row, input: checked(CreateUnitBody, obj, row, rowErrors) });
      } else {
        const ref = { unitId: str(obj.unitId), serialNumber: str(obj.serialNumber), model: str(obj.model) };
        const label = str(obj.id);
        delete obj.unitId;
        delete obj.serialNumber;
        delete obj.model;
        delete obj.id;
        eventRows.push({ row, ref, label, input: checked(EventBody, obj, row, rowErrors) });
      }
      errors.push(...rowErrors);
    },
    (bytes) => opts.onProgress?.({ phase: 'reading', bytes }),
  );

  const fileLevel = (row: number, message: string) => {
    errors.push({ row, column: null, code: 'import.invalid', message });
    fileError = message;
  };
  if (read.fileError) fileLevel(read.fileError.row, read.fileError.message);
  else if (read.records === 0) fileLevel(1, `The file is empty; its first row must be the header (${format.columns.join(', ')}).`);
  else if (fileError === null && dataRows === 0) fileLevel(2, 'The file has a header but no data rows.');
  const common = { errors, fileError, dataRows, sha256: read.sha256, bytes: read.bytes };
  return kind === 'units' ? { kind, rows: unitRows, ...common } : { kind, rows: eventRows, ...common };
}

/** zod on a row, without repeating a column the cell conversion already refused. */
function checked<S extends typeof CreateUnitBody | typeof EventBody>(schema: S, obj: Record<string, unknown>, row: number, rowErrors: ImportRowError[]) {
  const refused = new Set(rowErrors.map((e) => e.column));
  const zodErrors: ImportRowError[] = [];
  const input = validateRow(schema, obj, row, zodErrors);
  rowErrors.push(...zodErrors.filter((e) => e.column === null || !refused.has(e.column)));
  return rowErrors.length === 0 ? (input as S['_output']) : null;
}

function importInvalid(errors: ImportRowError[], dataRows: number, fileError: string | null): DomainError {
  errors.sort(byRow);
  const bad = new Set(errors.map((e) => e.row)).size;
  const detail = fileError
    ? `The file cannot be imported: ${fileError} Nothing was stored; \`errors\` lists every problem found.`
    : `${bad} of ${dataRows} rows have errors; nothing was stored. Fix every row listed in \`errors\` and send the whole file again.`;
  return new DomainError('import.invalid', detail, { errors, extensions: { errorCount: errors.length } });
}

/** Phase 2: plan every row against the database and write them all in one transaction, or nothing. */
export function commitImport(deps: Deps, ctx: RequestCtx, file: ReadFile, onProgress?: (p: ImportProgress) => void): ImportSummary {
  if (file.fileError) throw importInvalid(file.errors, file.dataRows, file.fileError);
  const progress = (rows: number) => onProgress?.({ phase: 'checking', rows, total: file.rows.length });
  return transaction(deps.db, () => {
    const errors = [...file.errors];
    let ids: string[];
    let unitsAffected: number | undefined;
    if (file.kind === 'units') ids = planAndWriteUnits(deps, ctx, file.rows, errors, progress);
    else ({ ids, unitsAffected } = planAndWriteEvents(deps, ctx, file.rows, errors, progress));
    if (errors.length > 0) throw importInvalid(errors, file.dataRows, null);

    const importId = deps.newId('imp');
    const summary: ImportSummary = {
      importId,
      kind: file.kind,
      rows: file.dataRows,
      created: ids.length,
      ids: ids.slice(0, MAX_IDS_IN_ANSWER),
      idsTruncated: ids.length > MAX_IDS_IN_ANSWER,
      ...(unitsAffected !== undefined ? { unitsAffected } : {}),
    };
    // One entry per import (not per row, which would double the write volume): the
    // entities carry the same actor and timestamp, and the file's hash ties them to it.
    recordAudit(deps, ctx, {
      action: `import.${file.kind}`,
      entityType: 'import',
      entityId: importId,
      details: {
        kind: file.kind,
        rows: file.dataRows,
        created: ids.length,
        ...(unitsAffected !== undefined ? { unitsAffected } : {}),
        bytes: file.bytes,
        sha256: file.sha256,
        firstId: ids[0] ?? null,
        lastId: ids[ids.length - 1] ?? null,
      },
    });
    return summary;
  });
}

/** Both phases, for callers without an Idempotency-Key (the CLI). */
export async function runImport(
  deps: Deps,
  ctx: RequestCtx,
  kind: ImportKind,
  source: Readable,
  opts: { limits?: CsvLimits; onProgress?: (p: ImportProgress) => void } = {},
): Promise<ImportSummary> {
  const file = await readImportFile(kind, source, opts);
  return commitImport(deps, ctx, file, opts.onProgress);
}
