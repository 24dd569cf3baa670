import { beforeEach, describe, expect, it } from 'vitest';
import { addEvents, createUnit, sanitized } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});

const US_ONLY = { rules: [{ category: 'imaging', regions: ['USCAN'] }] };
const US_EU = { rules: [{ category: 'imaging', regions: ['USCAN', 'EMEA'] }, { category: 'magnet', regions: null }], note: '2023 report' };
const setBoundary = (year: number, body: unknown, role: 'esg' | 'admin' = 'esg') => t.as(role).post(`/api/v1/periods/${year}/boundary`, body);

describe('setting a year’s reporting boundary', () => {
  it('when esg sets a boundary and then replaces it, then the latest is in force and the old one stays in history, each audited', async () => {
    const first = await setBoundary(2023, US_ONLY);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      year: 2023,
      rules: [{ category: 'imaging', regions: ['USCAN'] }],
      note: null,
      setAt: '2026-06-15T12:00:00.000Z',
      setBy: expect.stringMatching(/^key_/),
      statement: 'Imaging from USCAN',
      replaced: null,
    });
    const second = await setBoundary(2023, US_EU, 'admin');
    expect(second.body).toMatchObject({ statement: 'Imaging from USCAN and EMEA; magnets worldwide', note: '2023 report', replaced: { statement: 'Imaging from USCAN' } });
    const period = await t.as('viewer').get('/api/v1/periods/2023');
    expect(period.body.boundary).toMatchObject({ rules: US_EU.rules, statement: 'Imaging from USCAN and EMEA; magnets worldwide' });
    expect(period.body.boundaryHistory.map((b: { statement: string }) => b.statement)).toEqual(['Imaging from USCAN', 'Imaging from USCAN and EMEA; magnets worldwide']);
    expect((await t.as('viewer').get('/api/v1/periods/2024')).body.boundary).toBeNull();
    const audit = t.db.$client.prepare("SELECT entity_id FROM audit_log WHERE action = 'period.boundary'").pluck().all();
    expect(audit).toEqual(['2023', '2023']);
  });

  it.each([
    ['no rules', { rules: [] }, 'rules'],
    ['no rules field', {}, 'rules'],
    ['an unknown category', { rules: [{ category: 'tablets', regions: null }] }, 'rules.0.category'],
    ['an unknown region', { rules: [{ category: 'imaging', regions: ['MARS'] }] }, 'rules.0.regions.0'],
    ['an empty region list', { rules: [{ category: 'imaging', regions: [] }] }, 'rules.0.regions'],
    ['a region twice', { rules: [{ category: 'imaging', regions: ['EMEA', 'EMEA'] }] }, 'rules.0.regions'],
    ['regions left out', { rules: [{ category: 'imaging' }] }, 'rules.0.regions'],
    ['a category twice', { rules: [{ category: 'imaging', regions: null }, { category: 'imaging', regions: ['EMEA'] }] }, 'rules.1.category'],
    ['an unknown field', { rules: [{ category: 'imaging', regions: null }], scope: 'all' }, '(body)'],
  ])('when the body has %s, then 400 naming %s and nothing is stored', async (_what, body, field) => {
    const before = dump(t.db);
    const res = await setBoundary(2023, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(dump(t.db)).toBe(before);
    expect(t.db.$client.prepare('SELECT count(*) FROM period_boundaries').pluck().get()).toBe(0);
  });

  it('when the year is locked, then 409 period.locked and nothing changes; once unlocked it may be set', async () => {
    await setBoundary(2023, US_ONLY);
    await t.as('esg').post('/api/v1/periods/2023/lock', {});
    const before = dump(t.db);
    const res = await setBoundary(2023, US_EU);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'period.locked', year: 2023 });
    expect(dump(t.db)).toBe(before);
    expect(t.db.$client.prepare('SELECT count(*) FROM period_boundaries').pluck().get()).toBe(1);
    await t.as('admin').post('/api/v1/periods/2023/unlock', { reason: 'restate' });
    expect((await setBoundary(2023, US_EU)).status).toBe(200);
  });

  it.each([['operator'], ['engineer'], ['viewer']] as const)('when %s tries, then 403', async (role) => {
    expect((await t.as(role).post('/api/v1/periods/2023/boundary', US_ONLY)).status).toBe(403);
  });
});

/** A CT from Germany and one from Brazil in 2023, and a magnet from Brazil. */
async function ledger2023() {
  const de = await createUnit(t, { massKg: 2000, receivedAt: '2023-03-01', originCountry: 'DE' });
  const br = await createUnit(t, { massKg: 3000, receivedAt: '2023-03-01', originCountry: 'BR', siteCode: 'US-ROC' });
  const mag = await createUnit(t, { category: 'magnet', modality: undefined, massKg: 4000, receivedAt: '2023-04-01', originCountry: 'BR', siteCode: 'US-ROC' });
  for (const u of [de, br, mag]) {
    await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2023-05-01', grade: 'C', route: 'recycle' },
      sanitized('2023-05-01'),
      { type: 'recycled', occurredAt: '2023-05-02', massKg: 1000, material: 'ferrous', recycler: 'R' },
    ]);
  }
  return { de, br, mag };
}

describe('reports within each year’s boundary', () => {
  it('when imaging counts only from USCAN and EMEA, then a Latin American CT is left out of /kpis, counted in outOfBoundary, and boundary=none brings it back', async () => {
    await setBoundary(2023, US_EU);
    await ledger2023();
    const res = await t.as('viewer').get('/api/v1/kpis?from=2023-01-01&to=2023-12-31');
    expect(res.body.totals).toMatchObject({ unitsReceived: 2, recycledKg: 2000, pendingKg: 4000 });
    expect(res.body.outOfBoundary).toEqual({ units: 1, kg: 1000, magnetUpgrades: 0 });
    expect(res.body.excluded).toEqual({ units: 0, kg: 0, magnetUpgrades: 0 });
    expect(res.body.scope).toMatchObject({
      boundary: 'reporting',
      boundaries: [{ year: 2023, rules: US_EU.rules, statement: 'Imaging from USCAN and EMEA; magnets worldwide' }],
      statement:
        'Imaging from USCAN and EMEA; magnets worldwide (reporting boundary, 2023). Leaves out 1 unit (1,000 kg) outside it in 2023; excludes units from China (none in this period).',
    });
    const none = await t.as('viewer').get('/api/v1/kpis?from=2023-01-01&to=2023-12-31&boundary=none');
    expect(none.body.totals).toMatchObject({ unitsReceived: 3, recycledKg: 3000, pendingKg: 6000 });
    expect(none.body.outOfBoundary).toEqual({ units: 0, kg: 0, magnetUpgrades: 0 });
    expect(none.body.scope).toMatchObject({ boundary: 'none', boundaries: [] });
    expect(none.body.scope.statement).toMatch(/^Covers imaging and magnets systems returned in LATAM and EMEA in 2023/);
    expect((await t.as('viewer').get('/api/v1/kpis?boundary=all')).status).toBe(400);
  });

  it('when a range spans two years with different boundaries, then each day counts within its own year’s, and pending is judged by the boundary at each end', async () => {
    await setBoundary(2022, US_ONLY);
    await setBoundary(2023, US_EU);
    // A German CT received in 2022 (outside 2022's boundary), half recycled in 2022, a quarter in 2023 (inside 2023's).
    const de = await createUnit(t, { massKg: 2000, receivedAt: '2022-06-01', originCountry: 'DE' });
    await addEvents(t, de.id, [
      { type: 'assessed', occurredAt: '2022-06-02', grade: 'C', route: 'recycle' },
      sanitized('2022-06-02'),
      { type: 'recycled', occurredAt: '2022-07-01', massKg: 1000, material: 'ferrous', recycler: 'R' },
      { type: 'recycled', occurredAt: '2023-02-01', massKg: 500, material: 'ferrous', recycler: 'R' },
    ]);
    // A US CT inside both.
    const us = await createUnit(t, { massKg: 1000, receivedAt: '2022-06-01', originCountry: 'US', siteCode: 'US-ROC' });
    await addEvents(t, us.id, [
      { type: 'assessed', occurredAt: '2022-06-02', grade: 'C', route: 'recycle' },
      sanitized('2022-06-02'),
      { type: 'recycled', occurredAt: '2022-08-01', massKg: 400, material: 'ferrous', recycler: 'R' },
      { type: 'recycled', occurredAt: '2023-08-01', massKg: 600, material: 'ferrous', recycler: 'R' },
    ]);
    const res = await t.as('viewer').get('/api/v1/kpis?from=2022-01-01&to=2023-12-31&groupBy=year');
    expect(res.body.totals).toMatchObject({ unitsReceived: 1, recycledKg: 1500, pendingKg: 500 });
    expect(res.body.outOfBoundary).toEqual({ units: 1, kg: 1000, magnetUpgrades: 0 });
    expect(res.body.groups.map((g: Record<string, unknown>) => [g.key, g.unitsReceived, g.recycledKg, g.pendingKg])).toEqual([
      // End of 2022: only the US CT is inside 2022's boundary, 600 kg still on it.
      ['2022', 1, 400, 600],
      // End of 2023: both are inside 2023's; 500 kg left on the German one.
      ['2023', 0, 1100, 500],
    ]);
    expect(res.body.scope.statement).toMatch(
      /^2022: Imaging from USCAN\. 2023: Imaging from USCAN and EMEA; magnets worldwide\. Leaves out 1 unit \(1,000 kg\) outside it from 2022-01-01 to 2023-12-31;/,
    );
    // Each year alone says the same as its group.
    const y2022 = await t.as('viewer').get('/api/v1/kpis?from=2022-01-01&to=2022-12-31');
    expect(y2022.body.totals).toMatchObject({ recycledKg: 400, pendingKg: 600 });
    const byRegion = await t.as('viewer').get('/api/v1/kpis?from=2022-01-01&to=2023-12-31&groupBy=region');
    expect(byRegion.body.groups.map((g: Record<string, unknown>) => [g.key, g.recycledKg, g.pendingKg])).toEqual([
      ['EMEA', 500, 500],
      ['USCAN', 1000, 0],
    ]);
  });

  it('when a year is locked, then its version publishes the figures within its boundary and freezes the boundary with them', async () => {
    await setBoundary(2023, US_EU);
    await ledger2023();
    const lock = await t.as('esg').post('/api/v1/periods/2023/lock', {});
    expect(lock.body.figures).toMatchObject({ recycledKg: 2000, unitsReceived: 2 });
    expect(lock.body.boundary).toMatchObject({ rules: US_EU.rules, statement: 'Imaging from USCAN and EMEA; magnets worldwide', note: '2023 report' });
    await t.as('admin').post('/api/v1/periods/2023/unlock', { reason: 'widen the boundary' });
    await setBoundary(2023, { rules: [{ category: 'imaging', regions: null }, { category: 'magnet', regions: null }] });
    const period = await t.as('viewer').get('/api/v1/periods/2023');
    expect(period.body.versions[0].boundary.statement).toBe('Imaging from USCAN and EMEA; magnets worldwide');
    expect(period.body.boundary.statement).toBe('Imaging and magnets worldwide');
    expect(period.body.differences).toMatchObject({ recycledKg: { published: 2000, current: 3000, delta: 1000 } });
  });

  it('when SASB is asked for a bounded year, then it counts within the boundary and states it like the footnote', async () => {
    await setBoundary(2023, US_EU);
    await ledger2023();
    const res = await t.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2023');
    expect(res.body.kg).toBe(2000);
    expect(res.body.scope).toMatchObject({
      boundary: { year: 2023, statement: 'Imaging from USCAN and EMEA; magnets worldwide' },
      outOfBoundary: { units: 1, kg: 1000, magnetUpgrades: 0 },
      statement: expect.stringMatching(/^Imaging from USCAN and EMEA; magnets worldwide \(reporting boundary, 2023\)\. Leaves out 1 unit \(1,000 kg\)/),
    });
  });
});

describe('GET /reports/indicators', () => {
  it('when a year has reuse, recycling and landfill and some intake from model defaults, then each rate and share is as defined', async () => {
    await setBoundary(2023, US_EU);
    const a = await createUnit(t, { massKg: 1000, receivedAt: '2023-03-01', originCountry: 'DE' });
    await addEvents(t, a.id, [
      { type: 'assessed', occurredAt: '2023-03-02', grade: 'B', route: 'harvest' },
      sanitized('2023-03-02'),
      { type: 'part_harvested', occurredAt: '2023-03-03', partNumber: 'P1', massKg: 100, destination: 'service_stock' },
      { type: 'recycled', occurredAt: '2023-03-04', massKg: 700, material: 'ferrous', recycler: 'R' },
      { type: 'landfilled', occurredAt: '2023-03-05', massKg: 200, reason: 'x' },
    ]);
    const b = await createUnit(t, { massKg: 3000, receivedAt: '2023-03-01', originCountry: 'US', siteCode: 'US-ROC', massSource: 'model_default' });
    await addEvents(t, b.id, [
      { type: 'assessed', occurredAt: '2023-03-02', grade: 'A', route: 'refurbish' },
      sanitized('2023-03-02'),
      { type: 'refurbishment_started', occurredAt: '2023-03-03', siteCode: 'US-ROC' },
      { type: 'refurbished', occurredAt: '2023-03-20' },
      { type: 'released', occurredAt: '2023-03-21', channel: 'sale', destinationCountry: 'US' },
    ]);
    // Outside the boundary: not in any ratio.
    await createUnit(t, { massKg: 500, receivedAt: '2023-03-01', originCountry: 'BR', massSource: 'model_default' });
    const res = await t.as('viewer').get('/api/v1/reports/indicators?year=2023');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      year: 2023,
      preparedForReuseAndRecycledRate: 0.95, // (3000 + 100 + 700) / 4000
      recoveryRate: 0.95,
      reuseShare: 0.775, // (3000 + 100) / 4000
      recyclingShare: 0.175,
      measuredMassShare: 0.25, // 1000 of 4000 kg received was weighed
      basis: { outgoingKg: 4000, reusedKg: 3800, refurbishedKg: 3000, harvestedKg: 100, recycledKg: 700, energyRecoveredKg: 0, landfilledKg: 200, intakeKg: 4000, measuredIntakeKg: 1000 },
      scope: { boundary: 'reporting', statement: 'Imaging from USCAN and EMEA; magnets worldwide', outOfBoundary: { units: 1, kg: 0 } },
      period: { locked: false, latestVersion: null },
    });
    for (const f of ['preparedForReuseAndRecycledRate', 'recoveryRate', 'reuseShare', 'recyclingShare', 'measuredMassShare']) {
      expect(res.body.definitions[f], f).toMatch(/divided by/);
    }
    const kpis = await t.as('viewer').get('/api/v1/kpis?from=2023-01-01&to=2023-12-31');
    expect(res.body.preparedForReuseAndRecycledRate).toBe(kpis.body.totals.diversionRate);
    const none = await t.as('viewer').get('/api/v1/reports/indicators?year=2023&boundary=none');
    expect(none.body).toMatchObject({ measuredMassShare: 0.2222, basis: { intakeKg: 4500 } });
  });

  it('when nothing moved in the year, then the ratios are null, not zero', async () => {
    const res = await t.as('viewer').get('/api/v1/reports/indicators?year=2021');
    expect(res.body).toMatchObject({ preparedForReuseAndRecycledRate: null, recoveryRate: null, reuseShare: null, recyclingShare: null, measuredMassShare: null });
    expect((await t.as('viewer').get('/api/v1/reports/indicators?year=21')).status).toBe(400);
  });
});

describe('China in a reporting boundary (v1.2)', () => {
  const WITH_CHINA = { rules: [{ category: 'imaging', regions: ['USCAN', 'CHINA'] }, { category: 'ultrasound', regions: ['CHINA'] }, { category: 'magnet', regions: null }] };

  it('when the China policy is on and a boundary names CHINA, then 400 names every place it is named and nothing is stored', async () => {
    const before = dump(t.db);
    const res = await setBoundary(2023, WITH_CHINA);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors).toEqual([
      { path: 'rules.0.regions.1', message: expect.stringMatching(/^must not be CHINA while the China policy is on/) },
      { path: 'rules.1.regions.0', message: expect.stringMatching(/^must not be CHINA while the China policy is on/) },
    ]);
    expect(dump(t.db)).toBe(before);
    expect(t.db.$client.prepare('SELECT count(*) FROM period_boundaries').pluck().get()).toBe(0);
    expect((await t.as('viewer').get('/api/v1/periods/2023')).body.boundary).toBeNull();
  });

  it('when the year is locked too, then the CHINA boundary is still 400 (invalid input comes before period.locked)', async () => {
    expect((await t.as('esg').post('/api/v1/periods/2023/lock', {})).status).toBe(200);
    const res = await setBoundary(2023, WITH_CHINA);
    expect([res.status, res.body.code]).toEqual([400, 'validation.failed']);
  });

  it('when the China policy is off, then a boundary may name CHINA', async () => {
    t = createTestApp({ policyChinaExclusion: false });
    const res = await setBoundary(2023, WITH_CHINA);
    expect(res.status).toBe(200);
    expect(res.body.rules[0]).toEqual({ category: 'imaging', regions: ['USCAN', 'CHINA'] });
  });
});
