import { beforeEach, describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit, sanitized, unitBody } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const sql = (q: string, ...args: unknown[]) => t.db.$client.prepare(q).all(...args) as Record<string, unknown>[];

/** One CT of 2,000 kg received 2024-03-01, sanitized, 1,500 kg recycled in 2024, so 500 kg pending at the end of 2024. */
async function unitIn2024() {
  const u = await createUnit(t, { massKg: 2000, receivedAt: '2024-03-01' });
  const [assessed, , recycled] = await addEvents(t, u.id, [
    { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' },
    sanitized('2024-03-02'),
    { type: 'recycled', occurredAt: '2024-03-03', massKg: 1500, material: 'ferrous', recycler: 'R' },
  ]);
  return { unit: u, assessed: assessed as { id: string }, recycled: recycled as { id: string } };
}

beforeEach(() => {
  t = createTestApp();
});

describe('locking a year', () => {
  it('when esg locks 2024, then version 1 holds the /kpis totals of 2024 and the ledger head, and the lock is stored and audited', async () => {
    const { recycled } = await unitIn2024();
    const kpis = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31');
    const res = await t.as('esg').post('/api/v1/periods/2024/lock', { note: 'FY2024 sustainability report' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      version: 1,
      publishedAt: '2026-06-15T12:00:00.000Z',
      publishedBy: expect.stringMatching(/^key_/),
      note: 'FY2024 sustainability report',
      figures: kpis.body.totals,
      boundary: null,
      // The last entry of the chain when it was locked: the unit, assessed, sanitized, recycled.
      ledgerSeq: 4,
      ledgerHead: (recycled as unknown as { hash: string }).hash,
      factorSets: [],
    });
    expect(res.body.figures).toMatchObject({ unitsReceived: 1, recycledKg: 1500, pendingKg: 500 });
    expect(sql('SELECT year, locked FROM period_locks')).toEqual([{ year: 2024, locked: 1 }]);
    expect(sql('SELECT year, version, note FROM period_versions')).toEqual([{ year: 2024, version: 1, note: 'FY2024 sustainability report' }]);
    expect(sql("SELECT action, entity_type, entity_id FROM audit_log WHERE action LIKE 'period.%'")).toEqual([
      { action: 'period.lock', entity_type: 'period', entity_id: '2024' },
    ]);
  });

  it('when a locked year is locked again, then 409 period.already_locked and nothing changes', async () => {
    await t.as('esg').post('/api/v1/periods/2024/lock', {});
    const before = dump(t.db);
    const res = await t.as('admin').post('/api/v1/periods/2024/lock', {});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.already_locked', year: 2024, version: 1 });
    expect(dump(t.db)).toBe(before);
  });

  it('when a year is locked with no body at all, then it locks with a null note', async () => {
    const res = await t.as('esg').post('/api/v1/periods/2023/lock');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, note: null });
  });
});

describe('a locked year refuses writes dated in it', () => {
  it('when a unit received in a locked year is posted, then 409 period.locked and nothing is stored', async () => {
    await t.as('esg').post('/api/v1/periods/2024/lock', {});
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody({ receivedAt: '2024-12-31' }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.locked', year: 2024 });
    expect(dump(t.db)).toBe(before);
  });

  it('when an event dated in a locked year is posted, then 409 period.locked', async () => {
    const { unit } = await unitIn2024();
    await t.as('esg').post('/api/v1/periods/2024/lock', {});
    const res = await addEvent(t, unit.id, { type: 'landfilled', occurredAt: '2024-12-30', massKg: 500, reason: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('period.locked');
  });

  it('when a void dated in an open year targets an event of a locked year, then 409 period.locked', async () => {
    const { unit, recycled } = await unitIn2024();
    await t.as('esg').post('/api/v1/periods/2024/lock', {});
    const before = dump(t.db);
    const res = await addEvent(t, unit.id, { type: 'voided', occurredAt: '2025-02-01', eventId: recycled.id, reason: 'typo' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.locked', year: 2024 });
    expect(dump(t.db)).toBe(before);
  });

  it('when an event of a unit from a locked year is dated in an open year, then it is accepted', async () => {
    const { unit } = await unitIn2024();
    await t.as('esg').post('/api/v1/periods/2024/lock', {});
    const res = await addEvent(t, unit.id, { type: 'landfilled', occurredAt: '2025-01-10', massKg: 500, reason: 'residue' });
    expect(res.status).toBe(201);
  });

  it('when a neighbouring year is locked, then writes in an open year go through', async () => {
    await t.as('esg').post('/api/v1/periods/2023/lock', {});
    expect((await t.as('operator').post('/api/v1/units', unitBody({ receivedAt: '2024-01-01' }))).status).toBe(201);
  });
});

describe('unlocking and republishing', () => {
  it('when an unlocked year is unlocked, then 409 period.not_locked', async () => {
    const res = await t.as('admin').post('/api/v1/periods/2024/unlock', { reason: 'restatement' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.not_locked', year: 2024 });
    expect(sql('SELECT * FROM period_unlocks')).toEqual([]);
  });

  it('when admin unlocks, corrects and locks again, then version 2 is published and version 1 stays as published', async () => {
    const { unit, recycled } = await unitIn2024();
    const v1 = (await t.as('esg').post('/api/v1/periods/2024/lock', { note: 'first' })).body;

    t.clock.set('2026-07-01T09:00:00.000Z');
    const unlock = await t.as('admin').post('/api/v1/periods/2024/unlock', { reason: 'weighbridge ticket was wrong' });
    expect(unlock.status).toBe(200);
    expect(unlock.body).toEqual({
      year: 2024,
      locked: false,
      unlockedAt: '2026-07-01T09:00:00.000Z',
      unlockedBy: expect.stringMatching(/^key_/),
      reason: 'weighbridge ticket was wrong',
      afterVersion: 1,
    });
    expect(sql('SELECT year, reason, after_version FROM period_unlocks')).toEqual([{ year: 2024, reason: 'weighbridge ticket was wrong', after_version: 1 }]);

    await addEvents(t, unit.id, [
      { type: 'voided', occurredAt: '2024-03-03', eventId: recycled.id, reason: 'wrong mass' },
      { type: 'recycled', occurredAt: '2024-03-03', massKg: 1800, material: 'ferrous', recycler: 'R' },
    ]);

    const open = (await t.as('viewer').get('/api/v1/periods/2024')).body;
    expect(open).toMatchObject({ year: 2024, locked: false, comparedWith: 1 });
    expect(open.versions).toEqual([v1]);
    expect(open.differences).toEqual({
      recycledKg: { published: 1500, current: 1800, delta: 300 },
      reusedKg: { published: 1500, current: 1800, delta: 300 },
      totalKg: { published: 1500, current: 1800, delta: 300 },
      pendingKg: { published: 500, current: 200, delta: -300 },
    });

    const v2 = await t.as('esg').post('/api/v1/periods/2024/lock', { note: 'restated' });
    expect(v2.body).toMatchObject({ version: 2, publishedAt: '2026-07-01T09:00:00.000Z', figures: { recycledKg: 1800 } });

    const after = (await t.as('viewer').get('/api/v1/periods/2024')).body;
    expect(after.locked).toBe(true);
    expect(after.versions.map((v: { version: number; figures: { recycledKg: number } }) => [v.version, v.figures.recycledKg])).toEqual([
      [1, 1500],
      [2, 1800],
    ]);
    expect(after.versions[0]).toEqual(v1);
    expect(after.unlocks).toEqual([expect.objectContaining({ reason: 'weighbridge ticket was wrong', afterVersion: 1 })]);
    expect(after.comparedWith).toBe(2);
    expect(after.differences).toEqual({});
    expect(sql("SELECT action, json_extract(details, '$.version') AS v FROM audit_log WHERE action LIKE 'period.%' ORDER BY seq")).toEqual([
      { action: 'period.lock', v: 1 },
      { action: 'period.unlock', v: null },
      { action: 'period.lock', v: 2 },
    ]);
  });

  it('when the published figures row is tampered with, then the database refuses (versions are immutable)', async () => {
    await t.as('esg').post('/api/v1/periods/2024/lock', {});
    expect(() => t.db.$client.prepare("UPDATE period_versions SET note = 'x'").run()).toThrow(/immutable/);
  });
});

describe('reading periods', () => {
  it('when a year was never locked, then it reads as open with no versions and no differences', async () => {
    await unitIn2024();
    const res = await t.as('viewer').get('/api/v1/periods/2024');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2024, locked: false, versions: [], unlocks: [], comparedWith: null, differences: {} });
    expect(res.body.current).toMatchObject({ unitsReceived: 1, recycledKg: 1500 });
  });

  it('when years have data or locks, then GET /periods lists them in order with their state', async () => {
    await unitIn2024();
    await t.as('esg').post('/api/v1/periods/2022/lock', {});
    const res = await t.as('viewer').get('/api/v1/periods');
    expect(res.body).toEqual({
      items: [
        { year: 2022, locked: true, latestVersion: 1, publishedAt: '2026-06-15T12:00:00.000Z' },
        { year: 2024, locked: false, latestVersion: null, publishedAt: null },
      ],
      nextCursor: null,
    });
    const first = await t.as('viewer').get('/api/v1/periods?limit=1');
    expect(first.body.items.map((p: { year: number }) => p.year)).toEqual([2022]);
    const second = await t.as('viewer').get(`/api/v1/periods?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ year: 2024 }], nextCursor: null });
  });
});
