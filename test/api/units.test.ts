import { describe, expect, it } from 'vitest';
import { addEvent, createUnit, sanitized, unitBody } from '../helpers/factories.js';
import { createTestApp, tableCounts } from '../helpers/test-app.js';

describe('POST /units', () => {
  it('when a valid unit is received, then 201 with derived region, state and balance, and it is stored', async () => {
    const t = createTestApp();
    const res = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'CT-001', massKg: 2431.125, originCountry: 'BR' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      serialNumber: 'CT-001',
      region: 'LATAM',
      state: 'received',
      massSource: 'measured',
      refurbishmentEligible: true,
      exclusionReason: null,
      massBalance: { intakeKg: 2431.125, refurbishedKg: 0, harvestedKg: 0, recycledKg: 0, reusedKg: 0, landfilledKg: 0, energyRecoveredKg: 0, remainingKg: 2431.125 },
    });
    expect(res.body.id).toMatch(/^unit_/);
    const row = t.db.$client.prepare('SELECT intake_g, region FROM units WHERE id = ?').get(res.body.id);
    expect(row).toEqual({ intake_g: 2_431_125, region: 'LATAM' });
    const audit = await t.as('viewer').get('/api/v1/audit?entityType=unit');
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ action: 'unit.create', entityId: res.body.id, actor: expect.stringMatching(/^key_/) });
  });

  it.each([
    ['US', 'USCAN'], ['CA', 'USCAN'], ['CN', 'CHINA'], ['IN', 'INDIA'], ['JP', 'JAPAN'], ['MX', 'LATAM'], ['CR', 'LATAM'],
    ['JM', 'LATAM'], ['AR', 'LATAM'], ['HK', 'APAC'], ['MO', 'APAC'], ['TW', 'APAC'], ['AU', 'APAC'], ['KR', 'APAC'],
    ['DE', 'EMEA'], ['SA', 'EMEA'], ['AE', 'EMEA'], ['ZA', 'EMEA'], ['KZ', 'EMEA'], ['IR', 'EMEA'],
  ])('when the origin is %s, then the region is %s', async (country, region) => {
    const t = createTestApp();
    const u = await createUnit(t, { originCountry: country });
    expect(u.region).toBe(region);
  });

  it('when the origin is China and the policy is on, then the unit is logged but not eligible', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { originCountry: 'CN' });
    expect(u).toMatchObject({ region: 'CHINA', refurbishmentEligible: false, exclusionReason: 'china_policy' });
  });

  it('when the origin is China and the policy is off, then the unit is eligible', async () => {
    const t = createTestApp({ policyChinaExclusion: false });
    const u = await createUnit(t, { originCountry: 'CN' });
    expect(u).toMatchObject({ refurbishmentEligible: true, exclusionReason: null });
  });

  it('when an open unit of the same model has the serial, then 409 unit.duplicate_serial; a closed one or another model does not block', async () => {
    const t = createTestApp();
    const first = await createUnit(t, { serialNumber: 'DUP-1', massKg: 10 });
    const dup = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'DUP-1' }));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'unit.duplicate_serial', existingUnitId: first.id });
    const otherModel = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'DUP-1', model: 'Other' }));
    expect(otherModel.status).toBe(201);
    await addEvent(t, first.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' });
    await addEvent(t, first.id, sanitized('2024-03-02'));
    await addEvent(t, first.id, { type: 'recycled', occurredAt: '2024-03-03', massKg: 10, material: 'mixed', recycler: 'R' });
    const again = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'DUP-1' }));
    expect(again.status).toBe(201);
  });

  it.each([
    ['imaging', 'CT', true],
    ['ultrasound', undefined, true],
    ['surgical', undefined, true],
    ['magnet', undefined, false],
    ['magnet_upgrade_component', undefined, false],
  ] as const)('when a %s unit is received without dataBearing, then it defaults to %s (and is stored so)', async (category, modality, expected) => {
    const t = createTestApp();
    const u = await createUnit(t, { category, modality });
    expect(u.dataBearing).toBe(expected);
    expect(t.db.$client.prepare('SELECT data_bearing FROM units WHERE id = ?').pluck().get(u.id)).toBe(expected ? 1 : 0);
    expect((await t.as('viewer').get(`/api/v1/units/${u.id}`)).body.dataBearing).toBe(expected);
  });

  it('when dataBearing is given, then it overrides the category default either way; a non-boolean is 400 and nothing is stored', async () => {
    const t = createTestApp();
    const console = await createUnit(t, { category: 'magnet_upgrade_component', modality: undefined, dataBearing: true });
    const frame = await createUnit(t, { category: 'imaging', modality: 'XR', dataBearing: false });
    expect([console.dataBearing, frame.dataBearing]).toEqual([true, false]);
    const before = tableCounts(t.db);
    const bad = await t.as('operator').post('/api/v1/units', unitBody({ dataBearing: 'yes' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'dataBearing' })]);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when the modality is missing for imaging, then 400 on modality; other categories may omit it', async () => {
    const t = createTestApp();
    const res = await t.as('operator').post('/api/v1/units', unitBody({ modality: undefined }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'modality', message: expect.stringContaining('required for imaging') }]);
    const us = await t.as('operator').post('/api/v1/units', unitBody({ category: 'ultrasound', modality: undefined, massKg: 120 }));
    expect(us.status).toBe(201);
    expect(us.body.modality).toBeNull();
  });
});

describe('bad input on POST /units leaves the database as it was', () => {
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown field', { colour: 'red' }, '(body)'],
    ['a wrong type for massKg', { massKg: '2000' }, 'massKg'],
    ['a negative mass', { massKg: -5 }, 'massKg'],
    ['a zero mass', { massKg: 0 }, 'massKg'],
    ['an absurd mass', { massKg: 50_000.001 }, 'massKg'],
    ['a mass with four decimals', { massKg: 1.0005 }, 'massKg'],
    ['a date in the future', { receivedAt: '2026-06-16' }, 'receivedAt'],
    ['an impossible date', { receivedAt: '2024-02-30' }, 'receivedAt'],
    ['a timestamp instead of a date', { receivedAt: '2024-02-01T10:00:00Z' }, 'receivedAt'],
    ['an unknown country code', { originCountry: 'XX' }, 'originCountry'],
    ['a lowercase country code', { originCountry: 'de' }, 'originCountry'],
    ['an unknown category', { category: 'robot' }, 'category'],
    ['an unknown modality', { modality: 'MRI' }, 'modality'],
    ['an unknown return channel', { returnChannel: 'gift' }, 'returnChannel'],
    ['an empty serial', { serialNumber: '' }, 'serialNumber'],
    ['a 65-character serial', { serialNumber: 'x'.repeat(65) }, 'serialNumber'],
    ['an unknown site', { siteCode: 'NOPE' }, 'siteCode'],
  ];
  it.each(bad)('when the body has %s, then 400 validation.failed naming the field and nothing is stored', async (_n, over, path) => {
    const t = createTestApp();
    await createUnit(t, { serialNumber: 'EXISTING' });
    const before = tableCounts(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody(over));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400, code: 'validation.failed', detail: expect.any(String) });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(tableCounts(t.db)).toEqual(before);
  });
});

describe('GET /units', () => {
  it('when filtering and paging oldest first (order=asc), then only matching units come, in pages that chain by cursor', async () => {
    const t = createTestApp();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createUnit(t, { serialNumber: `P-${i}`, originCountry: i % 2 ? 'US' : 'DE', receivedAt: `2024-01-0${i + 1}` })).id);
    const p1 = await t.as('viewer').get('/api/v1/units?limit=3&order=asc');
    expect(p1.body.items.map((u: { id: string }) => u.id)).toEqual(ids.slice(0, 3));
    const p2 = await t.as('viewer').get(`/api/v1/units?limit=3&order=asc&cursor=${p1.body.nextCursor}`);
    const p3 = await t.as('viewer').get(`/api/v1/units?limit=3&order=asc&cursor=${p2.body.nextCursor}`);
    expect([...p2.body.items, ...p3.body.items].map((u: { id: string }) => u.id)).toEqual(ids.slice(3));
    expect(p3.body.nextCursor).toBeNull();
    const us = await t.as('viewer').get('/api/v1/units?region=USCAN&receivedFrom=2024-01-03&receivedTo=2024-01-06&order=asc');
    expect(us.body.items.map((u: { serialNumber: string }) => u.serialNumber)).toEqual(['P-3', 'P-5']);
    const bySerial = await t.as('viewer').get('/api/v1/units?serialNumber=P-4');
    expect(bySerial.body.items).toHaveLength(1);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=501', 'query.limit'],
    ['state=lost', 'query.state'],
    ['receivedFrom=2024-02-01&receivedTo=2024-01-01', 'query.receivedTo'],
    ['colour=red', 'query'],
    ['cursor=bm9wZQ', 'query.cursor'],
  ])('when the query is %s, then 400 naming %s', async (qs, path) => {
    const t = createTestApp();
    const res = await t.as('viewer').get(`/api/v1/units?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(path);
  });

  it('when the unit id is unknown, then 404 unit.not_found', async () => {
    const t = createTestApp();
    const res = await t.as('viewer').get('/api/v1/units/unit_nope');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('unit.not_found');
  });
});
