import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/modules/units/units.schemas.js';
import { appendEvent } from '../../src/modules/units/units.service.js';
import { addEvent, addEvents, createUnit, sanitized } from '../helpers/factories.js';
import { createTestApp, dump, tableCounts, type TestApp } from '../helpers/test-app.js';

const assessed = (route = 'recycle') => ({ type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route });
const recycled = (massKg = 100, occurredAt = '2024-03-04') => ({ type: 'recycled', occurredAt, massKg, material: 'ferrous', recycler: 'Metals Kft' });
const landfilled = (massKg = 100, occurredAt = '2024-03-04') => ({ type: 'landfilled', occurredAt, massKg, reason: 'residue' });
const released = { type: 'released', occurredAt: '2024-04-02', channel: 'sale', destinationCountry: 'PL' };
const refurbishedSteps = [
  assessed('refurbish'),
  { type: 'refurbishment_started', occurredAt: '2024-03-03', siteCode: 'HU-EROC' },
  { type: 'refurbished', occurredAt: '2024-04-01' },
];
const id = (e: unknown) => (e as { id: string }).id;

/** The gated types that exist on this branch, each with the steps that make it the next allowed move. */
const GATED: Array<[string, Record<string, unknown>[], Record<string, unknown>]> = [
  ['recycled', [assessed()], recycled()],
  ['landfilled', [assessed()], landfilled()],
  ['released', refurbishedSteps, released],
];

describe('the sanitization gate on a new event', () => {
  it.each(GATED)('when a data-bearing unit is %s with no sanitization, then 409 compliance.sanitization_required and nothing changes', async (type, setup, body) => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 1000 });
    await addEvents(t, u.id, setup);
    const before = dump(t.db);
    const res = await addEvent(t, u.id, body);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'compliance.sanitization_required', status: 409, title: expect.any(String) });
    expect(res.body.detail).toContain(type);
    expect(dump(t.db)).toBe(before);
  });

  it.each(GATED)('when a data-bearing unit is sanitized first, then "%s" is accepted', async (_type, setup, body) => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    await addEvents(t, u.id, [...setup, sanitized((setup.at(-1) as { occurredAt: string }).occurredAt)]);
    expect((await addEvent(t, u.id, body)).status).toBe(201);
  });

  it.each(GATED)('when the only sanitization was voided, then "%s" is refused again', async (_type, setup, body) => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    const date = (setup.at(-1) as { occurredAt: string }).occurredAt;
    await addEvents(t, u.id, setup);
    const [san] = await addEvents(t, u.id, [sanitized(date)]);
    await addEvents(t, u.id, [{ type: 'voided', occurredAt: date, eventId: id(san), reason: 'wrong unit' }]);
    const res = await addEvent(t, u.id, body);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('compliance.sanitization_required');
  });

  it.each(GATED)('when the unit holds no patient data, then "%s" needs no sanitization', async (_type, setup, body) => {
    const t = createTestApp();
    const u = await createUnit(t, { category: 'magnet', modality: undefined, massKg: 100 });
    await addEvents(t, u.id, setup);
    expect((await addEvent(t, u.id, body)).status).toBe(201);
  });

  it.each(GATED)('when POLICY_SANITIZATION_REQUIRED is off, then "%s" of a data-bearing unit is accepted as in v1.0', async (_type, setup, body) => {
    const t = createTestApp({ policySanitizationRequired: false });
    const u = await createUnit(t, { massKg: 100 });
    await addEvents(t, u.id, setup);
    expect((await addEvent(t, u.id, body)).status).toBe(201);
  });

  it('when a part is harvested from an unsanitized data-bearing unit, then it is accepted (parts stay in our stock)', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    await addEvents(t, u.id, [assessed('harvest')]);
    const res = await addEvent(t, u.id, { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: 'DISK-1', massKg: 1, destination: 'service_stock' });
    expect(res.status).toBe(201);
  });
});

describe('the data_sanitized event', () => {
  it('when it is recorded, then it answers 201 with its fields and moves neither state nor mass; the roll-up is untouched', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    await addEvents(t, u.id, [assessed()]);
    const unitBefore = (await t.as('viewer').get(`/api/v1/units/${u.id}`)).body;
    const kpiBefore = t.db.$client.prepare('SELECT * FROM kpi_daily').all();
    const body = sanitized('2024-03-03', { method: 'destroy', media: [{ kind: 'hdd', serial: 'WD-1' }, { kind: 'flash' }], certificateRef: 'DS-17' });
    const res = await addEvent(t, u.id, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, id: expect.stringMatching(/^evt_/), unitId: u.id, voided: false, actor: expect.stringMatching(/^key_/) });
    expect(res.body).not.toHaveProperty('massKg');
    const after = (await t.as('viewer').get(`/api/v1/units/${u.id}`)).body;
    expect({ state: after.state, route: after.route, massBalance: after.massBalance }).toEqual({
      state: unitBefore.state,
      route: unitBefore.route,
      massBalance: unitBefore.massBalance,
    });
    expect(t.db.$client.prepare('SELECT * FROM kpi_daily').all()).toEqual(kpiBefore);
    const stored = t.db.$client.prepare('SELECT type, mass_g, data FROM events WHERE id = ?').get(res.body.id) as { data: string };
    expect(stored).toMatchObject({ type: 'data_sanitized', mass_g: null });
    expect(JSON.parse(stored.data)).toEqual({ method: 'destroy', standard: 'NIST SP 800-88r1', media: [{ kind: 'hdd', serial: 'WD-1' }, { kind: 'flash' }], verifiedBy: 'QA lead', certificateRef: 'DS-17' });
  });

  it.each([
    ['received', []],
    ['assessed', [assessed('refurbish')]],
    ['in_refurbishment', refurbishedSteps.slice(0, 2)],
    ['refurbished', refurbishedSteps],
    ['dismantling', [assessed('harvest'), { type: 'part_harvested', occurredAt: '2024-03-02', partNumber: 'P', massKg: 1, destination: 'service_stock' }]],
  ])('when the unit is %s, then a sanitization is accepted', async (state, setup) => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    await addEvents(t, u.id, setup);
    expect((await t.as('viewer').get(`/api/v1/units/${u.id}`)).body.state).toBe(state);
    expect((await addEvent(t, u.id, sanitized('2024-04-01'))).status).toBe(201);
  });

  it('when the unit is closed, then a sanitization is 409 lifecycle.invalid_transition and nothing changes', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { category: 'magnet', modality: undefined, massKg: 100 });
    await addEvents(t, u.id, [assessed(), recycled()]);
    const before = dump(t.db);
    const res = await addEvent(t, u.id, sanitized('2024-03-05'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'lifecycle.invalid_transition', state: 'closed', allowedNext: ['voided'] });
    expect(dump(t.db)).toBe(before);
  });

  it.each([
    ['no media', { media: [] }, 'media'],
    ['51 media', { media: Array.from({ length: 51 }, () => ({ kind: 'hdd' })) }, 'media'],
    ['an unknown medium kind', { media: [{ kind: 'tape' }] }, 'media.0.kind'],
    ['a medium with an extra field', { media: [{ kind: 'hdd', colour: 'red' }] }, 'media.0'],
    ['an empty medium serial', { media: [{ kind: 'hdd', serial: '  ' }] }, 'media.0.serial'],
    ['an unknown method', { method: 'shred' }, 'method'],
    ['no standard', { standard: undefined }, 'standard'],
    ['a 101-character standard', { standard: 'x'.repeat(101) }, 'standard'],
    ['no verifier', { verifiedBy: undefined }, 'verifiedBy'],
    ['a blank verifier', { verifiedBy: '   ' }, 'verifiedBy'],
    ['a mass', { massKg: 1 }, '(body)'],
  ])('when a sanitization has %s, then 400 validation.failed naming the field and nothing is stored', async (_n, over, path) => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    const before = tableCounts(t.db);
    const res = await addEvent(t, u.id, sanitized('2024-03-02', over));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    if (path === '(body)') expect(res.body.detail).toContain('massKg');
    expect(tableCounts(t.db)).toEqual(before);
  });
});

describe('the error precedence around the gate', () => {
  it('when a recycling also breaks the state machine, then lifecycle.invalid_transition is named first', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 10 });
    const res = await addEvent(t, u.id, recycled(11));
    expect(res.body.code).toBe('lifecycle.invalid_transition');
  });

  it('when a recycling lacks a sanitization and exceeds the mass, then compliance.sanitization_required is named before mass.exceeds_intake', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 10 });
    await addEvents(t, u.id, [assessed()]);
    expect((await addEvent(t, u.id, recycled(11))).body.code).toBe('compliance.sanitization_required');
    await addEvents(t, u.id, [sanitized('2024-03-02')]);
    expect((await addEvent(t, u.id, recycled(11))).body.code).toBe('mass.exceeds_intake');
  });

  it('when an unsanitized release also goes into China, then policy.china_exclusion is named first', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 10 });
    await addEvents(t, u.id, refurbishedSteps);
    const res = await addEvent(t, u.id, { ...released, destinationCountry: 'CN' });
    expect(res.body.code).toBe('policy.china_exclusion');
  });

  it('when an unsanitized recycling is dated in a locked year, then period.locked is named first; invalid input before all', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 10, receivedAt: '2023-12-01' });
    await addEvents(t, u.id, [{ ...assessed(), occurredAt: '2023-12-02' }]);
    t.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, 'x', 'test')").run();
    expect((await addEvent(t, u.id, recycled(1, '2023-12-03'))).body.code).toBe('period.locked');
    expect((await addEvent(t, u.id, { ...recycled(1, '2023-12-03'), material: 'gold' })).status).toBe(400);
    expect((await addEvent(t, u.id, recycled(1, '2024-01-03'))).body.code).toBe('compliance.sanitization_required');
  });
});

describe('voiding a sanitization', () => {
  async function recycledUnit(t: TestApp) {
    const u = await createUnit(t, { massKg: 100 });
    const [, s, r] = await addEvents(t, u.id, [assessed(), sanitized('2024-03-03'), recycled(60)]);
    return { unit: u, sanitization: id(s), recycling: id(r) };
  }

  it('when the only sanitization before a standing recycling is voided, then 409 naming the recycling, and nothing changes', async () => {
    const t = createTestApp();
    const { unit, sanitization, recycling } = await recycledUnit(t);
    const before = dump(t.db);
    const res = await addEvent(t, unit.id, { type: 'voided', occurredAt: '2024-03-05', eventId: sanitization, reason: 'wrong disks' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'compliance.sanitization_required', dependentEventId: recycling, dependentEventType: 'recycled' });
    expect(res.body.detail).toContain(recycling);
    expect(dump(t.db)).toBe(before);
  });

  it('when the recycling is voided first, then the sanitization can be voided, and the certificate says pending', async () => {
    const t = createTestApp();
    const { unit, sanitization, recycling } = await recycledUnit(t);
    await addEvents(t, unit.id, [
      { type: 'voided', occurredAt: '2024-03-05', eventId: recycling, reason: 'wrong unit' },
      { type: 'voided', occurredAt: '2024-03-05', eventId: sanitization, reason: 'wrong unit' },
    ]);
    const cert = await t.as('viewer').get(`/api/v1/units/${unit.id}/sanitization`);
    expect(cert.body).toMatchObject({ status: 'pending', records: [] });
  });

  it('when another standing sanitization comes before the recycling, then one of them can be voided', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    const [, first] = await addEvents(t, u.id, [assessed(), sanitized('2024-03-03'), sanitized('2024-03-03', { method: 'destroy' }), recycled(60)]);
    const res = await addEvent(t, u.id, { type: 'voided', occurredAt: '2024-03-05', eventId: id(first), reason: 'duplicate' });
    expect(res.status).toBe(201);
    const cert = (await t.as('viewer').get(`/api/v1/units/${u.id}/sanitization`)).body;
    expect(cert.records.map((r: { method: string }) => r.method)).toEqual(['destroy']);
  });

  it('when the flag is off, then the sanitization behind a recycling can be voided', async () => {
    const t = createTestApp({ policySanitizationRequired: false });
    const { unit, sanitization } = await recycledUnit(t);
    const res = await addEvent(t, unit.id, { type: 'voided', occurredAt: '2024-03-05', eventId: sanitization, reason: 'r' });
    expect(res.status).toBe(201);
  });

  it('when the void is dated in a locked year, then period.locked is named before the sanitization', async () => {
    const t = createTestApp();
    const { unit, sanitization } = await recycledUnit(t);
    t.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2024, 1, 'x', 'test')").run();
    const res = await addEvent(t, unit.id, { type: 'voided', occurredAt: '2025-01-05', eventId: sanitization, reason: 'r' });
    expect(res.body.code).toBe('period.locked');
  });
});

describe('GET /units/:id/sanitization', () => {
  it('when a unit was sanitized twice and one record voided, then the certificate lists the standing record with every field, naming the key that recorded it', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { serialNumber: 'CT-9', model: 'Revolution EVO', massKg: 100 });
    const [, wrong] = await addEvents(t, u.id, [assessed(), sanitized('2024-03-03', { media: [{ kind: 'hdd', serial: 'OTHER' }] })]);
    await addEvents(t, u.id, [{ type: 'voided', occurredAt: '2024-03-03', eventId: id(wrong), reason: 'another unit’s disk' }]);
    const [right] = await addEvents(t, u.id, [
      sanitized('2024-03-04', { method: 'destroy', media: [{ kind: 'hdd', serial: 'WD-1' }, { kind: 'ssd' }], certificateRef: 'DS-2024-0042', verifiedBy: 'K. Nagy' }),
    ]);
    await addEvents(t, u.id, [recycled(100, '2024-03-05')]);
    const res = await t.as('viewer').get(`/api/v1/units/${u.id}/sanitization`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      unitId: u.id,
      serialNumber: 'CT-9',
      model: 'Revolution EVO',
      category: 'imaging',
      modality: 'CT',
      siteCode: 'HU-EROC',
      receivedAt: '2024-03-01',
      state: 'closed',
      closedAt: '2024-03-05',
      dataBearing: true,
      status: 'sanitized',
      records: [
        {
          eventId: id(right),
          occurredAt: '2024-03-04',
          method: 'destroy',
          standard: 'NIST SP 800-88r1',
          media: [{ kind: 'hdd', serial: 'WD-1' }, { kind: 'ssd' }],
          verifiedBy: 'K. Nagy',
          certificateRef: 'DS-2024-0042',
          actor: expect.stringMatching(/^key_/),
          actorName: 'test operator',
          recordedAt: '2026-06-15T12:00:00.000Z',
        },
      ],
      generatedAt: '2026-06-15T12:00:00.000Z',
    });
  });

  it.each([
    ['a data-bearing unit with no record', {}, false, 'pending'],
    ['a magnet with no record', { category: 'magnet', modality: undefined }, false, 'not_required'],
    ['a magnet-upgrade console marked data-bearing', { category: 'magnet_upgrade_component', modality: undefined, dataBearing: true }, false, 'pending'],
    ['a magnet sanitized anyway', { category: 'magnet', modality: undefined }, true, 'sanitized'],
  ])('when the unit is %s, then the status is %s', async (_n, over, sanitize, status) => {
    const t = createTestApp();
    const u = await createUnit(t, over);
    if (sanitize) await addEvents(t, u.id, [sanitized('2024-03-02')]);
    const res = await t.as('viewer').get(`/api/v1/units/${u.id}/sanitization`);
    expect(res.body.status).toBe(status);
    expect(res.body.records).toHaveLength(sanitize ? 1 : 0);
  });

  it('when the record has no certificate reference, then certificateRef is null', async () => {
    const t = createTestApp();
    const u = await createUnit(t);
    await addEvents(t, u.id, [sanitized('2024-03-02')]);
    const res = await t.as('viewer').get(`/api/v1/units/${u.id}/sanitization`);
    expect(res.body.records[0].certificateRef).toBeNull();
  });

  it('when the unit is unknown, then 404 unit.not_found', async () => {
    const t = createTestApp();
    const res = await t.as('viewer').get('/api/v1/units/unit_nope/sanitization');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('unit.not_found');
  });
});

describe('GET /reports/sanitization', () => {
  /**
   * Left custody in 2024 (closing date): A purge, B purge then destroy, C clear, D (flag
   * was off) none, E a magnet (not counted), F closed on 2025-01-01 (outside), G closed
   * then reopened by a void (not counted), H a China unit with purge (counted: custody is
   * not a KPI scope). Data-bearing in 2024: A, B, C, D, H = 5, sanitized 4.
   */
  async function ledger() {
    const t = createTestApp();
    const close = async (over: Record<string, unknown>, records: Record<string, unknown>[], date = '2024-06-01') => {
      const u = await createUnit(t, { massKg: 10, ...over });
      await addEvents(t, u.id, [assessed(), ...records, recycled(10, date)]);
      return u;
    };
    const a = await close({ serialNumber: 'A' }, [sanitized('2024-03-02')]);
    const b = await close({ serialNumber: 'B' }, [sanitized('2024-03-02'), sanitized('2024-03-02', { method: 'destroy' })]);
    const c = await close({ serialNumber: 'C', receivedAt: '2024-01-01' }, [sanitized('2024-03-02', { method: 'clear' })], '2024-12-31');
    const e = await close({ serialNumber: 'E', category: 'magnet', modality: undefined }, []);
    const f = await close({ serialNumber: 'F' }, [sanitized('2024-03-02')], '2025-01-01');
    const h = await close({ serialNumber: 'H', originCountry: 'CN' }, [sanitized('2024-03-02')]);
    // G: closed in 2024, then its closing recycling voided (open again).
    const g = await createUnit(t, { serialNumber: 'G', massKg: 10 });
    const [, , gr] = await addEvents(t, g.id, [assessed(), sanitized('2024-03-02'), recycled(10)]);
    await addEvents(t, g.id, [{ type: 'voided', occurredAt: '2024-06-02', eventId: id(gr), reason: 'r' }]);
    // D: recycled while the policy was off (the same database, a service configured without the gate).
    const d = await createUnit(t, { serialNumber: 'D', massKg: 10 });
    const loose = { ...t.deps, config: { ...t.deps.config, policySanitizationRequired: false } };
    const ctx = { actor: null, requestId: 'flag-off' };
    appendEvent(loose, ctx, d.id, assessed() as EventInput);
    appendEvent(loose, ctx, d.id, recycled(10, '2024-03-05') as EventInput);
    return { t, a, b, c, d, e, f, g, h };
  }

  it('when 2024 is asked, then the data-bearing units that left custody are counted, with and without a record, by strongest method', async () => {
    const { t, d } = await ledger();
    const res = await t.as('viewer').get('/api/v1/reports/sanitization?from=2024-01-01&to=2024-12-31');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      dataBearingUnits: 5,
      sanitized: 4,
      withoutRecord: 1,
      byMethod: { clear: 1, purge: 2, destroy: 1 },
      unitsWithoutRecord: [{ unitId: d.id, serialNumber: 'D', model: 'Revolution EVO', category: 'imaging', siteCode: 'HU-EROC', closedAt: '2024-03-05' }],
      unitsWithoutRecordTruncated: false,
    });
  });

  it('when the range is a single day, then both ends are inclusive', async () => {
    const { t } = await ledger();
    const last = await t.as('viewer').get('/api/v1/reports/sanitization?from=2024-12-31&to=2024-12-31');
    expect(last.body).toMatchObject({ dataBearingUnits: 1, byMethod: { clear: 1, purge: 0, destroy: 0 } });
    const first = await t.as('viewer').get('/api/v1/reports/sanitization?from=2025-01-01&to=2025-01-01');
    expect(first.body).toMatchObject({ dataBearingUnits: 1, sanitized: 1 });
  });

  it.each([
    ['no dates', ''],
    ['no to', 'from=2024-01-01'],
    ['to before from', 'from=2024-02-01&to=2024-01-31'],
    ['an impossible date', 'from=2024-02-30&to=2024-03-01'],
    ['an unknown parameter', 'from=2024-01-01&to=2024-01-31&year=2024'],
  ])('when the query has %s, then 400 validation.failed', async (_n, qs) => {
    const t = createTestApp();
    const res = await t.as('viewer').get(`/api/v1/reports/sanitization?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
  });
});
