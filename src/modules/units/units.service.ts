import { transaction } from '../../db/tx.js';
import { DomainError } from '../../domain/errors.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { allowedNextTypes, voidableEventIds } from '../../policies/allowed-next.js';
import { toDomainError } from '../../policies/index.js';
import { recordAudit } from '../audit/audit.repo.js';
import { listSites } from '../sites/sites.service.js';
import { LedgerCache } from './ledger-cache.js';
import { ledgerWriter } from './ledger-writer.js';
import { ruleWorld } from './rule-world.js';
import { toEventView, toUnitView, type EventView, type UnitView } from './units.mapper.js';
import type { CreateUnitInput, EventInput, ListUnitsQueryT } from './units.schemas.js';
import { unitsStore } from './units.store.js';

const notFound = (unitId: string) => new DomainError('unit.not_found', `No unit ${unitId}.`);

/** Receives one unit: the policies, the write and its audit entry in one transaction. */
export function createUnit(deps: Deps, ctx: RequestCtx, input: CreateUnitInput): UnitView {
  return transaction(deps.db, () => {
    const writer = ledgerWriter(deps, ctx);
    const r = writer.receiveUnit(input);
    if (!r.ok) throw toDomainError(r.error);
    writer.finish();
    recordAudit(deps, ctx, { action: 'unit.create', entityType: 'unit', entityId: r.value.id, details: { serialNumber: r.value.serialNumber, massKg: input.massKg } });
    return toUnitView(r.value, deps.config.policyChinaExclusion);
  });
}

/**
 * Appends one event in one synchronous transaction: the read of the timeline, every
 * check and every write happen together, so two requests racing for the last
 * kilograms of a unit cannot both succeed.
 */
export function appendEvent(deps: Deps, ctx: RequestCtx, unitId: string, input: EventInput): EventView & { actorName: string | null } {
  return transaction(deps.db, () => {
    const writer = ledgerWriter(deps, ctx);
    const found = writer.resolve({ unitId });
    if (!found.ok) throw notFound(unitId);
    const r = writer.appendEvent(found.unit, input);
    if (!r.ok) throw toDomainError(r.error);
    writer.finish();
    recordAudit(deps, ctx, { action: `event.${input.type}`, entityType: 'unit', entityId: unitId, details: { eventId: r.value.id } });
    return { ...toEventView(r.value, null), actorName: ctx.actor?.name ?? null };
  });
}

export function getUnitWithEvents(deps: Deps, unitId: string, actorNames: (ids: Iterable<string>) => Map<string, string> = () => new Map()) {
  const store = unitsStore(deps.db);
  const unit = store.unitById(unitId);
  if (!unit) throw notFound(unitId);
  const timeline = store.timeline(unitId);
  const voidedBy = new Map<string, string>();
  for (const e of timeline) if (e.type === 'voided' && e.voidsEventId) voidedBy.set(e.voidsEventId, e.id);
  const names = actorNames(timeline.map((e) => e.actor));
  return {
    ...toUnitView(unit, deps.config.policyChinaExclusion),
    events: timeline.map((e) => ({ ...toEventView(e, voidedBy.get(e.id) ?? null), actorName: names.get(e.actor) ?? null })),
    ...nextSteps(deps, unitId),
  };
}

/**
 * What the ledger would accept next for the unit, dated today, every policy applied
 * (src/policies/allowed-next.ts asks the same rule lists a write obeys).
 */
function nextSteps(deps: Deps, unitId: string) {
  const unit = new LedgerCache(unitsStore(deps.db)).byId(unitId)!;
  const world = ruleWorld(deps);
  const sites = listSites(deps).map((s) => ({ code: s.code, country: s.country }));
  return { allowedNext: allowedNextTypes(world, unit.ledger, { sites }), voidableEventIds: voidableEventIds(world, unit.ledger) };
}

/** A page of units (limit + 1 rows, so the caller can tell whether another page follows). */
export const listUnitRows = (deps: Deps, q: ListUnitsQueryT, afterSeq: number) => unitsStore(deps.db).listUnits(q, afterSeq, q.limit + 1);
