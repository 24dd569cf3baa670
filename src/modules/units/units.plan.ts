/**
 * Plans a new unit or event: runs the policies (src/policies, in the contract's order)
 * against the unit's ledger and, when none refuses, works out what to write: the
 * record, the unit's new projection and the roll-up diff. Pure: the facts come in
 * (a RuleWorld, the unit's ledger), nothing is read or written here. The ledger
 * writer uses this for both the single-item endpoints and the CSV import.
 */
import { diffEffects, noOutflow, replay, type LedgerEvent, type Projection, type RollupField } from '../../domain/lifecycle.js';
import { kgToGrams } from '../../domain/mass.js';
import { DEFAULT_WEEE_CATEGORY, downstreamOf } from '../../domain/outflows.js';
import { regionOf } from '../../domain/regions.js';
import { defaultDataBearing } from '../../domain/sanitization.js';
import { serialKey } from '../../domain/text.js';
import { checkUnit, type RuleError, type RuleWorld, type UnitLedger } from '../../policies/index.js';
import { judgeEvent } from '../../policies/judge.js';
import { storedEventOf, toLedgerEvent, unitFacts, type StoredEvent, type UnitRecord } from './units.mapper.js';
import type { CreateUnitInput, EventInput } from './units.schemas.js';

export type Planned<T> = { ok: true; value: T } | { ok: false; error: RuleError };
export type RollupDiff = Map<string, Partial<Record<RollupField, number>>>;
/** day → flow (domain/outflows.ts flowKey) → grams: what the disclosure roll-up adds. */
export type FlowDiff = Map<string, Map<string, number>>;

export type NewUnitMeta = { newId: () => string; createdAt: string; createdBy: string };

/** A new unit: its record and what it adds to the roll-up. `openDuplicate` is asked last, only if needed. */
export function planNewUnit(
  w: RuleWorld,
  input: CreateUnitInput,
  openDuplicate: () => { id: string } | undefined,
  meta: NewUnitMeta,
): Planned<{ record: UnitRecord; diff: RollupDiff }> {
  const refusal = checkUnit({ world: w, unit: input, openDuplicate });
  if (refusal) return { ok: false, error: refusal };
  const record: UnitRecord = {
    id: meta.newId(),
    serialNumber: input.serialNumber,
    serialKey: serialKey(input.serialNumber),
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
    dataBearing: input.dataBearing ?? defaultDataBearing(input.category),
    weeeCategory: input.weeeCategory ?? DEFAULT_WEEE_CATEGORY,
    createdAt: meta.createdAt,
    createdBy: meta.createdBy,
    state: 'received',
    route: null,
    ...noOutflow(),
    closedAt: null,
    lastEventAt: null,
    // Chained by the ledger writer as it inserts the record.
    ledgerSeq: null,
    prevHash: null,
    hash: null,
  };
  const initial = replay(unitFacts(record), []);
  if (!initial.ok) throw new Error('a unit with no events cannot fail to replay');
  const diff = diffEffects([], initial.effects);
  // What the indicators' measuredMassShare reads: intake that was weighed, not a model default.
  if (record.massSource === 'measured') diff.get(record.receivedAt)!.measuredIntakeG = record.intakeG;
  return { ok: true, value: { record, diff } };
}

/**
 * An event that names a vendor records who took the mass in the v1.0 words too: the
 * vendor's name fills the outflow's vendorNameField (`recycler` of recycled, `facility`
 * of landfilled, ...) when the body leaves it out, so a v1.0 reader still sees where the mass went.
 */
function withVendorName(input: EventInput, name: string): EventInput {
  const field = downstreamOf(input.type)?.downstream.vendorNameField;
  if (!field || (input as Record<string, unknown>)[field] !== undefined) return input;
  return { ...input, [field]: name } as EventInput;
}

export type PlannedEvent = {
  stored: StoredEvent;
  ledgerEvent: LedgerEvent;
  projection: Projection;
  voided: Map<string, string>;
  diff: RollupDiff;
  flows: FlowDiff;
};

/**
 * A new event: judged by the one judge (policies/judge.ts: the rules in order, the
 * event's effect, the locked-figures net), then made into the record to store.
 * `newId` is called only once the event is accepted.
 */
export function planEvent(w: RuleWorld, unit: UnitLedger, input: EventInput, newId: () => string): Planned<PlannedEvent> {
  const draft = toLedgerEvent(storedEventOf('', input));
  const siteCode = input.type === 'refurbishment_started' ? input.siteCode : undefined;
  const vendorCode = 'vendorCode' in input ? input.vendorCode : undefined;
  const vendor = vendorCode === undefined ? undefined : w.vendor(vendorCode);
  const target = draft.type === 'voided' ? unit.timeline.find((e) => e.id === draft.voidsEventId) : undefined;
  const verdict = judgeEvent({
    world: w,
    unit,
    event: draft,
    siteCode,
    siteCountry: siteCode === undefined ? undefined : w.siteCountry(siteCode),
    vendorCode,
    vendor,
    target,
  });
  if (!verdict.ok) return verdict;
  const { projection, voided, diff, flows } = verdict;
  const stored = storedEventOf(newId(), vendor ? withVendorName(input, vendor.name) : input);
  if (target) voided.set(target.id, stored.id); // the replay saw the void before it had an id
  return { ok: true, value: { stored, ledgerEvent: { ...draft, id: stored.id }, projection, voided, diff, flows } };
}
