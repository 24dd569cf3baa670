import { transaction } from '../../db/tx.js';
import { todayUtc } from '../../domain/dates.js';
import { gramsToKg, kgToGrams } from '../../domain/mass.js';
import { regionOf } from '../../domain/regions.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError, validationError } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repo.js';
import { applyRollupDiff } from '../kpis/rollup.repo.js';
import { assertDatesOpen } from '../periods/periods.repo.js';
import { findSite } from '../sites/sites.service.js';
import {
  applyEvent,
  diffEffects,
  replay,
  type LedgerEvent,
  type Projection,
  type UnitFacts,
} from './lifecycle.js';
import * as repo from './units.repo.js';
import type { EventRow, UnitRow } from './units.repo.js';
import type { CreateUnitInput, EventInput } from './units.schemas.js';

const facts = (u: UnitRow): UnitFacts => ({ intakeG: u.intakeG, originCountry: u.originCountry, receivedAt: u.receivedAt });
const dims = (u: UnitRow) => ({ region: u.region, category: u.category, modality: u.modality, siteCode: u.siteCode });

export function toLedgerEvent(e: EventRow): LedgerEvent {
  const d = e.data as Record<string, string | undefined>;
  return {
    id: e.id,
    type: e.type as LedgerEvent['type'],
    occurredAt: e.occurredAt,
    massG: e.massG,
    voidsEventId: e.voidsEventId,
    route: d.route as LedgerEvent['route'],
    channel: d.channel as LedgerEvent['channel'],
    destinationCountry: d.destinationCountry,
  };
}

const chinaExcluded = (deps: Deps, originCountry: string) => deps.config.policyChinaExclusion && originCountry === 'CN';

export function toUnitView(deps: Deps, u: UnitRow) {
  const excluded = chinaExcluded(deps, u.originCountry);
  const remainingG = u.intakeG - u.refurbishedG - u.harvestedG - u.recycledG - u.landfilledG;
  return {
    id: u.id,
    serialNumber: u.serialNumber,
    category: u.category,
    modality: u.modality,
    model: u.model,
    massKg: gramsToKg(u.intakeG),
    massSource: u.massSource,
    originCountry: u.originCountry,
    siteCode: u.siteCode,
    receivedAt: u.receivedAt,
    returnChannel: u.returnChannel,
    region: u.region,
    state: u.state,
    route: u.route,
    refurbishmentEligible: !excluded,
    exclusionReason: excluded ? ('china_policy' as const) : null,
    massBalance: {
      intakeKg: gramsToKg(u.intakeG),
      refurbishedKg: gramsToKg(u.refurbishedG),
      harvestedKg: gramsToKg(u.harvestedG),
      recycledKg: gramsToKg(u.recycledG),
      reusedKg: gramsToKg(u.refurbishedG + u.harvestedG + u.recycledG),
      landfilledKg: gramsToKg(u.landfilledG),
      remainingKg: gramsToKg(remainingG),
    },
    closedAt: u.closedAt,
    createdAt: u.createdAt,
  };
}
export type UnitView = ReturnType<typeof toUnitView>;

export function toEventView(e: EventRow, voidedBy: string | null) {
  const { massG, voidsEventId, data, seq: _seq, ...rest } = e;
  return {
    ...rest,
    ...data,
    ...(massG !== null ? { massKg: gramsToKg(massG) } : {}),
    ...(voidsEventId !== null ? { eventId: voidsEventId } : {}),
    voided: voidedBy !== null,
    voidedBy,
  };
}

function assertNotFuture(deps: Deps, date: string, path: string): void {
  if (date > todayUtc(deps.clock)) throw validationError([{ path, message: `must not be in the future (today is ${todayUtc(deps.clock)})` }]);
}

/** Rules on a new unit, in the contract's order: input, locked period, duplicate. */
export function createUnit(deps: Deps, ctx: RequestCtx, input: CreateUnitInput): UnitView {
  const { db } = deps;
  assertNotFuture(deps, input.receivedAt, 'receivedAt');
  if (!findSite(deps, input.siteCode)) throw validationError([{ path: 'siteCode', message: `unknown site "${input.siteCode}"` }]);
  return transaction(db, () => {
    assertDatesOpen(deps, [input.receivedAt], `receivedAt ${input.receivedAt}`);
    const dup = repo.findOpenUnitBySerial(db, input.serialNumber, input.model);
    if (dup) {
      throw new DomainError('unit.duplicate_serial', `Open unit ${dup.id} of model "${input.model}" already has serial "${input.serialNumber}".`, {
        extensions: { existingUnitId: dup.id },
      });
    }
    const row: UnitRow = {
      seq: 0,
      id: deps.newId('unit'),
      serialNumber: input.serialNumber,
      category: input.category,
      modality: input.modality ?? null,
      model: input.model,
      intakeG: kgToGrams(input.massKg)!,
      massSource: input.massSource,
      originCountry: input.originCountry,
      region: regionOf(input.originCountry)!,
      siteCode: input.siteCode,
      receivedAt: input.receivedAt,
      returnChannel: input.returnChannel,
      createdAt: deps.clock.now().toISOString(),
      createdBy: ctx.actor?.keyId ?? 'system',
      state: 'received',
      route: null,
      refurbishedG: 0,
      harvestedG: 0,
      recycledG: 0,
      landfilledG: 0,
      closedAt: null,
      lastEventAt: null,
    };
    const { seq: _seq, ...insertable } = row;
    repo.insertUnit(db, insertable);
    const initial = replay(facts(row), []);
    if (!initial.ok) throw new Error('a unit with no events cannot fail to replay');
    applyRollupDiff(db, dims(row), diffEffects([], initial.effects));
    recordAudit(deps, ctx, { action: 'unit.create', entityType: 'unit', entityId: row.id, details: { serialNumber: row.serialNumber, massKg: input.massKg } });
    return toUnitView(deps, row);
  });
}

/** Splits a validated event body into the stored columns. */
function toStored(input: EventInput) {
  const { type, occurredAt, ...rest } = input;
  const { massKg, eventId, ...data } = rest as Record<string, unknown> & { massKg?: number; eventId?: string };
  return {
    type,
    occurredAt,
    massG: massKg === undefined ? null : kgToGrams(massKg)!,
    voidsEventId: eventId ?? null,
    data: data as Record<string, unknown>,
  };
}

/**
 * Appends one event in one synchronous transaction: the read of the timeline, every
 * check and every write happen together, so two requests racing for the last
 * kilograms of a unit cannot both succeed.
 */
export function appendEvent(deps: Deps, ctx: RequestCtx, unitId: string, input: EventInput) {
  const { db } = deps;
  return transaction(db, () => {
    const unit = repo.getUnit(db, unitId);
    if (!unit) throw new DomainError('unit.not_found', `No unit ${unitId}.`);
    const timeline = repo.unitEvents(db, unitId);
    const before = replay(facts(unit), timeline.map(toLedgerEvent));
    if (!before.ok) throw new Error(`stored timeline of ${unitId} does not replay: ${before.error.detail}`);

    // 1. Invalid input (400).
    assertNotFuture(deps, input.occurredAt, 'occurredAt');
    if (input.occurredAt < unit.receivedAt) {
      throw validationError([{ path: 'occurredAt', message: `must not be before the unit was received (${unit.receivedAt})` }]);
    }
    let siteCountry: string | undefined;
    if (input.type === 'refurbishment_started') {
      const site = findSite(deps, input.siteCode);
      if (!site) throw validationError([{ path: 'siteCode', message: `unknown site "${input.siteCode}"` }]);
      siteCountry = site.country;
    }
    const target = input.type === 'voided' ? timeline.find((e) => e.id === input.eventId) : undefined;
    if (input.type === 'voided') {
      if (!target) throw validationError([{ path: 'eventId', message: `unit ${unitId} has no event "${input.eventId}"` }]);
      if (input.occurredAt < target.occurredAt) {
        throw validationError([{ path: 'occurredAt', message: `must not be before the event it voids (${target.occurredAt})` }]);
      }
    } else if (before.projection.lastEventAt && input.occurredAt < before.projection.lastEventAt) {
      throw validationError([
        { path: 'occurredAt', message: `must not be before the unit's latest event (${before.projection.lastEventAt}); void and re-enter events to correct history` },
      ]);
    }

    // 2. Locked periods: the new event's date, and for a void the voided event's date.
    assertDatesOpen(deps, [input.occurredAt, ...(target ? [target.occurredAt] : [])], 'This event');

    const stored = toStored(input);
    const newEvent: EventRow = {
      seq: 0,
      id: deps.newId('evt'),
      unitId,
      ...stored,
      recordedAt: deps.clock.now().toISOString(),
      actor: ctx.actor?.keyId ?? 'system',
    };

    // 3–5. Policy, transition, mass (applyEvent's order); a void is checked by replaying without it.
    let after: { projection: Projection; effects: typeof before.effects };
    if (input.type === 'voided') {
      if (target!.type === 'voided') {
        throw new DomainError('lifecycle.invalid_transition', 'A `voided` event cannot itself be voided; record the event again instead.');
      }
      if (before.voided.has(target!.id)) {
        throw new DomainError('lifecycle.invalid_transition', `Event ${target!.id} is already voided by ${before.voided.get(target!.id)}.`);
      }
      const r = replay(facts(unit), [...timeline, newEvent].map(toLedgerEvent));
      if (!r.ok) {
        throw new DomainError(r.error.code === 'mass.exceeds_intake' ? 'mass.exceeds_intake' : 'lifecycle.invalid_transition',
          `Voiding ${target!.id} would leave the timeline invalid at ${r.failedEventId}: ${r.error.detail} Void the later events first.`,
          { extensions: { failedEventId: r.failedEventId } });
      }
      after = r;
    } else {
      const step = applyEvent(facts(unit), before.projection, { ...toLedgerEvent(newEvent), siteCountry }, {
        chinaExclusion: deps.config.policyChinaExclusion,
      });
      if (!step.ok) throw new DomainError(step.error.code, step.error.detail, { extensions: step.error.extensions });
      after = { projection: step.projection, effects: [...before.effects, ...step.effects] };
    }

    const diff = diffEffects(before.effects, after.effects);
    // Safety net: whatever the event, no figure of a locked year may move.
    assertDatesOpen(deps, diff.keys(), 'A figure this event changes');

    const { seq: _seq, ...insertable } = newEvent;
    repo.insertEvent(db, insertable);
    repo.saveProjection(db, unitId, after.projection);
    applyRollupDiff(db, dims(unit), diff);
    recordAudit(deps, ctx, { action: `event.${input.type}`, entityType: 'unit', entityId: unitId, details: { eventId: newEvent.id } });
    return toEventView(newEvent, null);
  });
}

export function getUnitWithEvents(deps: Deps, unitId: string) {
  const unit = repo.getUnit(deps.db, unitId);
  if (!unit) throw new DomainError('unit.not_found', `No unit ${unitId}.`);
  const timeline = repo.unitEvents(deps.db, unitId);
  const voidedBy = new Map<string, string>();
  for (const e of timeline) if (e.type === 'voided' && e.voidsEventId) voidedBy.set(e.voidsEventId, e.id);
  return { ...toUnitView(deps, unit), events: timeline.map((e) => toEventView(e, voidedBy.get(e.id) ?? null)) };
}
