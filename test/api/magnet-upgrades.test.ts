import { describe, expect, it } from 'vitest';
import { createTestApp, tableCounts } from '../helpers/test-app.js';
import { defaultSet, lockYear, postVariantSet, recordUpgrade, upgradeBody } from './magnet-upgrades.helpers.js';

const URL = '/api/v1/magnet-upgrades';

describe('POST /magnet-upgrades', () => {
  it('when an operator records a default 1.5 T upgrade, then 201 with the figure and the set used, and both are stored', async () => {
    const t = createTestApp();
    const set = await defaultSet(t);
    const res = await t.as('operator').post(URL, upgradeBody({ magnetSerial: 'MAG-1', siteCountry: 'BR', completedAt: '2025-04-10' }));
    expect(res.status).toBe(201);
    const breakdown = { materialsT: 33.696, manufacturingEnergyT: 32, heliumT: 7.5, retainedSubsystemsT: 12.5, siteWorksT: 8, transportT: 1.943 };
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^mu_/),
      magnetSerial: 'MAG-1',
      siteCountry: 'BR',
      region: 'LATAM',
      fieldStrengthT: 1.5,
      completedAt: '2025-04-10',
      inputs: {},
      factorSetId: set.id,
      avoidedT: 95.639,
      breakdown,
      figures: [{ factorSetId: set.id, kind: 'initial', avoidedT: 95.639, breakdown, computedAt: '2026-06-15T12:00:00.000Z', computedBy: expect.stringMatching(/^key_/) }],
      createdAt: '2026-06-15T12:00:00.000Z',
    });
    expect(res.body.note).toMatch(/installing a new system/);

    const sqlite = t.db.$client;
    expect(sqlite.prepare('SELECT magnet_serial, site_country, region, field_strength_t, completed_at, inputs FROM magnet_upgrades').all()).toEqual([
      { magnet_serial: 'MAG-1', site_country: 'BR', region: 'LATAM', field_strength_t: '1.5', completed_at: '2025-04-10', inputs: '{}' },
    ]);
    const figure = sqlite.prepare('SELECT upgrade_id, factor_set_id, avoided_kg, kind, breakdown FROM magnet_upgrade_figures').get() as Record<string, string>;
    expect(figure).toMatchObject({ upgrade_id: res.body.id, factor_set_id: set.id, avoided_kg: 95_639, kind: 'initial' });
    expect(JSON.parse(figure.breakdown!)).toEqual({ materialsKg: 33_696, manufacturingEnergyKg: 32_000, heliumKg: 7500, retainedSubsystemsKg: 12_500, siteWorksKg: 8000, transportKg: 1943 });
    const audit = await t.as('viewer').get(`/api/v1/audit?entityType=magnet_upgrade&entityId=${res.body.id}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'magnet_upgrade.create', details: { magnetSerial: 'MAG-1', factorSetId: set.id, avoidedKg: 95_639 } })]);
  });

  it('when inputs and a factor set are given, then they are stored as given and the figure equals the estimate for them', async () => {
    const t = createTestApp();
    const v2 = await postVariantSet(t, '2026.3', 12);
    const inputs = { magnetMassKg: 6480.5, materials: { copper: 2100 }, transportLegs: [{ mode: 'road', km: 300 }, { mode: 'air', km: 8700 }] };
    const estimate = await t.as('engineer').post('/api/v1/estimates/magnet-upgrade', { fieldStrengthT: 3, ...inputs, factorSetId: v2.id, iterations: 100, seed: 1 });
    const up = await recordUpgrade(t, { fieldStrengthT: 3, ...inputs, factorSetId: v2.id });
    expect(up).toMatchObject({ inputs, factorSetId: v2.id, fieldStrengthT: 3, avoidedT: estimate.body.totalT, breakdown: estimate.body.breakdown });
    const stored = t.db.$client.prepare('SELECT inputs, field_strength_t FROM magnet_upgrades WHERE id = ?').get(up.id) as Record<string, string>;
    expect(JSON.parse(stored.inputs!)).toEqual(inputs);
    expect(stored.field_strength_t).toBe('3');
  });

  it('when the site is in China, then the upgrade is recorded like any other, in region CHINA', async () => {
    const t = createTestApp();
    const up = await recordUpgrade(t, { siteCountry: 'CN' });
    expect(up).toMatchObject({ region: 'CHINA', avoidedT: 95.639 });
  });

  it.each(['engineer', 'admin'] as const)('when %s records an upgrade, then it is accepted', async (role) => {
    const t = createTestApp();
    expect((await t.as(role).post(URL, upgradeBody())).status).toBe(201);
  });

  it('when completedAt falls in a locked year, then 409 period.locked and nothing is stored', async () => {
    const t = createTestApp();
    lockYear(t, 2024);
    const before = tableCounts(t.db);
    const res = await t.as('operator').post(URL, upgradeBody({ completedAt: '2024-12-31' }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.locked', year: 2024 });
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when the body is both invalid and in a locked year, then the invalid input (400) is named first', async () => {
    const t = createTestApp();
    lockYear(t, 2024);
    const res = await t.as('operator').post(URL, upgradeBody({ completedAt: '2024-05-01', fieldStrengthT: 7 }));
    expect(res.status).toBe(400);
  });

  it('when the same magnet is recorded again on the same date, then 409 magnet_upgrade.duplicate; another date is accepted', async () => {
    const t = createTestApp();
    const first = await recordUpgrade(t, { magnetSerial: 'MAG-D', completedAt: '2025-01-05' });
    const before = tableCounts(t.db);
    const dup = await t.as('operator').post(URL, upgradeBody({ magnetSerial: 'MAG-D', completedAt: '2025-01-05', fieldStrengthT: 3 }));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'magnet_upgrade.duplicate', existingId: first.id });
    expect(tableCounts(t.db)).toEqual(before);
    expect((await t.as('operator').post(URL, upgradeBody({ magnetSerial: 'MAG-D', completedAt: '2025-09-05' }))).status).toBe(201);
  });

  it('when the same Idempotency-Key and body are sent twice, then the first answer comes back and one upgrade is stored', async () => {
    const t = createTestApp();
    const body = upgradeBody();
    const send = () => t.as('operator').post(URL).set('Idempotency-Key', 'k-1').send(body);
    const a = await send();
    const b = await send();
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(tableCounts(t.db)).toMatchObject({ magnet_upgrades: 1, magnet_upgrade_figures: 1 });
  });
});

describe('bad input on POST /magnet-upgrades leaves the database as it was', () => {
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['a field strength of 7 T', { fieldStrengthT: 7 }, 'fieldStrengthT'],
    ['a completion date in the future', { completedAt: '2026-06-16' }, 'completedAt'],
    ['an impossible date', { completedAt: '2025-02-29' }, 'completedAt'],
    ['an unknown country', { siteCountry: 'XX' }, 'siteCountry'],
    ['an empty serial', { magnetSerial: ' ' }, 'magnetSerial'],
    ['a negative magnet mass', { magnetMassKg: -1 }, 'magnetMassKg'],
    ['an absurd magnet mass', { magnetMassKg: 1e9 }, 'magnetMassKg'],
    ['an unknown transport mode', { transportLegs: [{ mode: 'ship', km: 100 }] }, 'transportLegs.0.mode'],
    ['an absurd distance', { transportLegs: [{ mode: 'sea', km: 1e7 }] }, 'transportLegs.0.km'],
    ['an unknown factor set', { factorSetId: 'fs_nope' }, 'factorSetId'],
    ['simulation options, which an upgrade does not take', { iterations: 1000 }, '(body)'],
    ['an unknown field', { hospital: 'X' }, '(body)'],
  ];
  it.each(bad)('when the body has %s, then 400 validation.failed naming %s', async (_n, over, path) => {
    const t = createTestApp();
    await recordUpgrade(t);
    const before = tableCounts(t.db);
    const res = await t.as('operator').post(URL, upgradeBody(over));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(tableCounts(t.db)).toEqual(before);
  });
});

describe('GET /magnet-upgrades', () => {
  it('when filtering and paging, then only matching upgrades come, oldest recorded first, in pages chained by cursor', async () => {
    const t = createTestApp();
    const ids: string[] = [];
    const plan = [['DE', '2024-03-01'], ['US', '2025-01-01'], ['CN', '2025-06-30'], ['US', '2025-12-31'], ['JP', '2026-01-01']] as const;
    for (const [siteCountry, completedAt] of plan) ids.push((await recordUpgrade(t, { siteCountry, completedAt, magnetSerial: `S-${ids.length}` })).id);

    const p1 = await t.as('viewer').get(`${URL}?limit=2`);
    const p2 = await t.as('viewer').get(`${URL}?limit=2&cursor=${p1.body.nextCursor}`);
    const p3 = await t.as('viewer').get(`${URL}?limit=2&cursor=${p2.body.nextCursor}`);
    expect([...p1.body.items, ...p2.body.items, ...p3.body.items].map((u: { id: string }) => u.id)).toEqual(ids);
    expect(p3.body.nextCursor).toBeNull();
    expect(p1.body.items[0]).toMatchObject({ avoidedT: 95.639, figures: [expect.objectContaining({ kind: 'initial' })] });

    const ids2025 = (await t.as('viewer').get(`${URL}?year=2025`)).body.items.map((u: { id: string }) => u.id);
    expect(ids2025).toEqual(ids.slice(1, 4));
    const us2025 = (await t.as('viewer').get(`${URL}?year=2025&region=USCAN`)).body.items.map((u: { id: string }) => u.id);
    expect(us2025).toEqual([ids[1], ids[3]]);
    const china = (await t.as('viewer').get(`${URL}?region=CHINA`)).body.items.map((u: { id: string }) => u.id);
    expect(china).toEqual([ids[2]]);
    const bySerial = (await t.as('viewer').get(`${URL}?magnetSerial=S-4`)).body.items.map((u: { id: string }) => u.id);
    expect(bySerial).toEqual([ids[4]]);
  });

  it.each([
    ['year=24', 'query.year'],
    ['region=MARS', 'query.region'],
    ['limit=501', 'query.limit'],
    ['colour=red', 'query'],
    ['cursor=bm9wZQ', 'query.cursor'],
  ])('when the query is %s, then 400 naming %s', async (qs, path) => {
    const t = createTestApp();
    const res = await t.as('viewer').get(`${URL}?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(path);
  });

  it('when one upgrade is read by id, then it has the same fields as in the list plus the note', async () => {
    const t = createTestApp();
    const up = await recordUpgrade(t);
    const one = await t.as('viewer').get(`${URL}/${up.id}`);
    const list = await t.as('viewer').get(URL);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ ...list.body.items[0], note: expect.stringContaining('new system') });
  });

  it('when the id is unknown, then 404 magnet_upgrade.not_found', async () => {
    const t = createTestApp();
    const res = await t.as('viewer').get(`${URL}/mu_nope`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('magnet_upgrade.not_found');
  });
});
