/**
 * CSV exports, streamed: rows are read a page at a time (units in the list's order,
 * events in recorded order) and written with backpressure, so memory stays flat
 * whatever the table size. Pages
 * are separate reads (a long-lived read on the shared connection would block every
 * other request), so rows written during an export may or may not appear in it;
 * each row is read whole. Headers are the import formats, so a file imports back;
 * text cells that a spreadsheet would run as a formula carry a leading ' that the
 * imports take off (domain/csv-cells.ts).
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { neutraliseFormula } from '../../domain/csv-cells.js';
import { gramsToKg } from '../../domain/mass.js';
import type { Deps } from '../../http/context.js';
import type { ListUnitsQueryT } from '../units/units.schemas.js';
import { listUnitRows, unitView } from '../units/units.service.js';
import { unitsStore, type UnitListKey } from '../units/units.store.js';
import { EVENT_FIELDS, EVENT_LABEL, EVENT_READ_ONLY, formatMediaCell, UNIT_FIELDS, UNIT_READ_ONLY } from './csv-formats.js';

const PAGE = 1000;

/** A page of rows and where the next one starts (null: this was the last). */
type Page<C> = { rows: Record<string, unknown>[]; next: C | null };

async function streamCsv<C>(res: Response, filename: string, columns: readonly string[], readPage: (after: C | null) => Page<C>) {
  res.status(200);
  res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` });
  // Booleans as the words the importer reads (csv-stringify would write 1 and an empty cell, and empty means absent);
  // text a spreadsheet would run as a formula gets a ' (the imports take it off again).
  const out = stringify({
    header: true,
    columns: [...columns],
    eof: true,
    record_delimiter: 'unix',
    cast: { boolean: (v) => (v ? 'true' : 'false'), string: neutraliseFormula },
  });
  out.pipe(res);
  let after: C | null = null;
  for (;;) {
    if (res.destroyed) break; // the client went away
    const { rows, next } = readPage(after);
    for (const r of rows) if (!out.write(r)) await once(out, 'drain');
    if (next === null) break;
    after = next;
  }
  out.end();
  await finished(res).catch(() => {});
}

export const UNIT_EXPORT_COLUMNS = [...UNIT_FIELDS, ...UNIT_READ_ONLY];

/** GET /units?format=csv: every unit the filters match, in the list's order (paging does not apply). */
export function exportUnitsCsv(deps: Deps, query: ListUnitsQueryT, res: Response): Promise<void> {
  return streamCsv<UnitListKey>(res, 'units.csv', UNIT_EXPORT_COLUMNS, (after) => {
    // limit + 1 rows come back: the extra one only says whether another page follows.
    const read = listUnitRows(deps, { ...query, limit: PAGE }, after);
    const rows = read.slice(0, PAGE);
    return {
      next: read.length > PAGE ? rows[rows.length - 1]! : null,
      rows: rows.map((u) => {
        const { massBalance: b, ...v } = unitView(deps, u);
        return {
          ...v,
          refurbishedKg: b.refurbishedKg,
          harvestedKg: b.harvestedKg,
          recycledKg: b.recycledKg,
          reusedKg: b.reusedKg,
          landfilledKg: b.landfilledKg,
          energyRecoveredKg: b.energyRecoveredKg,
          remainingKg: b.remainingKg,
        };
      }),
    };
  });
}

/** Units are named by serial and model, not id: ids are not kept across databases, serials are. */
export const EVENT_EXPORT_COLUMNS = [EVENT_LABEL, 'serialNumber', 'model', ...EVENT_FIELDS, ...EVENT_READ_ONLY];

/** GET /events?format=csv: the whole ledger, in the order it was recorded, voided events and voids included. */
export function exportEventsCsv(deps: Deps, res: Response): Promise<void> {
  const store = unitsStore(deps.db);
  return streamCsv<number>(res, 'events.csv', EVENT_EXPORT_COLUMNS, (afterSeq) => {
    const rows = store.eventsPage(afterSeq ?? 0, PAGE);
    return {
      next: rows.length === PAGE ? rows[rows.length - 1]!.seq : null,
      rows: rows.map(({ seq: _seq, massG, voidsEventId, data, ...e }) => ({
        ...data,
        ...e,
        massKg: massG === null ? null : gramsToKg(massG),
        media: formatMediaCell(data.media),
        eventId: voidsEventId,
      })),
    };
  });
}
