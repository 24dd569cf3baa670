import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { ReadCache } from '../../src/db/read-cache.js';
import { lockYear } from '../../src/modules/periods/periods.service.js';
import { appendEvent } from '../../src/modules/units/units.service.js';
import { addEvents, createUnit } from '../helpers/factories.js';
import { createTestApp, fixedClock, type TestApp } from '../helpers/test-app.js';

const TODAY = '2026-06-15'; // the test clock's date
const on = (day: string) => ({ occurredAt: day });

/** The history that brings a fresh unit to each state (dated before today). */
const HISTORIES: Record<string, Record<string, unknown>[]> = {
  received: [],
  'assessed for refurbishment': [{ type: 'assessed', ...on('2026-01-02'), grade: 'A', route: 'refurbish' }],
  'assessed for harvest': [{ type: 'assessed', ...on('2026-01-02'), grade: 'C', route: 'harvest' }],
  in_refurbishment: [
    { type: 'assessed', ...on('2026-01-02'), grade: 'A', route: 'refurbish' },
    { type: 'refurbishment_started', ...on('2026-01-03'), siteCode: 'HU-EROC' },
  ],
  refurbished: [
    { type: 'assessed', ...on('2026-01-02'), grade: 'A', route: 'refurbish' },
    { type: 'refurbishment_started', ...on('2026-01-03'), siteCode: 'HU-EROC' },
    { type: 'refurbished', ...on('2026-02-01') },
  ],
  dismantling: [
    { type: 'assessed', ...on('2026-01-02'), grade: 'C', route: 'harvest' },
    { type: 'part_harvested', ...on('2026-01-05'), partNumber: 'TUBE-1', massKg: 100, destination: 'service_stock' },
  ],
  closed: [
    { type: 'assessed', ...on('2026-01-02'), grade: 'D', route: 'landfill' },
    { type: 'landfilled', ...on('2026-01-05'), massKg: 1000, reason: 'broken beyond repair' },
  ],
};

/** One valid body per event type, dated today (a void names the unit's first voidable event). */
const BODIES: Record<string, (u: { voidableEventIds: string[]; events: { id: string }[] }) => Record<string, unknown>> = {
  assessed: () => ({ type: 'assessed', occurredAt: TODAY, grade: 'B', route: 'harvest' }),
  refurbishment_started: () => ({ type: 'refurbishment_started', occurredAt: TODAY, siteCode: 'HU-EROC' }),
  refurbished: () => ({ type: 'refurbished', occurredAt: TODAY }),
  released: () => ({ type: 'released', occurredAt: TODAY, channel: 'sale', destinationCountry: 'PL' }),
  part_harvested: () => ({ type: 'part_harvested', occurredAt: TODAY, partNumber: 'P-1', massKg: 1, destination: 'service_stock' }),
  recycled: () => ({ type: 'recycled', occurredAt: TODAY, massKg: 1, material: 'ferrous', recycler: 'Metals Kft' }),
  landfilled: () => ({ type: 'landfilled', occurredAt: TODAY, massKg: 1, reason: 'composite' }),
  voided: (u) => ({ type: 'voided', occurredAt: TODAY, eventId: u.voidableEventIds[0] ?? u.events.at(-1)?.id ?? 'evt_none', reason: 'entered by mistake' }),
};

async function unitIn(t: TestApp, state: string, over: Record<string, unknown> = {}) {
  const u = await createUnit(t, { dataBearing: false, massKg: 1000, receivedAt: '2026-01-01', ...over });
  await addEvents(t, u.id, HISTORIES[state]!);
  return (await t.as('viewer').get(`/api/v1/units/${u.id}`)).body;
}

// Units here hold no patient data (dataBearing: false), so their mass may leave without a
// data_sanitized event; the sanitization gate has its own tests (sanitization*.test.ts).
describe('GET /units/:id allowedNext: the floor is offered exactly what the ledger accepts', () => {
  // Units are independent of each other, so one app serves every case.
  let t: TestApp;
  beforeAll(() => {
    t = createTestApp();
  });

  it.each(Object.keys(HISTORIES))('when a unit is %s, then every offered type is accepted and every other type refused', async (state) => {
    const probe = await unitIn(t, state);
    for (const type of Object.keys(BODIES)) {
      const u = await unitIn(t, state); // a fresh unit per attempt: each accepted event changes it
      expect(u.allowedNext).toEqual(probe.allowedNext);
      const res = await t.as('operator').post(`/api/v1/units/${u.id}/events`, BODIES[type]!(u));
      const why = `${state}: ${type} → ${res.status} ${JSON.stringify(res.body)}`;
      if (u.allowedNext.includes(type)) expect(res.status, why).toBe(201);
      else expect(res.status, why).toBeGreaterThanOrEqual(400);
    }
  });

  it('when a unit comes from China, then harvesting and refurbishment are never offered, and a POST of them is refused', async () => {
    const u = await unitIn(t, 'received', { originCountry: 'CN' });
    expect(u.allowedNext).toEqual(['assessed', 'data_sanitized']);
    const routed = await createUnit(t, { dataBearing: false, originCountry: 'CN', massKg: 1000, receivedAt: '2026-01-01' });
    await addEvents(t, routed.id, [{ type: 'assessed', ...on('2026-01-02'), grade: 'C', route: 'recycle' }]);
    const after = (await t.as('viewer').get(`/api/v1/units/${routed.id}`)).body;
    expect(after.allowedNext).toEqual(['assessed', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']);
    const harvest = await t.as('operator').post(`/api/v1/units/${routed.id}/events`, BODIES.part_harvested!(after));
    expect(harvest.body.code).toBe('policy.china_exclusion');
  });

  it('when events depend on each other, then voidableEventIds lists only those a void is accepted for', async () => {
    const u = await unitIn(t, 'dismantling');
    const [assessed, harvested] = u.events as { id: string }[];
    expect(u.voidableEventIds).toEqual([harvested!.id]);
    const refused = await t.as('operator').post(`/api/v1/units/${u.id}/events`, { type: 'voided', occurredAt: TODAY, eventId: assessed!.id, reason: 'x' });
    expect(refused.status).toBe(409);
  });

  it('when a viewer reads a unit, then allowedNext is the same as an operator sees (it describes the ledger, not the key)', async () => {
    const u = await unitIn(t, 'assessed for harvest');
    const asOperator = (await t.as('operator').get(`/api/v1/units/${u.id}`)).body;
    expect(asOperator.allowedNext).toEqual(u.allowedNext);
    expect(u.allowedNext).toEqual(['assessed', 'part_harvested', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']);
  });
});

// Next steps are kept per version of the unit in the app's read cache (src/db/read-cache.ts):
// these check that every change they depend on is seen by the very next read.
describe('GET /units/:id next steps follow every change they depend on at once', () => {
  const assessedUnit = async (t: TestApp, receivedAt: string, assessedOn: string) => {
    const u = await createUnit(t, { dataBearing: false, massKg: 1000, receivedAt });
    await addEvents(t, u.id, [{ type: 'assessed', occurredAt: assessedOn, grade: 'C', route: 'recycle' }]);
    return u.id;
  };
  const read = async (t: TestApp, id: string) => (await t.as('viewer').get(`/api/v1/units/${id}`)).body as { allowedNext: string[]; voidableEventIds: string[]; events: { id: string }[] };

  it('when the year of its events is locked after a read, then the next read offers no void of them, and after an unlock it does again', async () => {
    const t = createTestApp();
    const id = await assessedUnit(t, '2025-03-01', '2025-03-02');
    const before = await read(t, id);
    expect(before.voidableEventIds).toEqual([before.events[0]!.id]);
    expect(before.allowedNext).toContain('voided');

    expect((await t.as('esg').post('/api/v1/periods/2025/lock', {})).status).toBe(200);
    const locked = await read(t, id);
    expect(locked.voidableEventIds).toEqual([]);
    expect(locked.allowedNext).not.toContain('voided');
    expect(locked.allowedNext).toContain('recycled'); // today's mass moves nothing 2025 published
    const refused = await t.as('operator').post(`/api/v1/units/${id}/events`, { type: 'voided', occurredAt: TODAY, eventId: before.events[0]!.id, reason: 'x' });
    expect(refused.body.code).toBe('period.locked');

    expect((await t.as('admin').post('/api/v1/periods/2025/unlock', { reason: 'restate' })).status).toBe(200);
    expect((await read(t, id)).voidableEventIds).toEqual([before.events[0]!.id]);
  });

  it('when the day changes, then next steps are worked out for the new day (a locked year ends)', async () => {
    const clock = fixedClock('2026-12-31T12:00:00.000Z');
    const t = createTestApp({}, { clock });
    const id = await assessedUnit(t, '2026-01-01', '2026-01-02');
    expect((await t.as('esg').post('/api/v1/periods/2026/lock', {})).status).toBe(200);
    expect((await read(t, id)).allowedNext).toEqual([]); // anything dated today falls in locked 2026
    clock.set('2027-01-01T08:00:00.000Z');
    expect((await read(t, id)).allowedNext).toEqual(['assessed', 'part_harvested', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other']);
  });

  it('when another connection records an event or locks a year, then the next read here sees it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'next-steps-'));
    const file = path.join(dir, 'db.sqlite');
    const t = createTestApp({}, { db: openDatabase(file) });
    const other = openDatabase(file);
    try {
      const otherDeps = { ...t.deps, db: other, cache: new ReadCache(other) };
      const ctx = { actor: null, requestId: 'other' };
      const id = await assessedUnit(t, '2025-03-01', '2025-03-02');
      expect((await read(t, id)).allowedNext).toContain('assessed');

      appendEvent(otherDeps, ctx, id, { type: 'landfilled', occurredAt: '2025-04-01', massKg: 1000, reason: 'broken' });
      const closed = await read(t, id);
      expect(closed.events).toHaveLength(2);
      expect(closed.allowedNext).toEqual(['voided']);
      expect(closed.voidableEventIds).toEqual([closed.events[1]!.id]);

      lockYear(otherDeps, ctx, 2025);
      expect(await read(t, id)).toMatchObject({ allowedNext: [], voidableEventIds: [] });
    } finally {
      closeDatabase(other);
      closeDatabase(t.db);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
