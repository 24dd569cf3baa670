/**
 * Plans and writes a units file, row by row in file order, through the ledger writer
 * (the rules of POST /units). Use inside one transaction: every row that passes is
 * written at once, and the caller rolls everything back if any row of the file failed.
 */
import { serialKey } from '../../domain/text.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { ledgerWriter } from '../units/ledger-writer.js';
import type { CreateUnitInput } from '../units/units.schemas.js';
import { unitsStore } from '../units/units.store.js';
import { CreatedIds } from './created-ids.js';
import type { ImportRowError } from './import-errors.js';

export function unitsPlanner(deps: Deps, ctx: RequestCtx, errors: ImportRowError[]) {
  const writer = ledgerWriter(deps, ctx);
  const store = unitsStore(deps.db);
  /** serial (as matched) + model of each unit planned so far → its row, for duplicates inside the file. */
  const inFile = new Map<string, number>();
  const ids = new CreatedIds();

  function add(row: number, input: CreateUnitInput): void {
    const key = `${serialKey(input.serialNumber)}\u0000${input.model}`;
    let earlierRow: number | undefined;
    const r = writer.receiveUnit(input, () => {
      earlierRow = inFile.get(key);
      return earlierRow !== undefined ? { id: `row ${earlierRow}` } : store.openDuplicate(input.serialNumber, input.model);
    });
    if (!r.ok) {
      const { code, column, message } = r.error;
      errors.push({
        row,
        column,
        code,
        message:
          earlierRow !== undefined && code === 'unit.duplicate_serial'
            ? `Row ${earlierRow} of this file already has serial "${input.serialNumber}" for model "${input.model}"; an open unit of the same model may not share it.`
            : message,
      });
      return;
    }
    inFile.set(key, row);
    ids.add(r.value.id);
  }

  function finish() {
    if (errors.length === 0) writer.finish();
    return { ids };
  }

  return { add, finish };
}
