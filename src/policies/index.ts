/**
 * Every rule that can refuse a ledger write, and the order they run in. The order is
 * the contract's error precedence: when a request breaks several rules, the answer
 * names the first of
 *
 *   invalid input (400) → period.locked → policy.china_exclusion →
 *   lifecycle.invalid_transition → compliance.sanitization_required → vendor.* →
 *   mass.exceeds_intake
 *
 * A new rule is a pure function in this folder (facts in, RuleError | null out) with a
 * table-driven test, added to the lists below at its place in that order. The
 * single-item endpoints and the CSV import both plan with these lists (see
 * modules/units/units.plan.ts), so a CSV row obeys exactly what a POST obeys.
 */
import {
  type RollupField,
  checkMass,
  checkTransition,
  type LedgerEvent,
  type Projection,
  type Replay,
  type UnitFacts,
} from '../domain/lifecycle.js';
import { OUTFLOW_GRAMS } from '../domain/outflows.js';
import { chinaEventRefusal } from './china.js';
import { eventInputRefusal, unitInputRefusal } from './event-dates.js';
import { lockedCarryRefusal, lockedYearRefusal } from './locked-years.js';
import { sanitizationRefusal, sanitizationVoidRefusal } from './sanitization.js';
import { yearOf } from '../domain/dates.js';
import { firstRefusal, type Refusal, type RuleWorld } from './rule.js';
import { receiptedShipmentRefusal } from './shipments.js';
import { vendorEventRefusal, vendorInputRefusal, type VendorFacts } from './vendors.js';

export * from './rule.js';
export * from './china.js';
export * from './locked-years.js';
export * from './event-dates.js';
export * from './sanitization.js';
export * from './vendors.js';
export * from './shipments.js';

/** A unit's ledger as the rules see it. */
export type UnitLedger = {
  unitId: string;
  facts: UnitFacts;
  /** Whether the unit may hold patient data (units.data_bearing). */
  dataBearing: boolean;
  /** The site that received the unit (a unit received at a site in China is treated as from China). */
  siteCode?: string;
  timeline: LedgerEvent[];
  projection: Projection;
  /** voided event id → id of the void that cancelled it. */
  voided: Map<string, string>;
};

export type EventCheck = {
  world: RuleWorld;
  unit: UnitLedger;
  /** The new event as the ledger would record it. */
  event: LedgerEvent;
  /** refurbishment_started: the site named, and its country (undefined when unknown). */
  siteCode?: string;
  siteCountry?: string;
  /** A downstream outflow (recycled, landfilled, ...): the vendor named, and its facts (undefined when unknown). */
  vendorCode?: string;
  vendor?: VendorFacts;
  /** A void: the event it names, if the unit has it. */
  target?: LedgerEvent;
  /** A void: the unit's timeline replayed with the void appended. */
  afterVoid(): Replay;
};
export type EventRule = (c: EventCheck) => Refusal;

const input: EventRule = (c) =>
  eventInputRefusal(
    c.world,
    { unitId: c.unit.unitId, receivedAt: c.unit.facts.receivedAt, lastEventAt: c.unit.projection.lastEventAt, target: c.target },
    { type: c.event.type, occurredAt: c.event.occurredAt, siteCode: c.siteCode, voidsEventId: c.event.voidsEventId },
  );

/** An unknown vendor code is invalid input: named with the other 400s, before any 409. */
const vendorKnown: EventRule = (c) => vendorInputRefusal(c.vendorCode, c.vendor);

/** Whether an event moves mass out of its unit (and so changes what is pending from its date on). */
const movesMass = (e: LedgerEvent): boolean => e.massG !== null || e.type === 'released';

/**
 * The new event's date and, for a void, the voided event's date; then the locked
 * years after them whose published pendingKg the mass it moves (or un-moves) carries.
 * The planned diff is checked again, exactly, by lockedFiguresRefusal.
 */
const lockedPeriod: EventRule = (c) => {
  const w = c.world;
  const inYear = lockedYearRefusal(w.isYearLocked, [c.event.occurredAt, ...(c.target ? [c.target.occurredAt] : [])], 'This event', 'occurredAt');
  if (inYear) return inYear;
  const moved = c.target ? (movesMass(c.target) ? [c.target.occurredAt] : []) : movesMass(c.event) ? [c.event.occurredAt] : [];
  const what = c.target ? `Voiding the mass moved on ${c.target.occurredAt}` : `Mass moved on ${c.event.occurredAt}`;
  return lockedCarryRefusal(w.isYearLocked, moved, yearOf(w.today), what, c.target ? 'eventId' : 'occurredAt');
};

const china: EventRule = (c) =>
  chinaEventRefusal(
    c.world.chinaExclusion,
    { originCountry: c.unit.facts.originCountry, siteCountry: c.unit.siteCode === undefined ? undefined : c.world.siteCountry(c.unit.siteCode) },
    {
      type: c.event.type,
      route: c.event.route,
      destinationCountry: c.event.destinationCountry,
      siteCountry: c.siteCountry,
    },
  );

const transition: EventRule = (c) => {
  const e = checkTransition(c.unit.projection, c.event);
  return e && { code: e.code, column: 'type', message: e.detail, extensions: e.extensions };
};

/** compliance.sanitization_required: a data-bearing unit leaves custody only after a standing data_sanitized. */
const sanitization: EventRule = (c) => sanitizationRefusal(c.world.sanitizationRequired, c.unit, c.event);

/** vendor.kind_mismatch, then vendor.certification_expired (at the event's own date). */
const vendor: EventRule = (c) => vendorEventRefusal(c.event, c.vendor);

const mass: EventRule = (c) => {
  const e = checkMass(c.unit.projection, c.event);
  return e && { code: e.code, column: 'massKg', message: e.detail, extensions: e.extensions };
};

/** A void names an effective, non-void event (else lifecycle.invalid_transition). */
const voidTarget: EventRule = (c) => {
  const t = c.target!;
  if (t.type === 'voided') {
    return { code: 'lifecycle.invalid_transition', column: 'eventId', message: 'A `voided` event cannot itself be voided; record the event again instead.' };
  }
  const by = c.unit.voided.get(t.id);
  return by ? { code: 'lifecycle.invalid_transition', column: 'eventId', message: `Event ${t.id} is already voided by ${by}.` } : null;
};

/** A sanitization that a later gated event relies on cannot be voided while that event stands. */
const voidKeepsSanitization: EventRule = (c) => sanitizationVoidRefusal(c.world.sanitizationRequired, c.unit, c.target!.id);

/** Chain of custody: an event a vendor has signed for (a receipted shipment) stays. */
const notReceipted: EventRule = (c) => receiptedShipmentRefusal(c.target!.id, c.world.receiptedShipmentOf(c.target!.id));

/** What remains after a void must still replay: it names the later event to void first. */
const voidKeepsTimelineValid: EventRule = (c) => {
  const after = c.afterVoid();
  if (after.ok) return null;
  return {
    code: after.error.code,
    column: 'eventId',
    message: `Voiding ${c.target!.id} would leave the timeline invalid at ${after.failedEventId}: ${after.error.detail} Void the later events first.`,
    extensions: { failedEventId: after.failedEventId },
  };
};

/** A new (non-void) event, in precedence order. */
export const EVENT_RULES: readonly EventRule[] = [input, vendorKnown, lockedPeriod, china, transition, sanitization, vendor, mass];
/** A void, in precedence order. */
// Voiding a data_sanitized never changes the replay (it moves neither state nor mass), so
// voidKeepsSanitization and voidKeepsTimelineValid never both refuse the same void; the
// sanitization check runs first because its refusal says what to void first. The custody
// rule (a receipted shipment's event stays) comes after it, as vendor.* follows compliance.*.
export const VOID_RULES: readonly EventRule[] = [input, lockedPeriod, voidTarget, voidKeepsSanitization, notReceipted, voidKeepsTimelineValid];

export const checkEvent = (c: EventCheck): Refusal => firstRefusal(c.event.type === 'voided' ? VOID_RULES : EVENT_RULES, c);

/** A planned change to the daily roll-up: day → field → delta. */
export type RollupChange = ReadonlyMap<string, Partial<Record<RollupField, number>>>;

/** What a change adds to the mass still pending: intake minus every outflow of the list (domain/outflows.ts). */
const netPendingDelta = (f: Partial<Record<RollupField, number>>): number => {
  let g = f.intakeG ?? 0;
  for (const o of OUTFLOW_GRAMS) g -= f[o] ?? 0;
  return g;
};

/**
 * The last safety net, after an event is planned: no figure of a locked year may
 * move, neither one counted on a day of that year nor the pending mass it carries
 * from every day before it.
 */
export function lockedFiguresRefusal(w: RuleWorld, diff: RollupChange): Refusal {
  const inYear = lockedYearRefusal(w.isYearLocked, diff.keys(), 'A figure this event changes', null);
  if (inYear) return inYear;
  const pendingMoves = [...diff].filter(([, f]) => netPendingDelta(f) !== 0).map(([day]) => day);
  return lockedCarryRefusal(w.isYearLocked, pendingMoves, yearOf(w.today), 'This change', null);
}

export type UnitCheck = {
  world: RuleWorld;
  unit: { serialNumber: string; model: string; receivedAt: string; siteCode: string };
  /** The open unit of the same model with this serial, asked only when the earlier rules pass. */
  openDuplicate(): { id: string } | undefined;
};
export type UnitRule = (c: UnitCheck) => Refusal;

const unitInput: UnitRule = (c) => unitInputRefusal(c.world, c.unit);
/** Its intake counts on receivedAt, and is pending at the end of every later year until it moves. */
const unitLockedPeriod: UnitRule = (c) =>
  lockedYearRefusal(c.world.isYearLocked, [c.unit.receivedAt], `receivedAt ${c.unit.receivedAt}`, 'receivedAt') ??
  lockedCarryRefusal(c.world.isYearLocked, [c.unit.receivedAt], yearOf(c.world.today), `A unit received on ${c.unit.receivedAt}`, 'receivedAt');
const duplicateSerial: UnitRule = (c) => {
  const dup = c.openDuplicate();
  return dup
    ? {
        code: 'unit.duplicate_serial',
        column: 'serialNumber',
        message: `Open unit ${dup.id} of model "${c.unit.model}" already has serial "${c.unit.serialNumber}".`,
        extensions: { existingUnitId: dup.id },
      }
    : null;
};

/** A new unit, in precedence order. */
export const UNIT_RULES: readonly UnitRule[] = [unitInput, unitLockedPeriod, duplicateSerial];

export const checkUnit = (c: UnitCheck): Refusal => firstRefusal(UNIT_RULES, c);
