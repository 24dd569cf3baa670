import { describe, expect, it } from 'vitest';
import { SUMMARY_SQL } from '../../src/modules/units/units.store.js';
import { addEvents, createUnit } from '../helpers/factories.js';
import { createTestApp } from '../helpers/test-app.js';

const zero = { units: 0, remainingKg: 0 };
const STATES = ['received', 'assessed', 'in_refurbishment', 'refurbished', 'dismantling', 'closed'];

// Units here hold no patient data (dataBearing: false), so their mass may leave without a
// data_sanitized event; the sanitization gate has its own tests (sanitization*.test.ts).
describe('GET /units/summary', () => {
  it('when the ledger is empty, then every state reads zero and no site is listed', async () => {
    const t = createTestApp();
    const res = await t.as('viewer').get('/api/v1/units/summary');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ byState: Object.fromEntries(STATES.map((s) => [s, zero])), bySite: [] });
  });

  it('when units sit in several states and sites, China included, then it counts each with the mass it still holds, to the gram', async () => {
    const t = createTestApp();
    await createUnit(t, { dataBearing: false, massKg: 1000.001, siteCode: 'HU-EROC' });
    await createUnit(t, { dataBearing: false, massKg: 0.5, siteCode: 'US-ROC', originCountry: 'CN' });
    const d = await createUnit(t, { dataBearing: false, massKg: 300, siteCode: 'HU-EROC' });
    await addEvents(t, d.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'harvest' },
      { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: 'P', massKg: 0.125, destination: 'service_stock' },
    ]);
    const c = await createUnit(t, { dataBearing: false, massKg: 10, siteCode: 'JP-RC', originCountry: 'JP' });
    await addEvents(t, c.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
      { type: 'recycled', occurredAt: '2024-03-03', massKg: 10, material: 'mixed', recycler: 'R' },
    ]);
    const res = await t.as('viewer').get('/api/v1/units/summary');
    expect(res.status).toBe(200);
    expect(res.body.byState).toEqual({
      ...Object.fromEntries(STATES.map((s) => [s, zero])),
      received: { units: 2, remainingKg: 1000.501 },
      dismantling: { units: 1, remainingKg: 299.875 },
      closed: { units: 1, remainingKg: 0 },
    });
    expect(res.body.bySite.map((s: { siteCode: string }) => s.siteCode)).toEqual(['HU-EROC', 'JP-RC', 'US-ROC']);
    expect(res.body.bySite[0].byState).toMatchObject({ received: { units: 1, remainingKg: 1000.001 }, dismantling: { units: 1, remainingKg: 299.875 }, closed: zero });
    expect(res.body.bySite[2].byState.received).toEqual({ units: 1, remainingKg: 0.5 });

    // The same counts as paging through GET /units state by state.
    for (const state of STATES) {
      const listed = (await t.as('viewer').get(`/api/v1/units?state=${state}&limit=500`)).body.items;
      expect(res.body.byState[state].units, state).toBe(listed.length);
    }
  });

  it('when /units/summary is registered, then /units/:id still answers for real ids', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { dataBearing: false });
    expect((await t.as('viewer').get(`/api/v1/units/${u.id}`)).status).toBe(200);
  });

  it('when the summary is read, then SQLite reads one covering index and sorts nothing', () => {
    const t = createTestApp();
    const p = (t.db.$client.prepare(`EXPLAIN QUERY PLAN ${SUMMARY_SQL}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(p).toBe('SCAN units USING COVERING INDEX units_site_summary_idx');
  });
});
