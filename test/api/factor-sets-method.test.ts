import { describe, expect, it } from 'vitest';
import { ensureDefaultFactorSet } from '../../src/modules/magnet-upgrades/factor-sets.service.js';
import { createTestApp, tableCounts } from '../helpers/test-app.js';
import { defaultSet } from './magnet-upgrades.helpers.js';

describe('the method factors of a set (bounds on what 2026.2 added)', () => {
  type Body = Record<string, unknown> & { factors: Record<string, Record<string, unknown>>; gridFactors: Record<string, Record<string, unknown>> };
  const setAll = (f: Record<string, unknown>, x: number) => Object.assign(f, { value: x, low: x, mode: x, high: x });
  const bad: Array<[string, (b: Body) => unknown, string, RegExp]> = [
    ['a design life in weeks (0.5 years)', (b) => setAll(b.factors.referenceDesignLife!, 0.5), 'factors.referenceDesignLife.value', /at least 1 years/],
    ['a design life in months (120 years)', (b) => setAll(b.factors.referenceDesignLife!, 120), 'factors.referenceDesignLife.value', /at most 40 years/],
    ['a design life in another unit', (b) => (b.factors.referenceDesignLife!.unit = 'kg'), 'factors.referenceDesignLife.unit', /must be in years/],
    ['a processing burden in g/kg (50)', (b) => setAll(b.factors.endOfLifeProcessing!, 50), 'factors.endOfLifeProcessing.value', /at most 1 kgCO2e\/kg/],
    ['a negative recycling credit', (b) => (b.factors.copperRecyclingCredit!.low = -1), 'factors.copperRecyclingCredit.low', /at least 0/],
    ['a recycling credit above its material\'s production factor', (b) => Object.assign(b.factors.aluminiumRecyclingCredit!, { high: 25 }), 'factors.aluminiumRecyclingCredit.high', /may not exceed the material's production factor \('aluminiumFactor' high 20\)/],
    ['a grid factor in g/kWh (390)', (b) => setAll(b.gridFactors.US!, 390), 'gridFactors.US.value', /at most 2 kgCO2e\/kWh/],
    ['a grid factor in another unit', (b) => (b.gridFactors.US!.unit = 'kgCO2e/kg'), 'gridFactors.US.unit', /must be in kgCO2e\/kWh/],
    ['a grid factor for an unknown country', (b) => (b.gridFactors.XX = b.gridFactors.US!), 'gridFactors.XX', /not a known ISO 3166-1/],
    ['a grid factor keyed in lower case', (b) => (b.gridFactors.us = b.gridFactors.US!), 'gridFactors.us', /ISO 3166-1 alpha-2/],
    ['an unknown method factor key (a typo)', (b) => (b.factors.referenceDesignLive = b.factors.referenceDesignLife!), 'factors', /referenceDesignLive/],
  ];
  it.each(bad)('when a set has %s, then 400 validation.failed naming the factor, and nothing is stored', async (_n, mutate, path, message) => {
    const t = createTestApp();
    const body = structuredClone(await defaultSet(t)) as unknown as Body;
    body.version = 'bad';
    mutate(body);
    const before = tableCounts(t.db);
    const res = await t.as('engineer').post('/api/v1/factor-sets', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when a set is posted without any method factor or grid factor (as 2026.1 was), then it is accepted', async () => {
    const t = createTestApp();
    const first = (await t.as('viewer').get(`/api/v1/factor-sets/${(await defaultSet(t)).supersedes}`)).body;
    const res = await t.as('engineer').post('/api/v1/factor-sets', { ...first, version: '2026.1-copy' });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('gridFactors');
  });

  it('when a grid factor is added for another country, then an estimate can name it', async () => {
    const t = createTestApp();
    const body = structuredClone(await defaultSet(t)) as unknown as Body;
    body.gridFactors.DE = { value: 0.38, unit: 'kgCO2e/kWh', low: 0.25, mode: 0.38, high: 0.45, basis: 'assumption', source: 'An engineer’s figure for a German site, for the test' };
    const created = await t.as('engineer').post('/api/v1/factor-sets', { ...body, version: 'with-de' });
    expect(created.status).toBe(201);
    const res = await t.as('engineer').post('/api/v1/estimates/magnet-upgrade', { fieldStrengthT: 1.5, factorSetId: created.body.id, useEnergyDeltaMWhPerYear: 10, gridCountry: 'DE', iterations: 100, seed: 1 });
    expect(res.status).toBe(200);
    expect(res.body.breakdown.usePhaseT).toBe(-38);
  });
});

describe('seeding the default chain into a database seeded before 2026.2', () => {
  /** The database as it was: only 2026.1, seeded as the default (its audit row stays). */
  function databaseOf2026_1() {
    const t = createTestApp();
    const rows = t.db.$client.prepare('SELECT id, version FROM factor_sets ORDER BY seq').all() as { id: string; version: string }[];
    // Factor sets are immutable (a trigger refuses deletes): lift it for this one rewind, then put it back.
    const sqlite = t.db.$client;
    const guard = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'factor_sets_no_delete'").pluck().get() as string;
    sqlite.exec('DROP TRIGGER factor_sets_no_delete');
    sqlite.prepare('DELETE FROM factor_sets WHERE id = ?').run(rows[1]!.id);
    sqlite.exec(guard);
    return { t, firstId: rows[0]!.id };
  }

  it('when it starts, then 2026.2 is added superseding its 2026.1, audited, and becomes the default; again, nothing is added', async () => {
    const { t, firstId } = databaseOf2026_1();
    expect((await defaultSet(t)).id).toBe(firstId);
    const seeded = ensureDefaultFactorSet(t.deps);
    expect(seeded.created).toBe(true);
    const current = await defaultSet(t);
    expect(current).toMatchObject({ id: seeded.id, version: '2026.2', supersedes: firstId, createdBy: 'system' });
    const audit = await t.as('viewer').get(`/api/v1/audit?entityType=factor_set&entityId=${seeded.id}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'factor_set.seed', details: { name: 'circularity-default', version: '2026.2', supersedes: firstId } })]);
    const before = tableCounts(t.db);
    expect(ensureDefaultFactorSet(t.deps)).toEqual({ id: seeded.id, created: false });
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when someone had already posted a set named circularity-default 2026.2, then theirs stands and 2026.1 stays the default', async () => {
    const { t, firstId } = databaseOf2026_1();
    const first = (await t.as('viewer').get(`/api/v1/factor-sets/${firstId}`)).body;
    const theirs = await t.as('engineer').post('/api/v1/factor-sets', { ...first, version: '2026.2', supersedes: firstId });
    expect(theirs.status).toBe(201);
    const before = tableCounts(t.db);
    expect(ensureDefaultFactorSet(t.deps)).toEqual({ id: firstId, created: false });
    expect(tableCounts(t.db)).toEqual(before);
    expect((await defaultSet(t)).id).toBe(firstId);
  });
});
