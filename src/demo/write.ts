/**
 * Replays a planned ledger through the real services (createUnit, appendEvent,
 * lockYear, unlockYear, shipments) in date order, so every rule applies exactly as for
 * an operator: China policy, transitions, mass balance, locked periods, downstream
 * vendors' kinds and certificates, audit.
 */
import type { Deps, RequestCtx } from '../http/context.js';
import { lockYear, unlockYear } from '../modules/periods/periods.service.js';
import { appendEvent, createUnit } from '../modules/units/units.service.js';
import type { EventInput } from '../modules/units/units.schemas.js';
import { DEMO_END, toEnergyRecovery, vendorOf, type CustodyTracker } from './downstream.js';
import { massOf, type PlannedUnit, type Step } from './plan.js';
import { SANITIZATION_STANDARD } from './sanitization.js';

export type Actors = { operator: RequestCtx; esg: RequestCtx; admin: RequestCtx };
export type DemoClock = { set(iso: string): void };

/** An operation on a date; it may schedule more (a shipment schedules its receipt). */
export type Op = { date: string; seq: number; run: (schedule: (op: { date: string; run: Op['run'] }) => void) => void };

const kg = (g: number) => g / 1000;

/** The step as it is written: 2025's residue from EMEA goes to energy recovery rather than landfill. */
function asWritten(s: Step, region: string): Step {
  return s.type === 'landfilled' && toEnergyRecovery(region, s.date) ? { type: 'energy_recovered', date: s.date, grams: s.grams, facility: 'energy-from-waste' } : s;
}

/** The vendor an outgoing step names (none for units from China, whose loads stay with a local collector). */
function vendorFor(s: Step, region: string): string | undefined {
  if (region === 'CHINA') return undefined;
  return s.type === 'recycled' || s.type === 'landfilled' || s.type === 'energy_recovered' ? vendorOf(s.type, region, s.date) : undefined;
}

function toEvent(s: Step, grams = massOf(s), vendorCode?: string): EventInput {
  switch (s.type) {
    case 'assessed':
      return { type: s.type, occurredAt: s.date, grade: s.grade, route: s.route };
    case 'refurbishment_started':
      return { type: s.type, occurredAt: s.date, siteCode: s.siteCode };
    case 'refurbished':
      return { type: s.type, occurredAt: s.date, certification: 'GoldSeal', warrantyMonths: 12 };
    case 'released':
      return { type: s.type, occurredAt: s.date, channel: s.channel, destinationCountry: s.destinationCountry };
    case 'part_harvested':
      return { type: s.type, occurredAt: s.date, partNumber: s.partNumber, massKg: kg(grams), destination: 'service_stock' };
    case 'recycled':
      // A registered vendor's name fills `recycler` when the event names it.
      return { type: s.type, occurredAt: s.date, massKg: kg(grams), material: s.material as 'mixed', ...(vendorCode ? { vendorCode } : { recycler: s.recycler }) };
    case 'landfilled':
      return { type: s.type, occurredAt: s.date, massKg: kg(grams), reason: s.reason, ...(vendorCode ? { vendorCode } : { facility: s.facility }) };
    case 'energy_recovered':
      return { type: s.type, occurredAt: s.date, massKg: kg(grams), ...(vendorCode ? { vendorCode } : { facility: s.facility }) };
    case 'data_sanitized':
      return { type: s.type, occurredAt: s.date, method: s.method, standard: SANITIZATION_STANDARD, media: s.media, verifiedBy: s.verifiedBy, certificateRef: s.certificateRef };
  }
}

/** The events of one unit as date-stamped operations; corrections (typo, restatement) included. */
function unitOps(
  gated: Deps,
  actors: Actors,
  u: PlannedUnit,
  ids: Map<number, string>,
  later: Map<string, () => void>,
  next: () => number,
  custody?: CustodyTracker,
): Op[] {
  // A legacy unit was processed before its floor recorded sanitization: the gate was not on for it.
  const deps = u.legacy ? { ...gated, config: { ...gated.config, policySanitizationRequired: false } } : gated;
  const ctx = actors.operator;
  const unitId = () => ids.get(u.index)!;
  const post = (e: EventInput) => appendEvent(deps, ctx, unitId(), e) as { id: string };
  /** Posts a step as written (energy recovery, vendor) and hands a vendor's load to the custody tracker. */
  const write = (s: Step, grams = massOf(s)) => {
    const vendorCode = custody ? vendorFor(s, u.region) : undefined;
    const e = post(toEvent(s, grams, vendorCode));
    return { id: e.id, track: () => vendorCode && custody!.written(vendorCode, { id: e.id, date: s.date, grams }) };
  };
  const ops: Op[] = [
    {
      date: u.receivedAt,
      seq: next(),
      run: () => {
        const created = createUnit(deps, ctx, {
          serialNumber: u.serial,
          category: u.category,
          modality: u.modality,
          model: u.model,
          massKg: kg(u.steps.reduce((g, s) => g + massOf(s), 0) + u.pendingG),
          massSource: 'measured',
          originCountry: u.originCountry,
          siteCode: u.siteCode,
          receivedAt: u.receivedAt,
          returnChannel: u.returnChannel as 'trade_in',
          ...(u.dataBearing === undefined ? {} : { dataBearing: u.dataBearing }),
        });
        ids.set(u.index, created.id);
      },
    },
  ];
  // Steps up to the horizon, then (with downstream tracking) the first quarter of 2025.
  const steps = custody ? [...u.steps, ...u.later.filter((s) => s.date <= DEMO_END)] : u.steps;
  for (const planned of steps) {
    const s = asWritten(planned, u.region);
    let run = () => void write(s).track();
    if (s.type === 'recycled' && s.typo) {
      // A mistyped weight, voided the same day and entered again.
      run = () => {
        const wrong = write(s, Math.round((s.grams * 0.9) / 100) * 100);
        post({ type: 'voided', occurredAt: s.date, eventId: wrong.id, reason: 'Weight mistyped; re-entered from the weighbridge ticket.' });
        write(s).track();
      };
    } else if (s.type === 'recycled' && s.restate) {
      // Booked as landfill at the time; corrected after the year was published (see demo-ledger.ts).
      // The corrected load's month was shipped long before, so it waits on the vendor's unshipped list.
      run = () => {
        const wrong = post({ type: 'landfilled', occurredAt: s.date, massKg: kg(s.grams), reason: 'non-recoverable residue', facility: 'unknown' });
        later.set('restate', () => {
          post({ type: 'voided', occurredAt: RESTATEMENT.unlockOn, eventId: wrong.id, reason: RESTATEMENT.reason });
          write(s).track();
        });
      };
    }
    ops.push({ date: s.date, seq: next(), run });
  }
  return ops;
}

export const RESTATEMENT = {
  lock2022On: '2023-01-31',
  lock2023On: '2024-01-31',
  unlockOn: '2024-03-04',
  relockOn: '2024-03-05',
  reason: 'A recycler’s certificate shows a load booked as landfill in 2023 was recycled; restating 2023.',
};

const byDateThenSeq = (a: Op, b: Op) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq);

/**
 * Runs every operation in date order (ties in plan order), moving the clock with it. An
 * operation may schedule another for a later date (a shipment's receipt). With a custody
 * tracker, outgoing events name their vendors and the first quarter of 2025 is written too.
 */
export function writePlan(
  deps: Deps,
  clock: DemoClock,
  actors: Actors,
  units: PlannedUnit[],
  extra: { date: string; run: Op['run'] }[] = [],
  custody?: CustodyTracker,
): void {
  const ids = new Map<number, string>();
  const later = new Map<string, () => void>();
  let n = 0;
  const next = () => ++n;
  const ops = [...units.flatMap((u) => unitOps(deps, actors, u, ids, later, next, custody)), ...extra.map((e) => ({ ...e, seq: next() }))];
  const yearOps: Op[] = [
    { date: RESTATEMENT.lock2022On, seq: Infinity, run: () => void lockYear(deps, actors.esg, 2022, 'Published in the 2022 sustainability report.') },
    { date: RESTATEMENT.lock2023On, seq: Infinity, run: () => void lockYear(deps, actors.esg, 2023, 'Published in the 2023 sustainability report.') },
    {
      date: RESTATEMENT.unlockOn,
      seq: Infinity,
      run: () => {
        unlockYear(deps, actors.admin, 2023, RESTATEMENT.reason);
        later.get('restate')?.();
      },
    },
    { date: RESTATEMENT.relockOn, seq: Infinity, run: () => void lockYear(deps, actors.esg, 2023, 'Restated: one load moved from landfill to recycling.') },
  ];
  const all = [...ops, ...yearOps].sort(byDateThenSeq);
  const schedule = (o: { date: string; run: Op['run'] }) => {
    const op = { ...o, seq: next() };
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byDateThenSeq(all[mid]!, op) <= 0) lo = mid + 1;
      else hi = mid;
    }
    all.splice(lo, 0, op);
  };
  for (let i = 0; i < all.length; i++) {
    const op = all[i]!;
    clock.set(`${op.date}T${op.seq === Infinity ? '18' : '16'}:00:00.000Z`);
    op.run(schedule);
  }
}

/**
 * Writes units on their own, in date order, naming no vendor (their outgoing loads are
 * free text, so no shipment waits for them): the demo's open units, after the plan.
 */
export function writeUnits(deps: Deps, clock: DemoClock, actors: Actors, units: PlannedUnit[]): void {
  const ids = new Map<number, string>();
  let n = 0;
  const ops = units.flatMap((u) => unitOps(deps, actors, u, ids, new Map(), () => ++n)).sort(byDateThenSeq);
  for (const op of ops) {
    clock.set(`${op.date}T16:00:00.000Z`);
    op.run(() => {
      throw new Error('an open unit schedules nothing');
    });
  }
}
