import { describe, expect, it } from 'vitest';
import { addEvent, createUnit, unitBody } from '../helpers/factories.js';
import { createTestApp, dump } from '../helpers/test-app.js';
import { csv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

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
