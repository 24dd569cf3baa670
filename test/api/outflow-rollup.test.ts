import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/client.js';
import { outflowRows } from '../../src/modules/kpis/kpis.repo.js';
import { addEvent, addEvents, createUnit, sanitized } from '../helpers/factories.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { eventsCsv, postCsv } from './import-helpers.js';

let t: TestApp;
const ids: Record<string, string> = {};

/** outflow_daily as stored, rows with grams, in key order. */
const rollup = () =>
  t.db.$client
    .prepare('SELECT day, region, category, site_code, weee_category, mass_source, type, treatment_code, hazardous, radioactive, mass_g FROM outflow_daily WHERE mass_g <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10')
    .raw()
    .all() as unknown[][];

beforeAll(async () => {
  t = createTestApp();
  // A CT (large equipment, weighed): sanitized, a part harvested, copper recycled, a hazardous load landfilled.
  const ct = await createUnit(t, { serialNumber: 'CT-1', massKg: 2000, receivedAt: '2024-03-01' });
  ids.ct = ct.id;
  await addEvents(t, ct.id, [
    { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'harvest' },
    sanitized('2024-03-02'),
    { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: 'XRT-1', massKg: 120, destination: 'service_stock' },
    { type: 'recycled', occurredAt: '2024-03-04', massKg: 1500, material: 'copper', recycler: 'R' },
    { type: 'landfilled', occurredAt: '2024-03-04', massKg: 80, reason: 'Lead shielding', wasteCode: '16 02 13*' },
  ]);
  // An ultrasound (small equipment, mass from the model sheet): refurbished and released.
  const us = await createUnit(t, { serialNumber: 'US-1', category: 'ultrasound', modality: undefined, massKg: 90, massSource: 'model_default', weeeCategory: 5, siteCode: 'US-ROC', originCountry: 'US', receivedAt: '2024-04-01' });
  ids.us = us.id;
  await addEvents(t, us.id, [
    { type: 'assessed', occurredAt: '2024-04-02', grade: 'A', route: 'refurbish' },
    sanitized('2024-04-02'),
    { type: 'refurbishment_started', occurredAt: '2024-04-03', siteCode: 'US-ROC' },
    { type: 'refurbished', occurredAt: '2024-04-20' },
    { type: 'released', occurredAt: '2024-04-25', channel: 'sale', destinationCountry: 'US' },
  ]);
  // A PET/CT's calibration source to a licensed handler as other recovery of a radioactive load, and a mistyped load voided.
  const mi = await createUnit(t, { serialNumber: 'MI-1', modality: 'MI', massKg: 3000, dataBearing: false, receivedAt: '2024-05-01' });
  ids.mi = mi.id;
  const [, wrong] = await addEvents(t, mi.id, [
    { type: 'assessed', occurredAt: '2024-05-02', grade: 'D', route: 'recycle' },
    { type: 'recycled', occurredAt: '2024-05-03', massKg: 2000, material: 'ferrous', recycler: 'R' },
  ]);
  await addEvents(t, mi.id, [
    { type: 'voided', occurredAt: '2024-05-03', eventId: (wrong as { id: string }).id, reason: 'Weighed twice' },
    { type: 'recycled', occurredAt: '2024-05-03', massKg: 2500, material: 'ferrous', recycler: 'R', treatmentCode: 'R12' },
    { type: 'energy_recovered', occurredAt: '2024-05-04', massKg: 400, radioactive: true, hazardous: true },
  ]);
  // An events file: a load recycled and voided in the same file (nets to nothing), then landfilled.
  const file = eventsCsv(['id', 'unitId', 'type', 'occurredAt', 'massKg', 'material', 'recycler', 'reason', 'eventId', 'treatmentCode'], [
    { id: 'a', unitId: mi.id, type: 'recycled', occurredAt: '2024-05-05', massKg: 50, material: 'glass', recycler: 'R' },
    { unitId: mi.id, type: 'voided', occurredAt: '2024-05-05', eventId: 'a', reason: 'Wrong unit' },
    { unitId: mi.id, type: 'landfilled', occurredAt: '2024-05-06', massKg: 100, reason: 'Residue', treatmentCode: 'D5' },
  ]);
  const res = await postCsv(t, 'events', file);
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
});

describe('the disclosure roll-up (outflow_daily)', () => {
  it('when outgoing events are written, voided and imported, then every standing gram is in its day, dimensions and flow, and nothing else', () => {
    expect(rollup()).toEqual([
      ['2024-03-03', 'EMEA', 'imaging', 'HU-EROC', 4, 'measured', 'part_harvested', '', 0, 0, 120_000],
      ['2024-03-04', 'EMEA', 'imaging', 'HU-EROC', 4, 'measured', 'landfilled', 'D1', 1, 0, 80_000],
      ['2024-03-04', 'EMEA', 'imaging', 'HU-EROC', 4, 'measured', 'recycled', 'R4', 0, 0, 1_500_000],
      ['2024-04-25', 'USCAN', 'ultrasound', 'US-ROC', 5, 'model_default', 'released', '', 0, 0, 90_000],
      ['2024-05-03', 'EMEA', 'imaging', 'HU-EROC', 4, 'measured', 'recycled', 'R12', 0, 0, 2_500_000],
      ['2024-05-04', 'EMEA', 'imaging', 'HU-EROC', 4, 'measured', 'energy_recovered', 'R1', 1, 1, 400_000],
      ['2024-05-06', 'EMEA', 'imaging', 'HU-EROC', 4, 'measured', 'landfilled', 'D5', 0, 0, 100_000],
    ]);
  });

  it('when the roll-up is summed, then it equals the outgoing mass of /kpis to the gram', async () => {
    const k = (await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31')).body.totals;
    const total = t.db.$client.prepare('SELECT sum(mass_g) FROM outflow_daily').pluck().get() as number;
    expect(total).toBe(Math.round(k.totalKg * 1000));
  });

  it('when a year is read with outflowRows, then rows come summed by year and every split a disclosure needs', () => {
    const rows = outflowRows(t.db, { from: '2024-01-01', to: '2024-12-31' });
    expect(rows).toHaveLength(7);
    expect(rows.find((r) => r.type === 'energy_recovered')).toEqual({
      year: 2024,
      region: 'EMEA',
      category: 'imaging',
      siteCode: 'HU-EROC',
      weeeCategory: 4,
      massSource: 'measured',
      type: 'energy_recovered',
      treatmentCode: 'R1',
      hazardous: true,
      radioactive: true,
      massG: 400_000,
    });
    expect(outflowRows(t.db, { from: '2024-05-01', to: '2024-05-31' }).reduce((g, r) => g + r.massG, 0)).toBe(3_000_000);
    expect(outflowRows(t.db, { from: '2025-01-01', to: '2025-12-31' })).toEqual([]);
  });

  it('when a refused event is sent, then the roll-up is as it was', async () => {
    const before = rollup();
    const res = await addEvent(t, ids.ct!, { type: 'recycled', occurredAt: '2024-03-05', massKg: 500, material: 'copper', recycler: 'R' });
    expect(res.status).toBe(409);
    expect(rollup()).toEqual(before);
  });

  it('when the release is voided, then its grams leave the roll-up', async () => {
    const u = (await t.as('viewer').get(`/api/v1/units/${ids.us}`)).body;
    const release = u.events.find((e: { type: string }) => e.type === 'released');
    const before = rollup();
    const res = await addEvent(t, ids.us!, { type: 'voided', occurredAt: '2024-04-26', eventId: release.id, reason: 'Sale fell through' });
    expect(res.status).toBe(201);
    expect(rollup()).toEqual(before.filter((r) => r[6] !== 'released'));
  });

  it('when the outflow_daily_backfill migration is run over the ledger the service wrote, then it rebuilds exactly the roll-up the writer kept', () => {
    const kept = rollup();
    // Found by its name: its number depends on the migrations that landed before it.
    const file = fs.readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith('_outflow_daily_backfill.sql'));
    expect(file).toBeDefined();
    const backfill = fs.readFileSync(path.join(MIGRATIONS_FOLDER, file!), 'utf8');
    t.db.$client.exec('DELETE FROM outflow_daily');
    t.db.$client.exec(backfill);
    expect(rollup()).toEqual(kept);
  });
});
