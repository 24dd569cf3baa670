import { describe, expect, it } from 'vitest';
import { EVENTS_FORMAT, UNITS_FORMAT } from '../../src/modules/imports/csv-formats.js';
import { createTestApp } from '../helpers/test-app.js';
import { csv, postCsv } from './import-helpers.js';

const textOf = (res: { text: string }) => res.text;

describe('GET /imports/{kind}/template', () => {
  it.each([
    ['units', UNITS_FORMAT.columns],
    ['events', EVENTS_FORMAT.columns],
  ] as const)('when the %s template is asked by any role, then it is a CSV download of exactly the columns the importer reads, in its order', async (kind, columns) => {
    const t = createTestApp();
    for (const role of ['viewer', 'operator'] as const) {
      const res = await t.as(role).get(`/api/v1/imports/${kind}/template`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${kind}-template.csv"`);
      expect(textOf(res)).toBe(`${columns.join(',')}\n`);
    }
  });

  it('when the units template is filled in with one row per unit, then the file imports as it is and stores every unit', async () => {
    const t = createTestApp();
    const header = textOf(await t.as('operator').get('/api/v1/imports/units/template')).trim().split(',');
    const unit: Record<string, string> = {
      serialNumber: 'TPL-1',
      category: 'imaging',
      modality: 'MR',
      model: 'SIGNA Artist',
      massKg: '5230.25',
      massSource: 'measured',
      originCountry: 'FR',
      siteCode: 'HU-EROC',
      receivedAt: '2024-04-02',
      returnChannel: 'buy_back',
      dataBearing: 'true',
    };
    const res = await postCsv(t, 'units', csv([header, header.map((c) => unit[c] ?? null)]));
    expect(res.status).toBe(201);
    const stored = (await t.as('viewer').get(`/api/v1/units/${res.body.ids[0]}`)).body;
    expect(stored).toMatchObject({ serialNumber: 'TPL-1', massKg: 5230.25, dataBearing: true, siteCode: 'HU-EROC' });
  });

  it('when the events template is filled in, then the file imports as it is', async () => {
    const t = createTestApp();
    await postCsv(t, 'units', csv([['serialNumber', 'category', 'model', 'massKg', 'originCountry', 'siteCode', 'receivedAt', 'returnChannel'], ['TPL-2', 'magnet', 'Magnet 1.5T', '3000', 'US', 'US-ROC', '2024-04-02', 'buy_back']]));
    const header = textOf(await t.as('operator').get('/api/v1/imports/events/template')).trim().split(',');
    const event: Record<string, string> = { serialNumber: 'TPL-2', type: 'assessed', occurredAt: '2024-04-03', grade: 'C', route: 'recycle' };
    const res = await postCsv(t, 'events', csv([header, header.map((c) => event[c] ?? null)]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 1 });
  });
});
