import { describe, expect, it } from 'vitest';
import { createUnit } from '../helpers/factories.js';
import { createTestApp, dump, tableCounts } from '../helpers/test-app.js';
import { csv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

const kpiRows = (t: ReturnType<typeof createTestApp>) =>
  t.db.$client.prepare('SELECT * FROM kpi_daily ORDER BY day, region, category, modality, site_code').all();

describe('POST /imports/units', () => {
  it('when every row is valid, then all units are stored with their roll-up and one audit entry, and the answer lists their ids', async () => {
    const t = createTestApp();
    const res = await postCsv(
      t,
      'units',
      csv([
        UNIT_HEADER,
        unitRow({ serialNumber: 'A-1', massKg: 1234.567 }),
        unitRow({ serialNumber: 'A-2', category: 'surgical', modality: null, massSource: null, originCountry: 'CN', receivedAt: '2025-01-31' }),
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'units', rows: 2, created: 2, idsTruncated: false });
    expect(res.body.ids).toHaveLength(2);

    const first = await t.as('viewer').get(`/api/v1/units/${res.body.ids[0]}`);
    expect(first.body).toMatchObject({ serialNumber: 'A-1', state: 'received', region: 'EMEA', massSource: 'measured' });
    expect(first.body.massBalance).toMatchObject({ intakeKg: 1234.567, remainingKg: 1234.567 });
    const second = await t.as('viewer').get(`/api/v1/units/${res.body.ids[1]}`);
    expect(second.body).toMatchObject({ category: 'surgical', modality: null, region: 'CHINA', exclusionReason: 'china_policy' });

    expect(kpiRows(t)).toEqual([
      expect.objectContaining({ day: '2024-03-01', region: 'EMEA', units_received: 1, intake_g: 1_234_567 }),
      expect.objectContaining({ day: '2025-01-31', region: 'CHINA', modality: '', units_received: 1, intake_g: 2_000_000 }),
    ]);
    const audit = await t.as('viewer').get('/api/v1/audit?entityType=import');
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'import.units', entityId: res.body.importId, details: expect.objectContaining({ rows: 2, created: 2 }) }),
    ]);
  });

  it('when the file has a BOM, CRLF line ends, quoted fields and only the required columns, then it imports', async () => {
    const t = createTestApp();
    const body =
      '\uFEFFserialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\r\n' +
      '"Q-1, with comma",imaging,MR,"Signa ""Premier""",1500,US,US-ROC,2024-05-01,buy_back\r\n';
    const res = await postCsv(t, 'units', body);
    expect(res.status).toBe(201);
    const u = await t.as('viewer').get(`/api/v1/units/${res.body.ids[0]}`);
    expect(u.body).toMatchObject({ serialNumber: 'Q-1, with comma', model: 'Signa "Premier"', massKg: 1500, region: 'USCAN' });
  });

  it('when a row repeats a serial of the same model, then the later row is reported and nothing is stored', async () => {
    const t = createTestApp();
    const before = dump(t.db);
    const res = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ serialNumber: 'D-1' }), unitRow({ serialNumber: 'D-2' }), unitRow({ serialNumber: 'D-1' })]));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('import.invalid');
    expect(res.body.errors).toEqual([
      { row: 4, column: 'serialNumber', code: 'unit.duplicate_serial', message: expect.stringContaining('Row 2 of this file') },
    ]);
    expect(dump(t.db)).toBe(before);
  });

  it('when the same serial comes with another model, then both units are stored (the rule is per model)', async () => {
    const t = createTestApp();
    const res = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ serialNumber: 'M-1' }), unitRow({ serialNumber: 'M-1', model: 'Other' })]));
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(2);
  });

  it('when a serial belongs to an open unit in the database, or a row breaks a single-item rule, then each row is reported with its column', async () => {
    const t = createTestApp();
    const existing = await createUnit(t, { serialNumber: 'DB-1' });
    t.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, '2026-01-01', 'test')").run();
    const before = tableCounts(t.db);
    const res = await postCsv(
      t,
      'units',
      csv([
        UNIT_HEADER,
        unitRow({ serialNumber: 'DB-1' }),
        unitRow({ serialNumber: 'L-1', receivedAt: '2023-06-01' }),
        unitRow({ serialNumber: 'F-1', receivedAt: '2026-06-16' }),
        unitRow({ serialNumber: 'S-1', siteCode: 'NOPE' }),
        unitRow({ serialNumber: 'OK-1' }),
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('4 of 5 rows have errors');
    expect(res.body.errors).toEqual([
      { row: 2, column: 'serialNumber', code: 'unit.duplicate_serial', message: `Open unit ${existing.id} of model "Revolution EVO" already has serial "DB-1".` },
      { row: 3, column: 'receivedAt', code: 'period.locked', message: expect.stringContaining('2023, a locked reporting year') },
      { row: 4, column: 'receivedAt', code: 'validation.failed', message: 'must not be in the future (today is 2026-06-15)' },
      { row: 5, column: 'siteCode', code: 'validation.failed', message: 'unknown site "NOPE"' },
    ]);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when a units export is sent back, then its read-only columns are ignored', async () => {
    const t = createTestApp();
    await createUnit(t, { serialNumber: 'E-1' });
    const exported = await t.as('viewer').get('/api/v1/units?format=csv');
    const fresh = createTestApp();
    const res = await postCsv(fresh, 'units', exported.text);
    expect(res.status).toBe(201);
    const list = await fresh.as('viewer').get('/api/v1/units');
    expect(list.body.items.map((u: { serialNumber: string }) => u.serialNumber)).toEqual(['E-1']);
  });

  it('when the same file is sent again with the same Idempotency-Key, then the first answer comes back and nothing new is stored', async () => {
    const t = createTestApp();
    const body = csv([UNIT_HEADER, unitRow({ serialNumber: 'I-1' })]);
    const first = await postCsv(t, 'units', body, { key: 'upload-1' });
    expect(first.status).toBe(201);
    const counts = tableCounts(t.db);
    const again = await postCsv(t, 'units', body, { key: 'upload-1' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(tableCounts(t.db)).toEqual(counts);

    const other = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ serialNumber: 'I-2' })]), { key: 'upload-1' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency.mismatch');
  });

  it('when a viewer imports, or the body is not CSV or not UTF-8, then it is refused', async () => {
    const t = createTestApp();
    const body = csv([UNIT_HEADER, unitRow()]);
    expect((await postCsv(t, 'units', body, { role: 'viewer' })).status).toBe(403);
    const json = await t.as('operator').post('/api/v1/imports/units', { serialNumber: 'x' });
    expect(json.status).toBe(415);
    const latin = await t.as('operator').post('/api/v1/imports/units').set('Content-Type', 'text/csv; charset=iso-8859-1').send(body);
    expect(latin.status).toBe(415);
    expect(tableCounts(t.db).units).toBe(0);
  });
});
