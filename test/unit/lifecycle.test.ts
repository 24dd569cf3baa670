import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  diffEffects,
  diffFlows,
  initialProjection,
  replay,
  type EventType,
  type LedgerEvent,
  type Projection,
  type Route,
  type UnitFacts,
  type UnitState,
} from '../../src/domain/lifecycle.js';

const unit: UnitFacts = { intakeG: 1_000_000, originCountry: 'DE', receivedAt: '2024-01-10' };

let n = 0;
const ev = (type: EventType, extra: Partial<LedgerEvent> = {}): LedgerEvent => ({
  id: `e${++n}`,
  type,
  occurredAt: '2024-02-01',
  massG: ['part_harvested', 'recycled', 'landfilled', 'energy_recovered'].includes(type) ? 1000 : null,
  voidsEventId: null,
  ...(type === 'assessed' ? { route: 'recycle' as Route } : {}),
  ...(type === 'released' ? { channel: 'sale' as const, destinationCountry: 'FR' } : {}),
  ...extra,
});

/** A projection in the given state (and route), with some mass still on the unit. */
function at(state: UnitState, route: Route | null = null): Projection {
  const p = initialProjection(unit);
  return { ...p, state, route, balance: state === 'closed' ? { ...p.balance, recycledG: unit.intakeG, remainingG: 0 } : p.balance };
}

// Every (state, route) × every non-void event type, written out from the contract.
// true = allowed, false = lifecycle.invalid_transition.
const NON_VOID: EventType[] = ['assessed', 'refurbishment_started', 'refurbished', 'released', 'part_harvested', 'recycled', 'landfilled', 'energy_recovered'];
const TABLE: Array<[UnitState, Route | null, Record<string, boolean>]> = [
  ['received', null, { assessed: true, refurbishment_started: false, refurbished: false, released: false, part_harvested: false, recycled: false, landfilled: false, energy_recovered: false }],
  ['assessed', 'refurbish', { assessed: true, refurbishment_started: true, refurbished: false, released: false, part_harvested: false, recycled: true, landfilled: true, energy_recovered: true }],
  ['assessed', 'harvest', { assessed: true, refurbishment_started: false, refurbished: false, released: false, part_harvested: true, recycled: true, landfilled: true, energy_recovered: true }],
  ['assessed', 'recycle', { assessed: true, refurbishment_started: false, refurbished: false, released: false, part_harvested: true, recycled: true, landfilled: true, energy_recovered: true }],
  ['assessed', 'landfill', { assessed: true, refurbishment_started: false, refurbished: false, released: false, part_harvested: false, recycled: true, landfilled: true, energy_recovered: true }],
  ['in_refurbishment', 'refurbish', { assessed: false, refurbishment_started: false, refurbished: true, released: false, part_harvested: false, recycled: false, landfilled: false, energy_recovered: false }],
  ['refurbished', 'refurbish', { assessed: false, refurbishment_started: false, refurbished: false, released: true, part_harvested: false, recycled: false, landfilled: false, energy_recovered: false }],
  ['dismantling', 'harvest', { assessed: false, refurbishment_started: false, refurbished: false, released: false, part_harvested: true, recycled: true, landfilled: true, energy_recovered: true }],
  ['dismantling', 'refurbish', { assessed: false, refurbishment_started: false, refurbished: false, released: false, part_harvested: true, recycled: true, landfilled: true, energy_recovered: true }],
  ['closed', 'recycle', { assessed: false, refurbishment_started: false, refurbished: false, released: false, part_harvested: false, recycled: false, landfilled: false, energy_recovered: false }],
];
const CASES = TABLE.flatMap(([state, route, row]) => NON_VOID.map((type) => [state, route, type, row[type]!] as const));

const EXPECTED_NEXT_STATE: Partial<Record<EventType, UnitState>> = {
  assessed: 'assessed',
  refurbishment_started: 'in_refurbishment',
  refurbished: 'refurbished',
  released: 'closed',
  part_harvested: 'dismantling',
  recycled: 'dismantling',
  landfilled: 'dismantling',
  energy_recovered: 'dismantling',
};

describe('lifecycle transitions', () => {
  it('covers every state and every event type', () => {
    expect(new Set(TABLE.map(([s]) => s))).toEqual(new Set(['received', 'assessed', 'in_refurbishment', 'refurbished', 'dismantling', 'closed']));
    expect(CASES).toHaveLength(TABLE.length * NON_VOID.length);
  });

  it.each(CASES)('when a %s unit (route %s) takes %s, then allowed = %s', (state, route, type, allowed) => {
    const step = applyEvent(at(state, route), ev(type));
    if (allowed) {
      expect(step.ok).toBe(true);
      if (step.ok) expect(step.projection.state).toBe(EXPECTED_NEXT_STATE[type]);
    } else {
      expect(step.ok).toBe(false);
      if (!step.ok) {
        expect(step.error.code).toBe('lifecycle.invalid_transition');
        expect(step.error.detail).toContain(`"${state}"`);
        expect(step.error.extensions?.allowedNext).toEqual(expect.arrayContaining(['voided']));
      }
    }
  });

  // data_sanitized: allowed in every state but closed, moving neither state, route nor mass.
  it.each(TABLE.map(([state, route]) => [state, route] as const))('when a %s unit (route %s) takes data_sanitized, then only its date moves', (state, route) => {
    const before = at(state, route);
    const step = applyEvent(before, ev('data_sanitized', { occurredAt: '2024-02-03' }));
    if (state === 'closed') {
      expect(step.ok).toBe(false);
      if (!step.ok) expect(step.error).toMatchObject({ code: 'lifecycle.invalid_transition', extensions: { allowedNext: ['voided'] } });
      return;
    }
    expect(step.ok).toBe(true);
    if (!step.ok) return;
    expect(step.projection).toEqual({ ...before, lastEventAt: '2024-02-03' });
    expect(step.effects).toEqual([]);
  });

  it('when assessed again, then the route changes', () => {
    const step = applyEvent(at('assessed', 'refurbish'), ev('assessed', { route: 'landfill' }));
    expect(step.ok && step.projection.route).toBe('landfill');
  });
});

describe('mass balance', () => {
  it('when outgoing mass reaches the intake exactly, then the unit closes on that date', () => {
    let p = applyEvent(at('assessed', 'harvest'), ev('part_harvested', { massG: 250_001 }));
    if (!p.ok) throw new Error('unexpected');
    p = applyEvent(p.projection, ev('recycled', { massG: 700_000, occurredAt: '2024-03-01' }));
    if (!p.ok) throw new Error('unexpected');
    const last = applyEvent(p.projection, ev('landfilled', { massG: 49_999, occurredAt: '2024-04-02' }));
    expect(last.ok).toBe(true);
    if (!last.ok) return;
    expect(last.projection.state).toBe('closed');
    expect(last.projection.closedAt).toBe('2024-04-02');
    expect(last.projection.balance).toEqual({
      intakeG: 1_000_000, refurbishedG: 0, harvestedG: 250_001, recycledG: 700_000, landfilledG: 49_999, energyRecoveredG: 0, incineratedG: 0, otherDisposalG: 0, remainingG: 0,
    });
    // A ledger event that carries no v1.2 facts flows as its type's defaults would: no code known here.
    expect(last.effects).toEqual([
      { day: '2024-04-02', field: 'landfilledG', delta: 49_999, flow: 'landfilled||0|0' },
      { day: '2024-04-02', field: 'unitsClosed', delta: 1 },
    ]);
  });

  it('when the last grams go to energy recovery, then they count as energy recovered and the unit closes like any outgoing mass', () => {
    let p = applyEvent(at('assessed', 'recycle'), ev('recycled', { massG: 900_000, occurredAt: '2025-02-01' }));
    if (!p.ok) throw new Error('unexpected');
    expect(p.projection.state).toBe('dismantling');
    p = applyEvent(p.projection, ev('energy_recovered', { massG: 100_000, occurredAt: '2025-02-03' }));
    if (!p.ok) throw new Error('unexpected');
    expect(p.projection).toMatchObject({ state: 'closed', closedAt: '2025-02-03' });
    expect(p.projection.balance).toMatchObject({ recycledG: 900_000, energyRecoveredG: 100_000, landfilledG: 0, remainingG: 0 });
    expect(p.effects).toEqual([
      { day: '2025-02-03', field: 'energyRecoveredG', delta: 100_000, flow: 'energy_recovered||0|0' },
      { day: '2025-02-03', field: 'unitsClosed', delta: 1 },
    ]);
  });

  it('when energy recovery asks for one gram over what remains, then mass.exceeds_intake', () => {
    const step = applyEvent(at('dismantling', 'recycle'), ev('energy_recovered', { massG: 1_000_001 }));
    expect(!step.ok && step.error.code).toBe('mass.exceeds_intake');
  });

  it('when outgoing mass is one gram over what remains, then mass.exceeds_intake and nothing changes', () => {
    const p = at('dismantling', 'recycle');
    const step = applyEvent(p, ev('recycled', { massG: 1_000_001 }));
    expect(step.ok).toBe(false);
    if (!step.ok) expect(step.error.code).toBe('mass.exceeds_intake');
    expect(p.balance.remainingG).toBe(1_000_000);
  });

  it('when a refurbished unit is released, then all remaining mass counts as refurbished and it closes', () => {
    const step = applyEvent(at('refurbished', 'refurbish'), ev('released', { channel: 'donation', destinationCountry: 'KE' }));
    expect(step.ok).toBe(true);
    if (!step.ok) return;
    expect(step.projection.balance.refurbishedG).toBe(1_000_000);
    expect(step.projection.state).toBe('closed');
    const fields = step.effects.map((e) => `${e.field}:${e.delta}`);
    expect(fields).toEqual(['refurbishedG:1000000', 'refurbishedUnits:1', 'donatedG:1000000', 'donatedUnits:1', 'unitsClosed:1']);
  });
});

describe('outflow flows (the disclosure roll-up)', () => {
  it('when an outflow carries its recorded facts, then its mass effect names its flow: type, treatment, hazardous, radioactive', () => {
    const step = applyEvent(
      at('dismantling', 'recycle'),
      ev('landfilled', { massG: 5_000, outflow: { treatmentCode: 'D5', wasteCode: '16 02 13*', hazardous: true, radioactive: false } }),
    );
    expect(step.ok && step.effects[0]).toEqual({ day: '2024-02-01', field: 'landfilledG', delta: 5_000, flow: 'landfilled|D5|1|0' });
  });

  it('when a release closes a unit, then its mass flows as released with no treatment, not hazardous', () => {
    const step = applyEvent(at('refurbished', 'refurbish'), ev('released', { channel: 'sale', destinationCountry: 'DE' }));
    expect(step.ok && step.effects.filter((e) => e.flow)).toEqual([{ day: '2024-02-01', field: 'refurbishedG', delta: 1_000_000, flow: 'released||0|0' }]);
  });

  it('when an outflow is voided, then diffFlows takes its grams back from its day and flow, and leaves no zero entry', () => {
    const a = ev('assessed', { id: 'a', route: 'recycle' });
    const r1 = ev('recycled', { id: 'r1', massG: 300, occurredAt: '2024-05-01', outflow: { treatmentCode: 'R4', wasteCode: null, hazardous: false, radioactive: false } });
    const r2 = ev('recycled', { id: 'r2', massG: 200, occurredAt: '2024-05-01', outflow: { treatmentCode: 'R5', wasteCode: null, hazardous: false, radioactive: false } });
    const before = replay(unit, [a, r1, r2]);
    const after = replay(unit, [a, r1, r2, ev('voided', { id: 'v', voidsEventId: 'r2', occurredAt: '2024-05-02' })]);
    if (!before.ok || !after.ok) throw new Error('unexpected');
    expect(diffFlows(before.effects, after.effects)).toEqual(new Map([['2024-05-01', new Map([['recycled|R5|0|0', -200]])]]));
    expect(diffFlows(before.effects, before.effects)).toEqual(new Map());
  });
});

describe('replay and voids', () => {
  it('when the closing event is voided, then the unit reopens and the closing effects vanish', () => {
    const a = ev('assessed', { id: 'a', route: 'recycle' });
    const r = ev('recycled', { id: 'r', massG: 1_000_000, occurredAt: '2024-05-01' });
    const v = ev('voided', { id: 'v', voidsEventId: 'r', occurredAt: '2024-05-02' });
    const closed = replay(unit, [a, r]);
    const reopened = replay(unit, [a, r, v]);
    expect(closed.ok && closed.projection.state).toBe('closed');
    expect(reopened.ok && reopened.projection.state).toBe('assessed');
    if (!closed.ok || !reopened.ok) return;
    expect(reopened.voided.get('r')).toBe('v');
    const diff = diffEffects(closed.effects, reopened.effects);
    expect(Object.fromEntries(diff)).toEqual({ '2024-05-01': { recycledG: -1_000_000, unitsClosed: -1 } });
  });

  it('when voiding an event would leave a later event without a valid state, then replay fails at that event', () => {
    const a = ev('assessed', { id: 'a', route: 'harvest' });
    const h = ev('part_harvested', { id: 'h' });
    const r = replay(unit, [a, h, ev('voided', { id: 'v', voidsEventId: 'a' })]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failedEventId).toBe('h');
      expect(r.error.code).toBe('lifecycle.invalid_transition');
    }
  });

  it('when replaying, then the unit counts as received on its receivedAt with its intake', () => {
    const r = replay(unit, []);
    expect(r.ok && r.effects).toEqual([
      { day: '2024-01-10', field: 'unitsReceived', delta: 1 },
      { day: '2024-01-10', field: 'intakeG', delta: 1_000_000 },
    ]);
  });
});
