/**
 * CSV exports, streamed. Every export reads one snapshot (db/snapshot.ts: its own
 * connection in one read transaction), so the file is the database at one moment even
 * though it is read a page at a time over many event-loop turns while other requests
 * write. Each page is turned into CSV text and written; pages are sized to take about
 * SLICE_MS to read and format (the size follows the last page's time, between
 * MIN_PAGE and MAX_PAGE rows: a unit row costs several times an event row). The next page is
 * read only once the socket has taken the last one ('drain', so memory stays one page
 * whatever the table size) and after the event loop has served whatever else is
 * waiting (setImmediate), so a 40 MB export holds other requests for one page at a
 * time, not for the whole file. A client that goes away (or stops reading for
 * STALL_MS) ends the export and its snapshot.
 *
 * Headers are the import formats, so a file imports back; text cells that a
 * spreadsheet would run as a formula carry a leading ' that the imports take off
 * (domain/csv-cells.ts).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { ReadCache } from '../../db/read-cache.js';
import { openSnapshot } from '../../db/snapshot.js';
import { neutraliseFormula } from '../../domain/csv-cells.js';
import { gramsToKg } from '../../domain/mass.js';
import type { Deps } from '../../http/context.js';
import type { ListUnitsQueryT } from '../units/units.schemas.js';
import { listUnitRows, unitView } from '../units/units.service.js';
import { outflowAnswer } from '../units/units.mapper.js';
import { unitsStore, type UnitListKey } from '../units/units.store.js';
import { EVENT_EXPORT_COLUMNS, formatMediaCell, UNIT_EXPORT_COLUMNS } from './csv-formats.js';

/** What a page may take to read and format, in one turn of the event loop. */
const SLICE_MS = 8;
const MIN_PAGE = 20;
const MAX_PAGE = 2000;
/** How long an export waits for a client that stopped reading before it gives up (and frees its snapshot). */
export const STALL_MS = 60_000;

/** A page of rows and where the next one starts (null: this was the last). */
type Page<C> = { rows: Record<string, unknown>[]; next: C | null };

/** Resolves true once the response can take more, false if the client went away or stalled. */
function drained(res: Response): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    const timer = setTimeout(done(false), STALL_MS);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** Reads `size` rows after `after` (null: from the start). */
type ReadPage<C> = (snap: Deps, after: C | null, size: number) => Page<C>;

async function streamCsv<C>(deps: Deps, res: Response, filename: string, columns: readonly string[], readPage: ReadPage<C>) {
  const snapshot = openSnapshot(deps.db);
  try {
    // Its own read cache: values read from the snapshot are checked against the snapshot's facts token, not the live one.
    const snap: Deps = { ...deps, db: snapshot.db, cache: new ReadCache(snapshot.db) };
    // Booleans as the words the importer reads (csv-stringify would write 1 and an empty cell, and empty means absent);
    // text a spreadsheet would run as a formula gets a ' (the imports take it off again).
    const options = {
      columns: [...columns],
      record_delimiter: 'unix' as const,
      cast: { boolean: (v: boolean) => (v ? 'true' : 'false'), string: neutraliseFormula },
    };
    let after: C | null = null;
    let size = MIN_PAGE * 5;
    for (let first = true; ; first = false) {
      const started = performance.now();
      const { rows, next } = readPage(snap, after, size);
      const text = stringify(rows, { ...options, header: first });
      const ms = performance.now() - started;
      // At most twice as many or half as many rows as the last page: one slow page (a GC) is not a trend.
      const factor = Math.min(2, Math.max(0.5, SLICE_MS / Math.max(ms, 0.01)));
      size = Math.min(MAX_PAGE, Math.max(MIN_PAGE, Math.round(size * factor)));
      if (first) {
        res.status(200);
        res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` });
      }
      if (res.destroyed) return; // the client went away
      if (!res.write(text) && !(await drained(res))) {
        res.destroy();
        return;
      }
      if (next === null) break;
      after = next;
      await nextTurn();
    }
    res.end();
  } finally {
    snapshot.close();
  }
}


/** GET /units?format=csv: every unit the filters match, in the list's order (paging does not apply). */
export function exportUnitsCsv(deps: Deps, query: ListUnitsQueryT, res: Response): Promise<void> {
  return streamCsv<UnitListKey>(deps, res, 'units.csv', UNIT_EXPORT_COLUMNS, (snap, after, size) => {
    // limit + 1 rows come back: the extra one only says whether another page follows.
    const read = listUnitRows(snap, { ...query, limit: size }, after);
    const rows = read.slice(0, size);
    return {
      next: read.length > size ? rows[rows.length - 1]! : null,
      // The balance's kilograms are columns of their own (intakeKg is massKg, already a column).
      rows: rows.map((u) => {
        const { massBalance: b, ...v } = unitView(snap, u);
        return { ...v, ...b };
      }),
    };
  });
}

/** GET /events?format=csv: the whole ledger, in the order it was recorded, voided events and voids included. */
export function exportEventsCsv(deps: Deps, res: Response): Promise<void> {
  return streamCsv<number>(deps, res, 'events.csv', EVENT_EXPORT_COLUMNS, (snap, afterSeq, size) => {
    const rows = unitsStore(snap.db).eventsPage(afterSeq ?? 0, size);
    return {
      next: rows.length === size ? rows[rows.length - 1]!.seq : null,
      rows: rows.map(({ seq: _seq, massG, voidsEventId, data, ...e }) => ({
        ...data,
        ...outflowAnswer(e.type, data),
        ...e,
        massKg: massG === null ? null : gramsToKg(massG),
        media: formatMediaCell(data.media),
        eventId: voidsEventId,
      })),
    };
  });
}
