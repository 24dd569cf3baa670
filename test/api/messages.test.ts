import { describe, expect, it } from 'vitest';
import { createUnit, unitBody } from '../helpers/factories.js';
import { createTestApp, dump } from '../helpers/test-app.js';
import { csv, eventsCsv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

/** What a newcomer tripped on: JSON errors in the CSV importer's words, with suggestions. */
describe('one message catalogue for JSON and CSV', () => {
  it('when massKg is "2450 kg" in JSON and in a CSV cell, then both say the same sentence', async () => {
    const t = createTestApp();
    const before = dump(t.db);
    const json = await t.as('operator').post('/api/v1/units', unitBody({ massKg: '2450 kg' }));
    expect(json.status).toBe(400);
    expect(json.body.errors).toEqual([{ path: 'massKg', message: 'must be a number such as 1234.5 (got "2450 kg")' }]);
    const file = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ massKg: '2450 kg' })]));
    expect(file.body.errors).toEqual([{ row: 2, column: 'massKg', code: 'validation.failed', message: json.body.errors[0].message }]);
    expect(dump(t.db)).toBe(before);
  });

  it('when a field name is misspelt, then the answer asks "did you mean" and says the real one is required', async () => {
    const t = createTestApp();
    const { massKg: _m, ...body } = unitBody();
    const res = await t.as('operator').post('/api/v1/units', { ...body, masKg: 2450 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'massKg', message: 'is required' },
      { path: '(body)', message: 'unknown field "masKg"; did you mean "massKg"?' },
    ]);
  });

  it('when an event type is misspelt in JSON and in CSV, then both list the types and suggest the near one', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { serialNumber: 'T-1' });
    const json = await t.as('operator').post(`/api/v1/units/${u.id}/events`, { type: 'recyled', occurredAt: '2024-03-02' });
    expect(json.status).toBe(400);
    expect(JSON.stringify(json.body)).not.toMatch(/discriminator/i);
    expect(json.body.errors).toEqual([
      {
        path: 'type',
        message: 'must be one of assessed, refurbishment_started, refurbished, released, part_harvested, recycled, landfilled, energy_recovered, incinerated, disposed_other, data_sanitized, voided (got "recyled"); did you mean "recycled"?',
      },
    ]);
    const file = await postCsv(t, 'events', eventsCsv(['serialNumber', 'type', 'occurredAt'], [{ serialNumber: 'T-1', type: 'recyled', occurredAt: '2024-03-02' }]));
    expect(file.body.errors).toEqual([{ row: 2, column: 'type', code: 'validation.failed', message: json.body.errors[0].message }]);
  });

  it('when an enum value is a near miss, then it is suggested, in a body and in a query', async () => {
    const t = createTestApp();
    const u = await createUnit(t);
    const route = await t.as('operator').post(`/api/v1/units/${u.id}/events`, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'harvets' });
    expect(route.body.errors).toEqual([{ path: 'route', message: 'must be one of refurbish, harvest, recycle, landfill (got "harvets"); did you mean "harvest"?' }]);
    const q = await t.as('viewer').get('/api/v1/kpis?groupBy=regoin');
    expect(q.body.errors).toEqual([{ path: 'query.groupBy', message: 'must be one of year, quarter, month, region, category, modality, site (got "regoin"); did you mean "region"?' }]);
    const list = await t.as('viewer').get('/api/v1/units?stat=closed');
    expect(list.body.errors).toEqual([{ path: 'query', message: 'unknown field "stat"; did you mean "state"?' }]);
  });

  it('when a field of another event type is sent, then it says which fields this type takes', async () => {
    const t = createTestApp();
    const u = await createUnit(t);
    const res = await t.as('operator').post(`/api/v1/units/${u.id}/events`, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle', massKg: 5 });
    expect(res.body.errors).toEqual([{ path: '(body)', message: '"massKg" does not apply to an "assessed" event, which takes: type, occurredAt, grade, route, notes' }]);
  });
});

describe('a semicolon-separated file, as a European spreadsheet saves it', () => {
  it('when the units header is one cell with semicolons, then the answer says to save it comma-separated', async () => {
    const t = createTestApp();
    const text = `${UNIT_HEADER.join(';')}\n${unitRow().join(';')}\n`;
    const res = await postCsv(t, 'units', text);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        row: 1,
        column: null,
        code: 'import.invalid',
        message: 'The header is separated by semicolons (;). Save the file as "CSV UTF-8 (comma delimited)", or export it with commas as separators, and send it again.',
      },
    ]);
  });
});
