/**
 * The rules for a new unit and a new event, as plain functions over what they need
 * to know (the "world": today, the policy, sites, locked years, the unit's ledger).
 * The single-item service and the bulk import both plan with these, so a CSV row
 * obeys exactly what a POST obeys; only where the facts come from and how the plan
 * is written differ. Errors are values with the column they concern, so the service
 * can throw the first and an import can list one per row.
 */
import { kgToGrams } from '../../domain/mass.js';
import { regionOf } from '../../domain/regions.js';
import type { ErrorCode } from '../../http/problem.js';
import {
  applyEvent,
  diffEffects,
  replay,
  type LedgerEvent,
  type Projection,
  type RollupField,
  type UnitFacts,
} from './lifecycle.js';
import type { EventRow, UnitRow } from './units.repo.js';
import type { CreateUnitInput, EventInput } from './units.schemas.js';

export type RuleWorld = {
  today: string;
  chinaExclusion: boolean;
  siteCountry(code: string): string | undefined;
  isYearLocked(year: number): boolean;
};

export type RuleError = {
  code: ErrorCode;
  /** The field the error is about, or null for the record as a whole. */
  column: string | null;
  message: string;
  extensions?: Record<string, unknown>;
};

export type Planned<T> = { ok: true; value: T } | { ok: false; error: RuleError };
export type RollupDiff = Map<string, Partial<Record<RollupField, number>>>;

const invalid = (column: string, message: string): { ok: false; error: RuleError } => ({
  ok: false,
  error: { code: 'validation.failed', column, message },
});

function lockedYear(w: RuleWorld, dates: Iterable<string>, what: string, column: string | null): RuleError | null {
  const years = new Set<number>();
  for (const d of dates) years.add(Number(d.slice(0, 4)));
  for (const y of [...years].sort()) {
    if (w.isYearLocked(y)) {
      return {
        code: 'period.locked',
        column,
        message: `${what} falls in ${y}, a locked reporting year; an admin must unlock it first.`,
        extensions: { year: y },
      };
    }
  }
  return null;
}

const notFuture = (w: RuleWorld) => `must not be in the future (today is ${w.today})`;

export const unitFacts = (u: Pick<UnitRow, 'intakeG' | 'originCountry' | 'receivedAt'>): UnitFacts => ({
  intakeG: u.intakeG,
  originCountry: u.originCountry,
  receivedAt: u.receivedAt,
});

export type NewUnitMeta = { newId: () => string; createdAt: string; createdBy: string };

/**
 * Rules on a new unit, in the contract's order: input, locked period, duplicate.
 * `openDuplicate` is asked last and only if needed: the open unit of the same model
 * that already has this serial.
 */
export function planNewUnit(
  w: RuleWorld,
  input: CreateUnitInput,
  openDuplicate: () => { id: string } | undefined,
  meta: NewUnitMeta,
): Planned<{ row: UnitRow; diff: RollupDiff }> {
  if (input.receivedAt > w.today) return invalid('receivedAt', notFuture(w));
  if (w.siteCountry(input.siteCode) === undefined) return invalid('siteCode', `unknown site "${input.siteCode}"`);
  const locked = lockedYear(w, [input.receivedAt], `receivedAt ${input.receivedAt}`, 'receivedAt');
  if (locked) return { ok: false, error: locked };
  const dup = openDuplicate();
  if (dup) {
    return {
      ok: false,
      error: {
        code: 'unit.duplicate_serial',
        column: 'serialNumber',
        message: `Open unit ${dup.id} of model "${input.model}" already has serial "${input.serialNumber}".`,
        extensions: { existingUnitId: dup.id },
      },
    };
  }
  const row: UnitRow = {
    seq: 0,
    id: meta.newId(),
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
    createdAt: meta.createdAt,
    createdBy: meta.createdBy,
    state: 'received',
    route: null,
    refurbishedG: 0,
    harvestedG: 0,
    recycledG: 0,
    landfilledG: 0,
    closedAt: null,
    lastEventAt: null,
  };
  const initial = replay(unitFacts(row), []);
  if (!initial.ok) throw new Error('a unit with no events cannot fail to replay');
  return { ok: true, value: { row, diff: diffEffects([], initial.effects) } };
}

/** What an event is stored as, less the columns the writer adds (unitId, recordedAt, actor). */
export type StoredEvent = Pick<EventRow, 'id' | 'type' | 'occurredAt' | 'massG' | 'voidsEventId' | 'data'>;

/** Splits a validated event body into the stored columns. */
function toStored(id: string, input: EventInput): StoredEvent {
  const { type, occurredAt, ...rest } = input;
  const { massKg, eventId, ...data } = rest as Record<string, unknown> & { massKg?: number; eventId?: string };
  return {
    id,
    type,
    occurredAt,
    massG: massKg === undefined ? null : kgToGrams(massKg)!,
    voidsEventId: eventId ?? null,
    data: data as Record<string, unknown>,
  };
}

export function toLedgerEvent(e: StoredEvent): LedgerEvent {
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

/** A unit's ledger as the rules need it: its facts, timeline and the projection of that timeline. */
export type LedgerState = {
  unitId: string;
  facts: UnitFacts;
  timeline: LedgerEvent[];
  projection: Projection;
  voided: Map<string, string>;
};

export type PlannedEvent = {
  stored: StoredEvent;
  ledgerEvent: LedgerEvent;
  projection: Projection;
  voided: Map<string, string>;
  diff: RollupDiff;
};

/** The field a China-policy refusal is about, for row-level reports. */
function policyColumn(input: EventInput, fromChina: boolean): string {
  if (input.type === 'assessed') return 'route';
  if (!fromChina && input.type === 'released') return 'destinationCountry';
  if (!fromChina && input.type === 'refurbishment_started') return 'siteCode';
  return 'type';
}

/**
 * Rules on a new event, in the contract's order: input, locked period, then China
 * policy, transition and mass (applyEvent's order); a void is checked by replaying
 * the timeline without the event it cancels. `newId` is called only once the input
 * and period checks pass.
 */
export function planEvent(w: RuleWorld, unit: LedgerState, input: EventInput, newId: () => string): Planned<PlannedEvent> {
  const { facts } = unit;
  // 1. Invalid input (400).
  if (input.occurredAt > w.today) return invalid('occurredAt', notFuture(w));
  if (input.occurredAt < facts.receivedAt) {
    return invalid('occurredAt', `must not be before the unit was received (${facts.receivedAt})`);
  }
  let siteCountry: string | undefined;
  if (input.type === 'refurbishment_started') {
    siteCountry = w.siteCountry(input.siteCode);
    if (siteCountry === undefined) return invalid('siteCode', `unknown site "${input.siteCode}"`);
  }
  const target = input.type === 'voided' ? unit.timeline.find((e) => e.id === input.eventId) : undefined;
  if (input.type === 'voided') {
    if (!target) return invalid('eventId', `unit ${unit.unitId} has no event "${input.eventId}"`);
    if (input.occurredAt < target.occurredAt) {
      return invalid('occurredAt', `must not be before the event it voids (${target.occurredAt})`);
    }
  } else if (unit.projection.lastEventAt && input.occurredAt < unit.projection.lastEventAt) {
    return invalid(
      'occurredAt',
      `must not be before the unit's latest event (${unit.projection.lastEventAt}); void and re-enter events to correct history`,
    );
  }

  // 2. Locked periods: the new event's date, and for a void the voided event's date.
  const locked = lockedYear(w, [input.occurredAt, ...(target ? [target.occurredAt] : [])], 'This event', 'occurredAt');
  if (locked) return { ok: false, error: locked };

  const stored = toStored(newId(), input);
  const ledgerEvent = toLedgerEvent(stored);

  // 3–5. Policy, transition, mass.
  let projection: Projection;
  let voided = unit.voided;
  let diff: RollupDiff;
  if (input.type === 'voided') {
    const t = target!;
    if (t.type === 'voided') {
      return { ok: false, error: { code: 'lifecycle.invalid_transition', column: 'eventId', message: 'A `voided` event cannot itself be voided; record the event again instead.' } };
    }
    if (unit.voided.has(t.id)) {
      return { ok: false, error: { code: 'lifecycle.invalid_transition', column: 'eventId', message: `Event ${t.id} is already voided by ${unit.voided.get(t.id)}.` } };
    }
    const before = replay(facts, unit.timeline);
    if (!before.ok) throw new Error(`stored timeline of ${unit.unitId} does not replay: ${before.error.detail}`);
    const after = replay(facts, [...unit.timeline, ledgerEvent]);
    if (!after.ok) {
      return {
        ok: false,
        error: {
          code: after.error.code === 'mass.exceeds_intake' ? 'mass.exceeds_intake' : 'lifecycle.invalid_transition',
          column: 'eventId',
          message: `Voiding ${t.id} would leave the timeline invalid at ${after.failedEventId}: ${after.error.detail} Void the later events first.`,
          extensions: { failedEventId: after.failedEventId },
        },
      };
    }
    projection = after.projection;
    voided = after.voided;
    diff = diffEffects(before.effects, after.effects);
  } else {
    const step = applyEvent(facts, unit.projection, { ...ledgerEvent, siteCountry }, { chinaExclusion: w.chinaExclusion });
    if (!step.ok) {
      const column =
        step.error.code === 'policy.china_exclusion'
          ? policyColumn(input, facts.originCountry === 'CN')
          : step.error.code === 'mass.exceeds_intake'
            ? 'massKg'
            : 'type';
      return { ok: false, error: { code: step.error.code, column, message: step.error.detail, extensions: step.error.extensions } };
    }
    projection = step.projection;
    diff = diffEffects([], step.effects);
  }

  // Safety net: whatever the event, no figure of a locked year may move.
  const moved = lockedYear(w, diff.keys(), 'A figure this event changes', null);
  if (moved) return { ok: false, error: moved };
  return { ok: true, value: { stored, ledgerEvent, projection, voided, diff } };
}
