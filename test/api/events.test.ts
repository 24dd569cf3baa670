import { describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit, sanitized } from '../helpers/factories.js';
import { createTestApp, dump, tableCounts } from '../helpers/test-app.js';

const kpiRows = (t: ReturnType<typeof createTestApp>) =>
  t.db.$client.prepare('SELECT day, units_received, intake_g, units_closed, refurbished_units, parts_harvested, refurbished_g, harvested_g, recycled_g, landfilled_g FROM kpi_daily ORDER BY day').all();

describe('a unit through its whole life', () => {
  it('when a unit is assessed, harvested, recycled and landfilled to zero, then it closes with an exact balance', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 2500.5, receivedAt: '2024-03-01' });
    await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'harvest' },
      { type: 'part_harvested', occurredAt: '2024-03-05', partNumber: 'X-RAY-TUBE-1', massKg: 120.25, destination: 'service_stock' },
      { type: 'part_harvested', occurredAt: '2024-03-05', partNumber: 'DETECTOR-7', massKg: 80.125, destination: 'refurbishment' },
      sanitized('2024-03-06'),
      { type: 'recycled', occurredAt: '2024-04-01', massKg: 2100, material: 'ferrous', recycler: 'Metals Kft' },
    ]);
    const mid = await t.as('viewer').get(`/api/v1/units/${u.id}`);
    expect(mid.body.state).toBe('dismantling');
    expect(mid.body.massBalance.remainingKg).toBe(200.125);
    const last = await addEvent(t, u.id, { type: 'landfilled', occurredAt: '2024-04-02', massKg: 200.125, reason: 'composite panels' });
    expect(last.status).toBe(201);
    const res = await t.as('viewer').get(`/api/v1/units/${u.id}`);
    expect(res.body.state).toBe('closed');
    expect(res.body.closedAt).toBe('2024-04-02');
    expect(res.body.massBalance).toEqual({
      intakeKg: 2500.5, refurbishedKg: 0, harvestedKg: 200.375, recycledKg: 2100, reusedKg: 2300.375, landfilledKg: 200.125, energyRecoveredKg: 0, incineratedKg: 0, otherDisposalKg: 0, remainingKg: 0,
    });
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['assessed', 'part_harvested', 'part_harvested', 'data_sanitized', 'recycled', 'landfilled']);
    expect(res.body.events[1]).toMatchObject({ partNumber: 'X-RAY-TUBE-1', massKg: 120.25, voided: false, voidedBy: null, actor: expect.stringMatching(/^key_/) });
    // The roll-up that reports read holds each movement on its own day, to the gram.
    expect(kpiRows(t)).toEqual([
      { day: '2024-03-01', units_received: 1, intake_g: 2_500_500, units_closed: 0, refurbished_units: 0, parts_harvested: 0, refurbished_g: 0, harvested_g: 0, recycled_g: 0, landfilled_g: 0 },
      { day: '2024-03-05', units_received: 0, intake_g: 0, units_closed: 0, refurbished_units: 0, parts_harvested: 2, refurbished_g: 0, harvested_g: 200_375, recycled_g: 0, landfilled_g: 0 },
      { day: '2024-04-01', units_received: 0, intake_g: 0, units_closed: 0, refurbished_units: 0, parts_harvested: 0, refurbished_g: 0, harvested_g: 0, recycled_g: 2_100_000, landfilled_g: 0 },
      { day: '2024-04-02', units_received: 0, intake_g: 0, units_closed: 1, refurbished_units: 0, parts_harvested: 0, refurbished_g: 0, harvested_g: 0, recycled_g: 0, landfilled_g: 200_125 },
    ]);
    const more = await addEvent(t, u.id, { type: 'recycled', occurredAt: '2024-04-03', massKg: 1, material: 'mixed', recycler: 'R' });
    expect(more.status).toBe(409);
    expect(more.body).toMatchObject({ code: 'lifecycle.invalid_transition', state: 'closed', allowedNext: ['voided'] });
  });

  it('when a unit is refurbished and released, then all its mass counts as refurbished', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 4200, category: 'imaging', modality: 'MR' });
    await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'refurbish' },
      { type: 'refurbishment_started', occurredAt: '2024-03-03', siteCode: 'HU-EROC' },
      { type: 'refurbished', occurredAt: '2024-05-01', certification: 'GoldSeal', warrantyMonths: 12 },
      sanitized('2024-05-02'),
      { type: 'released', occurredAt: '2024-06-01', channel: 'sale', destinationCountry: 'PL' },
    ]);
    const res = await t.as('viewer').get(`/api/v1/units/${u.id}`);
    expect(res.body).toMatchObject({ state: 'closed', closedAt: '2024-06-01' });
    expect(res.body.massBalance).toMatchObject({ refurbishedKg: 4200, reusedKg: 4200, remainingKg: 0 });
  });
});

describe('voided corrections', () => {
  it('when the closing event is voided, then the unit reopens, the event stays marked, and the roll-up forgets it', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    const [, , rec] = await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
      sanitized('2024-03-02'),
      { type: 'recycled', occurredAt: '2024-03-03', massKg: 100, material: 'mixed', recycler: 'R' },
    ]);
    const v = await addEvent(t, u.id, { type: 'voided', occurredAt: '2024-03-04', eventId: rec.id, reason: 'wrong unit' });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ type: 'voided', eventId: rec.id, reason: 'wrong unit' });
    const res = await t.as('viewer').get(`/api/v1/units/${u.id}`);
    expect(res.body.state).toBe('assessed');
    expect(res.body.massBalance.remainingKg).toBe(100);
    expect(res.body.events[2]).toMatchObject({ id: rec.id, voided: true, voidedBy: v.body.id });
    const sums = t.db.$client.prepare('SELECT sum(recycled_g) r, sum(units_closed) c FROM kpi_daily').get();
    expect(sums).toEqual({ r: 0, c: 0 });
    // The ledger row itself is untouched.
    expect(t.db.$client.prepare('SELECT count(*) n FROM events WHERE unit_id = ?').get(u.id)).toEqual({ n: 4 });
  });

  it.each([
    ['an already voided event', 'twice', 409, 'lifecycle.invalid_transition'],
    ['a void event', 'void', 409, 'lifecycle.invalid_transition'],
    ['an event of another unit', 'other', 400, 'validation.failed'],
    ['an unknown event', 'unknown', 400, 'validation.failed'],
  ])('when voiding %s, then %i %s and nothing changes', async (_n, kind, status, code) => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    const other = await createUnit(t, { massKg: 100 });
    const [a] = await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' }]);
    const [oa] = await addEvents(t, other.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' }]);
    const [v1] = await addEvents(t, u.id, [{ type: 'voided', occurredAt: '2024-03-03', eventId: a.id, reason: 'r' }]);
    const target = { twice: a.id, void: v1.id, other: oa.id, unknown: 'evt_nope' }[kind];
    const before = dump(t.db);
    const res = await addEvent(t, u.id, { type: 'voided', occurredAt: '2024-03-04', eventId: target, reason: 'r' });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(dump(t.db)).toBe(before);
  });

  it('when voiding an event that a later event depends on, then 409 naming the later event', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    const [a, h] = await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'B', route: 'harvest' },
      { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: 'P', massKg: 5, destination: 'service_stock' },
    ]);
    const res = await addEvent(t, u.id, { type: 'voided', occurredAt: '2024-03-04', eventId: a.id, reason: 'r' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'lifecycle.invalid_transition', failedEventId: h.id });
  });
});

describe('China policy through the API', () => {
  const cases: Array<[string, Record<string, unknown>[], Record<string, unknown>]> = [
    ['assessed for refurbishment', [], { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'refurbish' }],
    ['assessed for harvest', [], { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'harvest' }],
    ['harvesting a part after a recycle assessment', [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' }],
      { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: 'P', massKg: 1, destination: 'service_stock' }],
  ];
  it.each(cases)('when a China unit is %s, then 409 policy.china_exclusion and nothing is stored', async (_n, setup, body) => {
    const t = createTestApp();
    const u = await createUnit(t, { originCountry: 'CN' });
    await addEvents(t, u.id, setup);
    const before = tableCounts(t.db);
    const res = await addEvent(t, u.id, body);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('policy.china_exclusion');
    expect(tableCounts(t.db)).toEqual(before);
  });

  it.each(cases)('when a China unit is %s with the policy off, then it is accepted', async (_n, setup, body) => {
    const t = createTestApp({ policyChinaExclusion: false });
    const u = await createUnit(t, { originCountry: 'CN' });
    await addEvents(t, u.id, setup);
    expect((await addEvent(t, u.id, body)).status).toBe(201);
  });

  it('when any unit would be refurbished at a site in China or released into China, then 409; with the policy off, accepted', async () => {
    for (const on of [true, false]) {
      const t = createTestApp({ policyChinaExclusion: on });
      await t.as('admin').post('/api/v1/sites', { code: 'CN-SH', name: 'Shanghai', country: 'CN' });
      const u = await createUnit(t, { originCountry: 'DE' });
      await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'refurbish' }]);
      const atCn = await addEvent(t, u.id, { type: 'refurbishment_started', occurredAt: '2024-03-03', siteCode: 'CN-SH' });
      expect(atCn.status).toBe(on ? 409 : 201);
      if (on) {
        expect(atCn.body.code).toBe('policy.china_exclusion');
        await addEvents(t, u.id, [{ type: 'refurbishment_started', occurredAt: '2024-03-03', siteCode: 'HU-EROC' }]);
      }
      await addEvents(t, u.id, [{ type: 'refurbished', occurredAt: '2024-04-01' }, sanitized('2024-04-01')]);
      const intoCn = await addEvent(t, u.id, { type: 'released', occurredAt: '2024-04-02', channel: 'sale', destinationCountry: 'CN' });
      expect(intoCn.status).toBe(on ? 409 : 201);
    }
  });

  it('when a China unit is recycled and landfilled, then it closes normally', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { originCountry: 'CN', massKg: 10 });
    await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
      sanitized('2024-03-02'),
      { type: 'recycled', occurredAt: '2024-03-03', massKg: 9, material: 'copper', recycler: 'R' },
      { type: 'landfilled', occurredAt: '2024-03-03', massKg: 1, reason: 'residue' },
    ]);
    expect((await t.as('viewer').get(`/api/v1/units/${u.id}`)).body.state).toBe('closed');
  });
});

describe('refusals in the contract’s order', () => {
  it('when an event breaks the China policy, the state machine and the mass at once, then the policy is named', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { originCountry: 'CN', massKg: 10 });
    const res = await addEvent(t, u.id, { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: 'P', massKg: 11, destination: 'service_stock' });
    expect(res.body.code).toBe('policy.china_exclusion');
  });

  it('when an event breaks the state machine and the mass, then the transition is named', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 10 });
    const res = await addEvent(t, u.id, { type: 'recycled', occurredAt: '2024-03-03', massKg: 11, material: 'mixed', recycler: 'R' });
    expect(res.body.code).toBe('lifecycle.invalid_transition');
  });

  it('when the year is locked and the event also breaks the policy, then period.locked is named; invalid input beats both', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { originCountry: 'CN', massKg: 10, receivedAt: '2023-12-01' });
    t.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2024, 1, 'x', 'test')").run();
    const locked = await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-01-02', grade: 'A', route: 'refurbish' });
    expect(locked.status).toBe(409);
    expect(locked.body).toMatchObject({ code: 'period.locked', year: 2024 });
    const invalid = await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-01-02', grade: 'Z', route: 'refurbish' });
    expect(invalid.status).toBe(400);
  });

  it('when a unit or event is dated in a locked year, including a void, then 409 period.locked and nothing changes', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 10, receivedAt: '2023-12-01' });
    const [a] = await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2023-12-02', grade: 'D', route: 'recycle' }, sanitized('2023-12-02')]);
    t.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, 'x', 'test')").run();
    const before = dump(t.db);
    const unit = await t.as('operator').post('/api/v1/units', { ...{ serialNumber: 'L1', category: 'ultrasound', model: 'M', massKg: 1, originCountry: 'US', siteCode: 'US-ROC', returnChannel: 'buy_back' }, receivedAt: '2023-06-01' });
    const event = await addEvent(t, u.id, { type: 'recycled', occurredAt: '2023-12-31', massKg: 1, material: 'mixed', recycler: 'R' });
    const voidInOpenYear = await addEvent(t, u.id, { type: 'voided', occurredAt: '2024-01-05', eventId: a.id, reason: 'r' });
    for (const r of [unit, event, voidInOpenYear]) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('period.locked');
    }
    expect(dump(t.db)).toBe(before);
    const ok = await addEvent(t, u.id, { type: 'recycled', occurredAt: '2024-01-05', massKg: 1, material: 'mixed', recycler: 'R' });
    expect(ok.status).toBe(201);
  });
});

describe('event dates', () => {
  it.each([
    ['in the future', '2026-06-16', /future/],
    ['before the unit was received', '2024-02-28', /received/],
    ['before the unit’s latest event', '2024-03-04', /latest event/],
  ])('when an event is dated %s, then 400 on occurredAt', async (_n, date, msg) => {
    const t = createTestApp();
    const u = await createUnit(t, { receivedAt: '2024-03-01' });
    await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2024-03-05', grade: 'B', route: 'recycle' }]);
    const res = await addEvent(t, u.id, { type: 'recycled', occurredAt: date, massKg: 1, material: 'mixed', recycler: 'R' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ path: 'occurredAt', message: expect.stringMatching(msg) });
  });

  it.each([
    ['an unknown type', { type: 'exploded', occurredAt: '2024-03-02' }, 'type'],
    ['a missing grade', { type: 'assessed', occurredAt: '2024-03-02', route: 'recycle' }, 'grade'],
    ['an unknown material', { type: 'recycled', occurredAt: '2024-03-02', massKg: 1, material: 'gold', recycler: 'R' }, 'material'],
    ['a negative mass', { type: 'landfilled', occurredAt: '2024-03-02', massKg: -1, reason: 'r' }, 'massKg'],
    ['an absurd mass', { type: 'landfilled', occurredAt: '2024-03-02', massKg: 1e9, reason: 'r' }, 'massKg'],
    ['a field of another type', { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle', massKg: 3 }, '(body)'],
    ['an unknown site', { type: 'refurbishment_started', occurredAt: '2024-03-02', siteCode: 'NOPE' }, 'siteCode'],
    ['an unknown destination country', { type: 'released', occurredAt: '2024-03-02', channel: 'sale', destinationCountry: 'ZZ' }, 'destinationCountry'],
  ])('when the event has %s, then 400 naming %s and nothing is stored', async (_n, body, path) => {
    const t = createTestApp();
    const u = await createUnit(t, { receivedAt: '2024-03-01' });
    const before = dump(t.db);
    const res = await addEvent(t, u.id, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(dump(t.db)).toBe(before);
  });

  it('when the unit is unknown, then 404 unit.not_found', async () => {
    const t = createTestApp();
    const res = await addEvent(t, 'unit_nope', { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('unit.not_found');
  });
});
