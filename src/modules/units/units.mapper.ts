/**
 * One mapper between the tables' rows and the shapes the rest of the code uses: the
 * record a write inserts (a row before the database numbers it), the facts and events
 * the lifecycle replays, and the views the API answers.
 */
import type { events, units } from '../../db/schema.js';
import type { LedgerEvent, UnitFacts } from '../../domain/lifecycle.js';
import { gramsToKg, kgToGrams } from '../../domain/mass.js';
import { gramsField, isDownstream, kgField, OUTFLOW_GRAMS, OUTFLOWS, outflowFacts, outflowsOf, type OutflowKg } from '../../domain/outflows.js';
import { chinaExcluded } from '../../policies/index.js';
import type { EventInput } from './units.schemas.js';

/** A row of `units` as read; `seq` is the database's insertion order (cursors use it). */
export type UnitRow = typeof units.$inferSelect;
/** A unit as written: everything but the seq the database assigns. */
export type UnitRecord = Omit<UnitRow, 'seq'>;
/** A row of `events` as written and read; `vendor_code` is a generated column (read from data), never written. */
export type EventRow = Omit<typeof events.$inferSelect, 'vendorCode'>;
export type EventRecord = Omit<EventRow, 'seq'>;
/** What the rules need of a stored event. */
export type StoredEvent = Pick<EventRow, 'id' | 'type' | 'occurredAt' | 'massG' | 'voidsEventId' | 'data'>;

export const unitFacts = (u: Pick<UnitRecord, 'intakeG' | 'originCountry' | 'receivedAt'>): UnitFacts => ({
  intakeG: u.intakeG,
  originCountry: u.originCountry,
  receivedAt: u.receivedAt,
});

/**
 * Splits a validated event body into the stored columns: mass in grams, the voided id,
 * the rest as data. An outflow handed downstream records its treatment code, hazardous
 * and radioactive with their defaults filled in (v1.2), so the entry says in full what
 * left, whatever later versions default to.
 */
export function storedEventOf(id: string, input: EventInput): StoredEvent {
  const { type, occurredAt, ...rest } = input;
  const { massKg, eventId, ...data } = rest as Record<string, unknown> & { massKg?: number; eventId?: string };
  if (isDownstream(type)) {
    const f = outflowFacts(type, data)!;
    Object.assign(data, { treatmentCode: f.treatmentCode, hazardous: f.hazardous, radioactive: f.radioactive });
  }
  return {
    id,
    type,
    occurredAt,
    massG: massKg === undefined ? null : kgToGrams(massKg)!,
    voidsEventId: eventId ?? null,
    data,
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
    // What the disclosure roll-up splits an outflow's mass by (defaults for events older than v1.2).
    outflow: outflowFacts(e.type, e.data),
  };
}

/** An entry's place in the ledger chain, as the API answers it (set on every row once the start-up backfill has run). */
const chainView = (r: { ledgerSeq: number | null; prevHash: string | null; hash: string | null }) => ({
  seq: r.ledgerSeq!,
  prevHash: r.prevHash!,
  hash: r.hash!,
});

const REUSED = outflowsOf('reused').map(gramsField);

/**
 * A unit's mass balance in kilograms: intake, each outflow (domain/outflows.ts), what of
 * it was reused, and what is still on the unit.
 */
export function massBalanceOf(u: Pick<UnitRecord, 'intakeG' | (typeof OUTFLOW_GRAMS)[number]>) {
  let left = u.intakeG;
  for (const f of OUTFLOW_GRAMS) left -= u[f];
  const outflows = Object.fromEntries(OUTFLOWS.map((o) => [kgField(o), gramsToKg(u[gramsField(o)])])) as Record<OutflowKg, number>;
  return {
    intakeKg: gramsToKg(u.intakeG),
    ...outflows,
    reusedKg: gramsToKg(REUSED.reduce((g, f) => g + u[f], 0)),
    remainingKg: gramsToKg(left),
  };
}

/** `siteCountry`: the country of the unit's site (a unit received at a site in China is treated as from China). */
export function toUnitView(u: UnitRecord, chinaExclusion: boolean, siteCountry: string | undefined) {
  const excluded = chinaExcluded(chinaExclusion, { originCountry: u.originCountry, siteCountry });
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
    dataBearing: u.dataBearing,
    weeeCategory: u.weeeCategory,
    region: u.region,
    state: u.state,
    route: u.route,
    refurbishmentEligible: !excluded,
    exclusionReason: excluded ? ('china_policy' as const) : null,
    massBalance: massBalanceOf(u),
    closedAt: u.closedAt,
    createdAt: u.createdAt,
    ...chainView(u),
  };
}
export type UnitView = ReturnType<typeof toUnitView>;

/**
 * What an outflow handed downstream answers about its waste: as recorded, or, for an
 * event recorded before v1.2 (whose entry holds none of it), the defaults of its type.
 */
export function outflowAnswer(type: string, data: Record<string, unknown>) {
  if (!isDownstream(type)) return {};
  const f = outflowFacts(type, data)!;
  return { treatmentCode: f.treatmentCode!, wasteCode: f.wasteCode, hazardous: f.hazardous, radioactive: f.radioactive };
}

export function toEventView(e: EventRecord, voidedBy: string | null) {
  const { massG, voidsEventId, data, ...rest } = e;
  return {
    id: rest.id,
    unitId: rest.unitId,
    type: rest.type,
    occurredAt: rest.occurredAt,
    recordedAt: rest.recordedAt,
    actor: rest.actor,
    ...data,
    ...outflowAnswer(rest.type, data),
    ...(massG !== null ? { massKg: gramsToKg(massG) } : {}),
    ...(voidsEventId !== null ? { eventId: voidsEventId } : {}),
    voided: voidedBy !== null,
    voidedBy,
    ...chainView(e),
  };
}
export type EventView = ReturnType<typeof toEventView>;
