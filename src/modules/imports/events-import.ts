/**
 * Plans and writes an events file in file order through the ledger writer (the rules
 * of POST /units/:id/events), each unit's ledger kept in memory so a row sees the
 * rows before it. Use inside one transaction: every row that passes is written at
 * once, and the caller rolls everything back if any row of the file failed.
 */
import type { Deps, RequestCtx } from '../../http/context.js';
import type { EventInput } from '../units/units.schemas.js';
import type { CachedUnit, UnitRef } from '../units/ledger-cache.js';
import { ledgerWriter } from '../units/ledger-writer.js';
import { CreatedIds } from './created-ids.js';
import type { ImportRowError } from './import-errors.js';

/** How a row names its unit, its optional label, and its validated body (null when it failed validation). */
export type EventRowIn = { row: number; ref: UnitRef; label?: string; input: EventInput | null };

type Label = { eventId: string; unitId: string; row: number };


export function eventsPlanner(deps: Deps, ctx: RequestCtx, errors: ImportRowError[]) {
  const writer = ledgerWriter(deps, ctx);
  const labels = new Map<string, Label>();
  const ids = new CreatedIds();
  const affected = new Set<string>();
  /** The latest refused row per unit, to explain the refusals that may follow from it. */
  const refusedRow = new Map<string, number>();
  const refuse = (e: ImportRowError) => errors.push(e);
  const refusedBefore = (unit: CachedUnit) => {
    const r = refusedRow.get(unit.id);
    return r === undefined ? '' : ` (Row ${r}, an earlier row for this unit, was refused; fixing it may fix this row.)`;
  };

  /** A row that failed validation still marks its unit, so later refusals can point at it. */
  function add({ row, ref, label, input }: EventRowIn): void {
    if (ref.unitId === undefined && ref.serialNumber === undefined) {
      if (input) refuse({ row, column: 'unitId', code: 'validation.failed', message: 'name the unit with unitId or serialNumber' });
      return;
    }
    const found = writer.resolve(ref);
    if (!found.ok) {
      if (input) refuse({ row, column: found.column, code: found.code, message: found.message });
      return;
    }
    const unit = found.unit;
    const refused = ({ column, code, message }: Omit<ImportRowError, 'row'>) => {
      refuse({ row, column, code, message: message + refusedBefore(unit) });
      refusedRow.set(unit.id, row);
    };
    if (!input) return void refusedRow.set(unit.id, row);
    if (label !== undefined && labels.has(label)) {
      return refused({ column: 'id', code: 'validation.failed', message: `id "${label}" already labels row ${labels.get(label)!.row}; labels must be unique in a file` });
    }
    let body = input;
    if (input.type === 'voided') {
      const target = labels.get(input.eventId);
      if (target && target.unitId !== unit.id) {
        return refused({ column: 'eventId', code: 'validation.failed', message: `"${input.eventId}" labels row ${target.row}, an event of another unit` });
      }
      if (target) body = { ...input, eventId: target.eventId };
    }
    const r = writer.appendEvent(unit, body);
    if (!r.ok) return refused(r.error);
    affected.add(unit.id);
    if (label !== undefined) labels.set(label, { eventId: r.value.id, unitId: unit.id, row });
    ids.add(r.value.id);
  }

  function finish() {
    if (errors.length === 0) writer.finish();
    return { ids, unitsAffected: affected.size };
  }

  return { add, finish };
}
