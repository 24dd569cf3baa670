import { describe, expect, it } from 'vitest';
import { computeFigure } from '../../src/modules/magnet-upgrades/figures.js';
import { resolveFactorSet } from '../../src/modules/magnet-upgrades/factor-sets.service.js';
import { storedModelInputs } from '../../src/modules/magnet-upgrades/magnet-upgrades.service.js';
import { getUpgradeRow } from '../../src/modules/magnet-upgrades/magnet-upgrades.repo.js';
import { createTestApp, dump, tableCounts, type TestApp } from '../helpers/test-app.js';
import { defaultSet, lockYear, postVariantSet, recordUpgrade } from './magnet-upgrades.helpers.js';

const URL = '/api/v1/magnet-upgrades/recalculate';
const UNCHANGED = { materialsT: 0, manufacturingEnergyT: 0, heliumT: 0, retainedSubsystemsT: 0, siteWorksT: 0, transportT: 0 };

/** Three upgrades with the default set: 1.5 T in 2024, 3 T with an air leg in 2025, 1.5 T in China in 2025. */
async function threeUpgrades(t: TestApp) {
  const a = await recordUpgrade(t, { magnetSerial: 'A', completedAt: '2024-05-01' });
  const b = await recordUpgrade(t, { magnetSerial: 'B', completedAt: '2025-02-01', fieldStrengthT: 3, magnetMassKg: 6800, transportLegs: [{ mode: 'air', km: 9000 }] });
  const c = await recordUpgrade(t, { magnetSerial: 'C', completedAt: '2025-11-30', siteCountry: 'CN', materials: { copper: 1500 } });
  return [a, b, c];
}

/** What the KPI query reads: the latest figure per upgrade by seq. */
const latestFigures = (t: TestApp) =>
  t.db.$client
    .prepare(
      `SELECT f.upgrade_id, f.factor_set_id, f.avoided_kg, f.kind FROM magnet_upgrade_figures f
       WHERE f.seq = (SELECT max(seq) FROM magnet_upgrade_figures g WHERE g.upgrade_id = f.upgrade_id) ORDER BY f.seq`,
    )
    .all() as { upgrade_id: string; factor_set_id: string; avoided_kg: number; kind: string }[];

describe('recomputing a stored figure', () => {
  it('when every stored upgrade is recomputed from its stored inputs with its own set, then the stored figure comes back exactly', async () => {
    const t = createTestApp();
    const ups = await threeUpgrades(t);
    for (const up of ups) {
      const row = getUpgradeRow(t.db, up.id)!;
      const stored = t.db.$client.prepare('SELECT factor_set_id, avoided_kg, breakdown FROM magnet_upgrade_figures WHERE upgrade_id = ?').get(up.id) as Record<string, string>;
      const again = computeFigure(resolveFactorSet(t.deps, stored.factor_set_id).body, storedModelInputs(row));
      expect(again).toEqual({ avoidedKg: stored.avoided_kg, breakdownKg: JSON.parse(stored.breakdown!) });
    }
  });

  it('when a preview is asked with the sets the figures came from, then after equals before for every upgrade and nothing would be recorded', async () => {
    const t = createTestApp();
    const ups = await threeUpgrades(t);
    const set = await defaultSet(t);
    const res = await t.as('engineer').post(URL, { factorSetId: set.id });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { after: unknown; before: unknown }) => i.after)).toEqual(res.body.items.map((i: { before: unknown }) => i.before));
    expect(res.body.items.map((i: { deltaT: number; newFigure: boolean }) => [i.deltaT, i.newFigure])).toEqual(ups.map(() => [0, false]));
    expect(res.body.totals).toMatchObject({ upgrades: 3, newFigures: 0, deltaT: 0 });
  });
});

describe('POST /magnet-upgrades/recalculate', () => {
  it('when previewed with another set, then per upgrade and in total before, after and delta are exact, and nothing is stored', async () => {
    const t = createTestApp();
    const [a, b, c] = await threeUpgrades(t);
    const v2 = await postVariantSet(t, '2026.3', 12); // site works 8 t → 12 t: +4 t on every upgrade
    const before = dump(t.db);
    const res = await t.as('engineer').post(URL, { factorSetId: v2.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ factorSetId: v2.id, factorSet: { version: '2026.3' }, year: null, applied: false, lockedYears: [] });
    expect(res.body.note).toMatch(/installing a new system/);
    expect(res.body.items).toEqual(
      [a!, b!, c!].map((u) => ({
        id: u.id,
        magnetSerial: u.magnetSerial,
        region: u.region,
        completedAt: u.completedAt,
        yearLocked: false,
        before: { factorSetId: u.factorSetId, avoidedT: u.avoidedT, breakdown: u.breakdown },
        after: { factorSetId: v2.id, avoidedT: (Math.round(u.avoidedT * 1000) + 4000) / 1000, breakdown: { ...(u.breakdown as object), siteWorksT: 12 } },
        deltaT: 4,
        deltaBreakdown: { ...UNCHANGED, siteWorksT: 4 },
        newFigure: true,
      })),
    );
    const beforeKg = [a!, b!, c!].reduce((s, u) => s + Math.round(u.avoidedT * 1000), 0);
    expect(res.body.totals).toEqual({
      upgrades: 3,
      newFigures: 3,
      beforeT: beforeKg / 1000,
      afterT: (beforeKg + 12_000) / 1000,
      deltaT: 12,
      deltaBreakdown: { ...UNCHANGED, siteWorksT: 12 },
    });
    expect(dump(t.db)).toBe(before);
  });

  it('when applied, then new figures are inserted beside the old ones in one go, audited, and become the ones reports read', async () => {
    const t = createTestApp();
    const [a, b, c] = await threeUpgrades(t);
    const v2 = await postVariantSet(t, '2026.3', 12);
    const oldFigures = t.db.$client.prepare('SELECT * FROM magnet_upgrade_figures ORDER BY seq').all();
    const res = await t.as('engineer').post(URL, { factorSetId: v2.id, apply: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: true, totals: { newFigures: 3, deltaT: 12 } });

    const all = t.db.$client.prepare('SELECT * FROM magnet_upgrade_figures ORDER BY seq').all();
    expect(all.slice(0, 3)).toEqual(oldFigures); // never overwritten
    expect(latestFigures(t)).toEqual(
      [a!, b!, c!].map((u) => ({ upgrade_id: u.id, factor_set_id: v2.id, avoided_kg: Math.round(u.avoidedT * 1000) + 4000, kind: 'recalculation' })),
    );
    const read = await t.as('viewer').get(`/api/v1/magnet-upgrades/${b!.id}`);
    expect(read.body).toMatchObject({ factorSetId: v2.id, avoidedT: (Math.round(b!.avoidedT * 1000) + 4000) / 1000 });
    expect(read.body.figures.map((f: { kind: string; factorSetId: string }) => [f.kind, f.factorSetId])).toEqual([
      ['initial', b!.factorSetId],
      ['recalculation', v2.id],
    ]);
    const audit = await t.as('viewer').get(`/api/v1/audit?entityType=magnet_upgrade&entityId=${a!.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['magnet_upgrade.create', 'magnet_upgrade.recalculate']);
    expect(audit.body.items[1].details).toEqual({ fromFactorSetId: a!.factorSetId, toFactorSetId: v2.id, beforeKg: 95_639, afterKg: 99_639 });
  });

  it('when the same apply is sent again, then no figure is added the second time', async () => {
    const t = createTestApp();
    await threeUpgrades(t);
    const v2 = await postVariantSet(t);
    await t.as('engineer').post(URL, { factorSetId: v2.id, apply: true });
    const before = tableCounts(t.db);
    const again = await t.as('engineer').post(URL, { factorSetId: v2.id, apply: true });
    expect(again.body.totals).toMatchObject({ upgrades: 3, newFigures: 0, deltaT: 0 });
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when going back to the original set, then the new figure equals the initial one exactly', async () => {
    const t = createTestApp();
    const [a] = await threeUpgrades(t);
    const base = await defaultSet(t);
    const v2 = await postVariantSet(t);
    await t.as('engineer').post(URL, { factorSetId: v2.id, apply: true });
    const back = await t.as('admin').post(URL, { factorSetId: base.id, apply: true });
    expect(back.body.totals).toMatchObject({ newFigures: 3, deltaT: -12 });
    const figures = (await t.as('viewer').get(`/api/v1/magnet-upgrades/${a!.id}`)).body.figures;
    expect(figures).toHaveLength(3);
    const figure = ({ factorSetId, avoidedT, breakdown }: Record<string, unknown>) => ({ factorSetId, avoidedT, breakdown });
    expect(figures[2].kind).toBe('recalculation');
    expect(figure(figures[2])).toEqual(figure(figures[0]));
  });

  it('when a year is given, then only upgrades completed in that year are recalculated', async () => {
    const t = createTestApp();
    const [, b, c] = await threeUpgrades(t);
    const v2 = await postVariantSet(t);
    const res = await t.as('engineer').post(URL, { factorSetId: v2.id, year: 2025, apply: true });
    expect(res.body.year).toBe(2025);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([b!.id, c!.id]);
    expect(latestFigures(t).map((f) => f.kind)).toEqual(['initial', 'recalculation', 'recalculation']);
  });
});

describe('recalculation and locked years', () => {
  it('when the given year is locked, then apply is refused with 409 period.locked and nothing is stored; the preview still answers', async () => {
    const t = createTestApp();
    await threeUpgrades(t);
    const v2 = await postVariantSet(t);
    lockYear(t, 2025);
    const preview = await t.as('engineer').post(URL, { factorSetId: v2.id, year: 2025 });
    expect(preview.status).toBe(200);
    expect(preview.body.lockedYears).toEqual([2025]);
    expect(preview.body.items.map((i: { yearLocked: boolean }) => i.yearLocked)).toEqual([true, true]);
    const before = dump(t.db);
    const res = await t.as('engineer').post(URL, { factorSetId: v2.id, year: 2025, apply: true });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.locked', lockedYears: [2025] });
    expect(dump(t.db)).toBe(before);
  });

  it('when no year is given and some affected upgrades are in a locked year, then the whole apply is refused; applying the open year works', async () => {
    const t = createTestApp();
    await threeUpgrades(t);
    const v2 = await postVariantSet(t);
    lockYear(t, 2024);
    const before = dump(t.db);
    const res = await t.as('engineer').post(URL, { factorSetId: v2.id, apply: true });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.locked', lockedYears: [2024] });
    expect(res.body.detail).toMatch(/2024.*nothing was recorded/);
    expect(dump(t.db)).toBe(before);
    const open = await t.as('engineer').post(URL, { factorSetId: v2.id, year: 2025, apply: true });
    expect(open.status).toBe(200);
    expect(open.body.totals.newFigures).toBe(2);
  });

  it('when the upgrades of a locked year already carry this set\'s figure, then they do not block the apply', async () => {
    const t = createTestApp();
    await threeUpgrades(t);
    const v2 = await postVariantSet(t);
    await t.as('engineer').post(URL, { factorSetId: v2.id, year: 2024, apply: true });
    lockYear(t, 2024);
    const res = await t.as('engineer').post(URL, { factorSetId: v2.id, apply: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lockedYears: [], totals: { upgrades: 3, newFigures: 2 } });
    expect(res.body.items[0]).toMatchObject({ yearLocked: true, newFigure: false, deltaT: 0 });
  });
});

describe('bad input on POST /magnet-upgrades/recalculate', () => {
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['no factor set', {}, 'factorSetId'],
    ['an unknown factor set', { factorSetId: 'fs_nope' }, 'factorSetId'],
    ['apply as text', { factorSetId: 'x', apply: 'yes' }, 'apply'],
    ['a two-digit year', { factorSetId: 'x', year: 25 }, 'year'],
    ['an unknown field', { factorSetId: 'x', dryRun: true }, '(body)'],
  ];
  it.each(bad)('when the body has %s, then 400 validation.failed naming %s and nothing is stored', async (_n, body, path) => {
    const t = createTestApp();
    await recordUpgrade(t);
    const before = tableCounts(t.db);
    const res = await t.as('engineer').post(URL, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(tableCounts(t.db)).toEqual(before);
  });
});
