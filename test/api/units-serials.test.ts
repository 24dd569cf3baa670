import { describe, expect, it } from 'vitest';
import { addEvents, createUnit, unitBody } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';
import { csv, eventsCsv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

const serials = (res: { body: { items: { serialNumber: string }[] } }) => res.body.items.map((u) => u.serialNumber);
const list = (t: TestApp, qs: string) => t.as('viewer').get(`/api/v1/units?${qs}`);

async function closeUnit(t: TestApp, id: string, massKg: number) {
  await addEvents(t, id, [
    { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
    { type: 'recycled', occurredAt: '2024-03-03', massKg, material: 'mixed', recycler: 'R' },
  ]);
}

// Units here hold no patient data (dataBearing: false), so their mass may leave without a
// data_sanitized event; the sanitization gate has its own tests (sanitization*.test.ts).
describe('serial numbers match case-insensitively (after NFC and trimming), and are stored as given', () => {
  it('when an open unit of the same model has the serial in another case, then 409 unit.duplicate_serial', async () => {
    const t = createTestApp();
    const first = await createUnit(t, { dataBearing: false, serialNumber: 'CT-7731' });
    const before = dump(t.db);
    const dup = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: ' ct-7731 ' }));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'unit.duplicate_serial', existingUnitId: first.id });
    expect(dump(t.db)).toBe(before);
  });

  it('when a serial differs only in the case of a non-ASCII letter, then it is a duplicate too', async () => {
    const t = createTestApp();
    await createUnit(t, { dataBearing: false, serialNumber: 'ÉCHO-1' });
    const dup = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'e\u0301cho-1' }));
    expect(dup.status).toBe(409);
  });

  it('when the earlier unit with the serial is closed, then the serial may be received again, in any case, and is stored as given', async () => {
    const t = createTestApp();
    const first = await createUnit(t, { dataBearing: false, serialNumber: 'MR-1', massKg: 10 });
    await closeUnit(t, first.id, 10);
    const again = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'mr-1', receivedAt: '2024-04-01' }));
    expect(again.status).toBe(201);
    expect(again.body.serialNumber).toBe('mr-1');
  });

  it('when ?serialNumber= is asked in another case or with spaces, then it finds the unit', async () => {
    const t = createTestApp();
    await createUnit(t, { dataBearing: false, serialNumber: 'CT-7731' });
    await createUnit(t, { dataBearing: false, serialNumber: 'CT-77310' });
    expect(serials(await list(t, 'serialNumber=ct-7731'))).toEqual(['CT-7731']);
    expect(serials(await list(t, `serialNumber=${encodeURIComponent(' Ct-7731 ')}`))).toEqual(['CT-7731']);
  });

  it('when q= is asked, then every unit whose serial contains the text comes, in any case; % and _ are plain characters', async () => {
    const t = createTestApp();
    for (const [s, d] of [['CT-7731', '2024-01-01'], ['xct-77-9', '2024-01-02'], ['MR-100', '2024-01-03'], ['A%B_C', '2024-01-04']] as const) {
      await createUnit(t, { dataBearing: false, serialNumber: s, receivedAt: d });
    }
    expect(serials(await list(t, 'q=CT-77'))).toEqual(['xct-77-9', 'CT-7731']);
    expect(serials(await list(t, 'q=%25'))).toEqual(['A%B_C']);
    expect(serials(await list(t, 'q=_'))).toEqual(['A%B_C']);
    expect(serials(await list(t, 'q=zzz'))).toEqual([]);
    expect(serials(await list(t, 'q=77&region=EMEA&state=received'))).toEqual(['xct-77-9', 'CT-7731']);
  });

  it('when a units file repeats a serial in another case for the same model, then the later row is the duplicate', async () => {
    const t = createTestApp();
    const before = dump(t.db);
    const res = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ serialNumber: 'AB-1' }), unitRow({ serialNumber: 'ab-1' })]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'serialNumber', code: 'unit.duplicate_serial' })]);
    expect(dump(t.db)).toBe(before);
  });

  it('when an events file names a unit by its serial in another case, then the event lands on that unit', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { dataBearing: false, serialNumber: 'US-42' });
    const res = await postCsv(t, 'events', eventsCsv(['serialNumber', 'type', 'occurredAt', 'grade', 'route'], [{ serialNumber: 'us-42', type: 'assessed', occurredAt: '2024-03-02', grade: 'B', route: 'recycle' }]));
    expect(res.status).toBe(201);
    expect((await t.as('viewer').get(`/api/v1/units/${u.id}`)).body.state).toBe('assessed');
  });
});

describe('lists are newest first (receivedAt, then id) unless order=asc', () => {
  async function seven(t: TestApp) {
    // Received out of insertion order, two on the same day.
    const days = ['2024-01-05', '2024-01-01', '2024-01-07', '2024-01-03', '2024-01-03', '2024-01-02', '2024-01-06'];
    const made = [];
    for (const [i, d] of days.entries()) made.push(await createUnit(t, { dataBearing: false, serialNumber: `P-${i}`, receivedAt: d }));
    return made.map((u) => ({ id: u.id as string, receivedAt: u.receivedAt as string }));
  }
  const newestFirst = (us: { id: string; receivedAt: string }[]) =>
    [...us].sort((a, b) => (a.receivedAt === b.receivedAt ? (a.id < b.id ? 1 : -1) : a.receivedAt < b.receivedAt ? 1 : -1)).map((u) => u.id);

  it('when listed without order, then newest first; with order=asc, the reverse; pages chain by cursor', async () => {
    const t = createTestApp();
    const made = await seven(t);
    const want = newestFirst(made);
    const ids = async (qs: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await list(t, `${qs}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        out.push(...res.body.items.map((u: { id: string }) => u.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return out;
    };
    expect(await ids('')).toEqual(want);
    expect(await ids('order=asc')).toEqual([...want].reverse());
    expect(await ids('order=desc&region=EMEA')).toEqual(want);
  });

  it('when units arrive while a client pages, then the pages neither repeat nor skip the units they had', async () => {
    const t = createTestApp();
    const made = await seven(t);
    const p1 = await list(t, 'limit=4');
    await createUnit(t, { dataBearing: false, serialNumber: 'NEW-TODAY', receivedAt: '2026-06-15' });
    await createUnit(t, { dataBearing: false, serialNumber: 'NEW-OLD', receivedAt: '2023-12-31' });
    const p2 = await list(t, `limit=10&cursor=${p1.body.nextCursor}`);
    const seen = [...p1.body.items, ...p2.body.items].map((u: { serialNumber: string }) => u.serialNumber);
    expect(seen.filter((s) => s.startsWith('P-'))).toHaveLength(made.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain('NEW-TODAY'); // newer than the first page: a client sees it on its next first page
    expect(seen[seen.length - 1]).toBe('NEW-OLD'); // older than the cursor: it comes in order
  });

  it('when the CSV export is asked, then it follows the same order', async () => {
    const t = createTestApp();
    const made = await seven(t);
    const text = (await list(t, 'format=csv')).text;
    const exportedSerials = text.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    const bySerial = new Map((await list(t, 'limit=500')).body.items.map((u: { id: string; serialNumber: string }) => [u.id, u.serialNumber]));
    expect(exportedSerials).toEqual(newestFirst(made).map((id) => bySerial.get(id)));
  });

  it.each(['order=newest', 'cursor=czoxMjM', 'q=', `q=${'x'.repeat(65)}`])('when the query is %s, then 400', async (qs) => {
    const t = createTestApp();
    const res = await list(t, qs);
    expect(res.status).toBe(400);
  });
});
