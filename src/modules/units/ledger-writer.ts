/**
 * The one write path of the ledger (units and events). A writer lives for one
 * transaction: the single-item endpoints use it for one unit or event, the CSV import
 * for a whole file. Each call plans with the policies and, when nothing refuses,
 * writes at once (so a later call in the same transaction sees it); refusals come
 * back as values. `finish` saves the touched units' projections and the roll-up;
 * call it once, before the transaction commits, and only if the caller keeps what
 * was written.
 *
 * Every unit and event it inserts is chained (src/domain/ledger-chain.ts): the writer
 * reads the chain's head from the database at its first insert, inside the caller's
 * transaction (or savepoint), links each entry to the one before, and `finish` stores
 * the new head. A refused row inserts nothing and moves nothing; a rolled-back
 * transaction or savepoint takes its entries and its head with it, so the next writer
 * reads the right head either way. One writer at a time per transaction: `finish`
 * refuses to store a head another writer moved meanwhile.
 */
import { eventEntry, link, unitEntry, wellFormed, type LedgerHead } from '../../domain/ledger-chain.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { RollupAccumulator, type RollupDims } from '../kpis/rollup.repo.js';
import { advanceLedgerHead, readLedgerHead } from '../ledger/ledger-head.repo.js';
import { LedgerCache, type CachedUnit, type Resolved, type UnitRef } from './ledger-cache.js';
import { ruleWorld } from './rule-world.js';
import type { EventRecord, UnitRecord } from './units.mapper.js';
import { planEvent, planNewUnit, type Planned } from './units.plan.js';
import type { CreateUnitInput, EventInput } from './units.schemas.js';
import { unitsStore } from './units.store.js';

export const dimsOf = (u: Pick<UnitRecord, 'region' | 'category' | 'modality' | 'siteCode' | 'weeeCategory' | 'massSource'>): RollupDims => ({
  region: u.region,
  category: u.category,
  modality: u.modality,
  siteCode: u.siteCode,
  weeeCategory: u.weeeCategory,
  massSource: u.massSource,
});

export function ledgerWriter(deps: Deps, ctx: RequestCtx) {
  const store = unitsStore(deps.db);
  const world = ruleWorld(deps);
  const cache = new LedgerCache(store);
  const rollup = new RollupAccumulator();
  const now = deps.clock.now().toISOString();
  const actor = ctx.actor?.keyId ?? 'system';
  let startHead: LedgerHead | null = null;
  let head: LedgerHead | null = null;
  const chainHead = (): LedgerHead => {
    if (head === null) head = startHead = readLedgerHead(deps.db);
    return head;
  };

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
      const { diff } = plan.value;
      const record = wellFormed(plan.value.record);
      const chained = link(chainHead(), (seq) => unitEntry(seq, record)).link;
      record.ledgerSeq = chained.seq;
      record.prevHash = chained.prevHash;
      record.hash = chained.hash;
      store.insertUnit(record);
      head = chained;
      rollup.add(dimsOf(record), diff);
      return { ok: true, value: record };
    },

    /** The unit an event names (by id, or by serial and model). */
    resolve: (ref: UnitRef): Resolved => cache.resolve(ref),

    appendEvent(unit: CachedUnit, input: EventInput): Planned<EventRecord> {
      const plan = planEvent(world, unit.ledger, input, () => deps.newId('evt'));
      if (!plan.ok) return plan;
      const { stored, ledgerEvent, projection, voided, diff, flows } = plan.value;
      unit.ledger.timeline.push(ledgerEvent);
      unit.ledger.projection = projection;
      unit.ledger.voided = voided;
      unit.changed = true;
      const record: EventRecord = wellFormed({ ...stored, unitId: unit.id, recordedAt: now, actor, ledgerSeq: null, prevHash: null, hash: null });
      const chained = link(chainHead(), (seq) => eventEntry(seq, record)).link;
      record.ledgerSeq = chained.seq;
      record.prevHash = chained.prevHash;
      record.hash = chained.hash;
      store.insertEvent(record);
      head = chained;
      rollup.add(unit.dims, diff, flows);
      return { ok: true, value: record };
    },

    finish(): void {
      cache.saveAll();
      rollup.flush(deps.db);
      if (head !== null && head !== startHead && !advanceLedgerHead(deps.db, startHead!, { seq: head.seq, hash: head.hash })) {
        const stored = readLedgerHead(deps.db);
        throw new Error(`ledger chain: another writer moved the head to #${stored.seq} while this one wrote from #${startHead!.seq}`);
      }
    },
  };
}
export type LedgerWriter = ReturnType<typeof ledgerWriter>;
