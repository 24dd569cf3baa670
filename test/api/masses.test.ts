import { describe, expect, it } from 'vitest';
import { addEvent, createUnit, unitBody } from '../helpers/factories.js';
import { createTestApp, dump } from '../helpers/test-app.js';
import { csv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

/** Finding 3: a sub-gram or over-precise mass is refused everywhere it enters, never rounded. */
describe('masses below a gram or finer than a gram', () => {
  const tooFine: [string, number, string][] = [
    ['1e-10 kg', 1e-10, 'must be at least 0.001 kg (one gram)'],
    ['0.0004 kg', 0.0004, 'must be at least 0.001 kg (one gram)'],
    ['1.0000000001 kg', 1.0000000001, 'must have at most three decimals (whole grams); got 1.0000000001'],
    ['0.30000000000000004 kg (0.1 + 0.2)', 0.1 + 0.2, 'must have at most three decimals (whole grams); got 0.30000000000000004'],
  ];

  it.each(tooFine)('when a harvested part weighs %s, then 400 and no 0 g part is counted', async (_n, massKg, message) => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 100 });
    await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'harvest' });
    const before = dump(t.db);
    const res = await addEvent(t, u.id, { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: 'P-1', massKg, destination: 'service_stock' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'massKg', message }]);
    expect(dump(t.db)).toBe(before);
  });

  it.each(tooFine)('when a unit weighs %s, then 400 and nothing is stored', async (_n, massKg, message) => {
    const t = createTestApp();
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody({ massKg }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'massKg', message }]);
    expect(dump(t.db)).toBe(before);
  });

  it('when a CSV cell holds 0.0000000001 or 2.0005 kg, then the import refuses those rows and stores nothing', async () => {
    const t = createTestApp();
    const before = dump(t.db);
    const res = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ serialNumber: 'A', massKg: '0.0000000001' }), unitRow({ serialNumber: 'B', massKg: '2.0005' }), unitRow({ serialNumber: 'C', massKg: '0.001' })]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 2, column: 'massKg', code: 'validation.failed', message: 'must be at least 0.001 kg (one gram)' },
      { row: 3, column: 'massKg', code: 'validation.failed', message: 'must have at most three decimals (whole grams); got 2.0005' },
    ]);
    expect(dump(t.db)).toBe(before);
  });

  it('when a mass is exactly one gram, then it is stored as 1 g', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 0.001, category: 'surgical', modality: undefined });
    expect(t.db.$client.prepare('SELECT intake_g FROM units WHERE id = ?').pluck().get(u.id)).toBe(1);
  });

  it.each([
    [{ magnetMassKg: 1e-10 }, 'magnetMassKg'],
    [{ magnetMassKg: 4500.0001 }, 'magnetMassKg'],
    [{ materials: { copper: 0.0001 } }, 'materials.copper'],
  ])('when an estimate is asked with %j, then 400 names %s', async (over, path) => {
    const t = createTestApp();
    const res = await t.as('engineer').post('/api/v1/estimates/magnet-upgrade', { fieldStrengthT: 1.5, iterations: 100, seed: 1, ...over });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
  });
});
