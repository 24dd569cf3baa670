/**
 * An import in three passes. Reading (async, on the request): the body streams through
 * csv-parse, which checks the syntax, limits and header and finds record boundaries;
 * the raw bytes are kept (far smaller than parsed rows). Checking (no database): the
 * bytes are re-parsed a slice at a time and every row is validated with the
 * single-item zod schemas. Writing (sync, one transaction, holding the writer): every
 * checked row, in file order, is planned with the single-item rules against the
 * database and written; if any row anywhere failed, nothing is. Doing all database
 * work in one synchronous transaction is what makes an import all or nothing and safe
 * against concurrent writes.
 *
 * The HTTP route runs checking and writing in a worker thread with its own connection
 * (import-runner.ts), the CLI in its own process: both run exactly these functions.
 */
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { transaction } from '../../db/tx.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError } from '../../domain/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { CreateUnitBody, EventBody, type CreateUnitInput } from '../units/units.schemas.js';
import { EVENTS_FORMAT, readHeader, recordToObject, UNITS_FORMAT, type FileFormat, type Header } from './csv-formats.js';
import { EventRowRef } from './imports.schemas.js';
import { DEFAULT_LIMITS, parseSlice, spoolCsv, type CsvLimits, type Spooled } from './csv-reader.js';
import type { CreatedIds } from './created-ids.js';
import { eventsPlanner, type EventRowIn } from './events-import.js';
import { byRow, type ImportRowError } from './import-errors.js';
import { withSmallPageCache } from './page-cache.js';
import { validateRow } from './row-validation.js';
import { unitsPlanner } from './units-import.js';

export type ImportKind = 'units' | 'events';

export type ImportProgress = { phase: 'reading'; bytes: number } | { phase: 'checking' | 'writing'; rows: number; total: number };

export type ReadFile = Spooled & {
  kind: ImportKind;
  header: Header | null;
  /** Header errors, or the one problem that stopped the reading. */
  errors: ImportRowError[];
  /** Why the file as a whole cannot be imported, when it cannot. */
  fileError: string | null;
};

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

const formatOf = (kind: ImportKind): FileFormat => (kind === 'units' ? UNITS_FORMAT : EVENTS_FORMAT);

/** Pass 1: stream the body, check what can be checked without the database. */
export async function readImportFile(
  kind: ImportKind,
  source: Readable,
  opts: { limits?: CsvLimits; onProgress?: (p: ImportProgress) => void; expectedBytes?: number } = {},
): Promise<ReadFile> {
  const format = formatOf(kind);
  const errors: ImportRowError[] = [];
  let header: Header | null = null;
  const spooled = await spoolCsv(
    source,
    opts.limits ?? DEFAULT_LIMITS,
    (cells) => {
      const h = readHeader(format, cells);
      if ('errors' in h) errors.push(...h.errors);
      else header = h.header;
      return header !== null; // nothing below a broken header can be read reliably
    },
    (bytes) => opts.onProgress?.({ phase: 'reading', bytes }),
    opts.expectedBytes,
  );
  let fileError: string | null = null;
  const fileLevel = (row: number, message: string) => {
    errors.push({ row, column: null, code: 'import.invalid', message });
    fileError = message;
  };
  if (spooled.readError) fileLevel(spooled.readError.row, spooled.readError.message);
  else if (spooled.records === 0) fileLevel(1, `The file is empty; its first row must be the header (${format.columns.join(', ')}).`);
  else if (header === null) fileError = 'its header row is not valid.';
  else if (spooled.dataRows === 0) fileLevel(2, 'The file has a header but no data rows.');
  return { ...spooled, kind, header, errors, fileError };
}


/** zod on a row, without repeating a column the cell conversion already refused. */
function checked<S extends z.ZodType>(schema: S, obj: Record<string, unknown>, row: number, rowErrors: ImportRowError[]) {
  const before = rowErrors.length;
  const input = validateRow(schema, obj, row, rowErrors);
  if (before > 0) {
    const refused = new Set(rowErrors.slice(0, before).map((e) => e.column));
    const extra = rowErrors.splice(before).filter((e) => e.column === null || !refused.has(e.column));
    rowErrors.push(...extra);
  }
  return rowErrors.length === 0 ? (input as S['_output']) : null;
}

/** Pass 2's reading: each data row of the body, in order, as the object its cells make. */
function* rowsOf(file: ReadFile, errors: ImportRowError[], onSlice: (done: number) => void) {
  const format = formatOf(file.kind);
  let done = 0;
  for (const slice of file.slices) {
    const records = parseSlice(file.body, slice.start, slice.end);
    for (let i = 0; i < records.length; i++) {
      const row = slice.firstRow + i;
      const rowErrors: ImportRowError[] = [];
      const obj = recordToObject(format, file.header!, records[i]!, row, rowErrors);
      if (obj !== null) yield { row, obj, rowErrors };
      errors.push(...rowErrors);
    }
    onSlice((done += records.length));
  }
}

function importInvalid(errors: ImportRowError[], dataRows: number, fileError: string | null): DomainError {
  errors.sort(byRow);
  const bad = new Set(errors.map((e) => e.row)).size;
  const detail = fileError
    ? `The file cannot be imported: ${fileError} Nothing was stored; \`errors\` lists every problem found.`
    : `${bad} of ${dataRows} rows have errors; nothing was stored. Fix every row listed in \`errors\` and send the whole file again.`;
  return new DomainError('import.invalid', detail, { errors, extensions: { errorCount: errors.length } });
}

/** A units row that passed its schema. */
export type UnitRowIn = { row: number; input: CreateUnitInput };

/**
 * Every data row of a file after the check pass, with the problems found so far. Each row
 * is kept as its JSON text (a UnitRowIn or an EventRowIn), read once by the write pass:
 * about half the memory of the objects, which matters at 100,000 rows. The round trip is
 * exact: the schemas' outputs are plain strings, finite numbers, booleans, null, arrays
 * and objects (a field that is undefined is absent either way).
 */
export type CheckedRows = { kind: ImportKind; rows: string[]; errors: ImportRowError[] };

/** What the write pass needs of the file beside its rows. */
export type FileFacts = Pick<ReadFile, 'kind' | 'dataRows' | 'bytes' | 'sha256'>;

/** Pass 2, no database: every row's cells through the single-item zod schemas, in file order. */
export function checkImportRows(file: ReadFile, onProgress?: (p: ImportProgress) => void): CheckedRows {
  if (file.fileError) throw importInvalid(file.errors, file.dataRows, file.fileError);
  const total = file.records - 1;
  const progress = (rows: number) => onProgress?.({ phase: 'checking', rows, total });
  const errors: ImportRowError[] = [];
  const rows: string[] = [];
  const keep = <T extends UnitRowIn | EventRowIn>(r: T) => rows.push(JSON.stringify(r));
  if (file.kind === 'units') {
    for (const { row, obj, rowErrors } of rowsOf(file, errors, progress)) {
      const input = checked(CreateUnitBody, obj, row, rowErrors);
      if (input) keep<UnitRowIn>({ row, input });
    }
    return { kind: 'units', rows, errors };
  }
  for (const { row, obj, rowErrors } of rowsOf(file, errors, progress)) {
    // Rest, not `delete`: deleting properties turns each row object into a slow
    // dictionary that V8 keeps in old space, which showed as 30 MB per 100,000 rows.
    const { unitId, serialNumber, model, id, ...body } = obj;
    // How the row names its unit and itself is text too, read by the same rules.
    const named = checked(EventRowRef, { unitId, serialNumber, model, id }, row, rowErrors);
    const input = checked(EventBody, body, row, rowErrors);
    const ref = named ?? { unitId: str(unitId), serialNumber: str(serialNumber), model: str(model), id: str(id) };
    // A row that failed validation still goes to the planner: it marks its unit, so later refusals can point at it.
    keep<EventRowIn>({ row, ref: { unitId: ref.unitId, serialNumber: ref.serialNumber, model: ref.model }, label: ref.id, input });
  }
  return { kind: 'events', rows, errors };
}

/**
 * Pass 3: plan and write every checked row against the database in one transaction, or
 * nothing (import.invalid listing every problem of both passes, in row order). Consumes
 * `checkedRows.rows`: each row's text is dropped once it is read.
 */
export function writeImport(deps: Deps, ctx: RequestCtx, file: FileFacts, checkedRows: CheckedRows, onProgress?: (p: ImportProgress) => void): ImportSummary {
  const total = checkedRows.rows.length;
  const progress = (rows: number) => {
    if (rows % 1000 === 0 || rows === total) onProgress?.({ phase: 'writing', rows, total });
  };
  // Inside a transaction already (the request's group commit), the import runs in it directly:
  // a nested transaction would be a savepoint, whose statement journal slows a large file by
  // orders of magnitude, and a refused file throws, which undoes the enclosing job anyway.
  const inOne = <T>(fn: () => T): T => (deps.db.$client.inTransaction ? fn() : transaction(deps.db, fn));
  return withSmallPageCache(deps.db, () => inOne(() => {
    const errors = [...checkedRows.errors];
    const rows = checkedRows.rows;
    const take = <T>(i: number): T => {
      const r = JSON.parse(rows[i]!) as T;
      rows[i] = '';
      progress(i + 1);
      return r;
    };
    let result: { ids: CreatedIds; unitsAffected?: number };
    if (checkedRows.kind === 'units') {
      const planner = unitsPlanner(deps, ctx, errors);
      for (let i = 0; i < rows.length; i++) {
        const { row, input } = take<UnitRowIn>(i);
        planner.add(row, input);
      }
      result = planner.finish();
    } else {
      const planner = eventsPlanner(deps, ctx, errors);
      for (let i = 0; i < rows.length; i++) planner.add(take<EventRowIn>(i));
      result = planner.finish();
    }
    if (errors.length > 0) throw importInvalid(errors, file.dataRows, null);
    const { ids, unitsAffected } = result;

    const importId = deps.newId('imp');
    const summary: ImportSummary = {
      importId,
      kind: file.kind,
      rows: file.dataRows,
      created: ids.count,
      ids: ids.first,
      idsTruncated: ids.count > ids.first.length,
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
        created: ids.count,
        ...(unitsAffected !== undefined ? { unitsAffected } : {}),
        bytes: file.bytes,
        sha256: file.sha256,
        firstId: ids.first[0] ?? null,
        lastId: ids.last,
      },
    });
    return summary;
  }));
}

/** Passes 2 and 3 in this thread, on this connection: the CLI, and the service on an in-memory database. */
export function commitImport(deps: Deps, ctx: RequestCtx, file: ReadFile, onProgress?: (p: ImportProgress) => void): ImportSummary {
  return writeImport(deps, ctx, file, checkImportRows(file, onProgress), onProgress);
}
