import { transaction } from '../../db/tx.js';
import { DomainError } from '../../domain/errors.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { decodeKeyCursor } from '../../http/pagination.js';
import { nextSteps as policyNextSteps } from '../../policies/allowed-next.js';
import { toDomainError } from '../../policies/index.js';
import { recordAudit } from '../audit/audit.repo.js';
import { siteCountries, siteCountry } from '../sites/sites.service.js';
import { ledgerWriter } from './ledger-writer.js';
import { ruleWorld } from './rule-world.js';
import { toEventView, toLedgerEvent, toUnitView, unitFacts, type EventRow, type EventView, type UnitRecord, type UnitView } from './units.mapper.js';
import type { CreateUnitInput, EventInput, ListUnitsQueryT, UnitsSummary } from './units.schemas.js';
import { replay, UNIT_STATES, type EventType, type UnitState } from '../../domain/lifecycle.js';
import { todayUtc } from '../../domain/dates.js';
import { gramsToKg } from '../../domain/mass.js';
import { unitsStore, type UnitListKey } from './units.store.js';

/** A unit as the API shows it, with the China policy applied to its origin and its site. */
export const unitView = (deps: Deps, u: UnitRecord): UnitView =>
  toUnitView(u, deps.config.policyChinaExclusion, siteCountry(deps, u.siteCode));

const notFound = (unitId: string) => new DomainError('unit.not_found', `No unit ${unitId}.`);

/** Receives one unit: the policies, the write and its audit entry in one transaction. */
export function createUnit(deps: Deps, ctx: RequestCtx, input: CreateUnitInput): UnitView {
  return transaction(deps.db, () => {
    const writer = ledgerWriter(deps, ctx);
    const r = writer.receiveUnit(input);
    if (!r.ok) throw toDomainError(r.error);
    writer.finish();
    recordAudit(deps, ctx, { action: 'unit.create', entityType: 'unit', entityId: r.value.id, details: { serialNumber: r.value.serialNumber, massKg: input.massKg } });
    return unitView(deps, r.value);
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

/** GET /units/:id: the unit, its whole timeline (who recorded each event, in words) and what it may take next. */
export function getUnitWithEvents(deps: Deps, unitId: string, actorNames: () => ReadonlyMap<string, string> = () => new Map()) {
  const store = unitsStore(deps.db);
  const unit = store.unitById(unitId);
  if (!unit) throw notFound(unitId);
  const timeline = store.timeline(unitId);
  const voidedBy = new Map<string, string>();
  for (const e of timeline) if (e.type === 'voided' && e.voidsEventId) voidedBy.set(e.voidsEventId, e.id);
  const names = actorNames();
  return {
    ...unitView(deps, unit),
    events: timeline.map((e) => ({ ...toEventView(e, voidedBy.get(e.id) ?? null), actorName: names.get(e.actor) ?? null })),
    ...nextSteps(deps, unit, timeline),
  };
}

export type NextSteps = { allowedNext: EventType[]; voidableEventIds: string[] };

/** How many units' next steps the read cache keeps (the least recently read go first): a few floors' working set. */
const NEXT_STEPS_KEPT = 10_000;

/**
 * What the ledger would accept next for the unit, dated today, every policy applied
 * (src/policies/allowed-next.ts asks the one judge a write obeys). Worked out once per
 * version of the unit and kept in the app's read cache: it depends only on the unit's
 * ledger (append-only, so its event count and last event's seq name its version), the
 * facts (the cache's token: locks, sites, vendors, receipts), the policy flags and today.
 */
function nextSteps(deps: Deps, unit: UnitRecord, timeline: EventRow[]): NextSteps {
  const { policyChinaExclusion, policySanitizationRequired } = deps.config;
  const version = `${todayUtc(deps.clock)} ${policyChinaExclusion} ${policySanitizationRequired} ${timeline.length} ${timeline.at(-1)?.seq ?? 0}`;
  return deps.cache.table<NextSteps>('units: next steps', NEXT_STEPS_KEPT).get(unit.id, version, () => {
    // The unit and its timeline were just read for the answer: replay them rather than read them again.
    const facts = unitFacts(unit);
    const events = timeline.map(toLedgerEvent);
    const r = replay(facts, events);
    if (!r.ok) throw new Error(`stored timeline of ${unit.id} does not replay: ${r.error.detail}`);
    const ledger = { unitId: unit.id, facts, dataBearing: unit.dataBearing, siteCode: unit.siteCode, timeline: events, projection: r.projection, voided: r.voided };
    const sites = [...siteCountries(deps)].map(([code, country]) => ({ code, country }));
    return policyNextSteps(ruleWorld(deps), ledger, { sites });
  });
}

/** A page of units in the list's order (limit + 1 rows, so the caller can tell whether another page follows). */
export const listUnitRows = (deps: Deps, q: ListUnitsQueryT, after: UnitListKey | null) =>
  unitsStore(deps.db).listUnits(q, q.order, after, q.limit + 1);

/** Where a list page starts, from the client's cursor. */
export function unitListStart(cursor: string | undefined): UnitListKey | null {
  const key = decodeKeyCursor(cursor, 2);
  return key && { receivedAt: key[0]!, id: key[1]! };
}

export const unitListKey = (u: UnitListKey): [string, string] => [u.receivedAt, u.id];

/** GET /units/summary: every unit (China included) by state, and by site and state; sums in grams, kg at the end. */
export function unitsSummary(deps: Deps): UnitsSummary {
  const zero = () => Object.fromEntries(UNIT_STATES.map((s) => [s, { units: 0, remainingG: 0 }])) as Record<UnitState, { units: number; remainingG: number }>;
  const all = zero();
  const sites = new Map<string, ReturnType<typeof zero>>();
  for (const r of unitsStore(deps.db).summary()) {
    const state = r.state as UnitState;
    let site = sites.get(r.siteCode);
    if (!site) sites.set(r.siteCode, (site = zero()));
    for (const acc of [all[state], site[state]]) {
      acc.units += r.units;
      acc.remainingG += r.remainingG;
    }
  }
  const inKg = (b: ReturnType<typeof zero>) =>
    Object.fromEntries(Object.entries(b).map(([s, c]) => [s, { units: c.units, remainingKg: gramsToKg(c.remainingG) }])) as UnitsSummary['byState'];
  return {
    byState: inKg(all),
    bySite: [...sites.keys()].sort().map((siteCode) => ({ siteCode, byState: inKg(sites.get(siteCode)!) })),
  };
}

/**
 * The ledger as the chain of custody reads it (events' masses, vendors and voids), for
 * the modules that track outgoing mass downstream. Wired in modules/index.ts, so the
 * shipments module reads the ledger without importing this one.
 */
export function custodyReader(deps: Deps) {
  const store = unitsStore(deps.db);
  return { events: store.custodyEvents, vendorEvents: store.vendorEvents, disposalsBetween: store.disposalsBetween };
}
export type CustodyReader = ReturnType<typeof custodyReader>;
