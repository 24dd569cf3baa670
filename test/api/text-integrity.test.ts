import { describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit, createVendor, unitBody, vendorBody } from '../helpers/factories.js';
import { createTestApp, dump, tableCounts } from '../helpers/test-app.js';
import { csv, eventsCsv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

/** Finding 10: stored text is NFC; identifiers hold visible characters only; no text holds a lone surrogate. */
describe('text integrity', () => {
  it('when a serial holds a NUL, then 400 and nothing is stored, so the export still imports back', async () => {
    const t = createTestApp();
    await createUnit(t, { serialNumber: 'GOOD-1' });
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'BAD\u00001' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'serialNumber', message: 'must hold visible characters only, no control or invisible ones (found U+0000 (NUL) at character 4)' },
    ]);
    expect(dump(t.db)).toBe(before);

    const exported = await t.as('viewer').get('/api/v1/units?format=csv');
    const target = createTestApp();
    const back = await postCsv(target, 'units', exported.text);
    expect(back.status).toBe(201);
    expect(back.body.created).toBe(1);
  });

  it('when a serial or a note holds a lone surrogate, then 400 names it instead of storing U+FFFD', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { serialNumber: 'S-1' });
    const before = dump(t.db);
    const unit = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'S\ud800' }));
    expect(unit.status).toBe(400);
    expect(unit.body.errors).toEqual([
      { path: 'serialNumber', message: 'contains a lone surrogate (U+D800 at character 2), which is not a character; send valid UTF-8 text' },
    ]);
    const note = await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle', notes: 'ok \udc00' });
    expect(note.status).toBe(400);
    expect(note.body.errors[0].path).toBe('notes');
    expect(dump(t.db)).toBe(before);
  });

  it('when S1 followed by a zero-width space is received beside an open S1, then 400, not a second unit', async () => {
    const t = createTestApp();
    await createUnit(t, { serialNumber: 'S1' });
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'S1\u200b' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'serialNumber', message: 'must hold visible characters only, no control or invisible ones (found U+200B (zero width space) at character 3)' },
    ]);
    expect(dump(t.db)).toBe(before);
  });

  it.each([
    ['partNumber', { type: 'part_harvested', partNumber: 'P\u200d1', massKg: 1, destination: 'service_stock' }],
    ['eventId', { type: 'voided', eventId: 'evt\u00001', reason: 'x' }],
  ])('when an event identifier (%s) holds an invisible character, then 400', async (path, body) => {
    const t = createTestApp();
    const u = await createUnit(t);
    await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'harvest' });
    const before = dump(t.db);
    const res = await addEvent(t, u.id, { occurredAt: '2024-03-03', ...body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path, message: expect.stringContaining('must hold visible characters only') }]);
    expect(dump(t.db)).toBe(before);
  });

  it('when a serial arrives decomposed (e + combining accent), then it is stored NFC and the composed spelling is its duplicate', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { serialNumber: 'Ve\u0301lo-1' });
    expect(u.serialNumber).toBe('V\u00e9lo-1');
    expect(t.db.$client.prepare('SELECT serial_number FROM units WHERE id = ?').pluck().get(u.id)).toBe('V\u00e9lo-1');
    const dup = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'V\u00e9lo-1' }));
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('unit.duplicate_serial');
  });

  it('when a note holds tabs and line breaks, then they are kept', async () => {
    const t = createTestApp();
    const u = await createUnit(t);
    const res = await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle', notes: 'line 1\n\tline 2' });
    expect(res.status).toBe(201);
    expect(res.body.notes).toBe('line 1\n\tline 2');
  });

  it('when a CSV serial cell holds a zero-width space, then that row is refused and nothing is stored', async () => {
    const t = createTestApp();
    const before = dump(t.db);
    const res = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ serialNumber: 'S1' }), unitRow({ serialNumber: 'S2\u200b' })]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 3, column: 'serialNumber', code: 'validation.failed', message: 'must hold visible characters only, no control or invisible ones (found U+200B (zero width space) at character 3)' },
    ]);
    expect(dump(t.db)).toBe(before);
  });
});

/** Contract v1.2: the text rules on every stored text field; names and references refuse zero-width and bidi controls. */
describe('text rules on names and references (v1.2)', () => {
  const VISIBLE = /^must hold visible characters only, no control or invisible ones \(found U\+/;

  it('when a vendor name holds a right-to-left override, then 400 names the field and no vendor is stored', async () => {
    const t = createTestApp();
    const before = tableCounts(t.db);
    const res = await t.as('operator').post('/api/v1/vendors', vendorBody({ name: 'Great Lakes \u202eMetals' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'name', message: 'must hold visible characters only, no control or invisible ones (found U+202E (right-to-left override) at character 13)' }]);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when a shipment receipt’s certificateRef holds a zero-width space, then 400 and the shipment stays open with no receipt', async () => {
    const t = createTestApp();
    await createVendor(t, { code: 'R-1', name: 'Recycler One' });
    const u = await createUnit(t, { dataBearing: false, massKg: 100, receivedAt: '2024-03-01' });
    const [, recycled] = await addEvents(t, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
      { type: 'recycled', occurredAt: '2024-03-04', massKg: 100, material: 'ferrous', vendorCode: 'R-1' },
    ]);
    const shipment = await t.as('operator').post('/api/v1/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [recycled.id] });
    expect(shipment.status).toBe(201);
    const before = tableCounts(t.db);
    const res = await t.as('operator').post(`/api/v1/shipments/${shipment.body.id}/receipt`, { receivedAt: '2024-03-12', receivedKg: 99.5, certificateRef: 'COR-2024\u200b-0311' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'certificateRef', message: expect.stringMatching(VISIBLE) }]);
    expect(tableCounts(t.db)).toEqual(before);
    expect((await t.as('viewer').get(`/api/v1/shipments/${shipment.body.id}`)).body).toMatchObject({ status: 'open', receipt: null });
  });

  it.each([
    ['a site name', '/api/v1/sites', { code: 'BR-RC', name: 'São Paulo\u200b centre', country: 'BR' }, 'name'],
    ['a key name', '/api/v1/keys', { name: 'floor\u2067 tablet', role: 'viewer' }, 'name'],
    ['a vendor certificate number', '/api/v1/vendors', vendorBody({ certifications: [{ scheme: 'R2v3', certificateNo: 'R2\u200d-104', validFrom: '2023-01-01', validTo: '2025-12-31' }] }), 'certifications.0.certificateNo'],
  ] as const)('when %s holds an invisible character, then 400 names it and nothing is stored', async (_what, url, body, path) => {
    const t = createTestApp();
    const before = tableCounts(t.db);
    const res = await t.as('admin').post(url, body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path, message: expect.stringMatching(VISIBLE) }]);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it.each([
    ['recycler', { type: 'recycled', massKg: 10, material: 'ferrous', recycler: 'Metals \u202eKft' }],
    ['facility', { type: 'landfilled', massKg: 10, reason: 'residue', facility: 'Site\u200b B' }],
    ['verifiedBy', { type: 'data_sanitized', method: 'purge', standard: 'NIST SP 800-88r1', media: [{ kind: 'hdd' }], verifiedBy: 'K.\tNagy' }],
    ['certificateRef', { type: 'data_sanitized', method: 'purge', standard: 'NIST SP 800-88r1', media: [{ kind: 'hdd' }], verifiedBy: 'K. Nagy', certificateRef: 'DS\u200b-1' }],
  ])('when an event’s %s holds an invisible character or a tab, then 400', async (path, body) => {
    const t = createTestApp();
    const u = await createUnit(t, { dataBearing: false, massKg: 100 });
    await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' });
    const before = tableCounts(t.db);
    const res = await addEvent(t, u.id, { occurredAt: '2024-03-03', ...body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path, message: expect.stringMatching(VISIBLE) }]);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when a note holds a C1 control character, then 400; a right-to-left mark in Arabic text is kept', async () => {
    const t = createTestApp();
    const u = await createUnit(t);
    const bad = await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle', notes: 'next\u0085line' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'notes', message: 'must not hold control characters other than tab and line breaks (found U+0085 at character 5)' }]);
    const ok = await addEvent(t, u.id, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle', notes: 'فحص \u200f(A)' });
    expect(ok.status).toBe(201);
  });

  it('when an Idempotency-Key holds a tab, then 400 names the header and nothing is stored', async () => {
    const t = createTestApp();
    const before = tableCounts(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody()).set('Idempotency-Key', 'intake\t42');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'header.Idempotency-Key', message: expect.stringMatching(VISIBLE) }]);
    expect(tableCounts(t.db)).toEqual(before);
  });

  it('when an events CSV names its unit by a serial with a zero-width space, or names a recycler with a bidi override, then those cells are refused by column and nothing is stored', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { serialNumber: 'CSV-1', dataBearing: false, massKg: 100 });
    const before = tableCounts(t.db);
    const header = ['serialNumber', 'type', 'occurredAt', 'grade', 'route', 'massKg', 'material', 'recycler'];
    const res = await postCsv(
      t,
      'events',
      eventsCsv(header, [
        { serialNumber: 'CSV-1\u200b', type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
        { serialNumber: String(u.serialNumber), type: 'recycled', occurredAt: '2024-03-03', massKg: 10, material: 'ferrous', recycler: 'Metals \u202eKft' },
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 2, column: 'serialNumber', code: 'validation.failed', message: expect.stringMatching(VISIBLE) },
      { row: 3, column: 'recycler', code: 'validation.failed', message: expect.stringMatching(VISIBLE) },
    ]);
    expect(tableCounts(t.db)).toEqual(before);
  });
});
