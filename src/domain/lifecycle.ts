/**
 * The lifecycle state machine and mass balance of one returned unit, as pure functions
 * over plain data. The ledger replays a unit's events through `applyEvent` to get its
 * state, balance and the effects each event has on reports; nothing here touches a db.
 * Policies (China, locked years, ...) are not here: they live in src/policies/, which
 * runs them and these two checks (transition, mass) in the contract's order. What each
 * outgoing type does to the balance comes from the outflow list (domain/outflows.ts).
 */
import {
  DOWNSTREAM_TYPES,
  flowKey,
  flowOf,
  gramsField,
  isDownstream,
  OUTFLOW_GRAMS,
  OUTFLOWS,
  outflowOf,
  type DownstreamType,
  type OutflowFacts,
  type OutflowGrams,
  type OutflowType,
} from './outflows.js';

export const UNIT_STATES = ['received', 'assessed', 'in_refurbishment', 'refurbished', 'dismantling', 'closed'] as const;
export type UnitState = (typeof UNIT_STATES)[number];

export const ROUTES = ['refurbish', 'harvest', 'recycle', 'landfill'] as const;
export type Route = (typeof ROUTES)[number];

/**
 * Every event type, in the contract's order: the v1.0 types (the outgoing ones from the
 * outflow list), then each later version's, `voided` last. `allowedNext` answers in this order.
 */
const sinceV10 = OUTFLOWS.filter((o) => o.since === '1.0').map((o) => o.type);
const later = OUTFLOWS.filter((o) => o.since !== '1.0').map((o) => o.type);
export type EventType = 'assessed' | 'refurbishment_started' | 'refurbished' | OutflowType | 'data_sanitized' | 'voided';
export const EVENT_TYPES = [
  'assessed',
  'refurbishment_started',
  'refurbished',
  ...sinceV10,
  'data_sanitized',
  ...later,
  'voided',
] as readonly EventType[] as readonly [EventType, ...EventType[]];

/** The facts of an event that the state machine needs (the rest is just recorded). */
export type LedgerEvent = {
  id: string;
  type: EventType;
  occurredAt: string;
  massG: number | null;
  voidsEventId: string | null;
  route?: Route;
  channel?: 'sale' | 'redeployment' | 'donation';
  destinationCountry?: string;
  /** An outflow's treatment code, hazardous and radioactive as recorded (defaults filled in): what the disclosure roll-up splits its mass by. */
  outflow?: OutflowFacts | null;
};

export type UnitFacts = { intakeG: number; originCountry: string; receivedAt: string };

/** Intake, the grams of each outflow (domain/outflows.ts), and what is still on the unit. */
export type Balance = { intakeG: number; remainingG: number } & Record<OutflowGrams, number>;

export type Projection = {
  state: UnitState;
  route: Route | null;
  balance: Balance;
  closedAt: string | null;
  /** Date of the latest effective (not voided) event; new events may not be dated before it. */
  lastEventAt: string | null;
};

/** What an event adds to the reporting roll-up, on the event's date. */
export type RollupField =
  | 'unitsReceived'
  | 'intakeG'
  /** Intake whose massSource is measured; added when a unit is received (units.plan.ts), never by an event. */
  | 'measuredIntakeG'
  | 'unitsClosed'
  | 'refurbishedUnits'
  | 'donatedUnits'
  | 'partsHarvested'
  | 'donatedG'
  | OutflowGrams;
/**
 * A change to one roll-up field on a day. An outflow's mass effect also names its flow
 * (domain/outflows.ts flowKey: type, treatment code, hazardous, radioactive), which the
 * disclosure roll-up sums by.
 */
export type Effect = { day: string; field: RollupField; delta: number; flow?: string };

export type LifecycleError = {
  code: 'lifecycle.invalid_transition' | 'mass.exceeds_intake';
  detail: string;
  extensions?: Record<string, unknown>;
};

export type Step = { ok: true; projection: Projection; effects: Effect[] } | { ok: false; error: LifecycleError };

export function initialProjection(unit: UnitFacts): Projection {
  return {
    state: 'received',
    route: null,
    balance: { intakeG: unit.intakeG, ...noOutflow(), remainingG: unit.intakeG },
    closedAt: null,
    lastEventAt: null,
  };
}

/** Zero grams of every outflow. */
export const noOutflow = (): Record<OutflowGrams, number> => Object.fromEntries(OUTFLOW_GRAMS.map((f) => [f, 0])) as Record<OutflowGrams, number>;

/**
 * The events that hand mass to someone downstream (the list's downstream outflows: a
 * recycler, a plant, a landfill...): allowed from `assessed` whatever the route, and from `dismantling`.
 */
export const DISPOSALS = DOWNSTREAM_TYPES;
export type DisposalType = DownstreamType;
export const isDisposal = isDownstream;

/**
 * Which event types may follow, given the state and (for assessed units) the route.
 * `data_sanitized` is allowed in every state but closed: the media can be wiped
 * whenever the floor gets to it, as long as the unit is still in our custody.
 */
export function allowedNext(state: UnitState, route: Route | null): EventType[] {
  const next = transitionsFrom(state, route);
  if (state === 'closed') return next;
  return [...next.filter((t) => t !== 'voided'), 'data_sanitized', 'voided'];
}

/** The moves of the state machine proper. */
function transitionsFrom(state: UnitState, route: Route | null): EventType[] {
  switch (state) {
    case 'received':
      return ['assessed', 'voided'];
    case 'assessed': {
      const next: EventType[] = ['assessed'];
      if (route === 'refurbish') next.push('refurbishment_started');
      if (route === 'harvest' || route === 'recycle') next.push('part_harvested');
      return [...next, ...DISPOSALS, 'voided'];
    }
    case 'in_refurbishment':
      return ['refurbished', 'voided'];
    case 'refurbished':
      return ['released', 'voided'];
    case 'dismantling':
      return ['part_harvested', ...DISPOSALS, 'voided'];
    case 'closed':
      return ['voided'];
  }
}

/**
 * The events whose own `massG` leaves the unit, and the balance field it fills: every
 * outflow but `released`, which takes whatever is left (see advance).
 */
const OUTGOING: Partial<Record<EventType, OutflowGrams>> = Object.fromEntries(
  OUTFLOWS.filter((o) => o.type !== 'released').map((o) => [o.type, gramsField(o)]),
);
const RELEASED: OutflowGrams = gramsField(outflowOf('released')!);
const RELEASED_FLOW = flowKey(flowOf('released', null));

/** Refuses an event type the state (and, when assessed, the route) does not allow next. */
export function checkTransition(p: Projection, e: Pick<LedgerEvent, 'type'>): LifecycleError | null {
  const next = allowedNext(p.state, p.route);
  if (next.includes(e.type)) return null;
  const why =
    p.state === 'assessed' && (e.type === 'refurbishment_started' || e.type === 'part_harvested')
      ? ` (the unit is routed to "${p.route}")`
      : '';
  return {
    code: 'lifecycle.invalid_transition',
    detail: `A unit in state "${p.state}"${why} cannot take "${e.type}"; allowed next: ${next.join(', ')}.`,
    extensions: { state: p.state, route: p.route, allowedNext: next },
  };
}

/** Refuses outgoing mass beyond what is still on the unit. */
export function checkMass(p: Projection, e: Pick<LedgerEvent, 'type' | 'massG'>): LifecycleError | null {
  if (!OUTGOING[e.type]) return null;
  const m = e.massG ?? 0;
  const b = p.balance;
  if (m <= b.remainingG) return null;
  return {
    code: 'mass.exceeds_intake',
    detail: `${m / 1000} kg would exceed the ${b.remainingG / 1000} kg still on the unit (intake ${b.intakeG / 1000} kg).`,
    extensions: { remainingKg: b.remainingG / 1000, requestedKg: m / 1000 },
  };
}

/** Applies one (non-void) event: transition, then mass, then its effect on the projection. */
export function applyEvent(p: Projection, e: LedgerEvent): Step {
  if (e.type === 'voided') throw new Error('voided events are applied by replay, not applyEvent');
  const error = checkTransition(p, e) ?? checkMass(p, e);
  if (error) return { ok: false, error };
  return { ok: true, ...advance(p, e) };
}

/** The effect of an event that passed its checks. */
export function advance(p: Projection, e: LedgerEvent): { projection: Projection; effects: Effect[] } {
  const b = { ...p.balance };
  const effects: Effect[] = [];
  let state: UnitState = p.state;
  let route = p.route;
  const day = e.occurredAt;

  const field = OUTGOING[e.type];
  if (field) {
    const m = e.massG ?? 0;
    b[field] += m;
    b.remainingG -= m;
    effects.push({ day, field, delta: m, flow: flowKey(flowOf(e.type as OutflowType, e.outflow)) });
    if (e.type === 'part_harvested') effects.push({ day, field: 'partsHarvested', delta: 1 });
    state = 'dismantling';
  } else if (e.type === 'assessed') {
    state = 'assessed';
    route = e.route ?? null;
  } else if (e.type === 'refurbishment_started') {
    state = 'in_refurbishment';
  } else if (e.type === 'refurbished') {
    state = 'refurbished';
  } else if (e.type === 'released') {
    // The whole remaining unit is reused as a refurbished system.
    const m = b.remainingG;
    b[RELEASED] += m;
    b.remainingG = 0;
    effects.push({ day, field: RELEASED, delta: m, flow: RELEASED_FLOW }, { day, field: 'refurbishedUnits', delta: 1 });
    if (e.channel === 'donation') {
      effects.push({ day, field: 'donatedG', delta: m }, { day, field: 'donatedUnits', delta: 1 });
    }
  }

  let closedAt: string | null = null;
  if (b.remainingG === 0) {
    state = 'closed';
    closedAt = day;
    effects.push({ day, field: 'unitsClosed', delta: 1 });
  }
  const lastEventAt = p.lastEventAt && p.lastEventAt > day ? p.lastEventAt : day;
  return { projection: { state, route, balance: b, closedAt, lastEventAt }, effects };
}

export type Replay =
  | { ok: true; projection: Projection; effects: Effect[]; voided: Map<string, string> }
  | { ok: false; error: LifecycleError; failedEventId: string };

/**
 * Folds a unit's whole timeline (in recorded order) into its projection and report
 * effects. Voided events and the void events themselves are skipped; policies are
 * not re-checked here, since they applied when each event was recorded.
 */
export function replay(unit: UnitFacts, timeline: LedgerEvent[]): Replay {
  const voided = new Map<string, string>();
  for (const e of timeline) if (e.type === 'voided' && e.voidsEventId) voided.set(e.voidsEventId, e.id);
  let projection = initialProjection(unit);
  const effects: Effect[] = [
    { day: unit.receivedAt, field: 'unitsReceived', delta: 1 },
    { day: unit.receivedAt, field: 'intakeG', delta: unit.intakeG },
  ];
  for (const e of timeline) {
    if (e.type === 'voided' || voided.has(e.id)) continue;
    const step = applyEvent(projection, e);
    if (!step.ok) return { ok: false, error: step.error, failedEventId: e.id };
    projection = step.projection;
    effects.push(...step.effects);
  }
  return { ok: true, projection, effects, voided };
}

/** Net change per (day, flow) of the outflows' mass between two effect lists; zero entries dropped. */
export function diffFlows(before: Effect[], after: Effect[]): Map<string, Map<string, number>> {
  const byDay = new Map<string, Map<string, number>>();
  const add = (list: Effect[], sign: 1 | -1) => {
    for (const { day, flow, delta } of list) {
      if (flow === undefined) continue;
      let row = byDay.get(day);
      if (!row) byDay.set(day, (row = new Map()));
      row.set(flow, (row.get(flow) ?? 0) + sign * delta);
    }
  };
  add(after, 1);
  add(before, -1);
  for (const [day, row] of byDay) {
    for (const [k, v] of row) if (v === 0) row.delete(k);
    if (row.size === 0) byDay.delete(day);
  }
  return byDay;
}

/** Net change per (day, field) between two effect lists; zero entries dropped. */
export function diffEffects(before: Effect[], after: Effect[]): Map<string, Partial<Record<RollupField, number>>> {
  const byDay = new Map<string, Partial<Record<RollupField, number>>>();
  const add = (list: Effect[], sign: 1 | -1) => {
    for (const { day, field, delta } of list) {
      const row = byDay.get(day) ?? {};
      row[field] = (row[field] ?? 0) + sign * delta;
      byDay.set(day, row);
    }
  };
  add(after, 1);
  add(before, -1);
  for (const [day, row] of byDay) {
    for (const k of Object.keys(row) as RollupField[]) if (row[k] === 0) delete row[k];
    if (Object.keys(row).length === 0) byDay.delete(day);
  }
  return byDay;
}
