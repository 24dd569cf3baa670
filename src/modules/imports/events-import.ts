/**
 * Plans and writes an events file in file order with the rules of
 * POST /units/:id/events (planEvent), each unit's ledger kept in memory so a row sees
 * the rows before it. Call inside one transaction: rows are written as they pass
 * until the first error; from then on the rest are only checked, and the caller
 * rolls everything back.
 */
import type { Deps, RequestCtx } from '../../http/context.js';
import type { EventInput } from '../units/units.schemas.js';
import { planEvent } from '../units/units.rules.js';
import { bulkRuleWorld, RollupAccumulator } from './bulk-world.js';
import type { ImportRowError } from './import-errors.js';
import { importRepo } from './imports.repo.js';
import { LedgerCache, type CachedUnit, type UnitRef } from './ledger-cache.js';
import type { Progress } from './units-import.js';

/** A parsed row; `input` is null when it failed validation (its unit is still looked up, to explain later rows). */
export type EventRowIn = { row: number; ref: UnitRef; label?: string; input: EventInput | null };

type Label = { eventId: string; unitId: string; row: number };

const refusedBefore = (unit: CachedUnit) =>
  unit.refusedRow === null ? '' : ` (Row ${unit.refusedRow}, an earlier row for this unit, was refused; fixing it may fix this row.)`;

export function planAndWriteEvents(
  deps: Deps,
  ctx: RequestCtx,
  rows: EventRowIn[],
  errors: ImportRowError[],
  progress: Progress,
): { ids: string[]; unitsAffected: number } {
  const repo = importRepo(deps.db);
  const world = bulkRuleWorld(deps);
  const cache = new LedgerCache(repo);
  const rollup = new RollupAccumulator();
  const labels = new Map<string, Label>();
  const recordedAt = deps.clock.now().toISOString();
  const actor = ctx.actor?.keyId ?? 'system';
  const ids: string[] = [];
  let writing = errors.length === 0;
  const refuse = (e: ImportRowError) => {
    errors.push(e);
    writing = false;
  };

  rows.forEach(({ row, ref, label, input }, i) => {
    if (i % 1000 === 0) progress(i);
    if (ref.unitId === undefined && ref.serialNumber === undefined) {
      if (input) refuse({ row, column: 'unitId', code: 'validation.failed', message: 'name the unit with unitId or serialNumber' });
      return;
    }
    const found = cache.resolve(ref);
    if (!found.ok) {
      if (input) refuse({ row, column: found.column, code: found.code, message: found.message });
      return;
    }
    const unit = found.unit;
    if (!input) {
      unit.refusedRow = row;
      return;
    }
    if (label !== undefined && labels.has(label)) {
      unit.refusedRow = row;
      return refuse({ row, column: 'id', code: 'validation.failed', message: `id "${label}" already labels row ${labels.get(label)!.row}; labels must be unique in a file` });
    }
    let body = input;
    if (input.type === 'voided') {
      const target = labels.get(input.eventId);
      if (target && target.unitId !== unit.id) {
        unit.refusedRow = row;
        return refuse({ row, column: 'eventId', code: 'validation.failed', message: `"${input.eventId}" labels row ${target.row}, an event of another unit` });
      }
      if (target) body = { ...input, eventId: target.eventId };
    }
    const plan = planEvent(world, unit.ledger, body, () => deps.newId('evt'));
    if (!plan.ok) {
      const { code, column, message } = plan.error;
      refuse({ row, column, code, message: message + refusedBefore(unit) });
      unit.refusedRow = row;
      return;
    }
    const { stored, ledgerEvent, projection, voided, diff } = plan.value;
    const ledger = unit.ledger;
    ledger.timeline.push(ledgerEvent);
    ledger.projection = projection;
    ledger.voided = voided;
    unit.changed = true;
    if (label !== undefined) labels.set(label, { eventId: stored.id, unitId: unit.id, row });
    ids.push(stored.id);
    if (!writing) return;
    repo.insertEvent(stored, unit.id, recordedAt, actor);
    rollup.add(unit.dims, diff);
  });
  progress(rows.length);
  const changed = cache.changed();
  if (writing) {
    for (const u of changed) repo.saveProjection(u.id, u.ledger.projection);
    rollup.flush(deps);
  }
  return { ids, unitsAffected: changed.length };
}
