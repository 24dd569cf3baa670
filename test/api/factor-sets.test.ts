import { describe, expect, it } from 'vitest';
import { FACTOR_KEYS, METHOD_FACTOR_KEYS } from '../../src/modules/magnet-upgrades/factor-set.schemas.js';
import { ensureDefaultFactorSet } from '../../src/modules/magnet-upgrades/factor-sets.service.js';
import { createTestApp, tableCounts } from '../helpers/test-app.js';
import { defaultSet, postVariantSet } from './magnet-upgrades.helpers.js';

describe('the default factor set', () => {
  it('when a fresh database starts, then it holds 2026.1 as first seeded and the default 2026.2 that supersedes it, every factor with its range, unit, basis and source', async () => {
    const t = createTestApp();
    const res = await t.as('viewer').get('/api/v1/factor-sets');
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toHaveLength(2);
    const [set, current] = res.body.items;
    expect(set).toMatchObject({ id: expect.stringMatching(/^fs_/), name: 'circularity-default', version: '2026.1', supersedes: null, isDefault: false, supersededBy: [current.id], createdBy: 'system' });
    expect(current).toMatchObject({ name: 'circularity-default', version: '2026.2', supersedes: set.id, isDefault: true, supersededBy: [], createdBy: 'system' });
    expect(Object.keys(set.factors).sort()).toEqual([...FACTOR_KEYS].sort());
    expect(set).not.toHaveProperty('gridFactors');
    for (const f of [...Object.values(current.factors), ...Object.values(current.gridFactors)] as Record<string, unknown>[]) {
      expect(Object.keys(f).sort()).toEqual(['basis', 'high', 'low', 'mode', 'source', 'unit', 'value']);
      expect((f.source as string).length).toBeGreaterThan(10);
    }
    // 2026.2 keeps every factor of 2026.1 as it was, and adds the method's factors.
    expect(Object.keys(current.factors).sort()).toEqual([...FACTOR_KEYS, ...METHOD_FACTOR_KEYS].sort());
    for (const k of FACTOR_KEYS) expect(current.factors[k]).toEqual(set.factors[k]);
    expect(current.defaults).toEqual(set.defaults);
    // The grid factors of the countries of the default sites.
    const siteCountries = t.db.$client.prepare('SELECT DISTINCT country FROM sites ORDER BY country').pluck().all();
    expect(Object.keys(current.gridFactors).sort()).toEqual(siteCountries);
    expect(current.factors.referenceDesignLife).toMatchObject({ value: 10, unit: 'years', low: 8, high: 15, basis: 'sourced' });
    expect(current.factors.carbonSteelRecyclingCredit).toMatchObject({ value: 1.5, unit: 'kgCO2e/kg', basis: 'sourced' });
    // Calibration levers are marked as assumptions; published figures as sourced.
    expect(set.factors.manufacturingEnergy).toMatchObject({ value: 80, unit: 'MWh', low: 20, mode: 80, high: 150, basis: 'assumption' });
    expect(set.factors.siteWorks).toMatchObject({ value: 8, unit: 'tCO2e', basis: 'assumption' });
    expect(set.factors.freightSea).toMatchObject({ value: 0.0154, unit: 'kgCO2e/tkm', basis: 'sourced' });
    expect(set.defaults.transportRoute).toEqual([{ mode: 'road', km: 500 }, { mode: 'sea', km: 12_000 }, { mode: 'road', km: 800 }]);
    const rows = t.db.$client.prepare('SELECT id, is_default, created_by FROM factor_sets ORDER BY seq').all();
    expect(rows).toEqual([
      { id: set.id, is_default: 1, created_by: 'system' },
      { id: current.id, is_default: 1, created_by: 'system' },
    ]);
  });

  it('when seeding runs again on the same database, then nothing is added', () => {
    const t = createTestApp();
    const before = tableCounts(t.db);
    const again = ensureDefaultFactorSet(t.deps);
    expect(again.created).toBe(false);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when the default set is estimated for the default 1.5 T case, then it lands between 80 and 120 t', async () => {
    const t = createTestApp();
    const res = await t.as('engineer').post('/api/v1/estimates/magnet-upgrade', { fieldStrengthT: 1.5, iterations: 100, seed: 1 });
    expect(res.body.totalT).toBe(95.639);
  });
});

describe('POST /factor-sets', () => {
  it('when the GET body is edited and posted back as a new version, then 201, stored, audited, and the old set lists it as superseding', async () => {
    const t = createTestApp();
    const base = await defaultSet(t);
    const created = await postVariantSet(t, '2026.3', 12);
    expect(created).toMatchObject({ id: expect.stringMatching(/^fs_/), version: '2026.3', supersedes: base.id, isDefault: false, supersededBy: [] });
    expect(created.id).not.toBe(base.id);
    expect((created.factors as typeof base.factors).siteWorks).toMatchObject({ value: 12, mode: 12 });
    expect(created.createdBy).toMatch(/^key_/);

    const read = await t.as('viewer').get(`/api/v1/factor-sets/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);
    const old = await t.as('viewer').get(`/api/v1/factor-sets/${base.id}`);
    expect(old.body.supersededBy).toEqual([created.id]);
    const list = await t.as('viewer').get('/api/v1/factor-sets');
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([base.supersedes, base.id, created.id]);

    const stored = t.db.$client.prepare('SELECT name, version, supersedes, is_default, body FROM factor_sets WHERE id = ?').get(created.id) as Record<string, string>;
    expect(stored).toMatchObject({ name: 'circularity-default', version: '2026.3', supersedes: base.id, is_default: 0 });
    expect(JSON.parse(stored.body!).factors.siteWorks.value).toBe(12);
    const audit = await t.as('viewer').get(`/api/v1/audit?entityType=factor_set&entityId=${created.id}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'factor_set.create', details: { name: 'circularity-default', version: '2026.3', supersedes: base.id } })]);
  });

  it('when read-only fields are sent back (id, isDefault: true, createdBy...), then they are ignored', async () => {
    const t = createTestApp();
    const base = await defaultSet(t);
    const res = await t.as('admin').post('/api/v1/factor-sets', { ...base, version: 'copy', isDefault: true, supersededBy: ['x'], createdBy: 'me' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ isDefault: false, supersededBy: [], supersedes: base.supersedes });
    expect(res.body.id).not.toBe(base.id);
    expect(res.body.createdBy).not.toBe('me');
  });

  it('when the same name and version are posted twice, then 409 factor_set.duplicate naming the existing set, and nothing is stored', async () => {
    const t = createTestApp();
    const base = await defaultSet(t);
    const before = tableCounts(t.db);
    const res = await t.as('engineer').post('/api/v1/factor-sets', base);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'factor_set.duplicate', existingId: base.id });
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when it supersedes an unknown set, then 400 validation.failed on supersedes', async () => {
    const t = createTestApp();
    const base = await defaultSet(t);
    const res = await t.as('engineer').post('/api/v1/factor-sets', { ...base, version: 'x', supersedes: 'fs_nope' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'supersedes', message: 'unknown factor set "fs_nope"' }]);
  });

  type Body = Record<string, unknown> & { factors: Record<string, Record<string, unknown>> };
  const bad: Array<[string, (b: Body) => unknown, string[]]> = [
    ['two blocks missing', (b) => { delete b.factors.heliumFactor; delete b.factors.freightAir; return b; }, ['factors.heliumFactor', 'factors.freightAir']],
    ['no default route', (b) => { delete b.defaults; return b; }, ['defaults']],
    ['a negative value', (b) => { b.factors.nbtiFactor!.value = -20; return b; }, ['factors.nbtiFactor.value']],
    ['low above mode', (b) => { b.factors.copperFactor!.low = 5; return b; }, ['factors.copperFactor.mode']],
    ['mode above high', (b) => { b.factors.heliumFactor!.mode = 7; return b; }, ['factors.heliumFactor.high']],
    ['an unknown unit', (b) => { b.factors.copperMass!.unit = 'lb'; return b; }, ['factors.copperMass.unit']],
    ['a known unit that is wrong for the factor', (b) => { b.factors.freightRoad!.unit = 'kgCO2e/kg'; return b; }, ['factors.freightRoad.unit']],
    ['an unknown basis', (b) => { b.factors.copperMass!.basis = 'guess'; return b; }, ['factors.copperMass.basis']],
    ['an empty source', (b) => { b.factors.copperMass!.source = ' '; return b; }, ['factors.copperMass.source']],
    ['an unknown factor key', (b) => { b.factors.goldMass = b.factors.copperMass!; return b; }, ['factors']],
    ['an unknown top-level field', (b) => ({ ...b, descripton: 'typo' }), ['(body)']],
    ['a missing name', (b) => { delete b.name; return b; }, ['name']],
  ];
  it.each(bad)('when the body has %s, then 400 validation.failed naming %j and nothing is stored', async (_n, mutate, paths) => {
    const t = createTestApp();
    const body = structuredClone(await defaultSet(t)) as unknown as Body;
    body.version = 'bad';
    const before = tableCounts(t.db);
    const res = await t.as('engineer').post('/api/v1/factor-sets', mutate(body));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(paths));
    expect(tableCounts(t.db)).toEqual(before);
  });
});

describe('factor sets are immutable', () => {
  it('when a set is updated or deleted over HTTP, then there is no such route and the set is unchanged', async () => {
    const t = createTestApp();
    const base = await defaultSet(t);
    const del = await t.as('admin').delete(`/api/v1/factor-sets/${base.id}`);
    const put = await t.agent.put(`/api/v1/factor-sets/${base.id}`).set('Authorization', `Bearer ${t.keys.admin}`).send(base);
    expect([del.status, put.status]).toEqual([404, 404]);
    expect((await t.as('viewer').get(`/api/v1/factor-sets/${base.id}`)).body).toEqual(base);
  });

  it('when the stored row is updated in SQL, then the database refuses it', () => {
    const t = createTestApp();
    expect(() => t.db.$client.prepare("UPDATE factor_sets SET version = 'x'").run()).toThrow(/immutable/);
  });
});

describe('GET /factor-sets', () => {
  it('when the id is unknown, then 404 factor_set.not_found', async () => {
    const t = createTestApp();
    const res = await t.as('viewer').get('/api/v1/factor-sets/fs_nope');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('factor_set.not_found');
  });

  it('when paging with limit 1, then the sets come in creation order across pages', async () => {
    const t = createTestApp();
    const base = await defaultSet(t);
    const v2 = await postVariantSet(t, '2026.3');
    const p1 = await t.as('viewer').get('/api/v1/factor-sets?limit=1');
    const p2 = await t.as('viewer').get(`/api/v1/factor-sets?limit=1&cursor=${p1.body.nextCursor}`);
    const p3 = await t.as('viewer').get(`/api/v1/factor-sets?limit=1&cursor=${p2.body.nextCursor}`);
    expect([p1.body.items[0].id, p2.body.items[0].id, p3.body.items[0].id]).toEqual([base.supersedes, base.id, v2.id]);
    expect(p3.body.nextCursor).toBeNull();
  });
});
