/**
 * Plans and writes a units file, row by row in file order, with the rules of
 * POST /units (planNewUnit). Use inside one transaction: every row that passes is
 * written at once, and the caller rolls everything back if any row of the file failed.
 */
import type { Deps, RequestCtx } from '../../http/context.js';
import type { CreateUnitInput } from '../units/units.schemas.js';
import { planNewUnit } from '../units/units.rules.js';
import { bulkRuleWorld, RollupAccumulator } from './bulk-world.js';
import { CreatedIds } from './created-ids.js';
import type { ImportRowError } from './import-errors.js';
import { importRepo } from './imports.repo.js';

export function unitsPlanner(deps: Deps, ctx: RequestCtx, errors: ImportRowError[]) {
  const repo = importRepo(deps.db);
  const world = bulkRuleWorld(deps);
  const rollup = new RollupAccumulator();
  const createdAt = deps.clock.now().toISOString();
  const createdBy = ctx.actor?.keyId ?? 'system';
  /** serial + model of each unit planned so far → its row, for duplicates inside the file. */
  const inFile = new Map<string, number>();
  const ids = new CreatedIds();

  function add(row: number, input: CreateUnitInput): void {
    const key = `${input.serialNumber}\u0000${input.model}`;
    let earlierRow: number | undefined;
    const plan = planNewUnit(
      world,
      input,
      () => {
        earlierRow = inFile.get(key);
        return earlierRow !== undefined ? { id: `row ${earlierRow}` } : repo.openDuplicate(input.serialNumber, input.model);
      },
      { newId: () => deps.newId('unit'), createdAt, createdBy },
    );
    if (!plan.ok) {
      const { code, column, message } = plan.error;
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
    const { row: unit, diff } = plan.value;
    ids.add(unit.id);
    repo.insertUnit(unit);
    rollup.add(unit, diff);
  }

  function finish() {
    if (errors.length === 0) rollup.flush(deps);
    return { ids };
  }

  return { add, finish };
}
