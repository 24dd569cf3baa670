/**
 * The one write path of the ledger (units and events). A writer lives for one
 * transaction: the single-item endpoints use it for one unit or event, the CSV import
 * for a whole file. Each call plans with the policies and, when nothing refuses,
 * writes at once (so a later call in the same transaction sees it); refusals come
 * back as values. `finish` saves the touched units' projections and the roll-up;
 * call it once, before the transaction commits, and only if the caller keeps what
 * was written.
 */
import type { Deps, RequestCtx } from '../../http/context.js';
import { RollupAccumulator, type RollupDims } from '../kpis/rollup.repo.js';
import { LedgerCache, type CachedUnit, type Resolved, type UnitRef } from './ledger-cache.js';
import { ruleWorld } from './rule-world.js';
import type { EventRecord, UnitRecord } from './units.mapper.js';
import { planEvent, planNewUnit, type Planned } from './units.plan.js';
import type { CreateUnitInput, EventInput } from './units.schemas.js';
import { unitsStore } from './units.store.js';

export const dimsOf = (u: Pick<UnitRecord, 'region' | 'category' | 'modality' | 'siteCode'>): RollupDims => ({
  region: u.region,
  category: u.category,
  modality: u.modality,
  siteCode: u.siteCode,
});

export function ledgerWriter(deps: Deps, ctx: RequestCtx) {
  const store = unitsStore(deps.db);
  const world = ruleWorld(deps);
  const cache = new LedgerCache(store);
  const rollup = new RollupAccumulator();
  const now = deps.clock.now().toISOString();
  const actor = ctx.actor?.keyId ?? 'system';

  return {
    /**
     * Receives a unit. `openDuplicate` finds the open unit of the same model with this
     * serial; an import passes its own to name an earlier row of the file first.
     */
    receiveUnit(
      input: CreateUnitInput,
      openDuplicate: () => { id: string } | undefined = () => store.openDuplicate(input.serialNumber, input.model),
    ): Planned<UnitRecord> {
      const plan = planNewUnit(world, input, openDuplicate, { newId: () => deps.newId('unit'), createdAt: now, createdBy: actor });
      if (!plan.ok) return plan;
      const { record, diff } = plan.value;
      store.insertUnit(record);
      rollup.add(dimsOf(record), diff);
      return { ok: true, value: record };
    },

    /** The unit an event names (by id, or by serial and model). */
    resolve: (ref: UnitRef): Resolved => cache.resolve(ref),

    appendEvent(unit: CachedUnit, input: EventInput): Planned<EventRecord> {
      const plan = planEvent(world, unit.ledger, input, () => deps.newId('evt'));
      if (!plan.ok) return plan;
      const { stored, ledgerEvent, projection, voided, diff } = plan.value;
      unit.ledger.timeline.push(ledgerEvent);
      unit.ledger.projection = projection;
      unit.ledger.voided = voided;
      unit.changed = true;
      const record: EventRecord = { ...stored, unitId: unit.id, recordedAt: now, actor };
      store.insertEvent(record);
      rollup.add(unit.dims, diff);
      return { ok: true, value: record };
    },

    finish(): void {
      cache.saveAll();
      rollup.flush(deps.db);
    },
  };
}
export type LedgerWriter = ReturnType<typeof ledgerWriter>;
